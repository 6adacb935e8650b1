import { errorCode, gql, gqlOk, newTenant, tokenFor } from '../../support/api';
import { trailOf } from '../../support/audit';
import { queryAll } from '../../../functions/src/data/query';
import { findingKeys } from '../../../functions/src/budget/findings/keys';
import { CLOSE_SESSION, EDU, FIN, OPEN_SESSION, RECTIFY, SESSION, VOTE, createFinding, createReport } from '../../support/findings';

/**
 * Satisfaction ratings (满意度测评) through the handler: a secret ballot (no field, item or audit
 * record holds a voter's choice), one vote per deputy, exact counts under concurrent votes, the
 * result on closing, a second round after DISSATISFIED, roles and other tenants.
 */
let tenantId: string;
let staff: string;
let admin: string;

beforeAll(async () => {
  tenantId = await newTenant();
  [staff, admin] = await Promise.all([tokenFor(tenantId, 'BUDGET_STAFF'), tokenFor(tenantId, 'TENANT_ADMIN')]);
});

const deputies = (count: number) => Promise.all(Array.from({ length: count }, (_, i) => tokenFor(tenantId, 'DEPUTY', { userId: `deputy-${i}-${Math.random().toString(36).slice(2, 8)}` })));

async function reportWithFinding() {
  const report = await createReport(staff);
  const finding = await createFinding(staff, report.id, 1);
  return { report, finding };
}

const open = async (reportId: string, membersPresent: number, unitCode?: string) =>
  (await gqlOk(staff, OPEN_SESSION, { input: { reportId, membersPresent, unitCode } })).openRatingSession;
const vote = (token: string, sessionId: string, choice: string) => gql(token, VOTE, { input: { sessionId, choice } });

test('a session is voted and closed: counts hidden while open, the result and 满意率 when closed', async () => {
  const { report } = await reportWithFinding();
  const session = await open(report.id, 9);
  expect(session).toMatchObject({ round: 1, membersPresent: 9, status: 'OPEN', result: null, unit: null, counts: { votesCast: 0, satisfied: null } });
  const voters = await deputies(7);
  const choices = ['SATISFIED', 'SATISFIED', 'SATISFIED', 'BASICALLY_SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED', 'ABSTAIN'];
  for (const [i, token] of voters.entries()) {
    const result = await vote(token, session.id, choices[i]!);
    expect(result.errors).toBeUndefined();
    // The payload shows only that the caller voted, never a choice.
    expect(result.data!.castRatingVote.session).toMatchObject({ viewerHasVoted: true, counts: { votesCast: i + 1, satisfied: null, basicallySatisfied: null, dissatisfied: null, abstain: null } });
  }
  const staffView = (await gqlOk(staff, SESSION, { id: session.id })).node;
  expect(staffView).toMatchObject({ viewerHasVoted: false, counts: { votesCast: 7, satisfied: null }, satisfactionRate: null });

  const closed = (await gqlOk(staff, CLOSE_SESSION, { input: { sessionId: session.id, expectedRevision: 1 } })).closeRatingSession;
  // 3 满意 of 9 is not more than half; 3 + 2 = 5 of 9 is: 基本满意.
  expect(closed).toMatchObject({ status: 'CLOSED', result: 'BASICALLY_SATISFIED', revision: 2, counts: { satisfied: 3, basicallySatisfied: 2, dissatisfied: 1, abstain: 1, votesCast: 7 } });
  expect(closed.satisfactionRate).toBeCloseTo(5 / 9, 12);
  expect(closed.closedAt).toBeTruthy();

  // A closed session refuses votes (an eighth deputy) and a second close.
  const [late] = await deputies(1);
  expect(errorCode(await vote(late!, session.id, 'SATISFIED'))).toBe('CONFLICT');
  expect(errorCode(await gql(staff, CLOSE_SESSION, { input: { sessionId: session.id, expectedRevision: 2 } }))).toBe('CONFLICT');
  // Only DISSATISFIED opens another round.
  expect(errorCode(await gql(staff, OPEN_SESSION, { input: { reportId: report.id, membersPresent: 9 } }))).toBe('CONFLICT');
  const listed = (await gqlOk(admin, `query($id: ID!) { node(id: $id) { ... on AuditReport { ratingSessions { id result } } } }`, { id: report.id })).node.ratingSessions;
  expect(listed).toEqual([{ id: session.id, result: 'BASICALLY_SATISFIED' }]);
});

