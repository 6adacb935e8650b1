/** The per-module score table `npm run mutate` prints and docs/TESTING.md records. */
import type { MutantResult } from '@stryker-mutator/api/core';

export interface ModuleScore {
  module: string;
  mutants: number;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  /** Mutants that do not compile or crash the test run: not counted in the score (as Stryker does). */
  invalid: number;
  ignored: number;
  /** (killed + timeout) / (killed + timeout + survived + no coverage), in percent. */
  score: number;
}

export function scoreByModule(results: readonly MutantResult[]): ModuleScore[] {
  const byModule = new Map<string, ModuleScore>();
  for (const result of results) {
    const module = result.fileName.replace(/\\/g, '/').replace(/^.*?(functions\/src\/)/, '$1');
    let entry = byModule.get(module);
    if (!entry) {
      entry = { module, mutants: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, invalid: 0, ignored: 0, score: 0 };
      byModule.set(module, entry);
    }
    entry.mutants++;
    switch (result.status) {
      case 'Killed': entry.killed++; break;
      case 'Timeout': entry.timeout++; break;
      case 'Survived': entry.survived++; break;
      case 'NoCoverage': entry.noCoverage++; break;
      case 'Ignored': entry.ignored++; break;
      default: entry.invalid++; // CompileError, RuntimeError, Pending
    }
  }
  for (const entry of byModule.values()) {
    const detected = entry.killed + entry.timeout;
    const valid = detected + entry.survived + entry.noCoverage;
    entry.score = valid === 0 ? 100 : (100 * detected) / valid;
  }
  return [...byModule.values()].sort((a, b) => a.module.localeCompare(b.module));
}

export function formatScoreTable(group: string, scores: readonly ModuleScore[], minutes: number): string {
  const lines = [
    `${group}: ${minutes.toFixed(1)} min`,
    '| module | mutants | killed | timeout | survived | no coverage | invalid | ignored | score |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of scores) {
    lines.push(
      `| ${s.module} | ${s.mutants} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.invalid} | ${s.ignored} | ${s.score.toFixed(1)} % |`,
    );
  }
  return lines.join('\n');
}
