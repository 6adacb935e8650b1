/**
 * What each warning rule records as its evidence (预警依据): every figure, the parameters in force
 * (the defaults where a version leaves one out), the subject and the period, and the guards that
 * keep a rule away from subjects it cannot judge (no budget, no spending, too early in the year).
 */
import { evaluateRules, lineLabel } from '../../../functions/src/budget/rules/evaluate';
import { defaultParameters } from '../../../functions/src/budget/rules/parameters';
import type { RuleData, RuleLine, RuleSetting } from '../../../functions/src/budget/rules/types';
import type { AlertRule } from '../../../functions/src/budget/alerts/records';
import { ruleLine } from './rule-lines';

const YUAN = 100;

function line(key: string, adjusted: number, cumulativeAtMonth: Record<number, number>, extra: Partial<RuleLine> = {}): RuleLine {
  // Cumulative spending: each given month's figure carried forward to the months after it.
  const cumulative: number[] = [];
  for (let m = 1; m <= 12; m++) cumulative.push(cumulativeAtMonth[m] ?? cumulative[m - 2] ?? 0);
  return ruleLine(key, adjusted, cumulative, extra);
}

const data = (month: number, lines: RuleLine[], payments: RuleData['payments'] = []): RuleData => ({ year: 2026, month, lines, payments });
const setting = (rule: AlertRule, parameters: Record<string, string> = defaultParameters(rule), version = 7): RuleSetting => ({ rule, enabled: true, version, parameters });
const figures = (alert: { evidence: { figures: readonly { name: string; value: string }[] } }) =>
  Object.fromEntries(alert.evidence.figures.map((f) => [f.name, f.value]));
const parametersAsShown = (rule: AlertRule, changes: Record<string, string> = {}) =>
  Object.entries({ ...defaultParameters(rule), ...changes }).map(([name, value]) => ({ name, value }));

describe('lineLabel', () => {
  it('uses the names, falls back to the codes, and adds the project when there is one', () => {
    const l = line('U1#2050201#30201#P1', 1, {});
    expect(lineLabel(l)).toBe('单位U1“普通小学/办公费”指标');
    expect(lineLabel({ ...l, functionName: '', economicName: '' })).toBe('单位U1“2050201/30201”指标');
    expect(lineLabel({ ...l, projectName: '校舍维修专项' })).toBe('单位U1“普通小学/办公费/校舍维修专项”指标');
  });
});

