/**
 * `npm run generate:budget -- --out dir [--units 200] [--lines 20] [--months 10] [--payments 100000]
 *  [--seed 7] [--year 2026] [--region 141102] [--encoding utf-8|utf-8-sig|gb18030] [--headers en|zh]
 *  [--bad-rows 9]`: writes a finance bureau's budget exports; prints the totals.
 */
import { parseArgs } from 'node:util';
import { generateBudgetExport, type GeneratorEncoding } from './generate';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    year: { type: 'string' },
    region: { type: 'string' },
    units: { type: 'string' },
    lines: { type: 'string' },
    months: { type: 'string' },
    payments: { type: 'string' },
    seed: { type: 'string' },
    encoding: { type: 'string' },
    headers: { type: 'string' },
    'bad-rows': { type: 'string' },
  },
});

const int = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));

async function main(): Promise<void> {
  if (!values.out) throw new Error('--out <dir> is required');
  const anomalies = await generateBudgetExport({
    out: values.out,
    year: int(values.year),
    region: values.region,
    units: int(values.units),
    lines: int(values.lines),
    months: int(values.months),
    payments: int(values.payments),
    seed: int(values.seed),
    encoding: values.encoding as GeneratorEncoding | undefined,
    headers: values.headers as 'en' | 'zh' | undefined,
    badRows: int(values['bad-rows']),
  });
  console.log(JSON.stringify(anomalies.totals));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