test('secret ballot: nothing stored or recorded says who voted what', async () => {
  const { report } = await reportWithFinding();
  const session = await open(report.id, 3);
  const [voter] = await deputies(1);
  await vote(voter!, session.id, 'DISSATISFIED');
  const items = await queryAll<Record<string, unknown>>({ table: 'budget', partitionValue: findingKeys.reportPartition(tenantId, reportUlid(report.id)), sortKeyPrefix: 'VOTER#' });
  expect(items).toHaveLength(1);
  const text = JSON.stringify(items);
  expect(text).not.toMatch(/DISSATISFIED|dissatisfied|deputy-/);
  const trail = await trailOf(admin, session.id);
  const voteRecord = trail.find((r) => r.operation === 'castRatingVote')!;
  expect(voteRecord.changes).toEqual({ vote: { before: null, after: 'cast' } });
  expect(JSON.stringify(trail)).not.toMatch(/DISSATISFIED|dissatisfied/);
  // Every field of the session a client may select, while open: no choice anywhere.
  const view = (await gqlOk(voter!, SESSION, { id: session.id })).node;
  expect(JSON.stringify(view)).not.toMatch(/DISSATISFIED/);
});

test('one vote per deputy: the second is CONFLICT and changes nothing', async () => {
  const { report } = await reportWithFinding();
  const session = await open(report.id, 5);
  const [voter] = await deputies(1);
  expect((await vote(voter!, session.id, 'SATISFIED')).errors).toBeUndefined();
  expect(errorCode(await vote(voter!, session.id, 'DISSATISFIED'))).toBe('CONFLICT');
  const closed = (await gqlOk(staff, CLOSE_SESSION, { input: { sessionId: session.id, expectedRevision: 1 } })).closeRatingSession;
  expect(closed.counts).toEqual({ satisfied: 1, basicallySatisfied: 0, dissatisfied: 0, abstain: 0, votesCast: 1 });
  expect(closed.result).toBe('DISSATISFIED'); // 1 of 5 present
});

test('concurrent votes leave the counts exact', async () => {
  const { report } = await reportWithFinding();
  const session = await open(report.id, 20);
  const voters = await deputies(16);
  const choices = voters.map((_, i) => ['SATISFIED', 'SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED'][i % 4]!);
  const results = await Promise.all(voters.map((token, i) => vote(token, session.id, choices[i]!)));
  expect(results.map((r) => r.errors?.[0]?.message ?? 'ok')).toEqual(voters.map(() => 'ok'));
  const closed = (await gqlOk(staff, CLOSE_SESSION, { input: { sessionId: session.id, expectedRevision: 1 } })).closeRatingSession;
  expect(closed.counts).toEqual({ satisfied: 8, basicallySatisfied: 4, dissatisfied: 4, abstain: 0, votesCast: 16 });
  expect(closed.result).toBe('BASICALLY_SATISFIED'); // 8 of 20 is not over half; 12 is
});

test('a unit is rated; DISSATISFIED opens a second round only after the unit reports again', async () => {
  const report = await createReport(staff);
  const finding = await createFinding(staff, report.id, 1, { ...FIN });
  await createFinding(staff, report.id, 2);
  const session = await open(report.id, 3, FIN.unitCode);
  expect(session.unit).toEqual({ code: FIN.unitCode, name: FIN.unitName });
  const voters = await deputies(2);
  for (const token of voters) await vote(token, session.id, 'DISSATISFIED');
  const closed = (await gqlOk(staff, CLOSE_SESSION, { input: { sessionId: session.id, expectedRevision: 1 } })).closeRatingSession;
  expect(closed.result).toBe('DISSATISFIED');
  // A rectification report of another unit does not count; the unit's own does.
  const other = (await gqlOk(staff, `query($id: ID!) { auditFindings(filter: { reportId: $id, unitCode: "${EDU.unitCode}" }) { edges { node { id } } } }`, { id: report.id })).auditFindings.edges[0].node;
  await gqlOk(staff, RECTIFY, { input: { findingId: other.id, action: '已整改', amountRecovered: '0', outcome: 'RECTIFIED', expectedRevision: 1 } });
  expect(errorCode(await gql(staff, OPEN_SESSION, { input: { reportId: report.id, membersPresent: 3, unitCode: FIN.unitCode } }))).toBe('CONFLICT');
  await gqlOk(staff, RECTIFY, { input: { findingId: finding.id, action: '再次整改', amountRecovered: '100', outcome: 'RECTIFIED', expectedRevision: 1 } });
  const second = await open(report.id, 3, FIN.unitCode);
  expect(second).toMatchObject({ round: 2, status: 'OPEN' });
  expect(second.id).not.toBe(session.id);
  // The same deputies vote again in the new round.
  expect((await vote(voters[0]!, second.id, 'SATISFIED')).errors).toBeUndefined();
  // A unit with no finding in the report cannot be rated.
  const bad = await gql(staff, OPEN_SESSION, { input: { reportId: report.id, membersPresent: 3, unitCode: '999999999' } });
  expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitCode' });
});

