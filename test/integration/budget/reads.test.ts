import { gqlOk, newTenant, tokenFor } from '../../support/api';
import { county2025, county2026, EDU, FIN, seedBudget } from '../../support/budget-reads';

/** Decimal strings → fen, for exact sums in assertions. */
const fen = (yuan: string) => {
  const [whole, cents = '0'] = yuan.split('.');
  return Number(whole) * 100 + Math.sign(Number(`${whole}1`)) * Number(cents.padEnd(2, '0'));
};
const sum = (values: string[]) => values.reduce((s, v) => s + fen(v), 0);

const OVERVIEW = `query($year: Int!, $period: String) { budgetOverview(year: $year, period: $period) {
  year period approved adjusted executed executionRate timeProgress gapPoints latestPeriod unitCount lineCount unreconciledLineCount } }`;
const BREAKDOWN = `query($year: Int!, $period: String, $dimension: BudgetDimension!, $parentCode: String, $unitCode: String, $sort: BudgetBreakdownSort) {
  budgetBreakdown(year: $year, period: $period, dimension: $dimension, parentCode: $parentCode, unitCode: $unitCode, sort: $sort) {
    period parentCode rows { code name level approved adjusted executed executionRate timeProgress gapPoints lineCount hasChildren } } }`;
const LINES = `query($year: Int!, $filter: BudgetLineFilter, $first: Int, $after: String) { budgetLines(year: $year, filter: $filter, first: $first, after: $after) {
  edges { node { id unit { code name } function { code name } economic { code } project { code name } threePublic approved adjusted executedToDate executionRate paid
    payments(first: 100) { edges { node { id paymentNumber amount date } } } } }
  pageInfo { hasNextPage endCursor } } }`;

let tenantId: string;
let staff: string;

beforeAll(async () => {
  tenantId = await newTenant();
  staff = await tokenFor(tenantId, 'BUDGET_STAFF');
  await seedBudget(tenantId, 2026, county2026());
});

test('budgetOverview: totals at the latest period by default, time progress = month ÷ 12, and the unreconciled line', async () => {
  const { budgetOverview: o } = await gqlOk(staff, OVERVIEW, { year: 2026 });
  expect(o).toEqual({
    year: 2026,
    period: '2026-03',
    approved: '473000.00',
    adjusted: '491000.00',
    executed: '142000.01',
    executionRate: 14_200_001 / 49_100_000,
    timeProgress: 0.25,
    gapPoints: Math.round((14_200_001 / 49_100_000 - 0.25) * 10000) / 100,
    latestPeriod: '2026-03',
    unitCount: 2,
    lineCount: 6,
    unreconciledLineCount: 1,
  });
  const february = (await gqlOk(staff, OVERVIEW, { year: 2026, period: '2026-02' })).budgetOverview;
  // February: lines without a February report carry January forward (the 30217 line: 2,000.00).
  expect(february).toMatchObject({ period: '2026-02', executed: '127000.00', timeProgress: 2 / 12, latestPeriod: '2026-03' });
  const empty = (await gqlOk(staff, OVERVIEW, { year: 2024 })).budgetOverview;
  expect(empty).toMatchObject({ period: null, approved: '0.00', executed: '0.00', executionRate: null, timeProgress: null, lineCount: 0 });
});

