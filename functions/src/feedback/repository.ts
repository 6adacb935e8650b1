import type { ItemKey } from '../data/batch';
import { getItem } from '../data/items';
import { counterAddWrite, readCounters } from '../data/counters';
import { countQuery, FilterBuilder, queryAll, queryPage, type KeyQuery } from '../data/query';
import { guardedPut, guardedUpdate, MUST_BE_NEW, putWrite, updateWrite, type TransactItem } from '../data/transactions';
import type { Page, PageRequest } from '../core/pagination';
import { legislationKeys } from '../legislation/keys';
import { feedbackKeys as keys } from './keys';
import { settleUploadWrite, type UploadOutcome } from '../files/uploads';
import type { AttachmentRecord, FeedbackDecision, FeedbackRecord, FeedbackStatus } from './records';

/**
 * DynamoDB access of the feedback domain (feedback table). Access patterns:
 * - feedback by id: GetItem `<t>#FEEDBACK#<f>`/`FEEDBACK` (batched per request)
 * - lists newest first: indexes feedbackByTenant / ByConsultation / ByContactPoint / ByDraft;
 *   withdrawn feedback drops those keys and so leaves every list
 * - attachments of a feedback: Query `<t>#FEEDBACK#<f>`, sk begins_with `ATTACHMENT#`
 * - figures: `#FEEDBACK_STATS` items per consultation, draft and contact point, moved on write
 */
const TABLE = 'feedback' as const;
type Item = Record<string, unknown>;

export function getConsistent<T>(key: ItemKey): Promise<T | null> {
  return getItem<T>(TABLE, key, { consistent: true });
}

/** The item with its list keys; a withdrawn feedback carries none (sparse indexes). */
const INDEX_KEYS = ['Tenant', 'Consultation', 'ContactPoint', 'Draft'].flatMap((i) => [`feedbackBy${i}Pk`, `feedbackBy${i}Sk`]);

function feedbackItem(f: FeedbackRecord): Item {
  if (f.status === 'WITHDRAWN') {
    // A record read back carries the old keys: drop them, or it would stay in the lists.
    return Object.fromEntries(Object.entries(f).filter(([name]) => !INDEX_KEYS.includes(name)));
  }
  return {
    ...f,
    feedbackByTenantPk: keys.byTenant(f.tenantId),
    feedbackByTenantSk: f.id,
    feedbackByConsultationPk: keys.byConsultation(f.tenantId, f.consultationId),
    feedbackByConsultationSk: f.id,
    feedbackByContactPointPk: keys.byContactPoint(f.tenantId, f.contactPointId),
    feedbackByContactPointSk: f.id,
    feedbackByDraftPk: keys.byDraft(f.tenantId, f.draftId),
    feedbackByDraftSk: f.id,
  };
}

/** Creates a feedback; it must be new. */
export function createFeedbackWrite(f: FeedbackRecord): TransactItem {
  return guardedPut(TABLE, feedbackItem(f), null);
}

/** The fields a feedback's revision holder owns; counters and attachment ids are others'. */
const OWNED_FIELDS = [
  'articleNumbers',
  'content',
  'collectionMethod',
  'participantCount',
  'collectedOn',
  'status',
  'disposition',
  'revision',
  'updatedAt',
] as const;

/** Writes a change made at `expectedRevision`; a withdrawn feedback also leaves every list. */
export function updateFeedbackWrite(after: FeedbackRecord, expectedRevision: number): TransactItem {
  const set = Object.fromEntries(OWNED_FIELDS.map((field) => [field, after[field]]));
  const remove = after.status === 'WITHDRAWN' ? INDEX_KEYS : [];
  return guardedUpdate(TABLE, keys.feedback(after.tenantId, after.id), set, remove, expectedRevision);
}

/**
 * Marks the contact point's assignment answered (first answer only) and refuses the write if the
 * consultation was closed or ran out meanwhile: the guard that makes submitting race-safe.
 */
export function assignmentRespondedWrite(
  tenantId: string,
  consultationId: string,
  contactPointId: string,
  now: string,
): TransactItem {
  return updateWrite('legislation', legislationKeys.assignment(tenantId, consultationId, contactPointId), {
    expression: 'SET respondedAt = if_not_exists(respondedAt, :now)',
    condition: 'attribute_exists(pk) AND attribute_type(closedAt, :null) AND closesAt > :now',
    values: { ':now': now, ':null': 'NULL' },
  });
}

export function statsWrites(f: Pick<FeedbackRecord, 'tenantId' | 'consultationId' | 'draftId' | 'contactPointId'>, deltas: {
  shared: Record<string, number>;
  contactPoint: Record<string, number>;
}): TransactItem[] {
  return [
    counterAddWrite(TABLE, keys.consultationStats(f.tenantId, f.consultationId), deltas.shared),
    counterAddWrite(TABLE, keys.draftStats(f.tenantId, f.draftId), deltas.shared),
    counterAddWrite(TABLE, keys.contactPointStats(f.tenantId, f.contactPointId), deltas.contactPoint),
    counterAddWrite(TABLE, keys.tenantStats(f.tenantId), { feedbackCount: deltas.shared.feedbackCount ?? 0 }),
  ].filter((w): w is TransactItem => w !== null);
}

