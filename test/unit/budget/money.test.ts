import { assertFen, formatFen, parseYuan, sumFen } from '../../../functions/src/budget/money';

describe('parseYuan', () => {
  it.each([
    ['1234.56', 123456],
    ['1,234.56', 123456],
    ['1,234,567.89', 123456789],
    ['-5.00', -500],
    ['-0.05', -5],
    ['100', 10000],
    ['100.5', 10050],
    ['0.01', 1],
    ['0', 0],
    ['-0.00', 0],
    ['007.10', 710],
    ['  42.10 ', 4210],
    ['999', 99900],
    ['90071992547409.91', 9007199254740991],
  ])('reads %j as %d fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it('never returns -0', () => {
    expect(Object.is(parseYuan('-0'), 0)).toBe(true);
  });

  it.each([
    [''],
    ['   '],
    ['12,3a'],
    ['12,3'],
    ['1,23.00'],
    ['1234,567.00'],
    [',123'],
    ['1.234'],
    ['1.'],
    ['.5'],
    ['+5'],
    ['--5'],
    ['5-'],
    ['1 234.00'],
    ['１２３'],
    ['¥100'],
    ['100元'],
    ['1e3'],
    ['NaN'],
    ['Infinity'],
    ['90071992547409.92'],
    ['12345678901234567890'],
  ])('refuses %j', (text) => {
    expect(parseYuan(text)).toBeNull();
  });
});

describe('formatFen', () => {
  it.each([
    [123456, '1234.56'],
    [0, '0.00'],
    [1, '0.01'],
    [10, '0.10'],
    [99, '0.99'],
    [100, '1.00'],
    [-5, '-0.05'],
    [-500, '-5.00'],
    [-123456, '-1234.56'],
    [9007199254740991, '90071992547409.91'],
  ])('writes %d fen as %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('round-trips through parseYuan', () => {
    for (const fen of [0, 1, 9, 10, 11, 99, 100, 101, 123456789, -1, -100, -987654321]) {
      expect(parseYuan(formatFen(fen))).toBe(fen);
    }
  });

  it.each([[0.5], [1.1], [Number.NaN], [Number.POSITIVE_INFINITY], [9007199254740992]])('refuses %d (not a whole, safe fen)', (fen) => {
    expect(() => formatFen(fen)).toThrow(RangeError);
  });
});

describe('sumFen', () => {
  it('adds exactly where floats would not', () => {
    expect(sumFen([10, 20])).toBe(30);
    expect(formatFen(sumFen([parseYuan('0.10')!, parseYuan('0.20')!]))).toBe('0.30');
    expect(sumFen([])).toBe(0);
    expect(sumFen([-500, 500, 1])).toBe(1);
  });

  it('refuses a fractional amount and a total beyond the safe range', () => {
    expect(() => sumFen([1, 0.5])).toThrow('0.5 is not a whole number of fen');
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(sumFen([Number.MAX_SAFE_INTEGER - 1, 1])).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('assertFen accepts whole fen only', () => {
    expect(() => assertFen(-3)).not.toThrow();
    expect(() => assertFen(3.01)).toThrow(RangeError);
  });
});
