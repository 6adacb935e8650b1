import { stringify } from 'csv-stringify/sync';
import type { Logger } from '@aws-lambda-powertools/logger';
import { queryAll } from '../../data/query';
import { identityMatches } from '../../data/upload-identity';
import { landImport } from '../aggregates';
import { evaluateAlerts } from '../alerts/evaluation';
import { columnName, type ColumnKey, type HeaderMapping } from '../csv/columns';
import { BudgetLineIndex } from '../csv/line-index';
import { readBudgetCsv, type BudgetCsvItem, type BudgetCsvReader, type RowError } from '../csv/reader';
import type { BudgetLineKey, BudgetRowOf } from '../csv/rows';
import { budgetKeys as keys, lineKeyOf } from '../keys';
import type { ImportCheckpoint, ImportJobRecord } from '../records';
import { writeAuditFindings } from '../findings/import-writes';
import { KnownLines, writeBudgetLines, writeExecution, writePayments, type Numbered, type WriteOutcome, type WriteScope } from '../writes';
import { errorReportKey, importObjectIdentity, openImportObject, putErrorReport } from './objects';
import * as repo from './repository';

/** Row errors kept under a job (and in its report); rowsRejected still counts every one. */
export const MAX_STORED_ERRORS = 10_000;

export interface RunOptions {
  /** Milliseconds this invocation has left (Lambda's context; injectable so a test can force a hand-over). */
  readonly remainingMs: () => number;
  /** Hand over to the next invocation when less than this is left. */
  readonly reserveMs: number;
  /** Rows per write batch. */
  readonly batchRows: number;
  /** Save a checkpoint at least every this many rows. */
  readonly checkpointRows: number;
  /** How long a claim holds the job beyond the invocation's own time. */
  readonly leaseMarginMs: number;
  readonly logger: Logger;
  /** Called after each batch is written; a test throws here to play a crash. */
  readonly afterBatch?: (rowsRead: number) => void | Promise<void>;
  /** Called as the import moves on: file read and written, aggregates landed, rules evaluated (the bench times each). */
  readonly onPhase?: (phase: ImportPhase) => void;
}

export type ImportPhase =
  | { readonly phase: 'WRITTEN' }
  | { readonly phase: 'LANDED' }
  | { readonly phase: 'EVALUATED'; readonly raised: number; readonly updated: number; readonly cleared: number };

export type RunOutcome = 'FINISHED' | 'CONTINUE';

type Kind = ImportJobRecord['kind'];
type Item = BudgetCsvItem<Kind>;

const FRESH: ImportCheckpoint = { resume: null, etag: '', rowsRead: 0, rowsImported: 0, rowsRejected: 0, errorsStored: 0, readComplete: false };

/** A job that cannot go on (a missing column, a file that is not the one announced): FAILED, nothing written. */
class JobFailure extends Error {}

/** The year's line keys, for the reader to tell which part of an unknown line's key is wrong. */
export async function lineIndexOf(tenantId: string, year: number): Promise<{ index: BudgetLineIndex; keys: string[] }> {
  const lines = await queryAll<BudgetLineKey>({
    table: 'budget',
    partitionValue: keys.linesPartition(tenantId, year),
    attributes: ['unitCode', 'functionCode', 'economicCode', 'projectCode'],
  });
  return { index: new BudgetLineIndex(lines), keys: lines.map(lineKeyOf) };
}

/**
 * Runs (or resumes) one import within one invocation: reads the object from the checkpoint on,
 * writes rows in batches, stores row errors, saves a checkpoint every `checkpointRows` rows, and
 * hands over (CONTINUE) when time runs low. At the end of the file it lands the import
 * (aggregates), writes the error report and finishes the job.
 */
