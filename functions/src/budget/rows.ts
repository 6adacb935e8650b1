/**
 * The rows the write core takes: the same shape as the CSV reader's validated rows (csv/rows.ts,
 * branch b-pure), declared structurally here so the write core builds before the reader lands;
 * the reader's rows are assignable to these. Money is integer fen.
 */
export type BudgetImportKind = 'BUDGET_LINES' | 'EXECUTION' | 'PAYMENTS';

export interface LineKeyFields {
  readonly unitCode: string;
  readonly functionCode: string;
  readonly economicCode: string;
  /** '' for basic expenditure (基本支出). */
  readonly projectCode: string;
}

export interface BudgetLineFields extends LineKeyFields {
  readonly unitName: string;
  readonly functionName: string;
  readonly economicName: string;
  readonly projectName: string;
  readonly approvedFen: number;
  readonly adjustedFen: number;
}

export interface ExecutionFields extends LineKeyFields {
  /** `YYYY-MM` of the import's year. */
  readonly period: string;
  readonly executedToDateFen: number;
}

export interface PaymentFields extends LineKeyFields {
  readonly paymentNumber: string;
  readonly date: string;
  readonly payee: string;
  readonly amountFen: number;
  readonly purpose: string;
}

/** A row with the line of the file it came from (header = line 1), for error reports. */
export interface Numbered<R> {
  readonly line: number;
  readonly row: R;
}
