import { errorCode, gql, gqlOk, tokenFor } from '../../support/api';
import { trailOf } from '../../support/audit';
import { ADD_VERSION, OPEN_CONSULTATION, RECORD_READING, TRANSITION, cityWithDraft, fixtureText, moveDraft } from '../../support/legislation';
import { MAX_CONTACT_POINTS_PER_CONSULTATION } from '../../../functions/src/legislation/consultations';
import { newId, toGlobalId } from '../../../functions/src/core/ids';
import { batchWrite } from '../../../functions/src/data/batch';
import { tenancyKeys } from '../../../functions/src/tenancy/keys';
import type { ContactPointRecord } from '../../../functions/src/tenancy/records';

const UPDATE = `mutation($input: UpdateDraftInput!) { updateDraft(input: $input) { draft { id revision } } }`;
const CLOSE = `mutation($input: CloseConsultationInput!) { closeConsultation(input: $input) { consultation { id status } } }`;
const EXTEND = `mutation($input: ExtendConsultationInput!) { extendConsultation(input: $input) { consultation { id closesAt } } }`;
const CONSULTATIONS_OF_DRAFT = `query($id: ID!) { draft(id: $id) { consultations { totalCount } } }`;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * Many active contact points, written straight into the table: the setup of the limit test, not
 * what it tests (creating 98 through the API would cost ~100 requests on a busy machine).
 */
async function seedContactPoints(tenantId: string, count: number): Promise<string[]> {
  const now = new Date().toISOString();
  const records = Array.from({ length: count }, (_, i): ContactPointRecord => {
    const id = newId();
    return {
      ...tenancyKeys.contactPoint(tenantId, id),
      type: 'ContactPoint',
      tenantId,
      id,
      name: `联系点${i + 1}`,
      kind: 'VILLAGE',
      address: null,
      regionCode: null,
      establishedOn: null,
      active: true,
      liaisons: [],
      searchText: `联系点${i + 1}`,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: 'seed',
      updatedBy: 'seed',
    };
  });
  await batchWrite('platform', records.map((record) => ({ put: { ...record } })));
  return records.map((r) => toGlobalId('ContactPoint', r.id));
}

describe('audit trail of drafts', () => {
  test('create, update, transition, version add and reading are recorded on the draft; refused changes are not', async () => {
    const { tenantId, staff, draft, version } = await cityWithDraft();
    const admin = await tokenFor(tenantId, 'TENANT_ADMIN');
    let revision = draft.revision;

    revision = (await gqlOk(staff, UPDATE, { input: { id: draft.id, expectedRevision: revision, summary: '促进养老服务', sponsor: null } }))
      .updateDraft.draft.revision;
    // Refused: stale revision, bad input, an invalid move, a text that does not parse.
    expect(errorCode(await gql(staff, UPDATE, { input: { id: draft.id, expectedRevision: 1, title: '新标题' } }))).toBe('CONFLICT');
    const bad = await gql(staff, UPDATE, { input: { id: draft.id, expectedRevision: revision, title: '  ' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(errorCode(await gql(staff, TRANSITION, { input: { id: draft.id, to: 'ADOPTED', expectedRevision: revision } }))).toBe('INVALID_TRANSITION');
    const badText = await gql(staff, ADD_VERSION, { input: { draftId: draft.id, label: '二审稿', text: '第一条 甲\n第三条 乙', expectedRevision: revision } });
    expect(badText.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });

    revision = (await gqlOk(staff, TRANSITION, { input: { id: draft.id, to: 'DRAFTING', expectedRevision: revision, note: '列入立法计划' } }))
      .transitionDraft.draft.revision;
    const added = (await gqlOk(staff, ADD_VERSION, { input: { draftId: draft.id, label: '二审稿', text: fixtureText('eldercare-v2'), expectedRevision: revision } }))
      .addDraftVersion;
    await moveDraft(staff, draft.id, added.draft.revision, ['SOLICITING_OPINIONS', 'UNDER_REVIEW']);
    await gqlOk(staff, RECORD_READING, {
      input: { draftId: draft.id, round: 1, meeting: '市五届人大常委会第十二次会议', heldOn: '2026-10-28', versionId: added.version.id, outcome: 'FURTHER_READING' },
    });
    // A second reading of round 1 is refused and recorded nowhere.
    const again = await gql(staff, RECORD_READING, {
      input: { draftId: draft.id, round: 1, meeting: '重复', heldOn: '2026-10-29', versionId: added.version.id, outcome: 'PUT_TO_VOTE' },
    });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'round' });

    const trail = await trailOf(admin, draft.id);
    expect(trail.map((r) => r.operation)).toEqual([
      'recordReading',
      'transitionDraft',
      'transitionDraft',
      'addDraftVersion',
      'transitionDraft',
      'updateDraft',
      'addDraftVersion',
      'createDraft',
    ]);
    expect(trail.every((r) => r.entityType === 'Draft' && r.entityId === draft.id && r.userId === 'staff-1')).toBe(true);
    const [reading, underReview, , secondVersion, drafting, updated, firstVersion, created] = trail;
    expect(created!.changes).toEqual({
      title: { before: null, after: '吕梁市城乡养老服务促进条例' },
      kind: { before: null, after: 'REGULATION' },
      status: { before: null, after: 'PLANNED' },
      sponsor: { before: null, after: '市人民政府' },
      committee: { before: null, after: '法制委员会' },
    });
    expect(firstVersion!.changes).toEqual({ currentVersion: { before: null, after: version.id } });
    expect(updated!.changes).toEqual({ summary: { before: null, after: '促进养老服务' }, sponsor: { before: '市人民政府', after: null } });
    expect(drafting!.changes).toEqual({ status: { before: 'PLANNED', after: 'DRAFTING' }, statusNote: { before: null, after: '列入立法计划' } });
    expect(secondVersion!.changes).toEqual({ currentVersion: { before: version.id, after: added.version.id } });
    expect(underReview!.changes).toEqual({ status: { before: 'SOLICITING_OPINIONS', after: 'UNDER_REVIEW' } });
    expect(reading!.changes).toEqual({
      readings: {
        before: null,
        after: { round: 1, meeting: '市五届人大常委会第十二次会议', heldOn: '2026-10-28', version: added.version.id, outcome: 'FURTHER_READING' },
      },
    });
  });
});

