/**
 * `npm run bench:cold`: the graphql bundle beside "the floor" (scripts/bench/floor/handler.ts: Apollo
 * Server 5 + the Lambda integration + one DocumentClient Query of 50 items), both bundled with the
 * deployed esbuild options (infra/lib/bundling.ts) and run as Lambda runs them, interleaved:
 *
 * - bundle size and gzip size;
 * - over ≥ 10 fresh processes each: module load, first request (`contactPoints(first: 50)` for the
 *   project, the floor's 50-item Query), the two together, and the process's CPU time up to the end
 *   of the first request; median and range;
 * - one warm process each, all alive at once and taking turns: p50 of the same request and CPU per
 *   call over `--measured` calls, and the peak RSS after `--calls` requests;
 * - the ratios against issue 10's goals.
 *
 *   npm run bench:cold                        10 cold runs, 1,000 warm calls (300 timed)
 *   npm run bench:cold -- --runs 20           more cold runs
 *   npm run bench:cold -- --sdk both          the AWS SDK bundled as well as external (both measured)
 *   npm run bench:cold -- --baseline FILE     also a bundle built before a change (before/after; repeatable)
 *   npm run bench:cold -- --profile DIR       CPU profiles of the warm processes (.cpuprofile files in DIR)
 *   npm run bench:cold -- --auth local        the project verifies a bearer token itself (AUTH_MODE=local)
 *
 * By default the project runs as deployed (AUTH_MODE=cognito): API Gateway's JWT authorizer has
 * verified the token and the event carries its claims, flattened as the authorizer hands them over.
 *
 * Times are reports, never gates: the machine is shared. See docs/BENCHMARKS.md ("Cold start").
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { LAMBDA_BUNDLE, esbuildOptions, lambdaEntry, type LambdaBundleSpec } from '../infra/lib/bundling';
import { toApiGatewayEvent } from '../functions/local/api-gateway-event';
import { bundleSize, measureCold, measureWarm, type BundleSize, type ColdResult, type Subject, type WarmResult } from './bench/cold-start';
import { startBenchEnvironment, stopBenchEnvironment } from './bench/environment';
import { FLOOR_QUERY } from './bench/floor/query';

const ROOT = path.resolve(__dirname, '..');
// Inside the repository, so `require('@aws-sdk/…')` resolves from its node_modules like Lambda's runtime copy.
const OUT_DIR = path.join(ROOT, '.bench', 'cold');
const FLOOR_ENTRY = 'scripts/bench/floor/handler.ts';

/** Issue 10's goals: project ÷ floor. */
const GOALS = { bundle: 1.15, cold: 1.25, warm: 1.1, peakRss: 1.15 };

const say = (line = '') => process.stdout.write(`${line}\n`);

// The SDK's notice that its 2027 releases need Node 22 is not a benchmark result (Lambda runs 22).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '10' },
      calls: { type: 'string', default: '1000' },
      measured: { type: 'string', default: '300' },
      sdk: { type: 'string', default: 'deployed' },
      baseline: { type: 'string', multiple: true },
      profile: { type: 'string' },
      auth: { type: 'string', default: 'deployed' },
    },
    strict: true,
  });
  const sdk = values.sdk;
  if (sdk !== 'deployed' && sdk !== 'both') throw new Error('--sdk is "deployed" or "both"');
  if (values.auth !== 'deployed' && values.auth !== 'local') throw new Error('--auth is "deployed" or "local"');
  const calls = Math.max(100, Number(values.calls) || 1000);
  const measured = Math.min(calls - 50, Math.max(50, Number(values.measured) || 300));
  return { runs: Math.max(10, Number(values.runs) || 10), calls, measured, sdk, baselines: values.baseline ?? [], profileDir: values.profile, localAuth: values.auth === 'local' };
}

/** The spec with the AWS SDK bundled (nothing external) or external (`@aws-sdk/*`). */
function withSdk(bundled: boolean): LambdaBundleSpec {
  return { ...LAMBDA_BUNDLE, externalModules: bundled ? [] : ['@aws-sdk/*'] };
}

const sdkIsBundled = LAMBDA_BUNDLE.externalModules.length === 0;

async function bundle(entry: string, name: string, spec: LambdaBundleSpec): Promise<string> {
  const outfile = path.join(OUT_DIR, `${name}.js`);
  await build({ ...esbuildOptions(path.join(ROOT, entry), outfile, spec), sourcemap: false, absWorkingDir: ROOT });
  return outfile;
}

/**
 * A token's claims as API Gateway's JWT authorizer passes them to Lambda: every value a string, and
 * a list (Cognito's groups) flattened to "[A B]".
 */
function authorizerClaims(token: string): Record<string, string> {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]));
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (t: { median: number; min: number; max: number }) => `${t.median.toFixed(0)} ms (${t.min.toFixed(0)}–${t.max.toFixed(0)})`;
const ratio = (a: number, b: number, goal?: number) => `${(a / b).toFixed(2)}×${goal ? (a / b <= goal ? ` ≤ ${goal} met` : ` > ${goal} MISSED`) : ''}`;

