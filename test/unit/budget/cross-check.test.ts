/**
 * The reader against both generators: the project's own always; the shared fixture generator
 * (../shared/fixtures/budget/generate.py) as extra cases when it is there and python3 runs.
 * Each generated set plants nine bad rows; the reader must find exactly those (line and column)
 * and read every other row.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateBudgetExport } from '../../../functions/local/budget/generate';
import { foundBadRows, plantedBadRows, readExport } from './export-support';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SHARED_GENERATOR = path.resolve(REPO_ROOT, '../shared/fixtures/budget/generate.py');
const pythonRuns = () => spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;

type Generate = (out: string, encoding: 'utf-8' | 'gb18030', headers: 'en' | 'zh') => void | Promise<unknown>;

const GENERATORS: [string, Generate][] = [
  ['the project’s generator', (out, encoding, headers) => generateBudgetExport({ out, units: 6, lines: 8, payments: 800, seed: 11, encoding, headers, badRows: 9 })],
];
if (existsSync(SHARED_GENERATOR) && pythonRuns()) {
  GENERATORS.push([
    'generate.py (../shared)',
    (out, encoding, headers) => {
      const args = [SHARED_GENERATOR, '--out', out, '--units', '6', '--lines', '8', '--payments', '800', '--encoding', encoding, '--headers', headers, '--bad-rows', '9'];
      const run = spawnSync('python3', args, { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`generate.py failed: ${run.stderr}`);
    },
  ]);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe.each(GENERATORS)('readBudgetCsv on the output of %s', (_name, generate) => {
  it.each([
    ['utf-8', 'en', 'UTF_8', 'EN'],
    ['gb18030', 'zh', 'GB18030', 'ZH'],
  ] as const)('%s with %s headers: exactly the planted bad rows, every other row read', async (encoding, headers, detected, language) => {
    const out = mkdtempSync(path.join(tmpdir(), 'budget-cross-'));
    dirs.push(out);
    await generate(out, encoding, headers);
    const anomalies = JSON.parse(readFileSync(path.join(out, 'anomalies.json'), 'utf8'));
    const read = await readExport(out);
    expect(read.encodings).toEqual([detected, detected, detected]);
    expect(read.languages).toEqual([language, language, language]);
    expect(anomalies.bad_rows).toHaveLength(9);
    expect(foundBadRows(read)).toEqual(plantedBadRows(anomalies));
    expect(read.lines).toHaveLength(anomalies.totals.lines);
    expect(read.execution).toHaveLength(anomalies.totals.execution_rows);
    expect(read.payments).toHaveLength(anomalies.totals.payments);
  });
});
