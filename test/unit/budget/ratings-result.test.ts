import { ratingResult, satisfactionRate, type RatingTally } from '../../../functions/src/budget/ratings/result';

const tally = (satisfied: number, basicallySatisfied = 0, dissatisfied = 0, abstain = 0): RatingTally => ({ satisfied, basicallySatisfied, dissatisfied, abstain });

describe('the rating rule (满意度测评): more than half of the members present, strictly', () => {
  test('满意 more than half is SATISFIED; exactly half is not', () => {
    expect(ratingResult(tally(11), 21)).toBe('SATISFIED');
    expect(ratingResult(tally(10, 0, 10), 20)).toBe('DISSATISFIED'); // exactly half, nothing else
    expect(ratingResult(tally(10, 1, 9), 20)).toBe('BASICALLY_SATISFIED'); // 满意 half, with 基本满意 over half
    expect(ratingResult(tally(11, 0, 9), 20)).toBe('SATISFIED');
  });

  test('满意 + 基本满意 exactly half is DISSATISFIED; one more is BASICALLY_SATISFIED', () => {
    expect(ratingResult(tally(5, 5, 10), 20)).toBe('DISSATISFIED');
    expect(ratingResult(tally(5, 6, 9), 20)).toBe('BASICALLY_SATISFIED');
  });

  test('odd numbers present: half is not a whole vote', () => {
    expect(ratingResult(tally(10, 0, 11), 21)).toBe('DISSATISFIED');
    expect(ratingResult(tally(11, 0, 10), 21)).toBe('SATISFIED');
    expect(ratingResult(tally(0, 11, 10), 21)).toBe('BASICALLY_SATISFIED');
  });

  test('a tie between 满意 and 不满意 decides nothing by itself', () => {
    expect(ratingResult(tally(8, 0, 8, 4), 20)).toBe('DISSATISFIED');
    expect(ratingResult(tally(8, 3, 8, 1), 20)).toBe('BASICALLY_SATISFIED');
  });

  test('abstentions and members who did not vote count in the base but for no choice', () => {
    expect(ratingResult(tally(10, 0, 0, 10), 20)).toBe('DISSATISFIED');
    expect(ratingResult(tally(10, 0, 0, 0), 20)).toBe('DISSATISFIED'); // 10 never voted
    expect(ratingResult(tally(10, 0, 0, 0), 19)).toBe('SATISFIED');
    expect(ratingResult(tally(0, 0, 0, 20), 20)).toBe('DISSATISFIED');
  });

  test('zero votes is DISSATISFIED with a 满意率 of 0', () => {
    expect(ratingResult(tally(0), 15)).toBe('DISSATISFIED');
    expect(satisfactionRate(tally(0), 15)).toBe(0);
  });

  test('满意率 = (满意 + 基本满意) ÷ members present', () => {
    expect(satisfactionRate(tally(6, 3, 1, 2), 15)).toBeCloseTo(9 / 15, 12);
    expect(satisfactionRate(tally(20), 20)).toBe(1);
    expect(satisfactionRate(tally(0), 0)).toBe(0);
  });
});