test('bad input, roles and other tenants', async () => {
  const { report } = await reportWithFinding();
  for (const membersPresent of [0, 1001]) {
    const result = await gql(staff, OPEN_SESSION, { input: { reportId: report.id, membersPresent } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'membersPresent' });
  }
  const session = await open(report.id, 2);
  expect(errorCode(await gql(staff, OPEN_SESSION, { input: { reportId: report.id, membersPresent: 2 } }))).toBe('CONFLICT'); // one open at a time
  const [deputy] = await deputies(1);
  for (const role of ['DEPUTY', 'TENANT_ADMIN', 'LEGISLATIVE_STAFF'] as const) {
    const token = await tokenFor(tenantId, role);
    expect(errorCode(await gql(token, OPEN_SESSION, { input: { reportId: report.id, membersPresent: 2 } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, CLOSE_SESSION, { input: { sessionId: session.id, expectedRevision: 1 } }))).toBe('FORBIDDEN');
  }
  for (const role of ['BUDGET_STAFF', 'TENANT_ADMIN', 'LEGISLATIVE_STAFF'] as const) {
    expect(errorCode(await vote(await tokenFor(tenantId, role), session.id, 'SATISFIED'))).toBe('FORBIDDEN');
  }
  const unit = await tokenFor(tenantId, 'BUDGET_UNIT', { unitCode: EDU.unitCode });
  expect(errorCode(await vote(unit, session.id, 'SATISFIED'))).toBe('FORBIDDEN');
  expect(errorCode(await gql(unit, OPEN_SESSION, { input: { reportId: report.id, membersPresent: 2 } }))).toBe('FORBIDDEN');
  expect(errorCode(await gql(unit, SESSION, { id: session.id }))).toBe('NOT_FOUND'); // a whole-report session is not the unit's
  expect(errorCode(await gql(await tokenFor(tenantId, 'LEGISLATIVE_STAFF'), SESSION, { id: session.id }))).toBe('FORBIDDEN');
  expect(errorCode(await gql(staff, CLOSE_SESSION, { input: { sessionId: session.id, expectedRevision: 7 } }))).toBe('CONFLICT');
  expect(errorCode(await vote(deputy!, 'not-an-id', 'SATISFIED'))).toBe('BAD_USER_INPUT');

  const other = await newTenant();
  const [otherStaff, otherDeputy] = await Promise.all([tokenFor(other, 'BUDGET_STAFF'), tokenFor(other, 'DEPUTY')]);
  expect(errorCode(await gql(otherDeputy, SESSION, { id: session.id }))).toBe('NOT_FOUND');
  expect(errorCode(await vote(otherDeputy, session.id, 'SATISFIED'))).toBe('NOT_FOUND');
  expect(errorCode(await gql(otherStaff, CLOSE_SESSION, { input: { sessionId: session.id, expectedRevision: 1 } }))).toBe('NOT_FOUND');
  expect(errorCode(await gql(otherStaff, OPEN_SESSION, { input: { reportId: report.id, membersPresent: 2 } }))).toBe('NOT_FOUND');
  // Nothing of that changed the session.
  expect((await gqlOk(staff, SESSION, { id: session.id })).node).toMatchObject({ status: 'OPEN', revision: 1, counts: { votesCast: 0 } });
});

/** The report's ULID from its global id (`AuditReport:<ulid>.<year>`). */
function reportUlid(reportGlobalId: string): string {
  return Buffer.from(reportGlobalId, 'base64url').toString('utf8').split(':')[1]!.split('.')[0]!;
}
