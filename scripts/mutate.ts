/**
 * `npm run mutate`: mutation testing (Stryker, jest runner, unit tests only) of the pure modules,
 * one module group at a time so that each run stays well under 30 minutes on a shared 2-core machine.
 *
 *   npm run mutate                         every group, one after the other
 *   npm run mutate -- legislation files    only these groups (legislation | files | budget)
 *   npm run mutate -- budget --full        ignore the last run's results (by default a run reuses them
 *                                          for mutants whose code and covering tests did not change)
 *   npm run mutate -- files --skip-static  leave out mutants of module-level constants (each needs every
 *                                          test of its group: the slow part of a run)
 *   npm run mutate -- legislation --only numerals,similarity   some modules of a group
 *   npm run mutate -- budget --only money --skip-tests csv-reader,csv-resume
 *                                          leave slow test files out (a conservative score: fewer tests)
 *   npm run mutate -- files --concurrency 2
 *
 * Not part of `npm test` or CI. Reports go to .stryker/ (git-ignored); the per-module table printed at
 * the end is what docs/TESTING.md records. See docs/TESTING.md ("Mutation testing").
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { MutantResult, PartialStrykerOptions } from '@stryker-mutator/api/core';
import { MINIMUM_SCORE, modulesOf, mutationGroups, runName, strykerOptions, type MutationGroupName } from './mutate/groups';
import { scoreByModule, formatScoreTable } from './mutate/score';

const ROOT = path.resolve(__dirname, '..');
const STRYKER_CORE: string = '@stryker-mutator/core';

interface StrykerModule {
  Stryker: new (options: PartialStrykerOptions) => { runMutationTest(): Promise<MutantResult[]> };
}

interface Arguments {
  groups: MutationGroupName[];
  incremental: boolean;
  skipStatic: boolean;
  concurrency: number;
  /** Module base names (e.g. parser, sniff) to limit the groups to; empty for all. */
  only: string[];
  /** Test file base names (e.g. csv-resume) left out of this run. */
  skipTests: string[];
}

function parseArguments(argv: string[]): Arguments {
  const known = Object.keys(mutationGroups) as MutationGroupName[];
  const groups: MutationGroupName[] = [];
  let incremental = true;
  let skipStatic = false;
  const only: string[] = [];
  const skipTests: string[] = [];
  let concurrency = 1; // the machine is shared: one test process besides Stryker's own
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--full') incremental = false;
    else if (arg === '--skip-static') skipStatic = true;
    else if (arg === '--only') only.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (arg === '--skip-tests') skipTests.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (arg === '--concurrency') concurrency = Math.max(1, Number(argv[++i]) || 1);
    else if ((known as string[]).includes(arg)) groups.push(arg as MutationGroupName);
    else throw new Error(`Unknown argument "${arg}": expected ${known.join(' | ')}, --full, --skip-static, --only a,b, --skip-tests a,b or --concurrency N`);
  }
    const chosen = groups.length > 0 ? groups : known;
  for (const name of only) {
    if (!chosen.some((group) => modulesOf(group).some((file) => path.basename(file, '.ts') === name))) {
      throw new Error(`--only ${name}: no such module in ${chosen.join(', ')}`);
    }
  }
  return { groups: chosen, incremental, skipStatic, concurrency, only, skipTests };
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  // Stryker is ESM only: a dynamic import loads it from this CommonJS script (typed by hand, as the
  // project's `moduleResolution: node` cannot see an exports-only package's types).
  const { Stryker } = (await import(STRYKER_CORE)) as StrykerModule;
  const outDir = path.join(ROOT, '.stryker');
  mkdirSync(outDir, { recursive: true });
  const tables: string[] = [];
  const belowMinimum: string[] = [];
  for (const group of args.groups.filter((g) => args.only.length === 0 || modulesOf(g).some((f) => args.only.includes(path.basename(f, '.ts'))))) {
    const started = Date.now();
    const results = await new Stryker(strykerOptions(group, args)).runMutationTest();
    const minutes = (Date.now() - started) / 60_000;
    const scores = scoreByModule(results);
    const name = runName(group, args.only);
    const table = formatScoreTable(name, scores, minutes);
    writeFileSync(path.join(outDir, `${name}-scores.md`), `${table}\n`);
    tables.push(table);
    belowMinimum.push(...scores.filter((s) => s.score < MINIMUM_SCORE).map((s) => `${s.module} ${s.score.toFixed(1)} %`));
  }
  console.log(`\n${tables.join('\n\n')}`);
  if (belowMinimum.length > 0) {
    console.error(`\nBelow ${MINIMUM_SCORE} %: ${belowMinimum.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
