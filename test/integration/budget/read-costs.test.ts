import { gqlOk, newTenant, tokenFor } from '../../support/api';
import { county2026, lineWithPayments, manyLines, seedBudget } from '../../support/budget-reads';
import { countDynamoCalls } from '../../support/dynamo-calls';
import { budgetKeys } from '../../../functions/src/budget/keys';
import type { PaymentRecord } from '../../../functions/src/budget/records';
import { dynamo } from '../../../functions/src/data/client';
import { queryBoundedPage } from '../../../functions/src/data/query';

/**
 * DynamoDB round trips of each budget read, and the bound on filtered reads. Every request also
 * makes its one rate-limit write (data/rate-limit.ts): the UpdateItem in each list.
 */
let tenantId: string;
let staff: string;
let deputy: string;

beforeAll(async () => {
  tenantId = await newTenant();
  [staff, deputy] = await Promise.all([tokenFor(tenantId, 'BUDGET_STAFF'), tokenFor(tenantId, 'DEPUTY')]);
  // 2026: the county (6 lines, 12 payments) plus 48 more lines of one unit and a line of 40 payments:
  // just over a page of 50 of each, the least that shows what a full page costs.
  await seedBudget(tenantId, 2026, [...county2026(), ...manyLines(48), lineWithPayments(40)]);
  await gqlOk(staff, '{ viewer { userId } }'); // the tenant is cached in this container from here on
});

async function callsOf(token: string, query: string, variables: Record<string, unknown> = {}) {
  const counter = countDynamoCalls();
  try {
    const data = await gqlOk(token, query, variables);
    return { data, calls: [...counter.calls].sort() };
  } finally {
    counter.stop();
  }
}

test('budgetOverview is one GetItem', async () => {
  const { calls } = await callsOf(staff, '{ budgetOverview(year: 2026) { executed lineCount unreconciledLineCount } }');
  expect(calls).toEqual(['GetItemCommand', 'UpdateItemCommand']);
});

test('a breakdown level is one Query (plus the totals GetItem for the default period, in parallel)', async () => {
  const { data, calls } = await callsOf(staff, '{ budgetBreakdown(year: 2026, dimension: FUNCTION, parentCode: "205") { rows { code executed } } }');
  expect(data.budgetBreakdown.rows.length).toBeGreaterThan(0);
  expect(calls).toEqual(['GetItemCommand', 'QueryCommand', 'UpdateItemCommand']);
  const atPeriod = await callsOf(staff, '{ budgetBreakdown(year: 2026, period: "2026-03", dimension: UNIT) { rows { code } } }');
  expect(atPeriod.calls).toEqual(['QueryCommand', 'UpdateItemCommand']);
});

test('a page of 50 lines with execution and rates is one Query and one GetItem', async () => {
  const { data, calls } = await callsOf(
    staff,
    '{ budgetLines(year: 2026, filter: { functionCode: "205" }, first: 50) { edges { node { id unit { name } function { name } approved executedToDate executionRate monthly { amount } } } pageInfo { hasNextPage } } }',
  );
  expect(data.budgetLines.edges).toHaveLength(50);
  expect(data.budgetLines.pageInfo.hasNextPage).toBe(true);
  expect(calls).toEqual(['GetItemCommand', 'QueryCommand', 'UpdateItemCommand']);
});

test('a page of 50 payments with their lines is one Query and one BatchGetItem', async () => {
  const { data, calls } = await callsOf(deputy, '{ payments(year: 2026, first: 50, sort: AMOUNT_DESC) { edges { node { payee amount line { id unit { name } } } } } }');
  expect(data.payments.edges).toHaveLength(50);
  expect(calls).toEqual(['BatchGetItemCommand', 'QueryCommand', 'UpdateItemCommand']);
});

test('a filter the keys cannot answer costs at most two Queries a request, even when nothing matches', async () => {
  // "赵六" is masked for a deputy: the search matches nothing it can see, yet the read is bounded.
  const { data, calls } = await callsOf(deputy, '{ payments(year: 2026, filter: { payee: "赵六" }, first: 50) { edges { node { id } } pageInfo { hasNextPage } } }');
  expect(data.payments.edges).toEqual([]);
  expect(calls).toEqual(['QueryCommand', 'UpdateItemCommand']);
  const search = await callsOf(staff, '{ budgetLines(year: 2026, filter: { search: "智慧校园" }, first: 50) { edges { node { project { name } } } } }');
  expect(search.data.budgetLines.edges).toEqual([{ node: { project: { name: '智慧校园建设' } } }]);
  expect(search.calls).toEqual(['QueryCommand', 'UpdateItemCommand']);
});

test('a bounded read evaluates at most its budget of items a page, returns fewer (or none) with a cursor, and pages on to every match', async () => {
  // The mechanism behind payee and search filters (MAX_FILTERED_READ items a request), with a budget
  // of 7 items over the year's 52 payments so that the bound is reached many times.
  const query = { table: 'budget' as const, index: 'paymentsByDate', partitionValue: budgetKeys.paymentsOfYear(tenantId, 2026) };
  const isRare = (p: PaymentRecord) => p.payee === '吕梁市某某宾馆' || p.payee === '欧阳修';
  const found: string[] = [];
  let after: string | null = null;
  let pages = 0;
  let emptyPagesWithMore = 0;
  for (;;) {
    const limits: number[] = [];
    const name = `limits-${pages}`;
    dynamo().middlewareStack.add((next) => async (args) => {
      limits.push(Number((args.input as { Limit?: number }).Limit));
      return next(args);
    }, { step: 'initialize', name });
    let page;
    try {
      page = await queryBoundedPage<PaymentRecord & Record<string, unknown>>(query, { first: 2, after }, { matches: isRare, maxItemsRead: 7 });
    } finally {
      dynamo().middlewareStack.remove(name);
    }
    pages += 1;
    expect(limits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(7);
    expect(page.items.length).toBeLessThanOrEqual(2);
    found.push(...page.items.map((p) => p.paymentNumber));
    if (page.items.length === 0 && page.hasNextPage) emptyPagesWithMore += 1;
    if (!page.hasNextPage) break;
    after = page.endCursor ?? page.cursors.at(-1)!;
    expect(pages).toBeLessThan(40);
  }
  expect(found.sort()).toEqual(['2026000004', '2026000005', '2026000009']);
  expect(pages).toBeGreaterThanOrEqual(Math.ceil(52 / 7));
  expect(emptyPagesWithMore).toBeGreaterThan(0);
});
