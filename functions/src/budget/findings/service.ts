import type DataLoader from 'dataloader';
import * as z from 'zod';
import { hasRole, requireRole, type Principal } from '../../core/auth';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../core/errors';
import { expectGlobalId, newId, toGlobalId } from '../../core/ids';
import { pageRequest, type PageArgs } from '../../core/pagination';
import { parseInput, requiredText } from '../../core/validation';
import { presignDownload, presignUpload, type PresignedPost } from '../../data/s3-presign';
import { getItem } from '../../data/items';
import { queryAll } from '../../data/query';
import { MUST_BE_NEW, putWrite, updateWrite } from '../../data/transactions';
import { pendingUploadState, uploadRequestSchema, visibleUploadStatus } from '../../files/uploads';
import { fileKeys, fileLocalId, MAX_FILES_PER_RECTIFICATION, MAX_UPLOADS_PER_FINDING, parseFileLocalId, rectificationObjectKey, type RectificationFileRecord } from './files';
import { recordChange, type RequestInfo } from '../../data/audit';
import type { ItemKey } from '../../data/batch';
import { idempotentCreate } from '../../data/idempotency';
import { queryBoundedPage, type KeyQuery } from '../../data/query';
import { guardedUpdate, transactWrite, TransactionConditionFailed, type TransactItem } from '../../data/transactions';
import { alertKeys, parseAlertLocalId } from '../alerts/keys';
import type { AlertRecord } from '../alerts/records';
import { parseYuan } from '../money';
import { BUDGET_READERS } from '../access';
import { budgetReadScope, budgetUnitOf } from '../access';
import { shanghaiToday, shownStatus, statusAfter } from './figures';
import { findingKeys, parseFindingLocalId, parseReportLocalId } from './keys';
import { RECTIFICATION_TYPES, type AuditFiguresRecord, type AuditFindingConnectionModel, type AuditFindingRecord, type AuditReportRecord, type AuditUnitFiguresRecord, type FindingStatus } from './records';
import * as repo from './repository';
import { findingAuditView, findingEntity, reportAuditView, reportEntity } from './views';

/** Bounds that keep a finding item small (rectifications live on it). */
export const MAX_RECTIFICATIONS_PER_FINDING = 50;
export const MAX_RELATED_ALERTS = 20;
const MAX_ITEMS_READ = 600;
const UNIT_CODE = /^[0-9A-Za-z._-]{1,40}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const year = z.number().int().min(2000, 'must be a budget year between 2000 and 2100').max(2100, 'must be a budget year between 2000 and 2100');
const date = z.string().regex(DATE, 'must be a date YYYY-MM-DD');
const unitCode = z.string().trim().regex(UNIT_CODE, 'must be a unit code (letters, digits, . _ -)');
const amount = z.string().transform((text, ctx) => {
  const fen = parseYuan(text);
  if (fen === null || fen < 0) {
    ctx.addIssue({ code: 'custom', message: 'must be an amount in yuan, 0 or more, with at most two decimals' });
    return z.NEVER;
  }
  return fen;
});
const revision = z.number().int().min(1, 'must be the revision read');

const createReportSchema = z.object({ year, title: requiredText(200), heardOn: date.nullish().transform((d) => d ?? null) });
const updateReportSchema = z.object({ title: requiredText(200).optional(), heardOn: date.nullish(), expectedRevision: revision });

const findingFields = {
  unitCode,
  unitName: requiredText(100),
  category: requiredText(50),
  description: requiredText(2000),
  amount,
  rectificationType: z.enum(RECTIFICATION_TYPES),
  dueOn: date,
  relatedAlertIds: z.array(z.string()).max(MAX_RELATED_ALERTS, `at most ${MAX_RELATED_ALERTS} alerts`),
};
const createFindingSchema = z.object({
  number: z.number().int().min(1, 'must be 1 to 9999').max(9999, 'must be 1 to 9999'),
  ...findingFields,
  relatedAlertIds: findingFields.relatedAlertIds.nullish().transform((ids) => ids ?? []),
});
const updateFindingSchema = z.object({
  unitCode: unitCode.optional(),
  unitName: findingFields.unitName.optional(),
  category: findingFields.category.optional(),
  description: findingFields.description.optional(),
  amount: amount.optional(),
  rectificationType: findingFields.rectificationType.optional(),
  dueOn: date.optional(),
  relatedAlertIds: findingFields.relatedAlertIds.optional(),
  expectedRevision: revision,
});
const rectificationSchema = z.object({
  action: requiredText(2000),
  amountRecovered: amount,
  outcome: z.enum(['IN_PROGRESS', 'RECTIFIED', 'CONTINUING']),
  fileIds: z.array(z.string()).max(MAX_FILES_PER_RECTIFICATION, `at most ${MAX_FILES_PER_RECTIFICATION} files a step`).nullish().transform((ids) => ids ?? []),
  expectedRevision: revision,
});

