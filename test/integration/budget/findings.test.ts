import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toS3Event } from '../../../functions/local/s3-events';
import { handler as ingest } from '../../../functions/src/files/handler';
import { TEST_BUCKET } from '../../support/env';
import { errorCode, gql, gqlOk, newTenant, tokenFor } from '../../support/api';
import { trailOf } from '../../support/audit';
import { county2026, seedBudget } from '../../support/budget-reads';
import { evaluateAlerts } from '../../../functions/src/budget/alerts/evaluation';
import { queryAll } from '../../../functions/src/data/query';
import { findingKeys } from '../../../functions/src/budget/findings/keys';
import {
  CREATE_FINDING, CREATE_REPORT, EDU, FIN, FINDINGS, NODE, RECTIFY, REPORTS, UNIT_STATS, UPDATE_FINDING, UPDATE_REPORT,
  REQUEST_FILE, createFinding, createReport, findingInput,
} from '../../support/findings';

/**
 * Audit reports and findings through the handler: creation (idempotent), edits guarded by revision,
 * rectification and the figures kept on write, OVERDUE, related alerts, roles, other tenants,
 * bad input that writes nothing, and the audit trail.
 */
let tenantId: string;
let staff: string;
let deputy: string;
let admin: string;

beforeAll(async () => {
  tenantId = await newTenant();
  [staff, deputy, admin] = await Promise.all([tokenFor(tenantId, 'BUDGET_STAFF'), tokenFor(tenantId, 'DEPUTY'), tokenFor(tenantId, 'TENANT_ADMIN')]);
});

test('a report with findings: figures kept on write, rectified step by step, per report and per unit', async () => {
  const report = await createReport(staff);
  expect(report).toMatchObject({ year: 2026, heardOn: '2026-06-25', revision: 1, stats: { findingCount: 0, amountInvolved: '0.00', rectificationRate: null } });
  const a = await createFinding(staff, report.id, 1, { amount: '1200.50' });
  const b = await createFinding(staff, report.id, 2, { ...FIN, amount: '300.00', rectificationType: 'IMMEDIATE' });
  await createFinding(staff, report.id, 3, { amount: '99.50' });
  expect(a).toMatchObject({ number: 1, status: 'NOT_STARTED', amount: '1200.50', unit: { code: EDU.unitCode, name: EDU.unitName }, rectifications: [], report: { id: report.id } });

  const step1 = (await gqlOk(staff, RECTIFY, { input: { findingId: a.id, action: '已收回资金', amountRecovered: '200.50', outcome: 'IN_PROGRESS', expectedRevision: 1 } })).reportRectification;
  expect(step1).toMatchObject({ status: 'IN_PROGRESS', revision: 2, rectifications: [{ action: '已收回资金', amountRecovered: '200.50', outcome: 'IN_PROGRESS' }] });
  const step2 = (await gqlOk(staff, RECTIFY, { input: { findingId: a.id, action: '全部收回', amountRecovered: '1000.00', outcome: 'RECTIFIED', expectedRevision: 2 } })).reportRectification;
  expect(step2.status).toBe('RECTIFIED');
  expect(step2.rectifications).toHaveLength(2);
  await gqlOk(staff, RECTIFY, { input: { findingId: b.id, action: '制度已完善', amountRecovered: '0', outcome: 'RECTIFIED', expectedRevision: 1 } });

  const read = (await gqlOk(deputy, NODE, { id: report.id })).node;
  expect(read.stats).toEqual({ findingCount: 3, rectifiedCount: 2, amountInvolved: '1600.00', amountRectified: '1200.50', rectificationRate: 2 / 3 });
  expect(read.unitStats).toEqual([
    { unit: { code: EDU.unitCode, name: EDU.unitName }, figures: { findingCount: 2, rectifiedCount: 1, amountInvolved: '1300.00', amountRectified: '1200.50', rectificationRate: 0.5 } },
    { unit: { code: FIN.unitCode, name: FIN.unitName }, figures: { findingCount: 1, rectifiedCount: 1, amountInvolved: '300.00', amountRectified: '0.00', rectificationRate: 1 } },
  ]);
  // Moving a finding to another unit moves its figures; the year's per-unit query agrees.
  await gqlOk(staff, UPDATE_FINDING, { input: { findingId: a.id, ...FIN, expectedRevision: 3 } });
  const units = (await gqlOk(admin, UNIT_STATS, { year: 2026 })).auditUnitStats;
  expect(units).toEqual(expect.arrayContaining([
    { unit: { code: EDU.unitCode, name: EDU.unitName }, figures: expect.objectContaining({ findingCount: 1, rectifiedCount: 0, amountInvolved: '99.50' }) },
    { unit: { code: FIN.unitCode, name: FIN.unitName }, figures: expect.objectContaining({ findingCount: 2, rectifiedCount: 2, amountInvolved: '1500.50', amountRectified: '1200.50' }) },
  ]));
  // The stored figures equal a recount of the stored findings (nothing drifted).
  const stored = await queryAll<any>({ table: 'budget', partitionValue: findingKeys.reportPartition(tenantId, reportUlid(report.id)), sortKeyPrefix: 'FINDING#' });
  expect(stored.reduce((sum, f) => sum + f.amountFen, 0)).toBe(160000);
  expect(stored.filter((f) => f.status === 'RECTIFIED')).toHaveLength(2);

  // Lists: a report's findings by number, a unit's across reports, by status.
  const byReport = (await gqlOk(deputy, FINDINGS, { filter: { reportId: report.id } })).auditFindings.edges.map((e: any) => e.node.number);
  expect(byReport).toEqual([1, 2, 3]);
  const fin = (await gqlOk(deputy, FINDINGS, { filter: { unitCode: FIN.unitCode } })).auditFindings.edges.map((e: any) => e.node.number);
  expect(fin.sort()).toEqual([1, 2]);
  const open = (await gqlOk(deputy, FINDINGS, { filter: { reportId: report.id, status: 'NOT_STARTED' } })).auditFindings.edges.map((e: any) => e.node.number);
  expect(open).toEqual([3]);
  expect((await gqlOk(deputy, REPORTS, { year: 2026 })).auditReports.map((r: any) => r.id)).toContain(report.id);
});

