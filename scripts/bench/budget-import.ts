/**
 * The budget import bench, shared by `npm run bench:budget` (any size) and `npm run bench` (a small
 * size by default, the 120,000-payment file with `--budget-full`).
 *
 * In one run on one DynamoDB Local: a payments file of the project's generator is imported through
 * the import handler (S3 object + event, the real pipeline), timed per phase — rows read and written
 * (the import proper), landing (payment sums and aggregates), rule evaluation — with the DynamoDB
 * calls of each phase counted. A raw BatchWriteItem loop writes the same payment items (same
 * helper, same concurrency, parsing not timed) once BEFORE and once AFTER the import, so a change in
 * the machine's load during the run shows as a gap between the two; the ratio is the import's rate
 * (without landing) over the mean of the two raw rates. Then the rules are evaluated once more on
 * their own (reading the lines themselves), as a re-import that changes nothing would.
 *
 * Import this module only after the bench environment is set (environment.ts).
 */
import { fork } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { generateBudgetExport } from '../../functions/local/budget/generate';
import { evaluateAlerts } from '../../functions/src/budget/alerts/evaluation';
import * as repo from '../../functions/src/budget/imports/repository';
import { readBudgetCsv } from '../../functions/src/budget/csv/reader';
import type { BudgetLineRow, ExecutionRow, PaymentRow } from '../../functions/src/budget/csv/rows';
import { budgetKeys, importObjectKey } from '../../functions/src/budget/keys';
import { newPaymentRecord, writeBudgetLines, writeExecution } from '../../functions/src/budget/writes';
import { newId } from '../../functions/src/core/ids';
import { batchWrite } from '../../functions/src/data/batch';
import { dynamo } from '../../functions/src/data/client';
import { s3 } from '../../functions/src/data/s3';
import { transactWrite } from '../../functions/src/data/transactions';
import { uploadIdentity, UPLOAD_IDENTITY_FIELD } from '../../functions/src/data/upload-identity';
import { BENCH_BUCKET } from './environment';
import type { CallCounts, ImportProcessReport, ImportProcessRequest } from './budget-import-process';

export interface BudgetImportBenchOptions {
  /** Generator size: units and target payments (5 lines per unit, 12 months). */
  readonly units: number;
  readonly payments: number;
  readonly say: (line?: string) => void;
}


export interface BudgetImportBenchResult {
  readonly rows: number;
  readonly lines: number;
  readonly status: string;
  readonly rowsImported: number;
  /** Read + validate + write of every row, to the last checkpoint (the import proper). */
  readonly writeSeconds: number;
  /** Payment sums per line and every aggregate recomputed. */
  readonly landingSeconds: number;
  /** The warning rules on the landed year, and the job finished. */
  readonly evaluationSeconds: number;
  readonly finishSeconds: number;
  readonly rawSeconds: readonly [number, number];
  readonly importRate: number;
  readonly importRateWithLanding: number;
  readonly rawRate: number;
  readonly ratio: number;
  readonly ratioWithLanding: number;
  /** The import process's RSS high-water mark, the highest RSS sampled during the import, and RSS before it (handler loaded). */
  readonly maxRssMb: number;
  readonly sampledPeakRssMb: number;
  readonly rssBeforeMb: number;
  readonly writeCalls: CallCounts;
  readonly landingCalls: CallCounts;
  readonly evaluationCalls: CallCounts;
  readonly alertsRaised: number;
  readonly reevaluation: { readonly seconds: number; readonly calls: CallCounts; readonly unchanged: number };
  readonly loadAverage: readonly [number, number];
}

const YEAR = 2026;
const IMPORT_TENANT = 'benchimport';
const RAW_TENANTS = ['benchrawa', 'benchrawb'] as const;
/** Raw-loop items built (untimed) and written (timed) per round: bounded memory at any size. */
const RAW_CHUNK = 5_000;
const WARM_UP_ITEMS = 20_000;

let counts: CallCounts = {};
let counterInstalled = false;

