/**
 * readBudgetCsv: a finance bureau's CSV export → typed, validated rows, streamed.
 *
 * Bytes → record boundaries found on the raw bytes (quote-aware; the byte offset and physical line
 * of every record are exact whatever the encoding, because `"`, `,`, CR and LF never occur inside a
 * multi-byte character of UTF-8 or GB18030) → each record decoded (UTF-8 or GB18030, detected) →
 * fields parsed by csv-parse → the header mapped once → each row validated.
 *
 * Memory is bounded by one input chunk plus one record (a record longer than MAX_RECORD_BYTES is
 * reported as an error, not buffered), never by the file.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { columnName, mapHeader, type BudgetFileKind, type ColumnKey, type HeaderLanguage, type HeaderMapping } from './columns';
import { DETECTION_BYTES, decodeText, detectEncoding, startsWithUtf8Bom, type FileEncoding } from './encoding';
import { MAX_RECORD_BYTES, RecordSplitter, type RawRecord } from './records';
import type { BudgetLineKey, BudgetRowOf } from './rows';
import { validateRow } from './validate';

export type { FileEncoding } from './encoding';

/** A problem with one row: its first physical line in the file (header = 1), the column as the header names it, why. */
export interface RowError {
  readonly line: number;
  /** The column's name exactly as the file's header writes it; null when the record as a whole is malformed. */
  readonly column: string | null;
  readonly message: string;
}

/** Where the reader stands just after a record: what a later run resumes from. */
export interface Position {
  /** Offset in the ORIGINAL file's bytes just after the record (its line break included). */
  readonly byteOffset: number;
  /** The physical line the next record starts on. */
  readonly line: number;
}

/** A good row, with the line it starts on. */
export interface RowItem<K extends BudgetFileKind> {
  readonly line: number;
  readonly row: BudgetRowOf[K];
  readonly error?: undefined;
  readonly next: Position;
}

/** A bad row: reported, and the reader goes on. */
export interface ErrorItem {
  readonly line: number;
  readonly row?: undefined;
  readonly error: RowError;
  readonly next: Position;
}

export type BudgetCsvItem<K extends BudgetFileKind> = RowItem<K> | ErrorItem;

/**
 * What a resumed run needs from the first one: the position after the last record it handled and
 * what the first run learned from the file's start. Plain JSON, to keep on the job's checkpoint.
 */
export interface ResumeFrom {
  readonly byteOffset: number;
  readonly line: number;
  readonly header: HeaderMapping;
  /** null while the file had shown only ASCII bytes (the encoding is detected when it first matters). */
  readonly encoding: FileEncoding | null;
}

/**
 * The hook for the one check the file alone cannot make: whether an execution or payment row's
 * budget line exists. The importer knows the lines (in the database, or in the lines file just
 * read); it answers with the column of the first part of the key that matches no line (the unit
 * is unknown → unit_code; the unit has no line with this function code → function_code; …),
 * or null when the line exists. Without the hook the reader does not check.
 */
export interface BudgetLineLookup {
  missingPart(key: BudgetLineKey): 'unit_code' | 'function_code' | 'economic_code' | 'project_code' | null;
}

export interface ReadBudgetCsvOptions {
  /** The import's year: a row of another year is an error. */
  readonly year: number;
  /** Resume after an interrupted run; `source` must then start at `resumeFrom.byteOffset` (e.g. an S3 Range GET). */
  readonly resumeFrom?: ResumeFrom;
  /** Execution and payment rows are checked against it when given. */
  readonly lines?: BudgetLineLookup;
}

/** The streaming reader: iterate it once; its properties fill in as it reads. */
export interface BudgetCsvReader<K extends BudgetFileKind> extends AsyncIterable<BudgetCsvItem<K>> {
  /** The detected encoding ('UTF_8' also for a file of ASCII only); null before the first item. */
  readonly encoding: FileEncoding | null;
  readonly headerLanguage: HeaderLanguage | null;
  /** The header mapping; null before the first item. */
  readonly header: HeaderMapping | null;
  /** The checkpoint to store after handling `item`, to resume just after it. */
  resumeAfter(item: BudgetCsvItem<K>): ResumeFrom;
}

/** A file with no header row at all. */
export class EmptyFileError extends Error {
  constructor() {
    super('The file is empty: it has no header row');
    this.name = 'EmptyFileError';
  }
}

