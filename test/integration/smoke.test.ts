import { gql, gqlOk, newTenant, tokenFor } from '../support/api';

test('viewer through the real handler', async () => {
  const tenantId = await newTenant();
  const token = await tokenFor(tenantId, 'TENANT_ADMIN', { userId: 'u1' });
  const data = await gqlOk(token, '{ viewer { userId roles tenant { shortId level } } }');
  expect(data.viewer).toEqual({ userId: 'u1', roles: ['TENANT_ADMIN'], tenant: { shortId: tenantId, level: 'COUNTY' } });
  const anonymous = await gql(null, '{ viewer { userId } }');
  expect(anonymous.status).toBe(401);
});
