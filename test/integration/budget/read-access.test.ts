import { errorCode, gql, gqlOk, newTenant, tokenFor } from '../../support/api';
import { county2026, EDU, seedBudget } from '../../support/budget-reads';

const PAYMENTS = `query($filter: PaymentFilter, $first: Int) { payments(year: 2026, filter: $filter, first: $first, sort: DATE_ASC) {
  edges { node { id paymentNumber payee } } } }`;
const LINE_IDS = `{ budgetLines(year: 2026, first: 10) { edges { node { id payments(first: 10) { edges { node { id payee } } } } } } }`;

let tenantId: string;
let staff: string;
let deputy: string;
let admin: string;

beforeAll(async () => {
  tenantId = await newTenant();
  [staff, deputy, admin] = await Promise.all([tokenFor(tenantId, 'BUDGET_STAFF'), tokenFor(tenantId, 'DEPUTY'), tokenFor(tenantId, 'TENANT_ADMIN')]);
  await seedBudget(tenantId, 2026, county2026());
});

const payeeOf = (connection: any, number: string) => connection.edges.find((e: any) => e.node.paymentNumber === number)?.node.payee;

test('person payees are masked for deputies and the office, whole for budget staff, in lists, node and nested payments', async () => {
  const asStaff = (await gqlOk(staff, PAYMENTS, { first: 100 })).payments;
  const asDeputy = (await gqlOk(deputy, PAYMENTS, { first: 100 })).payments;
  const asAdmin = (await gqlOk(admin, PAYMENTS, { first: 100 })).payments;
  expect(payeeOf(asStaff, '2026000001')).toBe('张三丰');
  expect(payeeOf(asDeputy, '2026000001')).toBe('张**');
  expect(payeeOf(asAdmin, '2026000001')).toBe('张**');
  expect(payeeOf(asDeputy, '2026000009')).toBe('欧阳*');
  expect(payeeOf(asDeputy, '2026000003')).toBe('李*');
  // Organisations are shown whole to everyone.
  expect(payeeOf(asDeputy, '2026000002')).toBe('离石区某某文具有限公司');
  expect(payeeOf(asDeputy, '2026000008')).toBe('离石区财政局机关服务中心');
  // The same figures otherwise.
  expect(asDeputy.edges.map((e: any) => e.node.id)).toEqual(asStaff.edges.map((e: any) => e.node.id));

  const id = asStaff.edges.find((e: any) => e.node.paymentNumber === '2026000001').node.id;
  const NODE = `query($id: ID!) { node(id: $id) { ... on Payment { payee } } }`;
  expect((await gqlOk(staff, NODE, { id })).node.payee).toBe('张三丰');
  expect((await gqlOk(deputy, NODE, { id })).node.payee).toBe('张**');
  const nested = (await gqlOk(deputy, LINE_IDS)).budgetLines.edges.flatMap((e: any) => e.node.payments.edges.map((p: any) => p.node.payee));
  expect(nested).toContain('张**');
  expect(nested).not.toContain('张三丰');
});

test('a deputy cannot search by a person’s name to unmask it; staff can', async () => {
  const search = async (token: string, payee: string) =>
    (await gqlOk(token, PAYMENTS, { filter: { payee } })).payments.edges.map((e: any) => e.node.paymentNumber);
  expect(await search(staff, '张三丰')).toEqual(['2026000001']);
  expect(await search(staff, '三丰')).toEqual(['2026000001']);
  expect(await search(deputy, '张三丰')).toEqual([]);
  expect(await search(deputy, '三丰')).toEqual([]);
  // What a deputy sees is searchable: the surname, and organisations.
  expect(await search(deputy, '张')).toEqual(['2026000001']);
  expect(await search(deputy, '宾馆')).toEqual(['2026000004', '2026000005']);
});