test('the drill from 类 to payment adds up to the fen at every level (FUNCTION)', async () => {
  const overview = (await gqlOk(staff, OVERVIEW, { year: 2026 })).budgetOverview;
  const classes = (await gqlOk(staff, BREAKDOWN, { year: 2026, dimension: 'FUNCTION' })).budgetBreakdown.rows;
  expect(classes.map((r: any) => `${r.code} ${r.name}`)).toEqual(['201 一般公共服务支出', '205 教育支出', '208 社会保障和就业支出']);
  for (const field of ['approved', 'adjusted', 'executed'] as const) {
    expect(sum(classes.map((r: any) => r[field]))).toBe(fen(overview[field]));
  }
  const edu = classes.find((r: any) => r.code === '205');
  expect(edu).toMatchObject({ level: 1, hasChildren: true, lineCount: 3, timeProgress: 0.25 });

  const sections = (await gqlOk(staff, BREAKDOWN, { year: 2026, dimension: 'FUNCTION', parentCode: '205' })).budgetBreakdown.rows;
  expect(sections.map((r: any) => `${r.code} ${r.name}`)).toEqual(['20502 普通教育']);
  for (const field of ['approved', 'adjusted', 'executed'] as const) expect(sum(sections.map((r: any) => r[field]))).toBe(fen(edu[field]));

  const items = (await gqlOk(staff, BREAKDOWN, { year: 2026, dimension: 'FUNCTION', parentCode: '20502' })).budgetBreakdown.rows;
  expect(items.map((r: any) => [r.code, r.name, r.level, r.hasChildren])).toEqual([
    ['2050202', '小学教育', 3, false],
    ['2050203', '初中教育', 3, false],
  ]);
  for (const field of ['approved', 'adjusted', 'executed'] as const) expect(sum(items.map((r: any) => r[field]))).toBe(fen(sections[0][field]));

  const junior = items.find((r: any) => r.code === '2050203');
  const lines = (await gqlOk(staff, LINES, { year: 2026, filter: { functionCode: '2050203' }, first: 50 })).budgetLines.edges.map((e: any) => e.node);
  expect(lines).toHaveLength(2);
  expect(sum(lines.map((l: any) => l.adjusted))).toBe(fen(junior.adjusted));
  expect(sum(lines.map((l: any) => l.executedToDate))).toBe(fen(junior.executed));
  for (const line of lines) {
    // Reconciled lines: their payments add up to their execution.
    expect(sum(line.payments.edges.map((e: any) => e.node.amount))).toBe(fen(line.executedToDate));
    expect(line.paid).toBe(line.executedToDate);
  }
  const payment = lines[0].payments.edges[0].node;
  const viaNode = await gqlOk(staff, `query($id: ID!) { node(id: $id) { ... on Payment { paymentNumber amount line { id } } } }`, { id: payment.id });
  expect(viaNode.node).toEqual({ paymentNumber: payment.paymentNumber, amount: payment.amount, line: { id: lines[0].id } });
});

test('ECONOMIC and UNIT breakdowns add up to the totals, and a unit’s own breakdown to its unit row', async () => {
  const overview = (await gqlOk(staff, OVERVIEW, { year: 2026 })).budgetOverview;
  const econ = (await gqlOk(staff, BREAKDOWN, { year: 2026, dimension: 'ECONOMIC' })).budgetBreakdown.rows;
  expect(econ.map((r: any) => `${r.code} ${r.name}`)).toEqual(['302 商品和服务支出', '303 对个人和家庭的补助', '310 资本性支出']);
  expect(sum(econ.map((r: any) => r.executed))).toBe(fen(overview.executed));
  const goods = (await gqlOk(staff, BREAKDOWN, { year: 2026, dimension: 'ECONOMIC', parentCode: '302' })).budgetBreakdown.rows;
  expect(goods.map((r: any) => [r.code, r.hasChildren])).toEqual([['30201', false], ['30217', false], ['30231', false]]);
  expect(sum(goods.map((r: any) => r.adjusted))).toBe(fen(econ[0].adjusted));

  const units = (await gqlOk(staff, BREAKDOWN, { year: 2026, dimension: 'UNIT' })).budgetBreakdown.rows;
  expect(units.map((r: any) => [r.code, r.name, r.hasChildren])).toEqual([[EDU[0], EDU[1], false], [FIN[0], FIN[1], false]]);
  expect(sum(units.map((r: any) => r.approved))).toBe(fen(overview.approved));
  expect(sum(units.map((r: any) => r.executed))).toBe(fen(overview.executed));

  const finUnit = units.find((r: any) => r.code === FIN[0]);
  const finClasses = (await gqlOk(staff, BREAKDOWN, { year: 2026, dimension: 'FUNCTION', unitCode: FIN[0] })).budgetBreakdown.rows;
  expect(finClasses.map((r: any) => r.code)).toEqual(['201']);
  expect(finClasses[0].executed).toBe(finUnit.executed);
  const finLines = (await gqlOk(staff, LINES, { year: 2026, filter: { unitCode: FIN[0] } })).budgetLines.edges;
  expect(sum(finLines.map((e: any) => e.node.executedToDate))).toBe(fen(finUnit.executed));
});

