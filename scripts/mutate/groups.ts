/**
 * The module groups `npm run mutate` tests, and the Stryker options for one group. Each group runs
 * only the unit tests of its own domain (jest.unit.config.js narrowed by `testMatch`).
 */
import type { PartialStrykerOptions } from '@stryker-mutator/api/core';

export const mutationGroups = {
  legislation: {
    mutate: ['functions/src/legislation/text/{parser,diff,numerals,similarity}.ts'],
    roots: ['<rootDir>/test/unit/legislation'],
    tests: ['<rootDir>/test/unit/legislation/**/*.test.ts'],
  },
  files: {
    mutate: ['functions/src/files/inspect/*.ts'],
    roots: ['<rootDir>/test/unit/files'],
    tests: ['<rootDir>/test/unit/files/**/*.test.ts'],
  },
  budget: {
    mutate: [
      'functions/src/budget/csv/*.ts',
      'functions/src/budget/{money,classification,payee,rates,periods}.ts',
      'functions/src/budget/rules/*.ts',
    ],
    roots: ['<rootDir>/test/unit/budget'],
    tests: ['<rootDir>/test/unit/budget/**/*.test.ts'],
  },
} as const;

export type MutationGroupName = keyof typeof mutationGroups;

/** Every listed module must reach this score; below it `npm run mutate` fails. */
export const MINIMUM_SCORE = 85;

export function strykerOptions(
  group: MutationGroupName,
  run: { incremental: boolean; skipStatic: boolean; concurrency: number },
): PartialStrykerOptions {
  return {
    mutate: [...mutationGroups[group].mutate],
    testRunner: 'jest',
    jest: {
      projectType: 'custom',
      configFile: 'jest.unit.config.js',
      config: { roots: [...mutationGroups[group].roots], testMatch: [...mutationGroups[group].tests] },
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
    incrementalFile: `.stryker/incremental/${group}.json`,
    tempDirName: '.stryker/tmp',
    cleanTempDir: 'always',
    // The sandbox needs the sources, the tests and the configs, not local data or build output.
    ignorePatterns: ['.data', 'cdk.out', 'dist', '.bench', 'coverage', '.stryker', 'infra', 'docs'],
    reporters: ['html', 'json', 'progress', 'clear-text'],
    htmlReporter: { fileName: `.stryker/reports/${group}.html` },
    jsonReporter: { fileName: `.stryker/reports/${group}.json` },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
    thresholds: { high: 90, low: MINIMUM_SCORE, break: null },
    // Generous for a machine shared with other test runs: a slow run is not a killed mutant.
    timeoutMS: 10_000,
  };
}
