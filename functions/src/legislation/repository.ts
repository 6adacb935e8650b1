import type { ItemKey } from '../data/batch';
import { getItem } from '../data/items';
import { batchWrite } from '../data/batch';
import { counterAddWrite, readCounters } from '../data/counters';
import { countQuery, FilterBuilder, queryAll, queryPage, type KeyQuery } from '../data/query';
import { guardedPut, MUST_BE_NEW, putWrite, updateWrite, type TransactItem } from '../data/transactions';
import type { Page, PageRequest } from '../core/pagination';
import { articleText } from './text/parser';
import { legislationKeys as keys } from './keys';
import type {
  ArticleRecord,
  AssignmentRecord,
  ConsultationRecord,
  DraftKind,
  DraftRecord,
  DraftStatus,
  DraftVersionRecord,
  ReadingRecord,
} from './records';

/**
 * DynamoDB access of the legislation domain. Access patterns (all keyed by tenant first):
 * - draft by id: GetItem `<t>#DRAFT#<d>`/`DRAFT` (batched per request by the loader)
 * - drafts newest first: index draftsByTenant (`<t>#DRAFTS`) or draftsByStatus (`<t>#DRAFTS#<status>`)
 * - draft counters: `<t>#DRAFTS`/`#COUNTERS` (total, per status, per kind), moved by every write
 * - versions of a draft, newest first: Query `<t>#DRAFT#<d>`, sk begins_with `VERSION#`, descending
 * - a version: GetItem `<t>#DRAFT#<d>`/`VERSION#<n>`
 * - articles of a version: Query `<t>#TEXT#<textId>` (the text's own partition)
 * - readings: Query `<t>#DRAFT#<d>`, sk begins_with `READING#`
 * - a consultation with its assignments: Query `<t>#CONSULTATION#<c>`
 * - consultations of a draft: index consultationsByDraft; of a contact point: index consultationsByContactPoint
 */
const TABLE = 'legislation' as const;

type Item = Record<string, unknown>;

export function getConsistent<T>(key: ItemKey): Promise<T | null> {
  return getItem<T>(TABLE, key, { consistent: true });
}

// ---- drafts ----

function draftItem(draft: DraftRecord): Item {
  return {
    ...draft,
    draftsByTenantPk: keys.draftList(draft.tenantId),
    draftsByTenantSk: draft.id,
    draftsByStatusPk: keys.draftListByStatus(draft.tenantId, draft.status),
    draftsByStatusSk: draft.id,
  };
}

/** Puts a draft; `expectedRevision` null means it must be new. */
export function putDraftWrite(draft: DraftRecord, expectedRevision: number | null): TransactItem {
  return guardedPut(TABLE, draftItem(draft), expectedRevision);
}

export const draftCounterNames = {
  total: 'total',
  status: (s: DraftStatus) => `status_${s}`,
  kind: (k: DraftKind) => `kind_${k}`,
};

export function draftCounterWrite(tenantId: string, deltas: Record<string, number>): TransactItem | null {
  return counterAddWrite(TABLE, keys.draftCounters(tenantId), deltas);
}

export interface DraftFilter {
  readonly status: DraftStatus | null;
  readonly kind: DraftKind | null;
  readonly search: string | null;
}

function draftQuery(tenantId: string, filter: DraftFilter): KeyQuery {
  return {
    table: TABLE,
    index: filter.status ? 'draftsByStatus' : 'draftsByTenant',
    partitionValue: filter.status ? keys.draftListByStatus(tenantId, filter.status) : keys.draftList(tenantId),
    newestFirst: true,
    filter: new FilterBuilder().equals('kind', filter.kind).contains('searchText', filter.search?.toLowerCase()).build(),
  };
}

export function listDrafts(tenantId: string, filter: DraftFilter, page: PageRequest): Promise<Page<DraftRecord>> {
  return queryPage<DraftRecord & Item>(draftQuery(tenantId, filter), page);
}

