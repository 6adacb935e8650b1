/**
 * The budget CSV's pure parts at their edges: header mapping and its messages, encoding detection
 * and decoding, and row validation one column at a time (limits exactly at and past the bound,
 * each accepted spelling of periods and dates, the order in which columns are checked).
 */
import { COLUMNS, MissingColumnError, columnName, mapHeader, type BudgetFileKind } from '../../../functions/src/budget/csv/columns';
import { DETECTION_BYTES, UTF8_BOM, decodeText, detectEncoding, isValidUtf8, startsWithUtf8Bom } from '../../../functions/src/budget/csv/encoding';
import { BudgetLineIndex } from '../../../functions/src/budget/csv/line-index';
import { lineKeyString } from '../../../functions/src/budget/csv/rows';
import { MAX_CODE_LENGTH, MAX_NAME_LENGTH, MAX_UNIT_CODE_DIGITS, validateRow, type MissingLinePart } from '../../../functions/src/budget/csv/validate';
import { EXECUTION_EN, LINES_EN, PAYMENTS_EN } from './csv-support';

const header = (kind: BudgetFileKind, names: string): ReturnType<typeof mapHeader> => mapHeader(kind, names.split(','));

type Fields = Record<string, string>;
const valuesOf = (names: string, fields: Fields): string[] => names.split(',').map((name) => fields[name] ?? '');

const LINE: Fields = {
  year: '2026', unit_code: '141102001', unit_name: '县教育局', function_code: '2050203', function_name: '初中教育',
  economic_code: '30201', economic_name: '办公费', project_code: 'P1', project_name: '专项', approved: '100.00', adjusted: '120.00',
};
const EXECUTION: Fields = {
  year: '2026', period: '2026-03', unit_code: '141102001', function_code: '2050203', economic_code: '30201', project_code: '', executed_to_date: '50.00',
};
const PAYMENT: Fields = {
  year: '2026', payment_id: '202600000001', pay_date: '2026-03-14', unit_code: '141102001', function_code: '2050203',
  economic_code: '30201', project_code: '', payee: '某某商贸有限公司', amount: '12.34', purpose: '办公费',
};

function validate(kind: BudgetFileKind, fields: Fields, year = 2026, missingPart?: MissingLinePart): ReturnType<typeof validateRow> {
  const names = kind === 'BUDGET_LINES' ? LINES_EN : kind === 'EXECUTION' ? EXECUTION_EN : PAYMENTS_EN;
  return validateRow(kind, header(kind, names), valuesOf(names, fields), year, missingPart);
}

const problemOf = (result: ReturnType<typeof validateRow>): { column: string | null; message: string } | null =>
  'problem' in result ? result.problem : null;

const rowOf = (result: ReturnType<typeof validateRow>): Record<string, unknown> => {
  if ('problem' in result) throw new Error(`unexpected problem: ${result.problem.message}`);
  return result.row as unknown as Record<string, unknown>;
};

