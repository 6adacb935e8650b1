/**
 * Checks one record's fields and turns them into a typed row, or names the first column that is
 * wrong (columns are checked in the order the bureau writes them) with a message a 预工委 clerk
 * can act on. Pure: the line number and the header come from the reader.
 */
import { LINE_CODE_LENGTH } from '../classification';
import { parseYuan, type Fen } from '../money';
import { isRealDate, periodOf } from '../periods';
import type { BudgetFileKind, ColumnKey, HeaderMapping } from './columns';
import type { BudgetLineKey, BudgetRowOf } from './rows';

/** The part of a row error the validator knows: the column key (null for the whole record) and why. */
export interface FieldProblem {
  readonly column: ColumnKey | null;
  readonly message: string;
}

export type Validated<K extends BudgetFileKind> = { readonly row: BudgetRowOf[K] } | { readonly problem: FieldProblem };

/** The one check the file cannot make alone (see BudgetLineLookup in reader.ts). */
export type MissingLinePart = (key: BudgetLineKey) => 'unit_code' | 'function_code' | 'economic_code' | 'project_code' | null;

/** Limits on free text, in characters (code points). */
export const MAX_NAME_LENGTH = 200;
export const MAX_CODE_LENGTH = 40;
export const MAX_UNIT_CODE_DIGITS = 20;

class Problem extends Error {
  constructor(
    readonly column: ColumnKey,
    message: string,
  ) {
    super(message);
  }
}

/** Reads the named columns of one record, throwing a Problem for the first bad value. */
class Fields {
  constructor(
    private readonly header: HeaderMapping,
    private readonly values: readonly string[],
  ) {}

  /** The trimmed text of a column ('' when the column is absent from the file or the record is short). */
  text(key: ColumnKey): string {
    const at = this.header.columns[key];
    return at === undefined ? '' : (this.values[at.index] ?? '').trim();
  }

  required(key: ColumnKey, what: string): string {
    const value = this.text(key);
    if (value === '') throw new Problem(key, `${what} is missing`);
    return value;
  }

  name(key: ColumnKey, what: string, required: boolean): string {
    const value = required ? this.required(key, what) : this.text(key);
    if ([...value].length > MAX_NAME_LENGTH) throw new Problem(key, `${what} is longer than ${MAX_NAME_LENGTH} characters`);
    return value;
  }

  year(importYear: number): number {
    const value = this.required('year', 'The year');
    if (!/^\d{4}$/.test(value)) throw new Problem('year', `"${value}" is not a year`);
    const year = Number(value);
    if (year !== importYear) throw new Problem('year', `The year is ${year}, but this import is for ${importYear}`);
    return year;
  }

  unitCode(): string {
    const value = this.required('unit_code', 'The unit code');
    if (!/^\d+$/.test(value) || value.length > MAX_UNIT_CODE_DIGITS) {
      throw new Problem('unit_code', `"${value}" is not a unit code (digits only, at most ${MAX_UNIT_CODE_DIGITS})`);
    }
    return value;
  }

  functionCode(): string {
    const value = this.required('function_code', 'The functional classification code');
    if (!isDigits(value, LINE_CODE_LENGTH.FUNCTION)) {
      throw new Problem('function_code', `"${value}" is not a functional classification code of 7 digits (项)`);
    }
    return value;
  }

  economicCode(): string {
    const value = this.required('economic_code', 'The economic classification code');
    if (!isDigits(value, LINE_CODE_LENGTH.ECONOMIC)) {
      throw new Problem('economic_code', `"${value}" is not an economic classification code of 5 digits (款)`);
    }
    return value;
  }

  projectCode(): string {
    const value = this.text('project_code');
    if (value.length > MAX_CODE_LENGTH || /\s/.test(value)) {
      throw new Problem('project_code', `"${value}" is not a project code (no spaces, at most ${MAX_CODE_LENGTH} characters)`);
    }
    return value;
  }

  amount(key: ColumnKey, what: string): Fen {
    const value = this.required(key, what);
    const fen = parseYuan(value);
    if (fen === null) throw new Problem(key, `"${value}" is not an amount in yuan (like 1234.56)`);
    return fen;
  }

