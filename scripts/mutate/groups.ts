/**
 * The module groups `npm run mutate` tests, and the Stryker options for one group. Each group runs
 * only the unit tests of its own domain (jest.unit.config.js narrowed by `roots`).
 */
import * as path from 'node:path';
import type { PartialStrykerOptions } from '@stryker-mutator/api/core';

export const mutationGroups = {
  legislation: {
    modules: ['functions/src/legislation/text/{parser,diff,numerals,similarity}.ts'],
    roots: ['<rootDir>/test/unit/legislation'],
    ignoreTests: [
      // Walks million-character texts (seconds each when instrumented, for every parser mutant); the
      // same counting is tested on short texts by parser-character-limit.test.ts.
      '/test/unit/legislation/parser-size-limit\\.test\\.ts$',
      // Tests of modules outside the group: storage-limits parses 3,000-article texts (the parser has
      // its own focused tests), group-thousands loads the whole legislation service.
      '/test/unit/legislation/storage-limits\\.test\\.ts$',
      '/test/unit/legislation/group-thousands\\.test\\.ts$',
    ],
  },
  files: {
    modules: ['functions/src/files/inspect/{file-types,sha256,sniff}.ts'],
    roots: ['<rootDir>/test/unit/files'],
    ignoreTests: [],
  },
  budget: {
    modules: [
      'functions/src/budget/csv/{columns,encoding,line-index,reader,records,rows,validate}.ts',
      'functions/src/budget/{money,classification,payee,rates,periods}.ts',
      'functions/src/budget/rules/{evaluate,exact,explain,parameters,types}.ts',
    ],
    roots: ['<rootDir>/test/unit/budget'],
    // The generator's own tests write whole counties (seconds each); every module they touch has
    // focused tests, so they are left out of the mutation runs.
    ignoreTests: ['/test/unit/budget/generate\\.test\\.ts$', '/test/unit/budget/cross-check\\.test\\.ts$'],
  },
} as const;

/** The group's module files, one by one ("dir/{a,b}.ts" expanded). */
export function modulesOf(group: MutationGroupName): string[] {
  return mutationGroups[group].modules.flatMap((pattern) => {
    const braces = /^(.*)\{([^}]+)\}(.*)$/.exec(pattern);
    return braces ? braces[2]!.split(',').map((name) => `${braces[1]}${name}${braces[3]}`) : [pattern];
  });
}

export type MutationGroupName = keyof typeof mutationGroups;

/** A run's name: the group, or the group and the modules it was limited to. */
export function runName(group: MutationGroupName, only: readonly string[]): string {
  return only.length === 0 ? group : `${group}.${[...only].sort().join('+')}`;
}

/** Every listed module must reach this score; below it `npm run mutate` fails. */
export const MINIMUM_SCORE = 85;

export function strykerOptions(
  group: MutationGroupName,
  run: { incremental: boolean; skipStatic: boolean; concurrency: number; only: readonly string[]; skipTests: readonly string[] },
): PartialStrykerOptions {
  // A run limited with --only keeps its own incremental file and reports, so the group's are not cut short.
  const name = runName(group, run.only);
  const modules = modulesOf(group).filter((file) => run.only.length === 0 || run.only.some((name) => path.basename(file, '.ts') === name));
  return {
    mutate: modules,
    testRunner: 'jest',
    jest: {
      projectType: 'custom',
      configFile: 'jest.unit.config.js',
      config: {
        roots: [...mutationGroups[group].roots],
        testPathIgnorePatterns: [
          '/node_modules/',
          ...mutationGroups[group].ignoreTests,
          ...run.skipTests.map((name) => `/${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.test\\.ts$`),
        ],
      },
    },
    // Only the tests that cover a mutant run against it.
    coverageAnalysis: 'perTest',
    concurrency: run.concurrency,
    // A static mutant (in code run when the module loads) needs every test of the group re-run in a
    // fresh module registry; `--skip-static` reports them as ignored instead.
    ignoreStatic: run.skipStatic,
    // Incremental: the results of the last run are kept in .stryker/incremental and reused for
    // mutants whose code and covering tests are unchanged; `--full` forces every mutant to run again.
    incremental: true,
    force: !run.incremental,
    incrementalFile: `.stryker/incremental/${name}.json`,
    tempDirName: '.stryker/tmp',
    cleanTempDir: 'always',
    // The sandbox needs the sources, the tests and the configs, not local data or build output.
    ignorePatterns: ['.data', 'cdk.out', 'dist', '.bench', 'coverage', '.stryker', 'infra', 'docs'],
    reporters: ['html', 'json', 'progress', 'clear-text'],
    htmlReporter: { fileName: `.stryker/reports/${name}.html` },
    jsonReporter: { fileName: `.stryker/reports/${name}.json` },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
    thresholds: { high: 90, low: MINIMUM_SCORE, break: null },
    // Generous for a machine shared with other test runs: a slow run is not a killed mutant.
    timeoutMS: 10_000,
  };
}