describe('audit trail of consultations', () => {
  async function soliciting() {
    const base = await cityWithDraft();
    await moveDraft(base.staff, base.draft.id, base.draft.revision, ['DRAFTING', 'SOLICITING_OPINIONS']);
    const input = {
      draftId: base.draft.id,
      versionId: base.version.id,
      kind: 'DRAFT_COMMENT',
      opensAt: new Date().toISOString(),
      closesAt: inDays(30),
      instructions: '请逐条提出意见',
    };
    return { ...base, admin: await tokenFor(base.tenantId, 'TENANT_ADMIN'), input };
  }

  test('open, extend and close are recorded with what changed; a refused extend and a repeated close are not', async () => {
    const { tenantId, staff, admin, draft, version, input } = await soliciting();
    const points = await seedContactPoints(tenantId, 2);
    const opened = (await gqlOk(staff, OPEN_CONSULTATION, { input: { ...input, contactPointIds: points } })).openConsultation.consultation;
    const later = inDays(45);
    expect(errorCode(await gql(staff, EXTEND, { input: { id: opened.id, closesAt: inDays(1) } }))).toBe('BAD_USER_INPUT');
    await gqlOk(staff, EXTEND, { input: { id: opened.id, closesAt: later } });
    await gqlOk(staff, CLOSE, { input: { id: opened.id } });
    expect(errorCode(await gql(staff, EXTEND, { input: { id: opened.id, closesAt: inDays(60) } }))).toBe('CONFLICT');
    await gqlOk(staff, CLOSE, { input: { id: opened.id } });

    const trail = await trailOf(admin, opened.id);
    expect(trail.map((r) => r.operation)).toEqual(['closeConsultation', 'extendConsultation', 'openConsultation']);
    const [closed, extended, created] = trail;
    expect(created).toMatchObject({ entityType: 'Consultation', entityId: opened.id, roles: ['LEGISLATIVE_STAFF'] });
    expect(created!.changes).toEqual({
      draft: { before: null, after: draft.id },
      version: { before: null, after: version.id },
      kind: { before: null, after: 'DRAFT_COMMENT' },
      opensAt: { before: null, after: opened.opensAt },
      closesAt: { before: null, after: opened.closesAt },
      status: { before: null, after: 'OPEN' },
      instructions: { before: null, after: '请逐条提出意见' },
      contactPoints: { before: null, after: points },
    });
    expect(extended!.changes).toEqual({ closesAt: { before: opened.closesAt, after: later } });
    expect(closed!.changes).toEqual({ status: { before: 'OPEN', after: 'CLOSED' } });
  });

  test(`${MAX_CONTACT_POINTS_PER_CONSULTATION} contact points still fit one transaction with the idempotency and audit records; one more is BAD_USER_INPUT`, async () => {
    const { tenantId, staff, admin, draft, input } = await soliciting();
    const points = await seedContactPoints(tenantId, MAX_CONTACT_POINTS_PER_CONSULTATION + 1);

    const tooMany = await gql(staff, OPEN_CONSULTATION, { input: { ...input, contactPointIds: points, idempotencyKey: 'too-many' } });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contactPointIds' });
    expect((await gqlOk(staff, CONSULTATIONS_OF_DRAFT, { id: draft.id })).draft.consultations.totalCount).toBe(0);

    // Header, idempotency record, audit record and 97 assignments: DynamoDB's 100 items.
    const allowed = points.slice(0, MAX_CONTACT_POINTS_PER_CONSULTATION);
    const opened = (await gqlOk(staff, OPEN_CONSULTATION, { input: { ...input, contactPointIds: allowed, idempotencyKey: 'largest' } }))
      .openConsultation.consultation;
    // Closing moves the header and every assignment's copy, with the audit record: 99 items.
    await gqlOk(staff, CLOSE, { input: { id: opened.id } });
    const trail = await trailOf(admin, opened.id);
    expect(trail.map((r) => r.operation)).toEqual(['closeConsultation', 'openConsultation']);
    expect(trail[1]!.changes.contactPoints!.after).toHaveLength(MAX_CONTACT_POINTS_PER_CONSULTATION);
  });
});