export async function runImport(job: ImportJobRecord, options: RunOptions): Promise<RunOutcome> {
  const cp: { -readonly [K in keyof ImportCheckpoint]: ImportCheckpoint[K] } = { ...(job.checkpoint ?? FRESH) };
  const scope: WriteScope = { tenantId: job.tenantId, year: job.year, jobId: job.id, now: new Date().toISOString() };
  const lease = () => Date.now() + options.remainingMs() + options.leaseMarginMs;
  let found = { encoding: job.encoding, headerLanguage: job.headerLanguage };
  const checkpoint = () => repo.saveCheckpoint(job.tenantId, job.id, cp, found, lease());

  try {
    if (!cp.readComplete) {
      const handedOver = await readAndWrite(job, cp, scope, options, (f) => (found = f), checkpoint);
      if (handedOver) return 'CONTINUE';
      cp.readComplete = true;
      await checkpoint();
    }
  } catch (error) {
    if (!(error instanceof JobFailure)) throw error;
    await repo.finishJob(job.tenantId, job.id, { status: 'FAILED', message: error.message, errorReportKey: null, finishedAt: new Date().toISOString() });
    return 'FINISHED';
  }
  if (options.remainingMs() < options.reserveMs) return 'CONTINUE';
  options.onPhase?.({ phase: 'WRITTEN' });

  // A findings list keeps its figures on write; there is no budget data to land.
  if (job.kind !== 'AUDIT_FINDINGS') {
    await landImport(job.tenantId, job.year, {
      jobId: job.id,
      recountPayments: job.kind === 'PAYMENTS',
      now: scope.now,
      // The warning rules run on what the import landed, in this function (never on a request).
      onLanded: async (lines) => {
        options.onPhase?.({ phase: 'LANDED' });
        const evaluated = await evaluateAlerts(job.tenantId, job.year, { jobId: job.id, now: scope.now, lines });
        options.onPhase?.({ phase: 'EVALUATED', raised: evaluated.raised, updated: evaluated.updated, cleared: evaluated.cleared });
      },
    });
  }
  let reportKey: string | null = null;
  if (cp.errorsStored > 0) {
    reportKey = errorReportKey(job.tenantId, job.id);
    await putErrorReport(reportKey, errorReportCsv(await repo.allErrors(job.tenantId, job.id)));
  }
  const truncated = cp.rowsRejected > cp.errorsStored ? `; the first ${MAX_STORED_ERRORS.toLocaleString('en')} row errors are listed` : '';
  await repo.finishJob(job.tenantId, job.id, {
    status: cp.rowsRejected > 0 ? 'SUCCEEDED_WITH_ERRORS' : 'SUCCEEDED',
    message: `${cp.rowsImported} rows imported, ${cp.rowsRejected} rejected${truncated}`,
    errorReportKey: reportKey,
    finishedAt: new Date().toISOString(),
  });
  return 'FINISHED';
}

/** Reads from the checkpoint to the end of the file (true) or until time runs low (false = handed over). */
async function readAndWrite(
  job: ImportJobRecord,
  cp: { -readonly [K in keyof ImportCheckpoint]: ImportCheckpoint[K] },
  scope: WriteScope,
  options: RunOptions,
  setFound: (found: { encoding: ImportJobRecord['encoding']; headerLanguage: ImportJobRecord['headerLanguage'] }) => void,
  checkpoint: () => Promise<void>,
): Promise<boolean> {
  const resume = cp.resume;
  if (resume && resume.byteOffset >= job.size) {
    const identity = await importObjectIdentity(job.s3Key);
    if (identity.etag !== cp.etag) throw new JobFailure('The file was replaced while it was being imported; upload it again with a new import');
    return false;
  }
  const object = await openImportObject(job.s3Key, resume ? { offset: resume.byteOffset, etag: cp.etag } : null);
  if (object.totalSize !== job.size) {
    object.body.destroy();
    throw new JobFailure(`The uploaded file has ${object.totalSize} bytes, not the ${job.size} announced`);
  }
  // The emulator enforces no POST conditions, and a key alone proves nothing: the object must carry
  // the identity the API signed into this job's form.
  if (!resume && !(await identityMatches(job.s3Key, object.identity))) {
    object.body.destroy();
    throw new JobFailure('The file was not uploaded with the form issued for this import');
  }
  if (!resume) cp.etag = object.etag;

  const lines = job.kind === 'BUDGET_LINES' || job.kind === 'AUDIT_FINDINGS' ? null : await lineIndexOf(job.tenantId, job.year);
  const known = new KnownLines(scope, lines?.keys ?? []);
  const reader = readBudgetCsv(object.body, job.kind, { year: job.year, resumeFrom: resume ?? undefined, lines: lines?.index });

  let batch: Item[] = [];
  let sinceCheckpoint = 0;
  let inFlight: Promise<void> | null = null;
  let lastWritten: Item | null = null;

  // One batch is written while the next is read; a checkpoint only ever names written batches.
  const settle = async (): Promise<boolean> => {
    if (!inFlight) return false;
    await inFlight;
    inFlight = null;
    setFound({ encoding: reader.encoding, headerLanguage: reader.headerLanguage });
    const timeLow = options.remainingMs() < options.reserveMs;
    if ((sinceCheckpoint >= options.checkpointRows || timeLow) && lastWritten) {
      cp.resume = reader.resumeAfter(lastWritten);
      await checkpoint();
      sinceCheckpoint = 0;
    }
    return timeLow;
  };
  const start = (items: Item[]) => {
    const run = writeBatch(job, reader, items, cp, scope, known).then(async () => {
      lastWritten = items.at(-1) ?? lastWritten;
      sinceCheckpoint += items.length;
      await options.afterBatch?.(cp.rowsRead);
    });
    run.catch(() => undefined); // awaited in settle(); this only keeps Node from calling it unhandled meanwhile
    inFlight = run;
  };

  try {
    for await (const item of reader) {
      batch.push(item);
      if (batch.length < options.batchRows) continue;
      if (await settle()) return true;
      start(batch);
      batch = [];
    }
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'MissingColumnError' || name === 'EmptyFileError') throw new JobFailure((error as Error).message);
    throw error;
  } finally {
    object.body.destroy();
  }
  if (await settle()) return true;
  if (batch.length) {
    start(batch);
    await settle();
  }
  if (lastWritten) cp.resume = reader.resumeAfter(lastWritten);
  setFound({ encoding: reader.encoding, headerLanguage: reader.headerLanguage });
  return false;
}

