/**
 * The rule of a satisfaction rating (满意度测评), pure. With n members present:
 * - SATISFIED (满意) when 满意 votes are more than half of n;
 * - else BASICALLY_SATISFIED (基本满意) when 满意 + 基本满意 votes are more than half of n;
 * - else DISSATISFIED (不满意).
 * "More than half" is strict: exactly half is not enough. Abstentions and members who did not vote
 * count in n but for no choice. The 满意率 is (满意 + 基本满意) ÷ n.
 */
export type RatingChoice = 'SATISFIED' | 'BASICALLY_SATISFIED' | 'DISSATISFIED' | 'ABSTAIN';
export type RatingResult = 'SATISFIED' | 'BASICALLY_SATISFIED' | 'DISSATISFIED';

export const RATING_CHOICES: readonly RatingChoice[] = ['SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED', 'ABSTAIN'];

export interface RatingTally {
  readonly satisfied: number;
  readonly basicallySatisfied: number;
  readonly dissatisfied: number;
  readonly abstain: number;
}

/** More than half of n, in integers: 2·votes > n (no rounding of n / 2). */
const moreThanHalf = (votes: number, membersPresent: number) => 2 * votes > membersPresent;

export function ratingResult(tally: RatingTally, membersPresent: number): RatingResult {
  if (moreThanHalf(tally.satisfied, membersPresent)) return 'SATISFIED';
  if (moreThanHalf(tally.satisfied + tally.basicallySatisfied, membersPresent)) return 'BASICALLY_SATISFIED';
  return 'DISSATISFIED';
}

/** 满意率: (满意 + 基本满意) ÷ members present; 0 when nobody is present. */
export function satisfactionRate(tally: RatingTally, membersPresent: number): number {
  return membersPresent > 0 ? (tally.satisfied + tally.basicallySatisfied) / membersPresent : 0;
}

/** The counter a choice moves on the session item. */
export function counterOf(choice: RatingChoice): keyof RatingTally {
  return ({ SATISFIED: 'satisfied', BASICALLY_SATISFIED: 'basicallySatisfied', DISSATISFIED: 'dissatisfied', ABSTAIN: 'abstain' } as const)[choice];
}
