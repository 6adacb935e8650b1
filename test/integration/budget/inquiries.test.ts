import { errorCode, gql, gqlOk, tokenFor } from '../../support/api';
import { trailOf } from '../../support/audit';
import { EDU, FIN } from '../../support/budget-reads';
import { countDynamoCalls } from '../../support/dynamo-calls';
import { evaluateAlerts } from '../../../functions/src/budget/alerts/evaluation';
import {
  ALERT,
  ALERTS_OF_YEAR,
  alertCounty,
  ANSWER,
  CLOSE,
  DISMISS,
  dueIn,
  INQUIRIES,
  INQUIRY,
  RETURN,
  SEND,
  type AlertCounty,
} from '../../support/inquiries';

/**
 * Inquiries to units (询问) and the alert workflow through the handler on DynamoDB Local: the whole
 * workflow, each refused role and invalid move, stale revisions, a budget unit seeing only its own
 * unit, another tenant's ids, bad input writing nothing, idempotent sends, and the alert page's cost.
 */

const statusOf = async (token: string, alertId: string) => (await gqlOk(token, ALERT, { id: alertId })).node;
const summary = async (token: string) =>
  (await gqlOk(token, '{ alertSummary(year: 2026) { total active byStatus { status count } } }')).alertSummary;
const countOf = (s: any, status: string) => s.byStatus.find((b: any) => b.status === status).count;

