import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { parseYuan } from '../../functions/src/budget/money';
import { parseDecimal, percent1, ratio, wanYuan } from '../../functions/src/budget/rules/exact';
import type { LineSpec } from './budget-reads';

/** Test helpers for alerts: generator files as seed specs, and an explanation's numbers recomputed from its evidence. */

const rows = (file: string): Record<string, string>[] => parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true });

/** The generator's three files (English headers, UTF-8) as LineSpecs for `seedBudget`. */
export function specsFromGenerator(dir: string): { specs: LineSpec[]; keyOf: (s: LineSpec) => string } {
  const byKey = new Map<string, LineSpec>();
  const key = (r: Record<string, string>) => [r.unit_code, r.function_code, r.economic_code, r.project_code].join('|');
  for (const r of rows(`${dir}/budget-lines.csv`)) {
    byKey.set(key(r), {
      unit: [r.unit_code!, r.unit_name!],
      fn: [r.function_code!, r.function_name!],
      econ: [r.economic_code!, r.economic_name!],
      ...(r.project_code ? { project: [r.project_code, r.project_name!] as [string, string] } : {}),
      approved: parseYuan(r.approved!)!,
      adjusted: parseYuan(r.adjusted!)!,
      executed: {},
      payments: [],
    });
  }
  for (const r of rows(`${dir}/execution.csv`)) byKey.get(key(r))!.executed[Number(r.period!.slice(5))] = parseYuan(r.executed_to_date!)!;
  for (const r of rows(`${dir}/payments.csv`)) byKey.get(key(r))!.payments!.push([r.payment_id!, r.pay_date!, r.payee!, parseYuan(r.amount!)!]);
  return { specs: [...byKey.values()], keyOf: (s) => [s.unit[0], s.fn[0], s.econ[0], s.project?.[0] ?? ''].join('|') };
}

interface Evidence {
  ruleVersion: number;
  parameters: { name: string; value: string }[];
  figures: { name: string; value: string }[];
}

/** Every number an explanation must show, in order, computed here from the evidence alone. */
export function expectedNumbers(rule: string, evidence: Evidence): string[] {
  const v = (name: string) => (evidence.figures.find((f) => f.name === name) ?? evidence.parameters.find((f) => f.name === name))!.value;
  const fen = (name: string) => parseYuan(v(name))!;
  const wan = (name: string) => wanYuan(fen(name));
  const digitsIn = (text: string) => text.match(/\d[\d,]*(?:\.\d+)?/g) ?? [];
  const subject = digitsIn(v('subject'));
  switch (rule) {
    case 'LOW_EXECUTION': {
      const m = Number(v('month'));
      const adj = BigInt(fen('adjusted'));
      const cum = BigInt(fen('executed'));
      const out = [String(m), ...subject, wan('adjusted'), wan('executed'), percent1(ratio(cum, adj)), percent1(ratio(m, 12)), percent1(ratio(BigInt(m) * adj - 12n * cum, 12n * adj))];
      out.push(v('peerGroup'), v('peerCount'), percent1(parseDecimal(v('peerMedianRate'))));
      if (12 - m > 0) out.push(String(12 - m), wanYuan(fen('monthlyNeeded')));
      // The monthly amount needed is the rest of the budget over the months left, rounded up to the fen.
      if (12 - m > 0 && adj > cum) expect(BigInt(fen('monthlyNeeded'))).toBe((adj - cum + BigInt(12 - m) - 1n) / BigInt(12 - m));
      return out;
    }
    case 'OVERSPENT':
    case 'THREE_PUBLIC_OVERRUN': {
      const adj = fen('adjusted');
      const cum = fen('executed');
      const out = [v('month'), ...subject, wan('adjusted'), wan('executed')];
      if (cum > adj) return [...out, wanYuan(cum - adj), ...(adj > 0 ? [percent1(ratio(cum, adj))] : [])];
      return [...out, percent1(ratio(cum, adj)), v('yellowBeforeMonth'), percent1(parseDecimal(v('yellowRate')))];
    }
    case 'LARGE_PAYMENT':
      return [...digitsIn(v('date')), ...subject, wan('amount'), ...digitsIn(v('paymentNumber')), wan('threshold')];
    case 'YEAR_END_RUSH':
      return [v('year'), ...subject, wan('yearTotal'), '12', wan('december'), percent1(ratio(fen('december'), fen('yearTotal'))), percent1(parseDecimal(v('threshold')))];
    case 'IDLE_LINE': {
      const m = Number(v('month'));
      const idle = Number(v('idleMonths'));
      return [String(m), ...subject, wan('adjusted'), String(idle), String(m - idle + 1), String(m), wan('executed')];
    }
  }
  throw new Error(`unknown rule ${rule}`);
}

export const numbersIn = (explanation: string) => explanation.match(/\d[\d,]*(?:\.\d+)?/g) ?? [];
