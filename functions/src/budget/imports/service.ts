import * as z from 'zod';
import { BUDGET_READERS } from '../access';
import { requireRole, type Principal } from '../../core/auth';
import { config } from '../../core/config';
import { NotFoundError } from '../../core/errors';
import { newId, toGlobalId } from '../../core/ids';
import { pageRequest, toConnection, type Connection, type PageArgs } from '../../core/pagination';
import { parseInput, requiredText } from '../../core/validation';
import { idempotentCreate } from '../../data/idempotency';
import { recordChange, type RequestInfo } from '../../data/audit';
import { presignDownload, presignUpload, type PresignedPost } from '../../data/s3-presign';
import { budgetKeys as keys, importObjectKey } from '../keys';
import type { ImportErrorRecord, ImportJobRecord } from '../records';
import * as repo from './repository';

/** Who may start imports, and who may read budget data (and so the jobs). */
export const BUDGET_IMPORTERS = ['BUDGET_STAFF'] as const;

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
export const IMPORT_CONTENT_TYPE = 'text/csv';

export const budgetYear = z.number().int().min(2000, 'must be between 2000 and 2100').max(2100, 'must be between 2000 and 2100');

const requestSchema = z.object({
  year: budgetYear,
  kind: z.enum(['BUDGET_LINES', 'EXECUTION', 'PAYMENTS', 'AUDIT_FINDINGS']),
  fileName: requiredText(200)
    .refine((name) => ![...name].some((ch) => ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20), 'must not contain slashes or control characters')
    .refine((name) => /\.csv$/i.test(name), 'must end in .csv'),
  size: z.number().int().min(1, 'the file is empty').max(MAX_IMPORT_BYTES, 'files are at most 200 MB'),
});

export type ImportRequest = z.input<typeof requestSchema> & { idempotencyKey?: string | null };

/** Budget import jobs as the API sees them: requests, reads, error pages and reports. One per request. */
export class BudgetImportService {
  constructor(
    private readonly principal: Principal,
    private readonly request: RequestInfo,
  ) {}

  private get tenantId(): string {
    return this.principal.tenantId;
  }

  async requestImport(args: ImportRequest): Promise<{ job: ImportJobRecord; upload: PresignedPost }> {
    requireRole(this.principal, ...BUDGET_IMPORTERS);
    const input = parseInput(requestSchema, { year: args.year, kind: args.kind, fileName: args.fileName, size: args.size });
    const id = newId();
    const now = new Date();
    const job: ImportJobRecord = {
      ...keys.importJob(this.tenantId, id),
      sk: 'JOB',
      type: 'BudgetImportJob',
      tenantId: this.tenantId,
      id,
      ...input,
      s3Key: importObjectKey(this.tenantId, input.year, id),
      status: 'WAITING_FOR_UPLOAD',
      encoding: null,
      headerLanguage: null,
      rowsRead: 0,
      rowsImported: 0,
      rowsRejected: 0,
      errorsStored: 0,
      checkpoint: null,
      errorReportKey: null,
      message: null,
      startedAt: null,
      finishedAt: null,
      uploadExpiresAt: new Date(now.getTime() + 15 * 60_000).toISOString(),
      createdAt: now.toISOString(),
      createdBy: this.principal.userId,
      importJobsByYearPk: keys.importJobsOfYear(this.tenantId, input.year),
      importJobsByYearSk: `${now.toISOString()}#${id}`,
    };
    const created = await idempotentCreate({
      caller: this.principal,
      operation: 'requestBudgetImport',
      idempotencyKey: args.idempotencyKey,
      input,
      newId: id,
      writes: [
        repo.createJobWrite(job),
        recordChange(this.principal, this.request, {
          entityType: 'BudgetImportJob',
          entityId: toGlobalId('BudgetImportJob', id),
          operation: 'requestBudgetImport',
          before: null,
          after: { year: input.year, kind: input.kind, fileName: input.fileName, size: input.size, status: job.status },
        }),
      ],
      load: (jobId) => repo.loadJob(this.tenantId, jobId, true),
    });
    // A retried request gets a fresh form for the same object key (the first may have expired).
    const upload = await presignUpload(created.s3Key, IMPORT_CONTENT_TYPE, created.size, config().importsBucket);
    return { job: created, upload };
  }

  /** One job of the caller's tenant; NOT_FOUND for any other id. */
  async job(jobId: string): Promise<ImportJobRecord> {
    requireRole(this.principal, ...BUDGET_READERS);
    const job = await repo.loadJob(this.tenantId, jobId);
    if (!job) throw new NotFoundError('Budget import job');
    return job;
  }

  async jobs(args: { year: number } & PageArgs): Promise<Connection<ImportJobRecord>> {
    requireRole(this.principal, ...BUDGET_READERS);
    const year = parseInput(z.object({ year: budgetYear }), { year: args.year }).year;
    const page = await repo.listJobs(this.tenantId, year, pageRequest(args));
    return toConnection(page, async () => page.items.length);
  }

  async errors(job: ImportJobRecord, args: PageArgs): Promise<Connection<ImportErrorRecord>> {
    const page = await repo.listErrors(job.tenantId, job.id, pageRequest(args));
    return toConnection(page, async () => job.errorsStored);
  }

  /** A 5-minute link to the error report, once the job has finished with one. */
  errorReportUrl(job: ImportJobRecord): Promise<string> | null {
    if (!job.errorReportKey) return null;
    const name = job.fileName.replace(/\.csv$/i, '');
    return presignDownload(job.errorReportKey, `${name}-错误行.csv`, 'text/csv; charset=utf-8', config().importsBucket);
  }
}
