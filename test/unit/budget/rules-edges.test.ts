/**
 * The warning rules' exact arithmetic, parameter checks and explanations at their edges: rounding
 * half up in both signs, medians of odd and even counts, each parameter kind exactly at its bounds,
 * and each sentence built from the evidence alone.
 */
import type { AlertEvidence } from '../../../functions/src/budget/alerts/records';
import { compare, median, parseDecimal, percent1, ratio, toDecimal, wanYuan } from '../../../functions/src/budget/rules/exact';
import { explain, figureOf } from '../../../functions/src/budget/rules/explain';
import { RULE_PARAMETERS, checkParameter, crossCheck, defaultParameters, type ParameterSpec } from '../../../functions/src/budget/rules/parameters';

describe('exact ratios', () => {
  test('a negative denominator moves its sign to the numerator; zero is refused', () => {
    expect(ratio(1, -4)).toEqual({ n: -1n, d: 4n });
    expect(ratio(-1, -4)).toEqual({ n: 1n, d: 4n });
    expect(ratio(3n, 4n)).toEqual({ n: 3n, d: 4n });
    expect(() => ratio(1, 0)).toThrow(new RangeError('ratio: zero denominator'));
  });

  test('compare by cross-multiplication', () => {
    expect(compare(ratio(1, 3), ratio(2, 6))).toBe(0);
    expect(compare(ratio(1, 3), ratio(1, 2))).toBe(-1);
    expect(compare(ratio(2, 3), ratio(1, 2))).toBe(1);
    expect(compare(ratio(-1, 2), ratio(0, 1))).toBe(-1);
  });

  test('medians of none, one, an odd and an even count (the mean of the middle two)', () => {
    expect(median([])).toBeNull();
    expect(median([ratio(1, 2)])).toEqual(ratio(1, 2));
    expect(toDecimal(median([ratio(3, 1), ratio(1, 1), ratio(2, 1)])!, 0)).toBe('2');
    expect(toDecimal(median([ratio(4, 1), ratio(1, 1), ratio(2, 1), ratio(3, 1)])!, 1)).toBe('2.5');
    expect(compare(median([ratio(1, 3), ratio(1, 2)])!, ratio(5, 12))).toBe(0);
  });

  test('decimals rounded half up, away from zero, padded', () => {
    expect(toDecimal(ratio(1, 3), 4)).toBe('0.3333');
    expect(toDecimal(ratio(2, 3), 4)).toBe('0.6667');
    expect(toDecimal(ratio(1, 8), 2)).toBe('0.13');
    expect(toDecimal(ratio(-1, 8), 2)).toBe('-0.13');
    expect(toDecimal(ratio(1, 200), 2)).toBe('0.01');
    expect(toDecimal(ratio(-1, 200), 2)).toBe('-0.01');
    expect(toDecimal(ratio(1, 201), 2)).toBe('0.00');
    expect(toDecimal(ratio(5, 2), 0)).toBe('3');
    expect(toDecimal(ratio(-5, 2), 0)).toBe('-3');
    expect(toDecimal(ratio(12345, 1), 2)).toBe('12345.00');
    expect(toDecimal({ n: 1n, d: -8n }, 2)).toBe('-0.13');
  });

  test('decimal text to a ratio', () => {
    expect(parseDecimal('0.8')).toEqual({ n: 8n, d: 10n });
    expect(parseDecimal('20')).toEqual({ n: 20n, d: 1n });
    expect(parseDecimal('-1.25')).toEqual({ n: -125n, d: 100n });
    for (const bad of ['', '.5', '1.', '1e3', '+1', ' 1', '1,0']) expect(() => parseDecimal(bad)).toThrow(`not a decimal: ${bad}`);
  });

  test('万元 with separators, and percentages with one decimal', () => {
    expect(wanYuan(1234560000)).toBe('1,234.56');
    expect(wanYuan(12345600000)).toBe('12,345.60');
    expect(wanYuan(123456789012345n)).toBe('123,456,789.01');
    expect(wanYuan(-1234560000)).toBe('-1,234.56');
    expect(wanYuan(5000)).toBe('0.01');
    expect(wanYuan(4999)).toBe('0.00');
    expect(wanYuan(99999999)).toBe('100.00');
    expect(wanYuan(100000000)).toBe('100.00');
    expect(wanYuan(1000000000)).toBe('1,000.00');
    expect(percent1(ratio(1, 3))).toBe('33.3');
    expect(percent1(ratio(2, 3))).toBe('66.7');
    expect(percent1(ratio(3, 2))).toBe('150.0');
  });
});

