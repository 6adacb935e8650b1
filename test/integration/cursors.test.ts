import { errorCode, gql, gqlOk, newTenant, tokenFor } from '../support/api';
import { openConsultationWithLiaisons } from '../support/feedback';
import { CREATE_DRAFT, OPEN_CONSULTATION } from '../support/legislation';

const CONTACT_POINTS = `query($first: Int, $after: String, $filter: ContactPointFilter) { contactPoints(first: $first, after: $after, filter: $filter) {
  edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }`;
const DRAFTS = `query($first: Int, $after: String, $filter: DraftFilter) { drafts(first: $first, after: $after, filter: $filter) {
  edges { node { title } } pageInfo { hasNextPage endCursor } } }`;

/** The cursor format before sealing: base64url JSON of a storage key, as a prober would forge it. */
const legacyCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** A tenant with three contact points (two active) and two drafts, read by its office. */
async function tenantWithLists() {
  const tenantId = await newTenant({ level: 'CITY' });
  const admin = await tokenFor(tenantId, 'TENANT_ADMIN');
  for (const name of ['甲联系点', '乙联系点', '丙联系点']) {
    await gqlOk(admin, `mutation($input: CreateContactPointInput!) { createContactPoint(input: $input) { contactPoint { id } } }`, {
      input: { name, kind: 'OTHER' },
    });
  }
  for (const title of ['甲条例', '乙条例']) await gqlOk(admin, CREATE_DRAFT, { input: { title, kind: 'REGULATION' } });
  return { tenantId, admin };
}

