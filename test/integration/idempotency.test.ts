import { errorCode, gql, gqlOk, newTenant, platformToken, tokenFor } from '../support/api';
import { CONSULTATION_STATS, SUBMIT, feedbackInput, openConsultationWithLiaisons } from '../support/feedback';
import { CREATE_CP, CREATE_DRAFT, OPEN_CONSULTATION, localId } from '../support/legislation';

/*
 * An idempotency key belongs to the caller who sent it: another user's key (or the same user's at
 * another contact point) is an unrelated key. Before keys were scoped, the second caller below got
 * the first caller's entity back.
 */

const CREATE_TENANT = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id shortId name } } }`;

describe('idempotency keys are scoped to the caller', () => {
  test('submitFeedback: a liaison sending another liaison’s key gets its own feedback; each retry returns its own', async () => {
    const s = await openConsultationWithLiaisons();
    const [first, second] = s.points;
    const input = feedbackInput(s.consultation.id, { idempotencyKey: 'cp-2026-11-22-1' });
    const mine = (await gqlOk(first!.liaison, SUBMIT, { input })).submitFeedback.feedback;
    const theirs = (await gqlOk(second!.liaison, SUBMIT, { input })).submitFeedback.feedback;
    expect(theirs.id).not.toBe(mine.id);
    expect(mine.contactPoint.id).toBe(first!.id);
    expect(theirs.contactPoint.id).toBe(second!.id);
    // Retries by each return each one's own feedback, and write nothing new.
    expect((await gqlOk(first!.liaison, SUBMIT, { input })).submitFeedback.feedback.id).toBe(mine.id);
    expect((await gqlOk(second!.liaison, SUBMIT, { input })).submitFeedback.feedback.id).toBe(theirs.id);
    // The same user at another contact point is another caller too.
    const moved = await tokenFor(s.tenantId, 'CONTACT_POINT_LIAISON', { userId: 'liaison-0', contactPointId: localId(second!.id) });
    const afterMove = (await gqlOk(moved, SUBMIT, { input })).submitFeedback.feedback;
    expect([afterMove.id, afterMove.contactPoint.id]).toEqual([expect.not.stringMatching(new RegExp(`^(${mine.id}|${theirs.id})$`)), second!.id]);
    const stats = (await gqlOk(s.staff, CONSULTATION_STATS, { id: s.consultation.id })).consultation.stats;
    expect(stats.feedbackCount).toBe(3);
  });

  test('createContactPoint: two admins with one key create two; each retry returns its own', async () => {
    const tenantId = await newTenant();
    const [one, two] = [await tokenFor(tenantId, 'TENANT_ADMIN', { userId: 'admin-1' }), await tokenFor(tenantId, 'TENANT_ADMIN', { userId: 'admin-2' })];
    const input = { name: '凤山街道联系点', kind: 'STREET', idempotencyKey: 'cp-once' };
    const a = (await gqlOk(one, CREATE_CP, { input })).createContactPoint.contactPoint.id;
    const b = (await gqlOk(two, CREATE_CP, { input })).createContactPoint.contactPoint.id;
    expect(a).not.toBe(b);
    expect((await gqlOk(one, CREATE_CP, { input })).createContactPoint.contactPoint.id).toBe(a);
    expect((await gqlOk(two, CREATE_CP, { input })).createContactPoint.contactPoint.id).toBe(b);
    expect((await gqlOk(one, `{ contactPoints { totalCount } }`)).contactPoints.totalCount).toBe(2);
  });

  test('createDraft: two staff with one key create two drafts; each retry returns its own', async () => {
    const tenantId = await newTenant();
    const [one, two] = [await tokenFor(tenantId, 'LEGISLATIVE_STAFF', { userId: 'staff-1' }), await tokenFor(tenantId, 'LEGISLATIVE_STAFF', { userId: 'staff-2' })];
    const input = { title: '关于养老服务的决定', kind: 'DECISION', idempotencyKey: 'draft-once' };
    const a = (await gqlOk(one, CREATE_DRAFT, { input })).createDraft.draft;
    const b = (await gqlOk(two, CREATE_DRAFT, { input })).createDraft.draft;
    expect(a.id).not.toBe(b.id);
    expect((await gqlOk(one, CREATE_DRAFT, { input })).createDraft.draft.id).toBe(a.id);
    expect((await gqlOk(two, CREATE_DRAFT, { input })).createDraft.draft.id).toBe(b.id);
    expect((await gqlOk(one, `{ drafts { totalCount } }`)).drafts.totalCount).toBe(2);
  });

  test('openConsultation: two staff with one key open two; each retry returns its own', async () => {
    const s = await openConsultationWithLiaisons();
    const other = await tokenFor(s.tenantId, 'LEGISLATIVE_STAFF', { userId: 'staff-2' });
    const input = {
      draftId: s.draft.id,
      versionId: s.version.id,
      kind: 'DRAFT_COMMENT',
      contactPointIds: [s.points[2]!.id],
      opensAt: new Date().toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      idempotencyKey: 'consult-once',
    };
    const a = (await gqlOk(s.staff, OPEN_CONSULTATION, { input })).openConsultation.consultation.id;
    const b = (await gqlOk(other, OPEN_CONSULTATION, { input })).openConsultation.consultation.id;
    expect(a).not.toBe(b);
    expect((await gqlOk(s.staff, OPEN_CONSULTATION, { input })).openConsultation.consultation.id).toBe(a);
    expect((await gqlOk(other, OPEN_CONSULTATION, { input })).openConsultation.consultation.id).toBe(b);
    const OF_DRAFT = `query($id: ID!) { draft(id: $id) { consultations { totalCount } } }`;
    expect((await gqlOk(s.staff, OF_DRAFT, { id: s.draft.id })).draft.consultations.totalCount).toBe(3);
  });

  test("createTenant: another operator's key is not a replay of the first operator's tenant", async () => {
    const operator = await platformToken();
    const colleague = await tokenFor('platform', 'PLATFORM_ADMIN', { userId: 'operator-2' });
    const id = `idem${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
    const input = { id, name: '孝义市人大常委会', regionCode: '141181', level: 'COUNTY', idempotencyKey: `tenant-${id}` };
    const created = (await gqlOk(operator, CREATE_TENANT, { input })).createTenant.tenant;
    expect((await gqlOk(operator, CREATE_TENANT, { input })).createTenant.tenant).toEqual(created);
    // For the colleague the key is new, so this is a second creation of the same id: refused.
    expect(errorCode(await gql(colleague, CREATE_TENANT, { input }))).toBe('CONFLICT');
    const other = { ...input, id: `${id}b` };
    expect((await gqlOk(colleague, CREATE_TENANT, { input: other })).createTenant.tenant.shortId).toBe(other.id);
  });
});
