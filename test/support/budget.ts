import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBudgetExport, type Anomalies, type GenerateOptions } from '../../functions/local/budget/generate';
import { queryAll } from '../../functions/src/data/query';
import { getItem } from '../../functions/src/data/items';
import { budgetKeys } from '../../functions/src/budget/keys';
import type { BudgetLineRecord, BudgetTotalsRecord, PaymentRecord } from '../../functions/src/budget/records';
import { gqlOk } from './api';

/** A small generated export (the project's own generator), written once per options into a temp dir. */
export interface GeneratedExport {
  readonly dir: string;
  readonly anomalies: Anomalies;
  file(name: 'budget-lines.csv' | 'execution.csv' | 'payments.csv'): Buffer;
}

export async function generatedExport(options: Omit<GenerateOptions, 'out'>): Promise<GeneratedExport> {
  const dir = mkdtempSync(join(tmpdir(), 'renda-budget-'));
  const anomalies = await generateBudgetExport({ units: 2, lines: 3, payments: 40, months: 6, ...options, out: dir });
  return { dir, anomalies, file: (name) => readFileSync(join(dir, name)) };
}

export const REQUEST_IMPORT = `mutation($input: RequestBudgetImportInput!) { requestBudgetImport(input: $input) {
  job { id year kind fileName status } upload { url expiresAt fields { name value } } } }`;

export const JOB = `query($id: ID!) { node(id: $id) { ... on BudgetImportJob { id year kind fileName status encoding headerLanguage
  rowsRead rowsImported rowsRejected startedAt finishedAt message errorReportUrl
  errors(first: 100) { totalCount edges { node { line column message } } } } } }`;

/** POSTs the file to the presigned form exactly as a browser would. */
export async function uploadTo(upload: { url: string; fields: { name: string; value: string }[] }, bytes: Uint8Array, fileName: string): Promise<number> {
  const form = new FormData();
  for (const { name, value } of upload.fields) form.append(name, value);
  form.append('file', new Blob([bytes], { type: 'text/csv' }), fileName);
  const response = await fetch(upload.url, { method: 'POST', body: form });
  return response.status;
}

export type Kind = 'BUDGET_LINES' | 'EXECUTION' | 'PAYMENTS';

export async function requestImport(token: string, kind: Kind, bytes: Uint8Array, year = 2026, idempotencyKey?: string) {
  const fileName = { BUDGET_LINES: 'budget-lines.csv', EXECUTION: 'execution.csv', PAYMENTS: 'payments.csv' }[kind];
  return (await gqlOk(token, REQUEST_IMPORT, { input: { year, kind, fileName, size: bytes.length, idempotencyKey } })).requestBudgetImport;
}

export async function jobOf(token: string, id: string) {
  return (await gqlOk(token, JOB, { id })).node;
}

/** Every stored item of a tenant-year, without the tenant in keys, for comparing two imports. */
export async function storedLines(tenantId: string, year = 2026): Promise<BudgetLineRecord[]> {
  return queryAll<BudgetLineRecord>({ table: 'budget', partitionValue: budgetKeys.linesPartition(tenantId, year) });
}

export async function storedPayments(tenantId: string, year = 2026): Promise<PaymentRecord[]> {
  return queryAll<PaymentRecord>({ table: 'budget', index: 'paymentsByDate', partitionValue: budgetKeys.paymentsOfYear(tenantId, year) });
}

export function storedTotals(tenantId: string, year = 2026): Promise<BudgetTotalsRecord | null> {
  return getItem<BudgetTotalsRecord>('budget', budgetKeys.totals(tenantId, year), { consistent: true });
}

/** Items with the tenant taken out of every key and value, so two tenants' data compare equal. */
export function withoutTenant<T>(items: readonly T[], tenantId: string, drop: readonly string[] = []): unknown[] {
  const text = JSON.stringify(items, (key, value) => (drop.includes(key) ? undefined : value));
  return JSON.parse(text.split(tenantId).join('<tenant>')) as unknown[];
}
