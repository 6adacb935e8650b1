import { errorCode, gql, gqlOk, tokenFor } from '../../support/api';
import { CREATE_CP, OPEN_CONSULTATION, cityWithDraft, localId, moveDraft } from '../../support/legislation';
import type { Role } from '../../../functions/src/core/roles';

const GET = `query($id: ID!) { consultation(id: $id) { id kind status closesAt version { id number articleCount } draft { id title status }
  assignments { contactPoint { id } status } } }`;
const MINE = `query($filter: ConsultationFilter) { myConsultations(filter: $filter) { totalCount edges { node { id status } } } }`;
const OF_DRAFT = `query($id: ID!) { draft(id: $id) { consultations { totalCount edges { node { id } } } } }`;
const VERSION = `query($id: ID!) { draftVersion(id: $id) { id articles(first: 3) { edges { node { number } } } } }`;
const CLOSE = `mutation($input: CloseConsultationInput!) { closeConsultation(input: $input) { consultation { id status } } }`;
const EXTEND = `mutation($input: ExtendConsultationInput!) { extendConsultation(input: $input) { consultation { id status closesAt } } }`;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** A draft SOLICITING_OPINIONS and three active contact points, each with a liaison token. */
async function setup() {
  const base = await cityWithDraft();
  const revision = await moveDraft(base.staff, base.draft.id, base.draft.revision, ['DRAFTING', 'SOLICITING_OPINIONS']);
  const admin = await tokenFor(base.tenantId, 'TENANT_ADMIN');
  const points = [];
  for (const name of ['凤山街道联系点', '信义镇联系点', '吕梁学院联系点']) {
    const id = (await gqlOk(admin, CREATE_CP, { input: { name, kind: 'OTHER' } })).createContactPoint.contactPoint.id;
    points.push({ id, liaison: await tokenFor(base.tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: localId(id) }) });
  }
  const input = {
    draftId: base.draft.id,
    versionId: base.version.id,
    kind: 'DRAFT_COMMENT',
    contactPointIds: [points[0]!.id, points[1]!.id],
    opensAt: new Date().toISOString(),
    closesAt: inDays(14),
    instructions: '请组织座谈会，逐条提出意见。',
  };
  return { ...base, revision, admin, points, input };
}

