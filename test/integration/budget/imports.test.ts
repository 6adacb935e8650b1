import { trailOf } from '../../support/audit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Event, SQSEvent } from 'aws-lambda';
import iconv from 'iconv-lite';
import { freePort, startS3Emulator, type RunningS3 } from '../../../functions/local/emulators';
import { deliverObjectCreatedEvents } from '../../../functions/local/s3-events';
import { IMPORT_PREFIX } from '../../../functions/src/budget/keys';
import { createImportHandler, type ContinuationMessage, type ImportHandlerOptions } from '../../../functions/src/imports/handler';
import { errorCode, gql, gqlOk, newTenant, tokenFor } from '../../support/api';
import {
  generatedExport,
  jobOf,
  requestImport,
  storedLines,
  storedPayments,
  storedTotals,
  uploadTo,
  withoutTenant,
  type GeneratedExport,
  type Kind,
} from '../../support/budget';

const BUCKET = 'renda-imports-test';

/**
 * Its own S3 emulator, wired as `npm start` wires it: an upload's object-created event under the
 * import prefix reaches the import handler, and the continuation queue is played in process.
 */
let s3: RunningS3;
let s3Dir: string;
let handlerOptions: ImportHandlerOptions = {};
/** Continuations are delivered at once unless a test holds them to deliver them itself. */
let holdContinuations = false;
const held: ContinuationMessage[] = [];
const running: Promise<unknown>[] = [];
const failures: unknown[] = [];

function track(run: Promise<unknown>): void {
  running.push(run.catch((error: unknown) => failures.push(error)));
}

function continuationEvent(message: ContinuationMessage): SQSEvent {
  return { Records: [{ body: JSON.stringify(message) }] } as unknown as SQSEvent;
}

function invoke(event: S3Event | SQSEvent): Promise<unknown> {
  return createImportHandler({
    ...handlerOptions,
    sendContinuation: async (message) => {
      if (holdContinuations) held.push(message);
      else track(invoke(continuationEvent(message)));
    },
  })(event);
}

const s3Events: S3Event[] = [];

beforeAll(async () => {
  s3Dir = mkdtempSync(join(tmpdir(), 'renda-import-test-'));
  s3 = await startS3Emulator(await freePort(), s3Dir, BUCKET);
  process.env.S3_ENDPOINT = s3.endpoint;
  process.env.FILES_BUCKET = BUCKET;
  process.env.IMPORTS_BUCKET = BUCKET;
  deliverObjectCreatedEvents(
    s3.server,
    async (event) => {
      s3Events.push(event);
      track(invoke(event));
    },
    (error) => failures.push(error),
    { prefix: IMPORT_PREFIX },
  );
});

afterAll(async () => {
  await s3.stop();
  rmSync(s3Dir, { recursive: true, force: true });
});

beforeEach(() => {
  handlerOptions = {};
  holdContinuations = false;
  held.length = 0;
  failures.length = 0;
});

