import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isThreePublic } from '../../../functions/src/budget/classification';
import { lineKeyString } from '../../../functions/src/budget/csv/rows';
import { sumFen } from '../../../functions/src/budget/money';
import { periodOfDate } from '../../../functions/src/budget/periods';
import { IDLE_MONTHS, LARGE_MIN_FEN, NORMAL_MAX_FEN, generateBudgetExport, type Anomalies, type GenerateOptions } from '../../../functions/local/budget/generate';
import { FILES, foundBadRows, plantedBadRows, readExport, type ReadExport } from './export-support';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'budget-gen-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const SMALL: Omit<GenerateOptions, 'out'> = { units: 10, lines: 8, months: 12, payments: 800, seed: 3, badRows: 9 };

async function generate(options: Omit<GenerateOptions, 'out'>) {
  const out = tempDir();
  const anomalies = await generateBudgetExport({ out, ...options });
  return { out, anomalies };
}

const bytesOf = (dir: string) => [...FILES.map(([file]) => file), 'anomalies.json'].map((file) => readFileSync(path.join(dir, file)));

describe('generateBudgetExport', () => {
  let gb: { out: string; anomalies: Anomalies };
  let read: ReadExport;

  beforeAll(async () => {
    gb = await generate({ ...SMALL, encoding: 'gb18030', headers: 'zh' });
    read = await readExport(gb.out);
  });

  it('gives the same bytes for the same options, other bytes for another seed', async () => {
    const again = await generate({ ...SMALL, encoding: 'gb18030', headers: 'zh' });
    expect(bytesOf(again.out)).toEqual(bytesOf(gb.out));
    const other = await generate({ ...SMALL, encoding: 'gb18030', headers: 'zh', seed: 4 });
    expect(bytesOf(other.out)[2]!.equals(bytesOf(gb.out)[2]!)).toBe(false);
  });

  it('writes what it says in the encoding and header language asked for', async () => {
    expect(read.encodings).toEqual(['GB18030', 'GB18030', 'GB18030']);
    expect(read.languages).toEqual(['ZH', 'ZH', 'ZH']);
    const bom = await generate({ ...SMALL, encoding: 'utf-8-sig', headers: 'en', badRows: 0 });
    expect([...readFileSync(path.join(bom.out, 'payments.csv')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const viaBom = await readExport(bom.out);
    expect(viaBom.encodings).toEqual(['UTF_8', 'UTF_8', 'UTF_8']);
    expect(viaBom.languages).toEqual(['EN', 'EN', 'EN']);
    // Only the encoding and the header differ: the same rows.
    expect(viaBom.payments).toEqual(read.payments);
    expect(viaBom.errors).toEqual([]);
  });

  it('reports its totals, and the reader finds exactly the planted bad rows and reads every other row', () => {
    const { totals } = gb.anomalies;
    expect(read.lines).toHaveLength(totals.lines);
    expect(read.execution).toHaveLength(totals.execution_rows);
    expect(read.payments).toHaveLength(totals.payments);
    expect(totals.units).toBe(10);
    expect(totals.execution_rows).toBe(totals.lines * 12);
    expect(gb.anomalies.bad_rows).toHaveLength(9);
    expect(foundBadRows(read)).toEqual(plantedBadRows(gb.anomalies));
    expect(sumFen(read.lines.map((l) => l.adjustedFen))).toBe(Math.round(Number(totals.adjusted_total) * 100));
  });

  it('payments add up to each line’s monthly spending, to the fen', () => {
    const executed = new Map<string, number>();
    const byLine = new Map<string, number[]>();
    for (const row of read.execution) {
      const key = lineKeyString(row);
      const months = byLine.get(key) ?? [];
      months.push(row.executedToDateFen);
      byLine.set(key, months);
    }
    for (const [key, cumulative] of byLine) {
      cumulative.forEach((value, m) => {
        const delta = value - (m === 0 ? 0 : (cumulative[m - 1] as number));
        expect(delta).toBeGreaterThanOrEqual(0);
        executed.set(`${key}@${m + 1}`, delta);
      });
    }
    const paid = new Map<string, number>();
    for (const p of read.payments) {
      const at = `${lineKeyString(p)}@${Number(periodOfDate(p.date).slice(5))}`;
      paid.set(at, (paid.get(at) ?? 0) + p.amountFen);
    }
    for (const [at, delta] of executed) expect([at, paid.get(at) ?? 0]).toEqual([at, delta]);
    expect([...paid.keys()].every((at) => executed.has(at))).toBe(true);
  });

  it('plants every anomaly it lists, and no line outside the lists breaks a rule', () => {
    const a = gb.anomalies;
    const final = new Map<string, number>();
    const months = new Map<string, number[]>();
    for (const row of read.execution) {
      final.set(lineKeyString(row), row.executedToDateFen);
      const list = months.get(lineKeyString(row)) ?? [];
      list.push(row.executedToDateFen);
      months.set(lineKeyString(row), list);
    }
    const over = new Set(a.over_budget_lines);
    const idle = new Set(a.idle_lines);
    const rush = new Set(a.year_end_rush_lines);
    for (const line of read.lines) {
      const key = lineKeyString(line);
      const spent = final.get(key)!;
      expect([key, spent > line.adjustedFen]).toEqual([key, over.has(key)]);
      const cumulative = months.get(key)!;
      const deltas = cumulative.map((c, m) => c - (m === 0 ? 0 : cumulative[m - 1]!));
      const lastIdle = deltas.slice(-IDLE_MONTHS).every((d) => d === 0);
      expect([key, lastIdle]).toEqual([key, idle.has(key)]);
      if (!idle.has(key)) expect(deltas.every((d) => d > 0)).toBe(true);
      const decemberShare = deltas[11]! / spent;
      expect([key, decemberShare > 0.4]).toEqual([key, rush.has(key)]);
    }
    expect(a.three_public_over_budget_lines.length).toBeGreaterThan(0);
    for (const key of a.three_public_over_budget_lines) {
      expect(over.has(key)).toBe(true);
      expect(isThreePublic(key.split('|')[2]!)).toBe(true);
    }
    expect(a.over_budget_lines.filter((key) => isThreePublic(key.split('|')[2]!))).toEqual(a.three_public_over_budget_lines);
    expect(a.idle_lines.length).toBeGreaterThan(0);
    expect(a.year_end_rush_lines.length).toBeGreaterThan(0);

    const large = new Set(a.large_payments);
    expect(large.size).toBeGreaterThan(0);
    for (const p of read.payments) {
      if (large.has(p.paymentNumber)) expect(p.amountFen).toBeGreaterThanOrEqual(LARGE_MIN_FEN);
      else expect(p.amountFen).toBeLessThan(NORMAL_MAX_FEN);
      expect(p.amountFen).toBeGreaterThan(0);
    }

    const low = new Set(a.low_execution_units);
    expect(low.size).toBe(1);
    const rateOf = (unit: string) => {
      const lines = read.lines.filter((l) => l.unitCode === unit);
      return sumFen(lines.map((l) => final.get(lineKeyString(l))!)) / sumFen(lines.map((l) => l.adjustedFen));
    };
    for (const unit of new Set(read.lines.map((l) => l.unitCode))) {
      expect([unit, rateOf(unit) < 0.5]).toEqual([unit, low.has(unit)]);
    }
  });

  it('numbers payments uniquely, dates them in their month of the year, pays persons for labour', () => {
    const numbers = new Set(read.payments.map((p) => p.paymentNumber));
    expect(numbers.size).toBe(read.payments.length);
    expect(read.payments.every((p) => p.date.startsWith('2026-'))).toBe(true);
    const labour = read.payments.filter((p) => p.economicCode === '30226');
    expect(labour.length).toBeGreaterThan(0);
  });

  it('has no idle lines with too few months and no rush without December', async () => {
    const short = await generate({ units: 3, lines: 5, months: 3, payments: 50, seed: 1 });
    expect(short.anomalies.idle_lines).toEqual([]);
    expect(short.anomalies.year_end_rush_lines).toEqual([]);
    expect(short.anomalies.bad_rows).toEqual([]);
  });

  it.each([
    [{ months: 13 }, 'months must be an integer in 1..12'],
    [{ months: 0 }, 'months must be an integer in 1..12'],
    [{ units: 0 }, 'units must be an integer in 1..999'],
    [{ badRows: 10 }, 'badRows must be an integer in 0..9'],
    [{ region: '14a' }, 'region must be 1..12 digits'],
    [{ encoding: 'latin1' as never }, 'encoding must be utf-8, utf-8-sig or gb18030'],
  ])('refuses %j', async (options, message) => {
    await expect(generateBudgetExport({ out: tempDir(), ...options })).rejects.toThrow(message);
  });
});