test('liaisons, legislative staff and the platform operator are FORBIDDEN on every budget read', async () => {
  const liaison = await tokenFor(tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: '01J00000000000000000000000' });
  const legislative = await tokenFor(tenantId, 'LEGISLATIVE_STAFF');
  const someId = (await gqlOk(staff, PAYMENTS, { first: 1 })).payments.edges[0].node.id;
  const lineId = (await gqlOk(staff, LINE_IDS)).budgetLines.edges[0].node.id;
  const reads = [
    '{ budgetOverview(year: 2026) { lineCount } }',
    '{ budgetBreakdown(year: 2026, dimension: FUNCTION) { rows { code } } }',
    '{ budgetLines(year: 2026) { edges { node { id } } } }',
    '{ payments(year: 2026) { edges { node { id } } } }',
    '{ threePublicSpending(year: 2026) { units { over } } }',
    '{ budgetTrend(year: 2026, compareYear: 2025) { months { month } } }',
    '{ exportBudgetLines(year: 2026) { url } }',
    `{ node(id: "${someId}") { id } }`,
    `{ node(id: "${lineId}") { id } }`,
  ];
  for (const token of [liaison, legislative]) {
    for (const query of reads) {
      const result = await gql(token, query);
      expect([query, errorCode(result)]).toEqual([query, 'FORBIDDEN']);
    }
  }
});

