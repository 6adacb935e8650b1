import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { errorCode, gql, gqlOk, newTenant, tokenFor } from '../../support/api';
import { county2026, seedBudget } from '../../support/budget-reads';
import { expectedNumbers, numbersIn, specsFromGenerator } from '../../support/alerts';
import { countDynamoCalls } from '../../support/dynamo-calls';
import { generateBudgetExport, type Anomalies } from '../../../functions/local/budget/generate';
import { evaluateAlerts } from '../../../functions/src/budget/alerts/evaluation';

/**
 * Alerts through the handler on DynamoDB Local: the project's generator data (every planted anomaly
 * found by its rule, nothing else over budget or large), explanations recomputed from evidence,
 * determinism, re-evaluation that updates and clears, rule versions, roles, other tenants, costs.
 */
const ALERTS = `query($year: Int!, $filter: AlertFilter, $first: Int, $after: String) {
  alerts(year: $year, filter: $filter, first: $first, after: $after) {
    edges { node { id rule severity status year period explanation revision
      subject { __typename ... on BudgetUnit { code } ... on BudgetLine { unit { code } function { code } economic { code } project { code } } ... on Payment { paymentNumber } }
      evidence { ruleVersion parameters { name value } figures { name value } }
      history { action from to severity by } } }
    pageInfo { hasNextPage endCursor } totalCount countsByRule { rule count } countsBySeverity { severity count } } }`;

