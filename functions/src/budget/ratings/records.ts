import type { RatingResult } from './result';

/**
 * A rating session on a report (`subject` ALL) or one unit's rectification (`U<unit>`), in the
 * report's partition. Votes move the counters; no item ever holds a voter's choice.
 */
export interface RatingSessionRecord {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'RatingSession';
  readonly tenantId: string;
  readonly reportId: string;
  readonly year: number;
  readonly unitCode: string | null;
  readonly unitName: string | null;
  readonly round: number;
  readonly membersPresent: number;
  readonly status: 'OPEN' | 'CLOSED';
  readonly satisfied: number;
  readonly basicallySatisfied: number;
  readonly dissatisfied: number;
  readonly abstain: number;
  readonly votesCast: number;
  readonly result: RatingResult | null;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly closedAt: string | null;
  readonly revision: number;
}
