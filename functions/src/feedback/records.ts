import type { StoredUploadStatus, UploadRecord } from '../files/uploads';
import type { Connection } from '../core/pagination';

/** Storage shapes of the feedback domain (feedback table). */
export const COLLECTION_METHODS = ['MEETING', 'SURVEY', 'VISIT', 'ONLINE', 'OTHER'] as const;
export type CollectionMethod = (typeof COLLECTION_METHODS)[number];

export const FEEDBACK_DECISIONS = ['ADOPTED', 'PARTLY_ADOPTED', 'NOT_ADOPTED', 'NOTED'] as const;
export type FeedbackDecision = (typeof FEEDBACK_DECISIONS)[number];

export type FeedbackStatus = 'SUBMITTED' | 'UNDER_REVIEW' | 'ANSWERED' | 'WITHDRAWN';

export interface DispositionRecord {
  readonly decision: FeedbackDecision;
  readonly reply: string | null;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export interface FeedbackRecord {
  readonly pk: string;
  readonly sk: 'FEEDBACK';
  readonly type: 'Feedback';
  readonly tenantId: string;
  readonly id: string;
  readonly consultationId: string;
  readonly draftId: string;
  readonly versionId: string;
  readonly contactPointId: string;
  readonly articleNumbers: readonly number[];
  readonly content: string;
  readonly collectionMethod: CollectionMethod;
  readonly participantCount: number;
  readonly collectedOn: string;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly status: FeedbackStatus;
  readonly disposition: DispositionRecord | null;
  /** Attachments that hold one of the 20 places (pending or available). */
  readonly attachmentCount: number;
  /** Every attachment ever requested, in order: nested reads batch-get them by id. */
  readonly attachmentIds: readonly string[];
  readonly revision: number;
  readonly updatedAt: string;
}

export type StoredAttachmentStatus = StoredUploadStatus;

/** A file of a feedback: the shared upload fields (files/uploads.ts) and its feedback. */
export interface AttachmentRecord extends UploadRecord {
  readonly type: 'Attachment';
  readonly feedbackId: string;
}

export type FeedbackConnectionModel = Connection<FeedbackRecord>;
