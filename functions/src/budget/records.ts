import type { Connection } from '../core/pagination';
import type { BudgetFileKind, HeaderLanguage } from './csv/columns';
import type { FileEncoding, ResumeFrom } from './csv/reader';
import type { BreakdownDimension } from './keys';

/** Storage shapes of the budget domain (budget table). Money is integer fen throughout. */

/** One change of a line's adjusted amount (调整): from, to, when, by which import job. */
export interface AdjustmentRecord {
  readonly from: number;
  readonly to: number;
  readonly at: string;
  readonly jobId: string;
}

export interface BudgetLineRecord {
  readonly pk: string;
  /** The line key `<unit>#<function>#<economic>#<project>`. */
  readonly sk: string;
  readonly type: 'BudgetLine';
  readonly tenantId: string;
  readonly year: number;
  readonly lineKey: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly functionCode: string;
  readonly functionName: string;
  readonly economicCode: string;
  readonly economicName: string;
  readonly projectCode: string;
  readonly projectName: string;
  readonly approved: number;
  readonly adjusted: number;
  /** Every change of `adjusted` after the line was first imported, oldest first. */
  readonly adjustments: readonly AdjustmentRecord[];
  /**
   * Cumulative execution by month `YYYY-MM` → fen (累计支出), as the execution files reported it;
   * an execution file for a month replaces that month. A month not reported carries the latest
   * earlier month forward (see `executedToDate`).
   */
  readonly executed: Readonly<Record<string, number>>;
  /** Sum of the line's payments, recomputed exactly from the stored payments when an import lands. */
  readonly paid: number;
  readonly threePublic: boolean;
  readonly linesByFunctionPk: string;
  readonly linesByFunctionSk: string;
  readonly linesByEconomicPk: string;
  readonly linesByEconomicSk: string;
  /** Sparse: only lines of a project. */
  readonly linesByProjectPk?: string;
  readonly linesByProjectSk?: string;
  /** Sparse: only 三公 lines. */
  readonly linesThreePublicPk?: string;
  readonly linesThreePublicSk?: string;
}

export interface PaymentRecord {
  readonly pk: string;
  readonly sk: 'PAYMENT';
  readonly type: 'Payment';
  readonly tenantId: string;
  readonly year: number;
  readonly paymentNumber: string;
  readonly date: string;
  readonly payee: string;
  readonly amount: number;
  readonly purpose: string;
  readonly lineKey: string;
  readonly unitCode: string;
  readonly functionCode: string;
  readonly economicCode: string;
  readonly projectCode: string;
  readonly paymentsByDatePk: string;
  readonly paymentsByDateSk: string;
  readonly paymentsByAmountPk: string;
  readonly paymentsByAmountSk: string;
  readonly paymentsByLinePk: string;
  readonly paymentsByLineSk: string;
  readonly paymentsByUnitPk: string;
  readonly paymentsByUnitSk: string;
}

/** Figures of a set of lines: amounts, and cumulative execution for every month 01..12 of the year. */
export interface BudgetFigures {
  readonly approved: number;
  readonly adjusted: number;
  /** `YYYY-MM` → cumulative fen, all twelve months (months without data carry the last one forward). */
  readonly executed: Readonly<Record<string, number>>;
  readonly lineCount: number;
}

/** The tenant's totals of a year (budgetOverview in one GetItem). */
export interface BudgetTotalsRecord extends BudgetFigures {
  readonly pk: string;
  readonly sk: 'TOTALS';
  readonly type: 'BudgetTotals';
  readonly tenantId: string;
  readonly year: number;
  readonly unitCount: number;
  /** Lines whose payments do not add up to their execution at the latest period. */
  readonly unreconciledLineCount: number;
  readonly paid: number;
  /** The latest month any execution file reported, or null before the first. */
  readonly latestPeriod: string | null;
  readonly landedAt: string;
  readonly landedByJob: string;
}

/** One row of a breakdown level: a classification code (or a unit) with its figures. */
export interface BreakdownRecord extends BudgetFigures {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'BudgetBreakdown';
  readonly tenantId: string;
  readonly year: number;
  readonly dimension: BreakdownDimension;
  /** `ALL` or `UNIT:<code>`. */
  readonly scope: string;
  /** `ROOT` or the parent's code. */
  readonly parent: string;
  readonly code: string;
  readonly name: string;
  /** 1 = 类 (or a unit), 2 = 款, 3 = 项. */
  readonly level: number;
}

/** One unit's figures for one 三公 economic code. */
export interface ThreePublicRecord extends BudgetFigures {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'ThreePublicFigures';
  readonly tenantId: string;
  readonly year: number;
  readonly unitCode: string;
  readonly unitName: string;
  readonly economicCode: string;
}

export const IMPORT_STATUSES = ['WAITING_FOR_UPLOAD', 'RUNNING', 'SUCCEEDED', 'SUCCEEDED_WITH_ERRORS', 'FAILED'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Where an interrupted import picks up: the reader's resume point and the counts up to it. */
export interface ImportCheckpoint {
  /** The reader's position after the last record written, with the header mapping and encoding (plain JSON). */
  readonly resume: ResumeFrom | null;
  /** The object's ETag when reading began: a resumed Range GET must read the same object. */
  readonly etag: string;
  readonly rowsRead: number;
  readonly rowsImported: number;
  readonly rowsRejected: number;
  readonly errorsStored: number;
  /** Every row has been read and written; what is left is landing. */
  readonly readComplete: boolean;
}

export interface ImportJobRecord {
  readonly pk: string;
  readonly sk: 'JOB';
  readonly type: 'BudgetImportJob';
  readonly tenantId: string;
  readonly id: string;
  readonly year: number;
  readonly kind: BudgetFileKind;
  readonly fileName: string;
  readonly size: number;
  readonly s3Key: string;
  readonly status: ImportStatus;
  readonly encoding: FileEncoding | null;
  readonly headerLanguage: HeaderLanguage | null;
  readonly rowsRead: number;
  readonly rowsImported: number;
  readonly rowsRejected: number;
  /** Row errors stored under the job (at most MAX_STORED_ERRORS; rowsRejected counts all). */
  readonly errorsStored: number;
  readonly checkpoint: ImportCheckpoint | null;
  /** Object key of the error report CSV, once the job has finished with errors. */
  readonly errorReportKey: string | null;
  readonly message: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly uploadExpiresAt: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly importJobsByYearPk: string;
  readonly importJobsByYearSk: string;
}

export interface ImportErrorRecord {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'BudgetImportError';
  readonly line: number;
  /** As the file's header names it; null for a record malformed as a whole. */
  readonly column: string | null;
  readonly message: string;
}

export type ImportJobConnectionModel = Connection<ImportJobRecord>;
export type ImportErrorConnectionModel = Connection<ImportErrorRecord>;
