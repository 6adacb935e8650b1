import { parseYuan, formatFen } from '../money';
import type { AlertRule } from '../alerts/records';

/**
 * Parameters of each warning rule, with the defaults of the issue's table. Values travel and are
 * stored as text; a rule reads them as exact numbers (fen, or a scaled integer), never floats.
 */
export type ParameterKind = 'MONEY' | 'RATIO' | 'POINTS' | 'MONTHS';

export interface ParameterSpec {
  readonly name: string;
  readonly kind: ParameterKind;
  readonly defaultValue: string;
  readonly description: string;
}

const money = (name: string, defaultValue: string, description: string): ParameterSpec => ({ name, kind: 'MONEY', defaultValue, description });
const ratioParam = (name: string, defaultValue: string, description: string): ParameterSpec => ({ name, kind: 'RATIO', defaultValue, description });

export const RULE_PARAMETERS: Readonly<Record<AlertRule, readonly ParameterSpec[]>> = {
  LOW_EXECUTION: [
    money('minAdjusted', '100000.00', '起评金额 (yuan): only units and lines with an adjusted budget at least this large are judged.'),
    ratioParam('yellowPace', '0.8', '黄色预警进度比: YELLOW when execution rate ÷ time progress is below this.'),
    ratioParam('redPace', '0.6', '红色预警进度比: RED when execution rate ÷ time progress is below this.'),
    { name: 'redGapPoints', kind: 'POINTS', defaultValue: '20', description: '红色预警落后百分点: RED when time progress minus execution rate is at least this many percentage points.' },
  ],
  OVERSPENT: [],
  THREE_PUBLIC_OVERRUN: [
    ratioParam('yellowRate', '0.9', '三公黄色预警执行率: YELLOW when a 三公 execution rate reaches this before `yellowBeforeMonth`.'),
    { name: 'yellowBeforeMonth', kind: 'MONTHS', defaultValue: '10', description: '三公黄色预警截止月: the YELLOW test applies to months before this one (10 = before October).' },
  ],
  LARGE_PAYMENT: [money('threshold', '500000.00', '大额支付标准 (yuan): a single payment at or above this is an alert.')],
  YEAR_END_RUSH: [
    ratioParam('yellowShare', '0.3', '12月支出占比黄色预警线: YELLOW when December carries at least this share of the year.'),
    ratioParam('redShare', '0.5', '12月支出占比红色预警线: RED when December carries at least this share of the year.'),
  ],
  IDLE_LINE: [{ name: 'months', kind: 'MONTHS', defaultValue: '3', description: '闲置月数: an alert after this many months in a row without spending.' }],
};

/** Why a value is refused, or null when it is acceptable; also its canonical text. */
export function checkParameter(spec: ParameterSpec, raw: string): { value: string } | { error: string } {
  const text = raw.trim();
  switch (spec.kind) {
    case 'MONEY': {
      const fen = parseYuan(text);
      if (fen === null || fen <= 0) return { error: `${spec.name} must be an amount in yuan above 0 (at most two decimals)` };
      return { value: formatFen(fen) };
    }
    case 'RATIO': {
      if (!/^\d{1,2}(\.\d{1,4})?$/.test(text) || Number(text) <= 0 || Number(text) > 10) return { error: `${spec.name} must be a decimal above 0 and at most 10 (at most four decimals)` };
      return { value: canonicalDecimal(text) };
    }
    case 'POINTS': {
      if (!/^\d{1,3}(\.\d{1,2})?$/.test(text) || Number(text) <= 0 || Number(text) > 100) return { error: `${spec.name} must be percentage points above 0 and at most 100 (at most two decimals)` };
      return { value: canonicalDecimal(text) };
    }
    case 'MONTHS': {
      if (!/^\d{1,2}$/.test(text) || Number(text) < 1 || Number(text) > 12) return { error: `${spec.name} must be a whole number of months from 1 to 12` };
      return { value: String(Number(text)) };
    }
  }
}

/** "0.80" → "0.8", "020" → "20": one text per value, so equal parameters compare equal. */
function canonicalDecimal(text: string): string {
  const [whole, frac = ''] = text.split('.') as [string, string?];
  const trimmed = frac.replace(/0+$/, '');
  return `${String(Number(whole))}${trimmed ? `.${trimmed}` : ''}`;
}

/** Rules across parameters: a RED line must not be milder than the YELLOW one. Returns [name, message] or null. */
export function crossCheck(rule: AlertRule, values: Readonly<Record<string, string>>): [string, string] | null {
  const num = (name: string) => Number(values[name]);
  if (rule === 'LOW_EXECUTION' && num('redPace') > num('yellowPace')) return ['redPace', 'redPace must not be above yellowPace'];
  if (rule === 'YEAR_END_RUSH' && num('redShare') < num('yellowShare')) return ['redShare', 'redShare must not be below yellowShare'];
  if (rule === 'IDLE_LINE' && num('months') > 11) return ['months', 'months must be from 1 to 11'];
  return null;
}

/** The defaults of a rule as name → text. */
export function defaultParameters(rule: AlertRule): Record<string, string> {
  return Object.fromEntries(RULE_PARAMETERS[rule].map((p) => [p.name, p.defaultValue]));
}
