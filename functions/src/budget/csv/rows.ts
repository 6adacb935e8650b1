/**
 * Typed rows of the three files, after validation. Money is in fen, codes are digit strings,
 * periods `YYYY-MM`, dates `YYYY-MM-DD`; text is trimmed. An empty project code is basic
 * expenditure (基本支出).
 */
import type { Fen } from '../money';
import type { Period } from '../periods';
import type { BudgetFileKind } from './columns';

/** What identifies a budget line within a tenant and year: the natural key. */
export interface BudgetLineKey {
  readonly unitCode: string;
  /** 7 digits (项). */
  readonly functionCode: string;
  /** 5 digits (款). */
  readonly economicCode: string;
  /** '' for basic expenditure (基本支出). */
  readonly projectCode: string;
}

/** One row of budget-lines.csv (预算指标). */
export interface BudgetLineRow extends BudgetLineKey {
  readonly year: number;
  readonly unitName: string;
  /** The file's name for the 项 ('' when the column is absent or empty). */
  readonly functionName: string;
  readonly economicName: string;
  readonly projectName: string;
  /** 年初预算数, ≥ 0. */
  readonly approvedFen: Fen;
  /** 调整后预算数, ≥ 0. */
  readonly adjustedFen: Fen;
}

/** One row of execution.csv: a line's cumulative spending at the end of a month (累计支出). */
export interface ExecutionRow extends BudgetLineKey {
  readonly year: number;
  readonly period: Period;
  /** ≥ 0. */
  readonly executedToDateFen: Fen;
}

/** One row of payments.csv (国库集中支付明细). */
export interface PaymentRow extends BudgetLineKey {
  readonly year: number;
  /** 支付单号: never empty; unique per payment, so a repeated file adds nothing. */
  readonly paymentNumber: string;
  /** `YYYY-MM-DD`, a real day of the import's year. */
  readonly date: string;
  readonly payee: string;
  /** > 0. */
  readonly amountFen: Fen;
  readonly purpose: string;
}

/** One row of an audit findings list (审计查出问题清单). */
export interface AuditFindingRow {
  readonly year: number;
  /** The report the finding belongs to, by title: one report per title and year. */
  readonly reportTitle: string;
  /** 1–9999, unique in its report. */
  readonly number: number;
  readonly unitCode: string;
  readonly unitName: string;
  readonly category: string;
  readonly description: string;
  /** ≥ 0. */
  readonly amountFen: Fen;
  readonly rectificationType: 'IMMEDIATE' | 'STAGED' | 'CONTINUING';
  /** `YYYY-MM-DD`. */
  readonly dueOn: string;
}

/** The row type of each kind of file. */
export interface BudgetRowOf {
  BUDGET_LINES: BudgetLineRow;
  EXECUTION: ExecutionRow;
  PAYMENTS: PaymentRow;
  AUDIT_FINDINGS: AuditFindingRow;
}

export type BudgetRow<K extends BudgetFileKind = BudgetFileKind> = BudgetRowOf[K];

/** The natural key of any row, as a string for maps and sets: unit|function|economic|project. */
export function lineKeyString(key: BudgetLineKey): string {
  return `${key.unitCode}|${key.functionCode}|${key.economicCode}|${key.projectCode}`;
}
