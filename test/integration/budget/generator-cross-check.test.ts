/**
 * The warning rules against both generators, end to end: a generated county is imported through
 * the API (requestBudgetImport, the presigned POST) and the import handler (the S3 event the upload
 * raises), the rules run when the import lands, and the alerts are read back through GraphQL.
 * Every planted anomaly in anomalies.json must be found by the rule meant for it, and no line or
 * payment outside those lists may raise OVERSPENT, THREE_PUBLIC_OVERRUN or LARGE_PAYMENT.
 *
 * The project's generator always runs. ../shared/fixtures/budget/generate.py (the fixture generator
 * the issue names) adds the same case when it exists and python3 runs; otherwise a todo in the
 * run's summary says it was not run — never a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { S3Event } from 'aws-lambda';
import { generateBudgetExport, type Anomalies } from '../../../functions/local/budget/generate';
import { decodeGlobalId } from '../../../functions/src/core/ids';
import { importObjectKey } from '../../../functions/src/budget/keys';
import { createImportHandler } from '../../../functions/src/imports/handler';
import { gqlOk, newTenant, tokenFor } from '../../support/api';
import { jobOf, requestImport, uploadTo, type Kind } from '../../support/budget';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SHARED_GENERATOR = path.resolve(REPO_ROOT, '../shared/fixtures/budget/generate.py');
const pythonRuns = () => spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;
const sharedAvailable = existsSync(SHARED_GENERATOR) && pythonRuns();

/** A small full year (December rules run too), the same size for both generators. */
const SIZE = { units: 6, lines: 6, months: 12, payments: 400, seed: 11 } as const;
const YEAR = 2026;
/**
 * Whole imports through the handler: ~16 s alone, over 30 s on a loaded 2-core machine. The limit
 * is there only to catch a hang.
 */
const IMPORTS_LIMIT_MS = 120_000;

const generateWithProject = async (out: string) => {
  await generateBudgetExport({ out, ...SIZE, encoding: 'gb18030', headers: 'zh' });
};

const generateWithShared = (out: string) => {
  const args = [SHARED_GENERATOR, '--out', out, '--year', String(YEAR)];
  for (const [name, value] of Object.entries(SIZE)) args.push(`--${name}`, String(value));
  args.push('--encoding', 'gb18030', '--headers', 'zh');
  const run = spawnSync('python3', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`generate.py failed: ${run.stderr}`);
};

const ALERTS = `query($year: Int!, $after: String) { alerts(year: $year, first: 100, after: $after) {
  edges { node { rule subject { __typename
    ... on BudgetLine { unit { code } function { code } economic { code } project { code } }
    ... on Payment { paymentNumber } ... on BudgetUnit { code } } } }
  pageInfo { hasNextPage endCursor } } }`;

interface AlertNode {
  rule: string;
  subject: { __typename: string; code?: string; paymentNumber?: string; unit?: { code: string }; function?: { code: string }; economic?: { code: string }; project?: { code: string } };
}

