import * as z from 'zod';
import type DataLoader from 'dataloader';
import { hasRole, requireRole, type Principal } from '../core/auth';
import { BadInputError, ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError } from '../core/errors';
import { newId } from '../core/ids';
import { pageRequest, toConnection, type PageArgs } from '../core/pagination';
import { optionalText, parseInput, requiredText } from '../core/validation';
import type { ItemKey } from '../data/batch';
import { addDelta } from '../data/counters';
import { recordChange, type RequestInfo } from '../data/audit';
import { idempotentCreate } from '../data/idempotency';
import { transactWrite, TransactionConditionFailed, type TransactItem } from '../data/transactions';
import { getTenantCached } from '../tenancy/tenant-cache';
import { legislationKeys as keys, parseArticleLocalId, parseReadingLocalId, parseVersionLocalId, versionLocalId } from './keys';
import {
  DRAFT_KINDS,
  DRAFT_STATUSES,
  READING_OUTCOMES,
  type ArticleModel,
  type ArticleRecord,
  type AssignmentRecord,
  type ConsultationRecord,
  type DiffModel,
  type DraftConnectionModel,
  type DraftRecord,
  type DraftStatus,
  type DraftVersionConnectionModel,
  type DraftVersionRecord,
  type ArticleConnectionModel,
  type OutlineModel,
  type ReadingRecord,
} from './records';
import * as repo from './repository';
import { diffArticles } from './text/diff';
import { DraftTextError, MAX_DRAFT_TEXT_CHARACTERS, parseDraftText } from './text/parser';
import { storageRefusal } from './text/storage-limits';
import { refuseTransition, TEXT_EDITABLE } from './workflow';
import { draftAuditView, draftEntity, readingAuditView } from './audit-views';

/**
 * The status history lives in the draft's item: 100 moves with 500-character notes stay near 210 KB,
 * inside DynamoDB's 400 KB item limit (a real draft moves a dozen times).
 */
export const MAX_STATUS_CHANGES = 100;

/** Who writes drafts, and who reads all of them. Liaisons read only what a consultation shows them. */
export const DRAFT_WRITERS = ['LEGISLATIVE_STAFF', 'TENANT_ADMIN'] as const;
export const DRAFT_READERS = ['LEGISLATIVE_STAFF', 'TENANT_ADMIN', 'DEPUTY', 'BUDGET_STAFF'] as const;

const createDraftSchema = z.object({
  title: requiredText(200),
  kind: z.enum(DRAFT_KINDS),
  sponsor: optionalText(100),
  committee: optionalText(100),
  summary: optionalText(2000),
});

const updateDraftSchema = z.object({
  title: requiredText(200).nullish().transform((v) => v ?? undefined),
  sponsor: optionalText(100).optional(),
  committee: optionalText(100).optional(),
  summary: optionalText(2000).optional(),
});

/**
 * 1234567 → "1,234,567" without `toLocaleString`: that call at module scope started ICU while the
 * function loaded (17–26 ms of every cold start) for one constant message.
 */
export function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const addVersionSchema = z.object({
  label: requiredText(50),
  changeNote: optionalText(2000),
  text: z.string().refine((t) => t.length <= MAX_DRAFT_TEXT_CHARACTERS * 2 && [...t].length <= MAX_DRAFT_TEXT_CHARACTERS, {
    message: `must be at most ${groupThousands(MAX_DRAFT_TEXT_CHARACTERS)} characters`,
  }),
});

const readingSchema = z.object({
  round: z.number().int().min(1, 'must be 1, 2 or 3').max(3, 'must be 1, 2 or 3'),
  meeting: requiredText(200),
  heldOn: z.string(),
  outcome: z.enum(READING_OUTCOMES),
});

export interface DraftFilterArgs {
  status?: DraftStatus | null;
  kind?: (typeof DRAFT_KINDS)[number] | null;
  search?: string | null;
}

