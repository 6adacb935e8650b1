import { randomUUID } from 'node:crypto';
import { errorCode, gql, gqlOk, newTenant, platformToken, tokenFor } from '../../support/api';
import { AUDIT_TRAIL, trailOf, trailResult } from '../../support/audit';
import { localId } from '../../support/legislation';
import { auditKeys, type StoredAuditRecord } from '../../../functions/src/data/audit';
import { queryAll } from '../../../functions/src/data/query';
import { config, DEFAULT_AUDIT_RETENTION_DAYS, resetConfigForTests } from '../../../functions/src/core/config';
import type { Role } from '../../../functions/src/core/roles';

const CREATE = `mutation($input: CreateContactPointInput!) { createContactPoint(input: $input) { contactPoint { id revision } } }`;
const UPDATE = `mutation($input: UpdateContactPointInput!) { updateContactPoint(input: $input) { contactPoint { id name revision } } }`;
const DEACTIVATE = `mutation($input: DeactivateContactPointInput!) { deactivateContactPoint(input: $input) { contactPoint { id active revision } } }`;

const fengshan = {
  name: '凤山街道基层立法联系点',
  kind: 'STREET',
  address: '吕梁市离石区凤山街道办事处',
  regionCode: '141102001',
  liaisons: [{ name: '王红梅', title: '党工委副书记', phone: '0358-8221234' }],
};

async function setup() {
  const tenantId = await newTenant();
  const admin = await tokenFor(tenantId, 'TENANT_ADMIN', { userId: 'office-1' });
  const cp = (await gqlOk(admin, CREATE, { input: fengshan })).createContactPoint.contactPoint;
  return { tenantId, admin, cp };
}

/** The stored items of a trail, as DynamoDB holds them. */
function storedTrail(tenantId: string, entityId: string) {
  return queryAll<StoredAuditRecord>({ table: 'platform', partitionValue: auditKeys.trailPartition(tenantId, entityId) });
}