describe('rule parameters', () => {
  const spec = (kind: ParameterSpec['kind']): ParameterSpec => ({ name: 'p', kind, defaultValue: '', description: '' });
  const ok = (kind: ParameterSpec['kind'], raw: string): string => {
    const result = checkParameter(spec(kind), raw);
    if ('error' in result) throw new Error(result.error);
    return result.value;
  };
  const error = (kind: ParameterSpec['kind'], raw: string): string | null => {
    const result = checkParameter(spec(kind), raw);
    return 'error' in result ? result.error : null;
  };

  test('MONEY: yuan above zero, written back with two decimals', () => {
    expect(ok('MONEY', ' 500000 ')).toBe('500000.00');
    expect(ok('MONEY', '0.01')).toBe('0.01');
    expect(error('MONEY', '0')).toBe('p must be an amount in yuan above 0 (at most two decimals)');
    expect(error('MONEY', '-1')).not.toBeNull();
    expect(error('MONEY', 'x')).not.toBeNull();
  });

  test('RATIO: above 0, at most 10, at most four decimals, canonical text', () => {
    expect(ok('RATIO', '0.80')).toBe('0.8');
    expect(ok('RATIO', '10')).toBe('10');
    expect(ok('RATIO', '0.0001')).toBe('0.0001');
    expect(ok('RATIO', '05.5000')).toBe('5.5');
    expect(ok('RATIO', '1.0')).toBe('1');
    expect(error('RATIO', '0')).toBe('p must be a decimal above 0 and at most 10 (at most four decimals)');
    expect(error('RATIO', '10.0001')).not.toBeNull();
    expect(error('RATIO', '0.00001')).not.toBeNull();
    expect(error('RATIO', '100')).not.toBeNull();
    expect(error('RATIO', '.5')).not.toBeNull();
  });

  test('POINTS: above 0, at most 100, at most two decimals', () => {
    expect(ok('POINTS', '20')).toBe('20');
    expect(ok('POINTS', '100')).toBe('100');
    expect(ok('POINTS', '0.01')).toBe('0.01');
    expect(ok('POINTS', '12.50')).toBe('12.5');
    expect(error('POINTS', '0')).toBe('p must be percentage points above 0 and at most 100 (at most two decimals)');
    expect(error('POINTS', '100.01')).not.toBeNull();
    expect(error('POINTS', '1000')).not.toBeNull();
    expect(error('POINTS', '1.001')).not.toBeNull();
  });

  test('MONTHS: whole months 1 to 12', () => {
    expect(ok('MONTHS', '1')).toBe('1');
    expect(ok('MONTHS', '12')).toBe('12');
    expect(ok('MONTHS', '03')).toBe('3');
    expect(error('MONTHS', '0')).toBe('p must be a whole number of months from 1 to 12');
    expect(error('MONTHS', '13')).not.toBeNull();
    expect(error('MONTHS', '1.5')).not.toBeNull();
    expect(error('MONTHS', '123')).not.toBeNull();
  });

  test('a RED line may equal but not be milder than the YELLOW one', () => {
    expect(crossCheck('LOW_EXECUTION', { yellowPace: '0.8', redPace: '0.8' })).toBeNull();
    expect(crossCheck('LOW_EXECUTION', { yellowPace: '0.8', redPace: '0.81' })).toEqual(['redPace', 'redPace must not be above yellowPace']);
    expect(crossCheck('YEAR_END_RUSH', { yellowShare: '0.3', redShare: '0.3' })).toBeNull();
    expect(crossCheck('YEAR_END_RUSH', { yellowShare: '0.3', redShare: '0.29' })).toEqual(['redShare', 'redShare must not be below yellowShare']);
    expect(crossCheck('IDLE_LINE', { months: '11' })).toBeNull();
    expect(crossCheck('IDLE_LINE', { months: '12' })).toEqual(['months', 'months must be from 1 to 11']);
    expect(crossCheck('OVERSPENT', {})).toBeNull();
  });

  test('every default passes its own check, and the defaults are the issue\'s table', () => {
    for (const specs of Object.values(RULE_PARAMETERS)) {
      for (const p of specs) expect(checkParameter(p, p.defaultValue)).toEqual({ value: p.defaultValue });
    }
    expect(defaultParameters('LOW_EXECUTION')).toEqual({ minAdjusted: '100000.00', yellowPace: '0.8', redPace: '0.6', redGapPoints: '20' });
    expect(defaultParameters('THREE_PUBLIC_OVERRUN')).toEqual({ yellowRate: '0.9', yellowBeforeMonth: '10' });
    expect(defaultParameters('LARGE_PAYMENT')).toEqual({ threshold: '500000.00' });
    expect(defaultParameters('YEAR_END_RUSH')).toEqual({ yellowShare: '0.3', redShare: '0.5' });
    expect(defaultParameters('IDLE_LINE')).toEqual({ months: '3' });
    expect(defaultParameters('OVERSPENT')).toEqual({});
  });
});