describe('LOW_EXECUTION evidence', () => {
  // Month 6 (time progress 0.5). L1 spent 300,000 of 1,200,000 yuan (rate 0.25, pace 0.5: RED);
  // L2 450,000 of 1,000,000 (rate 0.45, pace 0.9: clean). Their 类 205 has the median rate 0.35.
  const lines = [line('U1#2050201#30201#', 1_200_000 * YUAN, { 6: 300_000 * YUAN }), line('U2#2050202#30201#', 1_000_000 * YUAN, { 6: 450_000 * YUAN })];

  it('records every figure of a line, the subject, the period and the parameters of the version', () => {
    const alerts = evaluateRules(data(6, lines), [setting('LOW_EXECUTION')]);
    expect(alerts.map((a) => `${a.subjectKind}:${a.subjectKey}:${a.severity}`)).toEqual(['LINE:U1#2050201#30201#:RED', 'UNIT:U1:RED']);
    const [lineAlert] = alerts;
    expect(lineAlert).toMatchObject({ rule: 'LOW_EXECUTION', unitCode: 'U1', unitName: '单位U1', period: '2026-06' });
    expect(lineAlert!.evidence.ruleVersion).toBe(7);
    expect(lineAlert!.evidence.parameters).toEqual(parametersAsShown('LOW_EXECUTION'));
    expect(figures(lineAlert!)).toEqual({
      subject: '单位U1“普通小学/办公费”指标',
      month: '6',
      adjusted: '1200000.00',
      executed: '300000.00',
      executionRate: '0.250000',
      timeProgress: '0.500000',
      pace: '0.500000',
      gapPoints: '25.0000',
      peerGroup: '205',
      peerCount: '2',
      peerMedianRate: '0.350000',
      remainingMonths: '6',
      // 900,000 yuan left over 6 months
      monthlyNeeded: '150000.00',
    });
    expect(figures(alerts[1]!)).toMatchObject({ subject: '单位U1', peerGroup: '205', peerCount: '2' });
  });

  it('takes the defaults for parameters a version leaves out, and shows them', () => {
    const alerts = evaluateRules(data(6, lines), [setting('LOW_EXECUTION', { redPace: '0.4' })]);
    // Pace 0.5 is above the red pace 0.4 now, but the gap of 25 points still makes it RED.
    expect(alerts.map((a) => a.severity)).toEqual(['RED', 'RED']);
    expect(alerts[0]!.evidence.parameters).toEqual(parametersAsShown('LOW_EXECUTION', { redPace: '0.4' }));
    const lenient = evaluateRules(data(6, lines), [setting('LOW_EXECUTION', { redPace: '0.4', redGapPoints: '30' })]);
    expect(lenient.map((a) => a.severity)).toEqual(['YELLOW', 'YELLOW']);
    const withoutParameters = evaluateRules(data(6, lines), [setting('LOW_EXECUTION', {})]);
    expect(withoutParameters).toEqual(evaluateRules(data(6, lines), [setting('LOW_EXECUTION')]));
  });

  it('needs nothing more a month once the budget is spent, and nothing after December', () => {
    // A yellow pace of 3 flags even a line that spent 110 % by June; nothing is left to spend.
    const over = evaluateRules(data(6, [line('U1#2050201#30201#', 1_000_000 * YUAN, { 6: 1_100_000 * YUAN })]), [setting('LOW_EXECUTION', { yellowPace: '3' })]);
    expect(over.map((a) => a.severity)).toEqual(['YELLOW', 'YELLOW']);
    expect(figures(over[0]!)).toMatchObject({ remainingMonths: '6', monthlyNeeded: '0.00', gapPoints: '-60.0000' });
    const december = evaluateRules(data(12, [line('U1#2050201#30201#', 1_000_000 * YUAN, { 12: 500_000 * YUAN })]), [setting('LOW_EXECUTION')]);
    expect(figures(december[0]!)).toMatchObject({ remainingMonths: '0', monthlyNeeded: '0.00', timeProgress: '1.000000' });
  });

  it('rounds the monthly spending still needed up to the fen', () => {
    // 1,000,000 yuan − 1 fen left over 6 months: 16,666,666.5 fen a month → 166,666.67 yuan.
    const alerts = evaluateRules(data(6, [line('U1#2050201#30201#', 1_000_000 * YUAN, { 6: 1 })]), [setting('LOW_EXECUTION')]);
    expect(figures(alerts[0]!).monthlyNeeded).toBe('166666.67');
  });

  it('compares a line with the lines of its 类 and a unit with the units of its 主管类', () => {
    const mixed = [
      line('U1#2050201#30201#', 1_000_000 * YUAN, { 6: 100_000 * YUAN }),
      line('U1#2080101#30201#', 1_000_000 * YUAN, { 6: 500_000 * YUAN }),
      line('U2#2080102#30201#', 1_000_000 * YUAN, { 6: 300_000 * YUAN }),
    ];
    const alerts = evaluateRules(data(6, mixed), [setting('LOW_EXECUTION')]);
    const byKey = Object.fromEntries(alerts.map((a) => [`${a.subjectKind}:${a.subjectKey}`, figures(a)]));
    expect(byKey['LINE:U1#2050201#30201#']).toMatchObject({ peerGroup: '205', peerCount: '1', peerMedianRate: '0.100000' });
    expect(byKey['LINE:U2#2080102#30201#']).toMatchObject({ peerGroup: '208', peerCount: '2', peerMedianRate: '0.400000' });
    // U1's budget is split evenly between 205 and 208: the smaller code is its 主管类.
    expect(byKey['UNIT:U1']).toMatchObject({ peerGroup: '205', peerCount: '1', executionRate: '0.300000' });
    expect(byKey['UNIT:U2']).toMatchObject({ peerGroup: '208', peerCount: '1' });
  });

  it('a unit is named after its first line by key, whatever the order of the data, and sums all of its lines', () => {
    const named = [
      line('U1#2080101#30201#', 400_000 * YUAN, {}, { unitName: '乙' }),
      line('U1#2050201#30201#', 400_000 * YUAN, {}, { unitName: '甲' }),
      line('U1#2100101#30201#', 400_000 * YUAN, {}, { unitName: '丙' }),
    ];
    const alerts = evaluateRules(data(6, named), [setting('LOW_EXECUTION')]);
    expect(alerts.map((a) => a.subjectKey)).toEqual(['U1#2050201#30201#', 'U1#2080101#30201#', 'U1#2100101#30201#', 'U1']);
    const unit = alerts.find((a) => a.subjectKind === 'UNIT')!;
    expect(unit.unitName).toBe('甲');
    expect(figures(unit)).toMatchObject({ subject: '甲', adjusted: '1200000.00', executed: '0.00', peerGroup: '205' });
  });

  it('a unit\'s 主管类 is the class with the largest budget, wherever its lines sort', () => {
    const lines = [
      line('U1#2050201#30201#', 200_000 * YUAN, {}),
      line('U1#2080101#30201#', 500_000 * YUAN, {}),
      line('U1#2100101#30201#', 300_000 * YUAN, {}),
    ];
    const unit = evaluateRules(data(6, lines), [setting('LOW_EXECUTION')]).find((a) => a.subjectKind === 'UNIT')!;
    expect(figures(unit).peerGroup).toBe('208');
  });

  it('a gap of points with decimals is compared exactly', () => {
    // Month 6, 450,000 of 1,200,000 yuan: rate 0.375, pace 0.75 (YELLOW), a gap of exactly 12.5 points.
    const lines = [line('U1#2050201#30201#', 1_200_000 * YUAN, { 6: 450_000 * YUAN })];
    const severity = (redGapPoints: string) => evaluateRules(data(6, lines), [setting('LOW_EXECUTION', { redGapPoints })]).map((a) => a.severity);
    expect(severity('12.5')).toEqual(['RED', 'RED']);
    expect(severity('12.51')).toEqual(['YELLOW', 'YELLOW']);
  });

  it('judges no subject without a budget, whatever the minimum', () => {
    const zero = [line('U1#2050201#30201#', 0, {})];
    expect(evaluateRules(data(6, zero), [setting('LOW_EXECUTION', { minAdjusted: '0.01' })])).toEqual([]);
  });
});

