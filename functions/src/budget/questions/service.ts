import type DataLoader from 'dataloader';
import * as z from 'zod';
import { requireRole, type Principal } from '../../core/auth';
import { BadInputError, ConflictError, InvalidTransitionError, NotFoundError } from '../../core/errors';
import { decodeGlobalId, newId, toGlobalId, type NodeType } from '../../core/ids';
import { pageRequest, toConnection, type Connection, type PageArgs } from '../../core/pagination';
import { parseInput, requiredText } from '../../core/validation';
import { recordChange, type RequestInfo } from '../../data/audit';
import type { ItemKey } from '../../data/batch';
import { idempotentCreate } from '../../data/idempotency';
import { getItem } from '../../data/items';
import { queryBoundedPage } from '../../data/query';
import { guardedUpdate, MUST_BE_NEW, putWrite, TransactionConditionFailed, transactWrite, updateWrite } from '../../data/transactions';
import type { AlertService } from '../alerts/service';
import type { AlertRecord } from '../alerts/records';
import type { AuditFindingRecord } from '../findings/records';
import type { FindingService } from '../findings/service';
import type { BudgetLineRecord } from '../records';
import { BUDGET_READERS } from '../access';
import type { BudgetService } from '../service';
import { questionKeys } from './keys';
import type { QuestionPointerRecord, QuestionRecord, QuestionStatus, QuestionSubjectType } from './records';

/** A filtered page of questions reads at most this many items (then hands back a cursor). */
const MAX_ITEMS_READ = 400;

const askSchema = z.object({ question: requiredText(2000) });
const answerSchema = z.object({ text: requiredText(5000) });

export type QuestionConnectionModel = Omit<Connection<QuestionRecord>, 'totalCount'>;
export type QuestionSubjectModel = BudgetLineRecord | AlertRecord | AuditFindingRecord;

export interface QuestionFilterArgs {
  status?: QuestionStatus | null;
  subjectId?: string | null;
  mine?: boolean | null;
}

/**
 * Deputies' questions on the budget (代表询问) for one request: DEPUTY asks, BUDGET_STAFF answers,
 * budget readers (staff, deputies, the congress office) read them all. A question's subject is
 * dispatched on its global id's type; each type reads through its own service, with its checks.
 */
export class QuestionService {
  /** How each subject type is read (NOT_FOUND when it is not the tenant's). Audit findings join here. */
  private readonly subjects: Readonly<Record<QuestionSubjectType, (localId: string) => Promise<QuestionSubjectModel>>>;

  constructor(
    private readonly principal: Principal,
    private readonly items: DataLoader<ItemKey, Record<string, unknown> | null, string>,
    private readonly request: RequestInfo,
    budget: BudgetService,
    alerts: AlertService,
    findings: FindingService,
  ) {
    this.subjects = { BudgetLine: (id) => budget.line(id), Alert: (id) => alerts.alert(id), AuditFinding: (id) => findings.finding(id) };
  }

  private get tenantId(): string {
    return this.principal.tenantId;
  }

  private requireReader(): void {
    requireRole(this.principal, ...BUDGET_READERS);
  }

  /** The subject a global id names: BAD_USER_INPUT for a type questions cannot be about. */
  private subjectRef(globalId: string, field: string): { type: QuestionSubjectType; localId: string } {
    const decoded = decodeGlobalId(globalId);
    if (!decoded || !(decoded.type in this.subjects)) throw new BadInputError(field, `${field} must be the id of a budget line, an alert or an audit finding`);
    return { type: decoded.type as QuestionSubjectType, localId: decoded.localId };
  }

  async question(localId: string): Promise<QuestionRecord> {
    this.requireReader();
    const found = /^[0-9A-HJKMNP-TV-Z]{26}$/.test(localId) ? ((await this.items.load(questionKeys.question(this.tenantId, localId))) as QuestionRecord | null) : null;
    if (!found) throw new NotFoundError('Budget question');
    return found;
  }

  async subject(q: QuestionRecord): Promise<QuestionSubjectModel> {
    return this.subjects[q.subjectType](q.subjectLocalId);
  }

  async questions(args: PageArgs & { filter?: QuestionFilterArgs | null }): Promise<QuestionConnectionModel> {
    this.requireReader();
    const f = args.filter ?? {};
    if (f.subjectId !== null && f.subjectId !== undefined) {
      const ref = this.subjectRef(f.subjectId, 'filter.subjectId');
      return this.questionsOfSubject(ref.type, ref.localId, args, f);
    }
    const page = pageRequest(args);
    const result = await queryBoundedPage<QuestionRecord & Record<string, unknown>>(
      { table: 'budget', partitionValue: questionKeys.questionsPartition(this.tenantId), sortKeyPrefix: 'QUESTION#', newestFirst: true },
      page,
      { matches: (q) => this.matches(q, f), maxItemsRead: MAX_ITEMS_READ },
    );
    const { totalCount: _unused, ...connection } = toConnection<QuestionRecord>(result, async () => 0);
    return connection;
  }