function searchTextOf(draft: Pick<DraftRecord, 'title' | 'sponsor' | 'summary'>): string {
  return [draft.title, draft.sponsor, draft.summary].filter(Boolean).join(' ').toLowerCase();
}

function staleDraft(draft: DraftRecord | null): ConflictError {
  return new ConflictError(draft ? `Stale expectedRevision: the draft is at revision ${draft.revision}` : 'The draft changed meanwhile; reload it');
}

/** Drafts, their versions and readings: rules and authorization. One instance per request. */
export class LegislationService {
  private readonly articleCache = new Map<string, Promise<ArticleRecord[]>>();
  private readonly liaisonAccess = new Map<string, Promise<boolean>>();

  constructor(
    private readonly principal: Principal,
    private readonly items: DataLoader<ItemKey, Record<string, unknown> | null, string>,
    private readonly request: RequestInfo,
  ) {}

  private get tenantId(): string {
    return this.principal.tenantId;
  }

  /** True for a caller who reads drafts only through consultations (a liaison and nothing more). */
  get readsThroughConsultations(): boolean {
    return !hasRole(this.principal, ...DRAFT_READERS) && this.principal.contactPointId !== null;
  }

  private requireFullReader(): void {
    requireRole(this.principal, ...DRAFT_READERS);
  }

  /** Whether the caller's contact point has a consultation on this draft (or this version). */
  liaisonMaySee(filter: { draftId?: string; versionId?: string }): Promise<boolean> {
    const contactPointId = this.principal.contactPointId;
    if (!contactPointId) return Promise.resolve(false);
    const cacheKey = `${filter.draftId ?? ''}|${filter.versionId ?? ''}`;
    let access = this.liaisonAccess.get(cacheKey);
    if (!access) {
      access = repo
        .countAssignmentsOfContactPoint(this.tenantId, contactPointId, filter, new Date().toISOString())
        .then((n) => n > 0);
      this.liaisonAccess.set(cacheKey, access);
    }
    return access;
  }

  // ---- drafts ----

  async loadDraft(draftId: string): Promise<DraftRecord | null> {
    return (await this.items.load(keys.draft(this.tenantId, draftId))) as DraftRecord | null;
  }

  async draft(draftId: string): Promise<DraftRecord> {
    if (this.readsThroughConsultations) {
      if (!(await this.liaisonMaySee({ draftId }))) throw new NotFoundError('Draft');
    } else {
      this.requireFullReader();
    }
    const draft = await this.loadDraft(draftId);
    if (!draft) throw new NotFoundError('Draft');
    return draft;
  }

  async drafts(args: PageArgs & { filter?: DraftFilterArgs | null }): Promise<DraftConnectionModel> {
    this.requireFullReader();
    const request = pageRequest(args);
    const search = args.filter?.search?.trim() || null;
    if (search && [...search].length > 50) throw new BadInputError('filter.search', 'filter.search: at most 50 characters');
    const filter = { status: args.filter?.status ?? null, kind: args.filter?.kind ?? null, search };
    const page = await repo.listDrafts(this.tenantId, filter, request);
    return toConnection(page, () => repo.countDrafts(this.tenantId, filter));
  }

  async createDraft(args: z.input<typeof createDraftSchema> & { idempotencyKey?: string | null }): Promise<DraftRecord> {
    requireRole(this.principal, ...DRAFT_WRITERS);
    const { idempotencyKey, ...rest } = args;
    const input = parseInput(createDraftSchema, rest);
    if (input.kind === 'REGULATION') {
      const tenant = await getTenantCached(this.tenantId);
      if (tenant?.level !== 'CITY') throw new BadInputError('kind', 'kind: only a city congress makes local regulations');
    }
    const id = newId();
    const now = new Date().toISOString();
    const draft: DraftRecord = {
      ...keys.draft(this.tenantId, id),
      sk: 'DRAFT',
      type: 'Draft',
      tenantId: this.tenantId,
      id,
      ...input,
      status: 'PLANNED',
      searchText: searchTextOf(input),
      versionCount: 0,
      readingCount: 0,
      statusHistory: [{ from: null, to: 'PLANNED', at: now, by: this.principal.userId, note: null }],
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: this.principal.userId,
    };
    const writes = [
      repo.putDraftWrite(draft, null),
      recordChange(this.principal, this.request, { ...draftEntity(draft), operation: 'createDraft', before: null, after: draftAuditView(draft) }),
    ];
    const counters = repo.draftCounterWrite(this.tenantId, draftDeltas(null, draft));
    if (counters) writes.push(counters);
    return idempotentCreate({
      caller: this.principal,
      operation: 'createDraft',
      idempotencyKey,
      input,
      newId: id,
      writes,
      load: (createdId) => repo.getConsistent<DraftRecord>(keys.draft(this.tenantId, createdId)),
    });
  }

