import { createHash } from 'node:crypto';
import { SNIFF_BYTES } from './file-types';

export interface HashedStream {
  /** Lower-case hex SHA-256 of every byte of the stream. */
  readonly sha256: string;
  /** Total number of bytes read. */
  readonly size: number;
  /** A copy of the first `headBytes` bytes (fewer when the stream is shorter). */
  readonly head: Uint8Array;
}

/**
 * Read a byte stream once (for example the Body of an S3 GetObject, which is async-iterable in
 * Node), hashing every chunk, counting bytes and keeping a copy of the first `headBytes` bytes for
 * sniffing. Chunks are copied into the head, so a stream that reuses its buffers is safe.
 */
export async function sha256AndHead(
  stream: AsyncIterable<Uint8Array>,
  headBytes = SNIFF_BYTES,
): Promise<HashedStream> {
  if (!Number.isSafeInteger(headBytes) || headBytes < 0) {
    throw new RangeError(`headBytes must be a non-negative integer, got ${headBytes}`);
  }
  const hash = createHash('sha256');
  const parts: Uint8Array[] = [];
  let kept = 0;
  let size = 0;
  for await (const chunk of stream) {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError('sha256AndHead expects a stream of bytes (Uint8Array or Buffer chunks)');
    }
    hash.update(chunk);
    size += chunk.byteLength;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: only skips copies of 0 bytes (take would be 0); the head is the same
    if (kept < headBytes && chunk.byteLength > 0) {
      const take = Math.min(headBytes - kept, chunk.byteLength);
      const copy = new Uint8Array(take);
      copy.set(chunk.subarray(0, take));
      parts.push(copy);
      kept += take;
    }
  }
  const head = parts.length === 1 && parts[0] ? parts[0] : new Uint8Array(kept);
  // Stryker disable next-line ConditionalExpression: copying a single part onto itself changes nothing
  if (parts.length !== 1) {
    let at = 0;
    for (const part of parts) {
      head.set(part, at);
      at += part.byteLength;
    }
  }
  return { sha256: hash.digest('hex'), size, head };
}
