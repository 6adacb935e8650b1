import { errorCode, gql, gqlOk, tokenFor } from '../../support/api';
import { trailOf } from '../../support/audit';
import { EDU, FIN } from '../../support/budget-reads';
import { alertCounty, type AlertCounty } from '../../support/inquiries';
import { toGlobalId } from '../../../functions/src/core/ids';

/**
 * Deputies' questions on the budget (代表询问) through the handler: asked on a line or an alert,
 * answered by staff, seen by the deputy on the subject and in the list; roles, other tenants, bad
 * input, idempotency. And the audit trail of warning rule versions.
 */
const QUESTION_FIELDS = `id question askedBy status revision answer { text answeredBy }
  subject { __typename ... on BudgetLine { id } ... on Alert { id } }`;
const ASK = `mutation($input: AskBudgetQuestionInput!) { askBudgetQuestion(input: $input) { question { ${QUESTION_FIELDS} } } }`;
const ANSWER = `mutation($input: AnswerBudgetQuestionInput!) { answerBudgetQuestion(input: $input) { question { ${QUESTION_FIELDS} } } }`;
const QUESTIONS = `query($filter: BudgetQuestionFilter) { budgetQuestions(filter: $filter, first: 50) { edges { node { ${QUESTION_FIELDS} } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on BudgetQuestion { ${QUESTION_FIELDS} } } }`;
const LINE_QUESTIONS = `query($id: ID!) { node(id: $id) { ... on BudgetLine { questions(first: 10) { edges { node { id status answer { text } } } } } } }`;
const ALERT_QUESTIONS = `query($id: ID!) { node(id: $id) { ... on Alert { questions(first: 10) { edges { node { id status } } } } } }`;
const LINES = `{ budgetLines(year: 2026, first: 10) { edges { node { id unit { code } } } } }`;

let c: AlertCounty;
let lineId: string;
let alertId: string;
beforeAll(async () => {
  c = await alertCounty();
  lineId = (await gqlOk(c.staff, LINES)).budgetLines.edges.find((e: any) => e.node.unit.code === FIN[0]).node.id;
  alertId = c.alerts[EDU[0]]![0]!.id;
});