export interface FeedbackListFilter {
  readonly consultationId: string | null;
  readonly draftId: string | null;
  readonly contactPointId: string | null;
  readonly articleNumber: number | null;
  readonly status: FeedbackStatus | null;
  readonly decision: FeedbackDecision | null;
}

/** Picks the narrowest index for the filter; the other conditions become a filter expression. */
function feedbackQuery(tenantId: string, filter: FeedbackListFilter): KeyQuery {
  let index = 'feedbackByTenant';
  let partitionValue = keys.byTenant(tenantId);
  if (filter.consultationId) {
    index = 'feedbackByConsultation';
    partitionValue = keys.byConsultation(tenantId, filter.consultationId);
  } else if (filter.contactPointId) {
    index = 'feedbackByContactPoint';
    partitionValue = keys.byContactPoint(tenantId, filter.contactPointId);
  } else if (filter.draftId) {
    index = 'feedbackByDraft';
    partitionValue = keys.byDraft(tenantId, filter.draftId);
  }
  // Conditions the chosen index does not already guarantee.
  const conditions = new FilterBuilder()
    .equals('contactPointId', index === 'feedbackByConsultation' ? filter.contactPointId : null)
    .equals('draftId', index === 'feedbackByDraft' ? null : filter.draftId)
    .equals('status', filter.status)
    .contains('articleNumbers', filter.articleNumber)
    .equals('disposition.decision', filter.decision);
  return {
    table: TABLE,
    index,
    partitionValue,
    newestFirst: true,
    filter: conditions.build(),
  };
}

export function listFeedback(tenantId: string, filter: FeedbackListFilter, page: PageRequest): Promise<Page<FeedbackRecord>> {
  return queryPage<FeedbackRecord & Item>(feedbackQuery(tenantId, filter), page);
}

/**
 * The total of a list: from the figures kept on write when the list is one consultation's, one
 * contact point's, one draft's or the whole congress's; other combinations count their matches in
 * the narrowest index partition.
 */
export async function countFeedback(tenantId: string, filter: FeedbackListFilter): Promise<number> {
  const keyed = [filter.consultationId, filter.contactPointId, filter.draftId].filter(Boolean).length;
  const refined = filter.articleNumber !== null || filter.status !== null || filter.decision !== null;
  if (keyed > 1 || refined) return countQuery(feedbackQuery(tenantId, filter));
  const [key, counter] = filter.consultationId
    ? [keys.consultationStats(tenantId, filter.consultationId), 'feedbackCount']
    : filter.contactPointId
      ? [keys.contactPointStats(tenantId, filter.contactPointId), 'feedbackSubmitted']
      : filter.draftId
        ? [keys.draftStats(tenantId, filter.draftId), 'feedbackCount']
        : [keys.tenantStats(tenantId), 'feedbackCount'];
  return (await readCounters(TABLE, key))(counter);
}

/** Every feedback of a consultation (for the export). */
export function allFeedbackOfConsultation(tenantId: string, consultationId: string): Promise<FeedbackRecord[]> {
  return queryAll<FeedbackRecord>({
    table: TABLE,
    index: 'feedbackByConsultation',
    partitionValue: keys.byConsultation(tenantId, consultationId),
  });
}

// ---- attachments ----

export function putAttachmentWrite(a: AttachmentRecord): TransactItem {
  return putWrite(TABLE, { ...a }, MUST_BE_NEW);
}

/**
 * Takes one of a feedback's attachment places, if one is free, the feedback still SUBMITTED and
 * its list of attachments (rejected ones included) not full, and records the new attachment's id.
 */
export function takeAttachmentPlaceWrite(f: FeedbackRecord, attachmentId: string, limits: { held: number; total: number }): TransactItem {
  return updateWrite(TABLE, keys.feedback(f.tenantId, f.id), {
    expression: 'ADD attachmentCount :one SET attachmentIds = list_append(attachmentIds, :id)',
    condition: 'attachmentCount < :held AND size(attachmentIds) < :total AND #status = :submitted',
    names: { '#status': 'status' },
    values: { ':one': 1, ':id': [attachmentId], ':held': limits.held, ':total': limits.total, ':submitted': 'SUBMITTED' },
  });
}

/** Frees a place: a rejected or expired attachment no longer holds one. */
export function freeAttachmentPlaceWrite(tenantId: string, feedbackId: string): TransactItem {
  return updateWrite(TABLE, keys.feedback(tenantId, feedbackId), {
    expression: 'ADD attachmentCount :minusOne',
    values: { ':minusOne': -1 },
  });
}

/**
 * Moves an attachment out of the state it was read in (PENDING_UPLOAD, or AVAILABLE when its object
 * was replaced afterwards); the condition makes a repeated or racing event change nothing.
 */
export function settleAttachmentWrite(a: AttachmentRecord, outcome: UploadOutcome): TransactItem {
  return settleUploadWrite(TABLE, a, outcome);
}

export function listAttachments(tenantId: string, feedbackId: string): Promise<AttachmentRecord[]> {
  return queryAll<AttachmentRecord>({ table: TABLE, partitionValue: keys.feedbackPartition(tenantId, feedbackId), sortKeyPrefix: 'ATTACHMENT#' });
}