/** From the counters when one condition or none is set; otherwise counts the matches. */
export async function countDrafts(tenantId: string, filter: DraftFilter): Promise<number> {
  const conditions = [filter.status, filter.kind, filter.search].filter(Boolean).length;
  if (conditions > 1 || filter.search) return countQuery(draftQuery(tenantId, filter));
  const n = await readCounters(TABLE, keys.draftCounters(tenantId));
  if (filter.status) return n(draftCounterNames.status(filter.status));
  if (filter.kind) return n(draftCounterNames.kind(filter.kind));
  return n(draftCounterNames.total);
}

// ---- versions and their articles ----

/**
 * Writes a version's articles into the text's own partition (not yet reachable from any header).
 * The whole text is left out: it is its paragraphs joined, and storing it twice would double the
 * reads of every diff.
 */
export function writeArticles(articles: readonly ArticleRecord[]): Promise<void> {
  return batchWrite(
    TABLE,
    articles.map(({ text: _derived, ...stored }) => ({ put: stored })),
  );
}

type StoredArticle = Omit<ArticleRecord, 'text'>;
const withText = (a: StoredArticle): ArticleRecord => ({ ...a, text: articleText(a.paragraphs) });

/** Best-effort removal of articles whose version header was never written. */
export async function deleteArticles(articles: readonly ArticleRecord[]): Promise<void> {
  await batchWrite(
    TABLE,
    articles.map((a) => ({ delete: { pk: a.pk, sk: a.sk } })),
  ).catch(() => undefined);
}

export function putVersionWrite(version: DraftVersionRecord): TransactItem {
  return putWrite(TABLE, { ...version }, MUST_BE_NEW);
}

export function listVersions(tenantId: string, draftId: string, page: PageRequest): Promise<Page<DraftVersionRecord>> {
  return queryPage<DraftVersionRecord & Item>(
    { table: TABLE, partitionValue: keys.draftPartition(tenantId, draftId), sortKeyPrefix: 'VERSION#', newestFirst: true },
    page,
  );
}

function articleQuery(tenantId: string, textId: string): KeyQuery {
  return { table: TABLE, partitionValue: keys.textPartition(tenantId, textId), sortKeyPrefix: 'ARTICLE#' };
}

export async function listArticles(tenantId: string, textId: string, page: PageRequest): Promise<Page<ArticleRecord>> {
  const found = await queryPage<StoredArticle & Item>(articleQuery(tenantId, textId), page);
  return { ...found, items: found.items.map(withText) };
}

/** One article of a version, by key. */
export async function getArticle(tenantId: string, textId: string, number: number): Promise<ArticleRecord | null> {
  const stored = await getItem<StoredArticle>(TABLE, keys.article(tenantId, textId, number));
  return stored ? withText(stored) : null;
}

/** Every article of one version, in order (a version holds at most a few hundred). */
export async function allArticles(tenantId: string, textId: string): Promise<ArticleRecord[]> {
  return (await queryAll<StoredArticle>(articleQuery(tenantId, textId))).map(withText);
}

// ---- readings ----

export function putReadingWrite(reading: ReadingRecord): TransactItem {
  return putWrite(TABLE, { ...reading }, MUST_BE_NEW);
}

export function listReadings(tenantId: string, draftId: string): Promise<ReadingRecord[]> {
  return queryAll<ReadingRecord>({ table: TABLE, partitionValue: keys.draftPartition(tenantId, draftId), sortKeyPrefix: 'READING#' });
}

// ---- consultations ----

export function putConsultationWrite(consultation: ConsultationRecord): TransactItem {
  return putWrite(
    TABLE,
    {
      ...consultation,
      consultationsByDraftPk: keys.consultationsOfDraft(consultation.tenantId, consultation.draftId),
      consultationsByDraftSk: consultation.id,
    },
    MUST_BE_NEW,
  );
}

export function putAssignmentWrite(tenantId: string, assignment: AssignmentRecord): TransactItem {
  return putWrite(TABLE, {
    ...assignment,
    consultationsByContactPointPk: keys.consultationsOfContactPoint(tenantId, assignment.contactPointId),
    consultationsByContactPointSk: assignment.consultationId,
  });
}

