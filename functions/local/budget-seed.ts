import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { landImport } from '../src/budget/aggregates';
import { evaluateAlerts } from '../src/budget/alerts/evaluation';
import { alertKeys } from '../src/budget/alerts/keys';
import type { BudgetFileKind } from '../src/budget/csv/columns';
import { readBudgetCsv } from '../src/budget/csv/reader';
import type { BudgetRowOf } from '../src/budget/csv/rows';
import { lineIndexOf } from '../src/budget/imports/run';
import { budgetKeys } from '../src/budget/keys';
import { getItem } from '../src/data/items';
import { writeBudgetLines, writeExecution, writePayments, type Numbered, type WriteScope } from '../src/budget/writes';
import { generateBudgetExport } from './budget/generate';

/** The budget year `npm start` seeds, and how large each county's year is (small enough to start fast). */
export const SEED_BUDGET_YEAR = 2026;
export const SEED_SIZE = { units: 10, lines: 6, months: 10, payments: 1000 } as const;

/** The demo counties and the region code their units' codes start with. */
export const BUDGET_SEED_COUNTIES: readonly { tenantId: string; region: string; seed: number }[] = [
  { tenantId: 'lishi', region: '141102', seed: 11 },
  { tenantId: 'xingxian', region: '141123', seed: 12 },
  { tenantId: 'wenshui', region: '141121', seed: 13 },
  { tenantId: 'xiaoyi', region: '141181', seed: 14 },
];

const BATCH = 1000;

/** Reads one generated file and writes its rows with the import's own write core. */
async function writeFile(scope: WriteScope, kind: BudgetFileKind, path: string): Promise<void> {
  const lines = kind === 'BUDGET_LINES' ? undefined : (await lineIndexOf(scope.tenantId, scope.year)).index;
  const reader = readBudgetCsv(createReadStream(path), kind, { year: scope.year, lines });
  let batch: Numbered<BudgetRowOf[BudgetFileKind]>[] = [];
  const flush = async () => {
    if (kind === 'BUDGET_LINES') await writeBudgetLines(scope, batch as Numbered<BudgetRowOf['BUDGET_LINES']>[]);
    else if (kind === 'EXECUTION') await writeExecution(scope, batch as Numbered<BudgetRowOf['EXECUTION']>[]);
    else await writePayments(scope, batch as Numbered<BudgetRowOf['PAYMENTS']>[]);
    batch = [];
  };
  for await (const item of reader) {
    if (item.row) batch.push({ line: item.line, row: item.row });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
}

export interface BudgetSeedReport {
  readonly seeded: readonly string[];
  readonly present: readonly string[];
}

/**
 * Gives each demo county a year of budget data from the project's generator (with its planted
 * anomalies), written by the import's write core and landed like an import, then runs the warning
 * rules on it as an import's landing does, so the demo year has alerts to work on. A county that
 * already has the year's totals is left alone, so restarts keep what was imported since (its rules
 * run once if they never did: data seeded before the seed ran them).
 */
export async function seedBudgetData(counties: typeof BUDGET_SEED_COUNTIES = BUDGET_SEED_COUNTIES): Promise<BudgetSeedReport> {
  const seeded: string[] = [];
  const present: string[] = [];
  await Promise.all(
    counties.map(async (county) => {
      if (await getItem('budget', budgetKeys.totals(county.tenantId, SEED_BUDGET_YEAR))) {
        present.push(county.tenantId);
        const counts = await getItem<{ evaluatedAt?: string }>('budget', alertKeys.counts(county.tenantId, SEED_BUDGET_YEAR));
        if (!counts?.evaluatedAt) await evaluateAlerts(county.tenantId, SEED_BUDGET_YEAR, { jobId: 'local-seed' });
        return;
      }
      const dir = mkdtempSync(join(tmpdir(), `renda-budget-seed-${county.tenantId}-`));
      try {
        await generateBudgetExport({ ...SEED_SIZE, out: dir, year: SEED_BUDGET_YEAR, region: county.region, seed: county.seed });
        const scope: WriteScope = { tenantId: county.tenantId, year: SEED_BUDGET_YEAR, jobId: 'local-seed', now: new Date().toISOString() };
        await writeFile(scope, 'BUDGET_LINES', join(dir, 'budget-lines.csv'));
        await writeFile(scope, 'EXECUTION', join(dir, 'execution.csv'));
        await writeFile(scope, 'PAYMENTS', join(dir, 'payments.csv'));
        await landImport(county.tenantId, SEED_BUDGET_YEAR, { jobId: 'local-seed', recountPayments: true });
        await evaluateAlerts(county.tenantId, SEED_BUDGET_YEAR, { jobId: 'local-seed' });
        seeded.push(county.tenantId);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
  );
  return { seeded: seeded.sort(), present: present.sort() };
}
