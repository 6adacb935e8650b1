import { landImport } from '../../functions/src/budget/aggregates';
import type { BudgetLineRow, ExecutionRow, PaymentRow } from '../../functions/src/budget/csv/rows';
import { writeBudgetLines, writeExecution, writePayments, type Numbered, type WriteScope } from '../../functions/src/budget/writes';

/**
 * Small budget data for read tests, written through the import write core (the same code an
 * import runs) and landed with the aggregates, so reads see exactly what an import leaves.
 */
export interface LineSpec {
  unit: [code: string, name: string];
  fn: [code: string, name: string];
  econ: [code: string, name: string];
  project?: [code: string, name: string];
  approved: number; // fen
  adjusted: number; // fen
  /** Cumulative execution by month number (1..12), fen. */
  executed: Record<number, number>;
  /** Payments: [number, date, payee, fen]. By default they add up to the latest execution. */
  payments?: [string, string, string, number][];
}

export const lineFields = (l: LineSpec, year: number): BudgetLineRow => ({
  year,
  unitCode: l.unit[0],
  unitName: l.unit[1],
  functionCode: l.fn[0],
  functionName: l.fn[1],
  economicCode: l.econ[0],
  economicName: l.econ[1],
  projectCode: l.project?.[0] ?? '',
  projectName: l.project?.[1] ?? '',
  approvedFen: l.approved,
  adjustedFen: l.adjusted,
});

const numbered = <R>(rows: R[]): Numbered<R>[] => rows.map((row, i) => ({ line: i + 2, row }));

export async function seedBudget(tenantId: string, year: number, lines: LineSpec[]): Promise<void> {
  const scope: WriteScope = { tenantId, year, jobId: `seed-${year}`, now: new Date().toISOString() };
  await writeBudgetLines(scope, numbered(lines.map((l) => lineFields(l, year))));
  const execution: ExecutionRow[] = lines.flatMap((l) =>
    Object.entries(l.executed).map(([month, fen]) => ({ ...lineFields(l, year), period: `${year}-${month.padStart(2, '0')}`, executedToDateFen: fen })),
  );
  const outcome = await writeExecution(scope, numbered(execution));
  const payments: PaymentRow[] = lines.flatMap((l) =>
    (l.payments ?? []).map(([paymentNumber, date, payee, amountFen]) => ({ ...lineFields(l, year), paymentNumber, date, payee, amountFen, purpose: `${l.econ[1]}支出` })),
  );
  const paid = await writePayments(scope, numbered(payments));
  if (outcome.errors.length || paid.errors.length) throw new Error(`seed rejected rows: ${JSON.stringify([...outcome.errors, ...paid.errors])}`);
  await landImport(tenantId, year, { jobId: scope.jobId, recountPayments: true });
}

export const EDU: [string, string] = ['141102001', '离石区教育局'];
export const FIN: [string, string] = ['141102002', '离石区财政局'];

/**
 * A county's 2026 to March: two units, six lines over two 功能 类 (205 教育, 201 一般公共服务)
 * and two 经济 类 (302, 310); two 三公 lines (one over budget); person and organisation payees;
 * one line whose payments fall short of its execution (unreconciled).
 */
