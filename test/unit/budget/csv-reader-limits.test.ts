/**
 * readBudgetCsv at the edges of its input: files of a byte or two, a checkpoint at the very end,
 * a reader asked for a checkpoint too early, the encoding decided on exactly DETECTION_BYTES of
 * non-ASCII records, and the problems a bad record is reported with in each encoding.
 */
import { MissingColumnError } from '../../../functions/src/budget/csv/columns';
import { DETECTION_BYTES } from '../../../functions/src/budget/csv/encoding';
import { readBudgetCsv, type BudgetCsvItem } from '../../../functions/src/budget/csv/reader';
import { EXECUTION_EN, PAYMENTS_EN, csv, encode, readAll, streamOf } from './csv-support';

const EXECUTION_ROW = '2026,2026-01,141102001,2050203,30201,,5.00';

describe('readBudgetCsv: tiny files and the ends of files', () => {
  it('a file of one or two bytes is a header without the columns, or no header at all', async () => {
    await expect(readAll(Buffer.from('a'), 'EXECUTION')).rejects.toThrow(MissingColumnError);
    await expect(readAll(Buffer.from('a\n'), 'EXECUTION')).rejects.toThrow('The file has no column 年度 (year)');
    await expect(readAll(Buffer.from('\n'), 'EXECUTION')).rejects.toMatchObject({ name: 'EmptyFileError', message: 'The file is empty: it has no header row' });
  });

  it('a row of nothing but spaces is skipped like an empty line', async () => {
    const { items } = await readAll(encode(csv(EXECUTION_EN, ' , ,\t, , , , ', EXECUTION_ROW), 'utf-8'), 'EXECUTION');
    expect(items.map((i) => [i.line, i.error])).toEqual([[3, undefined]]);
  });

  it('a header that is not even valid CSV has none of the columns', async () => {
    await expect(readAll(encode(csv('year,"period', EXECUTION_ROW), 'utf-8'), 'EXECUTION')).rejects.toThrow('The file has no column 年度 (year)');
  });

  it('a checkpoint is refused before the first item, and resuming at the very end yields nothing', async () => {
    const bytes = encode(csv(EXECUTION_EN, EXECUTION_ROW), 'utf-8');
    const first = readBudgetCsv(streamOf(bytes), 'EXECUTION', { year: 2026 });
    const early = { line: 1, next: { byteOffset: 0, line: 1 }, error: { line: 1, column: null, message: '' } } as BudgetCsvItem<'EXECUTION'>;
    expect(() => first.resumeAfter(early)).toThrow('resumeAfter: no item has been read');
    expect(first.encoding).toBeNull();
    expect(first.header).toBeNull();
    expect(first.headerLanguage).toBeNull();
    const items: BudgetCsvItem<'EXECUTION'>[] = [];
    for await (const item of first) items.push(item);
    const atEnd = first.resumeAfter(items[0]!);
    expect(atEnd.byteOffset).toBe(bytes.length);
    const resumed = readBudgetCsv(streamOf(Buffer.alloc(0)), 'EXECUTION', { year: 2026, resumeFrom: atEnd });
    const rest: BudgetCsvItem<'EXECUTION'>[] = [];
    for await (const item of resumed) rest.push(item);
    expect(rest).toEqual([]);
    expect(resumed.header).toEqual(first.header);
  });
});

describe('readBudgetCsv: the encoding is decided on the first non-ASCII records', () => {
  /** A payment row whose payee is `payee`, padded with ASCII in its purpose to exactly `size` bytes (its CRLF excluded). */
  function rowOf(size: number, payee: Buffer, id: string): Buffer {
    const before = Buffer.from(`2026,${id},2026-03-14,141102001,2050203,30201,,`);
    const after = Buffer.from(',1.00,');
    const purpose = Buffer.from('x'.repeat(size - before.length - payee.length - after.length));
    return Buffer.concat([before, payee, after, purpose, Buffer.from('\r\n')]);
  }
  // 张三 in UTF-8, and 张三 in GB18030 (D5 C5 C8 FD: not UTF-8).
  const UTF8 = Buffer.from('张三', 'utf8');
  const GB = encode('张三', 'gb18030');

  it(`decides on exactly ${DETECTION_BYTES} bytes of them: what follows cannot change it`, async () => {
    // Sixteen records of 256 bytes each (line breaks are not counted).
    const decided = Array.from({ length: 16 }, (_, i) => rowOf(DETECTION_BYTES / 16, UTF8, `A${i}`));
    const bytes = Buffer.concat([Buffer.from(`${PAYMENTS_EN}\r\n`), ...decided, rowOf(100, GB, 'B1')]);
    const { reader, items } = await readAll(bytes, 'PAYMENTS');
    expect(reader.encoding).toBe('UTF_8');
    expect(items.map((i) => (i.error ? i.error.message : i.row.payee))).toEqual([...Array<string>(16).fill('张三'), 'The line is not valid UTF-8 text']);
  });

  it('one byte short of it, the next record still counts', async () => {
    const undecided = Array.from({ length: 16 }, (_, i) => rowOf(DETECTION_BYTES / 16 - (i === 15 ? 1 : 0), UTF8, `A${i}`));
    const bytes = Buffer.concat([Buffer.from(`${PAYMENTS_EN}\r\n`), ...undecided, rowOf(100, GB, 'B1')]);
    // In chunks smaller than a record: the end of a chunk is not the end of the file.
    const { reader, items } = await readAll(bytes, 'PAYMENTS', { year: 2026 }, 64);
    expect(reader.encoding).toBe('GB18030');
    expect(items.every((i) => i.error === undefined)).toBe(true);
    // The UTF-8 records read as GB18030 now: 张三 in UTF-8 is 寮犱笁 there.
    expect(items.map((i) => i.row!.payee)).toEqual([...Array<string>(16).fill('寮犱笁'), '张三']);
  });

  it('a record that is not GB18030 text is reported in those words', async () => {
    const bytes = Buffer.concat([Buffer.from(`${PAYMENTS_EN}\r\n`), rowOf(200, GB, 'B1'), rowOf(200, Buffer.from([0x81, 0x20]), 'B2')]);
    const { reader, items } = await readAll(bytes, 'PAYMENTS');
    expect(reader.encoding).toBe('GB18030');
    expect(items.map((i) => (i.error ? i.error.message : i.row.payee))).toEqual(['张三', 'The line is not valid GB18030 text']);
  });
});