/** Drops keys whose value is undefined or null (an input field not given). */
const given = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;

export interface FindingFilterArgs {
  reportId?: string | null;
  unitCode?: string | null;
  status?: FindingStatus | null;
}

/**
 * Audit reports and findings (审计查出问题整改) for one request. BUDGET_STAFF keeps them; DEPUTY and
 * TENANT_ADMIN read; a BUDGET_UNIT reads its own unit's findings and reports rectification on them.
 */
export class FindingService {
  constructor(
    private readonly principal: Principal,
    private readonly items: DataLoader<ItemKey, Record<string, unknown> | null, string>,
    private readonly request: RequestInfo,
  ) {}

  private get tenantId(): string {
    return this.principal.tenantId;
  }

  /** Readers of everything, or a unit's own user (its unit code); anyone else is FORBIDDEN. */
  private readerScope(): { unitCode: string | null } {
    return budgetReadScope(this.principal);
  }

  // ---- reports ----

  async report(localId: string): Promise<AuditReportRecord> {
    const scope = this.readerScope();
    const parsed = parseReportLocalId(localId);
    const found = parsed ? ((await this.items.load(findingKeys.report(this.tenantId, parsed.year, parsed.reportId))) as AuditReportRecord | null) : null;
    if (!found) throw new NotFoundError('Audit report');
    // A unit sees a report only when it has findings in it.
    if (scope.unitCode && !(await this.items.load(findingKeys.reportUnit(this.tenantId, found.id, scope.unitCode)))) throw new NotFoundError('Audit report');
    return found;
  }

  async reports(yearArg: number): Promise<AuditReportRecord[]> {
    requireRole(this.principal, ...BUDGET_READERS);
    const y = parseInput(z.object({ year }), { year: yearArg }).year;
    return repo.reportsOfYear(this.tenantId, y);
  }

  async createReport(input: { year: number; title: string; heardOn?: string | null; idempotencyKey?: string | null }): Promise<AuditReportRecord> {
    requireRole(this.principal, 'BUDGET_STAFF');
    const v = parseInput(createReportSchema, { year: input.year, title: input.title, heardOn: input.heardOn });
    const id = newId();
    const now = new Date().toISOString();
    const report: AuditReportRecord = {
      ...findingKeys.report(this.tenantId, v.year, id),
      type: 'AuditReport',
      tenantId: this.tenantId,
      id,
      year: v.year,
      title: v.title,
      heardOn: v.heardOn,
      findingCount: 0,
      rectifiedCount: 0,
      amountFen: 0,
      rectifiedFen: 0,
      revision: 1,
      createdAt: now,
      createdBy: this.principal.userId,
    };
    return idempotentCreate({
      caller: this.principal,
      operation: 'createAuditReport',
      idempotencyKey: input.idempotencyKey,
      input: v,
      newId: id,
      writes: [
        repo.findingPut(report as never, null),
        recordChange(this.principal, this.request, { ...reportEntity(report), operation: 'createAuditReport', before: null, after: reportAuditView(report) }),
      ],
      load: (createdId) => repo.readReport(this.tenantId, v.year, createdId),
    });
  }

  async updateReport(input: { reportId: string; title?: string | null; heardOn?: string | null; expectedRevision: number }): Promise<AuditReportRecord> {
    requireRole(this.principal, 'BUDGET_STAFF');
    const localId = expectGlobalId(input.reportId, 'AuditReport', 'reportId');
    const v = parseInput(updateReportSchema, { title: input.title ?? undefined, heardOn: input.heardOn, expectedRevision: input.expectedRevision });
    const current = await this.report(localId);
    if (current.revision !== v.expectedRevision) throw new ConflictError(`The report is at revision ${current.revision}, not ${v.expectedRevision}`);
    const next: AuditReportRecord = { ...current, ...given({ title: v.title, heardOn: v.heardOn }), revision: current.revision + 1 };
    const writes: TransactItem[] = [
      guardedUpdate('budget', current, { title: next.title, heardOn: next.heardOn, revision: next.revision }, [], current.revision),
      recordChange(this.principal, this.request, { ...reportEntity(current), operation: 'updateAuditReport', before: reportAuditView(current), after: reportAuditView(next) }),
    ];
    await this.guarded(writes, 'The report was changed meanwhile; read it again');
    return (await repo.readReport(this.tenantId, current.year, current.id))!;
  }

