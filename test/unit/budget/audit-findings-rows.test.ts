/**
 * Rows of an audit findings list (审计查出问题清单) checked one column at a time: each column's
 * limits exactly at and past the bound, every accepted spelling of the rectification type (整改方式)
 * and of the due date, and the order in which columns are checked.
 */
import { mapHeader } from '../../../functions/src/budget/csv/columns';
import { validateRow } from '../../../functions/src/budget/csv/validate';

const FINDINGS_EN = 'year,report_title,finding_number,unit_code,unit_name,category,description,amount,rectification_type,due_on';
const FINDING: Record<string, string> = {
  year: '2026',
  report_title: '关于2025年度县级预算执行和其他财政收支的审计工作报告',
  finding_number: '3',
  unit_code: '141102001',
  unit_name: '县教育局',
  category: '预算执行',
  description: '超范围列支培训费',
  amount: '12,345.60',
  rectification_type: '立行立改',
  due_on: '2026-06-30',
};

function validate(changes: Record<string, string>, year = 2026): ReturnType<typeof validateRow<'AUDIT_FINDINGS'>> {
  const names = FINDINGS_EN.split(',');
  const fields = { ...FINDING, ...changes };
  return validateRow('AUDIT_FINDINGS', mapHeader('AUDIT_FINDINGS', names), names.map((name) => fields[name] ?? ''), year);
}
const problemOf = (changes: Record<string, string>) => {
  const result = validate(changes);
  return 'problem' in result ? result.problem : null;
};
const rowOf = (changes: Record<string, string>) => {
  const result = validate(changes);
  if ('problem' in result) throw new Error(`unexpected problem: ${result.problem.message}`);
  return result.row;
};

