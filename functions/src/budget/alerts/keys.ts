import type { ItemKey } from '../../data/batch';
import type { AlertRule, AlertSubjectKind } from './records';

/**
 * Keys of alerts and warning rules; tenant first. A year's alerts are one partition sorted by
 * rule then subject (a rule filter is a `begins_with`); a unit's alerts are the `alertsByUnit`
 * index. Rule versions are per tenant, not per year: the same rules judge every year.
 */
const year = (t: string, y: number) => `${t}#BUDGET#${y}`;

export const alertKeys = {
  alertsPartition: (t: string, y: number) => `${year(t, y)}#ALERTS`,
  alertSortKey: (rule: AlertRule, kind: AlertSubjectKind, subjectKey: string) => `${rule}#${kind}#${subjectKey}`,
  alert: (t: string, y: number, rule: AlertRule, kind: AlertSubjectKind, subjectKey: string): ItemKey => ({
    pk: `${year(t, y)}#ALERTS`,
    sk: `${rule}#${kind}#${subjectKey}`,
  }),
  alertsOfUnit: (t: string, y: number, unitCode: string) => `${year(t, y)}#ALERTS#UNIT#${unitCode}`,
  counts: (t: string, y: number): ItemKey => ({ pk: `${year(t, y)}#ALERT_COUNTS`, sk: 'COUNTS' }),

  rulesPartition: (t: string) => `${t}#BUDGET_RULES`,
  currentRule: (t: string, rule: AlertRule): ItemKey => ({ pk: `${t}#BUDGET_RULES`, sk: `RULE#${rule}` }),
  ruleVersion: (t: string, rule: AlertRule, version: number): ItemKey => ({
    pk: `${t}#BUDGET_RULES`,
    sk: `VERSION#${rule}#${String(version).padStart(6, '0')}`,
  }),
};

/** An alert's local id (inside its global id): `<year>:<rule>:<kind>:<subjectKey>`. */
export function alertLocalId(a: { year: number; rule: AlertRule; subjectKind: AlertSubjectKind; subjectKey: string }): string {
  return `${a.year}:${a.rule}:${a.subjectKind}:${a.subjectKey}`;
}

export function parseAlertLocalId(localId: string): { year: number; rule: AlertRule; kind: AlertSubjectKind; subjectKey: string } | null {
  const match = /^(\d{4}):([A-Z_]+):(UNIT|LINE|PAYMENT):(.+)$/.exec(localId);
  if (!match) return null;
  return { year: Number(match[1]), rule: match[2] as AlertRule, kind: match[3] as AlertSubjectKind, subjectKey: match[4]! };
}
