/**
 * `npm run bundle`: bundles every Lambda entry that exists into dist/<name>/index.js with exactly the
 * options the CDK NodejsFunction uses (infra/lib/bundling.ts), prints the sizes and fails when a bundle
 * is over budget.
 *
 * Budget: BUNDLE_BUDGET_BYTES (1.5 MiB of minified index.js, source map not counted); the environment
 * variable BUNDLE_BUDGET_KB overrides it for one run, e.g. while a size regression is being fixed.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_BUDGET_BYTES, LAMBDA_BUNDLE, LAMBDA_ENTRIES, esbuildOptions } from '../infra/lib/bundling';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

function budgetBytes(): number {
  const override = process.env.BUNDLE_BUDGET_KB;
  if (override === undefined || override === '') return BUNDLE_BUDGET_BYTES;
  const kb = Number(override);
  if (!Number.isFinite(kb) || kb <= 0) throw new Error(`BUNDLE_BUDGET_KB must be a positive number, got "${override}"`);
  return kb * 1024;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<number> {
  const budget = budgetBytes();
  const entries = LAMBDA_ENTRIES.filter((e) => existsSync(path.join(ROOT, e.entry)));
  const skipped = LAMBDA_ENTRIES.filter((e) => !entries.includes(e));
  if (entries.length === 0) {
    console.error('No Lambda entry exists; nothing to bundle.');
    return 1;
  }

  console.log(
    `Bundling ${entries.length} Lambda entr${entries.length === 1 ? 'y' : 'ies'} ` +
      `(target ${LAMBDA_BUNDLE.target}, external ${LAMBDA_BUNDLE.externalModules.join(' ')}, budget ${kb(budget)})`,
  );
  for (const s of skipped) console.log(`  skipped ${s.name}: ${s.entry} does not exist`);

  let over = 0;
  for (const entry of entries) {
    const outDir = path.join(DIST, entry.name);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const outfile = path.join(outDir, 'index.js');
    const started = Date.now();
    await build({ ...esbuildOptions(path.join(ROOT, entry.entry), outfile), absWorkingDir: ROOT });
    const size = statSync(outfile).size;
    const mapFile = `${outfile}.map`;
    const mapNote = existsSync(mapFile) ? ` (+ ${kb(statSync(mapFile).size)} source map)` : '';
    const status = size > budget ? 'OVER BUDGET' : `${((size / budget) * 100).toFixed(2)}% of budget`;
    console.log(
      `  ${entry.name.padEnd(10)} ${path.relative(ROOT, outfile).padEnd(24)} ${kb(size).padStart(10)}${mapNote}  ` +
        `${status}  [${Date.now() - started} ms]`,
    );
    if (size > budget) over += 1;
  }

  if (over > 0) {
    console.error(`${over} bundle(s) exceed the budget of ${kb(budget)}.`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
