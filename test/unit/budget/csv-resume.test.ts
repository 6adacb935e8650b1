import { readBudgetCsv, type BudgetCsvItem } from '../../../functions/src/budget/csv/reader';
import { PAYMENTS_EN, PAYMENTS_ZH, csv, encode, readAll, streamOf, type TestEncoding } from './csv-support';

/**
 * Payments with quoted multi-line payees (CRLF inside) and purposes (LF inside), doubled quotes, a bad
 * row and a blank line. Twenty rows hold every kind of record and every chunk size below twice: the
 * test re-reads the rest of the file after each record, so its cost grows with the square of the rows.
 */
function paymentsText(header: string): string {
  const rows: string[] = [];
  for (let i = 1; i <= 20; i++) {
    const payee = i % 3 === 0 ? `"某某\r\n公司${i}"` : i % 5 === 0 ? `"张""三${i}"` : `某某商贸有限公司${i}`;
    const purpose = i % 4 === 0 ? `"第一行\n第二行\n第三行"` : '办公费支出';
    const amount = i === 17 ? '0.00' : `${i}.${String(i % 100).padStart(2, '0')}`;
    rows.push(`2026,2026${String(i).padStart(8, '0')},2026-03-${String((i % 28) + 1).padStart(2, '0')},141102001,2050203,30201,,${payee},${amount},${purpose}`);
    if (i === 10) rows.push('');
  }
  return csv(header, ...rows);
}

async function resumedItems(bytes: Buffer, first: ReturnType<typeof readBudgetCsv<'PAYMENTS'>>, item: BudgetCsvItem<'PAYMENTS'>, chunkSize: number) {
  const from = first.resumeAfter(item);
  // The checkpoint is plain JSON: it survives being stored on the job.
  const stored = JSON.parse(JSON.stringify(from)) as typeof from;
  const reader = readBudgetCsv(streamOf(bytes.subarray(stored.byteOffset), chunkSize), 'PAYMENTS', { year: 2026, resumeFrom: stored });
  const items: BudgetCsvItem<'PAYMENTS'>[] = [];
  for await (const next of reader) items.push(next);
  return { reader, items };
}

describe('readBudgetCsv: resuming from a checkpoint', () => {
  it.each([
    ['utf-8', PAYMENTS_EN],
    ['utf-8-bom', PAYMENTS_ZH],
    ['gb18030', PAYMENTS_ZH],
    ['gb18030', PAYMENTS_EN],
  ] as const)('%s (%s): resuming after any record yields exactly the rest', async (encoding: TestEncoding, header) => {
    const bytes = encode(paymentsText(header), encoding);
    const whole = await readAll(bytes, 'PAYMENTS', { year: 2026 }, 97);
    expect(whole.items).toHaveLength(20);
    // Row 17 starts on line 32: after the header, 16 rows, 13 extra lines inside quotes and the blank line.
    const column = header === PAYMENTS_ZH ? '支付金额' : 'amount';
    expect(whole.items.filter((i) => i.error).map((i) => i.error)).toEqual([{ line: 32, column, message: 'A payment must be more than zero' }]);
    expect(whole.items.at(-1)?.next.byteOffset).toBe(bytes.length);
    for (const [k, item] of whole.items.entries()) {
      const resumed = await resumedItems(bytes, whole.reader, item, 5 + 7 * (k % 10));
      expect(resumed.items).toEqual(whole.items.slice(k + 1));
      expect(resumed.reader.headerLanguage).toBe(whole.reader.headerLanguage);
      if (resumed.items.length > 0) expect(resumed.reader.encoding).toBe(whole.reader.encoding);
    }
  });

  it('resumes with the encoding still open when only ASCII came before the checkpoint', async () => {
    const ascii = Array.from({ length: 5 }, (_, i) => `2026,A${i},2026-01-02,141102001,2050203,30201,,Company,1.00,office`);
    const chinese = Array.from({ length: 80 }, (_, i) => `2026,C${i},2026-01-02,141102001,2050203,30201,,某某商贸有限公司,1.00,办公费支出`);
    const bytes = encode(csv(PAYMENTS_EN, ...ascii, ...chinese), 'gb18030');
    const first = readBudgetCsv(streamOf(bytes, 64), 'PAYMENTS', { year: 2026 });
    const items: BudgetCsvItem<'PAYMENTS'>[] = [];
    const checkpoints = [];
    for await (const item of first) {
      items.push(item);
      checkpoints.push(first.resumeAfter(item)); // as an importer stores it while reading
    }
    expect(first.encoding).toBe('GB18030');
    expect(checkpoints[2]).toMatchObject({ line: 5, encoding: null });
    expect(checkpoints[50]).toMatchObject({ line: 53, encoding: 'GB18030' });
    for (const k of [2, 4, 50]) {
      const from = checkpoints[k]!;
      const resumed = readBudgetCsv(streamOf(bytes.subarray(from.byteOffset), 7), 'PAYMENTS', { year: 2026, resumeFrom: from });
      const rest: BudgetCsvItem<'PAYMENTS'>[] = [];
      for await (const item of resumed) rest.push(item);
      expect(resumed.encoding).toBe('GB18030');
      expect(rest).toEqual(items.slice(k + 1));
    }
  });

  it('refuses a checkpoint of another kind of file', () => {
    const header = { kind: 'EXECUTION' as const, language: 'EN' as const, columns: {} };
    expect(() => readBudgetCsv(streamOf(Buffer.alloc(1)), 'PAYMENTS', { year: 2026, resumeFrom: { byteOffset: 10, line: 2, header, encoding: 'UTF_8' } })).toThrow(
      'resumeFrom: a EXECUTION header for a PAYMENTS file',
    );
  });
});