  async reportFigures(report: AuditReportRecord): Promise<AuditFiguresRecord> {
    return report;
  }

  /** A report's per-unit figures (one Query); a unit sees its own only. */
  async reportUnitStats(report: AuditReportRecord): Promise<AuditUnitFiguresRecord[]> {
    const scope = this.readerScope();
    const rows = await repo.reportUnitFigures(this.tenantId, report.id);
    return unitFigures(rows).filter((u) => !scope.unitCode || u.unitCode === scope.unitCode);
  }

  /** Per-unit figures of a year's reports (one Query). */
  async unitStats(yearArg: number): Promise<AuditUnitFiguresRecord[]> {
    requireRole(this.principal, ...BUDGET_READERS);
    const y = parseInput(z.object({ year }), { year: yearArg }).year;
    return unitFigures(await repo.yearUnitFigures(this.tenantId, y));
  }

  // ---- findings ----

  async finding(localId: string): Promise<AuditFindingRecord> {
    const scope = this.readerScope();
    const parsed = parseFindingLocalId(localId);
    const found = parsed ? ((await this.items.load(findingKeys.finding(this.tenantId, parsed.reportId, parsed.number))) as AuditFindingRecord | null) : null;
    // Another unit's finding looks like one that does not exist.
    if (!found || found.year !== parsed?.year || (scope.unitCode && found.unitCode !== scope.unitCode)) throw new NotFoundError('Audit finding');
    return found;
  }

  /** A report's findings by number; a unit's user sees its own. */
  async reportFindings(report: AuditReportRecord, args: PageArgs): Promise<AuditFindingConnectionModel> {
    const scope = this.readerScope();
    return this.findingPage({ table: 'budget', partitionValue: findingKeys.reportPartition(this.tenantId, report.id), sortKeyPrefix: 'FINDING#' }, args, scope.unitCode, null);
  }

  async findings(args: PageArgs & { filter?: FindingFilterArgs | null }): Promise<AuditFindingConnectionModel> {
    const scope = this.readerScope();
    const f = args.filter ?? {};
    const asked = f.unitCode === null || f.unitCode === undefined ? null : parseInput(z.object({ unitCode }), { unitCode: f.unitCode }).unitCode;
    // A unit's user reads its own unit; naming another is an empty list, as for any unit without findings.
    const unit = scope.unitCode ?? asked;
    if (scope.unitCode && asked && asked !== scope.unitCode) return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
    if (f.reportId !== null && f.reportId !== undefined) {
      const report = await this.report(expectGlobalId(f.reportId, 'AuditReport', 'filter.reportId'));
      const query: KeyQuery = { table: 'budget', partitionValue: findingKeys.reportPartition(this.tenantId, report.id), sortKeyPrefix: 'FINDING#' };
      return this.findingPage(query, args, unit, f.status ?? null);
    }
    if (!unit) throw new BadInputError('filter', 'filter: name a reportId or a unitCode');
    return this.findingPage({ table: 'budget', index: 'auditFindingsByUnit', partitionValue: findingKeys.findingsOfUnit(this.tenantId, unit) }, args, null, f.status ?? null);
  }

  private async findingPage(query: KeyQuery, args: PageArgs, unit: string | null, status: FindingStatus | null): Promise<AuditFindingConnectionModel> {
    const today = shanghaiToday();
    const matches = (item: AuditFindingRecord) => (!unit || item.unitCode === unit) && (!status || shownStatus(item, today) === status);
    const page = await queryBoundedPage<AuditFindingRecord & Record<string, unknown>>(query, pageRequest(args), { matches, maxItemsRead: MAX_ITEMS_READ });
    const edges = page.items.map((node, i) => ({ cursor: page.cursors[i] ?? '', node }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: page.endCursor ?? edges.at(-1)?.cursor ?? null },
    };
  }

  statusOf(finding: AuditFindingRecord): FindingStatus {
    return shownStatus(finding, shanghaiToday());
  }