test('a deputy asks on a line and on an alert; staff answer; the deputy sees the answer on the subject and in the list', async () => {
  const deputy = await tokenFor(c.tenantId, 'DEPUTY', { userId: 'deputy-zhang' });
  const onLine = (await gqlOk(deputy, ASK, { input: { subjectId: lineId, question: '这项办公费为何执行偏快？', idempotencyKey: 'q-1' } })).askBudgetQuestion.question;
  expect(onLine).toMatchObject({ status: 'OPEN', askedBy: 'deputy-zhang', answer: null, revision: 1, subject: { __typename: 'BudgetLine', id: lineId } });
  const onAlert = (await gqlOk(deputy, ASK, { input: { subjectId: alertId, question: '超支部分如何处理？' } })).askBudgetQuestion.question;
  expect(onAlert.subject).toEqual({ __typename: 'Alert', id: alertId });

  const answered = (await gqlOk(c.staff, ANSWER, { input: { questionId: onLine.id, text: '一季度集中采购办公用品，全年可控。', expectedRevision: 1 } })).answerBudgetQuestion.question;
  expect(answered).toMatchObject({ status: 'ANSWERED', revision: 2, answer: { text: '一季度集中采购办公用品，全年可控。' } });

  expect((await gqlOk(deputy, LINE_QUESTIONS, { id: lineId })).node.questions.edges.map((e: any) => e.node)).toEqual([
    { id: onLine.id, status: 'ANSWERED', answer: { text: '一季度集中采购办公用品，全年可控。' } },
  ]);
  expect((await gqlOk(c.staff, ALERT_QUESTIONS, { id: alertId })).node.questions.edges.map((e: any) => e.node.id)).toEqual([onAlert.id]);
  expect((await gqlOk(deputy, NODE, { id: onLine.id })).node.answer.text).toBe('一季度集中采购办公用品，全年可控。');

  // The list: newest first; filters by status, subject and the caller's own.
  const ids = async (token: string, filter: Record<string, unknown>) => (await gqlOk(token, QUESTIONS, { filter })).budgetQuestions.edges.map((e: any) => e.node.id);
  expect(await ids(c.staff, {})).toEqual([onAlert.id, onLine.id]);
  expect(await ids(c.staff, { status: 'OPEN' })).toEqual([onAlert.id]);
  expect(await ids(c.admin, { subjectId: lineId })).toEqual([onLine.id]);
  expect(await ids(deputy, { mine: true })).toEqual([onAlert.id, onLine.id]);
  expect(await ids(c.deputy, { mine: true })).toEqual([]);

  // Idempotent: the same key returns the first question; other input with it is CONFLICT.
  const again = (await gqlOk(deputy, ASK, { input: { subjectId: lineId, question: '这项办公费为何执行偏快？', idempotencyKey: 'q-1' } })).askBudgetQuestion.question;
  expect(again.id).toBe(onLine.id);
  expect(errorCode(await gql(deputy, ASK, { input: { subjectId: lineId, question: '另一个问题', idempotencyKey: 'q-1' } }))).toBe('CONFLICT');
  expect(await ids(c.staff, { subjectId: lineId })).toEqual([onLine.id]);

  // Audit trail of the question.
  expect((await trailOf(c.admin, onLine.id)).map((r) => r.operation)).toEqual(['answerBudgetQuestion', 'askBudgetQuestion']);

  // A second answer is INVALID_TRANSITION; a stale revision is CONFLICT.
  expect(errorCode(await gql(c.staff, ANSWER, { input: { questionId: onLine.id, text: '补充', expectedRevision: 2 } }))).toBe('INVALID_TRANSITION');
  expect(errorCode(await gql(c.staff, ANSWER, { input: { questionId: onAlert.id, text: '答复', expectedRevision: 5 } }))).toBe('CONFLICT');
});

test('only deputies ask and only budget staff answer; a budget unit or a liaison reads no questions (FORBIDDEN)', async () => {
  const asked = (await gqlOk(c.deputy, ASK, { input: { subjectId: lineId, question: '请说明。' } })).askBudgetQuestion.question;
  for (const role of ['BUDGET_STAFF', 'TENANT_ADMIN', 'LEGISLATIVE_STAFF', 'BUDGET_UNIT'] as const) {
    const token = await tokenFor(c.tenantId, role, role === 'BUDGET_UNIT' ? { unitCode: FIN[0] } : {});
    expect(errorCode(await gql(token, ASK, { input: { subjectId: lineId, question: '？' } }))).toBe('FORBIDDEN');
  }
  for (const role of ['DEPUTY', 'TENANT_ADMIN', 'BUDGET_UNIT'] as const) {
    const token = await tokenFor(c.tenantId, role, role === 'BUDGET_UNIT' ? { unitCode: FIN[0] } : {});
    expect(errorCode(await gql(token, ANSWER, { input: { questionId: asked.id, text: '答复', expectedRevision: 1 } }))).toBe('FORBIDDEN');
  }
  for (const token of [c.fin, await tokenFor(c.tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: '01J00000000000000000000000' })]) {
    expect(errorCode(await gql(token, QUESTIONS))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, NODE, { id: asked.id }))).toBe('FORBIDDEN');
  }
});

