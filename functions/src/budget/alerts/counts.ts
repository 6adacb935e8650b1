import { addDelta } from '../../data/counters';
import type { AlertRecord } from './records';

/**
 * Alert figures kept on write. Every write of an alert (raised, updated, cleared, a workflow move)
 * adds to the year's counts item the difference between the new state's contribution and the old
 * one's, in the same transaction, so the counts stay exact under concurrent writers.
 */
type Counted = Pick<AlertRecord, 'rule' | 'severity' | 'status'>;

function contribute(deltas: Record<string, number>, alert: Counted, sign: 1 | -1): void {
  addDelta(deltas, 'total', sign);
  addDelta(deltas, `rule:${alert.rule}`, sign);
  addDelta(deltas, `severity:${alert.severity}`, sign);
  addDelta(deltas, `status:${alert.status}`, sign);
  addDelta(deltas, `rule:${alert.rule}|status:${alert.status}`, sign);
  addDelta(deltas, `severity:${alert.severity}|status:${alert.status}`, sign);
}

/** The counter deltas of changing an alert from `before` (null: new) to `after`. */
export function alertCountDeltas(before: Counted | null, after: Counted | null, into: Record<string, number> = {}): Record<string, number> {
  if (before) contribute(into, before, -1);
  if (after) contribute(into, after, 1);
  for (const [name, delta] of Object.entries(into)) if (delta === 0) delete into[name];
  return into;
}
