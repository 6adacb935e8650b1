/**
 * `npm run bench:budget -- [--units 200 --payments 100000]`: the budget import at scale.
 *
 * In one run on one DynamoDB Local: a generated payments file (the project's generator) is imported
 * through the import handler (S3 object + event, the real pipeline), timed as rows per second; the
 * process's peak RSS is read right after it (before anything else holds rows in memory); then a raw
 * BatchWriteItem loop writes the same payment items into another tenant, timed the same way. The
 * ratio import ÷ raw is the pipeline's overhead (goal ≥ 0.7). Run it once per size: RSS is a
 * high-water mark of the whole process. Results go to stdout (docs/BENCHMARKS.md keeps them).
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startBenchEnvironment, stopBenchEnvironment, BENCH_BUCKET } from './bench/environment';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const say = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { units: { type: 'string', default: '200' }, payments: { type: 'string', default: '100000' } } });
  await startBenchEnvironment();
  process.env.IMPORTS_BUCKET = BENCH_BUCKET;
  // Loaded after the environment is set: they read it on first use.
  const { generateBudgetExport } = await import('../functions/local/budget/generate');
  const { readBudgetCsv } = await import('../functions/src/budget/csv/reader');
  const { writeBudgetLines, newPaymentRecord } = await import('../functions/src/budget/writes');
  const { batchWrite } = await import('../functions/src/data/batch');
  const { transactWrite } = await import('../functions/src/data/transactions');
  const { s3 } = await import('../functions/src/data/s3');
  const { uploadIdentity, UPLOAD_IDENTITY_FIELD } = await import('../functions/src/data/upload-identity');
  const { budgetKeys, importObjectKey } = await import('../functions/src/budget/keys');
  const repo = await import('../functions/src/budget/imports/repository');
  const { createImportHandler } = await import('../functions/src/imports/handler');
  const { newId } = await import('../functions/src/core/ids');

  const dir = mkdtempSync(join(tmpdir(), 'renda-bench-budget-'));
  try {
    const totals = (await generateBudgetExport({ out: dir, units: Number(values.units), payments: Number(values.payments), months: 12, lines: 5 })).totals;
    say(`Generated ${totals.payments} payments over ${totals.lines} lines of ${totals.units} units.`);
    const year = 2026;
    const scope = (tenantId: string) => ({ tenantId, year, jobId: 'bench', now: new Date().toISOString() });
    const readRows = async (kind: 'BUDGET_LINES' | 'PAYMENTS', file: string) => {
      const rows: { line: number; row: never }[] = [];
      for await (const item of readBudgetCsv(createReadStream(join(dir, file)), kind, { year })) if (item.row) rows.push({ line: item.line, row: item.row as never });
      return rows;
    };
    const lines = await readRows('BUDGET_LINES', 'budget-lines.csv');
    for (const tenant of ['benchimport', 'benchraw']) await writeBudgetLines(scope(tenant), lines);

    // The import, through the handler as S3 would invoke it.
    const bytes = readFileSync(join(dir, 'payments.csv'));
    const jobId = newId();
    const key = importObjectKey('benchimport', year, jobId);
    await (await s3()).send(
      new PutObjectCommand({ Bucket: BENCH_BUCKET, Key: key, Body: bytes, Metadata: { [UPLOAD_IDENTITY_FIELD.slice('x-amz-meta-'.length)]: await uploadIdentity(key) } }),
    );
    const now = new Date().toISOString();
    await transactWrite([
      repo.createJobWrite({
        ...budgetKeys.importJob('benchimport', jobId), sk: 'JOB', type: 'BudgetImportJob', tenantId: 'benchimport', id: jobId, year,
        kind: 'PAYMENTS', fileName: 'payments.csv', size: bytes.length, s3Key: key, status: 'WAITING_FOR_UPLOAD', encoding: null,
        headerLanguage: null, rowsRead: 0, rowsImported: 0, rowsRejected: 0, errorsStored: 0, checkpoint: null, errorReportKey: null,
        message: null, startedAt: null, finishedAt: null, uploadExpiresAt: now, createdAt: now, createdBy: 'bench',
        importJobsByYearPk: budgetKeys.importJobsOfYear('benchimport', year), importJobsByYearSk: `${now}#${jobId}`,
      }),
    ]);
    const event = { Records: [{ eventName: 'ObjectCreated:Post', s3: { bucket: { name: BENCH_BUCKET }, object: { key } } }] };
    const importStart = process.hrtime.bigint();
    await createImportHandler({ sendContinuation: async () => { throw new Error('one invocation should do'); } })(event as never);
    const importSeconds = Number(process.hrtime.bigint() - importStart) / 1e9;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const job = await repo.loadJob('benchimport', jobId, true);

    // The same items, written by a plain BatchWriteItem loop (rows parsed beforehand, not timed).
    const payments = (await readRows('PAYMENTS', 'payments.csv')).map((r) => ({ put: newPaymentRecord({ tenantId: 'benchraw', year }, r.row) as never }));
    const rawStart = process.hrtime.bigint();
    await batchWrite('budget', payments);
    const rawSeconds = Number(process.hrtime.bigint() - rawStart) / 1e9;

    const importRate = totals.payments / importSeconds;
    const rawRate = payments.length / rawSeconds;
    say(`import: ${job?.status}, ${job?.rowsImported} rows in ${importSeconds.toFixed(1)} s (incl. landing) = ${importRate.toFixed(0)} rows/s; peak RSS ${peakRssMb.toFixed(0)} MB`);
    say(`raw BatchWriteItem loop: ${payments.length} items in ${rawSeconds.toFixed(1)} s = ${rawRate.toFixed(0)} items/s`);
    say(`ratio import / raw: ${(importRate / rawRate).toFixed(2)} (goal >= 0.7)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await stopBenchEnvironment();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:budget failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
