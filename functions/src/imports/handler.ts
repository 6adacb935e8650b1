import type { S3Event, SQSEvent } from 'aws-lambda';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { config } from '../core/config';
import { createLogger } from '../core/logger';
import { parseImportObjectKey } from '../budget/keys';
import { runImport, type RunOptions } from '../budget/imports/run';
import * as repo from '../budget/imports/repository';

const logger = createLogger('budget-import');

/** What the continuation queue carries: which job to pick up from its checkpoint. */
export interface ContinuationMessage {
  readonly tenantId: string;
  readonly jobId: string;
}

export interface ImportHandlerOptions extends Partial<Omit<RunOptions, 'remainingMs' | 'logger'>> {
  /** Sends the continuation (SQS in AWS; the local host and tests play the queue in process). */
  readonly sendContinuation?: (message: ContinuationMessage) => Promise<void>;
  /** Overrides Lambda's remaining time (tests force a hand-over with it). */
  readonly remainingMs?: () => number;
}

/**
 * Rows per write batch: 100 BatchWriteItem calls, so the writer's pool rarely drains between
 * batches (one batch is written while the next is read). A checkpoint every two batches: a crash
 * re-writes at most 5,000 rows (idempotent puts) and progress moves every few seconds.
 */
const BATCH_ROWS = 2_500;
const CHECKPOINT_ROWS = 5_000;

/** The Lambda timeout the stack gives the function; without a Lambda context this is the budget. */
const DEFAULT_BUDGET_MS = 15 * 60_000;

let sqs: SQSClient | undefined;
async function sendToQueue(message: ContinuationMessage): Promise<void> {
  const queueUrl = config().importContinuationQueueUrl;
  if (!queueUrl) throw new Error('IMPORT_CONTINUATION_QUEUE_URL is not set');
  sqs ??= new SQSClient({ region: config().region });
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
}

/** S3 event keys are URL-encoded with '+' for spaces. */
const objectKey = (encoded: string) => decodeURIComponent(encoded.replace(/\+/g, ' '));

type ImportEvent = S3Event | SQSEvent;
type LambdaContextLike = { getRemainingTimeInMillis(): number } | undefined;
export type JobOutcome = 'FINISHED' | 'CONTINUED' | 'IGNORED';

/**
 * The budget import entry: S3 object-created events on the import prefix start a job; messages of
 * the continuation queue resume one from its checkpoint. A failure is thrown (after giving the
 * job's lease back) so Lambda retries the event or SQS redelivers the message: the retry resumes
 * from the last checkpoint, and the writes are idempotent, so it converges to the same data.
 */
export function createImportHandler(options: ImportHandlerOptions = {}) {
  const send = options.sendContinuation ?? sendToQueue;
  return async (event: ImportEvent, context?: LambdaContextLike): Promise<{ jobId: string; outcome: JobOutcome }[]> => {
    const started = Date.now();
    const remainingMs = options.remainingMs ?? (() => context?.getRemainingTimeInMillis() ?? DEFAULT_BUDGET_MS - (Date.now() - started));
    const results: { jobId: string; outcome: JobOutcome }[] = [];
    for (const record of event.Records ?? []) {
      let target: ContinuationMessage;
      let fromUpload = false;
      if ('s3' in record) {
        if (!record.eventName?.startsWith('ObjectCreated:')) continue;
        const parsed = parseImportObjectKey(objectKey(record.s3.object.key));
        if (!parsed) {
          logger.warn('Ignoring an object outside the import key scheme', { key: record.s3.object.key });
          continue;
        }
        target = parsed;
        fromUpload = true;
      } else {
        target = JSON.parse(record.body) as ContinuationMessage;
      }
      const outcome = await handleJob(target, fromUpload, { ...options, remainingMs, send });
      results.push({ jobId: target.jobId, outcome });
    }
    return results;
  };
}

async function handleJob(
  target: ContinuationMessage,
  fromUpload: boolean,
  options: ImportHandlerOptions & { remainingMs: () => number; send: (m: ContinuationMessage) => Promise<void> },
): Promise<JobOutcome> {
  const { tenantId, jobId } = target;
  const job = await repo.loadJob(tenantId, jobId, true);
  if (!job || job.status === 'SUCCEEDED' || job.status === 'SUCCEEDED_WITH_ERRORS' || job.status === 'FAILED') {
    logger.info('No import to run for this event', { tenantId, jobId, status: job?.status ?? 'missing' });
    return 'IGNORED';
  }
  // A continuation never starts a job that has not seen its upload.
  if (job.status === 'WAITING_FOR_UPLOAD' && !fromUpload) return 'IGNORED';
  const leaseMarginMs = options.leaseMarginMs ?? 30_000;
  if (!(await repo.claimJob(job, Date.now() + options.remainingMs() + leaseMarginMs, new Date().toISOString()))) {
    logger.info('The import is held by another invocation', { tenantId, jobId });
    return 'IGNORED';
  }
  const claimed = await repo.loadJob(tenantId, jobId, true);
  if (!claimed) return 'IGNORED';
  let outcome;
  try {
    outcome = await runImport(claimed, {
      remainingMs: options.remainingMs,
      reserveMs: options.reserveMs ?? 60_000,
      batchRows: options.batchRows ?? BATCH_ROWS,
      checkpointRows: options.checkpointRows ?? CHECKPOINT_ROWS,
      leaseMarginMs,
      logger,
      afterBatch: options.afterBatch,
      onPhase: options.onPhase,
    });
  } catch (error) {
    logger.error('Import failed; the retry resumes from the last checkpoint', { tenantId, jobId, error: error as Error });
    await repo.releaseLease(tenantId, jobId).catch(() => undefined);
    throw error;
  }
  if (outcome === 'FINISHED') return 'FINISHED';
  await repo.releaseLease(tenantId, jobId);
  await options.send({ tenantId, jobId });
  logger.info('Import handed over to the next invocation', { tenantId, jobId });
  return 'CONTINUED';
}

export const handler = createImportHandler();