describe('consultations', () => {
  test('staff open a consultation to two contact points; their liaisons see it, a third and another tenant see nothing', async () => {
    const s = await setup();
    const opened = (await gqlOk(s.staff, OPEN_CONSULTATION, { input: s.input })).openConsultation.consultation;
    expect(opened).toMatchObject({ kind: 'DRAFT_COMMENT', status: 'OPEN', instructions: s.input.instructions, version: { id: s.version.id } });
    expect(opened.assignments.map((a: any) => [a.contactPoint.id, a.status])).toEqual([
      [s.points[0]!.id, 'PENDING'],
      [s.points[1]!.id, 'PENDING'],
    ]);

    for (const point of s.points.slice(0, 2)) {
      const mine = (await gqlOk(point.liaison, MINE)).myConsultations;
      expect(mine).toEqual({ totalCount: 1, edges: [{ node: { id: opened.id, status: 'OPEN' } }] });
      const seen = (await gqlOk(point.liaison, GET, { id: opened.id })).consultation;
      expect(seen.assignments).toEqual([{ contactPoint: { id: point.id }, status: 'PENDING' }]);
      expect(seen.draft).toMatchObject({ id: s.draft.id, status: 'SOLICITING_OPINIONS' });
      expect((await gqlOk(point.liaison, VERSION, { id: s.version.id })).draftVersion.articles.edges).toHaveLength(3);
      // Nothing else of the draft: not its versions, history, readings or other consultations.
      for (const field of ['versions { totalCount }', 'statusHistory { to }', 'readings { round }', 'consultations { totalCount }', 'currentVersion { id }']) {
        const result = await gql(point.liaison, `query($id: ID!) { draft(id: $id) { ${field} } }`, { id: s.draft.id });
        expect(errorCode(result)).toBe('FORBIDDEN');
      }
      expect(errorCode(await gql(point.liaison, `{ drafts { totalCount } }`))).toBe('FORBIDDEN');
    }

    const third = s.points[2]!.liaison;
    expect((await gqlOk(third, MINE)).myConsultations).toEqual({ totalCount: 0, edges: [] });
    expect(errorCode(await gql(third, GET, { id: opened.id }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(third, `query($id: ID!) { draft(id: $id) { title } }`, { id: s.draft.id }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(third, VERSION, { id: s.version.id }))).toBe('NOT_FOUND');

    const other = await cityWithDraft();
    for (const role of ['LEGISLATIVE_STAFF', 'DEPUTY'] as Role[]) {
      const token = await tokenFor(other.tenantId, role);
      expect(errorCode(await gql(token, GET, { id: opened.id }))).toBe('NOT_FOUND');
      expect(errorCode(await gql(token, `query($id: ID!) { node(id: $id) { id } }`, { id: opened.id }))).toBe('NOT_FOUND');
    }
    const forgedLiaison = await tokenFor(other.tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: localId(s.points[0]!.id) });
    expect((await gqlOk(forgedLiaison, MINE)).myConsultations.totalCount).toBe(0);
    expect(errorCode(await gql(forgedLiaison, GET, { id: opened.id }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(other.staff, CLOSE, { input: { id: opened.id } }))).toBe('NOT_FOUND');

    const ofDraft = (await gqlOk(await tokenFor(s.tenantId, 'DEPUTY'), OF_DRAFT, { id: s.draft.id })).draft.consultations;
    expect(ofDraft).toEqual({ totalCount: 1, edges: [{ node: { id: opened.id } }] });
    expect(errorCode(await gql(s.staff, MINE))).toBe('FORBIDDEN');
  });

  test('close and extend: status follows, liaisons filter by it', async () => {
    const s = await setup();
    const opened = (await gqlOk(s.staff, OPEN_CONSULTATION, { input: s.input })).openConsultation.consultation;
    const later = inDays(30);
    const extended = (await gqlOk(s.staff, EXTEND, { input: { id: opened.id, closesAt: later } })).extendConsultation.consultation;
    expect(extended).toMatchObject({ status: 'OPEN', closesAt: later });
    const earlier = await gql(s.staff, EXTEND, { input: { id: opened.id, closesAt: inDays(7) } });
    expect(earlier.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'closesAt' });
    expect((await gqlOk(s.points[0]!.liaison, MINE, { filter: { status: 'OPEN' } })).myConsultations.totalCount).toBe(1);

    expect((await gqlOk(s.staff, CLOSE, { input: { id: opened.id } })).closeConsultation.consultation.status).toBe('CLOSED');
    expect((await gqlOk(s.staff, CLOSE, { input: { id: opened.id } })).closeConsultation.consultation.status).toBe('CLOSED');
    expect((await gqlOk(s.points[0]!.liaison, MINE, { filter: { status: 'OPEN' } })).myConsultations.totalCount).toBe(0);
    expect((await gqlOk(s.points[0]!.liaison, MINE, { filter: { status: 'CLOSED' } })).myConsultations.totalCount).toBe(1);
    const seen = (await gqlOk(s.staff, GET, { id: opened.id })).consultation;
    expect(seen.assignments.map((a: any) => a.status)).toEqual(['OVERDUE', 'OVERDUE']);
    expect(errorCode(await gql(s.staff, EXTEND, { input: { id: opened.id, closesAt: inDays(60) } }))).toBe('CONFLICT');
  });

  test('bad input is BAD_USER_INPUT naming the field, and nothing is opened', async () => {
    const s = await setup();
    await gqlOk(s.admin, `mutation($input: DeactivateContactPointInput!) { deactivateContactPoint(input: $input) { contactPoint { id } } }`, {
      input: { id: s.points[2]!.id, expectedRevision: 1 },
    });
    const other = await cityWithDraft();
    const cases: [Record<string, unknown>, string][] = [
      [{ closesAt: s.input.opensAt }, 'closesAt'],
      [{ opensAt: inDays(-10), closesAt: inDays(-1) }, 'closesAt'],
      [{ contactPointIds: [] }, 'contactPointIds'],
      [{ contactPointIds: [s.points[2]!.id] }, 'contactPointIds'],
      [{ contactPointIds: [s.points[0]!.id, s.points[0]!.id] }, 'contactPointIds'],
      [{ contactPointIds: ['garbage'] }, 'contactPointIds'],
      [{ contactPointIds: [Buffer.from('ContactPoint:01JBQ0000000000000000000ZZ').toString('base64url')] }, 'contactPointIds'],
      [{ kind: 'POST_EVALUATION' }, 'kind'],
      [{ kind: 'PRE_LEGISLATIVE_RESEARCH' }, 'kind'],
      [{ versionId: other.version.id }, 'versionId'],
      [{ instructions: '长'.repeat(5001) }, 'instructions'],
    ];
    for (const [patch, field] of cases) {
      const result = await gql(s.staff, OPEN_CONSULTATION, { input: { ...s.input, ...patch } });
      expect([field, result.errors?.[0]?.extensions]).toEqual([field, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    }
    const ofDraft = (await gqlOk(s.staff, OF_DRAFT, { id: s.draft.id })).draft.consultations;
    expect(ofDraft.totalCount).toBe(0);
    expect((await gqlOk(s.points[0]!.liaison, MINE)).myConsultations.totalCount).toBe(0);
  });

  test('DRAFT_COMMENT needs SOLICITING_OPINIONS; pre-legislative research fits a draft being drafted', async () => {
    const base = await cityWithDraft();
    const admin = await tokenFor(base.tenantId, 'TENANT_ADMIN');
    const cp = (await gqlOk(admin, CREATE_CP, { input: { name: '联系点', kind: 'VILLAGE' } })).createContactPoint.contactPoint.id;
    const input = { draftId: base.draft.id, versionId: base.version.id, kind: 'DRAFT_COMMENT', contactPointIds: [cp], opensAt: new Date().toISOString(), closesAt: inDays(3) };
    expect((await gql(base.staff, OPEN_CONSULTATION, { input })).errors?.[0]?.extensions?.field).toBe('kind');
    await moveDraft(base.staff, base.draft.id, base.draft.revision, ['DRAFTING']);
    const research = (await gqlOk(base.staff, OPEN_CONSULTATION, { input: { ...input, kind: 'PRE_LEGISLATIVE_RESEARCH' } })).openConsultation.consultation;
    expect(research.kind).toBe('PRE_LEGISLATIVE_RESEARCH');
  });

  test('openConsultation is idempotent per key, also under a race', async () => {
    const s = await setup();
    const input = { ...s.input, idempotencyKey: 'consult-once' };
    const results = await Promise.all(Array.from({ length: 4 }, () => gqlOk(s.staff, OPEN_CONSULTATION, { input })));
    expect(new Set(results.map((r) => r.openConsultation.consultation.id)).size).toBe(1);
    expect((await gqlOk(s.staff, OF_DRAFT, { id: s.draft.id })).draft.consultations.totalCount).toBe(1);
    expect((await gqlOk(s.points[0]!.liaison, MINE)).myConsultations.totalCount).toBe(1);
  });

  test.each<Role>(['DEPUTY', 'BUDGET_STAFF'])('%s may read but not open, close or extend', async (role) => {
    const s = await setup();
    const opened = (await gqlOk(s.staff, OPEN_CONSULTATION, { input: s.input })).openConsultation.consultation;
    const token = await tokenFor(s.tenantId, role);
    expect((await gqlOk(token, GET, { id: opened.id })).consultation.id).toBe(opened.id);
    expect(errorCode(await gql(token, OPEN_CONSULTATION, { input: s.input }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, CLOSE, { input: { id: opened.id } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, EXTEND, { input: { id: opened.id, closesAt: inDays(40) } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(s.points[0]!.liaison, CLOSE, { input: { id: opened.id } }))).toBe('FORBIDDEN');
    expect((await gqlOk(s.staff, GET, { id: opened.id })).consultation.status).toBe('OPEN');
  });
});
