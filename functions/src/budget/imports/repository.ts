import { batchWrite } from '../../data/batch';
import { getItem, updateItem } from '../../data/items';
import { queryAll, queryPage } from '../../data/query';
import { putWrite, MUST_BE_NEW, type TransactItem } from '../../data/transactions';
import type { PageRequest, Page } from '../../core/pagination';
import { budgetKeys as keys } from '../keys';
import type { HeaderLanguage } from '../csv/columns';
import type { FileEncoding } from '../csv/reader';
import type { ImportCheckpoint, ImportErrorRecord, ImportJobRecord, ImportStatus } from '../records';

/** Import jobs and their row errors in the budget table. */
const TABLE = 'budget' as const;

export function createJobWrite(job: ImportJobRecord): TransactItem {
  return putWrite(TABLE, job as unknown as Record<string, unknown>, MUST_BE_NEW);
}

export function loadJob(tenantId: string, jobId: string, consistent = false): Promise<ImportJobRecord | null> {
  return getItem<ImportJobRecord>(TABLE, keys.importJob(tenantId, jobId), { consistent });
}

export function listJobs(tenantId: string, year: number, page: PageRequest): Promise<Page<ImportJobRecord>> {
  return queryPage<ImportJobRecord & Record<string, unknown>>(
    { table: TABLE, index: 'importJobsByYear', partitionValue: keys.importJobsOfYear(tenantId, year), newestFirst: true },
    page,
  );
}

export function listErrors(tenantId: string, jobId: string, page: PageRequest): Promise<Page<ImportErrorRecord>> {
  return queryPage<ImportErrorRecord & Record<string, unknown>>(
    { table: TABLE, partitionValue: keys.importJobPartition(tenantId, jobId), sortKeyPrefix: 'ERROR#' },
    page,
  );
}

export function allErrors(tenantId: string, jobId: string): Promise<ImportErrorRecord[]> {
  return queryAll<ImportErrorRecord>({ table: TABLE, partitionValue: keys.importJobPartition(tenantId, jobId), sortKeyPrefix: 'ERROR#' });
}

/** Row errors keyed by line and column: writing them again after a resume replaces the same items. */
export function putErrors(tenantId: string, jobId: string, errors: readonly { line: number; column: string | null; message: string }[]): Promise<void> {
  return batchWrite(
    TABLE,
    errors.map((e) => ({
      put: {
        ...keys.importError(tenantId, jobId, e.line, e.column ?? ''),
        type: 'BudgetImportError',
        line: e.line,
        column: e.column,
        message: e.message,
      },
    })),
  );
}

/**
 * Takes the job for one invocation: a job waiting for its file, or a running one whose lease has
 * lapsed (its invocation crashed or handed over). Two deliveries of one event cannot both run it.
 */
export async function claimJob(job: ImportJobRecord, leaseUntil: number, now: string): Promise<boolean> {
  const key = keys.importJob(job.tenantId, job.id);
  if (job.status === 'WAITING_FOR_UPLOAD') {
    return updateItem(TABLE, key, {
      expression: 'SET #status = :running, leaseUntil = :lease, startedAt = :now',
      condition: '#status = :waiting',
      names: { '#status': 'status' },
      values: { ':running': 'RUNNING', ':waiting': 'WAITING_FOR_UPLOAD', ':lease': leaseUntil, ':now': now },
    });
  }
  return updateItem(TABLE, key, {
    expression: 'SET leaseUntil = :lease',
    condition: '#status = :running AND (attribute_not_exists(leaseUntil) OR leaseUntil < :nowMs)',
    names: { '#status': 'status' },
    values: { ':running': 'RUNNING', ':lease': leaseUntil, ':nowMs': Date.now() },
  });
}

/** Progress: the checkpoint and the counts, while the caller still holds the lease. */
export async function saveCheckpoint(
  tenantId: string,
  jobId: string,
  checkpoint: ImportCheckpoint,
  found: { encoding: FileEncoding | null; headerLanguage: HeaderLanguage | null },
  leaseUntil: number,
): Promise<void> {
  await updateItem(TABLE, keys.importJob(tenantId, jobId), {
    expression:
      'SET checkpoint = :checkpoint, rowsRead = :read, rowsImported = :imported, rowsRejected = :rejected, errorsStored = :stored, ' +
      'encoding = :encoding, headerLanguage = :language, leaseUntil = :lease',
    values: {
      ':checkpoint': checkpoint,
      ':read': checkpoint.rowsRead,
      ':imported': checkpoint.rowsImported,
      ':rejected': checkpoint.rowsRejected,
      ':stored': checkpoint.errorsStored,
      ':encoding': found.encoding,
      ':language': found.headerLanguage,
      ':lease': leaseUntil,
    },
  });
}

/** The end of a job: a final status and when; the lease goes. */
export async function finishJob(
  tenantId: string,
  jobId: string,
  outcome: { status: ImportStatus; message: string | null; errorReportKey: string | null; finishedAt: string },
): Promise<void> {
  await updateItem(TABLE, keys.importJob(tenantId, jobId), {
    expression: 'SET #status = :status, message = :message, errorReportKey = :report, finishedAt = :at REMOVE leaseUntil',
    names: { '#status': 'status' },
    values: { ':status': outcome.status, ':message': outcome.message, ':report': outcome.errorReportKey, ':at': outcome.finishedAt },
  });
}

/** Gives the lease back (an error, a hand-over to the next invocation): the next claim may run at once. */
export async function releaseLease(tenantId: string, jobId: string): Promise<void> {
  await updateItem(TABLE, keys.importJob(tenantId, jobId), {
    expression: 'SET leaseUntil = :zero',
    condition: '#status = :running',
    names: { '#status': 'status' },
    values: { ':zero': 0, ':running': 'RUNNING' },
  });
}
