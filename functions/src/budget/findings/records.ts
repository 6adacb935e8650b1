import type { Connection } from '../../core/pagination';
import type { Fen } from '../money';

export const RECTIFICATION_TYPES = ['IMMEDIATE', 'STAGED', 'CONTINUING'] as const;
export type RectificationType = (typeof RECTIFICATION_TYPES)[number];

/** What is stored; OVERDUE is never stored, it is derived from `dueOn` when read. */
export type StoredFindingStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'RECTIFIED' | 'CONTINUING';
export type FindingStatus = StoredFindingStatus | 'OVERDUE';
export type RectificationOutcome = 'IN_PROGRESS' | 'RECTIFIED' | 'CONTINUING';

/** The figures kept on write, on a report, on a report's unit and on a year's unit. */
export interface FindingCounters {
  findingCount: number;
  rectifiedCount: number;
  amountFen: Fen;
  rectifiedFen: Fen;
}

export interface AuditReportRecord extends Partial<FindingCounters> {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'AuditReport';
  readonly tenantId: string;
  readonly id: string;
  readonly year: number;
  readonly title: string;
  readonly heardOn: string | null;
  /** When a rectification was last reported on any of its findings (a second rating round needs one). */
  readonly lastRectifiedAt?: string;
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface RectificationRecord {
  readonly action: string;
  /** Ids of the finding's files reported with this step (AVAILABLE when attached). */
  readonly fileIds?: readonly string[];
  readonly amountRecoveredFen: Fen;
  readonly reportedOn: string;
  readonly reportedAt: string;
  readonly reportedBy: string;
  readonly outcome: RectificationOutcome;
}

export interface AuditFindingRecord {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'AuditFinding';
  readonly tenantId: string;
  readonly reportId: string;
  readonly year: number;
  readonly number: number;
  readonly unitCode: string;
  readonly unitName: string;
  readonly category: string;
  readonly description: string;
  readonly amountFen: Fen;
  readonly rectificationType: RectificationType;
  readonly dueOn: string;
  readonly status: StoredFindingStatus;
  readonly rectifications: readonly RectificationRecord[];
  /** Alert local ids (`<year>:<rule>:<kind>:<subject>`). */
  readonly relatedAlertIds: readonly string[];
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly auditFindingsByUnitPk: string;
  readonly auditFindingsByUnitSk: string;
}

/** Figures as stored (a unit figures item also names its unit). */
export interface AuditFiguresRecord extends Partial<FindingCounters> {
  readonly unitCode?: string;
  readonly unitName?: string;
  readonly lastRectifiedAt?: string;
}

export interface AuditUnitFiguresRecord {
  readonly unitCode: string;
  readonly unitName: string;
  readonly figures: AuditFiguresRecord;
}

export type AuditFindingConnectionModel = Omit<Connection<AuditFindingRecord>, 'totalCount'>;