/** The report's ULID from its global id (`AuditReport:<ulid>.<year>`). */
function reportUlid(reportGlobalId: string): string {
  return Buffer.from(reportGlobalId, 'base64url').toString('utf8').split(':')[1]!.split('.')[0]!;
}

test('OVERDUE: past its due day and not rectified; filterable', async () => {
  const report = await createReport(staff);
  const late = await createFinding(staff, report.id, 1, { dueOn: '2020-01-31' });
  const continuing = await createFinding(staff, report.id, 2, { dueOn: '2020-01-31', rectificationType: 'CONTINUING' });
  expect(late.status).toBe('OVERDUE');
  await gqlOk(staff, RECTIFY, { input: { findingId: continuing.id, action: '建立长效机制', amountRecovered: '0', outcome: 'CONTINUING', expectedRevision: 1 } });
  const overdue = (await gqlOk(staff, FINDINGS, { filter: { reportId: report.id, status: 'OVERDUE' } })).auditFindings.edges.map((e: any) => e.node.number);
  expect(overdue).toEqual([1]);
  const after = (await gqlOk(staff, RECTIFY, { input: { findingId: late.id, action: '已整改', amountRecovered: '1000', outcome: 'RECTIFIED', expectedRevision: 1 } })).reportRectification;
  expect(after.status).toBe('RECTIFIED');
});