test('another tenant’s line and payment ids are NOT_FOUND, and its data is absent from every list', async () => {
  const other = await newTenant();
  const otherStaff = await tokenFor(other, 'BUDGET_STAFF');
  await seedBudget(other, 2026, county2026().slice(0, 2)); // same codes and payment numbers, other figures absent
  const mine = (await gqlOk(staff, LINE_IDS)).budgetLines.edges;
  const theirs = (await gqlOk(otherStaff, LINE_IDS)).budgetLines.edges;
  expect(mine).toHaveLength(6);
  expect(theirs).toHaveLength(2);
  // Same natural keys, same global ids: the tenant comes from the token, so each sees only its own.
  const theirLineId = theirs[0].node.id;
  const theirPaymentId = theirs[0].node.payments.edges[0].node.id;
  const third = await newTenant();
  const thirdStaff = await tokenFor(third, 'BUDGET_STAFF');
  for (const id of [theirLineId, theirPaymentId]) {
    const result = await gql(thirdStaff, `query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(errorCode(result)).toBe('NOT_FOUND');
  }
  const lists = await gqlOk(
    thirdStaff,
    `query($lineId: ID!) { budgetLines(year: 2026) { edges { node { id } } } payments(year: 2026) { edges { node { id } } }
      byLine: payments(year: 2026, filter: { lineId: $lineId }) { edges { node { id } } }
      budgetOverview(year: 2026) { lineCount approved } budgetBreakdown(year: 2026, dimension: UNIT) { rows { code } }
      threePublicSpending(year: 2026) { units { over } } }`,
    { lineId: theirLineId },
  );
  expect(lists).toEqual({
    budgetLines: { edges: [] },
    payments: { edges: [] },
    byLine: { edges: [] },
    budgetOverview: { lineCount: 0, approved: '0.00' },
    budgetBreakdown: { rows: [] },
    threePublicSpending: { units: [] },
  });
  // A cursor of another tenant's list is not a position in this one.
  const page = (await gqlOk(otherStaff, `{ budgetLines(year: 2026, first: 1) { pageInfo { endCursor } } }`)).budgetLines.pageInfo.endCursor;
  const replay = await gql(thirdStaff, `query($after: String) { budgetLines(year: 2026, first: 1, after: $after) { edges { node { id } } } }`, { after: page });
  expect(replay.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
});

test('bad input is BAD_USER_INPUT naming the field', async () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['query($y: Int!) { budgetOverview(year: $y) { lineCount } }', { y: 1999 }, 'year'],
    ['{ budgetOverview(year: 2026, period: "2026-13") { lineCount } }', {}, 'period'],
    ['{ budgetOverview(year: 2026, period: "2025-03") { lineCount } }', {}, 'period'],
    ['{ budgetOverview(year: 2026, period: "2026-3") { lineCount } }', {}, 'period'],
    ['{ budgetBreakdown(year: 2026, dimension: FUNCTION, parentCode: "2050203") { rows { code } } }', {}, 'parentCode'],
    ['{ budgetBreakdown(year: 2026, dimension: FUNCTION, parentCode: "20") { rows { code } } }', {}, 'parentCode'],
    ['{ budgetBreakdown(year: 2026, dimension: ECONOMIC, parentCode: "30201") { rows { code } } }', {}, 'parentCode'],
    ['{ budgetBreakdown(year: 2026, dimension: UNIT, parentCode: "205") { rows { code } } }', {}, 'parentCode'],
    ['{ budgetBreakdown(year: 2026, dimension: FUNCTION, unitCode: "a b") { rows { code } } }', {}, 'unitCode'],
    ['{ budgetLines(year: 2026, first: 101) { edges { cursor } } }', {}, 'first'],
    ['{ budgetLines(year: 2026, first: 0) { edges { cursor } } }', {}, 'first'],
    ['{ budgetLines(year: 2026, after: "not a cursor!") { edges { cursor } } }', {}, 'after'],
    ['{ budgetLines(year: 2026, filter: { functionCode: "2051" }) { edges { cursor } } }', {}, 'filter.functionCode'],
    ['{ budgetLines(year: 2026, filter: { functionCode: "教育" }) { edges { cursor } } }', {}, 'filter.functionCode'],
    ['{ budgetLines(year: 2026, filter: { economicCode: "3021701" }) { edges { cursor } } }', {}, 'filter.economicCode'],
    ['{ budgetLines(year: 2026, filter: { search: "  " }) { edges { cursor } } }', {}, 'filter.search'],
    ['{ payments(year: 2026, first: 500) { edges { cursor } } }', {}, 'first'],
    ['{ payments(year: 2026, filter: { lineId: "nope" }) { edges { cursor } } }', {}, 'filter.lineId'],
    ['{ payments(year: 2026, filter: { minAmount: "-1.00" }) { edges { cursor } } }', {}, 'filter.minAmount'],
    ['{ payments(year: 2026, filter: { from: "2026-03-01", to: "2026-02-01" }) { edges { cursor } } }', {}, 'filter.to'],
    ['{ payments(year: 2026, filter: { payee: "' + '某'.repeat(51) + '" }) { edges { cursor } } }', {}, 'filter.payee'],
    ['{ threePublicSpending(year: 2026, period: "2026-00") { period } }', {}, 'period'],
    ['{ budgetTrend(year: 2026, compareYear: 3000) { year } }', {}, 'compareYear'],
    ['{ budgetTrend(year: 2026, compareYear: 2025, dimension: FUNCTION, code: "99") { year } }', {}, 'code'],
    ['{ budgetTrend(year: 2026, compareYear: 2025, code: "205") { year } }', {}, 'dimension'],
    ['{ exportBudgetLines(year: 2026, filter: { unitCode: "一" }) { url } }', {}, 'filter.unitCode'],
  ];
  for (const [query, variables, field] of cases) {
    const result = await gql(staff, query, variables);
    expect([query, result.errors?.[0]?.extensions]).toEqual([query, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
  }
  // A line's own arguments too.
  const lineId = (await gqlOk(staff, LINE_IDS)).budgetLines.edges[0].node.id;
  const result = await gql(staff, `query($id: ID!) { node(id: $id) { ... on BudgetLine { executedToDate(period: "2026-13") } } }`, { id: lineId });
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period' });
  // A malformed or unknown id is NOT_FOUND through node.
  const unknownLine = Buffer.from(`BudgetLine:2026:${EDU[0]}#2050203#30299#`).toString('base64url');
  const unknownPayment = Buffer.from('Payment:2026:9999999999').toString('base64url');
  for (const id of [unknownLine, unknownPayment]) expect(errorCode(await gql(staff, `query($id: ID!) { node(id: $id) { id } }`, { id }))).toBe('NOT_FOUND');
});