describe('header mapping', () => {
  test('Chinese wins a tie; more English names make the header English', () => {
    // One Chinese and one English required name of EXECUTION: a tie.
    expect(() => mapHeader('EXECUTION', ['年度', 'period'])).toThrow(MissingColumnError);
    const tie = (() => {
      try {
        mapHeader('EXECUTION', ['年度', 'period']);
      } catch (e) {
        return e as MissingColumnError;
      }
      throw new Error('expected a MissingColumnError');
    })();
    expect([tie.column, tie.columnName, tie.message]).toEqual(['period', '期间', 'The file has no column 期间 (period)']);
    const english = (() => {
      try {
        mapHeader('EXECUTION', ['年度', 'period', 'year']);
      } catch (e) {
        return e as MissingColumnError;
      }
      throw new Error('expected a MissingColumnError');
    })();
    expect([english.column, english.columnName, english.message, english.name]).toEqual([
      'unit_code',
      'unit_code',
      'The file has no column unit_code',
      'MissingColumnError',
    ]);
  });

  test('a column named twice keeps its first position; names keep the file\'s case, trimmed', () => {
    const mapping = mapHeader('EXECUTION', [' Year ', 'PERIOD', 'unit_code', 'function_code', 'economic_code', 'project_code', 'executed_to_date', 'period']);
    expect(mapping.language).toBe('EN');
    expect(mapping.columns.year).toEqual({ index: 0, name: 'Year' });
    expect(mapping.columns.period).toEqual({ index: 1, name: 'PERIOD' });
  });

  test('optional columns may be absent; required ones may not', () => {
    const mapping = header('BUDGET_LINES', 'year,unit_code,unit_name,function_code,economic_code,project_code,approved,adjusted');
    expect(mapping.columns.function_name).toBeUndefined();
    expect(mapping.columns.adjusted).toEqual({ index: 7, name: 'adjusted' });
    expect(() => header('BUDGET_LINES', 'year,unit_code,unit_name,function_code,economic_code,project_code,approved')).toThrow(
      'The file has no column adjusted',
    );
  });

  test('columnName in either language, and a column the kind does not have', () => {
    expect(columnName('PAYMENTS', 'payee', 'ZH')).toBe('收款人');
    expect(columnName('PAYMENTS', 'payee', 'EN')).toBe('payee');
    expect(() => columnName('EXECUTION', 'payee', 'EN')).toThrow(new RangeError('EXECUTION has no column payee'));
  });

  test('the required columns of each kind', () => {
    const optional = (kind: BudgetFileKind): string[] => COLUMNS[kind].filter((c) => !c.required).map((c) => c.key);
    expect(optional('BUDGET_LINES')).toEqual(['function_name', 'economic_name', 'project_name']);
    expect(optional('EXECUTION')).toEqual([]);
    expect(optional('PAYMENTS')).toEqual(['purpose']);
  });
});

