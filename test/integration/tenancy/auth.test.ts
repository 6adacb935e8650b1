import { SignJWT } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../../functions/src/core/auth';
import { errorCode, gql, newTenant, postRaw, tokenFor } from '../../support/api';
import { TEST_JWT_SECRET } from '../../support/env';

const VIEWER = '{ viewer { userId roles tenant { shortId } } }';

function sign(claims: Record<string, unknown>, options: { secret?: string; exp?: number | null; iat?: number | null } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('someone').setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE);
  if (options.iat !== null) jwt.setIssuedAt(options.iat ?? now - 120);
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now + 600);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

describe('token checks', () => {
  let tenantId: string;
  beforeAll(async () => {
    tenantId = await newTenant();
  });

  test('a budget unit token carries its unit code (custom:unitCode); other roles ignore the claim', async () => {
    const unit = await gql(await tokenFor(tenantId, 'BUDGET_UNIT', { userId: 'u-unit', unitCode: '141102004' }), '{ viewer { userId roles unitCode tenant { shortId } } }');
    expect(unit.data?.viewer).toEqual({ userId: 'u-unit', roles: ['BUDGET_UNIT'], unitCode: '141102004', tenant: { shortId: tenantId } });
    const deputy = await gql(await sign({ 'custom:tenantId': tenantId, 'cognito:groups': ['DEPUTY'], 'custom:unitCode': '141102004' }), '{ viewer { unitCode } }');
    expect(deputy.data?.viewer).toEqual({ unitCode: null });
  });

  test('a budget unit user reads no contact points and no budget figures (FORBIDDEN)', async () => {
    const token = await tokenFor(tenantId, 'BUDGET_UNIT', { unitCode: '141102004' });
    expect(errorCode(await gql(token, '{ contactPoints(first: 1) { edges { node { id } } } }'))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, '{ budgetOverview(year: 2026) { adjusted } }'))).toBe('FORBIDDEN');
    expect(errorCode(await gql(token, '{ alerts(year: 2026) { totalCount } }'))).toBe('FORBIDDEN');
  });

  test('a valid token reaches the API', async () => {
    const result = await gql(await tokenFor(tenantId, ['DEPUTY', 'TENANT_ADMIN'], { userId: 'u-1' }), VIEWER);
    expect(result.status).toBe(200);
    expect(result.data?.viewer).toEqual({ userId: 'u-1', roles: ['DEPUTY', 'TENANT_ADMIN'], tenant: { shortId: tenantId } });
  });

  test.each([
    ['no token', async () => null],
    ['a tampered token', async () => {
      const token = await tokenFor(tenantId, 'DEPUTY');
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      claims['cognito:groups'] = ['TENANT_ADMIN'];
      return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    }],
    ['a token signed with another key', async () =>
      sign({ 'custom:tenantId': tenantId, 'cognito:groups': ['DEPUTY'] }, { secret: 'another-secret-another-secret-another-secret' })],
    ['an expired token', async () =>
      sign({ 'custom:tenantId': tenantId, 'cognito:groups': ['DEPUTY'] }, { exp: Math.floor(Date.now() / 1000) - 5 })],
    ['a token for a tenant that does not exist', async () => tokenFor('nosuchtenant', 'TENANT_ADMIN')],
    ['a token without a tenant', async () => sign({ 'cognito:groups': ['DEPUTY'] })],
    ['a liaison token without its contact point', async () => tokenFor(tenantId, 'CONTACT_POINT_LIAISON')],
    ['a budget unit token without its unit', async () => tokenFor(tenantId, 'BUDGET_UNIT')],
    ['a budget unit token whose unit is not a code', async () =>
      sign({ 'custom:tenantId': tenantId, 'cognito:groups': ['BUDGET_UNIT'], 'custom:unitCode': '../141102004' })],
    ['a platform token with a tenant role', async () => tokenFor('platform', ['PLATFORM_ADMIN', 'TENANT_ADMIN'])],
    ["a congress's token claiming the operator role", async () => tokenFor(tenantId, ['PLATFORM_ADMIN', 'DEPUTY'])],
    ['garbage', async () => 'not-a-jwt'],
    ['a token without exp', async () => sign({ 'custom:tenantId': tenantId, 'cognito:groups': ['DEPUTY'] }, { exp: null })],
    ['a token without iat', async () => sign({ 'custom:tenantId': tenantId, 'cognito:groups': ['DEPUTY'] }, { iat: null })],
    ['a token living longer than 24 hours', async () => {
      const now = Math.floor(Date.now() / 1000);
      return sign({ 'custom:tenantId': tenantId, 'cognito:groups': ['DEPUTY'] }, { iat: now - 60, exp: now + 24 * 3600 });
    }],
    ['a token issued in the future', async () => {
      const now = Math.floor(Date.now() / 1000);
      return sign({ 'custom:tenantId': tenantId, 'cognito:groups': ['DEPUTY'] }, { iat: now + 3600, exp: now + 7200 });
    }],
  ])('%s is UNAUTHENTICATED with HTTP 401', async (_name, makeToken) => {
    const token = await makeToken();
    const result = await gql(token, VIEWER);
    expect(result.status).toBe(401);
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    expect(result.data).toBeUndefined();
  });

  test('a token living exactly 24 hours is accepted', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign({ 'custom:tenantId': tenantId, 'cognito:groups': ['DEPUTY'] }, { iat: now, exp: now + 24 * 3600 });
    expect((await gql(token, VIEWER)).status).toBe(200);
  });

  test('signLocalToken (npm run token) mints at most 24 hours', async () => {
    await expect(tokenFor(tenantId, 'DEPUTY', { ttl: '25h' })).rejects.toThrow(/1 second to 24 hours/);
    await expect(tokenFor(tenantId, 'DEPUTY', { ttl: '7d' })).rejects.toThrow(/1 second to 24 hours/);
    await expect(tokenFor(tenantId, 'DEPUTY', { ttl: 'soon' })).rejects.toThrow(/1 second to 24 hours/);
    const token = await tokenFor(tenantId, 'DEPUTY', { ttl: '24h' });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(24 * 3600);
    expect((await gql(token, VIEWER)).status).toBe(200);
  });

  test('a request without a JSON content type is refused by CSRF prevention', async () => {
    const token = await tokenFor(tenantId, 'DEPUTY');
    const result = await postRaw(JSON.stringify({ query: VIEWER }), { authorization: `Bearer ${token}`, 'content-type': 'text/plain' });
    expect(result.status).toBe(400);
  });

  test('a malformed query is 400 GRAPHQL_PARSE_FAILED', async () => {
    const result = await gql(await tokenFor(tenantId, 'DEPUTY'), '{ viewer { ');
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('GRAPHQL_PARSE_FAILED');
  });

  test('unknown fields get no suggestions that leak the schema', async () => {
    const result = await gql(await tokenFor(tenantId, 'DEPUTY'), '{ viewr { userId } }');
    expect(errorCode(result)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  test('queries nested too deep are refused', async () => {
    const deep = `{ viewer { tenant ${'{ parent '.repeat(14)}{ id }${' }'.repeat(14)} } }`;
    const result = await gql(await tokenFor(tenantId, 'DEPUTY'), deep);
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
