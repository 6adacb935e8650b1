import * as z from 'zod';
import type DataLoader from 'dataloader';
import { hasRole, requireRole, type Principal } from '../core/auth';
import { BadInputError, ConflictError, NotFoundError } from '../core/errors';
import { decodeGlobalId, newId, type NodeType } from '../core/ids';
import { pageRequest, toConnection, type PageArgs } from '../core/pagination';
import { optionalText, parseInput, requiredText } from '../core/validation';
import type { ItemKey } from '../data/batch';
import { recordChange, type RequestInfo } from '../data/audit';
import { idempotentCreate } from '../data/idempotency';
import { transactWrite, TransactionConditionFailed, type TransactItem } from '../data/transactions';
import { assignmentStatus, type ConsultationService } from '../legislation/consultations';
import * as legislationRepo from '../legislation/repository';
import { DRAFT_READERS } from '../legislation/service';
import type { LegislationService } from '../legislation/service';
import type { ConsultationRecord } from '../legislation/records';
import { feedbackKeys as keys } from './keys';
import {
  COLLECTION_METHODS,
  FEEDBACK_DECISIONS,
  type AttachmentRecord,
  type FeedbackConnectionModel,
  type FeedbackDecision,
  type FeedbackRecord,
  type FeedbackStatus,
} from './records';
import * as repo from './repository';
import { figuresFrom, statDeltas, type FeedbackFigures } from './stats';
import { feedbackAuditView, feedbackEntity } from './audit-views';

/** Staff who review and answer feedback. */
export const FEEDBACK_REVIEWERS = ['LEGISLATIVE_STAFF'] as const;
export const MAX_ARTICLES_PER_FEEDBACK = 50;

/** Today's date in Asia/Shanghai (UTC+8, no daylight saving), as YYYY-MM-DD. */
function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

const articleNumbers = z
  .array(z.number().int().min(1, 'article numbers start at 1'))
  .max(MAX_ARTICLES_PER_FEEDBACK, `at most ${MAX_ARTICLES_PER_FEEDBACK} articles`)
  .refine((a) => new Set(a).size === a.length, 'an article is named twice')
  .transform((a) => [...a].sort((x, y) => x - y));
const content = requiredText(10_000);
const participantCount = z.number().int().min(1, 'must be at least 1').max(100_000, 'must be at most 100,000');
const collectedOn = z.string().refine((d) => d <= shanghaiToday(), 'must not be in the future');

const submitSchema = z.object({
  articleNumbers,
  content,
  collectionMethod: z.enum(COLLECTION_METHODS),
  participantCount,
  collectedOn,
});

const keep = <T>(v: T | null | undefined) => v ?? undefined;
const updateSchema = z.object({
  articleNumbers: articleNumbers.nullish().transform(keep),
  content: content.nullish().transform(keep),
  collectionMethod: z.enum(COLLECTION_METHODS).nullish().transform(keep),
  participantCount: participantCount.nullish().transform(keep),
  collectedOn: collectedOn.nullish().transform(keep),
});

const answerSchema = z
  .object({ decision: z.enum(FEEDBACK_DECISIONS), reply: optionalText(5000) })
  .refine((a) => a.decision === 'ADOPTED' || a.reply !== null, { path: ['reply'], message: 'a reply is required unless ADOPTED' });

export interface FeedbackFilterArgs {
  consultationId?: string | null;
  draftId?: string | null;
  contactPointId?: string | null;
  articleNumber?: number | null;
  status?: FeedbackStatus | null;
  decision?: FeedbackDecision | null;
}

function filterId(value: string | null | undefined, type: NodeType, field: string): string | null {
  if (!value) return null;
  const decoded = decodeGlobalId(value);
  if (!decoded || decoded.type !== type) throw new BadInputError(field, `${field} is not a valid ${type} id`);
  return decoded.localId;
}

/** Feedback from contact points and the answers to it. One instance per request. */
export class FeedbackService {
  private readonly statsCache = new Map<string, Promise<FeedbackFigures>>();