/** Counts every DynamoDB HTTP request (after the SDK's retries, like the read bench's counter). */
function installCallCounter(): void {
  if (counterInstalled) return;
  counterInstalled = true;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName ?? 'unknown').replace(/Command$/, '');
      counts[command] = (counts[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'budgetBenchCallCounter', priority: 'low' },
  );
}

const takeCounts = (): CallCounts => {
  const taken = counts;
  counts = {};
  return taken;
};

const READS = new Set(['GetItem', 'Query', 'BatchGetItem', 'Scan']);
export const readsOf = (c: CallCounts) => Object.entries(c).reduce((n, [command, k]) => n + (READS.has(command) ? k : 0), 0);
export const formatCalls = (c: CallCounts) =>
  Object.entries(c)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([command, n]) => `${command}×${n}`)
    .join(' ') || '-';

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** Writes the file's payment items into `tenantId` with the import's own batchWrite; only the writes are timed. */
async function rawLoop(file: string, tenantId: string, limit = Infinity): Promise<{ items: number; seconds: number }> {
  let chunk: { put: Record<string, unknown> }[] = [];
  let items = 0;
  let spent = 0;
  const flush = async () => {
    const started = process.hrtime.bigint();
    await batchWrite('budget', chunk);
    spent += seconds(started);
    items += chunk.length;
    chunk = [];
  };
  for await (const item of readBudgetCsv(createReadStream(file), 'PAYMENTS', { year: YEAR })) {
    if (!item.row) continue;
    chunk.push({ put: newPaymentRecord({ tenantId, year: YEAR }, item.row as PaymentRow) as unknown as Record<string, unknown> });
    if (chunk.length >= RAW_CHUNK) await flush();
    if (items + chunk.length >= limit) break;
  }
  if (chunk.length) await flush();
  return { items, seconds: spent };
}

/** Runs the import in a forked process of its own (budget-import-process.ts) and returns its report. */
async function importInOwnProcess(request: ImportProcessRequest): Promise<ImportProcessReport> {
  const child = fork(join(__dirname, 'budget-import-process.ts'), [], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_IMPORT_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_IMPORT_CPU_PROF}`] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<ImportProcessReport>((resolve, reject) => {
    child.on('message', (message: { ready?: true; report?: ImportProcessReport; error?: string }) => {
      if (message.ready) child.send(request);
      else if (message.report) resolve(message.report);
      else reject(new Error(`The import process failed: ${message.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`The import process exited (${code}) without a report`)));
  });
}

async function createJob(tenantId: string, bytes: Buffer): Promise<{ jobId: string; key: string }> {
  const jobId = newId();
  const key = importObjectKey(tenantId, YEAR, jobId);
  const identity = { [UPLOAD_IDENTITY_FIELD.slice('x-amz-meta-'.length)]: await uploadIdentity(key) };
  await (await s3()).send(new PutObjectCommand({ Bucket: BENCH_BUCKET, Key: key, Body: bytes, Metadata: identity }));
  const now = new Date().toISOString();
  await transactWrite([
    repo.createJobWrite({
      ...budgetKeys.importJob(tenantId, jobId), sk: 'JOB', type: 'BudgetImportJob', tenantId, id: jobId, year: YEAR,
      kind: 'PAYMENTS', fileName: 'payments.csv', size: bytes.length, s3Key: key, status: 'WAITING_FOR_UPLOAD', encoding: null,
      headerLanguage: null, rowsRead: 0, rowsImported: 0, rowsRejected: 0, errorsStored: 0, checkpoint: null, errorReportKey: null,
      message: null, startedAt: null, finishedAt: null, uploadExpiresAt: now, createdAt: now, createdBy: 'bench',
      importJobsByYearPk: budgetKeys.importJobsOfYear(tenantId, YEAR), importJobsByYearSk: `${now}#${jobId}`,
    }),
  ]);
  return { jobId, key };
}