test('breakdown sorts by amount, rate and gap', async () => {
  const codes = async (sort: string) =>
    (await gqlOk(staff, BREAKDOWN, { year: 2026, dimension: 'ECONOMIC', parentCode: '302', sort })).budgetBreakdown.rows.map((r: any) => r.code);
  // adjusted: 30201 160,000; 30217 5,000; 30231 8,000. rates: 30201 ≈ 0.25, 30217 1.2, 30231 ≈ 0.1875.
  expect(await codes('AMOUNT_DESC')).toEqual(['30201', '30231', '30217']);
  expect(await codes('AMOUNT_ASC')).toEqual(['30217', '30231', '30201']);
  expect(await codes('RATE_ASC')).toEqual(['30231', '30201', '30217']);
  expect(await codes('RATE_DESC')).toEqual(['30217', '30201', '30231']);
  expect(await codes('GAP_ASC')).toEqual(['30231', '30201', '30217']);
  expect(await codes('GAP_DESC')).toEqual(['30217', '30201', '30231']);
  const rows = (await gqlOk(staff, BREAKDOWN, { year: 2026, dimension: 'ECONOMIC', parentCode: '302', sort: 'GAP_DESC' })).budgetBreakdown.rows;
  expect(rows[0]).toMatchObject({ code: '30217', executionRate: 1.2, gapPoints: 95 });
});

test('budgetLines: a code filter matches its level and everything below; filters combine', async () => {
  const codesOf = async (filter: Record<string, unknown>) =>
    (await gqlOk(staff, LINES, { year: 2026, filter })).budgetLines.edges.map((e: any) => `${e.node.function.code}/${e.node.economic.code}`).sort();
  expect(await codesOf({ functionCode: '205' })).toEqual(['2050202/31002', '2050203/30201', '2050203/30217']);
  expect(await codesOf({ functionCode: '20502' })).toEqual(['2050202/31002', '2050203/30201', '2050203/30217']);
  expect(await codesOf({ economicCode: '302' })).toEqual(['2010601/30201', '2010601/30231', '2050203/30201', '2050203/30217']);
  expect(await codesOf({ economicCode: '30201' })).toEqual(['2010601/30201', '2050203/30201']);
  expect(await codesOf({ unitCode: EDU[0], economicCode: '302' })).toEqual(['2050203/30201', '2050203/30217']);
  expect(await codesOf({ unitCode: FIN[0], functionCode: '201' })).toEqual(['2010601/30201', '2010601/30231']);
  expect(await codesOf({ threePublic: true })).toEqual(['2010601/30231', '2050203/30217']);
  expect(await codesOf({ threePublic: false, unitCode: FIN[0] })).toEqual(['2010601/30201']);
  expect(await codesOf({ projectCode: 'P20261001' })).toEqual(['2050202/31002']);
  expect(await codesOf({ search: '智慧校园' })).toEqual(['2050202/31002']);
  expect(await codesOf({ search: '财政局' })).toEqual(['2010601/30201', '2010601/30231']);
  expect(await codesOf({ functionCode: '206' })).toEqual([]);
});

