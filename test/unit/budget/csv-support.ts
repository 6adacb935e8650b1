/** Helpers for the budget CSV reader's tests: encode text as a bureau would, feed it in chunks, collect the items. */
import { Readable } from 'node:stream';
import * as iconv from 'iconv-lite';
import type { BudgetFileKind } from '../../../functions/src/budget/csv/columns';
import { readBudgetCsv, type BudgetCsvItem, type BudgetCsvReader, type ReadBudgetCsvOptions } from '../../../functions/src/budget/csv/reader';

export type TestEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

export function encode(text: string, encoding: TestEncoding): Buffer {
  if (encoding === 'gb18030') return iconv.encode(text, 'gb18030');
  const bytes = Buffer.from(text, 'utf8');
  return encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
}

/** The bytes as a stream of chunks of `size` bytes (the whole at once by default). */
export function streamOf(bytes: Buffer, size = bytes.length || 1): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks, { objectMode: false });
}

export async function readAll<K extends BudgetFileKind>(
  bytes: Buffer,
  kind: K,
  options: ReadBudgetCsvOptions = { year: 2026 },
  chunkSize?: number,
): Promise<{ reader: BudgetCsvReader<K>; items: BudgetCsvItem<K>[] }> {
  const reader = readBudgetCsv(streamOf(bytes, chunkSize), kind, options);
  const items: BudgetCsvItem<K>[] = [];
  for await (const item of reader) items.push(item);
  return { reader, items };
}

/** CSV lines joined with CRLF (as Python's csv and Excel write them), ending with one. */
export const csv = (...lines: string[]): string => lines.map((l) => `${l}\r\n`).join('');

export const PAYMENTS_EN = 'year,payment_id,pay_date,unit_code,function_code,economic_code,project_code,payee,amount,purpose';
export const PAYMENTS_ZH = '年度,支付单号,支付日期,单位编码,功能科目编码,经济科目编码,项目编码,收款人,支付金额,用途';
export const LINES_EN = 'year,unit_code,unit_name,function_code,function_name,economic_code,economic_name,project_code,project_name,approved,adjusted';
export const LINES_ZH = '年度,单位编码,单位名称,功能科目编码,功能科目名称,经济科目编码,经济科目名称,项目编码,项目名称,年初预算数,调整后预算数';
export const EXECUTION_EN = 'year,period,unit_code,function_code,economic_code,project_code,executed_to_date';
export const EXECUTION_ZH = '年度,期间,单位编码,功能科目编码,经济科目编码,项目编码,累计支出数';
