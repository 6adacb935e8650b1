import { errorCode, gql, gqlOk, newTenant, platformToken, tokenFor } from '../../support/api';
import type { Role } from '../../../functions/src/core/roles';

const CREATE = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id shortId name regionCode level parent { shortId } children { shortId } createdAt } } }`;
const LIST = `query($first: Int, $after: String) { tenants(first: $first, after: $after) { totalCount edges { node { shortId } } pageInfo { hasNextPage endCursor } } }`;

const uniqueId = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

describe('tenants', () => {
  test('the platform operator creates a city and its counties; viewers see parent and children', async () => {
    const operator = await platformToken();
    const cityId = uniqueId('city');
    const city = (await gqlOk(operator, CREATE, { input: { id: cityId, name: '吕梁市人大常委会', regionCode: '141100', level: 'CITY' } })).createTenant.tenant;
    expect(city).toMatchObject({ shortId: cityId, level: 'CITY', parent: null, children: [] });
    const countyId = uniqueId('county');
    const county = (
      await gqlOk(operator, CREATE, { input: { id: countyId, name: '兴县人大常委会', regionCode: '141123', level: 'COUNTY', parentId: cityId } })
    ).createTenant.tenant;
    expect(county).toMatchObject({ shortId: countyId, parent: { shortId: cityId } });

    const countyView = await gqlOk(await tokenFor(countyId, 'DEPUTY'), '{ viewer { tenant { shortId name parent { shortId name } } } }');
    expect(countyView.viewer.tenant).toEqual({ shortId: countyId, name: '兴县人大常委会', parent: { shortId: cityId, name: '吕梁市人大常委会' } });
    const cityView = await gqlOk(await tokenFor(cityId, 'TENANT_ADMIN'), '{ viewer { tenant { children { shortId } } } }');
    expect(cityView.viewer.tenant.children).toEqual([{ shortId: countyId }]);

    const operatorView = await gqlOk(operator, '{ viewer { roles tenant { id } } }');
    expect(operatorView.viewer).toEqual({ roles: ['PLATFORM_ADMIN'], tenant: null });
  });

  test('tenants pages through every tenant for the platform operator', async () => {
    const operator = await platformToken();
    await newTenant();
    await newTenant();
    const first = (await gqlOk(operator, LIST, { first: 1 })).tenants;
    expect(first.totalCount).toBeGreaterThanOrEqual(2);
    expect(first.edges).toHaveLength(1);
    const next = (await gqlOk(operator, LIST, { first: 1, after: first.pageInfo.endCursor })).tenants;
    expect(next.edges[0].node.shortId > first.edges[0].node.shortId).toBe(true);
  });

  test.each<Role>(['TENANT_ADMIN', 'LEGISLATIVE_STAFF', 'BUDGET_STAFF', 'DEPUTY', 'CONTACT_POINT_LIAISON'])('%s may neither list nor create tenants', async (role) => {
    const tenantId = await newTenant();
    const token = await tokenFor(tenantId, role, role === 'CONTACT_POINT_LIAISON' ? { contactPointId: '01JBQ0000000000000000000AA' } : {});
    expect(errorCode(await gql(token, LIST))).toBe('FORBIDDEN');
    const id = uniqueId('nope');
    const result = await gql(token, CREATE, { input: { id, name: '某县', regionCode: '141124', level: 'COUNTY' } });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(errorCode(await gql(await platformToken(), `{ tenants(first: 100) { edges { node { id } } } }`))).toBeUndefined();
    expect(await gql(await tokenFor(id, 'DEPUTY'), '{ viewer { userId } }')).toMatchObject({ status: 401 });
  });

  test('an id already taken is CONFLICT', async () => {
    const operator = await platformToken();
    const id = uniqueId('dup');
    const input = { id, name: '文水县人大常委会', regionCode: '141121', level: 'COUNTY' };
    await gqlOk(operator, CREATE, { input });
    expect(errorCode(await gql(operator, CREATE, { input: { ...input, name: '别的名字' } }))).toBe('CONFLICT');
  });

  test('createTenant with an idempotency key may be retried', async () => {
    const operator = await platformToken();
    const input = { id: uniqueId('idem'), name: '孝义市人大常委会', regionCode: '141181', level: 'COUNTY', idempotencyKey: uniqueId('k') };
    const first = (await gqlOk(operator, CREATE, { input })).createTenant.tenant;
    expect((await gqlOk(operator, CREATE, { input })).createTenant.tenant).toEqual(first);
  });

  test.each([
    [{ id: 'Bad Id' }, 'id'],
    [{ id: 'platform' }, 'id'],
    [{ name: '' }, 'name'],
    [{ regionCode: '1411' }, 'regionCode'],
    [{ parentId: 'no-such-city' }, 'parentId'],
    [{ level: 'CITY', parentId: 'whatever' }, 'parentId'],
  ].map(([patch, field]) => [field as string, patch as Record<string, unknown>] as const))('bad %s is BAD_USER_INPUT and creates nothing', async (field, patch) => {
    const operator = await platformToken();
    const id = uniqueId('bad');
    const input = { id, name: '某县人大常委会', regionCode: '141124', level: 'COUNTY', ...patch };
    const result = await gql(operator, CREATE, { input });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await gql(await tokenFor(id, 'DEPUTY'), '{ viewer { userId } }')).status).toBe(401);
  });

  test('a county must lie inside its parent city', async () => {
    const operator = await platformToken();
    const cityId = uniqueId('city');
    await gqlOk(operator, CREATE, { input: { id: cityId, name: '吕梁市', regionCode: '141100', level: 'CITY' } });
    const result = await gql(operator, CREATE, {
      input: { id: uniqueId('far'), name: '小店区', regionCode: '140105', level: 'COUNTY', parentId: cityId },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
  });
});