describe('audit finding rows', () => {
  it('types a finding: number, amount in fen, type and due date normalised, text trimmed', () => {
    expect(rowOf({ unit_name: ' 县教育局 ', amount: '12345.60' })).toEqual({
      year: 2026,
      reportTitle: FINDING.report_title,
      number: 3,
      unitCode: '141102001',
      unitName: '县教育局',
      category: '预算执行',
      description: '超范围列支培训费',
      amountFen: 1234560,
      rectificationType: 'IMMEDIATE',
      dueOn: '2026-06-30',
    });
  });

  it('each required column, when empty, is named as missing', () => {
    const missing: [string, string][] = [
      ['year', 'The year is missing'],
      ['report_title', 'The report title is missing'],
      ['finding_number', 'The finding number is missing'],
      ['unit_code', 'The unit code is missing'],
      ['unit_name', 'The unit name is missing'],
      ['category', 'The category is missing'],
      ['description', 'The description is missing'],
      ['amount', 'The amount is missing'],
      ['rectification_type', 'The rectification type is missing'],
      ['due_on', 'The due date is missing'],
    ];
    for (const [column, message] of missing) expect(problemOf({ [column]: '  ' })).toEqual({ column, message });
  });

  it('finding numbers run from 1 to 9999', () => {
    expect(rowOf({ finding_number: '1' }).number).toBe(1);
    expect(rowOf({ finding_number: '9999' }).number).toBe(9999);
    expect(rowOf({ finding_number: '0007' }).number).toBe(7);
    for (const bad of ['0', '0000', '10000', '-1', '1.5', 'A3', '3a']) {
      expect(problemOf({ finding_number: bad })).toEqual({ column: 'finding_number', message: `"${bad}" is not a finding number (1 to 9999)` });
    }
  });

  it('names: the report title and unit name up to 200 characters, the category up to 50, the description up to 2000 (code points)', () => {
    expect(rowOf({ report_title: '𠀀'.repeat(200) }).reportTitle).toBe('𠀀'.repeat(200));
    expect(problemOf({ report_title: '审'.repeat(201) })).toEqual({ column: 'report_title', message: 'The report title is longer than 200 characters' });
    expect(problemOf({ unit_name: '单'.repeat(201) })).toEqual({ column: 'unit_name', message: 'The unit name is longer than 200 characters' });
    expect(rowOf({ category: '𠀀'.repeat(50) }).category).toBe('𠀀'.repeat(50));
    expect(problemOf({ category: '类'.repeat(51) })).toEqual({ column: 'category', message: 'The category is longer than 50 characters' });
    expect(rowOf({ description: '𠀀'.repeat(2000) }).description).toBe('𠀀'.repeat(2000));
    expect(problemOf({ description: '述'.repeat(2001) })).toEqual({ column: 'description', message: 'The description is longer than 2000 characters' });
  });

  it('the amount involved may be zero, never negative or other than yuan', () => {
    expect(rowOf({ amount: '0' }).amountFen).toBe(0);
    expect(problemOf({ amount: '-0.01' })).toEqual({ column: 'amount', message: 'An amount involved is never negative' });
    expect(problemOf({ amount: '12万' })).toEqual({ column: 'amount', message: '"12万" is not an amount in yuan (like 1234.56)' });
  });

  it.each([
    ['立行立改', 'IMMEDIATE'],
    ['分阶段', 'STAGED'],
    ['分阶段整改', 'STAGED'],
    ['持续', 'CONTINUING'],
    ['持续整改', 'CONTINUING'],
    ['IMMEDIATE', 'IMMEDIATE'],
    ['STAGED', 'STAGED'],
    ['CONTINUING', 'CONTINUING'],
    ['immediate', 'IMMEDIATE'],
    [' Staged ', 'STAGED'],
    ['continuing', 'CONTINUING'],
  ])('the rectification type %j is %s', (written, type) => {
    expect(rowOf({ rectification_type: written }).rectificationType).toBe(type);
  });

  it.each(['立即整改', '分阶', 'ONGOING', 'toString', '__proto__'])('%j is not a rectification type', (written) => {
    expect(problemOf({ rectification_type: written })).toEqual({
      column: 'rectification_type',
      message: `"${written}" is not a rectification type (立行立改, 分阶段 or 持续)`,
    });
  });

  it.each([
    ['2027-3-31', '2027-03-31'],
    ['2025/12/1', '2025-12-01'],
    ['20280229', '2028-02-29'],
  ])('the due date %j is %s, in any year', (written, dueOn) => {
    expect(rowOf({ due_on: written }).dueOn).toBe(dueOn);
  });

  it.each(['2026-06', '2026-6/30', '30.06.2026', '2026063', '2026-06-30x', 'x2026-06-30'])('%j is not a due date', (written) => {
    expect(problemOf({ due_on: written })).toEqual({ column: 'due_on', message: `"${written}" is not a date (YYYY-MM-DD)` });
  });

  it('a due date must be a real day', () => {
    expect(problemOf({ due_on: '2027-02-29' })).toEqual({ column: 'due_on', message: 'The date 2027-02-29 does not exist' });
    expect(problemOf({ due_on: '20261301' })).toEqual({ column: 'due_on', message: 'The date 20261301 does not exist' });
  });

  it('columns are checked in the order the list is written: the first bad one is named', () => {
    const everythingWrong = { year: '2025', finding_number: '0', unit_code: 'X', category: '', amount: '-1', rectification_type: '?', due_on: 'x' };
    const order = ['year', 'finding_number', 'unit_code', 'category', 'amount', 'rectification_type', 'due_on'];
    for (const [i, column] of order.entries()) {
      const rightSoFar = Object.fromEntries(order.slice(0, i).map((c) => [c, FINDING[c]!]));
      expect(problemOf({ ...everythingWrong, ...rightSoFar })?.column).toBe(column);
    }
  });

  it('the year is the import\'s', () => {
    expect(problemOf({ year: '2025' })).toEqual({ column: 'year', message: 'The year is 2025, but this import is for 2026' });
  });
});
