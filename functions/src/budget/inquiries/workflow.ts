import type { AlertStatus } from '../alerts/records';

/**
 * The alert workflow (预警处置), as a pure table: which person's move takes an alert from which
 * status to which. OPEN → DISMISSED (with a reason) | INQUIRY_SENT → ANSWERED → CLOSED, and
 * ANSWERED → INQUIRY_SENT when staff return the answer. A returned inquiry (INQUIRY_SENT again) may
 * also be replaced by a new inquiry. CLEARED is never a person's move: the rule evaluation sets it
 * (alerts/evaluation.ts). Anything not in the table is INVALID_TRANSITION.
 */
export const ALERT_MOVES = ['DISMISS', 'SEND_INQUIRY', 'ANSWER', 'RETURN_ANSWER', 'CLOSE'] as const;
export type AlertMove = (typeof ALERT_MOVES)[number];

/** The moves out of each status and where each leads. */
const TABLE: Readonly<Record<AlertStatus, Partial<Record<AlertMove, AlertStatus>>>> = {
  OPEN: { DISMISS: 'DISMISSED', SEND_INQUIRY: 'INQUIRY_SENT' },
  INQUIRY_SENT: { ANSWER: 'ANSWERED', SEND_INQUIRY: 'INQUIRY_SENT' },
  ANSWERED: { CLOSE: 'CLOSED', RETURN_ANSWER: 'INQUIRY_SENT' },
  DISMISSED: {},
  CLOSED: {},
  CLEARED: {},
};

/** Where `move` takes an alert in `from`, or null when the workflow has no such move. */
export function nextStatus(from: AlertStatus, move: AlertMove): AlertStatus | null {
  return TABLE[from][move] ?? null;
}

/** Every status a person's move may take an alert in `from` to (for tests and documentation). */
export function reachableFrom(from: AlertStatus): AlertStatus[] {
  return [...new Set(Object.values(TABLE[from]))];
}

/** The move that takes `from` to `to`, or null when none does (CLEARED, or a skipped step). */
export function moveBetween(from: AlertStatus, to: AlertStatus): AlertMove | null {
  const found = ALERT_MOVES.find((m) => TABLE[from][m] === to);
  return found ?? null;
}

/** Why staff dismiss an alert (排除原因). */
export const DISMISS_REASONS = ['NORMAL', 'DATA_ISSUE', 'KNOWN_CAUSE'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];
export const DISMISS_REASON_NAMES: Readonly<Record<DismissReason, string>> = {
  NORMAL: '正常',
  DATA_ISSUE: '数据问题',
  KNOWN_CAUSE: '已知原因',
};

/**
 * An inquiry's own status follows its alerts: SENT until the unit answers, ANSWERED, RETURNED
 * (staff sent the answer back; the unit answers again), CLOSED once staff close it.
 */
export const INQUIRY_STATUSES = ['SENT', 'ANSWERED', 'RETURNED', 'CLOSED'] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

/** Statuses in which the unit may (still) answer and add files. */
export const AWAITING_ANSWER: readonly InquiryStatus[] = ['SENT', 'RETURNED'];

/**
 * Days an inquiry is overdue on `today` (both `YYYY-MM-DD`, Asia/Shanghai dates): how many days
 * past `dueOn` while the answer is still awaited; 0 when it is not due yet or not awaited.
 */
export function overdueDays(status: InquiryStatus, dueOn: string, today: string): number {
  if (!AWAITING_ANSWER.includes(status) || today <= dueOn) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000);
}

/** Today's date in Asia/Shanghai (UTC+8, no daylight saving), as YYYY-MM-DD. */
export function shanghaiDate(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}
