/**
 * Budget data for the read benchmarks: one year of a county in the bench tenant, written through
 * the import write core and landed (the code an import runs after reading its CSV), so the reads
 * see exactly what an import leaves. 20 units × 20 lines, ten months of execution, one payment per
 * line and month (4,000 payments) that adds up to the month's spending. Deterministic (seeded PRNG).
 */
import { landImport } from '../../functions/src/budget/aggregates';
import type { BudgetLineRow, ExecutionRow, PaymentRow } from '../../functions/src/budget/csv/rows';
import { writeBudgetLines, writeExecution, writePayments, type Numbered, type WriteScope } from '../../functions/src/budget/writes';

export const BUDGET_YEAR = 2026;
export const BUDGET_UNITS = 20;
export const LINES_PER_UNIT = 20;
export const BUDGET_MONTHS = 10;

const FUNCTIONS: [string, string][] = [
  ['2010101', '行政运行'], ['2050201', '学前教育'], ['2050202', '小学教育'], ['2050203', '初中教育'], ['2080501', '行政单位离退休'],
  ['2100302', '乡镇卫生院'], ['2120101', '行政运行'], ['2130101', '行政运行'], ['2130305', '水利工程建设'], ['2140104', '公路建设'],
];
const ECONOMICS: [string, string][] = [
  ['30101', '基本工资'], ['30201', '办公费'], ['30211', '差旅费'], ['30217', '公务接待费'], ['30231', '公务用车运行维护费'],
  ['30305', '生活补助'], ['31002', '办公设备购置'], ['30213', '维修（护）费'], ['30226', '劳务费'], ['30227', '委托业务费'],
];
const PAYEES = ['张某某', '李某', '离石区某某建设工程有限公司', '吕梁市某某宾馆', '山西某某信息技术有限公司', '离石区某某加油站'];

/** A small linear congruential generator: the same data on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export async function seedBudgetData(tenantId: string): Promise<{ lines: number; payments: number }> {
  const random = prng(2026);
  const year = BUDGET_YEAR;
  const lines: BudgetLineRow[] = [];
  for (let u = 0; u < BUDGET_UNITS; u++) {
    for (let l = 0; l < LINES_PER_UNIT; l++) {
      const [functionCode, functionName] = FUNCTIONS[(u + l) % FUNCTIONS.length]!;
      const [economicCode, economicName] = ECONOMICS[l % ECONOMICS.length]!;
      const adjusted = 100_000_00 + Math.floor(random() * 5_000_000_00);
      lines.push({
        year, unitCode: `141102${String(u + 1).padStart(3, '0')}`, unitName: `离石区第${u + 1}预算单位`,
        functionCode, functionName, economicCode, economicName,
        projectCode: l >= 10 ? `P${year}${String(u * 100 + l).padStart(4, '0')}` : '', projectName: l >= 10 ? `${functionName}项目${l}` : '',
        approvedFen: adjusted, adjustedFen: adjusted,
      });
    }
  }
  const execution: ExecutionRow[] = [];
  const payments: PaymentRow[] = [];
  for (const line of lines) {
    let cumulative = 0;
    for (let m = 1; m <= BUDGET_MONTHS; m++) {
      const spent = Math.floor((line.adjustedFen / 12) * (0.5 + random()));
      cumulative += spent;
      const { unitCode, functionCode, economicCode, projectCode } = line;
      execution.push({ year, unitCode, functionCode, economicCode, projectCode, period: `${year}-${String(m).padStart(2, '0')}`, executedToDateFen: cumulative });
      payments.push({
        year, unitCode, functionCode, economicCode, projectCode,
        paymentNumber: `${year}${String(payments.length + 1).padStart(8, '0')}`,
        date: `${year}-${String(m).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
        payee: PAYEES[Math.floor(random() * PAYEES.length)]!,
        amountFen: spent,
        purpose: `${line.economicName}支出`,
      });
    }
  }
  const scope: WriteScope = { tenantId, year, jobId: 'bench-seed', now: new Date().toISOString() };
  const numbered = <R>(rows: R[]): Numbered<R>[] => rows.map((row, i) => ({ line: i + 2, row }));
  await writeBudgetLines(scope, numbered(lines));
  await writeExecution(scope, numbered(execution));
  await writePayments(scope, numbered(payments));
  await landImport(tenantId, year, { jobId: scope.jobId, recountPayments: true });
  return { lines: lines.length, payments: payments.length };
}