/**
 * Reads one file of `kind`. The header row is read (or taken from `resumeFrom`) before the first
 * item: a missing required column rejects the iteration with a MissingColumnError (an empty file
 * with an EmptyFileError) before any row. A malformed row yields an ErrorItem and reading goes on;
 * rows whose every field is empty (Excel writes ",,,,") are skipped like empty lines.
 */
export function readBudgetCsv<K extends BudgetFileKind>(
  source: Readable | AsyncIterable<Uint8Array>,
  kind: K,
  options: ReadBudgetCsvOptions,
): BudgetCsvReader<K> {
  const state = new ReaderState<K>(kind, options);
  return {
    get encoding() {
      return state.encoding ?? (state.header ? 'UTF_8' : null);
    },
    get headerLanguage() {
      return state.header?.language ?? null;
    },
    get header() {
      return state.header;
    },
    resumeAfter(item) {
      if (!state.header) throw new Error('resumeAfter: no item has been read');
      return { byteOffset: item.next.byteOffset, line: item.next.line, header: state.header, encoding: state.encoding };
    },
    [Symbol.asyncIterator]: () => state.read(source)[Symbol.asyncIterator](),
  };
}

/** csv-parse on records already split: one record per input line, quotes strictly as RFC 4180, short rows allowed. */
const PARSE_OPTIONS = { record_delimiter: '\n', relax_column_count: true } as const;

class ReaderState<K extends BudgetFileKind> {
  header: HeaderMapping | null;
  encoding: FileEncoding | null;
  /** Records held back while the encoding is undecided, and how many bytes they hold. */
  private held: RawRecord[] = [];
  private heldBytes = 0;

  constructor(
    private readonly kind: K,
    private readonly options: ReadBudgetCsvOptions,
  ) {
    this.header = options.resumeFrom?.header ?? null;
    this.encoding = options.resumeFrom?.encoding ?? null;
    if (this.header && this.header.kind !== kind) throw new Error(`resumeFrom: a ${this.header.kind} header for a ${kind} file`);
  }

  async *read(source: Readable | AsyncIterable<Uint8Array>): AsyncGenerator<BudgetCsvItem<K>> {
    let splitter: RecordSplitter | null = null;
    let start = Buffer.alloc(0); // the first bytes of a whole file, until the BOM question is settled
    for await (const chunk of source as AsyncIterable<Uint8Array>) {
      let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      if (!splitter) {
        const resume = this.options.resumeFrom;
        if (resume) splitter = new RecordSplitter(resume.byteOffset, resume.line);
        else {
          start = Buffer.concat([start, bytes]);
          if (start.length < 3) continue;
          bytes = start;
          splitter = this.startWholeFile(bytes);
          if (this.encoding === 'UTF_8') bytes = bytes.subarray(3);
        }
      }
      yield* this.take(splitter.push(bytes), false);
    }
    if (!splitter) {
      // A whole file of fewer than three bytes (so no BOM), or nothing left after a checkpoint.
      const resume = this.options.resumeFrom;
      splitter = resume ? new RecordSplitter(resume.byteOffset, resume.line) : new RecordSplitter(0, 1);
      yield* this.take(splitter.push(start), false);
    }
    yield* this.take(splitter.end(), true);
    if (!this.header) throw new EmptyFileError();
  }

  /** A BOM settles the encoding at once (and its three bytes count for the offsets). */
  private startWholeFile(first: Buffer): RecordSplitter {
    if (startsWithUtf8Bom(first)) {
      this.encoding = 'UTF_8';
      return new RecordSplitter(3, 1);
    }
    return new RecordSplitter(0, 1);
  }

  /**
   * Records in file order → items. Until the encoding is known, records of ASCII only go straight
   * through (they read the same in both encodings); from the first one with other bytes, records
   * are held until DETECTION_BYTES of them (or the end of the file) decide.
   */
  private take(records: RawRecord[], atEnd: boolean): BudgetCsvItem<K>[] {
    const ready: RawRecord[] = [];
    for (const record of records) {
      if (this.encoding !== null || (this.held.length === 0 && !record.nonAscii)) {
        ready.push(record);
        continue;
      }
      this.held.push(record);
      this.heldBytes += record.bytes.length;
      if (this.heldBytes >= DETECTION_BYTES) this.decideEncoding(ready);
    }
    if (atEnd && this.encoding === null && this.held.length > 0) this.decideEncoding(ready);
    return this.items(ready);
  }

