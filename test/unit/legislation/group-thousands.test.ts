import { groupThousands } from '../../../functions/src/legislation/service';

describe('groupThousands (the draft-length message without ICU at module load)', () => {
  test.each([0, 7, 999, 1000, 12345, 200000, 1234567, 1000000000])('%d reads as toLocaleString("en") would', (n) => {
    expect(groupThousands(n)).toBe(n.toLocaleString('en'));
  });
});
