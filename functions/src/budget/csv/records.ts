/**
 * Splits raw CSV bytes into records without decoding them, so that every record's byte offset in
 * the original file and its physical line are exact. This works for UTF-8 and GB18030 alike: the
 * bytes that structure a CSV (`"` 0x22, `,` 0x2C, CR 0x0D, LF 0x0A) never occur inside one of their
 * multi-byte characters (UTF-8 continuation bytes are ≥ 0x80; GB18030 trail bytes are ≥ 0x30 and
 * never 0x22/0x2C). The fields themselves are parsed later by csv-parse, record by record.
 *
 * Quotes open a quoted field only at the start of a field (RFC 4180), so a stray quote inside an
 * unquoted value cannot swallow the lines after it. A record ends at LF outside quotes; a CR
 * before it is dropped. Empty lines are skipped (and counted).
 */

/**
 * A record longer than this (in bytes, its ending LF not counted) is reported as an error and its
 * bytes are not kept.
 */
export const MAX_RECORD_BYTES = 64 * 1024;

export interface RawRecord {
  /** The record's bytes without its line break; empty when `tooLong`. */
  readonly bytes: Buffer;
  /** Byte offset of its first byte in the original file. */
  readonly byteOffset: number;
  /** Physical line (1-based) it starts on. */
  readonly line: number;
  /** Offset just after its line break (or the end of the file). */
  readonly nextByteOffset: number;
  /** The line the next record starts on. */
  readonly nextLine: number;
  /** Whether any byte is outside ASCII (so its decoding depends on the encoding). */
  readonly nonAscii: boolean;
  /** Longer than MAX_RECORD_BYTES: dropped up to the next line break outside quotes. */
  readonly tooLong: boolean;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: the closing one, or the first of a doubled "". */
  QuotedQuote,
  /** After a record grew too long: everything up to the next line break is dropped. */
  Skipping,
}

export class RecordSplitter {
  private state = State.FieldStart;
  private parts: Buffer[] = [];
  private length = 0;
  private nonAscii = false;
  private tooLong = false;
  private startOffset: number;
  private startLine: number;
  private offset: number;
  private line: number;

  /** Starts at `byteOffset` on `line` (0 and 1 for a whole file; a checkpoint's position when resuming). */
  constructor(byteOffset = 0, line = 1) {
    this.offset = this.startOffset = byteOffset;
    this.line = this.startLine = line;
  }

  /** Feeds the next chunk; returns the records it completed. */
  push(chunk: Uint8Array): RawRecord[] {
    const records: RawRecord[] = [];
    let from = 0; // start of the part of `chunk` that belongs to the current record
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      // The record's size with this byte, unless the byte is the LF that ends it (a CR before it counts).
      const size = this.length + (i - from) + (byte === LF && this.state !== State.Quoted ? 0 : 1);
      if (!this.tooLong && size > MAX_RECORD_BYTES) {
        // Drop what we have and skip to the next line break, ignoring quotes: an unclosed quote
        // must not swallow the rest of the file.
        this.tooLong = true;
        // Stryker disable next-line ArrayDeclaration: a too-long record's parts are never read (its bytes are empty)
        this.parts = [];
        this.state = State.Skipping;
      }
      if (byte >= 0x80) this.nonAscii = true;
      if (byte === LF) {
        this.line++;
        if (this.state === State.Quoted) continue;
        this.keep(chunk, from, i);
        records.push(...this.finish(this.offset + i + 1));
        from = i + 1;
        continue;
      }
      switch (this.state) {
        case State.FieldStart:
          this.state = byte === QUOTE ? State.Quoted : byte === COMMA ? State.FieldStart : State.Unquoted;
          break;
        case State.Unquoted:
          if (byte === COMMA) this.state = State.FieldStart;
          break;
        case State.Quoted:
          if (byte === QUOTE) this.state = State.QuotedQuote;
          break;
        case State.QuotedQuote:
          // "" is an escaped quote; a comma ends the field; CR waits for LF; anything else is
          // malformed (`"a"b`): left to csv-parse to report, read on as unquoted.
          if (byte === QUOTE) this.state = State.Quoted;
          else if (byte === COMMA) this.state = State.FieldStart;
          else if (byte !== CR) this.state = State.Unquoted;
          break;
        // Stryker disable next-line ConditionalExpression: Skipping does nothing, so no case and an empty one are the same
        case State.Skipping:
          break;
      }
    }
    this.keep(chunk, from, chunk.length);
    this.offset += chunk.length;
    return records;
  }

  /** Ends the input: the last record, if the file does not end with a line break. */
  end(): RawRecord[] {
    return this.length > 0 || this.tooLong ? this.finish(this.offset, true) : [];
  }

  private keep(chunk: Uint8Array, from: number, to: number): void {
    if (to <= from || this.tooLong) return;
    this.length += to - from;
    // Copy: the caller may reuse its chunk buffer.
    this.parts.push(Buffer.from(chunk.subarray(from, to)));
  }

  private finish(nextByteOffset: number, atEnd = false): RawRecord[] {
    let bytes = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    const record: RawRecord = {
      bytes: this.tooLong ? Buffer.alloc(0) : bytes,
      byteOffset: this.startOffset,
      line: this.startLine,
      nextByteOffset,
      nextLine: atEnd ? this.line + 1 : this.line,
      nonAscii: this.nonAscii,
      tooLong: this.tooLong,
    };
    this.parts = [];
    this.length = 0;
    this.nonAscii = false;
    this.tooLong = false;
    this.state = State.FieldStart;
    this.startOffset = nextByteOffset;
    this.startLine = this.line;
    return record.tooLong || bytes.length > 0 ? [record] : [];
  }
}
