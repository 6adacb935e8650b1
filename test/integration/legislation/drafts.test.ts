import { errorCode, gql, gqlOk, newTenant, platformToken, tokenFor } from '../../support/api';
import { ADD_VERSION, CREATE_DRAFT, DRAFT_FIELDS, RECORD_READING, TRANSITION, cityWithDraft, fixtureText, moveDraft } from '../../support/legislation';
import type { Role } from '../../../functions/src/core/roles';

const LIST = `query($first: Int, $after: String, $filter: DraftFilter) { drafts(first: $first, after: $after, filter: $filter) {
  totalCount edges { node { id title status kind } } pageInfo { hasNextPage endCursor } } }`;
const GET = `query($id: ID!) { draft(id: $id) { ${DRAFT_FIELDS} currentVersion { id number } statusHistory { from to by note } } }`;
const UPDATE = `mutation($input: UpdateDraftInput!) { updateDraft(input: $input) { draft { ${DRAFT_FIELDS} } } }`;

describe('drafts', () => {
  test('create, read, list newest first, filter and count', async () => {
    const tenantId = await newTenant({ level: 'CITY' });
    const staff = await tokenFor(tenantId, 'LEGISLATIVE_STAFF', { userId: 'staff-1' });
    const titles = ['甲条例', '乙决定', '丙条例'];
    const kinds = ['REGULATION', 'DECISION', 'REGULATION'];
    const created = [];
    for (const [i, title] of titles.entries()) {
      created.push((await gqlOk(staff, CREATE_DRAFT, { input: { title, kind: kinds[i], summary: i === 1 ? '关于养老的决定' : null } })).createDraft.draft);
    }
    expect(created[0]).toMatchObject({ title: '甲条例', kind: 'REGULATION', status: 'PLANNED', revision: 1, sponsor: null });
    const got = (await gqlOk(staff, GET, { id: created[0].id })).draft;
    expect(got).toMatchObject({ id: created[0].id, currentVersion: null, statusHistory: [{ from: null, to: 'PLANNED', by: 'staff-1', note: null }] });

    const list = (await gqlOk(staff, LIST)).drafts;
    expect(list.totalCount).toBe(3);
    expect(list.edges.map((e: any) => e.node.title)).toEqual(['丙条例', '乙决定', '甲条例']);
    expect((await gqlOk(staff, LIST, { filter: { kind: 'REGULATION' } })).drafts.totalCount).toBe(2);
    expect((await gqlOk(staff, LIST, { filter: { status: 'PLANNED' } })).drafts.totalCount).toBe(3);
    expect((await gqlOk(staff, LIST, { filter: { status: 'DRAFTING' } })).drafts.totalCount).toBe(0);
    const searched = (await gqlOk(staff, LIST, { filter: { search: '养老' } })).drafts;
    expect(searched.edges.map((e: any) => e.node.title)).toEqual(['乙决定']);
    expect(searched.totalCount).toBe(1);
    const page = (await gqlOk(staff, LIST, { first: 2 })).drafts;
    const rest = (await gqlOk(staff, LIST, { first: 2, after: page.pageInfo.endCursor })).drafts;
    expect([...page.edges, ...rest.edges].map((e: any) => e.node.title)).toEqual(['丙条例', '乙决定', '甲条例']);

    await moveDraft(staff, created[1].id, 1, ['DRAFTING']);
    expect((await gqlOk(staff, LIST, { filter: { status: 'DRAFTING' } })).drafts.edges.map((e: any) => e.node.title)).toEqual(['乙决定']);
    expect((await gqlOk(staff, LIST, { filter: { status: 'PLANNED' } })).drafts.totalCount).toBe(2);
  });

  test('tenant admins create too; deputies and budget staff read; liaisons list nothing', async () => {
    const tenantId = await newTenant();
    const admin = await tokenFor(tenantId, 'TENANT_ADMIN');
    const draft = (await gqlOk(admin, CREATE_DRAFT, { input: { title: '规范性文件', kind: 'NORMATIVE_DOCUMENT' } })).createDraft.draft;
    for (const role of ['DEPUTY', 'BUDGET_STAFF'] as Role[]) {
      const token = await tokenFor(tenantId, role);
      expect((await gqlOk(token, GET, { id: draft.id })).draft.title).toBe('规范性文件');
      expect((await gqlOk(token, LIST)).drafts.totalCount).toBe(1);
    }
    const liaison = await tokenFor(tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: '01JBQ0000000000000000000AA' });
    expect(errorCode(await gql(liaison, LIST))).toBe('FORBIDDEN');
    expect(errorCode(await gql(liaison, GET, { id: draft.id }))).toBe('NOT_FOUND');
  });

  test.each<Role>(['DEPUTY', 'BUDGET_STAFF', 'PLATFORM_ADMIN'])('%s may not create, update or move drafts', async (role) => {
    const { tenantId, staff, draft } = await cityWithDraft({ withVersion: false });
    const token = role === 'PLATFORM_ADMIN' ? await platformToken() : await tokenFor(tenantId, role);
    expect(errorCode(await gql(token, CREATE_DRAFT, { input: { title: 'x', kind: 'DECISION' } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, UPDATE, { input: { id: draft.id, expectedRevision: 1, title: '改' } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, TRANSITION, { input: { id: draft.id, to: 'DRAFTING', expectedRevision: 1 } }))).toBe('FORBIDDEN');
    const add = await gql(token, ADD_VERSION, { input: { draftId: draft.id, label: 'x', text: fixtureText('eldercare-v1'), expectedRevision: 1 } });
    expect(errorCode(add)).toBe('FORBIDDEN');
    expect((await gqlOk(staff, GET, { id: draft.id })).draft).toMatchObject({ revision: 1, status: 'PLANNED', currentVersion: null });
    expect((await gqlOk(staff, LIST)).drafts.totalCount).toBe(1);
  });

  test.each([
    [{ title: '' }, 'title'],
    [{ title: '长'.repeat(201) }, 'title'],
    [{ summary: '长'.repeat(2001) }, 'summary'],
    [{ kind: 'REGULATION', county: true }, 'kind'],
  ].map(([patch, field]) => [field as string, patch as Record<string, unknown>] as const))('bad %s is BAD_USER_INPUT and creates nothing', async (field, patch) => {
    const { county, ...input } = { title: '条例', kind: 'DECISION', ...patch } as Record<string, unknown>;
    const tenantId = await newTenant({ level: county ? 'COUNTY' : 'CITY' });
    const staff = await tokenFor(tenantId, 'LEGISLATIVE_STAFF');
    const result = await gql(staff, CREATE_DRAFT, { input });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await gqlOk(staff, LIST)).drafts.totalCount).toBe(0);
  });

  test('createDraft is idempotent per key, also under a race', async () => {
    const tenantId = await newTenant();
    const staff = await tokenFor(tenantId, 'LEGISLATIVE_STAFF');
    const input = { title: '决定', kind: 'DECISION', idempotencyKey: 'draft-once' };
    const results = await Promise.all(Array.from({ length: 5 }, () => gqlOk(staff, CREATE_DRAFT, { input })));
    expect(new Set(results.map((r) => r.createDraft.draft.id)).size).toBe(1);
    expect((await gqlOk(staff, LIST)).drafts.totalCount).toBe(1);
  });

  test('updateDraft changes what is sent; a stale revision is CONFLICT', async () => {
    const { staff, draft } = await cityWithDraft({ withVersion: false });
    const updated = (await gqlOk(staff, UPDATE, { input: { id: draft.id, expectedRevision: 1, summary: '促进养老', sponsor: null } })).updateDraft.draft;
    expect(updated).toMatchObject({ title: draft.title, summary: '促进养老', sponsor: null, committee: '法制委员会', revision: 2 });
    expect(errorCode(await gql(staff, UPDATE, { input: { id: draft.id, expectedRevision: 1, title: '旧' } }))).toBe('CONFLICT');
    const bad = await gql(staff, UPDATE, { input: { id: draft.id, expectedRevision: 2, title: '' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect((await gqlOk(staff, GET, { id: draft.id })).draft.revision).toBe(2);
  });

  test("another tenant's draft is NOT_FOUND everywhere and absent from lists", async () => {
    const a = await cityWithDraft();
    const b = await cityWithDraft();
    for (const role of ['LEGISLATIVE_STAFF', 'DEPUTY'] as Role[]) {
      const token = await tokenFor(b.tenantId, role);
      expect(errorCode(await gql(token, GET, { id: a.draft.id }))).toBe('NOT_FOUND');
      expect(errorCode(await gql(token, `query($id: ID!) { node(id: $id) { id } }`, { id: a.draft.id }))).toBe('NOT_FOUND');
      expect(errorCode(await gql(token, `query($id: ID!) { draftVersion(id: $id) { id } }`, { id: a.version.id }))).toBe('NOT_FOUND');
      expect((await gqlOk(token, LIST)).drafts.edges.map((e: any) => e.node.id)).toEqual([b.draft.id]);
    }
    const writes = [
      gql(b.staff, UPDATE, { input: { id: a.draft.id, expectedRevision: a.draft.revision, title: '改' } }),
      gql(b.staff, TRANSITION, { input: { id: a.draft.id, to: 'DRAFTING', expectedRevision: a.draft.revision } }),
      gql(b.staff, ADD_VERSION, { input: { draftId: a.draft.id, label: 'x', text: fixtureText('eldercare-v1'), expectedRevision: a.draft.revision } }),
    ];
    for (const result of await Promise.all(writes)) expect(errorCode(result)).toBe('NOT_FOUND');
    const diff = await gql(b.staff, `query($f: ID!, $t: ID!) { draftVersionDiff(fromVersionId: $f, toVersionId: $t) { summary { added } } }`, {
      f: a.version.id,
      t: b.version.id,
    });
    expect(errorCode(diff)).toBe('NOT_FOUND');
    expect((await gqlOk(a.staff, GET, { id: a.draft.id })).draft).toMatchObject({ revision: a.draft.revision, status: 'PLANNED' });
  });
});

describe('workflow', () => {
  test('a regulation goes from plan to promulgation with readings, and every move is kept', async () => {
    const { staff, draft, version } = await cityWithDraft();
    await moveDraft(staff, draft.id, draft.revision, ['DRAFTING', 'SOLICITING_OPINIONS', 'UNDER_REVIEW']);
    const reading = (
      await gqlOk(staff, RECORD_READING, {
        input: { draftId: draft.id, round: 1, meeting: '市五届人大常委会第十二次会议', heldOn: '2026-10-28', versionId: version.id, outcome: 'FURTHER_READING' },
      })
    ).recordReading;
    expect(reading.reading).toMatchObject({ round: 1, heldOn: '2026-10-28', outcome: 'FURTHER_READING', version: { id: version.id } });
    let revision = reading.draft.revision;
    // A new round: back to drafting, then review again.
    await moveDraft(staff, draft.id, revision, ['DRAFTING', 'SOLICITING_OPINIONS', 'UNDER_REVIEW']);
    revision = (
      await gqlOk(staff, RECORD_READING, {
        input: { draftId: draft.id, round: 2, meeting: '第十四次会议', heldOn: '2026-11-20', versionId: version.id, outcome: 'PUT_TO_VOTE' },
      })
    ).recordReading.draft.revision;
    // A regulation cannot skip provincial approval.
    const skip = await gql(staff, TRANSITION, { input: { id: draft.id, to: 'PROMULGATED', expectedRevision: revision } });
    expect(errorCode(skip)).toBe('INVALID_TRANSITION');
    revision = await moveDraft(staff, draft.id, revision, ['ADOPTED']);
    const withdraw = await gql(staff, TRANSITION, { input: { id: draft.id, to: 'WITHDRAWN', expectedRevision: revision } });
    expect(errorCode(withdraw)).toBe('INVALID_TRANSITION');
    const last = (await gqlOk(staff, TRANSITION, { input: { id: draft.id, to: 'APPROVED', expectedRevision: revision, note: '省人大常委会批准' } }))
      .transitionDraft.draft;
    await moveDraft(staff, draft.id, last.revision, ['PROMULGATED']);
    const final = (await gqlOk(staff, GET, { id: draft.id })).draft;
    expect(final.status).toBe('PROMULGATED');
    expect(final.statusHistory.map((h: any) => h.to)).toEqual([
      'PLANNED', 'DRAFTING', 'SOLICITING_OPINIONS', 'UNDER_REVIEW', 'DRAFTING', 'SOLICITING_OPINIONS', 'UNDER_REVIEW', 'ADOPTED', 'APPROVED', 'PROMULGATED',
    ]);
    expect(final.statusHistory[8]).toMatchObject({ from: 'ADOPTED', to: 'APPROVED', note: '省人大常委会批准', by: 'staff-1' });
    const readings = await gqlOk(staff, `query($id: ID!) { draft(id: $id) { readings { round outcome } } }`, { id: draft.id });
    expect(readings.draft.readings).toEqual([{ round: 1, outcome: 'FURTHER_READING' }, { round: 2, outcome: 'PUT_TO_VOTE' }]);
  });

  test('a decision skips approval', async () => {
    const tenantId = await newTenant();
    const staff = await tokenFor(tenantId, 'LEGISLATIVE_STAFF');
    const draft = (await gqlOk(staff, CREATE_DRAFT, { input: { title: '关于加强养老服务的决定', kind: 'DECISION' } })).createDraft.draft;
    const added = (await gqlOk(staff, ADD_VERSION, { input: { draftId: draft.id, label: '草案', text: fixtureText('eldercare-v1'), expectedRevision: 1 } }))
      .addDraftVersion;
    await moveDraft(staff, draft.id, added.draft.revision, ['DRAFTING', 'SOLICITING_OPINIONS', 'UNDER_REVIEW']);
    let revision = (
      await gqlOk(staff, RECORD_READING, {
        input: { draftId: draft.id, round: 1, meeting: '会议', heldOn: '2026-11-01', versionId: added.version.id, outcome: 'PUT_TO_VOTE' },
      })
    ).recordReading.draft.revision;
    revision = await moveDraft(staff, draft.id, revision, ['ADOPTED']);
    expect(errorCode(await gql(staff, TRANSITION, { input: { id: draft.id, to: 'APPROVED', expectedRevision: revision } }))).toBe('INVALID_TRANSITION');
    await moveDraft(staff, draft.id, revision, ['PROMULGATED']);
  });

  test.each([
    [[], 'UNDER_REVIEW'],
    [[], 'ADOPTED'],
    [[], 'PROMULGATED'],
    [['DRAFTING'], 'PLANNED'],
    [['WITHDRAWN'], 'DRAFTING'],
  ])('from %j, moving to %s is INVALID_TRANSITION and changes nothing', async (path, to) => {
    const { staff, draft } = await cityWithDraft();
    const revision = await moveDraft(staff, draft.id, draft.revision, path as string[]);
    const result = await gql(staff, TRANSITION, { input: { id: draft.id, to, expectedRevision: revision } });
    expect(errorCode(result)).toBe('INVALID_TRANSITION');
    expect((await gqlOk(staff, GET, { id: draft.id })).draft.revision).toBe(revision);
  });

  test('opinions and review need a text; adoption needs a reading', async () => {
    const { staff, draft } = await cityWithDraft({ withVersion: false });
    const revision = await moveDraft(staff, draft.id, 1, ['DRAFTING']);
    const result = await gql(staff, TRANSITION, { input: { id: draft.id, to: 'SOLICITING_OPINIONS', expectedRevision: revision } });
    expect(errorCode(result)).toBe('INVALID_TRANSITION');
    expect(result.errors?.[0]?.message).toMatch(/no text/);
    const full = await cityWithDraft();
    const r2 = await moveDraft(full.staff, full.draft.id, full.draft.revision, ['DRAFTING', 'SOLICITING_OPINIONS', 'UNDER_REVIEW']);
    const adopt = await gql(full.staff, TRANSITION, { input: { id: full.draft.id, to: 'ADOPTED', expectedRevision: r2 } });
    expect(errorCode(adopt)).toBe('INVALID_TRANSITION');
  });

  test('a stale revision on a move is CONFLICT', async () => {
    const { staff, draft } = await cityWithDraft({ withVersion: false });
    await moveDraft(staff, draft.id, 1, ['DRAFTING']);
    expect(errorCode(await gql(staff, TRANSITION, { input: { id: draft.id, to: 'WITHDRAWN', expectedRevision: 1 } }))).toBe('CONFLICT');
  });

  test('readings: only UNDER_REVIEW, rounds 1-3 once each, a version of this draft, staff only', async () => {
    const { tenantId, staff, draft, version } = await cityWithDraft();
    const input = { draftId: draft.id, round: 1, meeting: '会议', heldOn: '2026-11-01', versionId: version.id, outcome: 'FURTHER_READING' };
    expect(errorCode(await gql(staff, RECORD_READING, { input }))).toBe('INVALID_TRANSITION');
    await moveDraft(staff, draft.id, draft.revision, ['DRAFTING', 'SOLICITING_OPINIONS', 'UNDER_REVIEW']);
    expect((await gql(staff, RECORD_READING, { input: { ...input, round: 4 } })).errors?.[0]?.extensions?.field).toBe('round');
    expect((await gql(staff, RECORD_READING, { input: { ...input, meeting: ' ' } })).errors?.[0]?.extensions?.field).toBe('meeting');
    const other = await cityWithDraft();
    expect((await gql(staff, RECORD_READING, { input: { ...input, versionId: other.version.id } })).errors?.[0]?.extensions?.field).toBe('versionId');
    expect(errorCode(await gql(await tokenFor(tenantId, 'DEPUTY'), RECORD_READING, { input }))).toBe('FORBIDDEN');
    await gqlOk(staff, RECORD_READING, { input });
    expect((await gql(staff, RECORD_READING, { input })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'round' });
    const readings = await gqlOk(staff, `query($id: ID!) { draft(id: $id) { readings { round } } }`, { id: draft.id });
    expect(readings.draft.readings).toEqual([{ round: 1 }]);
  });
});
