/** Reads a generated export (three files) with the budget CSV reader, the lines file first as the lookup for the others. */
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import type { BudgetFileKind, ColumnKey } from '../../../functions/src/budget/csv/columns';
import { BudgetLineIndex } from '../../../functions/src/budget/csv/line-index';
import { readBudgetCsv, type FileEncoding } from '../../../functions/src/budget/csv/reader';
import type { BudgetLineRow, ExecutionRow, PaymentRow } from '../../../functions/src/budget/csv/rows';

export const FILES: readonly (readonly [string, BudgetFileKind])[] = [
  ['budget-lines.csv', 'BUDGET_LINES'],
  ['execution.csv', 'EXECUTION'],
  ['payments.csv', 'PAYMENTS'],
];

export interface ReadExport {
  lines: BudgetLineRow[];
  execution: ExecutionRow[];
  payments: PaymentRow[];
  /** Every error, with the column as its English key (whatever the header language). */
  errors: { file: string; line: number; column: ColumnKey | null; message: string }[];
  encodings: (FileEncoding | null)[];
  languages: (string | null)[];
}

export async function readExport(dir: string, year = 2026): Promise<ReadExport> {
  const out: ReadExport = { lines: [], execution: [], payments: [], errors: [], encodings: [], languages: [] };
  const index = new BudgetLineIndex();
  for (const [file, kind] of FILES) {
    const reader = readBudgetCsv(createReadStream(path.join(dir, file), { highWaterMark: 16 * 1024 }), kind, { year, lines: index });
    for await (const item of reader) {
      if (item.error) {
        const columns = Object.entries(reader.header!.columns) as [ColumnKey, { name: string }][];
        const key = columns.find(([, at]) => at.name === item.error.column)?.[0] ?? null;
        out.errors.push({ file, line: item.error.line, column: key, message: item.error.message });
      } else if (kind === 'BUDGET_LINES') {
        out.lines.push(item.row as BudgetLineRow);
        index.add(item.row as BudgetLineRow);
      } else if (kind === 'EXECUTION') out.execution.push(item.row as ExecutionRow);
      else out.payments.push(item.row as PaymentRow);
    }
    out.encodings.push(reader.encoding);
    out.languages.push(reader.headerLanguage);
  }
  return out;
}

/** The bad rows anomalies.json lists, as (file, line, column), sorted. */
export const plantedBadRows = (anomalies: { bad_rows: readonly { file: string; line: number; column: string }[] }) =>
  anomalies.bad_rows.map((b) => ({ file: b.file, line: b.line, column: b.column })).sort(byFileAndLine);

export const foundBadRows = (read: ReadExport) => read.errors.map((e) => ({ file: e.file, line: e.line, column: e.column })).sort(byFileAndLine);

function byFileAndLine(a: { file: string; line: number }, b: { file: string; line: number }): number {
  return a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;
}