  /** The alerts a finding cites, through the request's loader (a page's alerts are one BatchGetItem). */
  async relatedAlerts(finding: AuditFindingRecord): Promise<AlertRecord[]> {
    const alerts = await Promise.all(
      finding.relatedAlertIds.map(async (id) => {
        const p = parseAlertLocalId(id);
        return p ? ((await this.items.load(alertKeys.alert(this.tenantId, p.year, p.rule, p.kind, p.subjectKey))) as AlertRecord | null) : null;
      }),
    );
    return alerts.filter((a): a is AlertRecord => a !== null);
  }

  /** Alert global ids → local ids; each must be an alert of this tenant. */
  private async alertLocalIds(ids: readonly string[]): Promise<string[]> {
    const local = ids.map((id, i) => expectGlobalId(id, 'Alert', `relatedAlertIds.${i}`));
    const found = await Promise.all(
      local.map((id) => {
        const p = parseAlertLocalId(id);
        return p ? this.items.load(alertKeys.alert(this.tenantId, p.year, p.rule, p.kind, p.subjectKey)) : Promise.resolve(null);
      }),
    );
    const missing = found.findIndex((a) => !a);
    if (missing >= 0) throw new NotFoundError('Alert');
    return [...new Set(local)];
  }

  async createFinding(input: {
    reportId: string;
    number: number;
    unitCode: string;
    unitName: string;
    category: string;
    description: string;
    amount: string;
    rectificationType: string;
    dueOn: string;
    relatedAlertIds?: readonly string[] | null;
    idempotencyKey?: string | null;
  }): Promise<AuditFindingRecord> {
    requireRole(this.principal, 'BUDGET_STAFF');
    const reportLocal = expectGlobalId(input.reportId, 'AuditReport', 'reportId');
    const { reportId: _r, idempotencyKey, ...fields } = input;
    const v = parseInput(createFindingSchema, fields);
    const report = await this.report(reportLocal);
    const relatedAlertIds = await this.alertLocalIds(v.relatedAlertIds);
    const now = new Date().toISOString();
    const finding = newFinding(this.tenantId, report, { ...v, relatedAlertIds }, now);
    const writes: TransactItem[] = [
      repo.findingPut(finding, null),
      ...repo.figureWrites(this.tenantId, null, finding, null),
      recordChange(this.principal, this.request, { ...findingEntity(finding), operation: 'createAuditFinding', before: null, after: findingAuditView(finding) }),
    ];
    try {
      return await idempotentCreate({
        caller: this.principal,
        operation: 'createAuditFinding',
        idempotencyKey,
        input: { ...v, reportId: reportLocal },
        newId: String(finding.number),
        writes,
        load: () => repo.readFinding(this.tenantId, report.id, finding.number),
      });
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new ConflictError(`Finding ${v.number} already exists in this report`);
      throw error;
    }
  }

  async updateFinding(input: { findingId: string; expectedRevision: number } & Record<string, unknown>): Promise<AuditFindingRecord> {
    requireRole(this.principal, 'BUDGET_STAFF');
    const localId = expectGlobalId(input.findingId, 'AuditFinding', 'findingId');
    const { findingId: _f, ...fields } = input;
    const v = parseInput(updateFindingSchema, given(fields));
    const current = await this.finding(localId);
    if (current.revision !== v.expectedRevision) throw new ConflictError(`The finding is at revision ${current.revision}, not ${v.expectedRevision}`);
    const relatedAlertIds = v.relatedAlertIds ? await this.alertLocalIds(v.relatedAlertIds) : current.relatedAlertIds;
    const { amount: amountFen, expectedRevision: _e, relatedAlertIds: _a, ...rest } = v;
    const next: AuditFindingRecord = withUnitIndex({
      ...current,
      ...rest,
      ...(amountFen !== undefined ? { amountFen } : {}),
      relatedAlertIds,
      revision: current.revision + 1,
      updatedAt: new Date().toISOString(),
    });
    return this.saveFinding(current, next, 'updateAuditFinding', null);
  }

