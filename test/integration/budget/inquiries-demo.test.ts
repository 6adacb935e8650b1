import { BUDGET_SEED_COUNTIES, seedBudgetData } from '../../../functions/local/budget-seed';
import { gqlOk, newTenant, tokenFor } from '../../support/api';

/**
 * The walkthrough of the alert workflow starts from `npm start`'s demo year: lishi's seed (the
 * project's generator with lishi's options, written and landed as `npm start` does, into a fresh
 * tenant here) must come with alerts of several rules, each explained, ready for an inquiry.
 */
test("npm start's lishi year has alerts of at least three rules, each with its explanation", async () => {
  const lishi = BUDGET_SEED_COUNTIES.find((c) => c.tenantId === 'lishi')!;
  const tenantId = await newTenant({ regionCode: lishi.region });
  const report = await seedBudgetData([{ ...lishi, tenantId }]);
  expect(report.seeded).toEqual([tenantId]);
  const staff = await tokenFor(tenantId, 'BUDGET_STAFF');
  const { alertSummary, alerts } = await gqlOk(staff, `{ alertSummary(year: 2026) { total byRule { rule count } }
    alerts(year: 2026, filter: { status: OPEN }, first: 100) { edges { node { rule explanation } } } }`);
  const rules = alertSummary.byRule.filter((r: any) => r.count > 0).map((r: any) => r.rule);
  expect(rules.length).toBeGreaterThanOrEqual(3);
  expect(alerts.edges.length).toBe(Math.min(100, alertSummary.total));
  for (const { node } of alerts.edges) expect(node.explanation).toMatch(/^截至|^\d{4}年|[，。]/);
  // A second start finds the year present and changes nothing.
  expect(await seedBudgetData([{ ...lishi, tenantId }])).toEqual({ seeded: [], present: [tenantId] });
});
