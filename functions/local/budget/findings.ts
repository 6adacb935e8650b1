/**
 * A deterministic audit findings list (审计查出问题清单) for tests and the demo: the AUDIT_FINDINGS
 * import's columns in Chinese or English, UTF-8 or GB18030, optionally with one bad row per kind
 * of mistake (listed with its line and column, so a test can check the import's row errors).
 *
 *   npm run generate:findings -- --out /tmp/findings.csv [--findings 12 --units 4 --year 2026 --region 141102 --encoding gb18030 --headers zh --bad-rows --seed 7]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import * as iconv from 'iconv-lite';
import { COLUMNS } from '../../src/budget/csv/columns';
import { DEPARTMENTS } from './catalog';
import { Prng } from './prng';

export interface FindingsOptions {
  readonly findings: number;
  readonly units: number;
  readonly year: number;
  /** The county's region code; unit codes are `<region><3 digits>`, like the budget generator's. */
  readonly region: string;
  readonly encoding: 'utf-8' | 'gb18030';
  readonly headers: 'zh' | 'en';
  readonly badRows: boolean;
  readonly seed: number;
  readonly reportTitle?: string;
}

/** A planted bad row: its line in the file (header = 1), the column (as the header names it) and why. */
export interface PlantedBadRow {
  readonly line: number;
  readonly column: string;
  readonly reason: string;
}

export interface GeneratedFindings {
  readonly bytes: Buffer;
  readonly reportTitle: string;
  /** Good rows written (each one finding). */
  readonly goodRows: number;
  /** The sum of the good rows' amounts in fen. */
  readonly amountFen: number;
  readonly badRows: readonly PlantedBadRow[];
}

const CATEGORIES = ['预算执行', '专项资金', '政府采购', '国有资产', '三公经费'];
const PROBLEMS = ['专项资金未按规定用途使用', '项目资金结转结余未及时清理', '政府采购程序不规范', '固定资产未入账', '超标准支出公务接待费', '预算编制不细化'];
const TYPES = ['立行立改', '分阶段', '持续'];

export function generateFindings(o: FindingsOptions): GeneratedFindings {
  const rng = new Prng(o.seed);
  const reportTitle = o.reportTitle ?? `关于${o.year - 1}年度本级预算执行和其他财政收支审计查出问题整改情况的报告`;
  const keys = COLUMNS.AUDIT_FINDINGS.map((c) => c.key);
  const header = o.headers === 'zh' ? COLUMNS.AUDIT_FINDINGS.map((c) => c.zh) : keys;
  const column = (key: (typeof keys)[number]) => header[keys.indexOf(key)]!;
  const rows: string[][] = [];
  let amountFen = 0;
  for (let n = 1; n <= o.findings; n++) {
    const unit = (n - 1) % Math.max(1, o.units);
    const fen = rng.int(0, 5_000_000) * 100 + rng.int(0, 99);
    amountFen += fen;
    rows.push([
      String(o.year),
      reportTitle,
      String(n),
      `${o.region}${String(unit + 1).padStart(3, '0')}`,
      // Named as the budget generator names its units, so a demo county's findings name its units.
      `县${DEPARTMENTS[unit % DEPARTMENTS.length]}`,
      CATEGORIES[rng.int(0, CATEGORIES.length - 1)]!,
      `${PROBLEMS[rng.int(0, PROBLEMS.length - 1)]}，涉及金额${(fen / 100).toFixed(2)}元`,
      (fen / 100).toFixed(2),
      TYPES[rng.int(0, TYPES.length - 1)]!,
      `${o.year + rng.int(0, 1)}-${String(rng.int(3, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    ]);
  }
  const badRows: PlantedBadRow[] = [];
  if (o.badRows) {
    const base = rows[0] ?? [String(o.year), reportTitle, '1', `${o.region}001`, `县${DEPARTMENTS[0]}`, CATEGORIES[0]!, PROBLEMS[0]!, '1.00', TYPES[0]!, `${o.year}-06-30`];
    const bad = (key: (typeof keys)[number], value: string, reason: string) => {
      const row = [...base];
      row[keys.indexOf('finding_number')] = String(9000 + badRows.length);
      row[keys.indexOf(key)] = value;
      rows.push(row);
      badRows.push({ line: rows.length + 1, column: column(key), reason });
    };
    bad('finding_number', 'abc', 'not a number');
    bad('amount', '-5.00', 'a negative amount');
    bad('rectification_type', '马上改', 'an unknown rectification type');
    bad('due_on', `${o.year}-02-30`, 'a date that does not exist');
    bad('unit_code', '', 'a missing unit code');
    bad('year', String(o.year + 1), 'another year');
  }
  const text = stringify([header, ...rows], { record_delimiter: '\r\n' });
  const bytes = o.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
  return { bytes, reportTitle, goodRows: o.findings, amountFen, badRows };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      findings: { type: 'string', default: '12' },
      units: { type: 'string', default: '4' },
      year: { type: 'string', default: '2026' },
      region: { type: 'string', default: '141102' },
      encoding: { type: 'string', default: 'utf-8' },
      headers: { type: 'string', default: 'zh' },
      'bad-rows': { type: 'boolean', default: false },
      seed: { type: 'string', default: '7' },
    },
    strict: true,
  });
  if (!values.out) throw new Error('--out <file.csv> is required');
  if (values.encoding !== 'utf-8' && values.encoding !== 'gb18030') throw new Error('--encoding must be utf-8 or gb18030');
  if (values.headers !== 'zh' && values.headers !== 'en') throw new Error('--headers must be zh or en');
  const generated = generateFindings({
    findings: Number(values.findings),
    units: Number(values.units),
    year: Number(values.year),
    region: values.region,
    encoding: values.encoding,
    headers: values.headers,
    badRows: values['bad-rows'],
    seed: Number(values.seed),
  });
  writeFileSync(values.out, generated.bytes);
  process.stdout.write(`${values.out}: ${generated.goodRows} findings of "${generated.reportTitle}"${generated.badRows.length ? `, ${generated.badRows.length} bad rows` : ''}\n`);
}

if (require.main === module) main();