test('a line: adjustments, monthly execution, execution at a period, and its payments by date range', async () => {
  const edge = (await gqlOk(staff, LINES, { year: 2026, filter: { unitCode: EDU[0], functionCode: '2050203', economicCode: '30217' } })).budgetLines.edges[0];
  const data = await gqlOk(
    staff,
    `query($id: ID!) { node(id: $id) { ... on BudgetLine { year approved adjusted adjustments { from to }
      jan: executedToDate(period: "2026-01") feb: executedToDate(period: "2026-02") now: executedToDate rate: executionRate
      monthly { period executedToDate amount }
      march: payments(from: "2026-03-01", to: "2026-03-31") { edges { node { paymentNumber date payee } } } } } }`,
    { id: edge.node.id },
  );
  expect(data.node).toEqual({
    year: 2026,
    approved: '5000.00',
    adjusted: '5000.00',
    adjustments: [],
    jan: '2000.00',
    feb: '2000.00', // February not reported: January carries forward
    now: '6000.00',
    rate: 1.2,
    monthly: [
      { period: '2026-01', executedToDate: '2000.00', amount: '2000.00' },
      { period: '2026-02', executedToDate: '2000.00', amount: '0.00' },
      { period: '2026-03', executedToDate: '6000.00', amount: '4000.00' },
    ],
    march: { edges: [{ node: { paymentNumber: '2026000005', date: '2026-03-18', payee: '吕梁市某某宾馆' } }] },
  });
});

test('payments: sorted by date or amount, filtered by unit, line, amount and dates, paged without overlap', async () => {
  const list = async (variables: Record<string, unknown>) =>
    (
      await gqlOk(
        staff,
        `query($filter: PaymentFilter, $sort: PaymentSort, $first: Int, $after: String) { payments(year: 2026, filter: $filter, sort: $sort, first: $first, after: $after) {
          edges { node { paymentNumber date amount payee } } pageInfo { hasNextPage endCursor } } }`,
        variables,
      )
    ).payments;
  const numbers = (c: any) => c.edges.map((e: any) => e.node.paymentNumber);
  const all = await list({ first: 100 });
  expect(all.edges).toHaveLength(12);
  const dates = all.edges.map((e: any) => e.node.date);
  expect(dates).toEqual([...dates].sort().reverse()); // newest first by default
  const byAmount = await list({ sort: 'AMOUNT_DESC', first: 3 });
  expect(byAmount.edges.map((e: any) => e.node.amount)).toEqual(['90000.00', '15000.00', '10000.00']);
  expect(numbers(await list({ sort: 'AMOUNT_ASC', first: 2 }))).toEqual(['2026000012', '2026000011']);
  const ascending = (await list({ sort: 'AMOUNT_ASC', first: 100 })).edges.map((e: any) => fen(e.node.amount));
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  expect(numbers(await list({ filter: { minAmount: '4000.01' }, sort: 'AMOUNT_ASC' }))).toEqual(['2026000010', '2026000003', '2026000001', '2026000002', '2026000006']);
  expect(numbers(await list({ filter: { minAmount: '4000.01' } }))).toEqual(['2026000010', '2026000003', '2026000006', '2026000002', '2026000001']);
  expect(numbers(await list({ filter: { unitCode: FIN[0] }, sort: 'DATE_ASC' }))).toEqual(['2026000008', '2026000011', '2026000009', '2026000012', '2026000010']);
  expect(numbers(await list({ filter: { from: '2026-02-01', to: '2026-02-28' }, sort: 'DATE_ASC' }))).toEqual(['2026000011', '2026000002', '2026000009', '2026000006']);
  expect(numbers(await list({ filter: { unitCode: EDU[0], from: '2026-03-01' }, sort: 'AMOUNT_DESC' }))).toEqual(['2026000003', '2026000005']);

  const line = (await gqlOk(staff, LINES, { year: 2026, filter: { unitCode: FIN[0], economicCode: '30201' } })).budgetLines.edges[0].node;
  expect(numbers(await list({ filter: { lineId: line.id }, sort: 'DATE_ASC' }))).toEqual(['2026000008', '2026000009', '2026000010']);

  // Paging: pages of 5 cover the 12 payments once each.
  const seen: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 5; page++) {
    const c = await list({ first: 5, after });
    seen.push(...numbers(c));
    if (!c.pageInfo.hasNextPage) break;
    after = c.pageInfo.endCursor;
  }
  expect(seen).toEqual(numbers(all));
});

