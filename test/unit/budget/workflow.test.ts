import { ALERT_STATUSES, type AlertStatus } from '../../../functions/src/budget/alerts/records';
import {
  ALERT_MOVES,
  moveBetween,
  nextStatus,
  overdueDays,
  reachableFrom,
  shanghaiDate,
  type AlertMove,
} from '../../../functions/src/budget/inquiries/workflow';

/** The workflow as the issue states it, written out independently of the table under test. */
const ALLOWED: ReadonlyArray<[AlertStatus, AlertMove, AlertStatus]> = [
  ['OPEN', 'DISMISS', 'DISMISSED'],
  ['OPEN', 'SEND_INQUIRY', 'INQUIRY_SENT'],
  ['INQUIRY_SENT', 'ANSWER', 'ANSWERED'],
  ['INQUIRY_SENT', 'SEND_INQUIRY', 'INQUIRY_SENT'],
  ['ANSWERED', 'CLOSE', 'CLOSED'],
  ['ANSWERED', 'RETURN_ANSWER', 'INQUIRY_SENT'],
];

describe('alert workflow table', () => {
  const cases = ALERT_STATUSES.flatMap((from) => ALERT_MOVES.map((move) => [from, move] as const));

  test.each(cases)('%s by %s', (from, move) => {
    const expected = ALLOWED.find(([f, m]) => f === from && m === move)?.[2] ?? null;
    expect(nextStatus(from, move)).toBe(expected);
  });

  test.each(ALERT_STATUSES.flatMap((from) => ALERT_STATUSES.map((to) => [from, to] as const)))('from %s to %s', (from, to) => {
    const allowed = ALLOWED.filter(([f, , t]) => f === from && t === to);
    const move = moveBetween(from, to);
    if (allowed.length === 0) expect(move).toBeNull();
    else expect(allowed.map(([, m]) => m)).toContain(move);
  });

  test('no person moves an alert to CLEARED, and nothing leaves DISMISSED, CLOSED or CLEARED', () => {
    for (const from of ALERT_STATUSES) expect(reachableFrom(from)).not.toContain('CLEARED');
    for (const end of ['DISMISSED', 'CLOSED', 'CLEARED'] as const) expect(reachableFrom(end)).toEqual([]);
  });
});

describe('overdue days (Asia/Shanghai dates)', () => {
  test('counts whole days past the due date while the answer is awaited', () => {
    expect(overdueDays('SENT', '2026-11-20', '2026-11-20')).toBe(0);
    expect(overdueDays('SENT', '2026-11-20', '2026-11-21')).toBe(1);
    expect(overdueDays('RETURNED', '2026-02-27', '2026-03-02')).toBe(3);
    expect(overdueDays('SENT', '2026-11-20', '2026-11-01')).toBe(0);
  });

  test('an answered or closed inquiry is not overdue', () => {
    expect(overdueDays('ANSWERED', '2026-01-01', '2026-11-30')).toBe(0);
    expect(overdueDays('CLOSED', '2026-01-01', '2026-11-30')).toBe(0);
  });

  test('the date turns at midnight in Shanghai, 16:00 UTC', () => {
    expect(shanghaiDate(Date.parse('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(shanghaiDate(Date.parse('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
  });
});
