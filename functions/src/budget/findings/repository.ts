import type { ItemKey } from '../../data/batch';
import { getItem } from '../../data/items';
import { queryAll } from '../../data/query';
import { putWrite, updateWrite, type TransactItem, type WriteCondition } from '../../data/transactions';
import { isZeroDelta, unitDeltas, counterDelta, contributionOf } from './figures';
import { findingKeys } from './keys';
import type { AuditFiguresRecord, AuditFindingRecord, AuditReportRecord, FindingCounters } from './records';

/** Reads and write descriptions of reports, findings and their figures (the budget table). */

export function readReport(tenantId: string, year: number, reportId: string): Promise<AuditReportRecord | null> {
  return getItem<AuditReportRecord>('budget', findingKeys.report(tenantId, year, reportId), { consistent: true });
}

export function readFinding(tenantId: string, reportId: string, number: number): Promise<AuditFindingRecord | null> {
  return getItem<AuditFindingRecord>('budget', findingKeys.finding(tenantId, reportId, number), { consistent: true });
}

/** A year's reports (a congress hears a few a year: one small partition). */
export function reportsOfYear(tenantId: string, year: number): Promise<AuditReportRecord[]> {
  return queryAll<AuditReportRecord>({ table: 'budget', partitionValue: findingKeys.reportsOfYear(tenantId, year) });
}

/** Per-unit figures of a report or of a year (one partition each, one item per unit). */
export function reportUnitFigures(tenantId: string, reportId: string): Promise<AuditFiguresRecord[]> {
  return queryAll<AuditFiguresRecord>({ table: 'budget', partitionValue: findingKeys.reportPartition(tenantId, reportId), sortKeyPrefix: 'UNIT#' });
}

export function yearUnitFigures(tenantId: string, year: number): Promise<AuditFiguresRecord[]> {
  return queryAll<AuditFiguresRecord>({ table: 'budget', partitionValue: findingKeys.unitsOfYear(tenantId, year) });
}

/** ADD the deltas to a figures item; SET the names given (a unit's code and name, the last report time). */
function figuresWrite(key: ItemKey, delta: FindingCounters, set: Record<string, unknown>, condition?: WriteCondition): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(delta).map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    return `#a${i} :a${i}`;
  });
  const sets = Object.entries(set).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  return updateWrite('budget', key, {
    expression: `ADD ${adds.join(', ')}${sets.length ? ` SET ${sets.join(', ')}` : ''}`,
    condition: condition?.expression,
    names: { ...names, ...(condition?.names ?? {}) },
    values: { ...values, ...(condition?.values ?? {}) },
  });
}

/**
 * The figure writes of a finding's change (before null: created): the report's, and per unit the
 * report's unit item and the year's unit item. The report's must exist (a deleted or foreign
 * report fails the transaction). `rectifiedAt` marks a rectification report on the report and unit.
 */
export function figureWrites(
  tenantId: string,
  before: AuditFindingRecord | null,
  after: AuditFindingRecord,
  rectifiedAt: string | null,
): TransactItem[] {
  const writes: TransactItem[] = [];
  const reportDelta = counterDelta(before && contributionOf(before), contributionOf(after));
  const mark = rectifiedAt ? { lastRectifiedAt: rectifiedAt } : {};
  if (!isZeroDelta(reportDelta) || rectifiedAt) {
    writes.push(figuresWrite(findingKeys.report(tenantId, after.year, after.reportId), reportDelta, mark, { expression: 'attribute_exists(pk)' }));
  }
  for (const [unitCode, delta] of unitDeltas(before, after)) {
    const touched = unitCode === after.unitCode;
    if (isZeroDelta(delta) && !(touched && (rectifiedAt || before?.unitName !== after.unitName))) continue;
    const names = touched ? { unitCode, unitName: after.unitName, ...mark } : { unitCode };
    writes.push(figuresWrite(findingKeys.reportUnit(tenantId, after.reportId, unitCode), delta, names));
    writes.push(figuresWrite(findingKeys.yearUnit(tenantId, after.year, unitCode), delta, touched ? { unitCode, unitName: after.unitName } : { unitCode }));
  }
  return writes;
}

/** The Put of a finding: new (its number unused in the report), or replacing the revision read. */
export function findingPut(finding: AuditFindingRecord, expectedRevision: number | null): TransactItem {
  const condition: WriteCondition =
    expectedRevision === null ? { expression: 'attribute_not_exists(pk)' } : { expression: 'revision = :expected', values: { ':expected': expectedRevision } };
  return putWrite('budget', { ...finding }, condition);
}