  constructor(
    private readonly principal: Principal,
    private readonly items: DataLoader<ItemKey, Record<string, unknown> | null, string>,
    private readonly legislation: LegislationService,
    private readonly consultations: ConsultationService,
    private readonly request: RequestInfo,
  ) {}

  private get tenantId(): string {
    return this.principal.tenantId;
  }

  private get isStaffReader(): boolean {
    return hasRole(this.principal, ...DRAFT_READERS);
  }

  /** The liaison's own contact point, or FORBIDDEN for anyone who speaks for none. */
  private liaisonContactPoint(): string {
    requireRole(this.principal, 'CONTACT_POINT_LIAISON');
    return this.principal.contactPointId ?? '';
  }

  /** A feedback's attachments by id, through the request's loader: one BatchGetItem per page. */
  async loadAttachments(f: FeedbackRecord): Promise<AttachmentRecord[]> {
    const found = await this.items.loadMany((f.attachmentIds ?? []).map((id) => keys.attachment(f.tenantId, f.id, id)));
    return found.flatMap((a) => {
      if (a instanceof Error) throw a;
      return a ? [a as unknown as AttachmentRecord] : [];
    });
  }

  async load(id: string): Promise<FeedbackRecord | null> {
    return (await this.items.load(keys.feedback(this.tenantId, id))) as FeedbackRecord | null;
  }

  /** Staff and deputies read any feedback of their congress; a liaison its own contact point's. */
  async feedback(id: string): Promise<FeedbackRecord> {
    if (!this.isStaffReader) requireRole(this.principal, 'CONTACT_POINT_LIAISON');
    const found = await this.load(id);
    if (!found || !this.mayRead(found)) throw new NotFoundError('Feedback');
    return found;
  }

  mayRead(f: FeedbackRecord): boolean {
    return this.isStaffReader || f.contactPointId === this.principal.contactPointId;
  }

  async feedbackList(args: PageArgs & { filter?: FeedbackFilterArgs | null }): Promise<FeedbackConnectionModel> {
    if (!this.isStaffReader) requireRole(this.principal, 'CONTACT_POINT_LIAISON');
    const request = pageRequest(args);
    const f = args.filter ?? {};
    const filter: repo.FeedbackListFilter = {
      consultationId: filterId(f.consultationId, 'Consultation', 'filter.consultationId'),
      draftId: filterId(f.draftId, 'Draft', 'filter.draftId'),
      contactPointId: filterId(f.contactPointId, 'ContactPoint', 'filter.contactPointId'),
      articleNumber: f.articleNumber ?? null,
      status: f.status ?? null,
      decision: f.decision ?? null,
    };
    if (!this.isStaffReader) {
      const own = this.principal.contactPointId ?? '';
      if (filter.contactPointId && filter.contactPointId !== own) {
        return toConnection({ items: [], cursors: [], hasNextPage: false }, async () => 0);
      }
      Object.assign(filter, { contactPointId: own });
    }
    const page = await repo.listFeedback(this.tenantId, filter, request);
    return toConnection(page, () => repo.countFeedback(this.tenantId, filter));
  }

  /** The consultation a liaison answers: it must be assigned to its contact point and open now. */
  private async openConsultationFor(consultationId: string, contactPointId: string): Promise<ConsultationRecord> {
    const c = await this.consultations.find(consultationId);
    if (!c || !c.contactPointIds.includes(contactPointId)) throw new NotFoundError('Consultation');
    const now = new Date();
    if (c.closedAt) throw new BadInputError('consultationId', 'consultationId: the consultation is closed');
    if (new Date(c.closesAt) <= now) throw new BadInputError('consultationId', `consultationId: the consultation closed at ${c.closesAt}`);
    if (new Date(c.opensAt) > now) throw new BadInputError('consultationId', `consultationId: the consultation opens at ${c.opensAt}`);
    return c;
  }

  private async checkArticles(versionId: string, numbers: readonly number[]): Promise<void> {
    if (numbers.length === 0) return;
    const version = await this.legislation.loadVersionById(versionId);
    const count = version?.articleCount ?? 0;
    const missing = numbers.filter((n) => n > count);
    if (missing.length) {
      throw new BadInputError('articleNumbers', `articleNumbers: the version has articles 1 to ${count}; no ${missing.join(', ')}`);
    }
  }

