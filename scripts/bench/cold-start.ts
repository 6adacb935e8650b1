/**
 * Cold start of a built bundle as Lambda loads it: a fresh `node` process requires the bundle file
 * (the AWS SDK resolves from node_modules, as the runtime's copy would) and reports the time the
 * require took and the process's RSS afterwards. Each run is a new process, so nothing is cached
 * between runs except by the operating system.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { timing, type Timing } from './measure';

export interface BundleSize {
  readonly bytes: number;
  readonly gzipBytes: number;
}

export function bundleSize(file: string): BundleSize {
  return { bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length };
}

// Runs inside the child: time the require alone, then print one JSON line.
const LOAD_PROBE = `
const started = process.hrtime.bigint();
require(process.argv[1]);
const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ loadMs, rssMiB: process.memoryUsage().rss / 1048576 }) + '\\n');
`;

interface LoadSample {
  readonly loadMs: number;
  readonly rssMiB: number;
}

function loadOnce(bundleFile: string, cwd: string): Promise<LoadSample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', LOAD_PROBE, bundleFile], {
      cwd,
      env: { ...process.env, NODE_ENV: 'production', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`loading ${bundleFile} exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? 'null') as LoadSample);
    });
  });
}

export interface ColdStartResult {
  readonly runs: number;
  readonly loadMs: Timing;
  readonly rssMiB: Timing;
}

/** Module load of each bundle over `runs` fresh processes, the bundles interleaved run by run. */
export async function measureColdLoads(bundles: readonly string[], runs: number, cwd: string): Promise<ColdStartResult[]> {
  const samples: LoadSample[][] = bundles.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    for (const [i, bundle] of bundles.entries()) samples[i]!.push(await loadOnce(bundle, cwd));
  }
  return samples.map((s) => ({ runs, loadMs: timing(s.map((x) => x.loadMs)), rssMiB: timing(s.map((x) => x.rssMiB)) }));
}