async function main(): Promise<void> {
  const opts = options();
  mkdirSync(OUT_DIR, { recursive: true });

  // Bundles: the deployed SDK setting, and with --sdk both the other one too.
  const variants = opts.sdk === 'both' ? [sdkIsBundled, !sdkIsBundled] : [sdkIsBundled];
  const built: { label: string; project: string; floor: string }[] = [];
  for (const bundled of variants) {
    const suffix = bundled ? 'sdk-bundled' : 'sdk-external';
    built.push({
      label: suffix,
      project: await bundle(lambdaEntry('graphql').entry, `graphql-${suffix}`, withSdk(bundled)),
      floor: await bundle(FLOOR_ENTRY, `floor-${suffix}`, withSdk(bundled)),
    });
  }

  say(`load average: ${loadavg().map((l) => l.toFixed(1)).join(' ')}; starting DynamoDB Local and seeding 50 contact points...`);
  const env = await startBenchEnvironment();
  try {
    // Only now (the environment is set): the seed loads the handler in this process.
    const { seedContactPoints, TENANT_ID, CONTACT_POINTS } = await import('./bench/seed');
    const { CONTACT_POINTS_PAGE } = await import('./bench/operations');
    const { tableName } = await import('../functions/src/data/tables');
    const { tenancyKeys } = await import('../functions/src/tenancy/keys');
    const { staff } = await seedContactPoints(env.jwtSecret);
    const event = (query: string, token?: string) => {
      const request = toApiGatewayEvent({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', 'user-agent': 'renda-bench-cold', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query }),
      });
      if (!token || opts.localAuth) return request;
      return { ...request, requestContext: { ...request.requestContext, authorizer: { jwt: { claims: authorizerClaims(token), scopes: [] } } } };
    };
    const childEnv = {
      ...process.env,
      FLOOR_TABLE: tableName('platform'),
      FLOOR_PARTITION: tenancyKeys.contactPointPartition(TENANT_ID),
      // As deployed: claims from the authorizer; cursors sealed with the secret the seed's process used.
      ...(opts.localAuth ? {} : { AUTH_MODE: 'cognito', APP_SECRET: env.jwtSecret }),
    };
    say(`project auth: ${opts.localAuth ? 'AUTH_MODE=local (the handler verifies the bearer token)' : 'as deployed (AUTH_MODE=cognito, claims from the authorizer)'}`);

    const subjects: Subject[] = [];
    for (const b of built) {
      subjects.push({ name: `project (${b.label})`, bundle: b.project, event: event(CONTACT_POINTS_PAGE, staff), expectItems: CONTACT_POINTS });
      subjects.push({ name: `floor (${b.label})`, bundle: b.floor, event: event(FLOOR_QUERY), expectItems: CONTACT_POINTS });
    }
    for (const file of opts.baselines) {
      const bundle = path.resolve(file);
      subjects.push({ name: path.relative(ROOT, bundle), bundle, event: event(CONTACT_POINTS_PAGE, staff), expectItems: CONTACT_POINTS });
    }
    const sizes = subjects.map((s) => bundleSize(s.bundle));

    say(`cold: ${opts.runs} fresh processes per bundle, interleaved...`);
    const cold = await measureCold(subjects, opts.runs, ROOT, childEnv);
    say(`warm: one process per bundle, taking turns 10 calls at a time: ${opts.calls} requests (${opts.measured} timed after 50 warm-up)...`);
    const profiling = opts.profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(opts.profileDir)] : [];
    const warm = await measureWarm(subjects, { calls: opts.calls, warmup: 50, measured: opts.measured }, ROOT, childEnv, profiling);
    say(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    report(subjects, sizes, cold, warm);
  } finally {
    await env.stop();
  }
}

function report(subjects: readonly Subject[], sizes: readonly BundleSize[], cold: readonly ColdResult[], warm: readonly WarmResult[]): void {
  say();
  say('| bundle | size | gzip | module load | first request | load + first | cold CPU | warm p50 | CPU per call | peak RSS |');
  say('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [i, s] of subjects.entries()) {
    const c = cold[i]!;
    const w = warm[i]!;
    say(
      `| ${s.name} | ${kb(sizes[i]!.bytes)} | ${kb(sizes[i]!.gzipBytes)} | ${ms(c.loadMs)} | ${ms(c.firstMs)} | ${ms(c.coldMs)} | ${ms(c.coldCpuMs)} | ` +
        `${w.warmMs.median.toFixed(1)} ms | ${w.cpuPerCallMs.toFixed(1)} ms | ${w.peakRssMiB.toFixed(1)} MiB |`,
    );
  }
  // Ratios: each project bundle against the floor bundled the same way (they come in pairs).
  for (let i = 0; i + 1 < subjects.length; i += 2) {
    if (!subjects[i + 1]!.name.startsWith('floor')) break;
    const [p, f] = [i, i + 1];
    say();
    say(`${subjects[p]!.name} ÷ ${subjects[f]!.name}:`);
    say(`  bundle          ${ratio(sizes[p]!.bytes, sizes[f]!.bytes, GOALS.bundle)} (gzip ${ratio(sizes[p]!.gzipBytes, sizes[f]!.gzipBytes)})`);
    say(`  module load     ${ratio(cold[p]!.loadMs.median, cold[f]!.loadMs.median)}`);
    say(`  first request   ${ratio(cold[p]!.firstMs.median, cold[f]!.firstMs.median)}`);
    say(`  load + first    ${ratio(cold[p]!.coldMs.median, cold[f]!.coldMs.median, GOALS.cold)}`);
    say(`  cold CPU        ${ratio(cold[p]!.coldCpuMs.median, cold[f]!.coldCpuMs.median)}`);
    say(`  warm p50        ${ratio(warm[p]!.warmMs.median, warm[f]!.warmMs.median, GOALS.warm)}`);
    say(`  CPU per call    ${ratio(warm[p]!.cpuPerCallMs, warm[f]!.cpuPerCallMs)}`);
    say(`  peak RSS        ${ratio(warm[p]!.peakRssMiB, warm[f]!.peakRssMiB, GOALS.peakRss)}`);
  }
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await stopBenchEnvironment();
  process.exitCode = 2;
});