describe('OVERSPENT and THREE_PUBLIC_OVERRUN evidence', () => {
  it('records the excess and the rate, with no rate for a line without a budget', () => {
    const lines = [line('U1#2050201#30201#', 1000 * YUAN, { 9: 1250 * YUAN }), line('U2#2050201#30201#', 0, { 9: 10 * YUAN })];
    const alerts = evaluateRules(data(9, lines), [setting('OVERSPENT')]);
    expect(alerts.map((a) => `${a.subjectKind}:${a.subjectKey}`)).toEqual(['LINE:U1#2050201#30201#', 'LINE:U2#2050201#30201#', 'UNIT:U1', 'UNIT:U2']);
    expect(figures(alerts[0]!)).toEqual({
      subject: '单位U1“普通小学/办公费”指标',
      month: '9',
      adjusted: '1000.00',
      executed: '1250.00',
      excess: '250.00',
      executionRate: '1.250000',
    });
    expect(figures(alerts[1]!)).toMatchObject({ adjusted: '0.00', executed: '10.00', excess: '10.00', executionRate: '' });
    expect(alerts[0]!.evidence.parameters).toEqual([]);
  });

  it('THREE_PUBLIC_OVERRUN: a unit\'s 三公 total counts its 三公 lines only, and a 三公 line without a budget is not judged', () => {
    const lines = [
      line('U1#2010101#30217#', 1000 * YUAN, { 5: 950 * YUAN }),
      line('U1#2010101#30201#', 100_000 * YUAN, { 5: 0 }),
      line('U1#2010101#30231#', 0, {}),
    ];
    const alerts = evaluateRules(data(5, lines), [setting('THREE_PUBLIC_OVERRUN')]);
    expect(alerts.map((a) => `${a.subjectKind}:${a.subjectKey}:${a.severity}`)).toEqual(['LINE:U1#2010101#30217#:YELLOW', 'UNIT:U1:YELLOW']);
    expect(figures(alerts[1]!)).toMatchObject({ subject: '单位U1三公经费', adjusted: '1000.00', executed: '950.00', executionRate: '0.950000' });
    expect(alerts[1]!.evidence.parameters).toEqual(parametersAsShown('THREE_PUBLIC_OVERRUN'));
  });

  it('THREE_PUBLIC_OVERRUN follows its parameters', () => {
    const lines = [line('U1#2010101#30217#', 1000 * YUAN, { 10: 800 * YUAN })];
    expect(evaluateRules(data(10, lines), [setting('THREE_PUBLIC_OVERRUN')])).toEqual([]);
    const stricter = evaluateRules(data(10, lines), [setting('THREE_PUBLIC_OVERRUN', { yellowRate: '0.8', yellowBeforeMonth: '11' })]);
    expect(stricter.map((a) => a.severity)).toEqual(['YELLOW', 'YELLOW']);
  });
});