describe('encoding', () => {
  test('a BOM needs all three bytes', () => {
    expect(startsWithUtf8Bom(UTF8_BOM)).toBe(true);
    expect(startsWithUtf8Bom(Buffer.from([0xef, 0xbb]))).toBe(false);
    expect(startsWithUtf8Bom(Buffer.from([0xef, 0xbb, 0xbe]))).toBe(false);
    expect(startsWithUtf8Bom(Buffer.from([0xef, 0xba, 0xbf]))).toBe(false);
    expect(startsWithUtf8Bom(Buffer.from([0xee, 0xbb, 0xbf]))).toBe(false);
    expect(DETECTION_BYTES).toBe(4096);
  });

  test('strict UTF-8 decides the encoding', () => {
    expect(isValidUtf8(Buffer.from('单位编码', 'utf8'))).toBe(true);
    expect(isValidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(false);
    expect(detectEncoding(Buffer.from('单位', 'utf8'))).toBe('UTF_8');
    expect(detectEncoding(Buffer.from([0xb5, 0xa5, 0xce, 0xbb]))).toBe('GB18030'); // 单位
  });

  test('decoding: UTF-8, GB18030, and bytes that are not text in the encoding', () => {
    expect(decodeText(Buffer.from('单位', 'utf8'), 'UTF_8')).toBe('单位');
    expect(decodeText(Buffer.from([0xb5, 0xa5]), 'UTF_8')).toBeNull();
    expect(decodeText(Buffer.from([0xb5, 0xa5, 0xce, 0xbb]), 'GB18030')).toBe('单位');
    expect(decodeText(Buffer.from([0x61, 0xff, 0x62]), 'GB18030')).toBeNull();
    expect(decodeText(Buffer.from([0x81, 0x20]), 'GB18030')).toBeNull();
  });

  test('a GB18030 record inside a larger buffer is decoded from its own bytes only', () => {
    const file = Buffer.from([0xb5, 0xa5, 0xce, 0xbb, 0x2c, 0xb1, 0xe0, 0xc2, 0xeb]); // 单位,编码
    expect(decodeText(file.subarray(5), 'GB18030')).toBe('编码');
    expect(decodeText(file.subarray(0, 4), 'GB18030')).toBe('单位');
  });
});

describe('row validation', () => {
  test('valid rows are typed, amounts in fen, text trimmed', () => {
    expect(rowOf(validate('BUDGET_LINES', { ...LINE, unit_name: '  县教育局 ', approved: '1,234.5' }))).toEqual({
      year: 2026, unitCode: '141102001', unitName: '县教育局', functionCode: '2050203', functionName: '初中教育', economicCode: '30201',
      economicName: '办公费', projectCode: 'P1', projectName: '专项', approvedFen: 123450, adjustedFen: 12000,
    });
    expect(rowOf(validate('EXECUTION', EXECUTION))).toEqual({
      year: 2026, period: '2026-03', unitCode: '141102001', functionCode: '2050203', economicCode: '30201', projectCode: '', executedToDateFen: 5000,
    });
    expect(rowOf(validate('PAYMENTS', PAYMENT))).toMatchObject({ paymentNumber: '202600000001', date: '2026-03-14', amountFen: 1234, purpose: '办公费' });
  });

  test('zero is a valid budget and cumulative amount; a payment of one fen is valid', () => {
    expect(rowOf(validate('BUDGET_LINES', { ...LINE, approved: '0', adjusted: '0.00' }))).toMatchObject({ approvedFen: 0, adjustedFen: 0 });
    expect(rowOf(validate('EXECUTION', { ...EXECUTION, executed_to_date: '0' }))).toMatchObject({ executedToDateFen: 0 });
    expect(rowOf(validate('PAYMENTS', { ...PAYMENT, amount: '0.01' }))).toMatchObject({ amountFen: 1 });
  });

  test('names: exactly 200 characters (counted as code points) are kept, 201 are refused', () => {
    expect(rowOf(validate('BUDGET_LINES', { ...LINE, unit_name: '𠀀'.repeat(MAX_NAME_LENGTH) }))).toMatchObject({ unitName: '𠀀'.repeat(200) });
    expect(problemOf(validate('BUDGET_LINES', { ...LINE, project_name: '项'.repeat(201) }))).toEqual({
      column: 'project_name',
      message: 'The project name is longer than 200 characters',
    });
    expect(problemOf(validate('BUDGET_LINES', { ...LINE, function_name: '项'.repeat(201) }))?.message).toBe(
      'The functional classification name is longer than 200 characters',
    );
    expect(problemOf(validate('BUDGET_LINES', { ...LINE, economic_name: '项'.repeat(201) }))?.message).toBe(
      'The economic classification name is longer than 200 characters',
    );
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, purpose: '项'.repeat(201) }))).toEqual({
      column: 'purpose',
      message: 'The purpose is longer than 200 characters',
    });
    expect(rowOf(validate('PAYMENTS', { ...PAYMENT, purpose: '' }))).toMatchObject({ purpose: '' });
  });

  test('codes: unit codes up to 20 digits, project codes and payment numbers up to 40 characters without spaces', () => {
    expect(rowOf(validate('EXECUTION', { ...EXECUTION, unit_code: '1'.repeat(MAX_UNIT_CODE_DIGITS) }))).toMatchObject({ unitCode: '1'.repeat(20) });
    expect(rowOf(validate('EXECUTION', { ...EXECUTION, project_code: 'P'.repeat(MAX_CODE_LENGTH) }))).toMatchObject({ projectCode: 'P'.repeat(40) });
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, project_code: 'P'.repeat(41) }))?.column).toBe('project_code');
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, project_code: 'P\t1' }))?.column).toBe('project_code');
    expect(rowOf(validate('PAYMENTS', { ...PAYMENT, payment_id: 'N'.repeat(40) }))).toMatchObject({ paymentNumber: 'N'.repeat(40) });
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, payment_id: 'N'.repeat(41) }))).toEqual({
      column: 'payment_id',
      message: `"${'N'.repeat(41)}" is not a payment number (no spaces, at most 40 characters)`,
    });
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, payment_id: 'N 1' }))?.column).toBe('payment_id');
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, function_code: '20502031' }))?.column).toBe('function_code');
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, economic_code: '302011' }))?.column).toBe('economic_code');
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, economic_code: '3020a' }))?.column).toBe('economic_code');
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, economic_code: '' }))?.message).toBe('The economic classification code is missing');
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, function_code: '' }))?.message).toBe('The functional classification code is missing');
  });

  test('codes are digits from their first character to their last', () => {
    for (const [column, value] of [
      ['unit_code', 'A141102001'],
      ['unit_code', '141102001A'],
      ['function_code', 'a050203'],
      ['economic_code', 'a0201'],
    ] as const) {
      expect(problemOf(validate('EXECUTION', { ...EXECUTION, [column]: value }))?.column).toBe(column);
    }
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, year: 'a2026' }))?.message).toBe('"a2026" is not a year');
  });

  test('an empty amount or date is named as missing', () => {
    expect(problemOf(validate('BUDGET_LINES', { ...LINE, approved: '' }))).toEqual({ column: 'approved', message: 'The approved amount is missing' });
    expect(problemOf(validate('BUDGET_LINES', { ...LINE, adjusted: ' ' }))).toEqual({ column: 'adjusted', message: 'The adjusted amount is missing' });
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, executed_to_date: '' }))).toEqual({ column: 'executed_to_date', message: 'The cumulative amount is missing' });
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, pay_date: '' }))).toEqual({ column: 'pay_date', message: 'The payment date is missing' });
  });

  test('the year must be four digits and the import\'s', () => {
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, year: '02026' }))?.message).toBe('"02026" is not a year');
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, year: '2026a' }))?.message).toBe('"2026a" is not a year');
  });

  test.each([
    ['2026-3', '2026-03'],
    ['2026-03', '2026-03'],
    ['2026/3', '2026-03'],
    ['2026/12', '2026-12'],
    ['202603', '2026-03'],
    [' 2026-1 ', '2026-01'],
  ])('the period %j is %s', (written, period) => {
    expect(rowOf(validate('EXECUTION', { ...EXECUTION, period: written }))).toMatchObject({ period });
  });

  test.each(['2026-003', '2026-', '20263', '2026033', '2026.03', 'x2026-03', '2026-03x'])('%j is not a period', (written) => {
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, period: written }))).toEqual({
      column: 'period',
      message: `"${written}" is not a period (YYYY-MM)`,
    });
  });

  test('the month of a period is checked before its year', () => {
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, period: '2025-13' }))?.message).toBe('There is no month 13');
    expect(rowOf(validate('EXECUTION', { ...EXECUTION, year: '2027', period: '2027-12' }, 2027))).toMatchObject({ period: '2027-12' });
  });

  test.each([
    ['2026-3-4', '2026-03-04'],
    ['2026/3/4', '2026-03-04'],
    ['2026/12/31', '2026-12-31'],
    ['20260314', '2026-03-14'],
    ['2026-01-01', '2026-01-01'],
  ])('the date %j is %s', (written, date) => {
    expect(rowOf(validate('PAYMENTS', { ...PAYMENT, pay_date: written }))).toMatchObject({ date });
  });

  test.each(['2026-3/4', '2026/3-4', '2026-003-04', '2026314', '202603141', '2026-03-14T00', ' 2026 03 14'])('%j is not a date', (written) => {
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, pay_date: written }))?.message).toBe(`"${written.trim()}" is not a date (YYYY-MM-DD)`);
  });

  test('real days only: leap years, month lengths, day zero', () => {
    expect(rowOf(validate('PAYMENTS', { ...PAYMENT, year: '2028', pay_date: '2028-02-29' }, 2028))).toMatchObject({ date: '2028-02-29' });
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, pay_date: '2026-02-29' }))?.message).toBe('The date 2026-02-29 does not exist');
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, pay_date: '2026-04-31' }))?.message).toBe('The date 2026-04-31 does not exist');
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, pay_date: '2026-03-00' }))?.message).toBe('The date 2026-03-00 does not exist');
    expect(rowOf(validate('PAYMENTS', { ...PAYMENT, pay_date: '2026-03-31' }))).toMatchObject({ date: '2026-03-31' });
  });

  test('columns are checked in the order the bureau writes them: the first bad one is named', () => {
    const everythingWrong = { year: 'x', payment_id: '', pay_date: 'x', unit_code: 'x', amount: 'x' };
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, ...everythingWrong }))?.column).toBe('year');
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, ...everythingWrong, year: '2026' }))?.column).toBe('payment_id');
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, pay_date: 'x', unit_code: 'x' }))?.column).toBe('pay_date');
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, payee: '', amount: 'x' }))?.column).toBe('payee');
    expect(problemOf(validate('BUDGET_LINES', { ...LINE, approved: '-1', adjusted: 'x' }))?.column).toBe('approved');
  });

  test('the budget line check comes last, and names the part of the key that is unknown', () => {
    const lines = new BudgetLineIndex([{ unitCode: '141102001', functionCode: '2050203', economicCode: '30201', projectCode: '' }]);
    const missing: MissingLinePart = (key) => lines.missingPart(key);
    expect(problemOf(validate('EXECUTION', EXECUTION, 2026, missing))).toBeNull();
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, project_code: 'P9' }, 2026, missing))).toEqual({
      column: 'project_code',
      message: 'No budget line with these codes',
    });
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, unit_code: '9', amount: '-1' }, 2026, missing))?.column).toBe('amount');
    expect(problemOf(validate('PAYMENTS', { ...PAYMENT, unit_code: '9' }, 2026, missing))).toEqual({
      column: 'unit_code',
      message: 'No budget line of unit 9',
    });
    expect(problemOf(validate('EXECUTION', { ...EXECUTION, executed_to_date: '-1', unit_code: '9' }, 2026, missing))?.column).toBe('executed_to_date');
  });

  test('budget lines are never checked against the line index', () => {
    const refuseAll: MissingLinePart = () => 'unit_code';
    expect(problemOf(validateRow('BUDGET_LINES', header('BUDGET_LINES', LINES_EN), valuesOf(LINES_EN, LINE), 2026, refuseAll))).toBeNull();
  });

  test('an error that is not a problem of the row is not swallowed', () => {
    const broken: MissingLinePart = () => {
      throw new TypeError('lookup failed');
    };
    expect(() => validate('EXECUTION', EXECUTION, 2026, broken)).toThrow('lookup failed');
  });
});