  /** Reads a draft for a write: it must exist and be at the revision the caller saw. */
  private async draftForWrite(draftId: string, expectedRevision: number): Promise<DraftRecord> {
    requireRole(this.principal, ...DRAFT_WRITERS);
    const draft = await repo.getConsistent<DraftRecord>(keys.draft(this.tenantId, draftId));
    if (!draft) throw new NotFoundError('Draft');
    if (draft.revision !== expectedRevision) throw staleDraft(draft);
    return draft;
  }

  /**
   * Writes the draft's new state with its audit record (the draft's fields that changed, plus
   * `auditAfter` for what is new beside it, such as a reading) and the counters, together.
   */
  private async saveDraft(
    before: DraftRecord,
    after: DraftRecord,
    operation: string,
    extra: { writes?: TransactItem[]; auditAfter?: Record<string, unknown> } = {},
  ): Promise<DraftRecord> {
    const audit = recordChange(this.principal, this.request, {
      ...draftEntity(after),
      operation,
      before: draftAuditView(before),
      after: { ...draftAuditView(after), ...extra.auditAfter },
    });
    const writes = [repo.putDraftWrite(after, before.revision), ...(extra.writes ?? []), audit];
    const counters = repo.draftCounterWrite(this.tenantId, draftDeltas(before, after));
    if (counters) writes.push(counters);
    try {
      await transactWrite(writes);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) {
        throw error.failed.includes(0) ? staleDraft(null) : new ConflictError('A concurrent change got there first; reload and retry');
      }
      throw error;
    }
    this.items.clear(keys.draft(this.tenantId, after.id)).prime(keys.draft(this.tenantId, after.id), after as never);
    return after;
  }

  private touched(draft: DraftRecord, changes: Partial<DraftRecord>): DraftRecord {
    return { ...draft, ...changes, revision: draft.revision + 1, updatedAt: new Date().toISOString() };
  }

  async updateDraft(args: z.input<typeof updateDraftSchema> & { id: string; expectedRevision: number }): Promise<DraftRecord> {
    const { id, expectedRevision, ...rest } = args;
    requireRole(this.principal, ...DRAFT_WRITERS);
    const changes = parseInput(updateDraftSchema, rest);
    const draft = await this.draftForWrite(id, expectedRevision);
    const sent = Object.fromEntries(Object.entries(changes).filter(([key, value]) => key in rest && value !== undefined));
    const merged = { ...draft, ...sent } as DraftRecord;
    return this.saveDraft(draft, this.touched(draft, { ...sent, searchText: searchTextOf(merged) }), 'updateDraft');
  }

  async transitionDraft(args: { id: string; to: DraftStatus; expectedRevision: number; note?: string | null }): Promise<DraftRecord> {
    requireRole(this.principal, ...DRAFT_WRITERS);
    const note = parseInput(z.object({ note: optionalText(500) }), { note: args.note }).note;
    if (!DRAFT_STATUSES.includes(args.to)) throw new BadInputError('to', 'to: unknown status');
    const draft = await this.draftForWrite(args.id, args.expectedRevision);
    const refusal =
      refuseTransition(draft, args.to) ??
      (draft.statusHistory.length >= MAX_STATUS_CHANGES ? `the draft has moved ${MAX_STATUS_CHANGES} times, the most its record holds` : null);
    if (refusal) throw new InvalidTransitionError(draft.status, args.to, refusal);
    const change = { from: draft.status, to: args.to, at: new Date().toISOString(), by: this.principal.userId, note };
    return this.saveDraft(draft, this.touched(draft, { status: args.to, statusHistory: [...draft.statusHistory, change] }), 'transitionDraft', {
      // The note is part of the status change the API lists in statusHistory.
      auditAfter: note === null ? {} : { statusNote: note },
    });
  }

  // ---- versions ----

  async addDraftVersion(args: {
    draftId: string;
    label: string;
    text: string;
    changeNote?: string | null;
    expectedRevision: number;
  }): Promise<{ version: DraftVersionRecord; draft: DraftRecord }> {
    requireRole(this.principal, ...DRAFT_WRITERS);
    const input = parseInput(addVersionSchema, { label: args.label, changeNote: args.changeNote, text: args.text });
    const draft = await this.draftForWrite(args.draftId, args.expectedRevision);
    if (!TEXT_EDITABLE.has(draft.status)) throw new ConflictError(`The draft is ${draft.status}: its text can no longer change`);

    let parsed;
    try {
      parsed = parseDraftText(input.text);
    } catch (error) {
      if (error instanceof DraftTextError) throw new BadInputError('text', `text: ${error.message}`, { line: error.line });
      throw error;
    }
    // Refused here, before any write: an item over DynamoDB's size limit would fail half-way.
    const refusal = storageRefusal(parsed);
    if (refusal) {
      const { message, ...where } = refusal;
      throw new BadInputError('text', `text: ${message}`, where);
    }

    const number = draft.versionCount + 1;
    const textId = newId();
    const articles: ArticleRecord[] = parsed.articles.map((a) => ({
      ...keys.article(this.tenantId, textId, a.number),
      number: a.number,
      numberText: a.numberText,
      chapterNumber: a.chapterNumber,
      sectionNumber: a.sectionNumber,
      paragraphs: a.paragraphs,
      text: a.text,
    }));
    const version: DraftVersionRecord = {
      ...keys.version(this.tenantId, draft.id, number),
      type: 'DraftVersion',
      tenantId: this.tenantId,
      id: versionLocalId(draft.id, number),
      draftId: draft.id,
      number,
      label: input.label,
      changeNote: input.changeNote,
      title: parsed.title,
      textId,
      chapters: parsed.chapters.map((c) => ({
        number: c.number,
        numberText: c.numberText,
        title: c.title,
        articleNumbers: c.articleNumbers,
        sections: c.sections.map((s) => ({ number: s.number, numberText: s.numberText, title: s.title, articleNumbers: s.articleNumbers })),
      })),
      articleCount: parsed.articles.length,
      characterCount: parsed.characterCount,
      createdAt: new Date().toISOString(),
      createdBy: this.principal.userId,
    };
    // Articles first, in a partition no header points to yet; then the header and the draft
    // together. A reader sees the whole version or none of it.
    await repo.writeArticles(articles);
    try {
      const updated = await this.saveDraft(draft, this.touched(draft, { versionCount: number }), 'addDraftVersion', {
        writes: [repo.putVersionWrite(version)],
      });
      return { version, draft: updated };
    } catch (error) {
      await repo.deleteArticles(articles);
      throw error;
    }
  }

  /** A version of the caller's tenant; a liaison only when one of its consultations points at it. */
  async version(localId: string): Promise<DraftVersionRecord> {
    const parsed = parseVersionLocalId(localId);
    if (!parsed) throw new NotFoundError('Draft version');
    if (this.readsThroughConsultations) {
      if (!(await this.liaisonMaySee({ versionId: localId }))) throw new NotFoundError('Draft version');
    } else {
      this.requireFullReader();
    }
    const version = await this.loadVersion(parsed.draftId, parsed.number);
    if (!version) throw new NotFoundError('Draft version');
    return version;
  }

  /** A consultation's header (without its assignments), batched with the request's other reads. */
  async loadConsultation(id: string): Promise<ConsultationRecord | null> {
    return (await this.items.load(keys.consultation(this.tenantId, id))) as ConsultationRecord | null;
  }

  /** One contact point's assignment in a consultation, batched likewise. */
  async loadAssignment(consultationId: string, contactPointId: string): Promise<AssignmentRecord | null> {
    return (await this.items.load(keys.assignment(this.tenantId, consultationId, contactPointId))) as AssignmentRecord | null;
  }

  async loadVersion(draftId: string, number: number): Promise<DraftVersionRecord | null> {
    return (await this.items.load(keys.version(this.tenantId, draftId, number))) as DraftVersionRecord | null;
  }

  async loadVersionById(localId: string): Promise<DraftVersionRecord | null> {
    const parsed = parseVersionLocalId(localId);
    return parsed ? this.loadVersion(parsed.draftId, parsed.number) : null;
  }

  currentVersion(draft: DraftRecord): Promise<DraftVersionRecord | null> {
    this.requireFullReaderForDraftDetails();
    return draft.versionCount ? this.loadVersion(draft.id, draft.versionCount) : Promise.resolve(null);
  }

  async versionsOf(draft: DraftRecord, args: PageArgs): Promise<DraftVersionConnectionModel> {
    this.requireFullReaderForDraftDetails();
    const page = await repo.listVersions(this.tenantId, draft.id, pageRequest(args));
    return toConnection(page, async () => draft.versionCount);
  }

  /** A liaison sees a draft's title and status through its consultation, never its other details. */
  requireFullReaderForDraftDetails(): void {
    if (!hasRole(this.principal, ...DRAFT_READERS)) {
      throw new ForbiddenError('Only congress staff and deputies see a draft’s versions, readings and history');
    }
  }

  async articlesOf(version: DraftVersionRecord, args: PageArgs): Promise<ArticleConnectionModel> {
    const page = await repo.listArticles(this.tenantId, version.textId, pageRequest(args));
    return toConnection(page, async () => version.articleCount, (a) => articleModel(a, version.id));
  }

  /** All articles of a version, read once per request however many fields need them. */
  allArticles(version: Pick<DraftVersionRecord, 'textId'>): Promise<ArticleRecord[]> {
    let articles = this.articleCache.get(version.textId);
    if (!articles) {
      articles = repo.allArticles(this.tenantId, version.textId);
      this.articleCache.set(version.textId, articles);
    }
    return articles;
  }

  outline(version: DraftVersionRecord): OutlineModel[] {
    return version.chapters.map((c) => ({
      number: c.number,
      numberText: c.numberText,
      title: c.title,
      articleNumbers: c.articleNumbers,
      textId: version.textId,
      versionId: version.id,
      tenantId: this.tenantId,
      sections: c.sections.map((s) => ({ ...s, textId: version.textId, versionId: version.id, tenantId: this.tenantId, sections: [] })),
    }));
  }

  async articlesOfOutline(outline: OutlineModel): Promise<ArticleModel[]> {
    const wanted = new Set(outline.articleNumbers);
    return (await this.allArticles(outline)).filter((a) => wanted.has(a.number)).map((a) => articleModel(a, outline.versionId));
  }

  /** `node(id)` of an article: readable by whoever may read its version. */
  async article(localId: string): Promise<ArticleModel> {
    const parsed = parseArticleLocalId(localId);
    if (!parsed) throw new NotFoundError('Article');
    const version = await this.version(parsed.versionId);
    const article = await repo.getArticle(this.tenantId, version.textId, parsed.number);
    if (!article) throw new NotFoundError('Article');
    return articleModel(article, version.id);
  }

  async diff(fromLocalId: string, toLocalId: string): Promise<DiffModel> {
    this.requireFullReader();
    const [from, to] = await Promise.all([this.loadVersionById(fromLocalId), this.loadVersionById(toLocalId)]);
    if (!from) throw new NotFoundError('Draft version');
    if (!to) throw new NotFoundError('Draft version');
    if (from.draftId !== to.draftId) throw new BadInputError('toVersionId', 'toVersionId: both versions must belong to one draft');
    const [oldArticles, newArticles] = await Promise.all([this.allArticles(from), this.allArticles(to)]);
    return { from, to, articles: diffArticles(oldArticles, newArticles) };
  }

  // ---- readings ----

  async recordReading(args: {
    draftId: string;
    round: number;
    meeting: string;
    heldOn: string;
    versionId: string;
    outcome: ReadingRecord['outcome'];
  }): Promise<{ reading: ReadingRecord; draft: DraftRecord }> {
    requireRole(this.principal, ...DRAFT_WRITERS);
    const input = parseInput(readingSchema, args);
    const draft = await repo.getConsistent<DraftRecord>(keys.draft(this.tenantId, args.draftId));
    if (!draft) throw new NotFoundError('Draft');
    if (draft.status !== 'UNDER_REVIEW') {
      throw new InvalidTransitionError(draft.status, 'UNDER_REVIEW', 'a reading is recorded only for a draft under review');
    }
    const version = await this.loadVersionById(args.versionId);
    if (!version || version.draftId !== draft.id) throw new BadInputError('versionId', 'versionId: not a version of this draft');
    const reading: ReadingRecord = {
      ...keys.reading(this.tenantId, draft.id, input.round),
      type: 'Reading',
      draftId: draft.id,
      ...input,
      versionId: version.id,
      recordedBy: this.principal.userId,
      recordedAt: new Date().toISOString(),
    };
    try {
      const updated = await this.saveDraft(draft, this.touched(draft, { readingCount: draft.readingCount + 1 }), 'recordReading', {
        writes: [repo.putReadingWrite(reading)],
        auditAfter: { readings: readingAuditView(reading) },
      });
      return { reading, draft: updated };
    } catch (error) {
      if (error instanceof ConflictError && (await repo.getConsistent(keys.reading(this.tenantId, draft.id, input.round)))) {
        throw new BadInputError('round', `round: reading ${input.round} is already recorded`);
      }
      throw error;
    }
  }

  /** `node(id)` of a reading: readable by whoever may read the draft's readings; NOT_FOUND for a liaison. */
  async reading(localId: string): Promise<ReadingRecord> {
    const parsed = parseReadingLocalId(localId);
    if (!parsed || this.readsThroughConsultations) throw new NotFoundError('Reading');
    this.requireFullReader();
    const reading = (await this.items.load(keys.reading(this.tenantId, parsed.draftId, parsed.round))) as ReadingRecord | null;
    if (!reading) throw new NotFoundError('Reading');
    return reading;
  }

  readingsOf(draft: DraftRecord): Promise<ReadingRecord[]> {
    this.requireFullReaderForDraftDetails();
    return draft.readingCount ? repo.listReadings(this.tenantId, draft.id) : Promise.resolve([]);
  }

  statusHistoryOf(draft: DraftRecord) {
    this.requireFullReaderForDraftDetails();
    return draft.statusHistory;
  }
}

function articleModel(article: ArticleRecord, versionId: string): ArticleModel {
  return { ...article, type: 'Article', versionId };
}

/** How a draft write moves the counters: the new state's contribution minus the old one's. */
function draftDeltas(before: DraftRecord | null, after: DraftRecord): Record<string, number> {
  const deltas: Record<string, number> = {};
  const contribute = (d: DraftRecord, sign: number) => {
    addDelta(deltas, repo.draftCounterNames.total, sign);
    addDelta(deltas, repo.draftCounterNames.status(d.status), sign);
    addDelta(deltas, repo.draftCounterNames.kind(d.kind), sign);
  };
  if (before) contribute(before, -1);
  contribute(after, 1);
  return deltas;
}
