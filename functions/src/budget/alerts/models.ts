import type { Connection } from '../../core/pagination';
import type { AlertRecord, AlertRule, AlertSeverity, AlertStatus } from './records';

/** What the alert resolvers are handed (the GraphQL shapes before field resolvers). */

export interface AlertConnectionModel extends Connection<AlertRecord> {
  /** Functions, like totalCount: read only when asked, through the request's loader. */
  readonly countsByRule: () => Promise<{ rule: AlertRule; count: number }[]>;
  readonly countsBySeverity: () => Promise<{ severity: AlertSeverity; count: number }[]>;
}

export interface AlertSummaryModel {
  readonly year: number;
  readonly total: number;
  readonly active: number;
  readonly byRule: { rule: AlertRule; count: number }[];
  readonly bySeverity: { severity: AlertSeverity; count: number }[];
  readonly byStatus: { status: AlertStatus; count: number }[];
  readonly period: string | null;
  readonly evaluatedAt: string | null;
}

export interface WarningRuleModel {
  readonly type: 'WarningRule';
  readonly rule: AlertRule;
  readonly enabled: boolean;
  readonly version: number;
  readonly parameters: { name: string; value: string; description: string; defaultValue: string }[];
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
  readonly revision: number;
}
