/**
 * The project's own deterministic generator of a county finance bureau's budget exports: the same
 * three files and columns as ../shared/fixtures/budget/generate.py (budget-lines.csv,
 * execution.csv, payments.csv) plus anomalies.json, written by this project (it never reads
 * ../shared). Used by `npm start`'s seed, the tests and the bench; CLI: `npm run generate:budget`.
 *
 * Guarantees: the same options give the same bytes; ordinary lines end at or below their adjusted
 * budget; ordinary payments stay below 200,000 yuan and planted large ones are at least 600,000;
 * payments add up exactly (to the fen) to each line's monthly spending (the differences of
 * execution.csv); every planted anomaly and bad row is listed in anomalies.json. Files are written
 * as streams: memory grows with the number of lines, not of payments.
 *
 * Amounts are integer fen throughout; shares are integer weights and basis points, so no float
 * ever decides a fen. Payments are written month by month (by line within a month), numbered in
 * file order, as a treasury export lists them.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { isThreePublic } from '../../src/budget/classification';
import { formatFen } from '../../src/budget/money';
import { periodOf } from '../../src/budget/periods';
import { COMPANY_PAYEES, DEPARTMENTS, ECONOMIC_SECTIONS, FUNCTION_ITEMS, PERSON_PAID_CODES, PERSON_PAYEES } from './catalog';
import { Prng } from './prng';

export type GeneratorEncoding = 'utf-8' | 'utf-8-sig' | 'gb18030';

export interface GenerateOptions {
  /** Output directory (created). */
  readonly out: string;
  readonly year?: number; // 2026
  /** Region code: the first digits of every unit code. */
  readonly region?: string; // '141102'
  readonly units?: number; // 20
  /** Budget lines per unit. */
  readonly lines?: number; // 20
  /** Months of execution, 1..12. */
  readonly months?: number; // 10
  /** Target number of payments (the count written is reported). */
  readonly payments?: number; // 5000
  readonly seed?: number; // 7
  readonly encoding?: GeneratorEncoding; // 'utf-8'
  readonly headers?: 'en' | 'zh'; // 'en'
  /** Plant up to 9 malformed rows, listed in anomalies.json with file, line and column. */
  readonly badRows?: number; // 0
}

/** A bad row planted on purpose: where it is and which column is wrong. */
export interface PlantedBadRow {
  readonly file: 'budget-lines.csv' | 'execution.csv' | 'payments.csv';
  readonly line: number;
  /** The English column key (generate.py's convention). */
  readonly column: string;
  readonly why: string;
  readonly row: readonly string[];
}

/** anomalies.json: totals and, for each warning rule, what it must find (line keys are unit|function|economic|project). */
export interface Anomalies {
  readonly totals: {
    readonly units: number;
    readonly lines: number;
    readonly execution_rows: number;
    readonly payments: number;
    readonly approved_total: string;
    readonly adjusted_total: string;
  };
  readonly low_execution_units: readonly string[];
  readonly over_budget_lines: readonly string[];
  readonly large_payments: readonly string[];
  readonly three_public_over_budget_lines: readonly string[];
  readonly year_end_rush_lines: readonly string[];
  readonly idle_lines: readonly string[];
  readonly bad_rows: readonly PlantedBadRow[];
}

/** No ordinary payment reaches 200,000 yuan (fen). */
export const NORMAL_MAX_FEN = 200_000_00;
/** Every planted large payment is at least 600,000 yuan (fen). */
export const LARGE_MIN_FEN = 600_000_00;
/** An idle line has no spending in its last IDLE_MONTHS months. */
export const IDLE_MONTHS = 3;

/** Headers of the three files, as generate.py and finance bureaus write them. */
export const HEADERS = {
  lines: {
    en: ['year', 'unit_code', 'unit_name', 'function_code', 'function_name', 'economic_code', 'economic_name', 'project_code', 'project_name', 'approved', 'adjusted'],
    zh: ['年度', '单位编码', '单位名称', '功能科目编码', '功能科目名称', '经济科目编码', '经济科目名称', '项目编码', '项目名称', '年初预算数', '调整后预算数'],
  },
  execution: {
    en: ['year', 'period', 'unit_code', 'function_code', 'economic_code', 'project_code', 'executed_to_date'],
    zh: ['年度', '期间', '单位编码', '功能科目编码', '经济科目编码', '项目编码', '累计支出数'],
  },
  payments: {
    en: ['year', 'payment_id', 'pay_date', 'unit_code', 'function_code', 'economic_code', 'project_code', 'payee', 'amount', 'purpose'],
    zh: ['年度', '支付单号', '支付日期', '单位编码', '功能科目编码', '经济科目编码', '项目编码', '收款人', '支付金额', '用途'],
  },
} as const;