describe('audit trail of contact points', () => {
  test('create, update and deactivate are recorded, newest first, with who, when, the request and only the changed fields', async () => {
    const tenantId = await newTenant();
    const admin = await tokenFor(tenantId, 'TENANT_ADMIN', { userId: 'office-1' });
    const staff = await tokenFor(tenantId, ['LEGISLATIVE_STAFF', 'DEPUTY'], { userId: 'staff-7' });
    const createRequest = randomUUID();
    const cp = (await gql(admin, CREATE, { input: fengshan }, { requestId: createRequest })).data!.createContactPoint.contactPoint;
    const updateRequest = randomUUID();
    const update = {
      id: cp.id,
      expectedRevision: 1,
      name: '凤山街道立法联系点',
      address: null,
      liaisons: [{ name: '王红梅', title: '党工委书记', phone: '0358-8221234' }],
    };
    expect(errorCode(await gql(staff, UPDATE, { input: update }, { requestId: updateRequest }))).toBeUndefined();
    await gqlOk(admin, DEACTIVATE, { input: { id: cp.id, expectedRevision: 2 } });

    const trail = await trailOf(admin, cp.id);
    expect(trail.map((r) => r.operation)).toEqual(['deactivateContactPoint', 'updateContactPoint', 'createContactPoint']);
    const [deactivated, updated, created] = trail;
    expect(created).toMatchObject({ entityType: 'ContactPoint', entityId: cp.id, userId: 'office-1', roles: ['TENANT_ADMIN'], requestId: createRequest });
    expect(created!.changes).toEqual({
      name: { before: null, after: fengshan.name },
      kind: { before: null, after: 'STREET' },
      address: { before: null, after: fengshan.address },
      regionCode: { before: null, after: '141102001' },
      active: { before: null, after: true },
      liaisons: { before: null, after: fengshan.liaisons },
    });
    expect(updated).toMatchObject({ userId: 'staff-7', roles: ['LEGISLATIVE_STAFF', 'DEPUTY'], requestId: updateRequest });
    expect(updated!.changes).toEqual({
      name: { before: fengshan.name, after: '凤山街道立法联系点' },
      address: { before: fengshan.address, after: null },
      liaisons: { before: fengshan.liaisons, after: update.liaisons },
    });
    expect(deactivated!.changes).toEqual({ active: { before: true, after: false } });
    expect(Date.parse(trail[0]!.at)).toBeGreaterThanOrEqual(Date.parse(trail[2]!.at));
    // No internal key or bookkeeping attribute of the contact point leaks into a record.
    const stored = JSON.stringify(await storedTrail(tenantId, cp.id));
    expect(stored).not.toMatch(/searchText|updatedBy|"revision"|#CP|CP#/);
  });

  test('a refused change writes no record: stale revision, bad input, already inactive', async () => {
    const { admin, cp } = await setup();
    expect(errorCode(await gql(admin, UPDATE, { input: { id: cp.id, expectedRevision: 5, name: '新名称' } }))).toBe('CONFLICT');
    const bad = await gql(admin, UPDATE, { input: { id: cp.id, expectedRevision: 1, regionCode: '12' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    expect(errorCode(await gql(admin, DEACTIVATE, { input: { id: cp.id, expectedRevision: 9 } }))).toBe('CONFLICT');
    await gqlOk(admin, DEACTIVATE, { input: { id: cp.id, expectedRevision: 1 } });
    // Deactivating again changes nothing, so records nothing.
    await gqlOk(admin, DEACTIVATE, { input: { id: cp.id, expectedRevision: 2 } });
    expect((await trailOf(admin, cp.id)).map((r) => r.operation)).toEqual(['deactivateContactPoint', 'createContactPoint']);
  });

  test('of racing updates at one revision, only the one that happened is recorded', async () => {
    const { admin, cp } = await setup();
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => gql(admin, UPDATE, { input: { id: cp.id, expectedRevision: 1, name: `并发名称${n}` } })),
    );
    const won = results.filter((r) => !r.errors);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.errors).map(errorCode)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT']);
    const trail = await trailOf(admin, cp.id);
    expect(trail.map((r) => r.operation)).toEqual(['updateContactPoint', 'createContactPoint']);
    expect(trail[0]!.changes.name!.after).toBe(won[0]!.data!.updateContactPoint.contactPoint.name);
  });

  test('a retried idempotent create writes one record', async () => {
    const tenantId = await newTenant();
    const admin = await tokenFor(tenantId, 'TENANT_ADMIN');
    const input = { ...fengshan, idempotencyKey: 'cp-2026-1' };
    const first = (await gqlOk(admin, CREATE, { input })).createContactPoint.contactPoint;
    const again = (await gqlOk(admin, CREATE, { input })).createContactPoint.contactPoint;
    expect(again.id).toBe(first.id);
    expect((await trailOf(admin, first.id)).map((r) => r.operation)).toEqual(['createContactPoint']);
  });

  test.each<Role>(['LEGISLATIVE_STAFF', 'BUDGET_STAFF', 'DEPUTY', 'CONTACT_POINT_LIAISON', 'PLATFORM_ADMIN'])(
    '%s may not read a trail (FORBIDDEN)',
    async (role) => {
      const { tenantId, cp } = await setup();
      const token =
        role === 'PLATFORM_ADMIN'
          ? await platformToken()
          : await tokenFor(tenantId, role, role === 'CONTACT_POINT_LIAISON' ? { contactPointId: localId(cp.id) } : {});
      const result = await trailResult(token, cp.id);
      expect(errorCode(result)).toBe('FORBIDDEN');
      expect(result.data).toBeNull();
    },
  );

  test("another congress's entity gives an empty trail, exactly like an id that never existed", async () => {
    const { cp } = await setup();
    const otherAdmin = await tokenFor(await newTenant(), 'TENANT_ADMIN');
    const foreign = (await gqlOk(otherAdmin, AUDIT_TRAIL, { entityId: cp.id })).auditTrail;
    const neverExisted = (await gqlOk(otherAdmin, AUDIT_TRAIL, { entityId: Buffer.from('ContactPoint:01JBQ0000000000000000000ZZ').toString('base64url') }))
      .auditTrail;
    expect(foreign).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    expect(neverExisted).toEqual(foreign);
  });

  test.each([
    [{ entityId: 'not-an-id' }, 'entityId'],
    [{ first: 0 }, 'first'],
    [{ first: 101 }, 'first'],
    [{ after: 'garbage!' }, 'after'],
  ])('bad %j is BAD_USER_INPUT naming %s', async (patch, field) => {
    const { admin, cp } = await setup();
    const result = await gql(admin, AUDIT_TRAIL, { entityId: cp.id, ...patch });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test('pages newest first with cursors; totalCount counts the whole trail', async () => {
    const { admin, cp } = await setup();
    for (let revision = 1; revision <= 4; revision++) {
      await gqlOk(admin, UPDATE, { input: { id: cp.id, expectedRevision: revision, name: `联系点第${revision}版` } });
    }
    const page1 = (await gqlOk(admin, AUDIT_TRAIL, { entityId: cp.id, first: 2 })).auditTrail;
    expect(page1.totalCount).toBe(5);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const names = (page: any) => page.edges.map((e: any) => JSON.parse(e.node.changes.find((c: any) => c.field === 'name').after));
    expect(names(page1)).toEqual(['联系点第4版', '联系点第3版']);
    const page2 = (await gqlOk(admin, AUDIT_TRAIL, { entityId: cp.id, first: 2, after: page1.pageInfo.endCursor })).auditTrail;
    expect(names(page2)).toEqual(['联系点第2版', '联系点第1版']);
    const page3 = (await gqlOk(admin, AUDIT_TRAIL, { entityId: cp.id, first: 2, after: page2.pageInfo.endCursor })).auditTrail;
    expect(page3.edges.map((e: any) => e.node.operation)).toEqual(['createContactPoint']);
    expect(page3.pageInfo.hasNextPage).toBe(false);
    // A cursor of this trail is no position in another entity's trail.
    const other = (await gqlOk(admin, CREATE, { input: { name: '另一联系点', kind: 'VILLAGE' } })).createContactPoint.contactPoint;
    const foreign = await gql(admin, AUDIT_TRAIL, { entityId: other.id, after: page1.pageInfo.endCursor });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('audit of tenants', () => {
  test("createTenant is recorded in the platform's own partition, by the operator", async () => {
    const tenantId = await newTenant();
    const [created] = await storedTrail('platform', tenantId);
    expect(created).toMatchObject({ entityType: 'Tenant', entityId: tenantId, operation: 'createTenant', userId: 'operator', roles: ['PLATFORM_ADMIN'] });
    expect(created!.changes.map((c) => c.field)).toEqual(['name', 'regionCode', 'level']);
  });
});

describe('audit retention', () => {
  afterEach(() => {
    delete process.env.AUDIT_RETENTION_DAYS;
    resetConfigForTests();
  });

  test('records carry the TTL attribute expiresAt: 3 years by default, AUDIT_RETENTION_DAYS when set', async () => {
    const { tenantId, admin, cp } = await setup();
    process.env.AUDIT_RETENTION_DAYS = '30';
    resetConfigForTests();
    await gqlOk(admin, DEACTIVATE, { input: { id: cp.id, expectedRevision: 1 } });

    const stored = await storedTrail(tenantId, cp.id);
    expect(stored).toHaveLength(2);
    const expiry = (r: StoredAuditRecord) => r.expiresAt - Math.floor(Date.parse(r.at) / 1000);
    const [created, deactivated] = stored; // oldest first in the key order
    expect(created!.operation).toBe('createContactPoint');
    expect(expiry(created!)).toBe(DEFAULT_AUDIT_RETENTION_DAYS * 86_400);
    expect(deactivated!.operation).toBe('deactivateContactPoint');
    expect(expiry(deactivated!)).toBe(30 * 86_400);
  });

  test('a malformed retention is refused at start, not silently replaced', () => {
    process.env.AUDIT_RETENTION_DAYS = 'three years';
    resetConfigForTests();
    expect(() => config()).toThrow(/AUDIT_RETENTION_DAYS/);
  });
});
