import { batchGet, batchWrite } from '../data/batch';
import { updateItem } from '../data/items';
import { mapConcurrent } from '../core/concurrency';
import { amountSortKey, budgetKeys as keys, lineKeyOf } from './keys';
import { isThreePublic } from './classification';
import type { BudgetLineRow, ExecutionRow, PaymentRow } from './csv/rows';
import type { BudgetLineRecord, PaymentRecord } from './records';

/**
 * The write core of budget data, shared by the importer and by test seeding: validated rows in,
 * items written idempotently by their natural key. Writing the same rows twice leaves the same
 * items, so an import resumed from its checkpoint (which re-writes the rows after it) converges.
 *
 * Errors returned name a column key (`function_code`); the importer turns it into the file's header.
 */
export interface FieldError {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export interface WriteOutcome {
  /** Rows that were written or found already written as given. */
  readonly imported: number;
  readonly errors: readonly FieldError[];
}

/** A row with the line of the file it came from (header = line 1), for error reports. */
export interface Numbered<R> {
  readonly line: number;
  readonly row: R;
}

/** Per-line updates in flight at once (each is one UpdateItem). */
const UPDATE_CONCURRENCY = 16;
const MAX_UPDATE_RETRIES = 5;
export const NO_SUCH_LINE = 'no budget line with these codes in this year (import the budget lines first)';

/** A writer's context: whose data, which year, which job, and the time the job stamps on changes. */
export interface WriteScope {
  readonly tenantId: string;
  readonly year: number;
  readonly jobId: string;
  readonly now: string;
}

export function newLineRecord(scope: Pick<WriteScope, 'tenantId' | 'year'>, row: BudgetLineRow): BudgetLineRecord {
  const { tenantId, year } = scope;
  const lineKey = lineKeyOf(row);
  const partition = keys.linesPartition(tenantId, year);
  const threePublic = isThreePublic(row.economicCode);
  return {
    ...keys.line(tenantId, year, lineKey),
    type: 'BudgetLine',
    tenantId,
    year,
    lineKey,
    unitCode: row.unitCode,
    unitName: row.unitName,
    functionCode: row.functionCode,
    functionName: row.functionName,
    economicCode: row.economicCode,
    economicName: row.economicName,
    projectCode: row.projectCode,
    projectName: row.projectName,
    approved: row.approvedFen,
    adjusted: row.adjustedFen,
    adjustments: [],
    executed: {},
    paid: 0,
    threePublic,
    linesByFunctionPk: partition,
    linesByFunctionSk: `${row.functionCode}#${row.unitCode}#${row.economicCode}#${row.projectCode}`,
    linesByEconomicPk: partition,
    linesByEconomicSk: `${row.economicCode}#${row.unitCode}#${row.functionCode}#${row.projectCode}`,
    ...(row.projectCode ? { linesByProjectPk: keys.byProject(tenantId, year, row.projectCode), linesByProjectSk: lineKey } : {}),
    ...(threePublic ? { linesThreePublicPk: keys.threePublicLines(tenantId, year), linesThreePublicSk: lineKey } : {}),
  };
}

/** Splits rows into runs in which no natural key repeats (a later row for a key then sees the earlier one written). */
function runsOfDistinctKeys<R>(rows: readonly R[], keyOf: (row: R) => string): R[][] {
  const runs: R[][] = [];
  let current: R[] = [];
  let seen = new Set<string>();
  for (const row of rows) {
    const key = keyOf(row);
    if (seen.has(key)) {
      runs.push(current);
      current = [];
      seen = new Set();
    }
    seen.add(key);
    current.push(row);
  }
  if (current.length) runs.push(current);
  return runs;
}

const sameDescription = (line: BudgetLineRecord, row: BudgetLineRow) =>
  line.unitName === row.unitName &&
  line.functionName === row.functionName &&
  line.economicName === row.economicName &&
  line.projectName === row.projectName &&
  line.approved === row.approvedFen &&
  line.adjusted === row.adjustedFen;

/**
 * Budget lines (预算指标): a new line is put whole (BatchWriteItem); a known line whose figures or
 * names changed is updated in place, leaving its execution and payments alone, and a changed
 * adjusted amount appends {from, to, at, jobId} to its history. An unchanged line is not written,
 * so the same file twice changes nothing. Updates are guarded by the figures read, so a concurrent
 * change is re-read rather than overwritten.
 */
export async function writeBudgetLines(scope: WriteScope, rows: readonly Numbered<BudgetLineRow>[]): Promise<WriteOutcome> {
  for (const run of runsOfDistinctKeys(rows, (r) => lineKeyOf(r.row))) {
    const existing = await batchGet<BudgetLineRecord>('budget', run.map((r) => keys.line(scope.tenantId, scope.year, lineKeyOf(r.row))));
    const fresh: BudgetLineRow[] = [];
    const changed: { row: BudgetLineRow; line: BudgetLineRecord }[] = [];
    run.forEach(({ row }, i) => {
      const line = existing[i];
      if (!line) fresh.push(row);
      else if (!sameDescription(line, row)) changed.push({ row, line });
    });
    await batchWrite('budget', fresh.map((row) => ({ put: newLineRecord(scope, row) as unknown as Record<string, unknown> })));
    await mapConcurrent(changed, UPDATE_CONCURRENCY, ({ row, line }) => updateLine(scope, row, line));
  }
  return { imported: rows.length, errors: [] };
}

async function updateLine(scope: WriteScope, row: BudgetLineRow, read: BudgetLineRecord): Promise<void> {
  let line: BudgetLineRecord | null = read;
  for (let attempt = 0; line && attempt < MAX_UPDATE_RETRIES; attempt++) {
    if (sameDescription(line, row)) return;
    const adjustment = line.adjusted !== row.adjustedFen ? [{ from: line.adjusted, to: row.adjustedFen, at: scope.now, jobId: scope.jobId }] : [];
    const ok = await updateItem('budget', keys.line(scope.tenantId, scope.year, line.lineKey), {
      expression:
        'SET unitName = :unitName, functionName = :functionName, economicName = :economicName, projectName = :projectName, ' +
        'approved = :approved, adjusted = :adjusted, adjustments = list_append(adjustments, :adjustment)',
      condition: 'approved = :readApproved AND adjusted = :readAdjusted',
      values: {
        ':unitName': row.unitName,
        ':functionName': row.functionName,
        ':economicName': row.economicName,
        ':projectName': row.projectName,
        ':approved': row.approvedFen,
        ':adjusted': row.adjustedFen,
        ':adjustment': adjustment,
        ':readApproved': line.approved,
        ':readAdjusted': line.adjusted,
      },
    });
    if (ok) return;
    line = (await batchGet<BudgetLineRecord>('budget', [keys.line(scope.tenantId, scope.year, read.lineKey)]))[0] ?? null;
  }
  throw new Error(`Budget line ${read.lineKey}: concurrent changes kept the update from landing`);
}

/**
 * Execution snapshots (累计支出): each row sets one month of its line's `executed` map, replacing
 * what an earlier file said for that month. A line's months in one batch go in one UpdateItem,
 * conditioned on the line existing; rows of a line that does not exist are row errors.
 */
export async function writeExecution(scope: WriteScope, rows: readonly Numbered<ExecutionRow>[]): Promise<WriteOutcome> {
  const byLine = new Map<string, Numbered<ExecutionRow>[]>();
  for (const row of rows) {
    const key = lineKeyOf(row.row);
    const group = byLine.get(key);
    if (group) group.push(row);
    else byLine.set(key, [row]);
  }
  const errors: FieldError[] = [];
  await mapConcurrent([...byLine], UPDATE_CONCURRENCY, async ([lineKey, group]) => {
    // A later row for the same month wins, as it would in a file read top to bottom.
    const months = new Map(group.map((r) => [r.row.period, r.row.executedToDateFen]));
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const sets = [...months].map(([period, fen], i) => {
      names[`#m${i}`] = period;
      values[`:m${i}`] = fen;
      return `executed.#m${i} = :m${i}`;
    });
    const ok = await updateItem('budget', keys.line(scope.tenantId, scope.year, lineKey), {
      expression: `SET ${sets.join(', ')}`,
      condition: 'attribute_exists(pk)',
      names,
      values,
    });
    if (!ok) for (const row of group) errors.push({ line: row.line, field: 'function_code', message: NO_SUCH_LINE });
  });
  errors.sort((a, b) => a.line - b.line);
  return { imported: rows.length - errors.length, errors };
}

/**
 * Which budget lines exist, asked in batches and remembered for the job (lines are never deleted).
 * A payments file names a few thousand lines at most, so the memory stays small.
 */
export class KnownLines {
  private readonly known: Set<string>;
  constructor(
    private readonly scope: Pick<WriteScope, 'tenantId' | 'year'>,
    /** Line keys already known to exist (an importer that loaded the year's lines). */
    initial: Iterable<string> = [],
  ) {
    this.known = new Set(initial);
  }

