/**
 * `npm run bench:cold`: the graphql bundle's size (and gzip size) and its cold module load over fresh
 * processes, as Lambda loads it (the minified bundle file; the AWS SDK from node_modules).
 *
 *   npm run bench:cold             10 fresh processes
 *   npm run bench:cold -- 20       another count (at least 10)
 *
 * Times are reports, never gates: the machine is shared. See docs/BENCHMARKS.md ("Cold start").
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions, lambdaEntry } from '../infra/lib/bundling';
import { bundleSize, measureColdLoads } from './bench/cold-start';

const ROOT = path.resolve(__dirname, '..');
// Inside the repository, so `require('@aws-sdk/…')` resolves from its node_modules like Lambda's runtime copy.
const OUT_DIR = path.join(ROOT, '.bench', 'cold');

async function main(): Promise<void> {
  const runs = Math.max(10, Number(process.argv[2] ?? 10) || 10);
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = path.join(OUT_DIR, 'graphql.js');
  await build({ ...esbuildOptions(path.join(ROOT, lambdaEntry('graphql').entry), outfile), sourcemap: false, absWorkingDir: ROOT });

  const size = bundleSize(outfile);
  console.log(`graphql bundle: ${(size.bytes / 1024).toFixed(1)} KB, gzip ${(size.gzipBytes / 1024).toFixed(1)} KB`);
  console.log(`load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const [result] = await measureColdLoads([outfile], runs, ROOT);
  const { loadMs, rssMiB } = result!;
  console.log(
    `module load over ${runs} fresh processes: median ${loadMs.median.toFixed(0)} ms ` +
      `(${loadMs.min.toFixed(0)}–${loadMs.max.toFixed(0)}), RSS after load median ${rssMiB.median.toFixed(1)} MiB`,
  );
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