  /** A rectification step, by staff or by the finding's own unit. */
  async reportRectification(input: { findingId: string; action: string; amountRecovered: string; outcome: string; fileIds?: readonly string[] | null; expectedRevision: number }): Promise<AuditFindingRecord> {
    const unit = budgetUnitOf(this.principal);
    if (!hasRole(this.principal, 'BUDGET_STAFF') && !unit) throw new ForbiddenError();
    const localId = expectGlobalId(input.findingId, 'AuditFinding', 'findingId');
    const { findingId: _f, ...fields } = input;
    const v = parseInput(rectificationSchema, fields);
    const current = await this.finding(localId);
    if (current.revision !== v.expectedRevision) throw new ConflictError(`The finding is at revision ${current.revision}, not ${v.expectedRevision}`);
    if (current.rectifications.length >= MAX_RECTIFICATIONS_PER_FINDING) throw new BadInputError('findingId', `findingId: a finding holds at most ${MAX_RECTIFICATIONS_PER_FINDING} rectification reports`);
    const fileIds = await this.attachableFiles(current, v.fileIds);
    const now = new Date();
    const next: AuditFindingRecord = {
      ...current,
      status: statusAfter(v.outcome),
      rectifications: [
        ...current.rectifications,
        { action: v.action, fileIds, amountRecoveredFen: v.amountRecovered, reportedOn: shanghaiToday(now.getTime()), reportedAt: now.toISOString(), reportedBy: this.principal.userId, outcome: v.outcome },
      ],
      revision: current.revision + 1,
      updatedAt: now.toISOString(),
    };
    return this.saveFinding(current, next, 'reportRectification', now.toISOString());
  }

  /** File global ids → the finding's own AVAILABLE files not yet reported with another step. */
  private async attachableFiles(finding: AuditFindingRecord, ids: readonly string[]): Promise<string[]> {
    const used = new Set(finding.rectifications.flatMap((r) => r.fileIds ?? []));
    const result: string[] = [];
    for (const [i, id] of ids.entries()) {
      const field = `fileIds.${i}`;
      const p = parseFileLocalId(expectGlobalId(id, 'RectificationFile', field));
      const file = p && p.reportId === finding.reportId && p.number === finding.number ? await getItem<RectificationFileRecord>('budget', fileKeys.file(this.tenantId, p.reportId, p.number, p.fileId), { consistent: true }) : null;
      if (!file) throw new BadInputError(field, `${field}: not a file of this finding`);
      if (file.status !== 'AVAILABLE') throw new BadInputError(field, `${field}: the file is ${visibleUploadStatus(file)}, not AVAILABLE`);
      if (used.has(file.id) || result.includes(file.id)) throw new BadInputError(field, `${field}: the file is already reported`);
      result.push(file.id);
    }
    return result;
  }