  async filterExisting(lineKeys: readonly string[]): Promise<Set<string>> {
    const unknown = [...new Set(lineKeys.filter((k) => !this.known.has(k)))];
    if (unknown.length) {
      const found = await batchGet<BudgetLineRecord>('budget', unknown.map((k) => keys.line(this.scope.tenantId, this.scope.year, k)));
      found.forEach((line, i) => {
        if (line) this.known.add(unknown[i]!);
      });
    }
    return new Set(lineKeys.filter((k) => this.known.has(k)));
  }
}

export function newPaymentRecord(scope: Pick<WriteScope, 'tenantId' | 'year'>, row: PaymentRow): PaymentRecord {
  const { tenantId, year } = scope;
  const lineKey = lineKeyOf(row);
  const byDate = `${row.date}#${row.paymentNumber}`;
  return {
    ...keys.payment(tenantId, year, row.paymentNumber),
    sk: 'PAYMENT',
    type: 'Payment',
    tenantId,
    year,
    paymentNumber: row.paymentNumber,
    date: row.date,
    payee: row.payee,
    amount: row.amountFen,
    purpose: row.purpose,
    lineKey,
    unitCode: row.unitCode,
    functionCode: row.functionCode,
    economicCode: row.economicCode,
    projectCode: row.projectCode,
    paymentsByDatePk: keys.paymentsOfYear(tenantId, year),
    paymentsByDateSk: byDate,
    paymentsByAmountPk: keys.paymentsOfYear(tenantId, year),
    paymentsByAmountSk: `${amountSortKey(row.amountFen)}#${row.paymentNumber}`,
    paymentsByLinePk: keys.paymentsOfLine(tenantId, year, lineKey),
    paymentsByLineSk: byDate,
    paymentsByUnitPk: keys.paymentsOfUnit(tenantId, year, row.unitCode),
    paymentsByUnitSk: byDate,
  };
}

/**
 * Treasury payments (国库集中支付明细), put whole by payment number: a repeated file, or rows
 * re-written after a resume, replace the same items and add nothing. A payment for a line that does
 * not exist is a row error. Sums per line are not moved here (a re-written row would count twice);
 * `landImport` recomputes them from the stored payments.
 */
export async function writePayments(
  scope: WriteScope,
  rows: readonly Numbered<PaymentRow>[],
  lines = new KnownLines(scope),
): Promise<WriteOutcome> {
  const existing = await lines.filterExisting(rows.map((r) => lineKeyOf(r.row)));
  const errors: FieldError[] = [];
  // One BatchWriteItem may not name a key twice: within a batch the later row for a number wins.
  const byNumber = new Map<string, PaymentRow>();
  for (const { line, row } of rows) {
    if (!existing.has(lineKeyOf(row))) errors.push({ line, field: 'function_code', message: NO_SUCH_LINE });
    else byNumber.set(row.paymentNumber, row);
  }
  await batchWrite('budget', [...byNumber.values()].map((row) => ({ put: newPaymentRecord(scope, row) as unknown as Record<string, unknown> })));
  return { imported: rows.length - errors.length, errors };
}