  /** Detects the encoding from the records held and releases them. */
  private decideEncoding(ready: RawRecord[]): void {
    this.encoding = detectEncoding(Buffer.concat(this.held.map((r) => r.bytes)));
    ready.push(...this.held);
    this.held = [];
    this.heldBytes = 0;
  }

  private items(records: RawRecord[]): BudgetCsvItem<K>[] {
    const items: BudgetCsvItem<K>[] = [];
    let rest = records;
    if (!this.header && rest.length > 0) {
      const [first, ...others] = rest as [RawRecord, ...RawRecord[]];
      const cells = this.fieldsOf([first])[0];
      // A header that is not even valid CSV has none of the columns.
      this.header = mapHeader(this.kind, Array.isArray(cells) ? cells : []);
      rest = others;
    }
    const parsed = this.fieldsOf(rest);
    rest.forEach((record, i) => {
      const next = { byteOffset: record.nextByteOffset, line: record.nextLine };
      const fields = parsed[i] as string[] | { message: string };
      if ('message' in fields) {
        items.push({ line: record.line, error: { line: record.line, column: null, message: fields.message }, next });
        return;
      }
      if (fields.every((value) => value.trim() === '')) return;
      const result = validateRow(this.kind, this.header as HeaderMapping, fields, this.options.year, this.options.lines?.missingPart.bind(this.options.lines));
      if ('row' in result) items.push({ line: record.line, row: result.row, next });
      else {
        const column = result.problem.column === null ? null : this.columnInFile(result.problem.column);
        items.push({ line: record.line, error: { line: record.line, column, message: result.problem.message }, next });
      }
    });
    return items;
  }

  /** The column's name as the file's header writes it (or, for an absent optional column, in the header's language). */
  private columnInFile(key: ColumnKey): string {
    const header = this.header as HeaderMapping;
    return header.columns[key]?.name ?? columnName(this.kind, key, header.language);
  }

  /**
   * Decodes and parses records: all at once when they are well-formed (one csv-parse call for a
   * chunk's worth), one by one when not, so a bad record cannot spoil its neighbours.
   */
  private fieldsOf(records: RawRecord[]): (string[] | { message: string })[] {
    if (records.length === 0) return [];
    const encoding = this.encoding ?? 'UTF_8';
    if (records.every((r) => !r.tooLong)) {
      const parts: Buffer[] = [];
      for (const record of records) parts.push(record.bytes, LF);
      const text = decodeText(Buffer.concat(parts), encoding);
      // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: undecodable bytes fail csv-parse too, and the record-by-record path below gives the same fields
      if (text !== null) {
        try {
          const rows = parse(text, PARSE_OPTIONS) as string[][];
          // Stryker disable next-line ConditionalExpression,EqualityOperator: records hold no line break outside quotes, so a parse that succeeds gives one row each
          if (rows.length === records.length) return rows;
        } catch {
          // fall through to one record at a time
        }
      }
    }
    return records.map((record) => this.fieldsOfOne(record, encoding));
  }

  private fieldsOfOne(record: RawRecord, encoding: FileEncoding): string[] | { message: string } {
    if (record.tooLong) return { message: `The line is longer than ${MAX_RECORD_BYTES} bytes (is a quote left open?)` };
    const text = decodeText(record.bytes, encoding);
    if (text === null) return { message: `The line is not valid ${encoding === 'UTF_8' ? 'UTF-8' : 'GB18030'} text` };
    try {
      const rows = parse(text, PARSE_OPTIONS) as string[][];
      if (rows.length === 1) return rows[0] as string[];
    } catch (error) {
      return { message: csvProblem(error) };
    }
    return { message: 'The line is not valid CSV' };
  }
}

const LF = Buffer.from('\n');

/** csv-parse's error codes (as csv-parse 7 names them), told in the words of someone fixing the file in Excel. */
function csvProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'CSV_INVALID_CLOSING_QUOTE') return 'A quote inside a quoted field must be doubled ("")';
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'A quoted field is not closed';
  if (code === 'INVALID_OPENING_QUOTE') return 'A quote may only start a field (quote the whole value and double the quote: "某""某")';
  return 'The line is not valid CSV';
}