  /** `YYYY-MM`; also written `YYYY-M`, `YYYY/MM` or `YYYYMM` by some exports. */
  period(importYear: number): string {
    const value = this.required('period', 'The period');
    const match = /^(\d{4})(?:[-/](\d{1,2})|(\d{2}))$/.exec(value);
    if (!match) throw new Problem('period', `"${value}" is not a period (YYYY-MM)`);
    const year = Number(match[1]);
    const month = Number(match[2] ?? match[3]);
    if (month < 1 || month > 12) throw new Problem('period', `There is no month ${month}`);
    if (year !== importYear) throw new Problem('period', `The period ${value} is not in ${importYear}`);
    return periodOf(year, month);
  }

  /** `YYYY-MM-DD`; also `YYYY/M/D` or `YYYYMMDD`. */
  date(importYear: number): string {
    const value = this.required('pay_date', 'The payment date');
    const match = /^(\d{4})(?:([-/])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{2}))$/.exec(value);
    if (!match) throw new Problem('pay_date', `"${value}" is not a date (YYYY-MM-DD)`);
    const year = Number(match[1]);
    const month = Number(match[3] ?? match[5]);
    const day = Number(match[4] ?? match[6]);
    if (!isRealDate(year, month, day)) throw new Problem('pay_date', `The date ${value} does not exist`);
    if (year !== importYear) throw new Problem('pay_date', `The date ${value} is not in ${importYear}`);
    return `${periodOf(year, month)}-${String(day).padStart(2, '0')}`;
  }
}

/**
 * 整改方式 as a clerk writes it, in Chinese or English (looked up upper-cased, which leaves the
 * Chinese names as they are). A Map, not an object: "toString" must not find Object.prototype's.
 */
const RECTIFICATION_TYPE_NAMES: ReadonlyMap<string, 'IMMEDIATE' | 'STAGED' | 'CONTINUING'> = new Map([
  ['立行立改', 'IMMEDIATE'],
  ['分阶段', 'STAGED'],
  ['分阶段整改', 'STAGED'],
  ['持续', 'CONTINUING'],
  ['持续整改', 'CONTINUING'],
  ['IMMEDIATE', 'IMMEDIATE'],
  ['STAGED', 'STAGED'],
  ['CONTINUING', 'CONTINUING'],
]);

/** `YYYY-MM-DD` (also `YYYY/M/D` or `YYYYMMDD`) of any year: a due date may lie beyond the budget year. */
function dueDate(f: Fields): string {
  const value = f.required('due_on', 'The due date');
  const match = /^(\d{4})(?:([-/])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{2}))$/.exec(value);
  if (!match) throw new Problem('due_on', `"${value}" is not a date (YYYY-MM-DD)`);
  const year = Number(match[1]);
  const month = Number(match[3] ?? match[5]);
  const day = Number(match[4] ?? match[6]);
  if (!isRealDate(year, month, day)) throw new Problem('due_on', `The date ${value} does not exist`);
  return `${periodOf(year, month)}-${String(day).padStart(2, '0')}`;
}

function isDigits(value: string, length: number): boolean {
  return value.length === length && /^\d+$/.test(value);
}

function checkLine(key: BudgetLineKey, missingPart: MissingLinePart | undefined): void {
  const part = missingPart?.(key);
  if (!part) return;
  throw new Problem(part, part === 'unit_code' ? `No budget line of unit ${key.unitCode}` : 'No budget line with these codes');
}

type Validator<K extends BudgetFileKind> = (fields: Fields, year: number, missingPart?: MissingLinePart) => BudgetRowOf[K];

