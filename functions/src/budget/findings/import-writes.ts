import { auditWrite } from '../../data/audit';
import { newId } from '../../core/ids';
import { changedFields } from '../../data/audit';
import { MUST_BE_NEW, putWrite, transactWrite, TransactionConditionFailed, type TransactItem } from '../../data/transactions';
import type { AuditFindingRow } from '../csv/rows';
import type { FieldError, Numbered, WriteOutcome, WriteScope } from '../writes';
import { findingKeys } from './keys';
import type { AuditFindingRecord, AuditReportRecord } from './records';
import * as repo from './repository';
import { newFinding } from './service';
import { findingAuditView, findingEntity, reportAuditView, reportEntity } from './views';

/**
 * Writes the rows of an AUDIT_FINDINGS import: a finding per (report title, number). A report is
 * found by its title in the year, or created; a finding new to its report is created with its
 * figures; one already there takes the file's fields (its rectifications and status kept), so a
 * repeated or resumed file converges to the same findings and figures. Each finding is one
 * transaction with its figures and its audit record (by the job's requester).
 */
export async function writeAuditFindings(scope: WriteScope, rows: readonly Numbered<AuditFindingRow>[], importedBy: string): Promise<WriteOutcome> {
  const errors: FieldError[] = [];
  let imported = 0;
  const reports = new Map((await repo.reportsOfYear(scope.tenantId, scope.year)).map((r) => [r.title, r]));
  const seen = new Set<string>();
  for (const { line, row } of rows) {
    const key = `${row.reportTitle}\n${row.number}`;
    if (seen.has(key)) {
      errors.push({ line, field: 'finding_number', message: `Finding ${row.number} of this report is listed twice in this batch` });
      continue;
    }
    seen.add(key);
    const report = reports.get(row.reportTitle) ?? (await createReport(scope, row, importedBy));
    reports.set(report.title, report);
    await writeFinding(scope, report, row, importedBy);
    imported += 1;
  }
  return { imported, errors };
}

const importEntry = (scope: WriteScope, importedBy: string) => ({
  tenantId: scope.tenantId,
  userId: importedBy,
  roles: ['BUDGET_STAFF'],
  requestId: `import:${scope.jobId}`,
});

async function createReport(scope: WriteScope, row: AuditFindingRow, importedBy: string): Promise<AuditReportRecord> {
  const id = newId();
  const report: AuditReportRecord = {
    ...findingKeys.report(scope.tenantId, scope.year, id),
    type: 'AuditReport',
    tenantId: scope.tenantId,
    id,
    year: scope.year,
    title: row.reportTitle,
    heardOn: null,
    findingCount: 0,
    rectifiedCount: 0,
    amountFen: 0,
    rectifiedFen: 0,
    revision: 1,
    createdAt: scope.now,
    createdBy: importedBy,
  };
  await transactWrite([
    putWrite('budget', { ...report }, MUST_BE_NEW),
    auditWrite({ ...importEntry(scope, importedBy), ...reportEntity(report), operation: 'requestBudgetImport', changes: changedFields(null, reportAuditView(report)) }),
  ]);
  return report;
}

/** Creates or updates one finding; a concurrent change (a rectification meanwhile) is read again. */
async function writeFinding(scope: WriteScope, report: AuditReportRecord, row: AuditFindingRow, importedBy: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await repo.readFinding(scope.tenantId, report.id, row.number);
    const fields = { number: row.number, unitCode: row.unitCode, unitName: row.unitName, category: row.category, description: row.description, amount: row.amountFen, rectificationType: row.rectificationType, dueOn: row.dueOn, relatedAlertIds: [] as string[] };
    const fresh = newFinding(scope.tenantId, report, fields, scope.now);
    const next: AuditFindingRecord = current
      ? { ...fresh, status: current.status, rectifications: current.rectifications, relatedAlertIds: current.relatedAlertIds, createdAt: current.createdAt, revision: current.revision + 1 }
      : fresh;
    const changes = changedFields(current && findingAuditView(current), findingAuditView(next));
    if (current && changes.length === 0) return; // the same row again: nothing to write
    const writes: TransactItem[] = [
      repo.findingPut(next, current ? current.revision : null),
      ...repo.figureWrites(scope.tenantId, current, next, null),
      auditWrite({ ...importEntry(scope, importedBy), ...findingEntity(next), operation: 'requestBudgetImport', changes }),
    ];
    try {
      await transactWrite(writes);
      return;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
    }
  }
  throw new Error(`Finding ${row.number} kept changing while it was imported`);
}
