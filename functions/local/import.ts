/**
 * `npm run import -- --tenant lishi --year 2026 --kind payments payments.csv`: imports a finance
 * bureau's CSV into a running `npm start` exactly as a frontend would — requestBudgetImport with a
 * dev BUDGET_STAFF token, a multipart POST of the file to the presigned form, then following the
 * job — with a progress bar, the counts and the first row errors.
 */
import { createReadStream, existsSync, openAsBlob, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { signLocalToken } from '../src/core/auth';
import { LocalSetupError } from './emulators';
import { localDataDir } from './options';
import { ensureLocalSecret } from './secret';

const USAGE = `Usage: npm run import -- --tenant <id> --year <YYYY> --kind lines|execution|payments|findings [--url http://localhost:4000/graphql] <file.csv>

Needs \`npm start\` running. PORT changes the default URL.`;

const KINDS = { lines: 'BUDGET_LINES', execution: 'EXECUTION', payments: 'PAYMENTS', findings: 'AUDIT_FINDINGS' } as const;
const say = (line = '') => process.stdout.write(`${line}\n`);

class UsageError extends Error {}

function parseCommandLine() {
  const { values, positionals } = parseArgs({
    options: {
      tenant: { type: 'string' },
      year: { type: 'string' },
      kind: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return null;
  const kind = KINDS[values.kind as keyof typeof KINDS];
  if (!values.tenant) throw new UsageError('--tenant is required');
  if (!values.year || !/^\d{4}$/.test(values.year)) throw new UsageError('--year must be a year like 2026');
  if (!kind) throw new UsageError('--kind must be lines, execution, payments or findings');
  if (positionals.length !== 1) throw new UsageError('name exactly one CSV file');
  const file = positionals[0]!;
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  return { tenant: values.tenant, year: Number(values.year), kind, file, url: values.url ?? `http://localhost:${process.env.PORT ?? 4000}/graphql` };
}

async function graphql<T>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  }).catch(() => {
    throw new LocalSetupError(`Nothing answers at ${url}: is \`npm start\` running?`);
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
  if (body.errors?.length) {
    const e = body.errors[0]!;
    throw new LocalSetupError(`${e.extensions?.code ?? 'ERROR'}${e.extensions?.field ? ` (${e.extensions.field})` : ''}: ${e.message}`);
  }
  return body.data as T;
}

/** Data rows in the file (records minus the header; a quoted line break would count twice, fine for a bar). */
async function countRows(file: string): Promise<number> {
  let newlines = 0;
  let last = 10;
  for await (const chunk of createReadStream(file)) {
    const bytes = chunk as Buffer;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) newlines++;
    last = bytes.at(-1) ?? last;
  }
  return Math.max(0, newlines + (last === 10 ? 0 : 1) - 1);
}

const REQUEST = `mutation($input: RequestBudgetImportInput!) { requestBudgetImport(input: $input) {
  job { id } upload { url fields { name value } } } }`;
const FOLLOW = `query($id: ID!) { node(id: $id) { ... on BudgetImportJob { status encoding headerLanguage rowsRead rowsImported
  rowsRejected message errorReportUrl errors(first: 10) { totalCount edges { node { line column message } } } } } }`;

interface JobView {
  status: string;
  encoding: string | null;
  headerLanguage: string | null;
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  message: string | null;
  errorReportUrl: string | null;
  errors: { totalCount: number; edges: { node: { line: number; column: string | null; message: string } }[] };
}

function bar(done: number, total: number, status: string): string {
  const width = 30;
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * width);
  return `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${done}/${total} rows  ${status}   `;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseCommandLine();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (!args) {
    say(USAGE);
    return 0;
  }
  const token = await signLocalToken({ tenantId: args.tenant, roles: ['BUDGET_STAFF'], userId: 'local-import', ttl: '1h' }, ensureLocalSecret(localDataDir()));
  const size = statSync(args.file).size;
  const fileName = basename(args.file);
  const total = await countRows(args.file);
  const { requestBudgetImport: requested } = await graphql<{ requestBudgetImport: { job: { id: string }; upload: { url: string; fields: { name: string; value: string }[] } } }>(
    args.url,
    token,
    REQUEST,
    { input: { year: args.year, kind: args.kind, fileName, size, idempotencyKey: `cli-${Date.now()}` } },
  );
  say(`Job ${requested.job.id}: uploading ${fileName} (${(size / 1024).toFixed(0)} KiB, ${total} rows)...`);
  const form = new FormData();
  for (const { name, value } of requested.upload.fields) form.append(name, value);
  form.append('file', await openAsBlob(args.file, { type: 'text/csv' }), fileName);
  const uploaded = await fetch(requested.upload.url, { method: 'POST', body: form });
  if (!uploaded.ok) throw new LocalSetupError(`The upload was refused: HTTP ${uploaded.status} ${await uploaded.text()}`);

  let job: JobView;
  let shown = '';
  for (;;) {
    job = (await graphql<{ node: JobView }>(args.url, token, FOLLOW, { id: requested.job.id })).node;
    const line = bar(job.rowsRead, total, job.status);
    // A terminal redraws one line; a pipe or log gets a line per change.
    if (line !== shown) process.stdout.write(process.stdout.isTTY ? line : `${line.slice(1).trimEnd()}\n`);
    shown = line;
    if (!['WAITING_FOR_UPLOAD', 'RUNNING'].includes(job.status)) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (process.stdout.isTTY) say();
  say(`${job.status}: ${job.rowsRead} rows read, ${job.rowsImported} imported, ${job.rowsRejected} rejected` +
    (job.encoding ? ` (${job.encoding}, ${job.headerLanguage} headers)` : ''));
  if (job.message) say(job.message);
  if (job.errors.totalCount > 0) {
    say(`First row errors (of ${job.errors.totalCount}):`);
    for (const { node } of job.errors.edges) say(`  line ${node.line}${node.column ? `, ${node.column}` : ''}: ${node.message}`);
    if (job.errorReportUrl) say(`All errors as CSV: ${job.errorReportUrl}`);
  }
  return job.status === 'FAILED' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof LocalSetupError ? error.message : `npm run import failed: ${(error as Error).stack ?? String(error)}`}\n`);
    process.exit(1);
  },
);