describe('the whole workflow', () => {
  let c: AlertCounty;
  beforeAll(async () => {
    c = await alertCounty();
  });

  test('the county has alerts of both units to work on', () => {
    expect(c.alerts[EDU[0]]!.length).toBeGreaterThanOrEqual(2);
    expect(c.alerts[FIN[0]]!.length).toBeGreaterThanOrEqual(1);
  });

  test('send → answer → return → answer → close each alert; the inquiry closes with its last alert', async () => {
    const [a1, a2] = c.alerts[EDU[0]]!;
    const before = await summary(c.staff);
    const sent = (await gqlOk(c.staff, SEND, { input: { alertIds: [a1!.id, a2!.id], question: '请说明三公经费超支原因。', dueOn: dueIn(10), idempotencyKey: 'ask-1' } })).sendInquiry.inquiry;
    expect(sent).toMatchObject({ status: 'SENT', year: 2026, unit: { code: EDU[0], name: EDU[1] }, overdueDays: 0, revision: 1, answer: null });
    expect(sent.alerts.map((a: any) => a.status)).toEqual(['INQUIRY_SENT', 'INQUIRY_SENT']);
    const alert1 = await statusOf(c.staff, a1!.id);
    expect(alert1).toMatchObject({ status: 'INQUIRY_SENT', revision: a1!.revision + 1, latestInquiry: { id: sent.id, status: 'SENT' }, inquiries: [{ id: sent.id }] });
    expect(alert1.history.at(-1)).toMatchObject({ action: 'SEND_INQUIRY', from: 'OPEN', to: 'INQUIRY_SENT' });
    // Counts kept on write.
    const afterSend = await summary(c.staff);
    expect(countOf(afterSend, 'INQUIRY_SENT')).toBe(countOf(before, 'INQUIRY_SENT') + 2);
    expect(countOf(afterSend, 'OPEN')).toBe(countOf(before, 'OPEN') - 2);
    expect(afterSend.active).toBe(before.active);

    // The unit sees it and answers.
    expect((await gqlOk(c.edu, INQUIRIES)).inquiries.edges.map((e: any) => e.node.id)).toEqual([sent.id]);
    const answered = (await gqlOk(c.edu, ANSWER, { input: { inquiryId: sent.id, text: '因接待任务增加，已申请追加预算。', expectedRevision: 1 } })).answerInquiry.inquiry;
    expect(answered).toMatchObject({ status: 'ANSWERED', revision: 2, answer: { text: '因接待任务增加，已申请追加预算。', attachments: [] } });
    expect(answered.alerts.map((a: any) => a.status)).toEqual(['ANSWERED', 'ANSWERED']);

    // Staff return it; the unit answers again.
    const returned = (await gqlOk(c.staff, RETURN, { input: { inquiryId: sent.id, note: '请附追加预算批复文件。', expectedRevision: 2 } })).returnInquiryAnswer.inquiry;
    expect(returned).toMatchObject({ status: 'RETURNED', returnNote: '请附追加预算批复文件。', revision: 3 });
    expect(returned.alerts.map((a: any) => a.status)).toEqual(['INQUIRY_SENT', 'INQUIRY_SENT']);
    const again = (await gqlOk(c.edu, ANSWER, { input: { inquiryId: sent.id, text: '批复文件见附件。', expectedRevision: 3 } })).answerInquiry.inquiry;
    expect(again).toMatchObject({ status: 'ANSWERED', revision: 4 });

    // Staff close the alerts one by one.
    const r1 = (await statusOf(c.staff, a1!.id)).revision;
    const closed1 = (await gqlOk(c.staff, CLOSE, { input: { alertId: a1!.id, note: '已核实。', expectedRevision: r1 } })).closeAlert.alert;
    expect(closed1).toMatchObject({ status: 'CLOSED' });
    expect(closed1.history.map((h: any) => h.action)).toEqual(['RAISED', 'SEND_INQUIRY', 'ANSWER', 'RETURN_ANSWER', 'ANSWER', 'CLOSE']);
    expect((await gqlOk(c.staff, INQUIRY, { id: sent.id })).node.status).toBe('ANSWERED');
    const r2 = (await statusOf(c.staff, a2!.id)).revision;
    await gqlOk(c.staff, CLOSE, { input: { alertId: a2!.id, expectedRevision: r2 } });
    expect((await gqlOk(c.edu, INQUIRY, { id: sent.id })).node.status).toBe('CLOSED');
    const end = await summary(c.staff);
    expect(countOf(end, 'CLOSED')).toBe(countOf(before, 'CLOSED') + 2);
    expect(end.active).toBe(before.active - 2);

    // Every change is in the audit trail, of the inquiry and of each alert.
    const inquiryTrail = await trailOf(c.admin, sent.id);
    expect(inquiryTrail.map((r) => r.operation)).toEqual(['closeAlert', 'answerInquiry', 'returnInquiryAnswer', 'answerInquiry', 'sendInquiry']);
    const alertTrail = await trailOf(c.admin, a1!.id);
    expect(alertTrail.map((r) => r.operation)).toEqual(['closeAlert', 'answerInquiry', 'returnInquiryAnswer', 'answerInquiry', 'sendInquiry']);
    expect(alertTrail.at(-1)!.changes.status).toEqual({ before: 'OPEN', after: 'INQUIRY_SENT' });
  });

  test('a returned inquiry may be replaced by a new one; the alert lists both', async () => {
    const [alert] = c.alerts[FIN[0]]!;
    const first = (await gqlOk(c.staff, SEND, { input: { alertIds: [alert!.id], question: '请说明印刷费超支原因。', dueOn: dueIn(5) } })).sendInquiry.inquiry;
    await gqlOk(c.fin, ANSWER, { input: { inquiryId: first.id, text: '印刷任务增加。', expectedRevision: 1 } });
    await gqlOk(c.staff, RETURN, { input: { inquiryId: first.id, note: '说明不充分。', expectedRevision: 2 } });
    const second = (await gqlOk(c.staff, SEND, { input: { alertIds: [alert!.id], question: '请逐项列明印刷任务及金额。', dueOn: dueIn(5) } })).sendInquiry.inquiry;
    const read = await statusOf(c.staff, alert!.id);
    expect(read).toMatchObject({ status: 'INQUIRY_SENT', latestInquiry: { id: second.id, status: 'SENT' } });
    expect(read.inquiries.map((i: any) => i.id)).toEqual([first.id, second.id]);
    // The returned inquiry, all of whose alerts went to the new one, is closed: no longer awaited.
    expect((await gqlOk(c.staff, INQUIRY, { id: first.id })).node).toMatchObject({ status: 'CLOSED', overdueDays: 0 });
    expect(errorCode(await gql(c.fin, ANSWER, { input: { inquiryId: first.id, text: '补充说明。', expectedRevision: 4 } }))).toBe('INVALID_TRANSITION');
  });
});

