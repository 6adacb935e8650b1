/**
 * RecordSplitter: record boundaries found on the raw bytes. Each record's bytes, byte offset and
 * physical line, where quotes open and close, the length limit exactly at its bound, and the same
 * records whatever the chunks the bytes arrive in.
 */
import { MAX_RECORD_BYTES, RecordSplitter, type RawRecord } from '../../../functions/src/budget/csv/records';

/** Splits `input` fed in chunks of `size` bytes (all at once by default) and ends it. */
function split(input: string | Buffer, size?: number, splitter = new RecordSplitter()): RawRecord[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const step = size ?? Math.max(bytes.length, 1);
  const records: RawRecord[] = [];
  for (let at = 0; at < bytes.length; at += step) records.push(...splitter.push(bytes.subarray(at, at + step)));
  return [...records, ...splitter.end()];
}
const texts = (records: RawRecord[]) => records.map((r) => (r.tooLong ? '<too long>' : r.bytes.toString('utf8')));
const positions = (records: RawRecord[]) => records.map((r) => [r.byteOffset, r.line, r.nextByteOffset, r.nextLine]);

describe('RecordSplitter', () => {
  it('ends a record at LF, drops the CR before it, and skips empty lines while counting them', () => {
    const records = split('a,b\r\n\r\n\nc,d\ne\r\n');
    expect(texts(records)).toEqual(['a,b', 'c,d', 'e']);
    // a,b\r\n = bytes 0–4 on line 1; two empty lines (5–6, 7); c,d\n = 8–11 on line 4; e\r\n = 12–14 on line 5.
    expect(positions(records)).toEqual([
      [0, 1, 5, 2],
      [8, 4, 12, 5],
      [12, 5, 15, 6],
    ]);
  });

  it('keeps line breaks inside quotes, and counts the lines they make', () => {
    const records = split('"a\r\nb","c\nd"\n"e""\nf"\n');
    expect(texts(records)).toEqual(['"a\r\nb","c\nd"', '"e""\nf"']);
    expect(records.map((r) => [r.line, r.nextLine])).toEqual([
      [1, 4],
      [4, 6],
    ]);
  });

  it('a quote opens a quoted field only at the start of a field', () => {
    expect(texts(split('a"b\nc\n'))).toEqual(['a"b', 'c']);
    expect(texts(split('x,a"b\nc\n'))).toEqual(['x,a"b', 'c']);
    expect(texts(split(',"a\nb"\n'))).toEqual([',"a\nb"']);
    expect(texts(split('"a","b\nc"\n'))).toEqual(['"a","b\nc"']);
  });

  it('after a closing quote a stray character ends the quoting (a later quote opens nothing); a doubled quote keeps it', () => {
    expect(texts(split('"a"b"\nc\n'))).toEqual(['"a"b"', 'c']);
    expect(texts(split('"a"\r\nc\n'))).toEqual(['"a"', 'c']);
    expect(texts(split('"a"",b\nc"\n'))).toEqual(['"a"",b\nc"']);
  });

  it('gives the same records whatever the chunks, and copies the bytes it keeps', () => {
    const input = Buffer.from('年度,"收款\r\n人",金额\r\n\n2026,"某""某",1.00\n末行', 'utf8');
    const whole = split(input);
    for (const size of [1, 2, 3, 5, 8]) {
      const chunked = split(input, size);
      expect(texts(chunked)).toEqual(texts(whole));
      expect(positions(chunked)).toEqual(positions(whole));
    }
    const chunk = Buffer.from('abc\ndef');
    const splitter = new RecordSplitter();
    const [first] = splitter.push(chunk);
    chunk.fill(0x7a);
    expect([first!.bytes.toString(), ...texts(splitter.end())]).toEqual(['abc', 'def']);
  });

  it('marks records with bytes outside ASCII, one record at a time', () => {
    expect(split('ab\n某\ncd\n').map((r) => r.nonAscii)).toEqual([false, true, false]);
    // 0x7F is the last ASCII byte; 0x80 alone is GB18030's euro sign.
    expect(split(Buffer.from([0x61, 0x7f, 0x0a, 0x61, 0x80, 0x0a])).map((r) => r.nonAscii)).toEqual([false, true]);
  });

  it('reads a last record without a line break, and nothing more after a final one', () => {
    const records = split('a\nbc');
    expect(texts(records)).toEqual(['a', 'bc']);
    expect(positions(records)[1]).toEqual([2, 2, 4, 3]);
    expect(new RecordSplitter().end()).toEqual([]);
    const splitter = new RecordSplitter();
    splitter.push(Buffer.from('a\n'));
    expect(splitter.end()).toEqual([]);
  });

  it('resumes at a checkpoint\'s offset and line', () => {
    expect(positions(split('a\n\nb\n', undefined, new RecordSplitter(100, 7)))).toEqual([
      [100, 7, 102, 8],
      [103, 9, 105, 10],
    ]);
  });

  describe(`records of at most ${MAX_RECORD_BYTES} bytes`, () => {
    const x = (n: number) => 'x'.repeat(n);

    it('keeps a record of exactly the limit, with or without a line break after it', () => {
      expect(split(`${x(MAX_RECORD_BYTES)}\nb\n`, 4096).map((r) => [r.tooLong, r.bytes.length])).toEqual([
        [false, MAX_RECORD_BYTES],
        [false, 1],
      ]);
      expect(split(`a\n${x(MAX_RECORD_BYTES)}`, 4096).map((r) => [r.tooLong, r.bytes.length])).toEqual([
        [false, 1],
        [false, MAX_RECORD_BYTES],
      ]);
    });

    it('drops a record one byte longer, up to its line break, and reads on', () => {
      const records = split(`a\n${x(MAX_RECORD_BYTES + 1)}\nb\n`, 4096);
      expect(texts(records)).toEqual(['a', '<too long>', 'b']);
      expect(positions(records)[1]).toEqual([2, 2, MAX_RECORD_BYTES + 4, 3]);
      expect(records[1]!.bytes).toHaveLength(0);
      const atEnd = split(`a\n${x(MAX_RECORD_BYTES + 1)}`, 4096);
      expect(texts(atEnd)).toEqual(['a', '<too long>']);
      expect(positions(atEnd)[1]).toEqual([2, 2, MAX_RECORD_BYTES + 3, 3]);
    });

    it('an open quote cannot hold a too-long record together: its next line break ends it', () => {
      const records = split(`"${x(MAX_RECORD_BYTES)}\n"b\nc\n`, 4096);
      expect(texts(records)).toEqual(['<too long>', '"b\nc\n']);
      expect(records[0]!.line).toBe(1);
      expect(records[1]!.line).toBe(2);
    });
  });
});