test('idempotent creates, stale revisions, a finding number used twice', async () => {
  const input = { year: 2026, title: '审计查出问题整改情况的报告', idempotencyKey: 'report-1' };
  const first = (await gqlOk(staff, CREATE_REPORT, { input })).createAuditReport;
  const again = (await gqlOk(staff, CREATE_REPORT, { input })).createAuditReport;
  expect(again.id).toBe(first.id);
  expect(errorCode(await gql(staff, CREATE_REPORT, { input: { ...input, title: '另一个' } }))).toBe('CONFLICT');

  const f = (await gqlOk(staff, CREATE_FINDING, { input: { ...findingInput(first.id, 1), idempotencyKey: 'f-1' } })).createAuditFinding;
  const f2 = (await gqlOk(staff, CREATE_FINDING, { input: { ...findingInput(first.id, 1), idempotencyKey: 'f-1' } })).createAuditFinding;
  expect(f2.id).toBe(f.id);
  expect(errorCode(await gql(staff, CREATE_FINDING, { input: findingInput(first.id, 1) }))).toBe('CONFLICT');
  expect((await gqlOk(staff, NODE, { id: first.id })).node.stats.findingCount).toBe(1);

  const renamed = (await gqlOk(staff, UPDATE_REPORT, { input: { reportId: first.id, title: '新标题', expectedRevision: 1 } })).updateAuditReport;
  expect(renamed).toMatchObject({ title: '新标题', revision: 2, stats: { findingCount: 1 } });
  expect(errorCode(await gql(staff, UPDATE_REPORT, { input: { reportId: first.id, title: '再改', expectedRevision: 1 } }))).toBe('CONFLICT');
  expect(errorCode(await gql(staff, RECTIFY, { input: { findingId: f.id, action: 'x', amountRecovered: '1', outcome: 'IN_PROGRESS', expectedRevision: 5 } }))).toBe('CONFLICT');
});

