/**
 * The columns of a finance bureau's budget exports, in English and Chinese, exactly as the bureau
 * writes them (the three files of ../shared/fixtures/budget/generate.py and of our own generator).
 * A file may have them in any order, with extra columns (ignored) and surrounding spaces.
 */

/** The three kinds of file. */
export type BudgetFileKind = 'BUDGET_LINES' | 'EXECUTION' | 'PAYMENTS' | 'AUDIT_FINDINGS';

/** The language of a file's header row. */
export type HeaderLanguage = 'ZH' | 'EN';

/** Every column any kind has, by its English name (the key rows are typed by). */
export type ColumnKey =
  | 'year'
  | 'unit_code'
  | 'unit_name'
  | 'function_code'
  | 'function_name'
  | 'economic_code'
  | 'economic_name'
  | 'project_code'
  | 'project_name'
  | 'approved'
  | 'adjusted'
  | 'period'
  | 'executed_to_date'
  | 'payment_id'
  | 'pay_date'
  | 'payee'
  | 'amount'
  | 'purpose'
  // An audit findings list (审计查出问题清单), kind AUDIT_FINDINGS.
  | 'report_title'
  | 'finding_number'
  | 'category'
  | 'description'
  | 'rectification_type'
  | 'due_on';

export interface ColumnDefinition {
  readonly key: ColumnKey;
  /** The Chinese header (年度, 单位编码, …). */
  readonly zh: string;
  /** A file without this column fails before any row is read. */
  readonly required: boolean;
}

const col = (key: ColumnKey, zh: string, required = true): ColumnDefinition => ({ key, zh, required });

/** Columns of each kind, in the order the bureau writes them (and rows are checked in). */
export const COLUMNS: Readonly<Record<BudgetFileKind, readonly ColumnDefinition[]>> = {
  BUDGET_LINES: [
    col('year', '年度'),
    col('unit_code', '单位编码'),
    col('unit_name', '单位名称'),
    col('function_code', '功能科目编码'),
    col('function_name', '功能科目名称', false),
    col('economic_code', '经济科目编码'),
    col('economic_name', '经济科目名称', false),
    col('project_code', '项目编码'),
    col('project_name', '项目名称', false),
    col('approved', '年初预算数'),
    col('adjusted', '调整后预算数'),
  ],
  EXECUTION: [
    col('year', '年度'),
    col('period', '期间'),
    col('unit_code', '单位编码'),
    col('function_code', '功能科目编码'),
    col('economic_code', '经济科目编码'),
    col('project_code', '项目编码'),
    col('executed_to_date', '累计支出数'),
  ],
  PAYMENTS: [
    col('year', '年度'),
    col('payment_id', '支付单号'),
    col('pay_date', '支付日期'),
    col('unit_code', '单位编码'),
    col('function_code', '功能科目编码'),
    col('economic_code', '经济科目编码'),
    col('project_code', '项目编码'),
    col('payee', '收款人'),
    col('amount', '支付金额'),
    col('purpose', '用途', false),
  ],
  AUDIT_FINDINGS: [
    col('year', '年度'),
    col('report_title', '审计报告'),
    col('finding_number', '问题序号'),
    col('unit_code', '单位编码'),
    col('unit_name', '单位名称'),
    col('category', '问题类别'),
    col('description', '问题描述'),
    col('amount', '问题金额'),
    col('rectification_type', '整改方式'),
    col('due_on', '整改期限'),
  ],
};

/** The header name of a column in a language: ('unit_code', 'ZH') → 单位编码. */
export function columnName(kind: BudgetFileKind, key: ColumnKey, language: HeaderLanguage): string {
  const definition = COLUMNS[kind].find((c) => c.key === key);
  if (!definition) throw new RangeError(`${kind} has no column ${key}`);
  return language === 'ZH' ? definition.zh : definition.key;
}

/**
 * Where each known column sits in a file: what the first run of an import learns from the header
 * row and hands back to a resumed run (it is plain JSON, kept on the job's checkpoint).
 */
export interface HeaderMapping {
  readonly kind: BudgetFileKind;
  readonly language: HeaderLanguage;
  /** For each column present: its 0-based position and its name exactly as the header wrote it. */
  readonly columns: Partial<Record<ColumnKey, { readonly index: number; readonly name: string }>>;
}

/** A header row that lacks a required column (or is not a header of this kind at all). */
export class MissingColumnError extends Error {
  constructor(
    /** The column's English key, e.g. unit_code. */
    readonly column: ColumnKey,
    /** The column's name in the file's header language, e.g. 单位编码. */
    readonly columnName: string,
  ) {
    super(`The file has no column ${columnName}${columnName === column ? '' : ` (${column})`}`);
    this.name = 'MissingColumnError';
  }
}

/**
 * Reads a header row (cells as decoded text). The language is the one more of the kind's columns
 * are written in (Chinese wins a tie). English names match case-insensitively; surrounding spaces
 * are ignored; an unknown column is ignored; a column named twice keeps its first position.
 * Throws a MissingColumnError naming the first required column the file lacks.
 */
export function mapHeader(kind: BudgetFileKind, cells: readonly string[]): HeaderMapping {
  const normalised = cells.map((cell) => cell.trim());
  const definitions = COLUMNS[kind];
  const zhHits = definitions.filter((d) => normalised.includes(d.zh)).length;
  const enHits = definitions.filter((d) => normalised.some((cell) => cell.toLowerCase() === d.key)).length;
  const language: HeaderLanguage = zhHits >= enHits ? 'ZH' : 'EN';
  const columns: Partial<Record<ColumnKey, { index: number; name: string }>> = {};
  for (const definition of definitions) {
    const index = normalised.findIndex((cell) =>
      language === 'ZH' ? cell === definition.zh : cell.toLowerCase() === definition.key,
    );
    if (index >= 0) columns[definition.key] = { index, name: normalised[index] as string };
    else if (definition.required) throw new MissingColumnError(definition.key, language === 'ZH' ? definition.zh : definition.key);
  }
  return { kind, language, columns };
}
