/**
 * Cold start and warm cost of a built bundle as Lambda runs it: a fresh `node` process requires the
 * bundle file (the AWS SDK resolves from node_modules, as the runtime's copy would, unless it is
 * bundled), then calls its `handler` with an API Gateway v2 event. Each run is a new process, so
 * nothing is cached between runs except by the operating system.
 *
 * - cold run: module load (the require) and the first request;
 * - warm run: after the first request, `warmup` calls, then `measured` calls (wall time of each, and
 *   the process's CPU time over them), then calls up to `calls` in all, then the peak RSS.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { timing, type Timing } from './measure';

export interface BundleSize {
  readonly bytes: number;
  readonly gzipBytes: number;
}

export function bundleSize(file: string): BundleSize {
  return { bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length };
}

/** What the child is told: the bundle, the request, how many calls, and how many items to expect. */
export interface ProbeRequest {
  readonly bundle: string;
  readonly event: APIGatewayProxyEventV2;
  /** Every response must list this many contact points (a fast error is not a measurement). */
  readonly expectItems: number;
  readonly calls: number;
  readonly warmup: number;
  readonly measured: number;
}

// Runs inside the child (plain CommonJS): one JSON line on stdout, then exit (open sockets of the
// SDK's keep-alive agent must not keep it waiting).
const PROBE = `
const request = JSON.parse(process.env.COLD_PROBE);
const now = () => Number(process.hrtime.bigint()) / 1e6;
let invocation = 0;
const context = () => ({
  awsRequestId: 'cold-' + invocation++, functionName: 'cold', functionVersion: '$LATEST', memoryLimitInMB: '1024',
  invokedFunctionArn: 'arn:aws:lambda:cn-north-1:000000000000:function:cold', logGroupName: 'cold', logStreamName: 'cold',
  callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 30000, done() {}, fail() {}, succeed() {},
});
let loaded;
async function call() {
  const result = await loaded.handler(request.event, context(), () => undefined);
  const body = JSON.parse(result.body);
  const list = body.data && body.data.contactPoints;
  const items = Array.isArray(list) ? list.length : list && list.edges ? list.edges.length : -1;
  if (body.errors || items !== request.expectItems) throw new Error('unexpected response: ' + result.body.slice(0, 300));
}
(async () => {
  const loadStarted = now();
  loaded = require(request.bundle);
  const loadMs = now() - loadStarted;
  const firstStarted = now();
  await call();
  const firstMs = now() - firstStarted;
  const out = { loadMs, firstMs, rssAfterFirstMiB: process.memoryUsage().rss / 1048576 };
  if (request.calls > 1) {
    let done = 1;
    for (let i = 0; i < request.warmup; i++, done++) await call();
    const warmMs = [];
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < request.measured; i++, done++) {
      const started = now();
      await call();
      warmMs.push(now() - started);
    }
    const cpu = process.cpuUsage(cpuBefore);
    out.warmMs = warmMs;
    out.cpuPerCallMs = (cpu.user + cpu.system) / 1000 / request.measured;
    for (; done < request.calls; done++) await call();
    out.peakRssMiB = process.resourceUsage().maxRSS / 1024;
  }
  process.stdout.write(JSON.stringify(out) + '\\n');
  process.exit(0);
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + '\\n');
  process.exit(1);
});
`;

interface ProbeResult {
  readonly loadMs: number;
  readonly firstMs: number;
  readonly rssAfterFirstMiB: number;
  readonly warmMs?: number[];
  readonly cpuPerCallMs?: number;
  readonly peakRssMiB?: number;
}

function probe(request: ProbeRequest, cwd: string, env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', PROBE], {
      cwd,
      env: { ...env, NODE_ENV: 'production', COLD_PROBE: JSON.stringify(request) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${request.bundle} exited with ${code}: ${err.trim().slice(0, 2000)}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? 'null') as ProbeResult);
    });
  });
}

/** One measured function: its bundle and the request it answers. */
export interface Subject {
  readonly name: string;
  readonly bundle: string;
  readonly event: APIGatewayProxyEventV2;
  readonly expectItems: number;
}

export interface ColdResult {
  readonly loadMs: Timing;
  readonly firstMs: Timing;
  /** Module load + first request of the same process. */
  readonly coldMs: Timing;
  readonly rssAfterFirstMiB: Timing;
}

export interface WarmResult {
  readonly warmMs: Timing;
  readonly cpuPerCallMs: number;
  readonly peakRssMiB: number;
  readonly calls: number;
}

/** Cold runs of every subject, interleaved run by run (a burst of load hits all of them alike). */
export async function measureCold(subjects: readonly Subject[], runs: number, cwd: string, env: NodeJS.ProcessEnv): Promise<ColdResult[]> {
  const samples: ProbeResult[][] = subjects.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    for (const [i, s] of subjects.entries()) {
      samples[i]!.push(await probe({ bundle: s.bundle, event: s.event, expectItems: s.expectItems, calls: 1, warmup: 0, measured: 0 }, cwd, env));
    }
  }
  return samples.map((list) => ({
    loadMs: timing(list.map((x) => x.loadMs)),
    firstMs: timing(list.map((x) => x.firstMs)),
    coldMs: timing(list.map((x) => x.loadMs + x.firstMs)),
    rssAfterFirstMiB: timing(list.map((x) => x.rssAfterFirstMiB)),
  }));
}

/**
 * One warm process per subject and round, interleaved: `calls` requests in all, of which `measured`
 * (after `warmup`) are timed. Over several rounds the median of the rounds' p50 is reported.
 */
export async function measureWarm(
  subjects: readonly Subject[],
  options: { calls: number; warmup: number; measured: number; rounds: number },
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<WarmResult[]> {
  const rounds: ProbeResult[][] = subjects.map(() => []);
  for (let round = 0; round < options.rounds; round += 1) {
    for (const [i, s] of subjects.entries()) {
      rounds[i]!.push(await probe({ bundle: s.bundle, event: s.event, expectItems: s.expectItems, ...options }, cwd, env));
    }
  }
  return rounds.map((list) => ({
    warmMs: timing(list.flatMap((x) => x.warmMs ?? [])),
    cpuPerCallMs: timing(list.map((x) => x.cpuPerCallMs ?? NaN)).median,
    peakRssMiB: timing(list.map((x) => x.peakRssMiB ?? NaN)).median,
    calls: options.calls,
  }));
}