describe('LARGE_PAYMENT, YEAR_END_RUSH and IDLE_LINE evidence', () => {
  it('LARGE_PAYMENT: every figure, in payment number order, and only payments of a known line', () => {
    const l = line('U1#2050201#30201#', 10_000_000 * YUAN, { 3: 2_000_000 * YUAN });
    const pay = (paymentNumber: string, amount: number, lineKey = l.lineKey) => ({ paymentNumber, date: '2026-03-14', amount, lineKey });
    const alerts = evaluateRules(data(3, [l], [pay('P2', 600_000 * YUAN), pay('P1', 700_000 * YUAN), pay('P3', 800_000 * YUAN, 'U9#2050201#30201#')]), [
      setting('LARGE_PAYMENT'),
    ]);
    expect(alerts.map((a) => a.subjectKey)).toEqual(['P1', 'P2']);
    expect(alerts[0]).toMatchObject({ subjectKind: 'PAYMENT', unitCode: 'U1', unitName: '单位U1', severity: 'ORANGE', period: '2026-03' });
    expect(figures(alerts[0]!)).toEqual({ subject: '单位U1“普通小学/办公费”指标', paymentNumber: 'P1', date: '2026-03-14', amount: '700000.00' });
    expect(alerts[0]!.evidence.parameters).toEqual(parametersAsShown('LARGE_PAYMENT'));
  });

  it('nothing is evaluated before the first month is in', () => {
    const l = line('U1#2050201#30201#', 10_000_000 * YUAN, {});
    const payments = [{ paymentNumber: 'P1', date: '2026-01-05', amount: 900_000 * YUAN, lineKey: l.lineKey }];
    expect(evaluateRules(data(0, [l], payments), [setting('LARGE_PAYMENT')])).toEqual([]);
    expect(evaluateRules(data(1, [l], payments), [setting('LARGE_PAYMENT')]).map((a) => a.period)).toEqual(['2026-01']);
  });

  it('YEAR_END_RUSH: every figure, with the threshold of the severity reached', () => {
    const lines = [line('U1#2050201#30201#', 2000 * YUAN, { 11: 600 * YUAN, 12: 1000 * YUAN }), line('U2#2050201#30201#', 2000 * YUAN, { 11: 400 * YUAN, 12: 1000 * YUAN })];
    const alerts = evaluateRules(data(12, lines), [setting('YEAR_END_RUSH')]);
    expect(alerts.map((a) => `${a.subjectKey}:${a.severity}`)).toEqual(['U1#2050201#30201#:YELLOW', 'U2#2050201#30201#:RED']);
    expect(figures(alerts[0]!)).toEqual({ subject: '单位U1“普通小学/办公费”指标', year: '2026', yearTotal: '1000.00', december: '400.00', share: '0.400000', threshold: '0.3000' });
    expect(figures(alerts[1]!)).toMatchObject({ december: '600.00', share: '0.600000', threshold: '0.5000' });
  });

  it('YEAR_END_RUSH: a December figure is not judged before December is in', () => {
    const lines = [line('U1#2050201#30201#', 2000 * YUAN, { 11: 100 * YUAN, 12: 1000 * YUAN })];
    expect(evaluateRules(data(11, lines), [setting('YEAR_END_RUSH')])).toEqual([]);
    expect(evaluateRules(data(12, lines), [setting('YEAR_END_RUSH')]).map((a) => a.severity)).toEqual(['RED']);
  });

  it('YEAR_END_RUSH: a line that spent nothing in December, or nothing at all, is clean', () => {
    const lines = [line('U1#2050201#30201#', 2000 * YUAN, { 11: 600 * YUAN }), line('U2#2050201#30201#', 2000 * YUAN, {})];
    expect(evaluateRules(data(12, lines), [setting('YEAR_END_RUSH', { yellowShare: '0.0001', redShare: '0.0001' })])).toEqual([]);
  });

  it('IDLE_LINE: every figure; idle from the first month counts, as soon as N months are in', () => {
    const alerts = evaluateRules(data(3, [line('U1#2050201#30201#', 1000 * YUAN, {})]), [setting('IDLE_LINE')]);
    expect(alerts.map((a) => a.severity)).toEqual(['YELLOW']);
    expect(figures(alerts[0]!)).toEqual({ subject: '单位U1“普通小学/办公费”指标', month: '3', adjusted: '1000.00', executed: '0.00', idleMonths: '3' });
    expect(evaluateRules(data(2, [line('U1#2050201#30201#', 1000 * YUAN, {})]), [setting('IDLE_LINE')])).toEqual([]);
  });

  it('IDLE_LINE: months without new spending are counted back from now, and stop at the last month with some', () => {
    const l = line('U1#2050201#30201#', 1000 * YUAN, { 2: 100 * YUAN, 5: 300 * YUAN });
    expect(figures(evaluateRules(data(9, [l]), [setting('IDLE_LINE')])[0]!).idleMonths).toBe('4');
    expect(figures(evaluateRules(data(12, [l]), [setting('IDLE_LINE', { months: '7' })])[0]!).idleMonths).toBe('7');
  });
});