test('bad input is BAD_USER_INPUT naming the field, and nothing is written', async () => {
  const before = (await gqlOk(c.staff, QUESTIONS)).budgetQuestions.edges.length;
  const cases: [Record<string, unknown>, string][] = [
    [{ subjectId: lineId, question: '  ' }, 'question'],
    [{ subjectId: lineId, question: '问'.repeat(2001) }, 'question'],
    [{ subjectId: 'not-an-id', question: '？' }, 'subjectId'],
    [{ subjectId: toGlobalId('Payment', '2026:2026000001'), question: '？' }, 'subjectId'],
    [{ subjectId: toGlobalId('Draft', '01J00000000000000000000000'), question: '？' }, 'subjectId'],
    [{ subjectId: lineId, question: '？', idempotencyKey: 'has space' }, 'idempotencyKey'],
  ];
  for (const [input, field] of cases) {
    const result = await gql(c.deputy, ASK, { input });
    expect([field, errorCode(result), result.errors?.[0]?.extensions?.field]).toEqual([field, 'BAD_USER_INPUT', field]);
  }
  const asked = (await gqlOk(c.deputy, ASK, { input: { subjectId: lineId, question: '请说明。' } })).askBudgetQuestion.question;
  for (const [input, field] of [
    [{ questionId: asked.id, text: ' ', expectedRevision: 1 }, 'text'],
    [{ questionId: lineId, text: '答复', expectedRevision: 1 }, 'questionId'],
  ] as const) {
    const result = await gql(c.staff, ANSWER, { input });
    expect([errorCode(result), result.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', field]);
  }
  expect((await gqlOk(c.staff, QUESTIONS)).budgetQuestions.edges.length).toBe(before + 1);
  expect((await gqlOk(c.staff, NODE, { id: asked.id })).node.status).toBe('OPEN');
});

test("another tenant's lines, alerts and questions are NOT_FOUND", async () => {
  const other = await alertCounty([]);
  const asked = (await gqlOk(c.deputy, ASK, { input: { subjectId: lineId, question: '请说明。' } })).askBudgetQuestion.question;
  expect(errorCode(await gql(other.deputy, ASK, { input: { subjectId: lineId, question: '？' } }))).toBe('NOT_FOUND');
  expect(errorCode(await gql(other.deputy, ASK, { input: { subjectId: alertId, question: '？' } }))).toBe('NOT_FOUND');
  expect(errorCode(await gql(other.deputy, NODE, { id: asked.id }))).toBe('NOT_FOUND');
  expect(errorCode(await gql(other.staff, ANSWER, { input: { questionId: asked.id, text: '答复', expectedRevision: 1 } }))).toBe('NOT_FOUND');
  expect((await gqlOk(other.staff, QUESTIONS)).budgetQuestions.edges).toEqual([]);
  expect((await gqlOk(other.staff, QUESTIONS, { filter: { subjectId: lineId } })).budgetQuestions.edges).toEqual([]);
});

test('a warning rule is a Node: each new version is in its audit trail (who, what changed)', async () => {
  const RULES = '{ warningRules { id rule revision } }';
  const rule = (await gqlOk(c.staff, RULES)).warningRules.find((r: any) => r.rule === 'LARGE_PAYMENT');
  expect(rule.id).toBe(toGlobalId('WarningRule', 'LARGE_PAYMENT'));
  const UPDATE = `mutation($input: UpdateWarningRuleInput!) { updateWarningRule(input: $input) { id version } }`;
  await gqlOk(c.staff, UPDATE, { input: { rule: 'LARGE_PAYMENT', enabled: true, parameters: [{ name: 'threshold', value: '300000' }], expectedRevision: rule.revision } });
  // A refused change (stale revision) writes no record.
  expect(errorCode(await gql(c.staff, UPDATE, { input: { rule: 'LARGE_PAYMENT', enabled: false, expectedRevision: rule.revision } }))).toBe('CONFLICT');
  const trail = await trailOf(c.admin, rule.id);
  expect(trail).toHaveLength(1);
  expect(trail[0]).toMatchObject({ operation: 'updateWarningRule', entityType: 'WarningRule' });
  expect(trail[0]!.changes.version).toEqual({ before: 1, after: 2 });
  expect(trail[0]!.changes.parameters).toEqual({ before: { threshold: '500000.00' }, after: { threshold: '300000.00' } });
  const node = (await gqlOk(c.deputy, `query($id: ID!) { node(id: $id) { ... on WarningRule { rule version } } }`, { id: rule.id })).node;
  expect(node).toEqual({ rule: 'LARGE_PAYMENT', version: 2 });
});
