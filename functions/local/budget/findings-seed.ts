import { Readable } from 'node:stream';
import { readBudgetCsv } from '../../src/budget/csv/reader';
import type { AuditFindingRow } from '../../src/budget/csv/rows';
import { writeAuditFindings } from '../../src/budget/findings/import-writes';
import { reportsOfYear } from '../../src/budget/findings/repository';
import type { Numbered } from '../../src/budget/writes';
import { generateFindings } from './findings';

/** The demo audit report: lishi's findings list of the budget seed's year, written by the import's writer. */
export const DEMO_FINDINGS = { tenantId: 'lishi', region: '141102', year: 2026, findings: 8, units: 4, seed: 21 } as const;

/**
 * Gives lishi one audit report with a few findings (the project's findings generator, read by the
 * import's CSV reader and written by its AUDIT_FINDINGS writer), unless the year has a report
 * already, so restarts keep what was done to it. Returns the report's title, or null when present.
 */
export async function seedDemoAuditReport(): Promise<string | null> {
  const { tenantId, year } = DEMO_FINDINGS;
  if ((await reportsOfYear(tenantId, year)).length > 0) return null;
  const file = generateFindings({ ...DEMO_FINDINGS, encoding: 'utf-8', headers: 'zh', badRows: false });
  const rows: Numbered<AuditFindingRow>[] = [];
  for await (const item of readBudgetCsv(Readable.from([file.bytes]), 'AUDIT_FINDINGS', { year })) if (item.row) rows.push({ line: item.line, row: item.row });
  await writeAuditFindings({ tenantId, year, jobId: 'local-seed', now: new Date().toISOString() }, rows, 'local-seed');
  return file.reportTitle;
}