  /** A subject's questions, newest first: its pointers (one Query), then the questions (one BatchGetItem). */
  async questionsOfSubject(type: QuestionSubjectType, localId: string, args: PageArgs, f: QuestionFilterArgs = {}): Promise<QuestionConnectionModel> {
    this.requireReader();
    const page = pageRequest(args);
    const result = await queryBoundedPage<QuestionPointerRecord & Record<string, unknown>>(
      { table: 'budget', partitionValue: questionKeys.subjectPartition(this.tenantId, type, localId), sortKeyPrefix: 'QUESTION#', newestFirst: true },
      page,
      { matches: (p) => this.matches(p, f), maxItemsRead: MAX_ITEMS_READ },
    );
    const loaded = await this.items.loadMany(result.items.map((p) => questionKeys.question(this.tenantId, p.questionId)));
    const questions = loaded.map((q) => (q instanceof Error ? null : (q as QuestionRecord | null)));
    const kept = result.items.flatMap((_p, i) => (questions[i] ? [{ item: questions[i]!, cursor: result.cursors[i]! }] : []));
    const { totalCount: _unused, ...connection } = toConnection<QuestionRecord>(
      { items: kept.map((k) => k.item), cursors: kept.map((k) => k.cursor), hasNextPage: result.hasNextPage, endCursor: result.endCursor ?? result.cursors.at(-1) },
      async () => 0,
    );
    return connection;
  }

  private matches(q: { status: QuestionStatus; askedBy: string }, f: QuestionFilterArgs): boolean {
    return (!f.status || q.status === f.status) && (!f.mine || q.askedBy === this.principal.userId);
  }

  async ask(input: { subjectId: string; question: string; idempotencyKey?: string | null }): Promise<QuestionRecord> {
    requireRole(this.principal, 'DEPUTY');
    const ref = this.subjectRef(input.subjectId, 'subjectId');
    const { question } = parseInput(askSchema, { question: input.question });
    await this.subjects[ref.type](ref.localId);
    const now = new Date().toISOString();
    const id = newId();
    const record: QuestionRecord = {
      ...questionKeys.question(this.tenantId, id),
      type: 'BudgetQuestion',
      tenantId: this.tenantId,
      id,
      subjectType: ref.type,
      subjectLocalId: ref.localId,
      question,
      askedBy: this.principal.userId,
      askedAt: now,
      status: 'OPEN',
      answer: null,
      revision: 1,
      updatedAt: now,
    };
    const pointer: QuestionPointerRecord = {
      ...questionKeys.pointer(this.tenantId, ref.type, ref.localId, id),
      type: 'BudgetQuestionPointer',
      questionId: id,
      status: 'OPEN',
      askedBy: record.askedBy,
    };
    return idempotentCreate<QuestionRecord>({
      caller: this.principal,
      operation: 'askBudgetQuestion',
      idempotencyKey: input.idempotencyKey,
      input: { subjectId: toGlobalId(ref.type as NodeType, ref.localId), question },
      newId: id,
      writes: [
        putWrite('budget', { ...record }, MUST_BE_NEW),
        putWrite('budget', { ...pointer }, MUST_BE_NEW),
        recordChange(this.principal, this.request, { ...questionEntity(record), operation: 'askBudgetQuestion', before: null, after: questionAuditView(record) }),
      ],
      load: (newQuestionId) => getItem<QuestionRecord>('budget', questionKeys.question(this.tenantId, newQuestionId), { consistent: true }),
    });
  }

  async answer(input: { questionId: string; text: string; expectedRevision: number }): Promise<QuestionRecord> {
    requireRole(this.principal, 'BUDGET_STAFF');
    const decoded = decodeGlobalId(input.questionId);
    if (!decoded || decoded.type !== 'BudgetQuestion') throw new BadInputError('questionId', 'questionId is not a valid BudgetQuestion id');
    const { text } = parseInput(answerSchema, { text: input.text });
    if (!Number.isInteger(input.expectedRevision) || input.expectedRevision < 1) throw new BadInputError('expectedRevision', 'expectedRevision must be the revision read');
    const before = await getItem<QuestionRecord>('budget', questionKeys.question(this.tenantId, decoded.localId), { consistent: true });
    if (!before) throw new NotFoundError('Budget question');
    if (before.status !== 'OPEN') throw new InvalidTransitionError(before.status, 'ANSWERED', 'the question is already answered');
    if (before.revision !== input.expectedRevision) throw new ConflictError(`The question is at revision ${before.revision}, not ${input.expectedRevision}`);
    const now = new Date().toISOString();
    const after: QuestionRecord = { ...before, status: 'ANSWERED', answer: { text, answeredAt: now, answeredBy: this.principal.userId }, revision: before.revision + 1, updatedAt: now };
    try {
      await transactWrite([
        guardedUpdate('budget', before, { status: after.status, answer: after.answer, revision: after.revision, updatedAt: now }, [], before.revision),
        updateWrite('budget', questionKeys.pointer(this.tenantId, before.subjectType, before.subjectLocalId, before.id), {
          expression: 'SET #status = :status',
          names: { '#status': 'status' },
          values: { ':status': after.status },
        }),
        recordChange(this.principal, this.request, { ...questionEntity(after), operation: 'answerBudgetQuestion', before: questionAuditView(before), after: questionAuditView(after) }),
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new ConflictError('The question changed meanwhile; read it again');
      throw error;
    }
    return after;
  }
}

function questionEntity(q: QuestionRecord): { entityType: string; entityId: string } {
  return { entityType: 'BudgetQuestion', entityId: toGlobalId('BudgetQuestion', q.id) };
}

function questionAuditView(q: QuestionRecord): Record<string, unknown> {
  return { subject: toGlobalId(q.subjectType as NodeType, q.subjectLocalId), question: q.question, status: q.status, answer: q.answer?.text ?? null, revision: q.revision };
}