test('threePublicSpending: per unit, the 三公 codes with budget and spending, and which are over', async () => {
  const { threePublicSpending: t } = await gqlOk(
    staff,
    `{ threePublicSpending(year: 2026) { period units { unit { code name } adjusted executed over items { code name adjusted executed executionRate over } } } }`,
  );
  expect(t).toEqual({
    period: '2026-03',
    units: [
      {
        unit: { code: EDU[0], name: EDU[1] },
        adjusted: '5000.00',
        executed: '6000.00',
        over: true,
        items: [{ code: '30217', name: '公务接待费', adjusted: '5000.00', executed: '6000.00', executionRate: 1.2, over: true }],
      },
      {
        unit: { code: FIN[0], name: FIN[1] },
        adjusted: '8000.00',
        executed: '1500.00',
        over: false,
        items: [{ code: '30231', name: '公务用车运行维护费', adjusted: '8000.00', executed: '1500.00', executionRate: 0.1875, over: false }],
      },
    ],
  });
  const january = (await gqlOk(staff, `{ threePublicSpending(year: 2026, period: "2026-01") { units { over items { executed } } } }`)).threePublicSpending;
  expect(january.units.map((u: any) => [u.over, u.items[0].executed])).toEqual([[false, '2000.00'], [false, '500.00']]);
});

test('budgetTrend: two years month by month, for the tenant, a unit and a classification code', async () => {
  await seedBudget(tenantId, 2025, county2025());
  const TREND = `query($dimension: BudgetDimension, $code: String) { budgetTrend(year: 2026, compareYear: 2025, dimension: $dimension, code: $code) {
    code name adjusted compareAdjusted months { month executed amount executionRate compareExecuted compareAmount compareExecutionRate } } }`;
  const tenant = (await gqlOk(staff, TREND)).budgetTrend;
  expect(tenant.months).toHaveLength(12);
  expect(tenant.months[2]).toMatchObject({ month: 3, executed: '142000.01', compareExecuted: '24000.00', compareAmount: '8000.00' });
  expect(tenant.months[3]).toMatchObject({ month: 4, executed: null, amount: null, executionRate: null, compareExecuted: '32000.00' });
  expect(tenant.months[11]).toMatchObject({ compareExecuted: '136000.00', compareExecutionRate: 13_600_000 / 14_000_000 });
  expect(tenant).toMatchObject({ code: null, name: null, adjusted: '491000.00', compareAdjusted: '140000.00' });

  const unit = (await gqlOk(staff, TREND, { dimension: 'UNIT', code: FIN[0] })).budgetTrend;
  expect(unit).toMatchObject({ code: FIN[0], name: FIN[1], compareAdjusted: '40000.00' });
  expect(unit.months.slice(4, 7).map((m: any) => m.compareExecuted)).toEqual(['0.00', '20000.00', '20000.00']);
  expect(unit.months[0]).toMatchObject({ executed: '3500.00', amount: '3500.00' });

  const code = (await gqlOk(staff, TREND, { dimension: 'FUNCTION', code: '2050203' })).budgetTrend;
  expect(code).toMatchObject({ name: '初中教育', adjusted: '125000.00', compareAdjusted: '100000.00' });
  expect(code.months[1]).toMatchObject({ executed: '27000.00', amount: '15000.00', compareExecuted: '16000.00', compareExecutionRate: 0.16 });
});

test('exportBudgetLines: a CSV with BOM of the filtered view, execution at the period', async () => {
  const { exportBudgetLines: e } = await gqlOk(
    staff,
    `{ exportBudgetLines(year: 2026, period: "2026-02", filter: { functionCode: "205" }) { url fileName rowCount period } }`,
  );
  expect(e).toMatchObject({ rowCount: 3, period: '2026-02', fileName: '2026年预算执行-2026-02.csv' });
  const response = await fetch(e.url);
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
  expect(lines[0]).toBe('单位编码,单位名称,功能科目编码,功能科目名称,经济科目编码,经济科目名称,项目编码,项目名称,年初预算数,调整后预算数,累计支出,执行率(%),序时进度(%),差距(百分点),支付合计');
  expect(lines).toHaveLength(4);
  expect(lines).toContain(`${EDU[0]},${EDU[1]},2050203,初中教育,30201,办公费,,,100000.00,120000.00,25000.00,20.83,16.67,4.17,30000.00`);
});
