import type { Connection } from '../core/pagination';
import type { ParsedParagraph } from './text/parser';
import type { ArticleDiffEntry } from './text/diff';

/** Storage shapes of the legislation domain (legislation table). GraphQL types map onto these. */
export const DRAFT_KINDS = ['REGULATION', 'DECISION', 'NORMATIVE_DOCUMENT'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

export const DRAFT_STATUSES = [
  'PLANNED',
  'DRAFTING',
  'SOLICITING_OPINIONS',
  'UNDER_REVIEW',
  'ADOPTED',
  'APPROVED',
  'PROMULGATED',
  'WITHDRAWN',
] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export interface StatusChangeRecord {
  readonly from: DraftStatus | null;
  readonly to: DraftStatus;
  readonly at: string;
  readonly by: string;
  readonly note: string | null;
}

export interface DraftRecord {
  readonly pk: string;
  readonly sk: 'DRAFT';
  readonly type: 'Draft';
  readonly tenantId: string;
  readonly id: string;
  readonly title: string;
  readonly kind: DraftKind;
  readonly status: DraftStatus;
  readonly sponsor: string | null;
  readonly committee: string | null;
  readonly summary: string | null;
  /** Lowercased title, sponsor and summary, for `search`. */
  readonly searchText: string;
  readonly versionCount: number;
  readonly readingCount: number;
  readonly statusHistory: readonly StatusChangeRecord[];
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string;
}

export interface ChapterOutline {
  readonly number: number;
  readonly numberText: string;
  readonly title: string;
  readonly articleNumbers: readonly number[];
  readonly sections: readonly {
    readonly number: number;
    readonly numberText: string;
    readonly title: string;
    readonly articleNumbers: readonly number[];
  }[];
}

/** The header of an immutable version; its articles live in their own partition under `textId`. */
export interface DraftVersionRecord {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'DraftVersion';
  readonly tenantId: string;
  /** `<draftId>.<number>`. */
  readonly id: string;
  readonly draftId: string;
  readonly number: number;
  readonly label: string;
  readonly changeNote: string | null;
  readonly title: string | null;
  /** Where the article items are: a fresh id per write, so a lost race leaves nothing visible. */
  readonly textId: string;
  readonly chapters: readonly ChapterOutline[];
  readonly articleCount: number;
  readonly characterCount: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface ArticleRecord {
  readonly pk: string;
  readonly sk: string;
  readonly number: number;
  readonly numberText: string;
  readonly chapterNumber: number | null;
  readonly sectionNumber: number | null;
  readonly paragraphs: readonly ParsedParagraph[];
  readonly text: string;
}

/** An article as the API shows it: with its version's id (for its global id) and its type (for `node`). */
export interface ArticleModel extends ArticleRecord {
  readonly type: 'Article';
  readonly versionId: string;
}

export const READING_OUTCOMES = ['FURTHER_READING', 'PUT_TO_VOTE', 'SHELVED'] as const;
export type ReadingOutcome = (typeof READING_OUTCOMES)[number];

export interface ReadingRecord {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'Reading';
  readonly draftId: string;
  readonly round: number;
  readonly meeting: string;
  readonly heldOn: string;
  readonly versionId: string;
  readonly outcome: ReadingOutcome;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export const CONSULTATION_KINDS = ['PRE_LEGISLATIVE_RESEARCH', 'DRAFT_COMMENT', 'POST_EVALUATION'] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];

export interface ConsultationRecord {
  readonly pk: string;
  readonly sk: 'CONSULTATION';
  readonly type: 'Consultation';
  readonly tenantId: string;
  readonly id: string;
  readonly draftId: string;
  readonly versionId: string;
  readonly kind: ConsultationKind;
  readonly opensAt: string;
  readonly closesAt: string;
  /** Set when staff close it; a consultation is also closed once `closesAt` has passed. */
  readonly closedAt: string | null;
  readonly instructions: string | null;
  readonly contactPointIds: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
}

/** One contact point asked in a consultation; copies the consultation's dates for the liaison's list. */
export interface AssignmentRecord {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'ConsultationAssignment';
  readonly consultationId: string;
  readonly contactPointId: string;
  readonly draftId: string;
  readonly versionId: string;
  readonly closesAt: string;
  readonly closedAt: string | null;
  /** Absent until the contact point's first feedback sets it (if_not_exists). */
  readonly respondedAt?: string;
}

export type DraftConnectionModel = Connection<DraftRecord>;
export type DraftVersionConnectionModel = Connection<DraftVersionRecord>;
export type ArticleConnectionModel = Connection<ArticleModel>;
export type ConsultationConnectionModel = Connection<ConsultationRecord>;

/** A chapter or section with its articles resolved lazily. */
export interface OutlineModel {
  readonly number: number;
  readonly numberText: string;
  readonly title: string;
  readonly articleNumbers: readonly number[];
  readonly textId: string;
  readonly versionId: string;
  readonly tenantId: string;
  readonly sections: readonly OutlineModel[];
}

export interface DiffModel {
  readonly from: DraftVersionRecord;
  readonly to: DraftVersionRecord;
  readonly articles: readonly ArticleDiffEntry[];
}

export interface AssignmentModel {
  readonly assignment: AssignmentRecord;
  readonly consultation: ConsultationRecord;
}