async function allAlerts(token: string): Promise<AlertNode[]> {
  const out: AlertNode[] = [];
  let after: string | null = null;
  do {
    const page: { edges: { node: AlertNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (await gqlOk(token, ALERTS, { year: YEAR, after })).alerts;
    out.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return out;
}

/** The subject as anomalies.json names it: unit|function|economic|project, a payment number, a unit code. */
const subjectKey = ({ subject: s }: AlertNode) =>
  s.__typename === 'BudgetLine' ? [s.unit!.code, s.function!.code, s.economic!.code, s.project!.code].join('|') : s.__typename === 'Payment' ? s.paymentNumber! : s.code!;
const sorted = (xs: readonly string[]) => [...xs].sort();

/** Uploads one file with the form the API issues and runs the import handler on the upload's S3 event. */
async function importThroughHandler(tenantId: string, staff: string, kind: Kind, bytes: Buffer) {
  const { job, upload } = await requestImport(staff, kind, bytes, YEAR);
  expect(await uploadTo(upload, bytes, job.fileName)).toBeLessThan(300);
  const key = importObjectKey(tenantId, YEAR, decodeGlobalId(job.id)!.localId);
  const event = { Records: [{ eventName: 'ObjectCreated:Post', s3: { bucket: { name: 'imports' }, object: { key } } }] } as unknown as S3Event;
  await createImportHandler({ sendContinuation: async () => { throw new Error('a small file needs no continuation'); } })(event);
  return jobOf(staff, job.id);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const CASES: [string, (out: string) => unknown][] = [['the project’s generator', generateWithProject]];
if (sharedAvailable) CASES.push(['generate.py (../shared)', generateWithShared]);
// Without ../shared the case is not run, and the run says so (a todo in the summary, never a failure).
else it.todo('generate.py (../shared) is not available (no ../shared/fixtures/budget/generate.py or no python3): its cross-check was not run');

const FILES: Record<Kind, string> = { BUDGET_LINES: 'budget-lines.csv', EXECUTION: 'execution.csv', PAYMENTS: 'payments.csv' };
const lineSubjects = (alerts: AlertNode[], rule: string) => alerts.filter((a) => a.rule === rule && a.subject.__typename === 'BudgetLine').map(subjectKey).sort();
const paymentSubjects = (alerts: AlertNode[]) => alerts.filter((a) => a.rule === 'LARGE_PAYMENT' && a.subject.__typename === 'Payment').map(subjectKey).sort();

describe.each(CASES)('rules on a county from %s, imported through the handler', (_name, generate) => {
  let out: string;
  let anomalies: Anomalies;
  let tenantId: string;
  let staff: string;

  /** Imports one of the generated files; every row of a generated file (no bad rows planted) is good. */
  const importGenerated = async (kind: Kind) => {
    const job = await importThroughHandler(tenantId, staff, kind, readFileSync(path.join(out, FILES[kind])));
    expect([kind, job.status, job.encoding, job.headerLanguage, job.rowsRejected]).toEqual([kind, 'SUCCEEDED', 'GB18030', 'ZH', 0]);
  };

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'budget-generator-'));
    dirs.push(out);
    await generate(out);
    anomalies = JSON.parse(readFileSync(path.join(out, 'anomalies.json'), 'utf8')) as Anomalies;
    tenantId = await newTenant();
    staff = await tokenFor(tenantId, 'BUDGET_STAFF');
    await importGenerated('BUDGET_LINES');
    await importGenerated('EXECUTION');
  }, IMPORTS_LIMIT_MS);

  it('finds every planted anomaly with its rule, and nothing else is overspent, a 三公 overrun or a large payment', async () => {
    await importGenerated('PAYMENTS'); // the last import lands the year and runs the rules on all of it
    const alerts = await allAlerts(staff);
    const planted = new Set([...anomalies.over_budget_lines, ...anomalies.three_public_over_budget_lines]);
    const outside = (keys: string[]) => keys.filter((k) => !planted.has(k));

    // Each planted line and payment is found by the rule meant for it...
    expect(lineSubjects(alerts, 'OVERSPENT')).toEqual(expect.arrayContaining([...anomalies.over_budget_lines]));
    expect(lineSubjects(alerts, 'THREE_PUBLIC_OVERRUN')).toEqual(expect.arrayContaining([...anomalies.three_public_over_budget_lines]));
    expect(paymentSubjects(alerts)).toEqual(sorted(anomalies.large_payments));
    expect(alerts.filter((a) => a.rule === 'LOW_EXECUTION').map(subjectKey)).toEqual(expect.arrayContaining([...anomalies.low_execution_units]));
    expect(lineSubjects(alerts, 'YEAR_END_RUSH')).toEqual(expect.arrayContaining([...anomalies.year_end_rush_lines]));
    // ...and no line outside those lists is over its budget (a 三公 line over budget is also OVERSPENT,
    // and an over-budget line with a 三公 code is also a 三公 overrun: both lists count).
    expect(outside(lineSubjects(alerts, 'OVERSPENT'))).toEqual([]);
    expect(outside(lineSubjects(alerts, 'THREE_PUBLIC_OVERRUN'))).toEqual([]);
    // The data plants something for each exact rule, so an empty result cannot pass.
    expect([anomalies.over_budget_lines.length, anomalies.three_public_over_budget_lines.length, anomalies.large_payments.length]).not.toContain(0);
  }, IMPORTS_LIMIT_MS);
});
