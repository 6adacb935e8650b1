import type { ItemKey } from '../../data/batch';

/**
 * Keys of audit reports, their findings and figures; tenant first. A report's findings, its
 * per-unit figures and its rating sessions share the report's partition, so each is one Query.
 * A year's reports and its per-unit figures are one partition each; a unit's findings across
 * reports are the `auditFindingsByUnit` index.
 */
const year = (t: string, y: number) => `${t}#BUDGET#${y}`;
const report = (t: string, reportId: string) => `${t}#AUDIT_REPORT#${reportId}`;

/** Finding numbers sort as text: padded to 4 digits (an audit report has far fewer findings). */
export const findingSortKey = (number: number) => `FINDING#${String(number).padStart(4, '0')}`;

export const findingKeys = {
  reportsOfYear: (t: string, y: number) => `${year(t, y)}#AUDIT_REPORTS`,
  report: (t: string, y: number, reportId: string): ItemKey => ({ pk: `${year(t, y)}#AUDIT_REPORTS`, sk: reportId }),
  reportPartition: report,
  finding: (t: string, reportId: string, number: number): ItemKey => ({ pk: report(t, reportId), sk: findingSortKey(number) }),
  /** A report's figures for one unit. */
  reportUnit: (t: string, reportId: string, unitCode: string): ItemKey => ({ pk: report(t, reportId), sk: `UNIT#${unitCode}` }),
  /** A year's figures for one unit, over all its reports. */
  unitsOfYear: (t: string, y: number) => `${year(t, y)}#AUDIT_UNITS`,
  yearUnit: (t: string, y: number, unitCode: string): ItemKey => ({ pk: `${year(t, y)}#AUDIT_UNITS`, sk: unitCode }),
  findingsOfUnit: (t: string, unitCode: string) => `${t}#AUDIT_FINDINGS#UNIT#${unitCode}`,
  findingOfUnitSortKey: (y: number, reportId: string, number: number) => `${y}#${reportId}#${String(number).padStart(4, '0')}`,
};

/** A report's local id names its key: `<reportId>.<year>`. */
export const reportLocalId = (r: { id: string; year: number }) => `${r.id}.${r.year}`;

export function parseReportLocalId(localId: string): { reportId: string; year: number } | null {
  const match = /^([0-9A-HJKMNP-TV-Z]{26})\.(\d{4})$/.exec(localId);
  return match ? { reportId: match[1]!, year: Number(match[2]) } : null;
}

/** A finding's local id: `<reportId>.<year>.<number>`. */
export const findingLocalId = (f: { reportId: string; year: number; number: number }) => `${f.reportId}.${f.year}.${f.number}`;

export function parseFindingLocalId(localId: string): { reportId: string; year: number; number: number } | null {
  const match = /^([0-9A-HJKMNP-TV-Z]{26})\.(\d{4})\.(\d{1,4})$/.exec(localId);
  return match ? { reportId: match[1]!, year: Number(match[2]), number: Number(match[3]) } : null;
}
