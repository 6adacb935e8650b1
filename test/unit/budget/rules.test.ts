import { evaluateRules } from '../../../functions/src/budget/rules/evaluate';
import { defaultParameters } from '../../../functions/src/budget/rules/parameters';
import type { RuleData, RuleLine, RuleSetting } from '../../../functions/src/budget/rules/types';
import type { AlertRule } from '../../../functions/src/budget/alerts/records';
import { ruleLine } from './rule-lines';
import { figureOf } from '../../../functions/src/budget/rules/explain';

/** Every rule on planted and clean data, each threshold exactly at its edge. Money in fen. */

const YUAN = 100;
const setting = (rule: AlertRule, parameters: Record<string, string> = {}): RuleSetting => ({
  rule,
  enabled: true,
  version: 1,
  parameters: { ...defaultParameters(rule), ...parameters },
});

/** A line with cumulative execution from monthly amounts (months after the given ones carry forward). */
function line(key: string, adjusted: number, monthly: number[], extra: Partial<RuleLine> = {}): RuleLine {
  const cumulative: number[] = [];
  let sum = 0;
  for (let m = 0; m < 12; m++) {
    sum += monthly[m] ?? 0;
    cumulative.push(sum);
  }
  return ruleLine(key, adjusted, cumulative, extra);
}

const data = (month: number, lines: RuleLine[], payments: RuleData['payments'] = []): RuleData => ({ year: 2026, month, lines, payments });
const run = (d: RuleData, s: RuleSetting) => evaluateRules(d, [s]);
const severities = (d: RuleData, s: RuleSetting) => run(d, s).map((a) => `${a.subjectKind}:${a.subjectKey}:${a.severity}`);

describe('LOW_EXECUTION', () => {
  const adj = 1_200_000 * YUAN;
  // At month 6 (tp 0.5): pace 0.8 ⇔ rate 0.4 ⇔ cum 480,000 yuan; pace 0.6 ⇔ cum 360,000.
  const at = (cum: number, month = 6, adjusted = adj) => data(month, [line('U1#2050201#30201#', adjusted, [cum])]);

  it('is clean at pace exactly 0.8 and YELLOW one fen below', () => {
    expect(severities(at(480_000 * YUAN), setting('LOW_EXECUTION'))).toEqual([]);
    expect(severities(at(480_000 * YUAN - 1), setting('LOW_EXECUTION'))).toEqual(['LINE:U1#2050201#30201#:YELLOW', 'UNIT:U1:YELLOW']);
  });

  it('is YELLOW at pace exactly 0.6 and RED one fen below (month 3, where the gap stays under 20)', () => {
    // tp 0.25: pace 0.6 ⇔ rate 0.15 ⇔ cum 180,000 yuan, a gap of 10 points. (At month 6 the same pace is a 20-point gap: RED.)
    expect(severities(at(180_000 * YUAN, 3), setting('LOW_EXECUTION'))).toEqual(['LINE:U1#2050201#30201#:YELLOW', 'UNIT:U1:YELLOW']);
    expect(severities(at(180_000 * YUAN - 1, 3), setting('LOW_EXECUTION'))).toEqual(['LINE:U1#2050201#30201#:RED', 'UNIT:U1:RED']);
    expect(severities(at(360_000 * YUAN, 6), setting('LOW_EXECUTION'))).toEqual(['LINE:U1#2050201#30201#:RED', 'UNIT:U1:RED']);
  });

  it('is RED at a gap of exactly 20 points even when the pace is not below 0.6 (month 12, pace 0.8)', () => {
    // tp 1, rate 0.8: pace 0.8 (not < 0.8) but gap = 20 ≥ 20.
    expect(severities(at(960_000 * YUAN, 12), setting('LOW_EXECUTION'))).toEqual(['LINE:U1#2050201#30201#:RED', 'UNIT:U1:RED']);
    expect(severities(at(960_000 * YUAN + 1, 12), setting('LOW_EXECUTION'))).toEqual([]);
  });

  it('judges only budgets of at least minAdjusted (100,000 yuan inclusive)', () => {
    expect(run(at(0, 6, 100_000 * YUAN), setting('LOW_EXECUTION'))).toHaveLength(2);
    expect(run(at(0, 6, 100_000 * YUAN - 1), setting('LOW_EXECUTION'))).toHaveLength(0);
  });

  it('records the peer median of units of the same 主管类 and the monthly spending still needed', () => {
    const d = data(10, [
      line('U1#2050201#30201#', 12_345_600 * YUAN, [4_123_000 * YUAN]),
      line('U2#2050202#30201#', 1_000_000 * YUAN, [900_000 * YUAN]),
      line('U3#2050203#30201#', 1_000_000 * YUAN, [700_000 * YUAN]),
      line('U3#2100101#30201#', 100_000 * YUAN, [0]), // U3's 主管类 stays 205 (its largest budget)
    ]);
    const alert = run(d, setting('LOW_EXECUTION')).find((a) => a.subjectKind === 'UNIT' && a.subjectKey === 'U1')!;
    expect(figureOf(alert.evidence, 'peerGroup')).toBe('205');
    expect(figureOf(alert.evidence, 'peerCount')).toBe('3');
    // U1 0.333965…, U3 700,000/1,100,000 = 0.636363…, U2 0.9 → median 0.636364
    expect(figureOf(alert.evidence, 'peerMedianRate')).toBe('0.636364');
    // (12,345,600 − 4,123,000) yuan over 2 months = 4,111,300 yuan a month
    expect(figureOf(alert.evidence, 'monthlyNeeded')).toBe('4111300.00');
    expect(alert.explanation).toBe(
      '截至10月，单位U1调整后预算1,234.56万元，已支出412.30万元，执行率33.4%，序时进度83.3%，落后49.9个百分点；本地同类单位（205类，3个）执行率中位数63.6%；剩余2个月需月均支出411.13万元才能全年执行完毕。',
    );
  });
});

