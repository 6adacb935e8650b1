import type DataLoader from 'dataloader';
import * as z from 'zod';
import { hasRole, requireRole, type Principal } from '../../core/auth';
import { BadInputError, ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError } from '../../core/errors';
import { decodeGlobalId, newId, UNIT_CODE_PATTERN } from '../../core/ids';
import { pageRequest, toConnection, type Connection, type PageArgs } from '../../core/pagination';
import { optionalText, parseInput, requiredText } from '../../core/validation';
import { recordChange, type RequestInfo } from '../../data/audit';
import { batchGet, type ItemKey } from '../../data/batch';
import { counterAddWrite } from '../../data/counters';
import { earlierResult, idempotentCreate } from '../../data/idempotency';
import { getItem } from '../../data/items';
import { queryBoundedPage } from '../../data/query';
import { presignDownload, presignUpload, type PresignedPost } from '../../data/s3-presign';
import { conditionCheck, guardedPut, guardedUpdate, MUST_BE_NEW, putWrite, TransactionConditionFailed, transactWrite, updateWrite, type TransactItem } from '../../data/transactions';
import { pendingUploadState, uploadRequestSchema, visibleUploadStatus } from '../../files/uploads';
import { alertCountDeltas } from '../alerts/counts';
import { alertKeys, parseAlertLocalId } from '../alerts/keys';
import { ALERT_RULES, type AlertRecord, type AlertStatus } from '../alerts/records';
import { budgetReadScope } from '../access';
import { alertAuditView, alertEntity, inquiryAuditView, inquiryEntity } from './audit-views';
import { inquiryFileObjectKey, inquiryKeys, inquiryLocalId, parseInquiryLocalId } from './keys';
import type { InquiryFileRecord, InquiryRecord, WorkflowAlert } from './records';
import {
  AWAITING_ANSWER,
  DISMISS_REASON_NAMES,
  nextStatus,
  overdueDays,
  shanghaiDate,
  type AlertMove,
  type DismissReason,
  type InquiryStatus,
} from './workflow';

/** Who sends inquiries and moves alerts: the budget committee's staff. */
export const INQUIRY_SENDERS = ['BUDGET_STAFF'] as const;
/** One transaction moves every alert of an inquiry with its audit record: 2 items each, plus 4. */
export const MAX_ALERTS_PER_INQUIRY = 20;
export const MAX_FILES_PER_ANSWER = 10;
/** Rejected and expired uploads stay listed; this bounds the list (and the inquiry item's size). */
export const MAX_FILE_REQUESTS_PER_INQUIRY = 30;
/** A filtered page of inquiries reads at most this many items (then hands back a cursor). */
const MAX_ITEMS_READ = 400;
const MAX_DUE_DAYS = 366;

const sendSchema = z.object({
  alertIds: z
    .array(z.string())
    .min(1, 'name at least one alert')
    .max(MAX_ALERTS_PER_INQUIRY, `at most ${MAX_ALERTS_PER_INQUIRY} alerts an inquiry`)
    .refine((ids) => new Set(ids).size === ids.length, 'an alert is named twice'),
  question: requiredText(5000),
  dueOn: z.string(),
});
const answerSchema = z.object({ text: requiredText(5000) });
const returnSchema = z.object({ note: requiredText(2000) });
const closeSchema = z.object({ note: optionalText(2000) });
const dismissSchema = z.object({ note: requiredText(2000) });

function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new BadInputError('year', 'year must be a budget year between 2000 and 2100');
  return year;
}

