import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { SNIFF_BYTES } from '../../../functions/src/files/inspect/file-types';
import { sha256AndHead } from '../../../functions/src/files/inspect/sha256';

const FIXTURES = path.resolve(__dirname, '../../fixtures/files');

const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Deterministic pseudo-random bytes (xorshift32). */
function bytesOf(length: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Yield `data` in chunks whose sizes cycle through `sizes` (a 0 yields an empty chunk). */
async function* chunked(data: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    yield data.subarray(at, at + size);
    at += size;
  }
}

describe('sha256AndHead', () => {
  const data = bytesOf(200_003);

  test.each([
    ['1-byte chunks', [1]],
    ['odd sizes with empty chunks', [7, 0, 4093, 1, 65_535, 3]],
    ['one chunk crossing the head boundary', [SNIFF_BYTES + 17]],
    ['chunks ending exactly on the head boundary', [SNIFF_BYTES / 4]],
    ['one chunk for everything', [10_000_000]],
  ])('%s: digest, size and head match the whole buffer', async (_label, sizes) => {
    const result = await sha256AndHead(chunked(data, sizes));
    expect(result.sha256).toBe(digest(data));
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.size).toBe(data.length);
    expect(result.head.length).toBe(SNIFF_BYTES);
    expect(Buffer.from(result.head).equals(data.subarray(0, SNIFF_BYTES))).toBe(true);
  });

  test('a custom head length, shorter and longer than the stream', async () => {
    const short = await sha256AndHead(chunked(data, [1000]), 10);
    expect(Buffer.from(short.head).equals(data.subarray(0, 10))).toBe(true);
    expect(short.size).toBe(data.length);

    const small = data.subarray(0, 5000);
    const long = await sha256AndHead(chunked(small, [333]), SNIFF_BYTES);
    expect(long.head.length).toBe(5000);
    expect(Buffer.from(long.head).equals(small)).toBe(true);
    expect(long.sha256).toBe(digest(small));

    const none = await sha256AndHead(chunked(data, [4096]), 0);
    expect(none.head.length).toBe(0);
    expect(none.sha256).toBe(digest(data));
  });

  test('an empty stream', async () => {
    const result = await sha256AndHead(chunked(new Uint8Array(0), [1]));
    expect(result).toEqual({
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      size: 0,
      head: new Uint8Array(0),
    });
  });

  test('the head is a copy, safe from streams that reuse their buffer', async () => {
    async function* reusing(): AsyncGenerator<Uint8Array> {
      const buffer = new Uint8Array(1000);
      for (let i = 0; i < 100; i++) {
        buffer.set(data.subarray(i * 1000, (i + 1) * 1000));
        yield buffer;
      }
    }
    const result = await sha256AndHead(reusing(), 2500);
    expect(Buffer.from(result.head).equals(data.subarray(0, 2500))).toBe(true);
    expect(result.sha256).toBe(digest(data.subarray(0, 100_000)));
    expect(result.size).toBe(100_000);
  });

  // The ingest then sniffs the head (test/integration/feedback/attachments.test.ts); this file does
  // not import sniff.ts, so a mutation run of sniff.ts does not load it.
  test('a Node Readable of a fixture, as an S3 GetObject body would be', async () => {
    const pdf = readFileSync(path.join(FIXTURES, 'minutes.pdf'));
    const result = await sha256AndHead(Readable.from([pdf.subarray(0, 100), pdf.subarray(100)]));
    expect(result.sha256).toBe(digest(pdf));
    expect(result.size).toBe(pdf.length);
    expect(Buffer.from(result.head).equals(pdf.subarray(0, SNIFF_BYTES))).toBe(true);
  });

  test('rejects a bad head length and non-byte chunks', async () => {
    await expect(sha256AndHead(chunked(data, [10]), -1)).rejects.toThrow(new RangeError('headBytes must be a non-negative integer, got -1'));
    await expect(sha256AndHead(chunked(data, [10]), 1.5)).rejects.toThrow(new RangeError('headBytes must be a non-negative integer, got 1.5'));
    const text = Readable.from(['not', 'bytes'], { objectMode: true }) as unknown as AsyncIterable<Uint8Array>;
    await expect(sha256AndHead(text)).rejects.toThrow(new TypeError('sha256AndHead expects a stream of bytes (Uint8Array or Buffer chunks)'));
  });

  test('errors from the stream propagate', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1, 2, 3]);
      throw new Error('socket hang up');
    }
    await expect(sha256AndHead(failing())).rejects.toThrow('socket hang up');
  });
});