describe('OVERSPENT', () => {
  it('is clean at exactly the adjusted budget and RED one fen above, for the line and the unit', () => {
    const d = (cum: number) => data(10, [line('U1#2050201#30201#', 1000 * YUAN, [cum])]);
    expect(run(d(1000 * YUAN), setting('OVERSPENT'))).toEqual([]);
    expect(severities(d(1000 * YUAN + 1), setting('OVERSPENT'))).toEqual(['LINE:U1#2050201#30201#:RED', 'UNIT:U1:RED']);
  });

  it('raises a unit in total only when its lines together are over', () => {
    const d = data(10, [line('U1#2050201#30201#', 1000 * YUAN, [1001 * YUAN]), line('U1#2050201#30202#', 1000 * YUAN, [998 * YUAN])]);
    expect(severities(d, setting('OVERSPENT'))).toEqual(['LINE:U1#2050201#30201#:RED']);
  });
});

describe('THREE_PUBLIC_OVERRUN', () => {
  const d = (cum: number, month: number, economic = '30217') => data(month, [line(`U1#2010101#${economic}#`, 1000 * YUAN, [cum])]);
  it('is RED above the budget, not at it', () => {
    expect(severities(d(1000 * YUAN + 1, 11), setting('THREE_PUBLIC_OVERRUN'))).toEqual(['LINE:U1#2010101#30217#:RED', 'UNIT:U1:RED']);
    expect(run(d(1000 * YUAN, 11), setting('THREE_PUBLIC_OVERRUN'))).toEqual([]);
  });
  it('is YELLOW at a rate of exactly 0.9 before October, not one fen below, not in October', () => {
    expect(severities(d(900 * YUAN, 9), setting('THREE_PUBLIC_OVERRUN'))).toEqual(['LINE:U1#2010101#30217#:YELLOW', 'UNIT:U1:YELLOW']);
    expect(run(d(900 * YUAN - 1, 9), setting('THREE_PUBLIC_OVERRUN'))).toEqual([]);
    expect(run(d(900 * YUAN, 10), setting('THREE_PUBLIC_OVERRUN'))).toEqual([]);
  });
  it('ignores lines that are not 三公', () => {
    expect(run(d(2000 * YUAN, 9, '30201'), setting('THREE_PUBLIC_OVERRUN'))).toEqual([]);
  });
});

