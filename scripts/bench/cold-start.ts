/**
 * Cold start and warm cost of a built bundle as Lambda runs it: a fresh `node` process requires the
 * bundle file (the AWS SDK resolves from node_modules, as the runtime's copy would, unless it is
 * bundled), then calls its `handler` with an API Gateway v2 event. Each run is a new process, so
 * nothing is cached between runs except by the operating system.
 *
 * - cold run: module load (the require) and the first request;
 * - warm run: one process per bundle, all alive at once and taking turns in batches (so a burst of
 *   load on the shared machine hits every bundle alike): warm-up batches, measured batches (wall
 *   time of each call, the process's CPU time), then calls up to the total, then the peak RSS.
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
  const cpu = process.cpuUsage();
  // CPU time of the whole process so far (start-up, load, first request): steadier than wall time on a busy machine.
  const out = { loadMs, firstMs, coldCpuMs: (cpu.user + cpu.system) / 1000, rssAfterFirstMiB: process.memoryUsage().rss / 1048576 };
  if (process.send) {
    // Warm mode: the parent asks for batches of calls, taking turns with the other processes.
    let done = 1;
    process.on('message', async (message) => {
      if (message.batch) {
        const warmMs = [];
        const cpuBefore = process.cpuUsage();
        for (let i = 0; i < message.batch; i++, done++) {
          const started = now();
          await call();
          warmMs.push(now() - started);
        }
        const cpu = process.cpuUsage(cpuBefore);
        process.send({ warmMs, cpuMs: (cpu.user + cpu.system) / 1000 });
      } else if (message.finishAt) {
        for (; done < message.finishAt; done++) await call();
        process.send({ peakRssMiB: process.resourceUsage().maxRSS / 1024, calls: done });
      } else {
        process.exit(0);
      }
    });
    process.send({ ready: true });
    return;
  }
  process.stdout.write(JSON.stringify(out) + '\\n');
  process.exit(0);
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + '\\n');
  process.exit(1);
});
`;

interface ColdSample {
  readonly loadMs: number;
  readonly firstMs: number;
  readonly coldCpuMs: number;
  readonly rssAfterFirstMiB: number;
}

function childEnv(request: ProbeRequest, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_ENV: 'production', COLD_PROBE: JSON.stringify(request) };
}

function coldOnce(request: ProbeRequest, cwd: string, env: NodeJS.ProcessEnv): Promise<ColdSample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', PROBE], { cwd, env: childEnv(request, env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${request.bundle} exited with ${code}: ${err.trim().slice(0, 2000)}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? 'null') as ColdSample);
    });
  });
}

/** A warm process the parent drives over IPC: `ask` sends one message and waits for the answer. */
interface WarmProcess {
  ask<T>(message: Record<string, number>): Promise<T>;
  readonly exited: Promise<void>;
}

function startWarm(request: ProbeRequest, cwd: string, env: NodeJS.ProcessEnv, nodeOptions: readonly string[]): Promise<WarmProcess> {
  const child = spawn(process.execPath, [...nodeOptions, '-e', PROBE], { cwd, env: childEnv(request, env), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let waiting: { resolve: (value: unknown) => void; reject: (error: Error) => void } | null = null;
  const failed = (why: string) => waiting?.reject(new Error(`${request.bundle}: ${why} ${err.trim().slice(0, 2000)}`));
  child.on('exit', (code) => failed(`exited with ${code}`));
  child.on('error', (error) => failed(error.message));
  child.on('message', (message) => {
    const current = waiting;
    waiting = null;
    current?.resolve(message);
  });
  const next = <T>() => new Promise<T>((resolve, reject) => (waiting = { resolve: resolve as (value: unknown) => void, reject }));
  const warm: WarmProcess = {
    ask: <T>(message: Record<string, number>) => {
      const answer = next<T>();
      child.send(message);
      return answer;
    },
    exited: exited.then(() => undefined),
  };
  return next<{ ready: true }>().then(() => warm);
}

/** One measured function: its bundle and the request it answers. */
export interface Subject {
  readonly name: string;
  readonly bundle: string;
  readonly event: APIGatewayProxyEventV2;
  readonly expectItems: number;
}

const requestOf = (s: Subject): ProbeRequest => ({ bundle: s.bundle, event: s.event, expectItems: s.expectItems });

export interface ColdResult {
  readonly loadMs: Timing;
  readonly firstMs: Timing;
  /** Module load + first request of the same process. */
  readonly coldMs: Timing;
  /** CPU time of the process from its start to the end of the first request. */
  readonly coldCpuMs: Timing;
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
  const samples: ColdSample[][] = subjects.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    for (const [i, s] of subjects.entries()) samples[i]!.push(await coldOnce(requestOf(s), cwd, env));
  }
  return samples.map((list) => ({
    loadMs: timing(list.map((x) => x.loadMs)),
    firstMs: timing(list.map((x) => x.firstMs)),
    coldMs: timing(list.map((x) => x.loadMs + x.firstMs)),
    coldCpuMs: timing(list.map((x) => x.coldCpuMs)),
    rssAfterFirstMiB: timing(list.map((x) => x.rssAfterFirstMiB)),
  }));
}

const BATCH = 10;

/**
 * One warm process per subject, all started first, then driven in turns of 10 calls each:
 * `warmup` calls, then `measured` timed calls (p50, and CPU time per call), then calls up to
 * `calls` in all; the peak RSS (maxRSS) is read after the last.
 */
export async function measureWarm(
  subjects: readonly Subject[],
  options: { calls: number; warmup: number; measured: number },
  cwd: string,
  env: NodeJS.ProcessEnv,
  /** Extra `node` options for the warm processes, e.g. `--cpu-prof` (bench:cold's `--profile`). */
  nodeOptions: readonly string[] = [],
): Promise<WarmResult[]> {
  const processes: WarmProcess[] = [];
  for (const s of subjects) processes.push(await startWarm(requestOf(s), cwd, env, nodeOptions));
  try {
    for (let done = 0; done < options.warmup; done += BATCH) for (const p of processes) await p.ask({ batch: BATCH });
    const warmMs: number[][] = subjects.map(() => []);
    const cpuMs = subjects.map(() => 0);
    for (let done = 0; done < options.measured; done += BATCH) {
      for (const [i, p] of processes.entries()) {
        const answer = await p.ask<{ warmMs: number[]; cpuMs: number }>({ batch: BATCH });
        warmMs[i]!.push(...answer.warmMs);
        cpuMs[i]! += answer.cpuMs;
      }
    }
    const results: WarmResult[] = [];
    for (const [i, p] of processes.entries()) {
      const end = await p.ask<{ peakRssMiB: number; calls: number }>({ finishAt: options.calls });
      results.push({ warmMs: timing(warmMs[i]!), cpuPerCallMs: cpuMs[i]! / warmMs[i]!.length, peakRssMiB: end.peakRssMiB, calls: end.calls });
    }
    return results;
  } finally {
    for (const p of processes) p.ask({ exit: 1 }).catch(() => undefined);
    await Promise.all(processes.map((p) => p.exited));
  }
}