describe('explanations from the evidence alone', () => {
  const evidence = (figures: Record<string, string>, parameters: Record<string, string> = {}): AlertEvidence => ({
    ruleVersion: 1,
    figures: Object.entries(figures).map(([name, value]) => ({ name, value })),
    parameters: Object.entries(parameters).map(([name, value]) => ({ name, value })),
  });

  test('figures are found among the figures, then the parameters; a missing one is an error', () => {
    const e = evidence({ subject: '县教育局', threshold: '1.00' }, { threshold: '2.00', months: '3' });
    expect(figureOf(e, 'threshold')).toBe('1.00');
    expect(figureOf(e, 'months')).toBe('3');
    expect(() => figureOf(e, 'nothing')).toThrow('evidence has no figure nothing');
    expect(() => explain('LARGE_PAYMENT', evidence({ subject: 'x', date: '2026-03-14', amount: 'lots', paymentNumber: '1', threshold: '1.00' }))).toThrow(
      'figure amount is not money',
    );
  });

  test('LOW_EXECUTION with months remaining, and in December without them', () => {
    const figures = {
      subject: '县教育局', month: '6', adjusted: '1000000.00', executed: '200000.00', peerGroup: '教育', peerCount: '5',
      peerMedianRate: '0.45', remainingMonths: '6', monthlyNeeded: '133333.33',
    };
    expect(explain('LOW_EXECUTION', evidence(figures))).toBe(
      '截至6月，县教育局调整后预算100.00万元，已支出20.00万元，执行率20.0%，序时进度50.0%，落后30.0个百分点；' +
        '本地同类单位（教育类，5个）执行率中位数45.0%；剩余6个月需月均支出13.33万元才能全年执行完毕。',
    );
    expect(explain('LOW_EXECUTION', evidence({ ...figures, month: '12', remainingMonths: '0' }))).toBe(
      '截至12月，县教育局调整后预算100.00万元，已支出20.00万元，执行率20.0%，序时进度100.0%，落后80.0个百分点；' +
        '本地同类单位（教育类，5个）执行率中位数45.0%。',
    );
  });

  test('OVERSPENT names the overrun, and its rate only when there was a budget', () => {
    expect(explain('OVERSPENT', evidence({ subject: '县卫健委', month: '9', adjusted: '100000.00', executed: '125000.00' }))).toBe(
      '截至9月，县卫健委调整后预算10.00万元，已支出12.50万元，超出预算2.50万元，执行率125.0%。',
    );
    expect(explain('OVERSPENT', evidence({ subject: '县卫健委', month: '9', adjusted: '0.00', executed: '10000.00' }))).toBe(
      '截至9月，县卫健委调整后预算0.00万元，已支出1.00万元，超出预算1.00万元。',
    );
  });

  test('THREE_PUBLIC_OVERRUN at the YELLOW line, not overspent', () => {
    expect(
      explain('THREE_PUBLIC_OVERRUN', evidence({ subject: '公务接待费', month: '7', adjusted: '100000.00', executed: '100000.00' }, { yellowBeforeMonth: '10', yellowRate: '0.9' })),
    ).toBe('截至7月，公务接待费调整后预算10.00万元，已支出10.00万元，执行率100.0%，在10月前已达到90.0%的预警线。');
  });

  test('LARGE_PAYMENT, YEAR_END_RUSH and IDLE_LINE', () => {
    expect(
      explain('LARGE_PAYMENT', evidence({ subject: '县交通局', date: '2026-03-14', amount: '600000.00', paymentNumber: 'P1', threshold: '500000.00' })),
    ).toBe('2026-03-14，县交通局支付一笔60.00万元（支付单号P1），达到大额支付标准50.00万元。');
    expect(explain('YEAR_END_RUSH', evidence({ subject: '县农业局', year: '2026', yearTotal: '1000000.00', december: '400000.00', threshold: '0.3' }))).toBe(
      '2026年县农业局全年支出100.00万元，其中12月支出40.00万元，占全年的40.0%，达到30.0%的预警线。',
    );
    expect(explain('IDLE_LINE', evidence({ subject: '某专项', month: '8', idleMonths: '3', adjusted: '50000.00', executed: '0.00' }))).toBe(
      '截至8月，某专项调整后预算5.00万元，已连续3个月（6月至8月）没有支出，累计支出0.00万元。',
    );
  });
});