  async submitFeedback(args: z.input<typeof submitSchema> & { consultationId: string; idempotencyKey?: string | null }): Promise<FeedbackRecord> {
    const contactPointId = this.liaisonContactPoint();
    const { idempotencyKey, consultationId, ...rest } = args;
    const input = parseInput(submitSchema, rest);
    const consultation = await this.openConsultationFor(consultationId, contactPointId);
    await this.checkArticles(consultation.versionId, input.articleNumbers);

    const id = newId();
    const now = new Date().toISOString();
    const feedback: FeedbackRecord = {
      ...keys.feedback(this.tenantId, id),
      sk: 'FEEDBACK',
      type: 'Feedback',
      tenantId: this.tenantId,
      id,
      consultationId: consultation.id,
      draftId: consultation.draftId,
      versionId: consultation.versionId,
      contactPointId,
      ...input,
      submittedBy: this.principal.userId,
      submittedAt: now,
      status: 'SUBMITTED',
      disposition: null,
      attachmentCount: 0,
      attachmentIds: [],
      revision: 1,
      updatedAt: now,
    };
    const writes: TransactItem[] = [
      repo.createFeedbackWrite(feedback),
      repo.assignmentRespondedWrite(this.tenantId, consultation.id, contactPointId, now),
      ...repo.statsWrites(feedback, statDeltas(null, feedback)),
      recordChange(this.principal, this.request, { ...feedbackEntity(feedback), operation: 'submitFeedback', before: null, after: feedbackAuditView(feedback) }),
    ];
    try {
      return await idempotentCreate({
        caller: this.principal,
        operation: 'submitFeedback',
        idempotencyKey,
        input: { ...input, consultationId },
        newId: id,
        writes,
        load: (createdId) => repo.getConsistent<FeedbackRecord>(keys.feedback(this.tenantId, createdId)),
      });
    } catch (error) {
      // The only other guard is the assignment's: the consultation closed while this was in flight.
      if (error instanceof TransactionConditionFailed) throw new BadInputError('consultationId', 'consultationId: the consultation is closed');
      throw error;
    }
  }

  /** Reads a feedback for a write and checks it is at the revision the caller saw. */
  private async forWrite(id: string, expectedRevision: number): Promise<FeedbackRecord> {
    const found = await repo.getConsistent<FeedbackRecord>(keys.feedback(this.tenantId, id));
    if (!found || !this.mayRead(found)) throw new NotFoundError('Feedback');
    if (found.revision !== expectedRevision) throw new ConflictError(`Stale expectedRevision: the feedback is at revision ${found.revision}`);
    return found;
  }

  /** A liaison edits or withdraws its own contact point's feedback until review starts. */
  private async ownSubmitted(id: string, expectedRevision: number): Promise<FeedbackRecord> {
    const contactPointId = this.liaisonContactPoint();
    const found = await this.forWrite(id, expectedRevision);
    if (found.contactPointId !== contactPointId) throw new NotFoundError('Feedback');
    if (found.status !== 'SUBMITTED') throw new ConflictError(`The feedback is ${found.status}: it can no longer be changed`);
    return found;
  }