async function allAlerts(token: string, year: number, filter: Record<string, unknown> = {}) {
  const out: any[] = [];
  let after: string | null = null;
  do {
    const page: any = (await gqlOk(token, ALERTS, { year, filter, first: 100, after })).alerts;
    out.push(...page.edges.map((e: any) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return out;
}

const subjectKey = (a: any) =>
  a.subject.__typename === 'BudgetLine'
    ? [a.subject.unit.code, a.subject.function.code, a.subject.economic.code, a.subject.project.code].join('|')
    : a.subject.__typename === 'Payment'
      ? a.subject.paymentNumber
      : a.subject.code;
const keysOf = (alerts: any[], rule: string, type: string) => alerts.filter((a) => a.rule === rule && a.subject.__typename === type).map(subjectKey).sort();

let tenantId: string;
let staff: string;
let deputy: string;
let anomalies: Anomalies;
let dir: string;

beforeAll(async () => {
  tenantId = await newTenant();
  [staff, deputy] = await Promise.all([tokenFor(tenantId, 'BUDGET_STAFF'), tokenFor(tenantId, 'DEPUTY')]);
  dir = mkdtempSync(path.join(tmpdir(), 'alerts-'));
  // A full year (so December rules run) of a small county: 8 units × 8 lines, ~600 payments.
  anomalies = await generateBudgetExport({ out: dir, units: 8, lines: 8, months: 12, payments: 600, seed: 11 });
  await seedBudget(tenantId, 2026, specsFromGenerator(dir).specs);
  await evaluateAlerts(tenantId, 2026, { jobId: 'test-1' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('on the project generator every planted anomaly is found by its rule, and nothing else is over budget or large', async () => {
  const alerts = await allAlerts(deputy, 2026);
  const sorted = (xs: readonly string[]) => [...xs].sort();
  expect(keysOf(alerts, 'OVERSPENT', 'BudgetLine')).toEqual(sorted(anomalies.over_budget_lines));
  expect(keysOf(alerts, 'THREE_PUBLIC_OVERRUN', 'BudgetLine')).toEqual(sorted(anomalies.three_public_over_budget_lines));
  expect(keysOf(alerts, 'LARGE_PAYMENT', 'Payment')).toEqual(sorted(anomalies.large_payments));
  expect(keysOf(alerts, 'LOW_EXECUTION', 'BudgetUnit')).toEqual(expect.arrayContaining(anomalies.low_execution_units));
  expect(keysOf(alerts, 'YEAR_END_RUSH', 'BudgetLine')).toEqual(expect.arrayContaining(anomalies.year_end_rush_lines));
  expect(keysOf(alerts, 'IDLE_LINE', 'BudgetLine')).toEqual(expect.arrayContaining(anomalies.idle_lines));
  expect(anomalies.year_end_rush_lines.length + anomalies.idle_lines.length + anomalies.large_payments.length).toBeGreaterThan(2);
  for (const a of alerts) {
    expect(a.status).toBe('OPEN');
    expect(a.period).toBe('2026-12');
    expect(a.evidence.ruleVersion).toBe(1);
  }
});

test('every number of every explanation is recomputed from its evidence', async () => {
  const alerts = await allAlerts(staff, 2026);
  expect(new Set(alerts.map((a) => a.rule)).size).toBe(6);
  for (const a of alerts) expect([a.rule, numbersIn(a.explanation)]).toEqual([a.rule, expectedNumbers(a.rule, a.evidence)]);
});

test('evaluating the same data again changes nothing: the same alerts byte for byte, no history added', async () => {
  const before = JSON.stringify(await allAlerts(staff, 2026));
  const outcome = await evaluateAlerts(tenantId, 2026, { jobId: 'test-2' });
  expect(outcome).toMatchObject({ raised: 0, updated: 0, cleared: 0 });
  expect(JSON.stringify(await allAlerts(staff, 2026))).toBe(before);
});

test('counts are kept on write: totalCount, by rule and severity, and the summary agree with the list', async () => {
  const alerts = await allAlerts(staff, 2026);
  const page: any = (await gqlOk(staff, ALERTS, { year: 2026, first: 1 })).alerts;
  expect(page.totalCount).toBe(alerts.length);
  for (const { rule, count } of page.countsByRule) expect(count).toBe(alerts.filter((a) => a.rule === rule).length);
  for (const { severity, count } of page.countsBySeverity) expect(count).toBe(alerts.filter((a) => a.severity === severity).length);
  const red: any = (await gqlOk(staff, ALERTS, { year: 2026, filter: { severity: 'RED', status: 'OPEN' }, first: 100 })).alerts;
  expect(red.totalCount).toBe(alerts.filter((a) => a.severity === 'RED').length);
  const unit = anomalies.low_execution_units[0];
  const ofUnit: any = (await gqlOk(staff, ALERTS, { year: 2026, filter: { unitCode: unit, rule: 'LOW_EXECUTION' }, first: 100 })).alerts;
  expect(ofUnit.totalCount).toBe(ofUnit.edges.length);
  expect(ofUnit.edges.length).toBeGreaterThan(0);
  const summary = (await gqlOk(deputy, '{ alertSummary(year: 2026) { total active period byStatus { status count } } }')).alertSummary;
  expect(summary).toMatchObject({ total: alerts.length, active: alerts.length, period: '2026-12' });
});

describe('re-evaluation and rule versions (a small county)', () => {
  let small: string;
  let smallStaff: string;
  beforeAll(async () => {
    small = await newTenant();
    smallStaff = await tokenFor(small, 'BUDGET_STAFF');
    await seedBudget(small, 2026, county2026());
    await evaluateAlerts(small, 2026, { jobId: 'job-a' });
  });

  test('a later import updates an alert and clears one whose condition is gone, never duplicating', async () => {
    const first = await allAlerts(smallStaff, 2026);
    const over = first.find((a) => a.rule === 'OVERSPENT' && a.subject.__typename === 'BudgetLine')!;
    expect(over).toBeDefined();
    // The 公务接待费 line's March execution is corrected to its budget; the 办公费 line of FIN spends more.
    const corrected = county2026().map((l) =>
      l.econ[0] === '30217' ? { ...l, executed: { ...l.executed, 3: l.adjusted } } : l.unit[0] === '141102002' && l.econ[0] === '30201' ? { ...l, executed: { ...l.executed, 3: 1_200_000 } } : l,
    );
    await seedBudget(small, 2026, corrected);
    const outcome = await evaluateAlerts(small, 2026, { jobId: 'job-b' });
    expect(outcome.cleared).toBeGreaterThan(0);
    const second = await allAlerts(smallStaff, 2026);
    const ids = second.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cleared = second.find((a) => a.id === over.id)!;
    expect(cleared.status).toBe('CLEARED');
    expect(cleared.history.map((h: any) => [h.action, h.by])).toEqual([['RAISED', 'import:job-a'], ['CLEARED', 'import:job-b']]);
    expect(cleared.revision).toBe(2);
    const summary = (await gqlOk(smallStaff, '{ alertSummary(year: 2026) { total active byStatus { status count } } }')).alertSummary;
    expect(summary.total).toBe(second.length);
    expect(summary.byStatus.find((s: any) => s.status === 'CLEARED').count).toBe(second.filter((a) => a.status === 'CLEARED').length);
  });

  test('a rule change is a new version; the next evaluation records it; bad parameters are BAD_USER_INPUT naming the field and write nothing', async () => {
    const RULES = '{ warningRules { rule enabled version revision parameters { name value defaultValue } } }';
    const before = (await gqlOk(smallStaff, RULES)).warningRules;
    const large = before.find((r: any) => r.rule === 'LARGE_PAYMENT');
    expect(large).toMatchObject({ version: 1, revision: 1, parameters: [{ name: 'threshold', value: '500000.00' }] });
    const UPDATE = `mutation($input: UpdateWarningRuleInput!) { updateWarningRule(input: $input) { rule version revision enabled parameters { name value } } }`;
    const bad = [
      [{ rule: 'LARGE_PAYMENT', enabled: true, parameters: [{ name: 'threshold', value: '-5' }], expectedRevision: 1 }, 'input.parameters.0.value'],
      [{ rule: 'LARGE_PAYMENT', enabled: true, parameters: [{ name: 'minAdjusted', value: '5' }], expectedRevision: 1 }, 'input.parameters.0.name'],
      [{ rule: 'LOW_EXECUTION', enabled: true, parameters: [{ name: 'redPace', value: '0.9' }], expectedRevision: 1 }, 'input.parameters.0.value'],
      [{ rule: 'IDLE_LINE', enabled: true, parameters: [{ name: 'months', value: '1.5' }], expectedRevision: 1 }, 'input.parameters.0.value'],
    ] as const;
    for (const [input, field] of bad) {
      const result = await gql(smallStaff, UPDATE, { input });
      expect([errorCode(result), result.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', field]);
    }
    expect((await gqlOk(smallStaff, RULES)).warningRules).toEqual(before);
    const deputyToken = await tokenFor(small, 'DEPUTY');
    expect(errorCode(await gql(deputyToken, UPDATE, { input: { rule: 'LARGE_PAYMENT', enabled: false, expectedRevision: 1 } }))).toBe('FORBIDDEN');

    const changed = (await gqlOk(smallStaff, UPDATE, { input: { rule: 'LOW_EXECUTION', enabled: true, parameters: [{ name: 'minAdjusted', value: '1000' }], expectedRevision: 1 } })).updateWarningRule;
    expect(changed).toMatchObject({ version: 2, revision: 2 });
    expect(errorCode(await gql(smallStaff, UPDATE, { input: { rule: 'LOW_EXECUTION', enabled: false, expectedRevision: 1 } }))).toBe('CONFLICT');
    await evaluateAlerts(small, 2026, { jobId: 'job-c' });
    const low = (await allAlerts(smallStaff, 2026, { rule: 'LOW_EXECUTION' })).filter((a) => a.status !== 'CLEARED');
    expect(low.length).toBeGreaterThan(0);
    for (const a of low) {
      expect(a.evidence.ruleVersion).toBe(2);
      expect(a.evidence.parameters.find((p: any) => p.name === 'minAdjusted').value).toBe('1000.00');
    }
  });
});

test('roles, other tenants and bad input', async () => {
  const [liaison, legislative, admin] = await Promise.all([
    tokenFor(tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: '01J00000000000000000000000' }),
    tokenFor(tenantId, 'LEGISLATIVE_STAFF'),
    tokenFor(tenantId, 'TENANT_ADMIN'),
  ]);
  const some = (await gqlOk(admin, ALERTS, { year: 2026, first: 1 })).alerts.edges[0].node;
  const NODE = 'query($id: ID!) { node(id: $id) { ... on Alert { rule explanation } } }';
  expect((await gqlOk(deputy, NODE, { id: some.id })).node.explanation).toBe(some.explanation);
  for (const token of [liaison, legislative]) {
    expect(errorCode(await gql(token, ALERTS, { year: 2026 }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, '{ alertSummary(year: 2026) { total } }'))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, '{ warningRules { rule } }'))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, NODE, { id: some.id }))).toBe('FORBIDDEN');
  }
  const other = await newTenant();
  const otherStaff = await tokenFor(other, 'BUDGET_STAFF');
  expect(errorCode(await gql(otherStaff, NODE, { id: some.id }))).toBe('NOT_FOUND');
  expect((await gqlOk(otherStaff, ALERTS, { year: 2026 })).alerts.totalCount).toBe(0);
  const year = await gql(staff, ALERTS, { year: 1999 });
  expect([errorCode(year), year.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'year']);
  const unit = await gql(staff, ALERTS, { year: 2026, filter: { unitCode: 'x y' } });
  expect([errorCode(unit), unit.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'filter.unitCode']);
});

test('a page of 50 alerts with their subjects costs at most 3 round trips', async () => {
  // More alerts than a page: this tenant's LARGE_PAYMENT threshold goes down to 50,000 yuan (a new rule version).
  const UPDATE = `mutation($input: UpdateWarningRuleInput!) { updateWarningRule(input: $input) { version } }`;
  await gqlOk(staff, UPDATE, { input: { rule: 'LARGE_PAYMENT', enabled: true, parameters: [{ name: 'threshold', value: '50000' }], expectedRevision: 1 } });
  await evaluateAlerts(tenantId, 2026, { jobId: 'test-3' });
  const counter = countDynamoCalls();
  let page: any;
  try {
    page = (await gqlOk(deputy, ALERTS, { year: 2026, first: 50 })).alerts;
  } finally {
    counter.stop();
  }
  // Lines and payments are read (one BatchGetItem with the counts); a unit subject needs no read.
  expect(page.edges).toHaveLength(50);
  expect(new Set(page.edges.map((e: any) => e.node.subject.__typename))).toEqual(new Set(['BudgetLine', 'Payment']));
  // The request's rate-limit write, one Query of the page, one BatchGetItem of its lines, payments and
  // the counts item: 3, the budget.
  expect([...counter.calls].sort()).toEqual(['BatchGetItemCommand', 'QueryCommand', 'UpdateItemCommand']);
});
