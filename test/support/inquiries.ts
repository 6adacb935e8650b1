import { evaluateAlerts } from '../../functions/src/budget/alerts/evaluation';
import { shanghaiDate } from '../../functions/src/budget/inquiries/workflow';
import { gqlOk, newTenant, tokenFor } from './api';
import { county2026, EDU, FIN, seedBudget, type LineSpec } from './budget-reads';

/** Test helpers for inquiries and deputies' questions: a county with alerts of two units, and the operations. */

/** county2026 (EDU's 三公 line over budget) plus a FIN line over budget: alerts of two units. */
export function countyWithAlerts(): LineSpec[] {
  return [
    ...county2026(),
    {
      unit: FIN, fn: ['2010601', '行政运行'], econ: ['30202', '印刷费'],
      approved: 100_000, adjusted: 100_000, executed: { 1: 50_000, 3: 150_000 },
      payments: [['2026000013', '2026-03-10', '离石区某某印刷厂', 150_000]],
    },
  ];
}

export const ALERT_FIELDS = `id rule status revision unit { code name }
  subject { __typename ... on BudgetUnit { code } ... on BudgetLine { id economic { code } } ... on Payment { paymentNumber } }
  history { action from to by note }`;

export const INQUIRY_FIELDS = `id year question dueOn sentBy status returnNote overdueDays revision unit { code name }
  answer { text answeredBy attachments { id fileName status sha256 rejectReason downloadUrl } }
  alerts { id status revision }`;

export const ALERTS_OF_YEAR = `query($filter: AlertFilter) { alerts(year: 2026, filter: $filter, first: 100) { edges { node { ${ALERT_FIELDS} } } } }`;
export const SEND = `mutation($input: SendInquiryInput!) { sendInquiry(input: $input) { inquiry { ${INQUIRY_FIELDS} } } }`;
export const ANSWER = `mutation($input: AnswerInquiryInput!) { answerInquiry(input: $input) { inquiry { ${INQUIRY_FIELDS} } } }`;
export const RETURN = `mutation($input: ReturnInquiryAnswerInput!) { returnInquiryAnswer(input: $input) { inquiry { ${INQUIRY_FIELDS} } } }`;
export const CLOSE = `mutation($input: CloseAlertInput!) { closeAlert(input: $input) { alert { ${ALERT_FIELDS} } } }`;
export const DISMISS = `mutation($input: DismissAlertInput!) { dismissAlert(input: $input) { alert { ${ALERT_FIELDS} } } }`;
export const INQUIRY = `query($id: ID!) { node(id: $id) { ... on Inquiry { ${INQUIRY_FIELDS} } } }`;
export const ALERT = `query($id: ID!) { node(id: $id) { ... on Alert { ${ALERT_FIELDS} inquiries { id status } latestInquiry { id status } } } }`;
export const INQUIRIES = `query($filter: InquiryFilter) { inquiries(year: 2026, filter: $filter, first: 50) { edges { node { id status unit { code } } } pageInfo { hasNextPage } } }`;

/** A due date `days` from today (Asia/Shanghai). */
export function dueIn(days: number): string {
  return new Date(Date.parse(`${shanghaiDate()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface AlertCounty {
  tenantId: string;
  staff: string;
  deputy: string;
  admin: string;
  /** BUDGET_UNIT tokens of the two units. */
  edu: string;
  fin: string;
  /** OPEN alerts by unit code. */
  alerts: Record<string, { id: string; rule: string; revision: number; subject: { __typename: string } }[]>;
}

/** A fresh tenant with the county's data, its rules run, and a token per role that matters here. */
export async function alertCounty(lines: LineSpec[] = countyWithAlerts()): Promise<AlertCounty> {
  const tenantId = await newTenant();
  await seedBudget(tenantId, 2026, lines);
  await evaluateAlerts(tenantId, 2026, { jobId: 'seed' });
  const [staff, deputy, admin, edu, fin] = await Promise.all([
    tokenFor(tenantId, 'BUDGET_STAFF'),
    tokenFor(tenantId, 'DEPUTY'),
    tokenFor(tenantId, 'TENANT_ADMIN'),
    tokenFor(tenantId, 'BUDGET_UNIT', { unitCode: EDU[0] }),
    tokenFor(tenantId, 'BUDGET_UNIT', { unitCode: FIN[0] }),
  ]);
  const edges = (await gqlOk(staff, ALERTS_OF_YEAR)).alerts.edges as { node: any }[];
  const alerts: AlertCounty['alerts'] = {};
  for (const { node } of edges) (alerts[node.unit.code] ??= []).push(node);
  return { tenantId, staff, deputy, admin, edu, fin, alerts };
}