const VALIDATORS: { [K in BudgetFileKind]: Validator<K> } = {
  BUDGET_LINES: (f, importYear) => {
    const year = f.year(importYear);
    const unitCode = f.unitCode();
    const unitName = f.name('unit_name', 'The unit name', true);
    const functionCode = f.functionCode();
    const functionName = f.name('function_name', 'The functional classification name', false);
    const economicCode = f.economicCode();
    const economicName = f.name('economic_name', 'The economic classification name', false);
    const projectCode = f.projectCode();
    const projectName = f.name('project_name', 'The project name', false);
    const approvedFen = f.amount('approved', 'The approved amount');
    if (approvedFen < 0) throw new Problem('approved', 'A budget amount is never negative');
    const adjustedFen = f.amount('adjusted', 'The adjusted amount');
    if (adjustedFen < 0) throw new Problem('adjusted', 'A budget amount is never negative');
    return { year, unitCode, unitName, functionCode, functionName, economicCode, economicName, projectCode, projectName, approvedFen, adjustedFen };
  },
  EXECUTION: (f, importYear, missingPart) => {
    const year = f.year(importYear);
    const period = f.period(importYear);
    const key = { unitCode: f.unitCode(), functionCode: f.functionCode(), economicCode: f.economicCode(), projectCode: f.projectCode() };
    const executedToDateFen = f.amount('executed_to_date', 'The cumulative amount');
    if (executedToDateFen < 0) throw new Problem('executed_to_date', 'A cumulative amount is never negative');
    checkLine(key, missingPart);
    return { year, period, ...key, executedToDateFen };
  },
  PAYMENTS: (f, importYear, missingPart) => {
    const year = f.year(importYear);
    const paymentNumber = f.required('payment_id', 'The payment number');
    if (paymentNumber.length > MAX_CODE_LENGTH || /\s/.test(paymentNumber)) {
      throw new Problem('payment_id', `"${paymentNumber}" is not a payment number (no spaces, at most ${MAX_CODE_LENGTH} characters)`);
    }
    const date = f.date(importYear);
    const key = { unitCode: f.unitCode(), functionCode: f.functionCode(), economicCode: f.economicCode(), projectCode: f.projectCode() };
    const payee = f.name('payee', 'The payee', true);
    const amountFen = f.amount('amount', 'The amount');
    if (amountFen <= 0) throw new Problem('amount', 'A payment must be more than zero');
    const purpose = f.name('purpose', 'The purpose', false);
    checkLine(key, missingPart);
    return { year, paymentNumber, date, ...key, payee, amountFen, purpose };
  },
  AUDIT_FINDINGS: (f, importYear) => {
    const year = f.year(importYear);
    const reportTitle = f.name('report_title', 'The report title', true);
    const numberText = f.required('finding_number', 'The finding number');
    if (!/^\d{1,4}$/.test(numberText) || Number(numberText) < 1) throw new Problem('finding_number', `"${numberText}" is not a finding number (1 to 9999)`);
    const unitCode = f.unitCode();
    const unitName = f.name('unit_name', 'The unit name', true);
    const category = f.name('category', 'The category', true);
    if ([...category].length > 50) throw new Problem('category', 'The category is longer than 50 characters');
    const description = f.required('description', 'The description');
    if ([...description].length > 2000) throw new Problem('description', 'The description is longer than 2000 characters');
    const amountFen = f.amount('amount', 'The amount');
    if (amountFen < 0) throw new Problem('amount', 'An amount involved is never negative');
    const typeText = f.required('rectification_type', 'The rectification type');
    const rectificationType = RECTIFICATION_TYPE_NAMES.get(typeText.toUpperCase());
    if (!rectificationType) throw new Problem('rectification_type', `"${typeText}" is not a rectification type (立行立改, 分阶段 or 持续)`);
    const dueOn = dueDate(f);
    return { year, reportTitle, number: Number(numberText), unitCode, unitName, category, description, amountFen, rectificationType, dueOn };
  },
};

/** Validates one record's fields (as decoded strings) against the file's header. */
export function validateRow<K extends BudgetFileKind>(
  kind: K,
  header: HeaderMapping,
  values: readonly string[],
  importYear: number,
  missingPart?: MissingLinePart,
): Validated<K> {
  try {
    return { row: (VALIDATORS[kind] as Validator<K>)(new Fields(header, values), importYear, missingPart) };
  } catch (error) {
    if (error instanceof Problem) return { problem: { column: error.column, message: error.message } };
    throw error;
  }
}
