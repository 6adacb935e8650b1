import type { AlertEvidence, AlertRule, AlertSeverity, AlertSubjectKind } from '../alerts/records';

/** What the rules read: a year's lines with cumulative execution per month, and its large payments. */
export interface RuleLine {
  readonly lineKey: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly functionCode: string;
  readonly functionName: string;
  readonly economicCode: string;
  readonly economicName: string;
  readonly projectName: string;
  readonly threePublic: boolean;
  readonly adjusted: number;
  /** Cumulative fen at the end of months 1..12 (index 0 = January). */
  readonly cumulative: readonly number[];
}

export interface RulePayment {
  readonly paymentNumber: string;
  readonly date: string;
  readonly amount: number;
  readonly lineKey: string;
}

export interface RuleData {
  readonly year: number;
  /** The month the figures stand at (1..12): the latest imported. */
  readonly month: number;
  readonly lines: readonly RuleLine[];
  /** Payments at or above the lowest LARGE_PAYMENT threshold in force (others may be absent). */
  readonly payments: readonly RulePayment[];
}

/** A rule in force: its version, whether it runs, and its parameters as text. */
export interface RuleSetting {
  readonly rule: AlertRule;
  readonly enabled: boolean;
  readonly version: number;
  readonly parameters: Readonly<Record<string, string>>;
}

/** An alert as a rule raises it; storage adds status, history and revision. */
export interface RaisedAlert {
  readonly rule: AlertRule;
  readonly subjectKind: AlertSubjectKind;
  readonly subjectKey: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly severity: AlertSeverity;
  readonly period: string;
  readonly evidence: AlertEvidence;
  readonly explanation: string;
}