/** Waits for the upload's event to arrive and for every invocation it led to (continuations too). */
async function importsDone(): Promise<void> {
  for (let i = 0; i < 250 && running.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  while (running.length) await Promise.all(running.splice(0));
}

async function importFile(token: string, kind: Kind, bytes: Uint8Array, year = 2026) {
  const { job, upload } = await requestImport(token, kind, bytes, year);
  expect(await uploadTo(upload, bytes, job.fileName)).toBeLessThan(300);
  await importsDone();
  return jobOf(token, job.id);
}

async function staffOfNewTenant() {
  const tenant = await newTenant();
  return { tenant, staff: await tokenFor(tenant, 'BUDGET_STAFF') };
}

let utf8: GeneratedExport;
let gb: GeneratedExport;
let bad: GeneratedExport;

beforeAll(async () => {
  [utf8, gb, bad] = await Promise.all([
    generatedExport({ encoding: 'utf-8', headers: 'en' }),
    generatedExport({ encoding: 'gb18030', headers: 'zh' }),
    generatedExport({ encoding: 'utf-8', headers: 'en', badRows: 9 }),
  ]);
});

async function importAll(staff: string, data: GeneratedExport) {
  const lines = await importFile(staff, 'BUDGET_LINES', data.file('budget-lines.csv'));
  const execution = await importFile(staff, 'EXECUTION', data.file('execution.csv'));
  const payments = await importFile(staff, 'PAYMENTS', data.file('payments.csv'));
  return { lines, execution, payments };
}

const yuanToFen = (yuan: string) => Math.round(Number(yuan) * 100);

describe('a real upload and import of each kind', () => {
  test.each([
    ['UTF-8 with English headers', () => utf8, 'UTF_8', 'EN'],
    ['GB18030 with Chinese headers', () => gb, 'GB18030', 'ZH'],
  ])('%s', async (_name, data, encoding, language) => {
    const { tenant, staff } = await staffOfNewTenant();
    const { totals } = data().anomalies;
    const jobs = await importAll(staff, data());
    expect(jobs.lines).toMatchObject({ status: 'SUCCEEDED', encoding, headerLanguage: language, rowsRead: totals.lines, rowsImported: totals.lines, rowsRejected: 0 });
    expect(jobs.execution).toMatchObject({ status: 'SUCCEEDED', rowsImported: totals.execution_rows, rowsRejected: 0 });
    expect(jobs.payments).toMatchObject({ status: 'SUCCEEDED', rowsImported: totals.payments, rowsRejected: 0, errorReportUrl: null });
    expect(jobs.payments.startedAt).not.toBeNull();
    expect(jobs.payments.finishedAt).not.toBeNull();

    expect(await storedLines(tenant)).toHaveLength(totals.lines);
    expect(await storedPayments(tenant)).toHaveLength(totals.payments);
    const stored = await storedTotals(tenant);
    expect(stored).toMatchObject({
      approved: yuanToFen(totals.approved_total),
      adjusted: yuanToFen(totals.adjusted_total),
      lineCount: totals.lines,
      unitCount: totals.units,
      latestPeriod: '2026-06',
      // The generator's payments add up to each line's execution: every line reconciles.
      unreconciledLineCount: 0,
    });
    expect(stored!.paid).toBe(stored!.executed['2026-06']);
  });
});

test('every kind of bad row is reported with its line and column, and every good row is imported', async () => {
  const { tenant, staff } = await staffOfNewTenant();
  const { totals, bad_rows: planted } = bad.anomalies;
  const jobs = await importAll(staff, bad);
  const byFile = { 'budget-lines.csv': jobs.lines, 'execution.csv': jobs.execution, 'payments.csv': jobs.payments } as const;
  for (const [file, job] of Object.entries(byFile)) {
    const expected = planted.filter((p) => p.file === file);
    expect(job.status).toBe('SUCCEEDED_WITH_ERRORS');
    expect(job.rowsRejected).toBe(expected.length);
    expect(job.errors.totalCount).toBe(expected.length);
    const reported = job.errors.edges.map((e: { node: { line: number; column: string } }) => ({ line: e.node.line, column: e.node.column }));
    expect(reported).toEqual(expected.map((p) => ({ line: p.line, column: p.column })).sort((a, b) => a.line - b.line));
    expect(job.errorReportUrl).toMatch(/^http/);
  }
  expect(jobs.lines.rowsImported).toBe(totals.lines);
  expect(jobs.execution.rowsImported).toBe(totals.execution_rows);
  expect(jobs.payments.rowsImported).toBe(totals.payments);
  expect(await storedLines(tenant)).toHaveLength(totals.lines);
  expect(await storedPayments(tenant)).toHaveLength(totals.payments);

  const report = await fetch(jobs.payments.errorReportUrl);
  const text = await report.text();
  for (const p of planted.filter((x) => x.file === 'payments.csv')) expect(text).toContain(`${p.line},${p.column},`);
});

test('a file without a required column fails naming it, and writes nothing', async () => {
  const { tenant, staff } = await staffOfNewTenant();
  const text = utf8.file('budget-lines.csv').toString('utf8');
  const withoutAdjusted = text
    .split('\n')
    .map((line) => line.split(',').slice(0, 10).join(','))
    .join('\n');
  const job = await importFile(staff, 'BUDGET_LINES', Buffer.from(withoutAdjusted, 'utf8'));
  expect(job.status).toBe('FAILED');
  expect(job.message).toContain('adjusted');
  expect(job.rowsImported).toBe(0);
  expect(await storedLines(tenant)).toHaveLength(0);
  expect(await storedTotals(tenant)).toBeNull();
});

test('a file that is not the size announced fails before anything is written', async () => {
  const { tenant, staff } = await staffOfNewTenant();
  const bytes = utf8.file('budget-lines.csv');
  const { job, upload } = await requestImport(staff, 'BUDGET_LINES', bytes.subarray(0, bytes.length - 10));
  // The emulator does not enforce the form's content-length-range; the import checks again.
  await uploadTo(upload, bytes, job.fileName);
  await importsDone();
  const after = await jobOf(staff, job.id);
  expect(after.status).toBe('FAILED');
  expect(after.message).toContain('not the');
  expect(await storedLines(tenant)).toHaveLength(0);
});

test('a file put under the key without the signed upload identity fails, and nothing is written', async () => {
  const { tenant, staff } = await staffOfNewTenant();
  const bytes = utf8.file('budget-lines.csv');
  const { job, upload } = await requestImport(staff, 'BUDGET_LINES', bytes);
  const unsigned = { ...upload, fields: upload.fields.filter((f: { name: string }) => !f.name.includes('upload-identity')) };
  expect(unsigned.fields.length).toBe(upload.fields.length - 1);
  await uploadTo(unsigned, bytes, job.fileName);
  await importsDone();
  const after = await jobOf(staff, job.id);
  expect(after).toMatchObject({ status: 'FAILED', message: expect.stringContaining('not uploaded with the form') });
  expect(await storedLines(tenant)).toHaveLength(0);
});

test('the same files twice change nothing', async () => {
  const { tenant, staff } = await staffOfNewTenant();
  await importAll(staff, utf8);
  const [lines, payments] = [await storedLines(tenant), await storedPayments(tenant)];
  const again = await importAll(staff, utf8);
  expect(again.lines.status).toBe('SUCCEEDED');
  expect(again.payments.status).toBe('SUCCEEDED');
  expect(await storedLines(tenant)).toEqual(lines);
  expect(await storedPayments(tenant)).toEqual(payments);
});

test('a changed adjusted amount updates the line and records the adjustment; execution for a month replaces it', async () => {
  const { tenant, staff } = await staffOfNewTenant();
  await importAll(staff, utf8);
  const [header, first, ...rest] = utf8.file('budget-lines.csv').toString('utf8').split('\n');
  const cells = first!.split(',');
  cells[10] = '123456.78';
  const changed = await importFile(staff, 'BUDGET_LINES', Buffer.from([header, cells.join(','), ...rest].join('\n'), 'utf8'));
  expect(changed.status).toBe('SUCCEEDED');
  const lineKey = `${cells[1]}#${cells[3]}#${cells[5]}#${cells[7]}`;
  const line = (await storedLines(tenant)).find((l) => l.lineKey === lineKey)!;
  const before = yuanToFen(first!.split(',')[10]!);
  expect(line.adjusted).toBe(12345678);
  expect(line.adjustments).toEqual([{ from: before, to: 12345678, at: expect.any(String), jobId: expect.any(String) }]);
  expect(Object.keys(line.executed)).toHaveLength(6); // execution stays with the line

  const execution = `year,period,unit_code,function_code,economic_code,project_code,executed_to_date\n2026,2026-03,${cells[1]},${cells[3]},${cells[5]},${cells[7]},1.00\n`;
  expect((await importFile(staff, 'EXECUTION', Buffer.from(execution))).status).toBe('SUCCEEDED');
  const after = (await storedLines(tenant)).find((l) => l.lineKey === lineKey)!;
  expect(after.executed['2026-03']).toBe(100);
  expect(after.executed['2026-04']).toBe(line.executed['2026-04']);
});

describe('an interrupted import', () => {
  const small = { batchRows: 10, checkpointRows: 10 };

  test('hands over when time runs low and resumes from its checkpoint to the same data', async () => {
    const whole = await staffOfNewTenant();
    await importAll(whole.staff, utf8);

    const parts = await staffOfNewTenant();
    await importFile(parts.staff, 'BUDGET_LINES', utf8.file('budget-lines.csv'));
    await importFile(parts.staff, 'EXECUTION', utf8.file('execution.csv'));
    // Time "runs low" after the first batch: the job saves its checkpoint and hands over.
    let batches = 0;
    handlerOptions = { ...small, reserveMs: 1000, remainingMs: () => (batches >= 1 ? 0 : 60_000), afterBatch: () => void batches++ };
    holdContinuations = true;
    const bytes = utf8.file('payments.csv');
    const { job, upload } = await requestImport(parts.staff, 'PAYMENTS', bytes);
    await uploadTo(upload, bytes, job.fileName);
    await importsDone();
    const paused = await jobOf(parts.staff, job.id);
    expect(paused).toMatchObject({ status: 'RUNNING', rowsRead: 10 });
    expect(held).toEqual([{ tenantId: parts.tenant, jobId: expect.any(String) }]);

    // The next invocation (the queue's message) resumes with a Range GET from the checkpoint.
    batches = 0;
    handlerOptions = { ...small, afterBatch: () => void batches++ };
    track(invoke(continuationEvent(held[0]!)));
    await importsDone();
    const done = await jobOf(parts.staff, job.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', rowsRead: utf8.anomalies.totals.payments, rowsImported: utf8.anomalies.totals.payments });
    expect(batches).toBe(Math.ceil((utf8.anomalies.totals.payments - 10) / 10));

    expect(withoutTenant(await storedPayments(parts.tenant), parts.tenant)).toEqual(withoutTenant(await storedPayments(whole.tenant), whole.tenant));
    expect(withoutTenant(await storedLines(parts.tenant), parts.tenant)).toEqual(withoutTenant(await storedLines(whole.tenant), whole.tenant));
    const [a, b] = [await storedTotals(parts.tenant), await storedTotals(whole.tenant)];
    expect(withoutTenant([a], parts.tenant, ['landedAt', 'landedByJob'])).toEqual(withoutTenant([b], whole.tenant, ['landedAt', 'landedByJob']));
  });

  test('a crash is retried with the same event and converges to the same data', async () => {
    const whole = await staffOfNewTenant();
    await importAll(whole.staff, bad);

    const crashed = await staffOfNewTenant();
    await importFile(crashed.staff, 'BUDGET_LINES', bad.file('budget-lines.csv'));
    await importFile(crashed.staff, 'EXECUTION', bad.file('execution.csv'));
    let crashes = 0;
    handlerOptions = {
      ...small,
      afterBatch: (rowsRead) => {
        if (rowsRead >= 30 && crashes === 0) {
          crashes++;
          throw new Error('the invocation died');
        }
      },
    };
    const bytes = bad.file('payments.csv');
    const { job, upload } = await requestImport(crashed.staff, 'PAYMENTS', bytes);
    await uploadTo(upload, bytes, job.fileName);
    await importsDone();
    expect(failures).toHaveLength(1);
    expect((await jobOf(crashed.staff, job.id)).status).toBe('RUNNING');

    // Lambda retries the same S3 event: the job resumes from its last checkpoint (20 rows in), not from 0.
    let resumedFrom = -1;
    handlerOptions = { ...small, afterBatch: (rowsRead) => void (resumedFrom = resumedFrom < 0 ? rowsRead : resumedFrom) };
    track(invoke(s3Events.at(-1)!));
    await importsDone();
    expect(resumedFrom).toBe(30);
    const done = await jobOf(crashed.staff, job.id);
    const planted = bad.anomalies.bad_rows.filter((p) => p.file === 'payments.csv');
    expect(done).toMatchObject({ status: 'SUCCEEDED_WITH_ERRORS', rowsRejected: planted.length, rowsImported: bad.anomalies.totals.payments });
    expect(done.errors.totalCount).toBe(planted.length);
    expect(withoutTenant(await storedPayments(crashed.tenant), crashed.tenant)).toEqual(withoutTenant(await storedPayments(whole.tenant), whole.tenant));
    expect(withoutTenant(await storedLines(crashed.tenant), crashed.tenant)).toEqual(withoutTenant(await storedLines(whole.tenant), whole.tenant));
  });
});

describe('requestBudgetImport and the job list', () => {
  const input = { year: 2026, kind: 'PAYMENTS', fileName: 'payments.csv', size: 100 };
  const REQUEST = `mutation($input: RequestBudgetImportInput!) { requestBudgetImport(input: $input) { job { id status } } }`;
  const LIST = `query($year: Int!) { budgetImportJobs(year: $year) { edges { node { id kind status } } } }`;

  test.each(['DEPUTY', 'TENANT_ADMIN', 'LEGISLATIVE_STAFF', 'CONTACT_POINT_LIAISON'] as const)('%s may not import', async (role) => {
    const tenant = await newTenant();
    const result = await gql(await tokenFor(tenant, role, { contactPointId: role === 'CONTACT_POINT_LIAISON' ? 'cp' : undefined }), REQUEST, { input });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect((await gqlOk(await tokenFor(tenant, 'BUDGET_STAFF'), LIST, { year: 2026 })).budgetImportJobs.edges).toHaveLength(0);
  });

  test('DEPUTY and TENANT_ADMIN read the jobs; LEGISLATIVE_STAFF and liaisons may not', async () => {
    const { tenant, staff } = await staffOfNewTenant();
    const { job } = await requestImport(staff, 'PAYMENTS', new Uint8Array(100));
    for (const role of ['DEPUTY', 'TENANT_ADMIN', 'BUDGET_STAFF'] as const) {
      const token = await tokenFor(tenant, role);
      expect((await gqlOk(token, LIST, { year: 2026 })).budgetImportJobs.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([job.id]);
      expect((await jobOf(token, job.id)).status).toBe('WAITING_FOR_UPLOAD');
    }
    for (const role of ['LEGISLATIVE_STAFF', 'CONTACT_POINT_LIAISON'] as const) {
      const token = await tokenFor(tenant, role, { contactPointId: role === 'CONTACT_POINT_LIAISON' ? 'cp' : undefined });
      expect(errorCode(await gql(token, LIST, { year: 2026 }))).toBe('FORBIDDEN');
      expect(errorCode(await gql(token, `query($id: ID!) { node(id: $id) { id } }`, { id: job.id }))).toBe('FORBIDDEN');
    }
  });

  test("another tenant's job is NOT_FOUND and absent from the list", async () => {
    const a = await staffOfNewTenant();
    const b = await staffOfNewTenant();
    const { job } = await requestImport(a.staff, 'PAYMENTS', new Uint8Array(100));
    expect(errorCode(await gql(b.staff, `query($id: ID!) { node(id: $id) { id } }`, { id: job.id }))).toBe('NOT_FOUND');
    expect((await gqlOk(b.staff, LIST, { year: 2026 })).budgetImportJobs.edges).toHaveLength(0);
  });

  test('the same idempotency key returns the same job; with other input it is CONFLICT', async () => {
    const { tenant, staff } = await staffOfNewTenant();
    const first = await requestImport(staff, 'PAYMENTS', new Uint8Array(100), 2026, 'pay-2026-11');
    const again = await requestImport(staff, 'PAYMENTS', new Uint8Array(100), 2026, 'pay-2026-11');
    expect(again.job.id).toBe(first.job.id);
    // The request is in the audit trail once, retry or not, with what was asked for.
    const trail = await trailOf(await tokenFor(tenant, 'TENANT_ADMIN'), first.job.id);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ operation: 'requestBudgetImport', entityType: 'BudgetImportJob', roles: ['BUDGET_STAFF'] });
    expect(trail[0]!.changes).toMatchObject({ kind: { before: null, after: 'PAYMENTS' }, size: { before: null, after: 100 } });
    expect(again.upload.fields).toEqual(expect.arrayContaining([{ name: 'key', value: expect.stringContaining('imports/') }]));
    const other = await gql(staff, REQUEST, { input: { ...input, size: 101, idempotencyKey: 'pay-2026-11' } });
    expect(errorCode(other)).toBe('CONFLICT');
    expect((await gqlOk(staff, LIST, { year: 2026 })).budgetImportJobs.edges).toHaveLength(1);
  });

  test.each([
    ['year', { year: 1999 }],
    ['fileName', { fileName: 'payments.xlsx' }],
    ['fileName', { fileName: 'a/b.csv' }],
    ['size', { size: 0 }],
    ['size', { size: 200 * 1024 * 1024 + 1 }],
  ])('bad %s is BAD_USER_INPUT naming it, and nothing is written', async (field, change) => {
    const { staff } = await staffOfNewTenant();
    const result = await gql(staff, REQUEST, { input: { ...input, ...change } });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe(field);
    expect((await gqlOk(staff, LIST, { year: 2026 })).budgetImportJobs.edges).toHaveLength(0);
  });
});

test('GB18030 bytes are detected, not declared', () => {
  // Guard for the fixture itself: the GB file must not be valid UTF-8 Chinese.
  expect(gb.file('budget-lines.csv').includes(iconv.encode('单位编码', 'gb18030'))).toBe(true);
});