/** Sets the closing dates on the consultation and on every assignment's copy of them, together. */
export function consultationDatesWrites(
  tenantId: string,
  consultation: ConsultationRecord,
  changes: { closesAt: string; closedAt: string | null },
): TransactItem[] {
  const set = 'SET closesAt = :closesAt, closedAt = :closedAt';
  const values = { ':closesAt': changes.closesAt, ':closedAt': changes.closedAt };
  const header = updateWrite(TABLE, keys.consultation(tenantId, consultation.id), {
    expression: set,
    // A concurrent close or extend fails this guard: the header must still be as it was read.
    condition: 'closesAt = :seenClosesAt AND attribute_type(closedAt, :null)',
    values: { ...values, ':seenClosesAt': consultation.closesAt, ':null': 'NULL' },
  });
  const copies = consultation.contactPointIds.map((contactPointId) =>
    updateWrite(TABLE, keys.assignment(tenantId, consultation.id, contactPointId), { expression: set, values }),
  );
  return [header, ...copies];
}

/** A consultation and its assignments, in one Query of its partition. */
export async function getConsultationWithAssignments(
  tenantId: string,
  id: string,
): Promise<{ consultation: ConsultationRecord; assignments: AssignmentRecord[] } | null> {
  const items = await queryAll<Item>({ table: TABLE, partitionValue: keys.consultationPartition(tenantId, id) });
  const consultation = items.find((i) => i.sk === 'CONSULTATION') as ConsultationRecord | undefined;
  if (!consultation) return null;
  return { consultation, assignments: items.filter((i) => i.type === 'ConsultationAssignment') as unknown as AssignmentRecord[] };
}

function consultationsOfDraftQuery(tenantId: string, draftId: string): KeyQuery {
  return { table: TABLE, index: 'consultationsByDraft', partitionValue: keys.consultationsOfDraft(tenantId, draftId), newestFirst: true };
}

export function listConsultationsOfDraft(tenantId: string, draftId: string, page: PageRequest): Promise<Page<ConsultationRecord>> {
  return queryPage<ConsultationRecord & Item>(consultationsOfDraftQuery(tenantId, draftId), page);
}

export function countConsultationsOfDraft(tenantId: string, draftId: string): Promise<number> {
  return countQuery(consultationsOfDraftQuery(tenantId, draftId));
}

export type ConsultationState = 'OPEN' | 'CLOSED';

function assignmentsOfContactPointQuery(
  tenantId: string,
  contactPointId: string,
  filter: { status?: ConsultationState | null; draftId?: string; versionId?: string },
  now: string,
): KeyQuery {
  const conditions = new FilterBuilder().equals('draftId', filter.draftId).equals('versionId', filter.versionId);
  // Open: not closed by staff and still before the deadline; closed: either of those ended it.
  if (filter.status === 'OPEN') {
    conditions.expression('attribute_type(closedAt, :nullType) AND closesAt > :now', { ':nullType': 'NULL', ':now': now }, { perRequest: [':now'] });
  }
  if (filter.status === 'CLOSED') {
    conditions.expression('(attribute_type(closedAt, :stringType) OR closesAt <= :now)', { ':stringType': 'S', ':now': now }, {
      perRequest: [':now'],
    });
  }
  return {
    table: TABLE,
    index: 'consultationsByContactPoint',
    partitionValue: keys.consultationsOfContactPoint(tenantId, contactPointId),
    newestFirst: true,
    filter: conditions.build(),
  };
}

export function listAssignmentsOfContactPoint(
  tenantId: string,
  contactPointId: string,
  status: ConsultationState | null,
  page: PageRequest,
  now: string,
): Promise<Page<AssignmentRecord>> {
  return queryPage<AssignmentRecord & Item>(assignmentsOfContactPointQuery(tenantId, contactPointId, { status }, now), page);
}

export function countAssignmentsOfContactPoint(
  tenantId: string,
  contactPointId: string,
  filter: { status?: ConsultationState | null; draftId?: string; versionId?: string },
  now: string,
): Promise<number> {
  return countQuery(assignmentsOfContactPointQuery(tenantId, contactPointId, filter, now));
}

/** Every assignment of one contact point (for its figures); one key Query of a bounded partition. */
export function allAssignmentsOfContactPoint(tenantId: string, contactPointId: string): Promise<AssignmentRecord[]> {
  return queryAll<AssignmentRecord>({
    table: TABLE,
    index: 'consultationsByContactPoint',
    partitionValue: keys.consultationsOfContactPoint(tenantId, contactPointId),
  });
}