interface Line {
  readonly unit: string;
  readonly unitName: string;
  readonly f: string;
  readonly fName: string;
  readonly e: string;
  readonly eName: string;
  readonly project: string;
  readonly approved: number;
  readonly adjusted: number;
  /** Share of the adjusted budget spent by the last month, in basis points. */
  targetBp: number;
  /** Spending per month (fen). */
  deltas: number[];
  /** A planted large payment: month index and amount. */
  large?: { month: number; amount: number };
}

const keyOf = (ln: Line): string => [ln.unit, ln.f, ln.e, ln.project].join('|');

type Settings = Required<Omit<GenerateOptions, 'out'>>;

function settingsOf(options: GenerateOptions): Settings {
  const s: Settings = {
    year: options.year ?? 2026,
    region: options.region ?? '141102',
    units: options.units ?? 20,
    lines: options.lines ?? 20,
    months: options.months ?? 10,
    payments: options.payments ?? 5000,
    seed: options.seed ?? 7,
    encoding: options.encoding ?? 'utf-8',
    headers: options.headers ?? 'en',
    badRows: options.badRows ?? 0,
  };
  const whole = (name: keyof Settings, min: number, max: number) => {
    const value = s[name] as number;
    if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer in ${min}..${max}`);
  };
  whole('year', 2000, 2999);
  whole('units', 1, 999);
  whole('lines', 1, 1000);
  whole('months', 1, 12);
  whole('payments', 0, 10_000_000);
  whole('seed', 0, 2 ** 32 - 1);
  whole('badRows', 0, 9);
  if (!/^\d{1,12}$/.test(s.region)) throw new RangeError('region must be 1..12 digits');
  if (!['utf-8', 'utf-8-sig', 'gb18030'].includes(s.encoding)) throw new RangeError('encoding must be utf-8, utf-8-sig or gb18030');
  if (s.headers !== 'en' && s.headers !== 'zh') throw new RangeError('headers must be en or zh');
  return s;
}

/** Splits `total` into integer parts proportional to `weights` (floors; the rest to the last part of non-zero weight). */
function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => (sum === 0 ? 0 : Math.floor((total * w) / sum)));
  const last = Math.max(0, weights.findLastIndex((w) => w > 0));
  parts[last] = (parts[last] as number) + total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

/** Units, lines and every line's monthly spending, with the anomalies planted. */
function planBudget(s: Settings, rnd: Prng) {
  const units = Array.from({ length: s.units }, (_, i) => {
    const dept = DEPARTMENTS[i % DEPARTMENTS.length] as string;
    const suffix = i < DEPARTMENTS.length ? '' : `下属单位${Math.floor(i / DEPARTMENTS.length)}`;
    return { code: `${s.region}${String(i + 1).padStart(3, '0')}`, name: `县${dept}${suffix}` };
  });
  const lines: Line[] = [];
  const seen = new Set<string>();
  for (const unit of units) {
    for (let j = 0; j < s.lines; j++) {
      const [f, fName] = rnd.pick(FUNCTION_ITEMS);
      const [e, eName] = rnd.pick(ECONOMIC_SECTIONS);
      const project = rnd.next() < 0.6 ? '' : `P${s.year}${rnd.int(1000, 9999)}`;
      const key = [unit.code, f, e, project].join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      const approved = rnd.int(5_000, 5_000_000) * 100;
      const adjusted = rnd.next() < 0.8 ? approved : Math.floor((approved * rnd.int(80, 130)) / 100);
      lines.push({ unit: unit.code, unitName: unit.name, f, fName, e, eName, project, approved, adjusted, targetBp: 0, deltas: [] });
    }
  }

  const lowUnits = new Set(rnd.sample(units, Math.max(1, Math.floor(s.units / 10))).map((u) => u.code));
  const paceBp = Math.floor((s.months * 10000) / 12);
  for (const ln of lines) {
    // Ordinary lines spend about at the pace of the year and never end above their budget.
    ln.targetBp = lowUnits.has(ln.unit) ? Math.floor((paceBp * rnd.int(10, 35)) / 100) : Math.min(Math.floor((paceBp * rnd.int(85, 105)) / 100), rnd.int(9500, 9950));
  }
  const inLowUnit = (ln: Line) => lowUnits.has(ln.unit);
  const candidates = lines.filter((ln) => !inLowUnit(ln));
  const over = new Set(rnd.sample(candidates.filter((ln) => !isThreePublic(ln.e)), Math.max(1, Math.floor(lines.length / 50))));
  for (const ln of over) ln.targetBp = rnd.int(10500, 12500);
  const threePublic = candidates.filter((ln) => isThreePublic(ln.e));
  const threeOver = new Set(threePublic.slice(0, Math.max(1, Math.floor(threePublic.length / 8))));
  for (const ln of threeOver) ln.targetBp = rnd.int(10200, 11500);
  const ordinary = () => candidates.filter((ln) => !over.has(ln) && !threeOver.has(ln) && !rush.has(ln) && !idle.has(ln));
  const rush = new Set<Line>();
  const idle = new Set<Line>();
  if (s.months === 12) for (const ln of rnd.sample(ordinary(), Math.max(1, Math.floor(lines.length / 40)))) rush.add(ln);
  if (s.months > IDLE_MONTHS) for (const ln of rnd.sample(ordinary(), Math.max(1, Math.floor(lines.length / 50)))) idle.add(ln);

  for (const ln of lines) {
    const final = Math.floor((ln.adjusted * ln.targetBp) / 10000);
    const weights = Array.from({ length: s.months }, () => rnd.int(600, 1400));
    if (rush.has(ln)) weights[s.months - 1] = Math.floor((weights.reduce((a, b) => a + b, 0) * 3) / 2); // December carries most of the year
    if (idle.has(ln)) weights.fill(0, s.months - IDLE_MONTHS);
    ln.deltas = split(final, weights);
  }

  // Large single payments (大额支付), carved out of an ordinary line's own spending: its total stays.
  const spare = ordinary().filter((ln) => Math.floor((sumOf(ln.deltas) * 6) / 10) >= LARGE_MIN_FEN);
  for (const ln of rnd.sample(spare, Math.max(1, Math.floor(s.payments / 1000)))) {
    const final = sumOf(ln.deltas);
    const amount = rnd.int(LARGE_MIN_FEN / 100, Math.floor((final * 6) / 1000)) * 100;
    // Never the last month of a 12-month year: a big December payment would look like a year-end rush.
    const month = rnd.int(0, Math.max(0, s.months - (s.months === 12 ? 2 : 1)));
    const scaled = ln.deltas.map((d) => Math.floor((d * (final - amount)) / final));
    scaled[month] = (scaled[month] as number) + amount;
    scaled[s.months - 1] = (scaled[s.months - 1] as number) + final - sumOf(scaled);
    ln.deltas = scaled;
    ln.large = { month, amount };
  }
  return { units, lines, lowUnits, over, threeOver, rush, idle };
}

const sumOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Splits one month's ordinary spending of a line into payments, each at least 1 fen and below NORMAL_MAX_FEN. */
function paymentAmounts(rest: number, perPayment: number, rnd: Prng): number[] {
  if (rest <= 0) return [];
  const n = Math.min(rest, Math.max(1, Math.round(rest / perPayment), Math.ceil(rest / NORMAL_MAX_FEN)));
  const parts = split(rest - n, Array.from({ length: n }, () => rnd.int(1, 1000))).map((p) => p + 1);
  const out: number[] = [];
  for (const part of parts) {
    // Rare: a part at or above the limit is halved until no ordinary payment looks large.
    const stack = [part];
    while (stack.length > 0) {
      const amount = stack.pop() as number;
      if (amount < NORMAL_MAX_FEN) out.push(amount);
      else stack.push(amount - Math.floor(amount / 2), Math.floor(amount / 2));
    }
  }
  return out;
}

/** A CSV field as Python's csv module writes it (quoted only when needed). */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Buffered, encoded, back-pressured writing of CSV rows. */
class CsvFile {
  private readonly stream: WriteStream;
  private pending: string[] = [];
  private pendingLength = 0;
  /** Rows written so far, the header included: the line number of the last one. */
  lines = 0;

  constructor(
    file: string,
    private readonly encoding: GeneratorEncoding,
  ) {
    this.stream = createWriteStream(file);
    if (encoding === 'utf-8-sig') this.stream.write(Buffer.from([0xef, 0xbb, 0xbf]));
  }

  async row(values: readonly (string | number)[]): Promise<void> {
    const text = values.map(csvField).join(',') + '\r\n';
    this.pending.push(text);
    this.pendingLength += text.length;
    this.lines++;
    if (this.pendingLength >= 32 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    const bytes = this.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
    if (!this.stream.write(bytes)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

type Row = (string | number)[];
interface BadRowPlan {
  readonly file: PlantedBadRow['file'];
  readonly row: Row;
  readonly column: string;
  readonly why: string;
  /** Written before the data row of this index (0-based; past the end means last). */
  readonly at: number;
}

export async function generateBudgetExport(options: GenerateOptions): Promise<Anomalies> {
  const s = settingsOf(options);
  const rnd = new Prng(s.seed);
  const plan = planBudget(s, rnd);
  const { lines } = plan;
  mkdirSync(options.out, { recursive: true });

  const executionRows = lines.length * s.months;
  const bad = badRowPlans(s, lines, executionRows, rnd).slice(0, s.badRows);
  const planted: PlantedBadRow[] = [];
  const waiting = new Set(bad);
  // Writes the bad rows planned before data row `index` (all that are left when `row` is null), then the row.
  const writeRow = async (file: CsvFile, name: PlantedBadRow['file'], index: number, row: Row | null) => {
    for (const b of waiting) {
      if (b.file === name && (b.at === index || row === null)) {
        await file.row(b.row);
        waiting.delete(b);
        planted.push({ file: b.file, line: file.lines, column: b.column, why: b.why, row: b.row.map(String) });
      }
    }
    if (row) await file.row(row);
  };
  const h = s.headers;

  const linesFile = new CsvFile(path.join(options.out, 'budget-lines.csv'), s.encoding);
  await linesFile.row(HEADERS.lines[h]);
  for (const [i, ln] of lines.entries()) {
    const projectName = ln.project ? `${ln.fName.split('-').pop()}专项` : '';
    await writeRow(linesFile, 'budget-lines.csv', i, [s.year, ln.unit, ln.unitName, ln.f, ln.fName, ln.e, ln.eName, ln.project, projectName, formatFen(ln.approved), formatFen(ln.adjusted)]);
  }
  await writeRow(linesFile, 'budget-lines.csv', Number.MAX_SAFE_INTEGER, null);
  await linesFile.close();

  const executionFile = new CsvFile(path.join(options.out, 'execution.csv'), s.encoding);
  await executionFile.row(HEADERS.execution[h]);
  let index = 0;
  for (const ln of lines) {
    let cumulative = 0;
    for (const [m, delta] of ln.deltas.entries()) {
      cumulative += delta;
      await writeRow(executionFile, 'execution.csv', index++, [s.year, periodOf(s.year, m + 1), ln.unit, ln.f, ln.e, ln.project, formatFen(cumulative)]);
    }
  }
  await writeRow(executionFile, 'execution.csv', Number.MAX_SAFE_INTEGER, null);
  await executionFile.close();

  // Ordinary payments: about --payments in all, each month's spending of a line split below NORMAL_MAX_FEN.
  const spent = sumOf(lines.map((ln) => sumOf(ln.deltas))) || 1;
  const perPayment = Math.max(Math.floor(spent / Math.max(1, s.payments)), 100_00);
  const paymentsFile = new CsvFile(path.join(options.out, 'payments.csv'), s.encoding);
  await paymentsFile.row(HEADERS.payments[h]);
  const largePayments: string[] = [];
  let seq = 0;
  const day = (m: number) => `${periodOf(s.year, m + 1)}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
  const payee = (ln: Line) => (PERSON_PAID_CODES.has(ln.e) ? rnd.pick(PERSON_PAYEES) : rnd.pick(COMPANY_PAYEES));
  for (let m = 0; m < s.months; m++) {
    for (const ln of lines) {
      const delta = ln.deltas[m] as number;
      const large = ln.large?.month === m ? ln.large.amount : 0;
      const amounts = paymentAmounts(delta - large, perPayment, rnd);
      if (large > 0) amounts.unshift(large);
      for (const [k, amount] of amounts.entries()) {
        const number = `${s.year}${String(++seq).padStart(8, '0')}`;
        if (large > 0 && k === 0) largePayments.push(number);
        await writeRow(paymentsFile, 'payments.csv', seq - 1, [s.year, number, day(m), ln.unit, ln.f, ln.e, ln.project, payee(ln), formatFen(amount), `${ln.eName}支出`]);
      }
    }
  }
  await writeRow(paymentsFile, 'payments.csv', Number.MAX_SAFE_INTEGER, null);
  await paymentsFile.close();

  const anomalies: Anomalies = {
    totals: {
      units: plan.units.length,
      lines: lines.length,
      execution_rows: executionRows,
      payments: seq,
      approved_total: formatFen(sumOf(lines.map((ln) => ln.approved))),
      adjusted_total: formatFen(sumOf(lines.map((ln) => ln.adjusted))),
    },
    low_execution_units: [...plan.lowUnits].sort(),
    // Every line that ends above its budget, the 三公 ones included (they are listed again below).
    over_budget_lines: lines.filter((ln) => plan.over.has(ln) || plan.threeOver.has(ln)).map(keyOf),
    large_payments: largePayments,
    three_public_over_budget_lines: lines.filter((ln) => plan.threeOver.has(ln)).map(keyOf),
    year_end_rush_lines: lines.filter((ln) => plan.rush.has(ln)).map(keyOf),
    idle_lines: lines.filter((ln) => plan.idle.has(ln)).map(keyOf),
    bad_rows: planted,
  };
  writeFileSync(path.join(options.out, 'anomalies.json'), JSON.stringify(anomalies, null, 1) + '\n');
  return anomalies;
}

/** The malformed rows a finance export can carry, one per kind of mistake (generate.py's nine). */
function badRowPlans(s: Settings, lines: readonly Line[], executionRows: number, rnd: Prng): BadRowPlan[] {
  const first = lines[0] as Line;
  const last = lines[lines.length - 1] as Line;
  const y = s.year;
  const at = (count: number) => rnd.int(0, count);
  const n = lines.length;
  const p = s.payments;
  return [
    { file: 'budget-lines.csv', at: at(n), column: 'function_code', why: 'a function code has 7 digits', row: [y, first.unit, first.unitName, '20501', '款', first.e, first.eName, '', '', '100.00', '100.00'] },
    { file: 'budget-lines.csv', at: at(n), column: 'unit_code', why: 'a unit code is digits', row: [y, 'X1', '单位', first.f, first.fName, first.e, first.eName, '', '', '100.00', '100.00'] },
    { file: 'budget-lines.csv', at: at(n), column: 'approved', why: 'not an amount', row: [y, last.unit, last.unitName, last.f, last.fName, '30299', '其他', 'PX', '项目', '12,3a', '100.00'] },
    { file: 'execution.csv', at: at(executionRows), column: 'period', why: 'no month 13', row: [y, `${y}-13`, first.unit, first.f, first.e, first.project, '1.00'] },
    { file: 'execution.csv', at: at(executionRows), column: 'function_code', why: 'no budget line with these codes', row: [y, `${y}-01`, first.unit, '2299999', first.e, '', '1.00'] },
    { file: 'execution.csv', at: at(executionRows), column: 'executed_to_date', why: 'a cumulative amount is never negative', row: [y, `${y}-02`, last.unit, last.f, last.e, last.project, '-5.00'] },
    { file: 'payments.csv', at: at(p), column: 'pay_date', why: 'no 30 February', row: [y, `${y}99999991`, `${y}-02-30`, first.unit, first.f, first.e, first.project, '某单位', '10.00', 'x'] },
    { file: 'payments.csv', at: at(p), column: 'amount', why: 'a payment is more than zero', row: [y, `${y}99999992`, `${y}-03-03`, last.unit, last.f, last.e, last.project, '某单位', '0.00', 'x'] },
    { file: 'payments.csv', at: at(p), column: 'payment_id', why: 'a payment needs an id', row: [y, '', `${y}-03-04`, last.unit, last.f, last.e, last.project, '某单位', '10.00', 'x'] },
  ];
}
