import { randomBytes } from 'node:crypto';
import { BadInputError } from '../../../functions/src/core/errors';
import { openCursor, pageRequest, sealCursor } from '../../../functions/src/core/pagination';

const key = randomBytes(32);

describe('sealed cursors', () => {
  test('open only with the same binding and key, and give back the position', () => {
    const cursor = sealCursor(['t1#CP', 'CP#01J'], 'list-a', key);
    expect(openCursor(cursor, 'list-a', key, 2)).toEqual(['t1#CP', 'CP#01J']);
    expect(() => openCursor(cursor, 'list-b', key, 2)).toThrow(BadInputError);
    expect(() => openCursor(cursor, 'list-a', randomBytes(32), 2)).toThrow(BadInputError);
    // The same position sealed twice differs (random IV), so cursors cannot be compared or guessed.
    expect(sealCursor(['t1#CP', 'CP#01J'], 'list-a', key)).not.toBe(cursor);
  });

  test('every cursor gets an IV of its own, across many draws of the IV pool', () => {
    // 1,000 seals span several draws of 256 IVs; a reused IV would repeat its 12 bytes.
    const cursors = Array.from({ length: 1000 }, () => sealCursor(['t1#CP', 'CP#01J'], 'list-a', key));
    const ivs = new Set(cursors.map((c) => Buffer.from(c, 'base64url').subarray(1, 13).toString('hex')));
    expect(ivs.size).toBe(1000);
    for (const cursor of cursors) expect(openCursor(cursor, 'list-a', key, 2)).toEqual(['t1#CP', 'CP#01J']);
  });

  test('an authentic cursor of another shape is refused, never passed on', () => {
    expect(() => openCursor(sealCursor(['only-one'], 'list', key), 'list', key, 2)).toThrow(BadInputError);
    expect(() => openCursor(sealCursor(['a', ''], 'list', key), 'list', key, 2)).toThrow(BadInputError);
    const numeric = sealCursor([7 as unknown as string, 'b'], 'list', key);
    expect(() => openCursor(numeric, 'list', key, 2)).toThrow(BadInputError);
  });

  test('the error names after', () => {
    try {
      pageRequest({ after: '!!' });
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as BadInputError).extensions()).toMatchObject({ field: 'after' });
    }
    expect(pageRequest({ first: 5, after: 'abc' })).toEqual({ first: 5, after: 'abc' });
  });
});
