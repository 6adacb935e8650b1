import { contributionOf, figuresView, shanghaiToday, shownStatus, unitDeltas } from '../../../functions/src/budget/findings/figures';
import type { RectificationRecord } from '../../../functions/src/budget/findings/records';

const step = (fen: number): RectificationRecord => ({ action: 'x', amountRecoveredFen: fen, reportedOn: '2026-05-01', reportedAt: '2026-05-01T00:00:00Z', reportedBy: 'u', outcome: 'IN_PROGRESS' });

describe('finding figures and status', () => {
  test('OVERDUE only after the due day, and never once rectified or continuing', () => {
    expect(shownStatus({ status: 'NOT_STARTED', dueOn: '2026-06-30' }, '2026-06-30')).toBe('NOT_STARTED');
    expect(shownStatus({ status: 'NOT_STARTED', dueOn: '2026-06-30' }, '2026-07-01')).toBe('OVERDUE');
    expect(shownStatus({ status: 'IN_PROGRESS', dueOn: '2026-06-30' }, '2026-07-01')).toBe('OVERDUE');
    expect(shownStatus({ status: 'RECTIFIED', dueOn: '2026-06-30' }, '2026-07-01')).toBe('RECTIFIED');
    expect(shownStatus({ status: 'CONTINUING', dueOn: '2026-06-30' }, '2026-07-01')).toBe('CONTINUING');
  });

  test('today is counted in Asia/Shanghai: 16:00 UTC is already the next day', () => {
    expect(shanghaiToday(Date.parse('2026-06-30T15:59:59Z'))).toBe('2026-06-30');
    expect(shanghaiToday(Date.parse('2026-06-30T16:00:00Z'))).toBe('2026-07-01');
  });

  test('a finding contributes its count, amount, rectified amount and rectified count', () => {
    expect(contributionOf({ amountFen: 1000, status: 'RECTIFIED', rectifications: [step(300), step(200)] })).toEqual({ findingCount: 1, rectifiedCount: 1, amountFen: 1000, rectifiedFen: 500 });
  });

  test('moving a finding to another unit takes its figures along', () => {
    const before = { unitCode: 'A', amountFen: 1000, status: 'IN_PROGRESS' as const, rectifications: [step(100)] };
    const deltas = unitDeltas(before, { ...before, unitCode: 'B' });
    expect(deltas.get('A')).toEqual({ findingCount: -1, rectifiedCount: 0, amountFen: -1000, rectifiedFen: -100 });
    expect(deltas.get('B')).toEqual({ findingCount: 1, rectifiedCount: 0, amountFen: 1000, rectifiedFen: 100 });
  });

  test('整改率 is rectified ÷ findings, null with no finding; money as Decimal', () => {
    expect(figuresView({ findingCount: 4, rectifiedCount: 1, amountFen: 123456, rectifiedFen: 5 })).toEqual({
      findingCount: 4,
      rectifiedCount: 1,
      amountInvolved: '1234.56',
      amountRectified: '0.05',
      rectificationRate: 0.25,
    });
    expect(figuresView(null).rectificationRate).toBeNull();
  });
});