/** Asserts the request is refused as bad input on `after` (never a DynamoDB error, never data). */
async function expectRefusedCursor(token: string, query: string, variables: Record<string, unknown>) {
  const result = await gql(token, query, variables);
  expect([variables.after, result.errors?.[0]?.extensions]).toEqual([variables.after, expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' })]);
  expect(result.data?.contactPoints ?? result.data?.drafts ?? null).toBeNull();
}

describe('cursors', () => {
  test('page through a list with opaque cursors that show neither the tenant nor the key design', async () => {
    const { tenantId, admin } = await tenantWithLists();
    const first = (await gqlOk(admin, CONTACT_POINTS, { first: 2 })).contactPoints;
    expect(first.edges.map((e: any) => e.node.name)).toEqual(['甲联系点', '乙联系点']);
    for (const cursor of [first.pageInfo.endCursor, ...first.edges.map((e: any) => e.cursor)]) {
      const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
      // Long enough that random ciphertext never holds them by chance.
      expect(decoded).not.toContain(tenantId);
      expect(decoded).not.toContain('"pk"');
    }
    const rest = (await gqlOk(admin, CONTACT_POINTS, { first: 2, after: first.pageInfo.endCursor })).contactPoints;
    expect(rest.edges.map((e: any) => e.node.name)).toEqual(['丙联系点']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  test('forged, truncated, altered and garbage cursors are BAD_USER_INPUT on after', async () => {
    const { tenantId, admin } = await tenantWithLists();
    const real = (await gqlOk(admin, CONTACT_POINTS, { first: 1 })).contactPoints.pageInfo.endCursor as string;
    const flipped = real.slice(0, 20) + (real[20] === 'A' ? 'B' : 'A') + real.slice(21);
    const probes = [
      // The hostile probes that reached DynamoDB when a cursor was its key in base64 JSON.
      legacyCursor({ pk: `${tenantId}#CP` }),
      legacyCursor({ pk: `${tenantId}#CP`, sk: 7 }),
      legacyCursor({ pk: `${tenantId}#CP`, sk: 'ZZZ#beyond-the-prefix' }),
      legacyCursor({ pk: `${tenantId}#CP`, sk: 'CP#0', extra: 'attribute' }),
      legacyCursor({ pk: `${tenantId}#CP`, sk: 'CP#0', draftsByStatusPk: `${tenantId}#DRAFTS#PLANNED`, draftsByStatusSk: 'x' }),
      // Sealed cursors damaged on the way.
      real.slice(0, real.length - 5),
      real.slice(0, 20),
      flipped,
      // Garbage.
      'AAAA',
      'A'.repeat(2049),
      Buffer.alloc(200, 7).toString('base64url'),
      'not a cursor!',
    ];
    for (const after of probes) await expectRefusedCursor(admin, CONTACT_POINTS, { first: 1, after });
    const draftProbes = [
      legacyCursor({ pk: `${tenantId}#DRAFT#x`, sk: 'DRAFT', draftsByStatusPk: `${tenantId}#DRAFTS#PLANNED`, draftsByStatusSk: 'x' }),
      legacyCursor({ pk: `${tenantId}#DRAFT#x`, sk: 'DRAFT', draftsByTenantPk: `${tenantId}#DRAFTS`, draftsByTenantSk: 5 }),
      legacyCursor({ pk: `${tenantId}#DRAFT#x`, sk: 'DRAFT' }),
    ];
    for (const after of draftProbes) await expectRefusedCursor(admin, DRAFTS, { first: 1, after });
  });

  test("another tenant's cursor, and a cursor of another list or filter, are BAD_USER_INPUT", async () => {
    const a = await tenantWithLists();
    const b = await tenantWithLists();
    const foreign = (await gqlOk(b.admin, CONTACT_POINTS, { first: 1 })).contactPoints.pageInfo.endCursor;
    await expectRefusedCursor(a.admin, CONTACT_POINTS, { first: 1, after: foreign });

    const ownContactPoint = (await gqlOk(a.admin, CONTACT_POINTS, { first: 1 })).contactPoints.pageInfo.endCursor;
    const ownDraft = (await gqlOk(a.admin, DRAFTS, { first: 1 })).drafts.pageInfo.endCursor;
    const plannedDraft = (await gqlOk(a.admin, DRAFTS, { first: 1, filter: { status: 'PLANNED' } })).drafts.pageInfo.endCursor;
    const activeOnly = (await gqlOk(a.admin, CONTACT_POINTS, { first: 1, filter: { active: true } })).contactPoints.pageInfo.endCursor;
    await expectRefusedCursor(a.admin, DRAFTS, { first: 1, after: ownContactPoint });
    await expectRefusedCursor(a.admin, CONTACT_POINTS, { first: 1, after: ownDraft });
    await expectRefusedCursor(a.admin, DRAFTS, { first: 1, after: plannedDraft });
    await expectRefusedCursor(a.admin, DRAFTS, { first: 1, after: ownDraft, filter: { kind: 'REGULATION' } });
    await expectRefusedCursor(a.admin, CONTACT_POINTS, { first: 1, after: activeOnly });
    await expectRefusedCursor(a.admin, CONTACT_POINTS, { first: 1, after: activeOnly, filter: { active: false } });

    // Each still opens in its own list.
    expect((await gqlOk(a.admin, DRAFTS, { first: 1, after: plannedDraft, filter: { status: 'PLANNED' } })).drafts.edges).toHaveLength(1);
    expect((await gqlOk(a.admin, CONTACT_POINTS, { first: 5, after: activeOnly, filter: { active: true } })).contactPoints.edges).toHaveLength(2);
    expect(errorCode(await gql(a.admin, DRAFTS, { first: 1, after: ownDraft }))).toBeUndefined();
  });

  test('a list filtered by the clock (open consultations) pages on: the cursor is not bound to the request time', async () => {
    const s = await openConsultationWithLiaisons();
    await gqlOk(s.staff, OPEN_CONSULTATION, {
      input: {
        draftId: s.draft.id,
        versionId: s.version.id,
        kind: 'DRAFT_COMMENT',
        contactPointIds: [s.points[0]!.id],
        opensAt: new Date(Date.now() - 1000).toISOString(),
        closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    });
    const MINE = `query($after: String) { myConsultations(first: 1, after: $after, filter: { status: OPEN }) {
      edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    const liaison = s.points[0]!.liaison;
    const first = (await gqlOk(liaison, MINE)).myConsultations;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await gqlOk(liaison, MINE, { after: first.pageInfo.endCursor })).myConsultations;
    expect(second.edges).toHaveLength(1);
    expect(second.edges[0].node.id).not.toBe(first.edges[0].node.id);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // Still bound to the liaison's own list: another contact point's liaison cannot use it.
    const result = await gql(s.points[1]!.liaison, MINE, { after: first.pageInfo.endCursor });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
