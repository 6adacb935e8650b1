import { errorCode, gql, gqlOk, newTenant, platformToken, tokenFor } from '../../support/api';
import type { Role } from '../../../functions/src/core/roles';

const FIELDS = 'id name kind address regionCode establishedOn active revision liaisons { name title phone } createdAt updatedAt';
const CREATE = `mutation($input: CreateContactPointInput!) { createContactPoint(input: $input) { contactPoint { ${FIELDS} } } }`;
const UPDATE = `mutation($input: UpdateContactPointInput!) { updateContactPoint(input: $input) { contactPoint { ${FIELDS} } } }`;
const DEACTIVATE = `mutation($input: DeactivateContactPointInput!) { deactivateContactPoint(input: $input) { contactPoint { id active revision } } }`;
const GET = `query($id: ID!) { contactPoint(id: $id) { ${FIELDS} } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on ContactPoint { name } } }`;
const LIST = `query($first: Int, $after: String, $filter: ContactPointFilter) {
  contactPoints(first: $first, after: $after, filter: $filter) {
    totalCount edges { cursor node { id name kind active } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

const fengshan = {
  name: '凤山街道基层立法联系点',
  kind: 'STREET',
  address: '吕梁市离石区凤山街道办事处',
  regionCode: '141102001',
  establishedOn: '2021-06-18',
  liaisons: [{ name: '王红梅', title: '党工委副书记', phone: '0358-8221234' }],
};

async function setup() {
  const tenantId = await newTenant();
  const admin = await tokenFor(tenantId, 'TENANT_ADMIN');
  const created = await gqlOk(admin, CREATE, { input: fengshan });
  return { tenantId, admin, cp: created.createContactPoint.contactPoint };
}

async function total(token: string, filter?: Record<string, unknown>): Promise<number> {
  return (await gqlOk(token, LIST, { filter })).contactPoints.totalCount;
}

describe('createContactPoint', () => {
  test('registers a contact point that lists and reads back', async () => {
    const { admin, cp } = await setup();
    expect(cp).toMatchObject({ ...fengshan, active: true, revision: 1 });
    expect(cp.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await gqlOk(admin, GET, { id: cp.id })).contactPoint).toEqual(cp);
    expect((await gqlOk(admin, NODE, { id: cp.id })).node).toEqual({ id: cp.id, name: fengshan.name });
    const list = (await gqlOk(admin, LIST)).contactPoints;
    expect(list.totalCount).toBe(1);
    expect(list.edges.map((e: any) => e.node.id)).toEqual([cp.id]);
  });

  test('legislative staff may create too', async () => {
    const tenantId = await newTenant();
    const staff = await tokenFor(tenantId, 'LEGISLATIVE_STAFF');
    const data = await gqlOk(staff, CREATE, { input: { name: '某村联系点', kind: 'VILLAGE' } });
    expect(data.createContactPoint.contactPoint).toMatchObject({ name: '某村联系点', kind: 'VILLAGE', liaisons: [], address: null });
  });

  test.each<Role>(['BUDGET_STAFF', 'DEPUTY', 'PLATFORM_ADMIN'])('%s may not create', async (role) => {
    const tenantId = await newTenant();
    // The operator's token belongs to the platform, not to this congress.
    const token = role === 'PLATFORM_ADMIN' ? await platformToken() : await tokenFor(tenantId, role);
    const result = await gql(token, CREATE, { input: fengshan });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(await total(await tokenFor(tenantId, 'TENANT_ADMIN'))).toBe(0);
  });

  test('a liaison may not create', async () => {
    const { tenantId, admin, cp } = await setup();
    const liaison = await tokenFor(tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: localId(cp.id) });
    expect(errorCode(await gql(liaison, CREATE, { input: fengshan }))).toBe('FORBIDDEN');
    expect(await total(admin)).toBe(1);
  });

  test.each([
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(101) }, 'name'],
    [{ address: '址'.repeat(201) }, 'address'],
    [{ regionCode: '12' }, 'regionCode'],
    [{ regionCode: '140100001' }, 'regionCode'],
    [{ establishedOn: '2021-02-30' }, 'establishedOn'],
    [{ liaisons: [{ name: '李', phone: 'call me' }] }, 'liaisons.0.phone'],
    [{ liaisons: [{ name: '' }] }, 'liaisons.0.name'],
    [{ liaisons: Array.from({ length: 21 }, (_, i) => ({ name: `联络员${i}` })) }, 'liaisons'],
    [{ idempotencyKey: 'has spaces in it' }, 'idempotencyKey'],
  ].map(([patch, field]) => [field as string, patch as Record<string, unknown>] as const))('bad %s is BAD_USER_INPUT, and nothing is written', async (field, patch) => {
    const tenantId = await newTenant();
    const admin = await tokenFor(tenantId, 'TENANT_ADMIN');
    const result = await gql(admin, CREATE, { input: { ...fengshan, ...patch } });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field ?? result.errors?.[0]?.message).toContain(field);
    expect(await total(admin)).toBe(0);
  });

  test('the same idempotency key returns the first contact point and writes nothing new', async () => {
    const tenantId = await newTenant();
    const admin = await tokenFor(tenantId, 'TENANT_ADMIN');
    const input = { ...fengshan, idempotencyKey: 'retry-123' };
    const first = (await gqlOk(admin, CREATE, { input })).createContactPoint.contactPoint;
    const again = (await gqlOk(admin, CREATE, { input })).createContactPoint.contactPoint;
    expect(again).toEqual(first);
    expect(await total(admin)).toBe(1);
    const reused = await gql(admin, CREATE, { input: { ...input, name: '另一个联系点' } });
    expect(errorCode(reused)).toBe('CONFLICT');
    expect(await total(admin)).toBe(1);
  });

  test('racing retries with one idempotency key create one contact point', async () => {
    const tenantId = await newTenant();
    const admin = await tokenFor(tenantId, 'TENANT_ADMIN');
    const input = { ...fengshan, idempotencyKey: 'village-retry' };
    const results = await Promise.all(Array.from({ length: 8 }, () => gqlOk(admin, CREATE, { input })));
    const ids = new Set(results.map((r) => r.createContactPoint.contactPoint.id));
    expect(ids.size).toBe(1);
    expect(await total(admin)).toBe(1);
  });

  test('the same key in another tenant is another request', async () => {
    const a = await setup();
    const otherTenant = await newTenant();
    const otherAdmin = await tokenFor(otherTenant, 'TENANT_ADMIN');
    const input = { ...fengshan, idempotencyKey: 'shared-key' };
    const inA = (await gqlOk(a.admin, CREATE, { input })).createContactPoint.contactPoint.id;
    const inB = (await gqlOk(otherAdmin, CREATE, { input })).createContactPoint.contactPoint.id;
    expect(inA).not.toBe(inB);
  });
});

function localId(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString().split(':')[1]!;
}

describe('reading contact points', () => {
  test.each<Role>(['TENANT_ADMIN', 'LEGISLATIVE_STAFF', 'BUDGET_STAFF', 'DEPUTY'])('%s may read', async (role) => {
    const { tenantId, cp } = await setup();
    const token = await tokenFor(tenantId, role);
    expect((await gqlOk(token, GET, { id: cp.id })).contactPoint.id).toBe(cp.id);
    expect(await total(token)).toBe(1);
  });

  test('liaison phone numbers are shown to staff and admins only', async () => {
    const { tenantId, cp } = await setup();
    for (const role of ['TENANT_ADMIN', 'LEGISLATIVE_STAFF', 'BUDGET_STAFF'] as Role[]) {
      const data = await gqlOk(await tokenFor(tenantId, role), GET, { id: cp.id });
      expect(data.contactPoint.liaisons[0].phone).toBe('0358-8221234');
    }
    const deputy = await gqlOk(await tokenFor(tenantId, 'DEPUTY'), GET, { id: cp.id });
    expect(deputy.contactPoint.liaisons[0]).toEqual({ name: '王红梅', title: '党工委副书记', phone: null });
    const liaison = await gqlOk(await tokenFor(tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: localId(cp.id) }), GET, {
      id: cp.id,
    });
    expect(liaison.contactPoint.liaisons[0].phone).toBeNull();
  });

  test('a liaison sees its own contact point only', async () => {
    const { tenantId, admin, cp } = await setup();
    const other = (await gqlOk(admin, CREATE, { input: { name: '信义村联系点', kind: 'VILLAGE' } })).createContactPoint.contactPoint;
    const liaison = await tokenFor(tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: localId(cp.id) });
    const list = (await gqlOk(liaison, LIST)).contactPoints;
    expect(list.totalCount).toBe(1);
    expect(list.edges.map((e: any) => e.node.id)).toEqual([cp.id]);
    expect(errorCode(await gql(liaison, GET, { id: other.id }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(liaison, NODE, { id: other.id }))).toBe('NOT_FOUND');
    const viewer = await gqlOk(liaison, '{ viewer { contactPoint { id name } } }');
    expect(viewer.viewer.contactPoint).toEqual({ id: cp.id, name: fengshan.name });
    expect((await gqlOk(liaison, LIST, { filter: { kind: 'VILLAGE' } })).contactPoints.totalCount).toBe(0);
  });

  test("another tenant's contact point is NOT_FOUND and absent from lists", async () => {
    const a = await setup();
    const otherTenant = await newTenant();
    // Look-alike data in the other tenant.
    const otherAdmin = await tokenFor(otherTenant, 'TENANT_ADMIN');
    const mine = (await gqlOk(otherAdmin, CREATE, { input: fengshan })).createContactPoint.contactPoint;
    for (const role of ['TENANT_ADMIN', 'DEPUTY'] as Role[]) {
      const token = await tokenFor(otherTenant, role);
      expect(errorCode(await gql(token, GET, { id: a.cp.id }))).toBe('NOT_FOUND');
      expect(errorCode(await gql(token, NODE, { id: a.cp.id }))).toBe('NOT_FOUND');
      const list = (await gqlOk(token, LIST)).contactPoints;
      expect(list.edges.map((e: any) => e.node.id)).toEqual([mine.id]);
    }
    expect(errorCode(await gql(otherAdmin, UPDATE, { input: { id: a.cp.id, expectedRevision: 1, name: '改' } }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(otherAdmin, DEACTIVATE, { input: { id: a.cp.id, expectedRevision: 1 } }))).toBe('NOT_FOUND');
    // A liaison token naming another tenant's contact point sees nothing either.
    const forged = await tokenFor(otherTenant, 'CONTACT_POINT_LIAISON', { contactPointId: localId(a.cp.id) });
    expect(errorCode(await gql(forged, GET, { id: a.cp.id }))).toBe('NOT_FOUND');
    expect((await gqlOk(forged, LIST)).contactPoints.totalCount).toBe(0);
    // Unchanged in its own tenant.
    expect((await gqlOk(a.admin, GET, { id: a.cp.id })).contactPoint.name).toBe(fengshan.name);
  });

  test('ids that are not ids are BAD_USER_INPUT; unknown ones NOT_FOUND', async () => {
    const { admin } = await setup();
    expect((await gql(admin, GET, { id: 'nonsense' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const unknown = Buffer.from('ContactPoint:01JBQ0000000000000000000000').toString('base64url');
    expect(errorCode(await gql(admin, GET, { id: unknown }))).toBe('NOT_FOUND');
  });

  test('pages through with first/after and filters by kind, active and search', async () => {
    const { admin } = await setup();
    const names = ['向阳村联系点', '城北社区联系点', '晋商律师事务所联系点', '吕梁学院联系点'];
    const kinds = ['VILLAGE', 'COMMUNITY', 'LAW_FIRM', 'SCHOOL'];
    const created = [];
    for (const [i, name] of names.entries()) {
      created.push((await gqlOk(admin, CREATE, { input: { name, kind: kinds[i], address: i === 3 ? '滨河北中路' : null } })).createContactPoint.contactPoint);
    }
    await gqlOk(admin, DEACTIVATE, { input: { id: created[0].id, expectedRevision: 1 } });

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: any = (await gqlOk(admin, LIST, { first: 2, after })).contactPoints;
      expect(page.totalCount).toBe(5);
      expect(page.edges.length).toBeLessThanOrEqual(2);
      seen.push(...page.edges.map((e: any) => e.node.name));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual([fengshan.name, ...names]);

    expect(await total(admin, { active: true })).toBe(4);
    expect(await total(admin, { active: false })).toBe(1);
    expect(await total(admin, { kind: 'VILLAGE' })).toBe(1);
    expect(await total(admin, { kind: 'VILLAGE', active: true })).toBe(0);
    const search = (await gqlOk(admin, LIST, { filter: { search: '滨河' } })).contactPoints;
    expect(search.totalCount).toBe(1);
    expect(search.edges[0].node.name).toBe('吕梁学院联系点');
    const filtered = (await gqlOk(admin, LIST, { first: 1, filter: { active: true } })).contactPoints;
    expect(filtered.pageInfo.hasNextPage).toBe(true);
    const next = (await gqlOk(admin, LIST, { first: 10, after: filtered.pageInfo.endCursor, filter: { active: true } })).contactPoints;
    expect(next.edges.map((e: any) => e.node.name)).toEqual(names.slice(1));
  });

  test('page sizes and cursors are validated', async () => {
    const { tenantId, admin } = await setup();
    expect((await gql(admin, LIST, { first: 101 })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await gql(admin, LIST, { first: 0 })).errors?.[0]?.extensions?.field).toBe('first');
    expect((await gql(admin, LIST, { after: '!!!' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    // A cursor of another tenant's list is no position in this one.
    const other = await tokenFor(await newTenant(), 'TENANT_ADMIN');
    await gqlOk(other, CREATE, { input: fengshan });
    await gqlOk(other, CREATE, { input: fengshan });
    const foreignCursor = (await gqlOk(other, LIST, { first: 1 })).contactPoints.pageInfo.endCursor;
    expect((await gql(admin, LIST, { after: foreignCursor })).errors?.[0]?.extensions?.field).toBe('after');
    expect(tenantId).toBeTruthy();
    expect((await gql(admin, LIST, { filter: { search: '长'.repeat(51) } })).errors?.[0]?.extensions?.field).toBe('filter.search');
  });
});

describe('updateContactPoint and deactivateContactPoint', () => {
  test('updates the fields sent, keeps the others, and bumps the revision', async () => {
    const { admin, cp } = await setup();
    const updated = (
      await gqlOk(admin, UPDATE, { input: { id: cp.id, expectedRevision: 1, name: '凤山街道联系点', address: null, kind: 'COMMUNITY' } })
    ).updateContactPoint.contactPoint;
    expect(updated).toMatchObject({
      name: '凤山街道联系点',
      address: null,
      kind: 'COMMUNITY',
      regionCode: fengshan.regionCode,
      liaisons: fengshan.liaisons,
      revision: 2,
    });
    expect(await total(admin, { kind: 'COMMUNITY' })).toBe(1);
    expect(await total(admin, { kind: 'STREET' })).toBe(0);
    expect((await gqlOk(admin, LIST, { filter: { search: '凤山街道联系点' } })).contactPoints.totalCount).toBe(1);
  });

  test('a stale revision is CONFLICT and changes nothing', async () => {
    const { admin, cp } = await setup();
    await gqlOk(admin, UPDATE, { input: { id: cp.id, expectedRevision: 1, name: '第一次修改' } });
    const stale = await gql(admin, UPDATE, { input: { id: cp.id, expectedRevision: 1, name: '第二次修改' } });
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(errorCode(await gql(admin, DEACTIVATE, { input: { id: cp.id, expectedRevision: 1 } }))).toBe('CONFLICT');
    expect((await gqlOk(admin, GET, { id: cp.id })).contactPoint).toMatchObject({ name: '第一次修改', revision: 2, active: true });
  });

  test('concurrent edits against one revision: exactly one wins', async () => {
    const { admin, cp } = await setup();
    const results = await Promise.all(
      ['甲', '乙', '丙', '丁'].map((name) => gql(admin, UPDATE, { input: { id: cp.id, expectedRevision: 1, name } })),
    );
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => errorCode(r) === 'CONFLICT').length).toBe(3);
    expect((await gqlOk(admin, GET, { id: cp.id })).contactPoint.revision).toBe(2);
  });

  test('bad input is BAD_USER_INPUT naming the field and changes nothing', async () => {
    const { admin, cp } = await setup();
    const result = await gql(admin, UPDATE, { input: { id: cp.id, expectedRevision: 1, name: '' } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const region = await gql(admin, UPDATE, { input: { id: cp.id, expectedRevision: 1, regionCode: '110101001' } });
    expect(region.errors?.[0]?.extensions?.field).toBe('regionCode');
    expect((await gqlOk(admin, GET, { id: cp.id })).contactPoint).toEqual(cp);
  });

  test('deactivation keeps the record, updates the counters, and reactivation reverses it', async () => {
    const { admin, cp } = await setup();
    const off = (await gqlOk(admin, DEACTIVATE, { input: { id: cp.id, expectedRevision: 1 } })).deactivateContactPoint.contactPoint;
    expect(off).toMatchObject({ active: false, revision: 2 });
    // Deactivating again changes nothing.
    expect((await gqlOk(admin, DEACTIVATE, { input: { id: cp.id, expectedRevision: 2 } })).deactivateContactPoint.contactPoint.revision).toBe(2);
    expect(await total(admin, { active: true })).toBe(0);
    expect(await total(admin)).toBe(1);
    await gqlOk(admin, UPDATE, { input: { id: cp.id, expectedRevision: 2, active: true } });
    expect(await total(admin, { active: true })).toBe(1);
  });

  test.each<Role>(['BUDGET_STAFF', 'DEPUTY'])('%s may neither update nor deactivate', async (role) => {
    const { tenantId, admin, cp } = await setup();
    const token = await tokenFor(tenantId, role);
    expect(errorCode(await gql(token, UPDATE, { input: { id: cp.id, expectedRevision: 1, name: '改' } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, DEACTIVATE, { input: { id: cp.id, expectedRevision: 1 } }))).toBe('FORBIDDEN');
    expect((await gqlOk(admin, GET, { id: cp.id })).contactPoint).toEqual(cp);
  });

  test('a liaison may not edit even its own contact point', async () => {
    const { tenantId, cp } = await setup();
    const liaison = await tokenFor(tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: localId(cp.id) });
    expect(errorCode(await gql(liaison, UPDATE, { input: { id: cp.id, expectedRevision: 1, name: '改' } }))).toBe('FORBIDDEN');
  });
});
