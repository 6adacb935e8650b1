import { formatFen, sumFen } from '../money';
import type { AuditFiguresRecord, AuditFindingRecord, FindingCounters, FindingStatus, RectificationOutcome, StoredFindingStatus } from './records';

/**
 * Pure rules of findings: what a finding adds to the figures kept on write, how those figures
 * move when it changes, and its status as shown (OVERDUE is derived, never stored).
 */

/** What one finding contributes to the figures of its report and unit. */
export function contributionOf(f: Pick<AuditFindingRecord, 'amountFen' | 'status' | 'rectifications'>): FindingCounters {
  return {
    findingCount: 1,
    rectifiedCount: f.status === 'RECTIFIED' ? 1 : 0,
    amountFen: f.amountFen,
    rectifiedFen: sumFen(f.rectifications.map((r) => r.amountRecoveredFen)),
  };
}

const NONE: FindingCounters = { findingCount: 0, rectifiedCount: 0, amountFen: 0, rectifiedFen: 0 };

/** after − before, per counter (a finding that did not exist, or no longer counts here, is null). */
export function counterDelta(before: FindingCounters | null, after: FindingCounters | null): FindingCounters {
  const b = before ?? NONE;
  const a = after ?? NONE;
  return {
    findingCount: a.findingCount - b.findingCount,
    rectifiedCount: a.rectifiedCount - b.rectifiedCount,
    amountFen: a.amountFen - b.amountFen,
    rectifiedFen: a.rectifiedFen - b.rectifiedFen,
  };
}

/**
 * The deltas per unit when a finding changes (or is created: before null). A finding moved to
 * another unit leaves the first unit's figures and joins the second's.
 */
export function unitDeltas(
  before: Pick<AuditFindingRecord, 'unitCode' | 'amountFen' | 'status' | 'rectifications'> | null,
  after: Pick<AuditFindingRecord, 'unitCode' | 'amountFen' | 'status' | 'rectifications'>,
): Map<string, FindingCounters> {
  const deltas = new Map<string, FindingCounters>();
  if (before && before.unitCode !== after.unitCode) {
    deltas.set(before.unitCode, counterDelta(contributionOf(before), null));
    deltas.set(after.unitCode, counterDelta(null, contributionOf(after)));
  } else {
    deltas.set(after.unitCode, counterDelta(before && contributionOf(before), contributionOf(after)));
  }
  return deltas;
}

export const isZeroDelta = (d: FindingCounters) => d.findingCount === 0 && d.rectifiedCount === 0 && d.amountFen === 0 && d.rectifiedFen === 0;

/** The status a rectification report leaves the finding in. */
export function statusAfter(outcome: RectificationOutcome): StoredFindingStatus {
  return outcome;
}

/**
 * The status as shown: a finding neither rectified nor declared continuing is OVERDUE once its
 * due date has passed; `today` is the date in Asia/Shanghai (YYYY-MM-DD), so the day it is due is
 * not overdue yet.
 */
export function shownStatus(f: Pick<AuditFindingRecord, 'status' | 'dueOn'>, today: string): FindingStatus {
  if ((f.status === 'NOT_STARTED' || f.status === 'IN_PROGRESS') && f.dueOn < today) return 'OVERDUE';
  return f.status;
}

/** Today's date in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Figures as the API shows them; 整改率 = rectified findings ÷ findings. */
export function figuresView(r: AuditFiguresRecord | null) {
  const findingCount = r?.findingCount ?? 0;
  const rectifiedCount = r?.rectifiedCount ?? 0;
  return {
    findingCount,
    rectifiedCount,
    amountInvolved: formatFen(r?.amountFen ?? 0),
    amountRectified: formatFen(r?.rectifiedFen ?? 0),
    rectificationRate: findingCount > 0 ? rectifiedCount / findingCount : null,
  };
}