/** Writes one batch's good rows and stores its row errors (reader's and writer's), moving the counts. */
async function writeBatch(
  job: ImportJobRecord,
  reader: BudgetCsvReader<Kind>,
  items: readonly Item[],
  cp: { -readonly [K in keyof ImportCheckpoint]: ImportCheckpoint[K] },
  scope: WriteScope,
  known: KnownLines,
): Promise<void> {
  const rows: Numbered<BudgetRowOf[Kind]>[] = [];
  const errors: RowError[] = [];
  for (const item of items) {
    if (item.error) errors.push(item.error);
    else rows.push({ line: item.line, row: item.row });
  }
  let outcome: WriteOutcome;
  if (job.kind === 'BUDGET_LINES') outcome = await writeBudgetLines(scope, rows as Numbered<BudgetRowOf['BUDGET_LINES']>[]);
  else if (job.kind === 'EXECUTION') outcome = await writeExecution(scope, rows as Numbered<BudgetRowOf['EXECUTION']>[]);
  else if (job.kind === 'PAYMENTS') outcome = await writePayments(scope, rows as Numbered<BudgetRowOf['PAYMENTS']>[], known);
  else outcome = await writeAuditFindings(scope, rows as Numbered<BudgetRowOf['AUDIT_FINDINGS']>[], job.createdBy);
  const header = reader.header as HeaderMapping;
  for (const e of outcome.errors) errors.push({ line: e.line, column: columnInFile(job.kind, header, e.field as ColumnKey), message: e.message });
  errors.sort((a, b) => a.line - b.line);

  const room = Math.max(0, MAX_STORED_ERRORS - cp.errorsStored);
  const stored = errors.slice(0, room);
  await repo.putErrors(job.tenantId, job.id, stored);
  cp.rowsRead += items.length;
  cp.rowsImported += outcome.imported;
  cp.rowsRejected += errors.length;
  cp.errorsStored += stored.length;
}

function columnInFile(kind: Kind, header: HeaderMapping, key: ColumnKey): string {
  return header.columns[key]?.name ?? columnName(kind, key, header.language);
}

/** The job's row errors as a CSV for Excel (UTF-8 with BOM), like the feedback exports. */
export function errorReportCsv(errors: readonly { line: number; column: string | null; message: string }[]): string {
  const rows = errors.map((e) => [e.line, e.column ?? '', e.message]);
  return '\uFEFF' + stringify([['行号 line', '列 column', '错误 message'], ...rows], { record_delimiter: '\r\n' });
}