  /** A presigned POST for a rectification file (staff, or the finding's unit), bounded per finding. */
  async requestUpload(input: { findingId: string; fileName: string; contentType: string; size: number }): Promise<{ file: RectificationFileRecord; upload: PresignedPost }> {
    if (!hasRole(this.principal, 'BUDGET_STAFF') && !budgetUnitOf(this.principal)) throw new ForbiddenError();
    const localId = expectGlobalId(input.findingId, 'AuditFinding', 'findingId');
    const v = parseInput(uploadRequestSchema, { fileName: input.fileName, contentType: input.contentType, size: input.size });
    const finding = await this.finding(localId);
    const id = newId();
    const s3Key = rectificationObjectKey(this.tenantId, finding.reportId, finding.number, id);
    const upload = await presignUpload(s3Key, v.contentType, v.size);
    const file: RectificationFileRecord = {
      ...fileKeys.file(this.tenantId, finding.reportId, finding.number, id),
      type: 'RectificationFile',
      tenantId: this.tenantId,
      id,
      reportId: finding.reportId,
      year: finding.year,
      number: finding.number,
      ...v,
      s3Key,
      ...pendingUploadState(upload.expiresAt, this.principal.userId),
    };
    try {
      await transactWrite([
        // The count of requests lives on the finding (no revision: edits of the finding keep it).
        updateWrite('budget', finding, {
          expression: 'ADD uploadRequests :one',
          condition: 'attribute_exists(pk) AND (attribute_not_exists(uploadRequests) OR uploadRequests < :max)',
          values: { ':one': 1, ':max': MAX_UPLOADS_PER_FINDING },
        }),
        putWrite('budget', { ...file }, MUST_BE_NEW),
        recordChange(this.principal, this.request, {
          entityType: 'RectificationFile',
          entityId: toGlobalId('RectificationFile', fileLocalId(file)),
          operation: 'requestRectificationUpload',
          before: null,
          after: { fileName: file.fileName, contentType: file.contentType, size: file.size, status: file.status },
        }),
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new BadInputError('findingId', `findingId: a finding takes at most ${MAX_UPLOADS_PER_FINDING} upload requests`);
      throw error;
    }
    return { file, upload };
  }

  /** A finding's files, oldest first (one Query of its report's partition). */
  async filesOf(finding: AuditFindingRecord): Promise<RectificationFileRecord[]> {
    return queryAll<RectificationFileRecord>({ table: 'budget', partitionValue: findingKeys.reportPartition(this.tenantId, finding.reportId), sortKeyPrefix: fileKeys.filesOfFinding(finding.number) });
  }

  /** A rectification step's files, through the request's loader. */
  async filesOfStep(finding: AuditFindingRecord, fileIds: readonly string[]): Promise<RectificationFileRecord[]> {
    const files = await Promise.all(fileIds.map((id) => this.items.load(fileKeys.file(this.tenantId, finding.reportId, finding.number, id))));
    return files.filter((f): f is RectificationFileRecord & Record<string, unknown> => f !== null) as RectificationFileRecord[];
  }

  /** One file, for whoever may read its finding. */
  async file(localId: string): Promise<RectificationFileRecord> {
    const p = parseFileLocalId(localId);
    if (!p) throw new NotFoundError('Rectification file');
    await this.finding(`${p.reportId}.${p.year}.${p.number}`);
    const found = (await this.items.load(fileKeys.file(this.tenantId, p.reportId, p.number, p.fileId))) as RectificationFileRecord | null;
    if (!found) throw new NotFoundError('Rectification file');
    return found;
  }

  /** A 5-minute link for an AVAILABLE file; the caller reached it through a finding it may read. */
  async downloadUrl(file: RectificationFileRecord): Promise<string | null> {
    if (file.status !== 'AVAILABLE') return null;
    return presignDownload(file.s3Key, file.fileName, file.contentType);
  }

  /** The finding guarded by its revision, its figures' deltas and the audit record, in one transaction. */
  private async saveFinding(current: AuditFindingRecord, next: AuditFindingRecord, operation: string, rectifiedAt: string | null): Promise<AuditFindingRecord> {
    const writes: TransactItem[] = [
      repo.findingPut(next, current.revision),
      ...repo.figureWrites(this.tenantId, current, next, rectifiedAt),
      recordChange(this.principal, this.request, { ...findingEntity(current), operation, before: findingAuditView(current), after: findingAuditView(next) }),
    ];
    await this.guarded(writes, 'The finding was changed meanwhile; read it again');
    return next;
  }

  private async guarded(writes: readonly TransactItem[], message: string): Promise<void> {
    try {
      await transactWrite(writes);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new ConflictError(message);
      throw error;
    }
  }
}

/** A finding item (with its index keys) from validated fields: nothing reported yet. */
export function newFinding(
  tenantId: string,
  report: Pick<AuditReportRecord, 'id' | 'year'>,
  v: { number: number; unitCode: string; unitName: string; category: string; description: string; amount: number; rectificationType: AuditFindingRecord['rectificationType']; dueOn: string; relatedAlertIds: string[] },
  now: string,
): AuditFindingRecord {
  return withUnitIndex({
    ...findingKeys.finding(tenantId, report.id, v.number),
    type: 'AuditFinding',
    tenantId,
    reportId: report.id,
    year: report.year,
    number: v.number,
    unitCode: v.unitCode,
    unitName: v.unitName,
    category: v.category,
    description: v.description,
    amountFen: v.amount,
    rectificationType: v.rectificationType,
    dueOn: v.dueOn,
    status: 'NOT_STARTED',
    rectifications: [],
    relatedAlertIds: v.relatedAlertIds,
    revision: 1,
    createdAt: now,
    updatedAt: now,
    auditFindingsByUnitPk: '',
    auditFindingsByUnitSk: '',
  });
}

function withUnitIndex(f: AuditFindingRecord): AuditFindingRecord {
  return { ...f, auditFindingsByUnitPk: findingKeys.findingsOfUnit(f.tenantId, f.unitCode), auditFindingsByUnitSk: findingKeys.findingOfUnitSortKey(f.year, f.reportId, f.number) };
}

/** Unit figures items → the API's rows, units with no finding left dropped. */
function unitFigures(rows: readonly AuditFiguresRecord[]): AuditUnitFiguresRecord[] {
  return rows
    .filter((r) => (r.findingCount ?? 0) > 0 && r.unitCode)
    .map((r) => ({ unitCode: r.unitCode!, unitName: r.unitName ?? r.unitCode!, figures: r }))
    .sort((a, b) => a.unitCode.localeCompare(b.unitCode));
}