export function county2026(): LineSpec[] {
  return [
    {
      unit: EDU, fn: ['2050203', '初中教育'], econ: ['30201', '办公费'],
      approved: 10_000_000, adjusted: 12_000_000, executed: { 1: 1_000_000, 2: 2_500_000, 3: 3_000_000 },
      payments: [
        ['2026000001', '2026-01-10', '张三丰', 1_000_000],
        ['2026000002', '2026-02-12', '离石区某某文具有限公司', 1_500_000],
        ['2026000003', '2026-03-05', '李明', 500_000],
      ],
    },
    {
      unit: EDU, fn: ['2050203', '初中教育'], econ: ['30217', '公务接待费'],
      approved: 500_000, adjusted: 500_000, executed: { 1: 200_000, 3: 600_000 },
      payments: [
        ['2026000004', '2026-01-20', '吕梁市某某宾馆', 200_000],
        ['2026000005', '2026-03-18', '吕梁市某某宾馆', 400_000],
      ],
    },
    {
      unit: EDU, fn: ['2050202', '小学教育'], econ: ['31002', '办公设备购置'], project: ['P20261001', '智慧校园建设'],
      approved: 30_000_000, adjusted: 30_000_000, executed: { 2: 9_000_000, 3: 9_000_000 },
      payments: [['2026000006', '2026-02-28', '山西某某信息技术有限公司', 9_000_000]],
    },
    {
      unit: EDU, fn: ['2080501', '行政单位离退休'], econ: ['30305', '生活补助'],
      approved: 2_000_000, adjusted: 1_800_000, executed: { 1: 150_000, 2: 300_000, 3: 450_000 },
      payments: [['2026000007', '2026-01-15', '王五', 150_000]], // short of 450,000: unreconciled
    },
    {
      unit: FIN, fn: ['2010601', '行政运行'], econ: ['30201', '办公费'],
      approved: 4_000_000, adjusted: 4_000_000, executed: { 1: 300_000, 2: 600_000, 3: 1_000_001 },
      payments: [
        ['2026000008', '2026-01-31', '离石区财政局机关服务中心', 300_000],
        ['2026000009', '2026-02-27', '欧阳修', 300_000],
        ['2026000010', '2026-03-31', '离石区财政局机关服务中心', 400_001],
      ],
    },
    {
      unit: FIN, fn: ['2010601', '行政运行'], econ: ['30231', '公务用车运行维护费'],
      approved: 800_000, adjusted: 800_000, executed: { 1: 50_000, 2: 100_000, 3: 150_000 },
      payments: [
        ['2026000011', '2026-02-01', '吕梁市某某加油站', 100_000],
        ['2026000012', '2026-03-02', '吕梁市某某加油站', 50_000],
      ],
    },
  ];
}

/** The same county's 2025, reported for all twelve months: the year a trend compares with. */
export function county2025(): LineSpec[] {
  return [
    {
      unit: EDU, fn: ['2050203', '初中教育'], econ: ['30201', '办公费'],
      approved: 10_000_000, adjusted: 10_000_000,
      executed: Object.fromEntries(Array.from({ length: 12 }, (_, m) => [m + 1, (m + 1) * 800_000])),
    },
    {
      unit: FIN, fn: ['2010601', '行政运行'], econ: ['30201', '办公费'],
      approved: 4_000_000, adjusted: 4_000_000, executed: { 6: 2_000_000, 12: 4_000_000 },
    },
  ];
}

/** One line with `count` payments of 1.00 to `count`.00 yuan on consecutive days from 2026-01-01. */
export function lineWithPayments(count: number): LineSpec {
  const payments: [string, string, string, number][] = Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(2026, 0, 1 + (i % 300))).toISOString().slice(0, 10);
    return [`P${String(i + 1).padStart(6, '0')}`, date, i % 2 ? '赵六' : '离石区某某建设工程有限公司', (i + 1) * 100];
  });
  const total = payments.reduce((s, p) => s + p[3], 0);
  return { unit: EDU, fn: ['2050203', '初中教育'], econ: ['30202', '印刷费'], approved: total * 2, adjusted: total * 2, executed: { 12: total }, payments };
}

/** `count` lines of one unit (distinct 项 of 205 and economic 款), without execution. */
export function manyLines(count: number): LineSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    unit: EDU,
    fn: [`20502${String(i % 100).padStart(2, '0')}`, `项${i % 100}`],
    econ: [`302${String(Math.floor(i / 100) + 1).padStart(2, '0')}`, '商品和服务'],
    approved: 100_000 + i,
    adjusted: 100_000 + i,
    executed: {},
  }));
}