describe('dismissal', () => {
  test('OPEN → DISMISSED with a reason and a note; a dismissed alert takes no inquiry', async () => {
    const c = await alertCounty();
    const [alert] = c.alerts[FIN[0]]!;
    const dismissed = (await gqlOk(c.staff, DISMISS, { input: { alertId: alert!.id, reason: 'DATA_ISSUE', note: '财政局补录数据有误。', expectedRevision: alert!.revision } })).dismissAlert.alert;
    expect(dismissed).toMatchObject({ status: 'DISMISSED', revision: alert!.revision + 1 });
    expect(dismissed.history.at(-1)).toMatchObject({ action: 'DISMISS', from: 'OPEN', to: 'DISMISSED', note: '数据问题：财政局补录数据有误。' });
    const send = await gql(c.staff, SEND, { input: { alertIds: [alert!.id], question: '？', dueOn: dueIn(3) } });
    expect(errorCode(send)).toBe('INVALID_TRANSITION');
    expect((await statusOf(c.staff, alert!.id)).revision).toBe(alert!.revision + 1);
  });
});

describe('refusals', () => {
  let c: AlertCounty;
  let inquiryId: string;
  let sentAlertId: string;
  let openAlertId: string;
  let openRevision: number;
  beforeAll(async () => {
    c = await alertCounty();
    const [a, b] = c.alerts[EDU[0]]!;
    sentAlertId = a!.id;
    openAlertId = b!.id;
    openRevision = b!.revision;
    inquiryId = (await gqlOk(c.staff, SEND, { input: { alertIds: [sentAlertId], question: '请说明。', dueOn: dueIn(7) } })).sendInquiry.inquiry.id;
  });

  test.each(['DEPUTY', 'TENANT_ADMIN', 'LEGISLATIVE_STAFF', 'BUDGET_UNIT'] as const)('%s may not send, return, close or dismiss (FORBIDDEN)', async (role) => {
    const token = await tokenFor(c.tenantId, role, role === 'BUDGET_UNIT' ? { unitCode: EDU[0] } : {});
    expect(errorCode(await gql(token, SEND, { input: { alertIds: [openAlertId], question: '？', dueOn: dueIn(3) } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, RETURN, { input: { inquiryId, note: '退回', expectedRevision: 1 } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, CLOSE, { input: { alertId: sentAlertId, expectedRevision: 2 } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, DISMISS, { input: { alertId: openAlertId, reason: 'NORMAL', note: '正常', expectedRevision: openRevision } }))).toBe('FORBIDDEN');
  });

  test.each(['BUDGET_STAFF', 'DEPUTY', 'TENANT_ADMIN'] as const)('%s may not answer (FORBIDDEN)', async (role) => {
    const token = await tokenFor(c.tenantId, role);
    expect(errorCode(await gql(token, ANSWER, { input: { inquiryId, text: '答复', expectedRevision: 1 } }))).toBe('FORBIDDEN');
  });

  test('a liaison or legislative staff reads no inquiries (FORBIDDEN); deputies and the office read them', async () => {
    for (const role of ['LEGISLATIVE_STAFF', 'CONTACT_POINT_LIAISON'] as const) {
      const token = await tokenFor(c.tenantId, role, role === 'CONTACT_POINT_LIAISON' ? { contactPointId: '01J00000000000000000000000' } : {});
      expect(errorCode(await gql(token, INQUIRIES))).toBe('FORBIDDEN');
      expect(errorCode(await gql(token, INQUIRY, { id: inquiryId }))).toBe('FORBIDDEN');
    }
    for (const token of [c.deputy, c.admin]) expect((await gqlOk(token, INQUIRY, { id: inquiryId })).node.id).toBe(inquiryId);
  });

  test('each invalid move is INVALID_TRANSITION and changes nothing', async () => {
    const sent = await statusOf(c.staff, sentAlertId);
    const cases: [string, Record<string, unknown>][] = [
      [CLOSE, { alertId: openAlertId, expectedRevision: openRevision }], // OPEN → CLOSED
      [CLOSE, { alertId: sentAlertId, expectedRevision: sent.revision }], // INQUIRY_SENT → CLOSED
      [DISMISS, { alertId: sentAlertId, reason: 'NORMAL', note: '正常', expectedRevision: sent.revision }], // INQUIRY_SENT → DISMISSED
      [SEND, { alertIds: [sentAlertId], question: '再问', dueOn: dueIn(3) }], // an inquiry already awaits its answer
      [RETURN, { inquiryId, note: '退回', expectedRevision: 1 }], // SENT → RETURNED
    ];
    for (const [mutation, input] of cases) {
      const result = await gql(c.staff, mutation, { input });
      expect({ mutation: mutation.slice(0, 40), code: errorCode(result) }).toEqual({ mutation: mutation.slice(0, 40), code: 'INVALID_TRANSITION' });
    }
    expect((await statusOf(c.staff, sentAlertId)).revision).toBe(sent.revision);
    expect((await statusOf(c.staff, openAlertId)).revision).toBe(openRevision);
  });

  test('answering a closed inquiry is INVALID_TRANSITION; closing a closed alert too', async () => {
    const fresh = await alertCounty();
    const [alert] = fresh.alerts[FIN[0]]!;
    const id = (await gqlOk(fresh.staff, SEND, { input: { alertIds: [alert!.id], question: '请说明。', dueOn: dueIn(7) } })).sendInquiry.inquiry.id;
    await gqlOk(fresh.fin, ANSWER, { input: { inquiryId: id, text: '答复。', expectedRevision: 1 } });
    const revision = (await statusOf(fresh.staff, alert!.id)).revision;
    await gqlOk(fresh.staff, CLOSE, { input: { alertId: alert!.id, expectedRevision: revision } });
    expect(errorCode(await gql(fresh.fin, ANSWER, { input: { inquiryId: id, text: '再答复。', expectedRevision: 3 } }))).toBe('INVALID_TRANSITION');
    expect(errorCode(await gql(fresh.staff, CLOSE, { input: { alertId: alert!.id, expectedRevision: revision + 1 } }))).toBe('INVALID_TRANSITION');
  });

  test('stale revisions are CONFLICT and change nothing', async () => {
    expect(errorCode(await gql(c.staff, DISMISS, { input: { alertId: openAlertId, reason: 'NORMAL', note: '正常', expectedRevision: openRevision + 5 } }))).toBe('CONFLICT');
    expect(errorCode(await gql(c.edu, ANSWER, { input: { inquiryId, text: '答复', expectedRevision: 7 } }))).toBe('CONFLICT');
    expect((await gqlOk(c.staff, INQUIRY, { id: inquiryId })).node).toMatchObject({ status: 'SENT', revision: 1 });
    expect((await statusOf(c.staff, openAlertId)).status).toBe('OPEN');
  });
});

describe('a budget unit sees only its own unit', () => {
  let c: AlertCounty;
  let eduInquiry: string;
  let eduAlertId: string;
  let eduUnaskedAlertId: string;
  beforeAll(async () => {
    c = await alertCounty();
    const [a, b] = c.alerts[EDU[0]]!;
    eduAlertId = a!.id;
    eduUnaskedAlertId = b!.id;
    eduInquiry = (await gqlOk(c.staff, SEND, { input: { alertIds: [eduAlertId], question: '请说明。', dueOn: dueIn(7) } })).sendInquiry.inquiry.id;
  });

  test("another unit's inquiry is NOT_FOUND, to read and to answer; its list is its own", async () => {
    expect(errorCode(await gql(c.fin, INQUIRY, { id: eduInquiry }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(c.fin, ANSWER, { input: { inquiryId: eduInquiry, text: '答复', expectedRevision: 1 } }))).toBe('NOT_FOUND');
    expect((await gqlOk(c.fin, INQUIRIES)).inquiries.edges).toEqual([]);
    expect(errorCode(await gql(c.fin, INQUIRIES, { filter: { unitCode: EDU[0] } }))).toBe('FORBIDDEN');
    expect((await gqlOk(c.edu, INQUIRIES, { filter: { unitCode: EDU[0] } })).inquiries.edges).toHaveLength(1);
  });

  test('it reads the alerts its inquiries cite and their lines; not other alerts, not the rest of the budget', async () => {
    const cited = (await gqlOk(c.edu, ALERT, { id: eduAlertId })).node;
    expect(cited).toMatchObject({ id: eduAlertId, unit: { code: EDU[0] }, latestInquiry: { id: eduInquiry } });
    expect(errorCode(await gql(c.edu, ALERT, { id: eduUnaskedAlertId }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(c.fin, ALERT, { id: eduAlertId }))).toBe('NOT_FOUND');
    const inquiry = (await gqlOk(c.edu, INQUIRY, { id: eduInquiry })).node;
    expect(inquiry.alerts.map((a: any) => a.id)).toEqual([eduAlertId]);
    expect(errorCode(await gql(c.edu, ALERTS_OF_YEAR))).toBe('FORBIDDEN');
    expect(errorCode(await gql(c.edu, '{ budgetLines(year: 2026, first: 5) { edges { node { id } } } }'))).toBe('FORBIDDEN');
    expect(errorCode(await gql(c.edu, `query($id: ID!) { node(id: $id) { ... on Alert { questions { edges { node { id } } } } } }`, { id: eduAlertId }))).toBe('FORBIDDEN');
  });
});

describe('another tenant', () => {
  test("another tenant's alerts and inquiries are NOT_FOUND, to read and to move", async () => {
    // Alert ids are natural keys: a tenant with the same data has alerts of the same ids (its own).
    // So the other tenant here has no budget data at all.
    const [a, b] = await Promise.all([alertCounty(), alertCounty([])]);
    const [alert] = a.alerts[EDU[0]]!;
    const inquiryId = (await gqlOk(a.staff, SEND, { input: { alertIds: [alert!.id], question: '请说明。', dueOn: dueIn(7) } })).sendInquiry.inquiry.id;
    expect(errorCode(await gql(b.staff, INQUIRY, { id: inquiryId }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(b.edu, INQUIRY, { id: inquiryId }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(b.edu, ANSWER, { input: { inquiryId, text: '答复', expectedRevision: 1 } }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(b.staff, RETURN, { input: { inquiryId, note: '退回', expectedRevision: 1 } }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(b.staff, CLOSE, { input: { alertId: alert!.id, expectedRevision: 2 } }))).toBe('NOT_FOUND');
    const [other] = a.alerts[FIN[0]]!;
    expect(errorCode(await gql(b.staff, SEND, { input: { alertIds: [other!.id], question: '？', dueOn: dueIn(3) } }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(b.staff, DISMISS, { input: { alertId: other!.id, reason: 'NORMAL', note: '正常', expectedRevision: other!.revision } }))).toBe('NOT_FOUND');
    expect((await gqlOk(b.staff, INQUIRIES)).inquiries.edges).toEqual([]);
    expect((await statusOf(a.staff, other!.id)).status).toBe('OPEN');
  });
});

describe('bad input', () => {
  let c: AlertCounty;
  beforeAll(async () => {
    c = await alertCounty();
  });

  test('sendInquiry: BAD_USER_INPUT naming the field, and nothing written', async () => {
    const edu = c.alerts[EDU[0]]![0]!.id;
    const fin = c.alerts[FIN[0]]![0]!.id;
    const cases: [Record<string, unknown>, string][] = [
      [{ alertIds: [], question: '？', dueOn: dueIn(3) }, 'alertIds'],
      [{ alertIds: [edu, edu], question: '？', dueOn: dueIn(3) }, 'alertIds'],
      [{ alertIds: [edu, fin], question: '？', dueOn: dueIn(3) }, 'alertIds'],
      [{ alertIds: [edu, 'not-an-id'], question: '？', dueOn: dueIn(3) }, 'alertIds.1'],
      [{ alertIds: [edu], question: '   ', dueOn: dueIn(3) }, 'question'],
      [{ alertIds: [edu], question: '问'.repeat(5001), dueOn: dueIn(3) }, 'question'],
      [{ alertIds: [edu], question: '？', dueOn: dueIn(-1) }, 'dueOn'],
      [{ alertIds: [edu], question: '？', dueOn: dueIn(400) }, 'dueOn'],
      [{ alertIds: [edu], question: '？', dueOn: '2026-02-30' }, 'dueOn'],
      [{ alertIds: [edu], question: '？', dueOn: dueIn(3), idempotencyKey: 'no spaces' }, 'idempotencyKey'],
    ];
    for (const [input, field] of cases) {
      const result = await gql(c.staff, SEND, { input });
      expect({ field, code: errorCode(result), named: result.errors?.[0]?.extensions?.field }).toEqual({ field, code: 'BAD_USER_INPUT', named: field });
    }
    expect((await gqlOk(c.staff, INQUIRIES)).inquiries.edges).toEqual([]);
    expect((await statusOf(c.staff, edu)).status).toBe('OPEN');
  });

  test('answer, return, close and dismiss: BAD_USER_INPUT naming the field, and nothing written', async () => {
    const [alert, other] = c.alerts[EDU[0]]!;
    const inquiryId = (await gqlOk(c.staff, SEND, { input: { alertIds: [alert!.id], question: '请说明。', dueOn: dueIn(7) } })).sendInquiry.inquiry.id;
    const field = async (token: string, mutation: string, input: Record<string, unknown>) => {
      const result = await gql(token, mutation, { input });
      return [errorCode(result), result.errors?.[0]?.extensions?.field];
    };
    expect(await field(c.edu, ANSWER, { inquiryId, text: ' ', expectedRevision: 1 })).toEqual(['BAD_USER_INPUT', 'text']);
    expect(await field(c.edu, ANSWER, { inquiryId: 'nope', text: '答复', expectedRevision: 1 })).toEqual(['BAD_USER_INPUT', 'inquiryId']);
    expect(await field(c.edu, ANSWER, { inquiryId, text: '答复', expectedRevision: 0 })).toEqual(['BAD_USER_INPUT', 'expectedRevision']);
    expect((await gqlOk(c.staff, INQUIRY, { id: inquiryId })).node).toMatchObject({ status: 'SENT', revision: 1 });
    await gqlOk(c.edu, ANSWER, { input: { inquiryId, text: '答复。', expectedRevision: 1 } });
    expect(await field(c.staff, RETURN, { inquiryId, note: '', expectedRevision: 2 })).toEqual(['BAD_USER_INPUT', 'note']);
    expect(await field(c.staff, CLOSE, { alertId: alert!.id, note: '注'.repeat(2001), expectedRevision: 3 })).toEqual(['BAD_USER_INPUT', 'note']);
    expect(await field(c.staff, DISMISS, { alertId: other!.id, reason: 'NORMAL', note: ' ', expectedRevision: other!.revision })).toEqual(['BAD_USER_INPUT', 'note']);
    expect(await field(c.staff, DISMISS, { alertId: 'QWxlcnQ6eA', reason: 'NORMAL', note: '正常', expectedRevision: 1 })).toEqual(['BAD_USER_INPUT', 'alertId']);
    expect((await gqlOk(c.staff, INQUIRY, { id: inquiryId })).node).toMatchObject({ status: 'ANSWERED', revision: 2 });
    expect((await statusOf(c.staff, other!.id)).status).toBe('OPEN');
  });
});

describe('idempotency and cost', () => {
  test('sendInquiry with the same key returns the first inquiry and writes nothing new; other input is CONFLICT', async () => {
    const c = await alertCounty();
    const [alert] = c.alerts[EDU[0]]!;
    const input = { alertIds: [alert!.id], question: '请说明。', dueOn: dueIn(7), idempotencyKey: 'retry-1' };
    const first = (await gqlOk(c.staff, SEND, { input })).sendInquiry.inquiry;
    const again = (await gqlOk(c.staff, SEND, { input })).sendInquiry.inquiry;
    expect(again.id).toBe(first.id);
    expect((await gqlOk(c.staff, INQUIRIES)).inquiries.edges).toHaveLength(1);
    expect((await statusOf(c.staff, alert!.id)).inquiries).toHaveLength(1);
    expect(errorCode(await gql(c.staff, SEND, { input: { ...input, question: '另一个问题。' } }))).toBe('CONFLICT');
  });

  test('a page of 50 alerts with subject and latest inquiry costs at most 3 round trips', async () => {
    // 60 lines of one unit, each over budget: 60 OVERSPENT line alerts (and the unit's own).
    const lines = Array.from({ length: 60 }, (_, i) => ({
      unit: EDU, fn: [`20502${String(i).padStart(2, '0')}`, `项${i}`] as [string, string], econ: ['30201', '办公费'] as [string, string],
      approved: 100_000, adjusted: 100_000, executed: { 3: 150_000 },
    }));
    const c = await alertCounty(lines);
    const ids = c.alerts[EDU[0]]!.slice(0, 5).map((a) => a.id);
    await gqlOk(c.staff, SEND, { input: { alertIds: ids, question: '请说明。', dueOn: dueIn(7) } });
    await evaluateAlerts(c.tenantId, 2026, { jobId: 'again' }); // nothing changes; inquiries stay on their alerts
    const PAGE = `{ alerts(year: 2026, first: 50) { edges { node { id status
      subject { __typename ... on BudgetLine { id } ... on BudgetUnit { code } }
      latestInquiry { id status dueOn } } } } }`;
    const counter = countDynamoCalls();
    let page: any;
    try {
      page = (await gqlOk(c.deputy, PAGE)).alerts;
    } finally {
      counter.stop();
    }
    expect(page.edges).toHaveLength(50);
    expect(page.edges.filter((e: any) => e.node.latestInquiry?.status === 'SENT')).toHaveLength(5);
    // The rate-limit write, one Query of the page, one BatchGetItem of its lines and latest inquiries.
    expect([...counter.calls].sort()).toEqual(['BatchGetItemCommand', 'QueryCommand', 'UpdateItemCommand']);
  });
});