export async function benchBudgetImport(options: BudgetImportBenchOptions): Promise<BudgetImportBenchResult> {
  const { say } = options;
  process.env.IMPORTS_BUCKET = BENCH_BUCKET;
  installCallCounter();
  const loadBefore = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'renda-bench-budget-'));
  try {
    const generated = await generateBudgetExport({ out: dir, units: options.units, payments: options.payments, months: 12, lines: 5 });
    const rows = generated.totals.payments;
    say(`  generated ${rows.toLocaleString('en')} payments over ${generated.totals.lines} lines of ${generated.totals.units} units`);
    const lineRows: { line: number; row: BudgetLineRow }[] = [];
    for await (const item of readBudgetCsv(createReadStream(join(dir, 'budget-lines.csv')), 'BUDGET_LINES', { year: YEAR })) {
      if (item.row) lineRows.push({ line: item.line, row: item.row as BudgetLineRow });
    }
    for (const tenantId of [IMPORT_TENANT, ...RAW_TENANTS, 'benchwarmup']) {
      await writeBudgetLines({ tenantId, year: YEAR, jobId: 'bench', now: new Date().toISOString() }, lineRows);
    }
    // The import tenant's execution, so the rules have a period to evaluate after the import.
    const executionRows: { line: number; row: ExecutionRow }[] = [];
    for await (const item of readBudgetCsv(createReadStream(join(dir, 'execution.csv')), 'EXECUTION', { year: YEAR })) {
      if (item.row) executionRows.push({ line: item.line, row: item.row as ExecutionRow });
    }
    await writeExecution({ tenantId: IMPORT_TENANT, year: YEAR, jobId: 'bench', now: new Date().toISOString() }, executionRows);
    const paymentsFile = join(dir, 'payments.csv');

    // DynamoDB Local's JIT warms up over the first several thousand writes (a first loop of 11,000 took
    // twice as long as a later one): up to 20,000 items go to a throwaway tenant before anything is timed.
    await rawLoop(paymentsFile, 'benchwarmup', WARM_UP_ITEMS);
    const rawBefore = await rawLoop(paymentsFile, RAW_TENANTS[0]);
    say(`  raw BatchWriteItem loop (before): ${rawBefore.items.toLocaleString('en')} items in ${rawBefore.seconds.toFixed(1)} s`);

    const bytes = readFileSync(paymentsFile);
    const { jobId, key } = await createJob(IMPORT_TENANT, bytes);
    const imported = await importInOwnProcess({ bucket: BENCH_BUCKET, key });
    const { WRITTEN, LANDED, EVALUATED, END } = imported.marks;
    const job = await repo.loadJob(IMPORT_TENANT, jobId, true);

    const rawAfter = await rawLoop(paymentsFile, RAW_TENANTS[1]);
    say(`  raw BatchWriteItem loop (after): ${rawAfter.items.toLocaleString('en')} items in ${rawAfter.seconds.toFixed(1)} s`);

    takeCounts();
    const reStarted = process.hrtime.bigint();
    const again = await evaluateAlerts(IMPORT_TENANT, YEAR, { jobId: 'bench-reevaluation' });
    const reevaluation = { seconds: seconds(reStarted), calls: takeCounts(), unchanged: again.unchanged };

    const writeSeconds = WRITTEN.seconds;
    const rawRate = (rawBefore.items / rawBefore.seconds + rawAfter.items / rawAfter.seconds) / 2;
    const importRate = rows / writeSeconds;
    const importRateWithLanding = rows / END.seconds;
    return {
      rows,
      lines: generated.totals.lines,
      status: job?.status ?? 'missing',
      rowsImported: job?.rowsImported ?? 0,
      writeSeconds,
      landingSeconds: LANDED.seconds - WRITTEN.seconds,
      evaluationSeconds: EVALUATED.seconds - LANDED.seconds,
      finishSeconds: END.seconds - EVALUATED.seconds,
      rawSeconds: [rawBefore.seconds, rawAfter.seconds],
      importRate,
      importRateWithLanding,
      rawRate,
      ratio: importRate / rawRate,
      ratioWithLanding: importRateWithLanding / rawRate,
      maxRssMb: imported.maxRssMb,
      sampledPeakRssMb: imported.sampledPeakRssMb,
      rssBeforeMb: imported.rssBeforeMb,
      writeCalls: WRITTEN.calls,
      landingCalls: LANDED.calls,
      evaluationCalls: EVALUATED.calls,
      alertsRaised: imported.raised,
      reevaluation,
      loadAverage: [loadBefore, loadavg()[0]!],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The result as the bench prints it (docs/BENCHMARKS.md keeps the figures). */
export function formatBudgetImport(r: BudgetImportBenchResult): string[] {
  const per1000 = (c: CallCounts) =>
    Object.entries(c)
      .map(([command, n]) => `${command} ${((n * 1000) / r.rows).toFixed(1)}`)
      .join(', ');
  const evaluationReads = readsOf(r.evaluationCalls);
  return [
    `budget import of ${r.rows.toLocaleString('en')} payments (${r.lines} lines): ${r.status}, ${r.rowsImported.toLocaleString('en')} rows imported`,
    `  import (read, validate, write):  ${r.writeSeconds.toFixed(1)} s = ${r.importRate.toFixed(0)} rows/s`,
    `  + landing (sums, aggregates):    ${r.landingSeconds.toFixed(1)} s`,
    `  + rule evaluation:               ${r.evaluationSeconds.toFixed(2)} s, ${r.alertsRaised} alerts raised, ${formatCalls(r.evaluationCalls)}` +
      ` (${evaluationReads} reads = ${r.alertsRaised ? (evaluationReads / r.alertsRaised).toFixed(3) : '-'} per alert)`,
    `  + job finished:                  ${r.finishSeconds.toFixed(2)} s`,
    `  with landing and rules:          ${r.importRateWithLanding.toFixed(0)} rows/s`,
    `  raw BatchWriteItem loop:         ${r.rawSeconds.map((s) => s.toFixed(1)).join(' s before, ')} s after = ${r.rawRate.toFixed(0)} items/s (mean)`,
    `  ratio import / raw:              ${r.ratio.toFixed(2)} (goal >= 0.7); with landing and rules ${r.ratioWithLanding.toFixed(2)}`,
    `  import process RSS: peak ${r.maxRssMb.toFixed(0)} MB (high-water; ${r.sampledPeakRssMb.toFixed(0)} MB sampled), ${r.rssBeforeMb.toFixed(0)} MB with the handler loaded (goal: flat, < 256 MB)`,
    `  DynamoDB calls per 1,000 rows while importing: ${per1000(r.writeCalls)}`,
    `  landing calls: ${formatCalls(r.landingCalls)}`,
    `  rules re-evaluated alone (reads the lines): ${r.reevaluation.seconds.toFixed(2)} s, ${formatCalls(r.reevaluation.calls)}, ${r.reevaluation.unchanged} alerts unchanged`,
    `  load average (1 min) ${r.loadAverage[0].toFixed(1)} before, ${r.loadAverage[1].toFixed(1)} after`,
  ];
}

/** Sizes of the budget import section of `npm run bench`. */
export const BENCH_SIZES = {
  quick: { units: 10, payments: 2_000 },
  standard: { units: 20, payments: 12_000 },
  full: { units: 200, payments: 100_000 },
} as const;

/**
 * The budget import section of `npm run bench`: the 12,000-payment file by default (2,000 with
 * --quick), the 120,000-payment file with --budget-full. A report, never a gate — but an import that
 * does not succeed with every row fails the run like any other wrong answer.
 */
export async function budgetImportSection(options: { quick: boolean; full: boolean; say: (line?: string) => void }): Promise<BudgetImportBenchResult> {
  const size = options.full ? BENCH_SIZES.full : options.quick ? BENCH_SIZES.quick : BENCH_SIZES.standard;
  options.say(`Budget import (--units ${size.units} --payments ${size.payments}; the 120,000-payment file with --budget-full)...`);
  const result = await benchBudgetImport({ ...size, say: options.say });
  if (result.status !== 'SUCCEEDED' || result.rowsImported !== result.rows) {
    throw new Error(`The budget import ended ${result.status} with ${result.rowsImported} of ${result.rows} rows`);
  }
  options.say();
  for (const line of formatBudgetImport(result)) options.say(line);
  return result;
}