  private async save(before: FeedbackRecord, changes: Partial<FeedbackRecord>, operation: string): Promise<FeedbackRecord> {
    const after: FeedbackRecord = { ...before, ...changes, revision: before.revision + 1, updatedAt: new Date().toISOString() };
    const audit = recordChange(this.principal, this.request, {
      ...feedbackEntity(after),
      operation,
      before: feedbackAuditView(before),
      after: feedbackAuditView(after),
    });
    try {
      await transactWrite([repo.updateFeedbackWrite(after, before.revision), ...repo.statsWrites(after, statDeltas(before, after)), audit]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new ConflictError('The feedback changed meanwhile; reload it');
      throw error;
    }
    this.items.clear(keys.feedback(this.tenantId, after.id));
    return after;
  }

  async updateFeedback(args: z.input<typeof updateSchema> & { id: string; expectedRevision: number }): Promise<FeedbackRecord> {
    const { id, expectedRevision, ...rest } = args;
    this.liaisonContactPoint();
    const changes = parseInput(updateSchema, rest);
    const before = await this.ownSubmitted(id, expectedRevision);
    if (changes.articleNumbers) await this.checkArticles(before.versionId, changes.articleNumbers);
    const sent = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<FeedbackRecord>;
    return this.save(before, sent, 'updateFeedback');
  }

  async withdrawFeedback(args: { id: string; expectedRevision: number }): Promise<FeedbackRecord> {
    const before = await this.ownSubmitted(args.id, args.expectedRevision);
    return this.save(before, { status: 'WITHDRAWN' }, 'withdrawFeedback');
  }

  async startReview(args: { id: string; expectedRevision: number }): Promise<FeedbackRecord> {
    requireRole(this.principal, ...FEEDBACK_REVIEWERS);
    const before = await this.forWrite(args.id, args.expectedRevision);
    if (before.status !== 'SUBMITTED') throw new ConflictError(`The feedback is ${before.status}; only SUBMITTED feedback goes under review`);
    return this.save(before, { status: 'UNDER_REVIEW' }, 'startReview');
  }

  async answerFeedback(args: { id: string; decision: FeedbackDecision; reply?: string | null; expectedRevision: number }): Promise<FeedbackRecord> {
    requireRole(this.principal, ...FEEDBACK_REVIEWERS);
    const answer = parseInput(answerSchema, { decision: args.decision, reply: args.reply });
    const before = await this.forWrite(args.id, args.expectedRevision);
    if (before.status !== 'UNDER_REVIEW' && before.status !== 'ANSWERED') {
      throw new ConflictError(`The feedback is ${before.status}; start the review before answering`);
    }
    return this.save(
      before,
      { status: 'ANSWERED', disposition: { ...answer, decidedBy: this.principal.userId, decidedAt: new Date().toISOString() } },
      'answerFeedback',
    );
  }

  // ---- figures ----

  private figures(key: ItemKey): Promise<FeedbackFigures> {
    const cacheKey = `${key.pk}|${key.sk}`;
    let found = this.statsCache.get(cacheKey);
    if (!found) {
      found = this.items.load(key).then(figuresFrom);
      this.statsCache.set(cacheKey, found);
    }
    return found;
  }

  consultationStats(consultationId: string): Promise<FeedbackFigures> {
    requireRole(this.principal, ...DRAFT_READERS);
    return this.figures(keys.consultationStats(this.tenantId, consultationId));
  }

  draftStats(draftId: string): Promise<FeedbackFigures> {
    requireRole(this.principal, ...DRAFT_READERS);
    return this.figures(keys.draftStats(this.tenantId, draftId));
  }

  /** Assigned/responded/overdue depend on the clock, so they come from the contact point's assignments. */
  async contactPointStats(contactPointId: string) {
    if (!this.isStaffReader && this.principal.contactPointId !== contactPointId) requireRole(this.principal, ...DRAFT_READERS);
    const [assignments, counters] = await Promise.all([
      legislationRepo.allAssignmentsOfContactPoint(this.tenantId, contactPointId),
      this.items.load(keys.contactPointStats(this.tenantId, contactPointId)),
    ]);
    const now = new Date();
    const statuses = assignments.map((a) => assignmentStatus(a, now));
    const n = (name: string) => (typeof counters?.[name] === 'number' ? (counters[name] as number) : 0);
    return {
      consultationsAssigned: assignments.length,
      consultationsResponded: statuses.filter((s) => s === 'RESPONDED').length,
      consultationsOverdue: statuses.filter((s) => s === 'OVERDUE').length,
      feedbackSubmitted: n('feedbackSubmitted'),
      feedbackAdopted: n('decision_ADOPTED'),
      feedbackPartlyAdopted: n('decision_PARTLY_ADOPTED'),
    };
  }
}