describe('line index and keys', () => {
  test('each part of the key is looked up under the parts before it', () => {
    const index = new BudgetLineIndex();
    index.add({ unitCode: '1', functionCode: '2050203', economicCode: '30201', projectCode: 'P1' });
    index.add({ unitCode: '2', functionCode: '2080101', economicCode: '30202', projectCode: '' });
    // 2080101 exists, but not under unit 1.
    expect(index.missingPart({ unitCode: '1', functionCode: '2080101', economicCode: '30202', projectCode: '' })).toBe('function_code');
    expect(index.missingPart({ unitCode: '1', functionCode: '2050203', economicCode: '30202', projectCode: '' })).toBe('economic_code');
    expect(index.missingPart({ unitCode: '1', functionCode: '2050203', economicCode: '30201', projectCode: '' })).toBe('project_code');
    expect(index.missingPart({ unitCode: '1', functionCode: '2050203', economicCode: '30201', projectCode: 'P1' })).toBeNull();
    expect(index.missingPart({ unitCode: '3', functionCode: '2050203', economicCode: '30201', projectCode: 'P1' })).toBe('unit_code');
  });

  test('the key string joins the four parts', () => {
    expect(lineKeyString({ unitCode: '1', functionCode: '2050203', economicCode: '30201', projectCode: '' })).toBe('1|2050203|30201|');
  });
});