function checkRevision(value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new BadInputError('expectedRevision', 'expectedRevision must be the revision read');
  return value;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The alert key of an inquiry's alert sort key. */
function alertKeyOf(tenantId: string, year: number, sk: string): ItemKey {
  return { pk: alertKeys.alertsPartition(tenantId, year), sk };
}

export type InquiryConnectionModel = Omit<Connection<InquiryRecord>, 'totalCount'>;

/**
 * Inquiries (询问) and the alert workflow for one request. Staff send, return, close and dismiss;
 * the unit an inquiry was sent to (BUDGET_UNIT) reads and answers it; budget readers read. Every
 * move is checked against the workflow table (workflow.ts), guarded by the revisions read, and
 * written in one transaction with the alert counts and the audit records.
 */
export class InquiryService {
  constructor(
    private readonly principal: Principal,
    private readonly items: DataLoader<ItemKey, Record<string, unknown> | null, string>,
    private readonly request: RequestInfo,
  ) {}

  private get tenantId(): string {
    return this.principal.tenantId;
  }

  /**
   * Whose inquiries the caller may read: every unit's (budget readers), or one unit's (a budget
   * unit's user, whatever else it holds not being a reader). Anyone else is FORBIDDEN.
   */
  private readScope(): { unitCode: string | null } {
    return budgetReadScope(this.principal);
  }

  /** The unit a BUDGET_UNIT caller answers for; FORBIDDEN for anyone else. */
  private answeringUnit(): string {
    if (!hasRole(this.principal, 'BUDGET_UNIT') || !this.principal.unitCode) throw new ForbiddenError();
    return this.principal.unitCode;
  }

  // ---- reads ----

  /** An inquiry by its local id; another unit's (for a budget unit) or another tenant's is NOT_FOUND. */
  async inquiry(localId: string): Promise<InquiryRecord> {
    const scope = this.readScope();
    const ref = parseInquiryLocalId(localId);
    if (!ref || (scope.unitCode !== null && ref.unitCode !== scope.unitCode)) throw new NotFoundError('Inquiry');
    const found = (await this.items.load(inquiryKeys.inquiry(this.tenantId, ref.year, ref.unitCode, ref.id))) as InquiryRecord | null;
    if (!found) throw new NotFoundError('Inquiry');
    return found;
  }

  async inquiries(args: PageArgs & { year: number; filter?: { unitCode?: string | null; status?: InquiryStatus | null } | null }): Promise<InquiryConnectionModel> {
    const scope = this.readScope();
    const year = checkYear(args.year);
    const page = pageRequest(args);
    const f = args.filter ?? {};
    const asked = f.unitCode === null || f.unitCode === undefined ? null : f.unitCode.trim();
    if (asked !== null && !UNIT_CODE_PATTERN.test(asked)) throw new BadInputError('filter.unitCode', 'filter.unitCode must be a unit code');
    // A budget unit asking for another unit is refused whether or not that unit exists: nothing learnt.
    if (scope.unitCode !== null && asked !== null && asked !== scope.unitCode) throw new ForbiddenError();
    const unitCode = scope.unitCode ?? asked;
    const result = await queryBoundedPage<InquiryRecord & Record<string, unknown>>(
      { table: 'budget', partitionValue: inquiryKeys.inquiriesPartition(this.tenantId, year), sortKeyPrefix: unitCode ? inquiryKeys.unitPrefix(unitCode) : undefined },
      page,
      { matches: (i) => !f.status || i.status === f.status, maxItemsRead: MAX_ITEMS_READ },
    );
    const { totalCount: _unused, ...connection } = toConnection<InquiryRecord>(result, async () => 0);
    return connection;
  }

  /** An inquiry's alerts, through the request's loader (a page of inquiries' alerts is one BatchGetItem). */
  async alertsOf(inquiry: InquiryRecord): Promise<AlertRecord[]> {
    const found = await this.items.loadMany(inquiry.alertSks.map((sk) => alertKeyOf(this.tenantId, inquiry.year, sk)));
    return found.filter((a): a is Record<string, unknown> => a !== null && !(a instanceof Error)) as unknown as AlertRecord[];
  }

  /** The inquiries about an alert the caller may read, oldest first. */
  async inquiriesOf(alert: WorkflowAlert): Promise<InquiryRecord[]> {
    this.readScope();
    const ids = alert.inquiryIds ?? [];
    const found = await this.items.loadMany(ids.map((id) => this.inquiryKeyOf(id)).filter((k): k is ItemKey => k !== null));
    return found.filter((i): i is Record<string, unknown> => i !== null && !(i instanceof Error)) as unknown as InquiryRecord[];
  }

  /** The latest inquiry about an alert: joins the BatchGetItem of the page's subjects. */
  async latestInquiryOf(alert: WorkflowAlert): Promise<InquiryRecord | null> {
    this.readScope();
    const last = alert.inquiryIds?.at(-1);
    const key = last ? this.inquiryKeyOf(last) : null;
    return key ? ((await this.items.load(key)) as InquiryRecord | null) : null;
  }

  private inquiryKeyOf(localId: string): ItemKey | null {
    const ref = parseInquiryLocalId(localId);
    return ref ? inquiryKeys.inquiry(this.tenantId, ref.year, ref.unitCode, ref.id) : null;
  }

  overdueDays(inquiry: InquiryRecord): number {
    return overdueDays(inquiry.status, inquiry.dueOn, shanghaiDate());
  }

  /** The files uploaded for an inquiry's answer, oldest first. */
  async filesOf(inquiry: InquiryRecord): Promise<InquiryFileRecord[]> {
    const found = await this.items.loadMany(inquiry.fileIds.map((id) => inquiryKeys.file(this.tenantId, inquiry.id, id)));
    return found.filter((f): f is Record<string, unknown> => f !== null && !(f instanceof Error)) as unknown as InquiryFileRecord[];
  }

  /** A 5-minute link for an AVAILABLE file (the caller reached it through an inquiry it may read). */
  async downloadUrl(file: InquiryFileRecord): Promise<string | null> {
    if (visibleUploadStatus(file) !== 'AVAILABLE') return null;
    return presignDownload(file.s3Key, file.fileName, file.contentType);
  }

  // ---- sending ----

  async send(input: { alertIds: readonly string[]; question: string; dueOn: string; idempotencyKey?: string | null }): Promise<InquiryRecord> {
    requireRole(this.principal, ...INQUIRY_SENDERS);
    const parsed = parseInput(sendSchema, { alertIds: input.alertIds, question: input.question, dueOn: input.dueOn });
    const today = shanghaiDate();
    if (parsed.dueOn < today) throw new BadInputError('dueOn', 'dueOn: the due date must be today or later');
    if (parsed.dueOn > addDays(today, MAX_DUE_DAYS)) throw new BadInputError('dueOn', `dueOn: the due date must be within ${MAX_DUE_DAYS} days`);
    const refs = parsed.alertIds.map((id, i) => {
      const decoded = decodeGlobalId(id);
      const ref = decoded?.type === 'Alert' ? parseAlertLocalId(decoded.localId) : null;
      if (!ref || !(ALERT_RULES as readonly string[]).includes(ref.rule)) throw new BadInputError(`alertIds.${i}`, `alertIds.${i} is not a valid Alert id`);
      return ref;
    });
    const replayed = await earlierResult<InquiryRecord>({
      caller: this.principal,
      operation: 'sendInquiry',
      idempotencyKey: input.idempotencyKey,
      input: parsed,
      load: (id) => this.loadInquiryConsistent(id),
    });
    if (replayed) return replayed;

    const alerts = (await batchGet<WorkflowAlert>('budget', refs.map((r) => alertKeys.alert(this.tenantId, r.year, r.rule, r.kind, r.subjectKey)))).map((a) => {
      if (!a) throw new NotFoundError('Alert');
      return a;
    });
    const first = alerts[0]!;
    if (alerts.some((a) => a.unitCode !== first.unitCode || a.year !== first.year)) {
      throw new BadInputError('alertIds', 'alertIds: an inquiry goes to one unit: all its alerts must be of the same unit and year');
    }
    const replaced = await this.checkSendable(alerts);

    const now = new Date().toISOString();
    const id = newId();
    const key = inquiryKeys.inquiry(this.tenantId, first.year, first.unitCode, id);
    const inquiry: InquiryRecord = {
      ...key,
      type: 'Inquiry',
      tenantId: this.tenantId,
      id,
      year: first.year,
      unitCode: first.unitCode,
      unitName: first.unitName,
      alertSks: alerts.map((a) => a.sk),
      question: parsed.question,
      dueOn: parsed.dueOn,
      sentAt: now,
      sentBy: this.principal.userId,
      status: 'SENT',
      answer: null,
      returnNote: null,
      fileIds: [],
      fileCount: 0,
      revision: 1,
      updatedAt: now,
    };
    const localId = inquiryLocalId(inquiry);
    // The history shows the question (its start): what the unit was asked, in the users' words.
    const note = [...parsed.question].slice(0, 200).join('');
    const moved = alerts.map((a) => this.moved(a, 'SEND_INQUIRY', note, now, { inquiryIds: [...(a.inquiryIds ?? []), localId] }));
    const writes: TransactItem[] = [
      putWrite('budget', { ...inquiry }, MUST_BE_NEW),
      recordChange(this.principal, this.request, { ...inquiryEntity(inquiry), operation: 'sendInquiry', before: null, after: inquiryAuditView(inquiry) }),
      ...this.alertWrites(alerts, moved, 'sendInquiry'),
    ];
    // A returned inquiry whose alerts all move to the new one is done: it closes (no longer awaited).
    const covered = new Set(inquiry.alertSks);
    for (const old of replaced.filter((r) => r.alertSks.every((sk) => covered.has(sk)))) {
      const closed: InquiryRecord = { ...old, status: 'CLOSED', revision: old.revision + 1, updatedAt: now };
      writes.push(guardedUpdate('budget', { pk: old.pk, sk: old.sk }, inquiryFields(closed), [], old.revision));
      writes.push(recordChange(this.principal, this.request, { ...inquiryEntity(closed), operation: 'sendInquiry', before: inquiryAuditView(old), after: inquiryAuditView(closed) }));
    }
    try {
      return await idempotentCreate<InquiryRecord>({
        caller: this.principal,
        operation: 'sendInquiry',
        idempotencyKey: input.idempotencyKey,
        input: parsed,
        // The record keeps the local id, which names the inquiry's key (a retry reads it back by it).
        newId: localId,
        writes,
        load: (created) => this.loadInquiryConsistent(created),
      });
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new ConflictError('An alert changed meanwhile; read it again');
      throw error;
    }
  }

  /**
   * OPEN alerts, or alerts whose latest inquiry was returned (a new inquiry replaces it). Returns
   * those returned inquiries.
   */
  private async checkSendable(alerts: readonly WorkflowAlert[]): Promise<InquiryRecord[]> {
    for (const a of alerts) {
      if (!nextStatus(a.status, 'SEND_INQUIRY')) throw new InvalidTransitionError(a.status, 'INQUIRY_SENT', 'only an open alert, or one whose answer was returned, can get an inquiry');
    }
    // Alerts already under an inquiry: their latest inquiry must have been returned.
    const asked = alerts.filter((a) => a.status === 'INQUIRY_SENT');
    const keys = asked.map((a) => this.inquiryKeyOf(a.inquiryIds?.at(-1) ?? ''));
    const latest = asked.length && keys.every((k) => k !== null) ? await batchGet<InquiryRecord>('budget', keys as ItemKey[]) : [];
    asked.forEach((a, i) => {
      if (latest[i]?.status !== 'RETURNED') {
        throw new InvalidTransitionError(a.status, 'INQUIRY_SENT', 'an inquiry about this alert is already awaiting the unit’s answer');
      }
    });
    return [...new Map((latest as InquiryRecord[]).map((i) => [i.sk, i])).values()];
  }

  private async loadInquiryConsistent(localId: string): Promise<InquiryRecord | null> {
    const key = this.inquiryKeyOf(localId);
    return key ? getItem<InquiryRecord>('budget', key, { consistent: true }) : null;
  }

  /** The alert after `move` (INVALID_TRANSITION when the table has none), with its history entry. */
  private moved(alert: WorkflowAlert, move: AlertMove, note: string | null, now: string, extra: Partial<WorkflowAlert> = {}): WorkflowAlert {
    const to = nextStatus(alert.status, move);
    if (!to) throw new InvalidTransitionError(alert.status, targetOf(move));
    return {
      ...alert,
      ...extra,
      status: to,
      history: [...alert.history, { at: now, by: this.principal.userId, action: move, from: alert.status, to, severity: alert.severity, note }],
      revision: alert.revision + 1,
      updatedAt: now,
    };
  }

  /** Each alert guarded by the revision read, the counts moved by the difference, an audit record each. */
  private alertWrites(before: readonly WorkflowAlert[], after: readonly WorkflowAlert[], operation: string): TransactItem[] {
    const deltas: Record<string, number> = {};
    const writes: TransactItem[] = [];
    before.forEach((b, i) => {
      const a = after[i]!;
      alertCountDeltas(b, a, deltas);
      writes.push(guardedPut('budget', a as unknown as Record<string, unknown>, b.revision));
      writes.push(recordChange(this.principal, this.request, { ...alertEntity(a), operation, before: alertAuditView(b), after: alertAuditView(a) }));
    });
    const counts = counterAddWrite('budget', alertKeys.counts(this.tenantId, before[0]!.year), deltas);
    if (counts) writes.push(counts);
    return writes;
  }

  // ---- the unit's answer ----

  async requestAnswerUpload(input: { inquiryId: string; fileName: string; contentType: string; size: number }): Promise<{ file: InquiryFileRecord; upload: PresignedPost }> {
    const unitCode = this.answeringUnit();
    const checked = parseInput(uploadRequestSchema, { fileName: input.fileName, contentType: input.contentType, size: input.size });
    const inquiry = await this.ownInquiry(input.inquiryId, unitCode);
    if (!AWAITING_ANSWER.includes(inquiry.status)) throw new ConflictError(`The inquiry is ${inquiry.status}: files can no longer be added`);
    const id = newId();
    const s3Key = inquiryFileObjectKey(this.tenantId, inquiry.id, id);
    const upload = await presignUpload(s3Key, checked.contentType, checked.size);
    const now = new Date().toISOString();
    const file: InquiryFileRecord = {
      ...inquiryKeys.file(this.tenantId, inquiry.id, id),
      type: 'InquiryFile',
      tenantId: this.tenantId,
      id,
      inquiryId: inquiry.id,
      inquiryPk: inquiry.pk,
      inquirySk: inquiry.sk,
      ...checked,
      s3Key,
      ...pendingUploadState(upload.expiresAt, this.principal.userId, now),
    };
    try {
      await transactWrite([
        // A place, while the answer is still awaited: the condition holds against a concurrent answer.
        updateWrite('budget', { pk: inquiry.pk, sk: inquiry.sk }, {
          expression: 'ADD fileCount :one SET fileIds = list_append(fileIds, :id)',
          condition: 'fileCount < :held AND size(fileIds) < :total AND #status IN (:sent, :returned)',
          names: { '#status': 'status' },
          values: { ':one': 1, ':id': [id], ':held': MAX_FILES_PER_ANSWER, ':total': MAX_FILE_REQUESTS_PER_INQUIRY, ':sent': 'SENT', ':returned': 'RETURNED' },
        }),
        putWrite('budget', { ...file }, MUST_BE_NEW),
        recordChange(this.principal, this.request, {
          ...inquiryEntity(inquiry),
          operation: 'requestInquiryAnswerUpload',
          before: null,
          after: { file: { id, fileName: file.fileName, contentType: file.contentType, size: file.size } },
        }),
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) {
        throw new BadInputError('inquiryId', `inquiryId: an answer holds at most ${MAX_FILES_PER_ANSWER} files (and ${MAX_FILE_REQUESTS_PER_INQUIRY} upload requests), while it is awaited`);
      }
      throw error;
    }
    return { file, upload };
  }

  /** An inquiry of the caller's own unit (NOT_FOUND for any other, exactly as for ids that never existed). */
  private async ownInquiry(globalId: string, unitCode: string): Promise<InquiryRecord> {
    const decoded = decodeGlobalId(globalId);
    if (!decoded || decoded.type !== 'Inquiry') throw new BadInputError('inquiryId', 'inquiryId is not a valid Inquiry id');
    const ref = parseInquiryLocalId(decoded.localId);
    if (!ref || ref.unitCode !== unitCode) throw new NotFoundError('Inquiry');
    const found = await getItem<InquiryRecord>('budget', inquiryKeys.inquiry(this.tenantId, ref.year, ref.unitCode, ref.id), { consistent: true });
    if (!found) throw new NotFoundError('Inquiry');
    return found;
  }

  /** A staff move's inquiry (any unit of the tenant). */
  private async anyInquiry(globalId: string): Promise<InquiryRecord> {
    const decoded = decodeGlobalId(globalId);
    if (!decoded || decoded.type !== 'Inquiry') throw new BadInputError('inquiryId', 'inquiryId is not a valid Inquiry id');
    const found = await this.loadInquiryConsistent(decoded.localId);
    if (!found) throw new NotFoundError('Inquiry');
    return found;
  }

  async answer(input: { inquiryId: string; text: string; expectedRevision: number }): Promise<InquiryRecord> {
    const unitCode = this.answeringUnit();
    const { text } = parseInput(answerSchema, { text: input.text });
    const expected = checkRevision(input.expectedRevision);
    const inquiry = await this.ownInquiry(input.inquiryId, unitCode);
    if (!AWAITING_ANSWER.includes(inquiry.status)) throw new InvalidTransitionError(inquiry.status, 'ANSWERED', 'only an inquiry awaiting its answer can be answered');
    if (inquiry.revision !== expected) throw new ConflictError(`The inquiry is at revision ${inquiry.revision}, not ${expected}`);
    const now = new Date().toISOString();
    const next: InquiryRecord = { ...inquiry, status: 'ANSWERED', answer: { text, answeredAt: now, answeredBy: this.principal.userId }, revision: inquiry.revision + 1, updatedAt: now };
    return this.moveInquiry(inquiry, next, 'ANSWER', 'answerInquiry', null, now);
  }

  async returnAnswer(input: { inquiryId: string; note: string; expectedRevision: number }): Promise<InquiryRecord> {
    requireRole(this.principal, ...INQUIRY_SENDERS);
    const { note } = parseInput(returnSchema, { note: input.note });
    const expected = checkRevision(input.expectedRevision);
    const inquiry = await this.anyInquiry(input.inquiryId);
    if (inquiry.status !== 'ANSWERED') throw new InvalidTransitionError(inquiry.status, 'RETURNED', 'only an answered inquiry can be returned');
    if (inquiry.revision !== expected) throw new ConflictError(`The inquiry is at revision ${inquiry.revision}, not ${expected}`);
    const now = new Date().toISOString();
    const next: InquiryRecord = { ...inquiry, status: 'RETURNED', returnNote: note, revision: inquiry.revision + 1, updatedAt: now };
    return this.moveInquiry(inquiry, next, 'RETURN_ANSWER', 'returnInquiryAnswer', note, now);
  }

  /**
   * Moves an inquiry and, with it, those of its alerts still under it (an alert already closed, or
   * cleared meanwhile, stays where it is), in one transaction.
   */
  private async moveInquiry(before: InquiryRecord, after: InquiryRecord, move: AlertMove, operation: string, note: string | null, now: string): Promise<InquiryRecord> {
    const alerts = (await batchGet<WorkflowAlert>('budget', before.alertSks.map((sk) => alertKeyOf(this.tenantId, before.year, sk)))).filter(
      (a): a is WorkflowAlert => a !== null && a.inquiryIds?.at(-1) === inquiryLocalId(before) && nextStatus(a.status, move) !== null,
    );
    // A returned inquiry some of whose alerts went on to a newer one answers for those still under it;
    // with none left there is nothing to answer.
    if (alerts.length === 0 && move === 'ANSWER') throw new InvalidTransitionError(before.status, after.status, 'a newer inquiry replaced it');
    const writes: TransactItem[] = [
      guardedUpdate('budget', { pk: before.pk, sk: before.sk }, inquiryFields(after), [], before.revision),
      recordChange(this.principal, this.request, { ...inquiryEntity(after), operation, before: inquiryAuditView(before), after: inquiryAuditView(after) }),
    ];
    if (alerts.length) writes.push(...this.alertWrites(alerts, alerts.map((a) => this.moved(a, move, note, now)), operation));
    try {
      await transactWrite(writes);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new ConflictError('The inquiry or one of its alerts changed meanwhile; read it again');
      throw error;
    }
    return after;
  }

  // ---- staff moves of one alert ----

  async closeAlert(input: { alertId: string; note?: string | null; expectedRevision: number }): Promise<AlertRecord> {
    requireRole(this.principal, ...INQUIRY_SENDERS);
    const { note } = parseInput(closeSchema, { note: input.note });
    const expected = checkRevision(input.expectedRevision);
    const alert = await this.staffAlert(input.alertId, expected);
    const now = new Date().toISOString();
    const after = this.moved(alert, 'CLOSE', note, now);
    const writes = this.alertWrites([alert], [after], 'closeAlert');
    // The inquiry closes with its last open alert; the others are guarded as read.
    const inquiryId = alert.inquiryIds?.at(-1);
    const inquiry = inquiryId ? await this.loadInquiryConsistent(inquiryId) : null;
    if (inquiry && inquiry.status === 'ANSWERED') {
      const others = (await batchGet<WorkflowAlert>('budget', inquiry.alertSks.filter((sk) => sk !== alert.sk).map((sk) => alertKeyOf(this.tenantId, inquiry.year, sk)))).filter(
        (a): a is WorkflowAlert => a !== null,
      );
      const stillOpen = others.some((a) => a.inquiryIds?.at(-1) === inquiryId && (a.status === 'ANSWERED' || a.status === 'INQUIRY_SENT'));
      if (!stillOpen) {
        const closed: InquiryRecord = { ...inquiry, status: 'CLOSED', revision: inquiry.revision + 1, updatedAt: now };
        writes.push(guardedUpdate('budget', { pk: inquiry.pk, sk: inquiry.sk }, inquiryFields(closed), [], inquiry.revision));
        for (const o of others) writes.push(conditionCheck('budget', o, { expression: 'revision = :expected', values: { ':expected': o.revision } }));
        writes.push(recordChange(this.principal, this.request, { ...inquiryEntity(closed), operation: 'closeAlert', before: inquiryAuditView(inquiry), after: inquiryAuditView(closed) }));
      }
    }
    await this.writeMove(writes);
    return after;
  }

  async dismissAlert(input: { alertId: string; reason: DismissReason; note: string; expectedRevision: number }): Promise<AlertRecord> {
    requireRole(this.principal, ...INQUIRY_SENDERS);
    const { note } = parseInput(dismissSchema, { note: input.note });
    const expected = checkRevision(input.expectedRevision);
    const alert = await this.staffAlert(input.alertId, expected);
    const after = this.moved(alert, 'DISMISS', `${DISMISS_REASON_NAMES[input.reason]}：${note}`, new Date().toISOString(), { dismissReason: input.reason } as Partial<WorkflowAlert>);
    await this.writeMove(this.alertWrites([alert], [after], 'dismissAlert'));
    return after;
  }

  /** An alert for a staff move: NOT_FOUND when it is not the tenant's; CONFLICT when the revision is stale. */
  private async staffAlert(globalId: string, expected: number): Promise<WorkflowAlert> {
    const decoded = decodeGlobalId(globalId);
    const ref = decoded?.type === 'Alert' ? parseAlertLocalId(decoded.localId) : null;
    if (!ref || !(ALERT_RULES as readonly string[]).includes(ref.rule)) throw new BadInputError('alertId', 'alertId is not a valid Alert id');
    const alert = await getItem<WorkflowAlert>('budget', alertKeys.alert(this.tenantId, ref.year, ref.rule, ref.kind, ref.subjectKey), { consistent: true });
    if (!alert) throw new NotFoundError('Alert');
    if (alert.revision !== expected) throw new ConflictError(`The alert is at revision ${alert.revision}, not ${expected}`);
    return alert;
  }

  private async writeMove(writes: TransactItem[]): Promise<void> {
    try {
      await transactWrite(writes);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new ConflictError('The alert changed meanwhile; read it again');
      throw error;
    }
  }
}

/** The fields of an inquiry its revision holder owns; the file list and count are the uploads'. */
function inquiryFields(i: InquiryRecord): Record<string, unknown> {
  return { status: i.status, answer: i.answer, returnNote: i.returnNote, revision: i.revision, updatedAt: i.updatedAt };
}

function targetOf(move: AlertMove): AlertStatus {
  const targets: Record<AlertMove, AlertStatus> = { DISMISS: 'DISMISSED', SEND_INQUIRY: 'INQUIRY_SENT', ANSWER: 'ANSWERED', RETURN_ANSWER: 'INQUIRY_SENT', CLOSE: 'CLOSED' };
  return targets[move];
}