describe('LARGE_PAYMENT', () => {
  const l = line('U1#2050201#30201#', 10_000_000 * YUAN, [5_000_000 * YUAN]);
  const pay = (n: string, amount: number) => ({ paymentNumber: n, date: '2026-03-14', amount, lineKey: l.lineKey });
  it('raises a payment of exactly the threshold, not one fen below', () => {
    const d = data(10, [l], [pay('P1', 500_000 * YUAN), pay('P2', 500_000 * YUAN - 1)]);
    expect(severities(d, setting('LARGE_PAYMENT'))).toEqual(['PAYMENT:P1:ORANGE']);
    expect(run(d, setting('LARGE_PAYMENT'))[0]!.explanation).toBe('2026-03-14，单位U1“普通小学/办公费”指标支付一笔50.00万元（支付单号P1），达到大额支付标准50.00万元。');
  });
  it('follows a changed threshold', () => {
    const d = data(10, [l], [pay('P2', 500_000 * YUAN - 1)]);
    expect(severities(d, setting('LARGE_PAYMENT', { threshold: '400000.00' }))).toEqual(['PAYMENT:P2:ORANGE']);
  });
});

describe('YEAR_END_RUSH', () => {
  // 11 months of 70 and December 30 → December is exactly 30% of 1,000... use a year of 1,000 yuan.
  const d = (december: number, rest = 1000 * YUAN - december) => data(12, [line('U1#2050201#30201#', 2000 * YUAN, [rest, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, december])]);
  it('is YELLOW at exactly 30 %, RED at exactly 50 %, clean one fen below 30 %', () => {
    expect(severities(d(300 * YUAN), setting('YEAR_END_RUSH'))).toEqual(['LINE:U1#2050201#30201#:YELLOW']);
    expect(severities(d(500 * YUAN), setting('YEAR_END_RUSH'))).toEqual(['LINE:U1#2050201#30201#:RED']);
    expect(run(d(300 * YUAN - 1, 700 * YUAN), setting('YEAR_END_RUSH'))).toEqual([]);
  });
  it('waits for December', () => {
    expect(run(data(11, [line('U1#2050201#30201#', 2000 * YUAN, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100 * YUAN])]), setting('YEAR_END_RUSH'))).toEqual([]);
  });
});

describe('IDLE_LINE', () => {
  const spend = (months: number) => Array.from({ length: months }, () => 10 * YUAN);
  it('raises exactly N months without spending, not N − 1', () => {
    expect(severities(data(10, [line('U1#2050201#30201#', 1000 * YUAN, spend(7))]), setting('IDLE_LINE'))).toEqual(['LINE:U1#2050201#30201#:YELLOW']);
    expect(run(data(10, [line('U1#2050201#30201#', 1000 * YUAN, spend(8))]), setting('IDLE_LINE'))).toEqual([]);
  });
  it('counts a line that never spent, and ignores a line without a budget', () => {
    const alerts = run(data(4, [line('U1#2050201#30201#', 1000 * YUAN, []), line('U1#2050201#30202#', 0, [])]), setting('IDLE_LINE'));
    expect(alerts.map((a) => a.subjectKey)).toEqual(['U1#2050201#30201#']);
    expect(alerts[0]!.explanation).toBe('截至4月，单位U1“普通小学/办公费”指标调整后预算0.10万元，已连续4个月（1月至4月）没有支出，累计支出0.00万元。');
  });
});

describe('every rule', () => {
  it('raises nothing on clean data, and nothing when switched off', () => {
    const clean = data(10, [line('U1#2050201#30201#', 1_200_000 * YUAN, Array.from({ length: 10 }, () => 100_000 * YUAN))]);
    const all = (['LOW_EXECUTION', 'OVERSPENT', 'THREE_PUBLIC_OVERRUN', 'LARGE_PAYMENT', 'YEAR_END_RUSH', 'IDLE_LINE'] as const).map((r) => setting(r));
    expect(evaluateRules(clean, all)).toEqual([]);
    const planted = data(10, [line('U1#2050201#30201#', 1_200_000 * YUAN, [0])]);
    expect(evaluateRules(planted, all).length).toBeGreaterThan(0);
    expect(evaluateRules(planted, all.map((s) => ({ ...s, enabled: false })))).toEqual([]);
  });

  it('is deterministic: the same data and versions give the same alerts byte for byte', () => {
    const lines = [line('U2#2050201#30217#', 1000 * YUAN, [1200 * YUAN]), line('U1#2050201#30201#', 1_200_000 * YUAN, [0])];
    const all = (['IDLE_LINE', 'LOW_EXECUTION', 'OVERSPENT', 'THREE_PUBLIC_OVERRUN'] as const).map((r) => setting(r));
    const first = JSON.stringify(evaluateRules(data(10, lines), all));
    expect(JSON.stringify(evaluateRules(data(10, [...lines].reverse()), [...all].reverse()))).toBe(first);
  });
});
