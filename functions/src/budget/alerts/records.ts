/**
 * Storage shapes of warning rules and alerts (budget table). One alert per (rule, subject, year):
 * its sort key is built from exactly those, so a later evaluation finds and updates it instead of
 * adding another.
 */

export const ALERT_RULES = ['LOW_EXECUTION', 'OVERSPENT', 'THREE_PUBLIC_OVERRUN', 'LARGE_PAYMENT', 'YEAR_END_RUSH', 'IDLE_LINE'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_SEVERITIES = ['INFO', 'YELLOW', 'ORANGE', 'RED'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ['OPEN', 'DISMISSED', 'INQUIRY_SENT', 'ANSWERED', 'CLOSED', 'CLEARED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** Statuses of alerts not yet dealt with (the dashboard's "active"). */
export const ACTIVE_STATUSES: readonly AlertStatus[] = ['OPEN', 'INQUIRY_SENT', 'ANSWERED'];

/** What an alert is about: a unit (by code), a line (by line key) or a payment (by number). */
export type AlertSubjectKind = 'UNIT' | 'LINE' | 'PAYMENT';

/** A named figure: value as text (exact decimal, whole number, month or name). */
export interface Figure {
  readonly name: string;
  readonly value: string;
}

/** Everything the rule used, frozen when the alert was raised or last updated. */
export interface AlertEvidence {
  readonly ruleVersion: number;
  readonly parameters: readonly Figure[];
  readonly figures: readonly Figure[];
}

export interface AlertHistoryEntry {
  readonly at: string;
  /** A user id, or `import:<jobId>` for an evaluation after an import. */
  readonly by: string;
  /** RAISED | UPDATED | CLEARED | REOPENED | a workflow move's name. */
  readonly action: string;
  readonly from: AlertStatus | null;
  readonly to: AlertStatus;
  readonly severity: AlertSeverity;
  readonly note: string | null;
}

export interface AlertRecord {
  readonly pk: string;
  /** `<rule>#<subjectKind>#<subjectKey>`. */
  readonly sk: string;
  readonly type: 'Alert';
  readonly tenantId: string;
  readonly year: number;
  readonly rule: AlertRule;
  readonly subjectKind: AlertSubjectKind;
  /** Unit code, line key or payment number. */
  readonly subjectKey: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly severity: AlertSeverity;
  /** The month the figures stood at (`YYYY-MM`). */
  readonly period: string;
  readonly status: AlertStatus;
  readonly evidence: AlertEvidence;
  readonly explanation: string;
  readonly history: readonly AlertHistoryEntry[];
  readonly revision: number;
  readonly raisedAt: string;
  readonly updatedAt: string;
  /** Index `alertsByUnit`: a unit's alerts of a year. */
  readonly alertsByUnitPk: string;
  readonly alertsByUnitSk: string;
}

/**
 * Alert figures of a year kept on write (ADD deltas in the same transaction as each alert change):
 * `total`, `rule:<R>`, `severity:<S>`, `status:<S>`, and `rule:<R>|status:<S>`,
 * `severity:<S>|status:<S>` so a list filtered by one of them (and a status) counts without reading.
 */
export interface AlertCountsRecord {
  readonly pk: string;
  readonly sk: 'COUNTS';
  readonly [counter: string]: unknown;
  readonly period?: string;
  readonly evaluatedAt?: string;
}

/** One version of a tenant's warning rule. Version 1 (the defaults) is implicit until the first change. */
export interface WarningRuleRecord {
  readonly pk: string;
  /** `RULE#<rule>` for the current version; `VERSION#<rule>#<version, 6 digits>` for each past one. */
  readonly sk: string;
  readonly type: 'WarningRule';
  readonly tenantId: string;
  readonly rule: AlertRule;
  readonly enabled: boolean;
  readonly version: number;
  /** Parameter name → value as text (see rules/parameters.ts). */
  readonly parameters: Readonly<Record<string, string>>;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
  readonly revision: number;
}