test('bad input: BAD_USER_INPUT naming the field, and nothing written', async () => {
  const report = await createReport(staff);
  const cases: [Record<string, unknown>, string][] = [
    [{ amount: '-1.00' }, 'amount'],
    [{ amount: '1.234' }, 'amount'],
    [{ dueOn: '2026-02-30x' }, 'dueOn'],
    [{ number: 0 }, 'number'],
    [{ unitCode: 'a b' }, 'unitCode'],
    [{ description: '   ' }, 'description'],
    [{ relatedAlertIds: ['nope'] }, 'relatedAlertIds.0'],
  ];
  for (const [patch, field] of cases) {
    const result = await gql(staff, CREATE_FINDING, { input: findingInput(report.id, 1, patch) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  }
  const f = await createFinding(staff, report.id, 1);
  const badStep = await gql(staff, RECTIFY, { input: { findingId: f.id, action: '', amountRecovered: '1', outcome: 'RECTIFIED', expectedRevision: 1 } });
  expect(badStep.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'action' });
  const badYear = await gql(staff, CREATE_REPORT, { input: { year: 1999, title: 'x' } });
  expect(badYear.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
  expect((await gql(staff, FINDINGS, { filter: {} })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter' });
  const read = (await gqlOk(staff, NODE, { id: report.id })).node;
  expect(read.stats).toMatchObject({ findingCount: 1, amountRectified: '0.00' });
  expect((await gqlOk(staff, NODE, { id: f.id })).node).toMatchObject({ revision: 1, rectifications: [] });
});

test('related alerts: an alert of the tenant is linked; another tenant\'s is NOT_FOUND', async () => {
  await seedBudget(tenantId, 2026, county2026());
  await evaluateAlerts(tenantId, 2026, { jobId: 'test-findings' });
  const alerts = (await gqlOk(staff, `{ alerts(year: 2026, first: 2) { edges { node { id rule } } } }`)).alerts.edges.map((e: any) => e.node);
  expect(alerts.length).toBeGreaterThan(0);
  const report = await createReport(staff);
  const f = await createFinding(staff, report.id, 1, { relatedAlertIds: [alerts[0].id] });
  expect(f.relatedAlerts).toEqual([alerts[0]]);

  const other = await newTenant();
  const otherStaff = await tokenFor(other, 'BUDGET_STAFF');
  const otherReport = await createReport(otherStaff);
  expect(errorCode(await gql(otherStaff, CREATE_FINDING, { input: findingInput(otherReport.id, 1, { relatedAlertIds: [alerts[0].id] }) }))).toBe('NOT_FOUND');
});

test('roles: DEPUTY and TENANT_ADMIN read, only BUDGET_STAFF writes, others FORBIDDEN', async () => {
  const report = await createReport(staff);
  const f = await createFinding(staff, report.id, 1);
  for (const role of ['DEPUTY', 'TENANT_ADMIN', 'LEGISLATIVE_STAFF'] as const) {
    const token = await tokenFor(tenantId, role);
    expect(errorCode(await gql(token, CREATE_REPORT, { input: { year: 2026, title: 'x' } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, CREATE_FINDING, { input: findingInput(report.id, 2) }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, UPDATE_FINDING, { input: { findingId: f.id, category: 'x', expectedRevision: 1 } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, RECTIFY, { input: { findingId: f.id, action: 'x', amountRecovered: '0', outcome: 'RECTIFIED', expectedRevision: 1 } }))).toBe('FORBIDDEN');
  }
  const legislative = await tokenFor(tenantId, 'LEGISLATIVE_STAFF');
  const liaison = await tokenFor(tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: '01J0000000000000000000000A' });
  for (const token of [legislative, liaison]) {
    expect(errorCode(await gql(token, NODE, { id: f.id }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, REPORTS, { year: 2026 }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, FINDINGS, { filter: { reportId: report.id } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, UNIT_STATS, { year: 2026 }))).toBe('FORBIDDEN');
  }
  expect((await gqlOk(admin, NODE, { id: f.id })).node.number).toBe(1);
});

test('another tenant\'s reports and findings are NOT_FOUND and absent from its lists', async () => {
  const report = await createReport(staff);
  const f = await createFinding(staff, report.id, 1);
  const other = await newTenant();
  const [otherStaff, otherDeputy] = await Promise.all([tokenFor(other, 'BUDGET_STAFF'), tokenFor(other, 'DEPUTY')]);
  expect(errorCode(await gql(otherDeputy, NODE, { id: report.id }))).toBe('NOT_FOUND');
  expect(errorCode(await gql(otherDeputy, NODE, { id: f.id }))).toBe('NOT_FOUND');
  expect(errorCode(await gql(otherStaff, CREATE_FINDING, { input: findingInput(report.id, 2) }))).toBe('NOT_FOUND');
  expect(errorCode(await gql(otherStaff, UPDATE_FINDING, { input: { findingId: f.id, category: 'x', expectedRevision: 1 } }))).toBe('NOT_FOUND');
  expect(errorCode(await gql(otherStaff, RECTIFY, { input: { findingId: f.id, action: 'x', amountRecovered: '0', outcome: 'RECTIFIED', expectedRevision: 1 } }))).toBe('NOT_FOUND');
  expect(errorCode(await gql(otherStaff, FINDINGS, { filter: { reportId: report.id } }))).toBe('NOT_FOUND');
  expect((await gqlOk(otherStaff, REPORTS, { year: 2026 })).auditReports).toEqual([]);
  expect((await gqlOk(otherStaff, FINDINGS, { filter: { unitCode: EDU.unitCode } })).auditFindings.edges).toEqual([]);
  expect((await gqlOk(otherStaff, UNIT_STATS, { year: 2026 })).auditUnitStats).toEqual([]);
});

test('every change is in the audit trail', async () => {
  const report = await createReport(staff);
  const f = await createFinding(staff, report.id, 1);
  await gqlOk(staff, RECTIFY, { input: { findingId: f.id, action: '已整改', amountRecovered: '10.00', outcome: 'RECTIFIED', expectedRevision: 1 } });
  const trail = await trailOf(admin, f.id);
  expect(trail.map((r) => r.operation)).toEqual(['reportRectification', 'createAuditFinding']);
  expect(trail[0]!.changes.status).toEqual({ before: 'NOT_STARTED', after: 'RECTIFIED' });
  expect(trail[0]!.changes.amountRectified).toEqual({ before: '0.00', after: '10.00' });
  expect((await trailOf(admin, report.id)).map((r) => r.operation)).toEqual(['createAuditReport']);
});

test('a BUDGET_UNIT sees and reports on its own unit\'s findings only', async () => {
  const report = await createReport(staff);
  // A unit of its own: other tests of this tenant give EDU findings too.
  const UNIT = { unitCode: '141102077', unitName: '离石区水利局' };
  const own = await createFinding(staff, report.id, 1, UNIT);
  const others = await createFinding(staff, report.id, 2, { ...FIN });
  const unit = await tokenFor(tenantId, 'BUDGET_UNIT', { unitCode: UNIT.unitCode });
  const otherUnit = await tokenFor(tenantId, 'BUDGET_UNIT', { unitCode: '141102999' });

  expect((await gqlOk(unit, NODE, { id: own.id })).node).toMatchObject({ number: 1, report: { id: report.id } });
  expect(errorCode(await gql(unit, NODE, { id: others.id }))).toBe('NOT_FOUND');
  const listed = (await gqlOk(unit, FINDINGS, { filter: { reportId: report.id } })).auditFindings.edges.map((e: any) => e.node.number);
  expect(listed).toEqual([1]);
  expect((await gqlOk(unit, FINDINGS, {})).auditFindings.edges.map((e: any) => e.node.number)).toEqual([1]);
  expect((await gqlOk(unit, FINDINGS, { filter: { unitCode: FIN.unitCode } })).auditFindings.edges).toEqual([]);
  const seen = (await gqlOk(unit, NODE, { id: report.id })).node;
  expect(seen.unitStats.map((u: any) => u.unit.code)).toEqual([UNIT.unitCode]);
  // A unit with no finding in the report does not see the report at all.
  expect(errorCode(await gql(otherUnit, NODE, { id: report.id }))).toBe('NOT_FOUND');

  const step = (await gqlOk(unit, RECTIFY, { input: { findingId: own.id, action: '已退回违规资金', amountRecovered: '500.00', outcome: 'RECTIFIED', expectedRevision: 1 } })).reportRectification;
  expect(step).toMatchObject({ status: 'RECTIFIED', rectifications: [{ amountRecovered: '500.00', outcome: 'RECTIFIED' }] });
  expect(errorCode(await gql(unit, RECTIFY, { input: { findingId: others.id, action: 'x', amountRecovered: '0', outcome: 'RECTIFIED', expectedRevision: 1 } }))).toBe('NOT_FOUND');
  expect(errorCode(await gql(unit, CREATE_FINDING, { input: findingInput(report.id, 3) }))).toBe('FORBIDDEN');
  expect(errorCode(await gql(unit, UPDATE_FINDING, { input: { findingId: own.id, category: 'x', expectedRevision: 2 } }))).toBe('FORBIDDEN');
  expect(errorCode(await gql(unit, REPORTS, { year: 2026 }))).toBe('FORBIDDEN');
  expect(errorCode(await gql(unit, UNIT_STATS, { year: 2026 }))).toBe('FORBIDDEN');
  expect((await gqlOk(staff, NODE, { id: report.id })).node.stats).toMatchObject({ findingCount: 2, rectifiedCount: 1, amountRectified: '500.00', rectificationRate: 0.5 });
});

test('a unit reports rectification with a PDF: uploaded to the presigned POST, checked by the ingest, attached to the step', async () => {
  const report = await createReport(staff);
  const f = await createFinding(staff, report.id, 1);
  const unit = await tokenFor(tenantId, 'BUDGET_UNIT', { unitCode: EDU.unitCode });
  const pdf = readFileSync(join(__dirname, '../../fixtures/files/minutes.pdf'));
  const upload = async (fileName: string, contentType: string, bytes: Buffer) => {
    const { file, upload: form } = (await gqlOk(unit, REQUEST_FILE, { input: { findingId: f.id, fileName, contentType, size: bytes.length } })).requestRectificationUpload;
    expect(file.status).toBe('PENDING_UPLOAD');
    const posted = new FormData();
    for (const { name, value } of form.fields) posted.append(name, value);
    posted.append('file', new Blob([bytes], { type: contentType }), fileName);
    expect((await fetch(form.url, { method: 'POST', body: posted })).status).toBeLessThan(300);
    const key = form.fields.find((x: { name: string }) => x.name === 'key').value as string;
    await ingest(toS3Event({ Records: [{ eventName: 'ObjectCreated:Post', s3: { bucket: { name: TEST_BUCKET }, object: { key } } }] }));
    return file;
  };
  const good = await upload('整改报告.pdf', 'application/pdf', pdf);
  const fake = await upload('伪装.pdf', 'application/pdf', Buffer.from('not a pdf at all, just text'));
  const files = (await gqlOk(unit, NODE, { id: f.id })).node.files;
  expect(files.map((x: any) => [x.fileName, x.status])).toEqual(expect.arrayContaining([['整改报告.pdf', 'AVAILABLE'], ['伪装.pdf', 'REJECTED']]));

  const rejected = await gql(unit, RECTIFY, { input: { findingId: f.id, action: '已整改', amountRecovered: '0', outcome: 'RECTIFIED', fileIds: [fake.id], expectedRevision: 1 } });
  expect(rejected.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fileIds.0' });
  const step = (await gqlOk(unit, RECTIFY, { input: { findingId: f.id, action: '已整改', amountRecovered: '0', outcome: 'RECTIFIED', fileIds: [good.id], expectedRevision: 1 } })).reportRectification;
  const [attached] = step.rectifications[0].attachments;
  expect(attached).toMatchObject({ id: good.id, fileName: '整改报告.pdf', status: 'AVAILABLE' });
  expect(Buffer.from(await (await fetch(attached.downloadUrl)).arrayBuffer()).equals(pdf)).toBe(true);
  // A file is reported once; another finding's file is not this one's.
  const again = await gql(unit, RECTIFY, { input: { findingId: f.id, action: '补充', amountRecovered: '0', outcome: 'RECTIFIED', fileIds: [good.id], expectedRevision: 2 } });
  expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fileIds.0' });
  // Others: deputies read, may not upload; another unit and another tenant do not find the finding.
  expect(errorCode(await gql(deputy, REQUEST_FILE, { input: { findingId: f.id, fileName: 'a.pdf', contentType: 'application/pdf', size: 10 } }))).toBe('FORBIDDEN');
  const otherUnit = await tokenFor(tenantId, 'BUDGET_UNIT', { unitCode: FIN.unitCode });
  expect(errorCode(await gql(otherUnit, REQUEST_FILE, { input: { findingId: f.id, fileName: 'a.pdf', contentType: 'application/pdf', size: 10 } }))).toBe('NOT_FOUND');
  const bad = await gql(unit, REQUEST_FILE, { input: { findingId: f.id, fileName: 'a.exe', contentType: 'application/x-msdownload', size: 10 } });
  expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentType' });
});

test('a deputy asks a question on a finding; staff answer; the finding lists it', async () => {
  const report = await createReport(staff);
  const f = await createFinding(staff, report.id, 1);
  const ASK = `mutation($input: AskBudgetQuestionInput!) { askBudgetQuestion(input: $input) { question { id status subject { __typename ... on AuditFinding { id number } } } } }`;
  const asked = (await gqlOk(deputy, ASK, { input: { subjectId: f.id, question: '这笔专项资金何时全部收回？' } })).askBudgetQuestion.question;
  expect(asked).toMatchObject({ status: 'OPEN', subject: { __typename: 'AuditFinding', id: f.id, number: 1 } });
  await gqlOk(staff, `mutation($input: AnswerBudgetQuestionInput!) { answerBudgetQuestion(input: $input) { question { id } } }`, { input: { questionId: asked.id, text: '预计9月底前全部收回。', expectedRevision: 1 } });
  const QUESTIONS = `query($id: ID!) { node(id: $id) { ... on AuditFinding { questions(first: 10) { edges { node { id status answer { text } } } } } } }`;
  expect((await gqlOk(deputy, QUESTIONS, { id: f.id })).node.questions.edges).toEqual([{ node: { id: asked.id, status: 'ANSWERED', answer: { text: '预计9月底前全部收回。' } } }]);
  const other = await tokenFor(await newTenant(), 'DEPUTY');
  expect(errorCode(await gql(other, ASK, { input: { subjectId: f.id, question: '?' } }))).toBe('NOT_FOUND');
});
