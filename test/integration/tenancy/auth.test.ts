import { SignJWT } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../../functions/src/core/auth';
import { errorCode, gql, newTenant, postRaw, tokenFor } from '../../support/api';
import { TEST_JWT_SECRET } from '../../support/env';

const VIEWER = '{ viewer { userId roles tenant { shortId } } }';

function sign(claims: Record<string, unknown>, options: { secret?: string; exp?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('someone')
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt(now - 120)
    .setExpirationTime(options.exp ?? now + 600)
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

describe('token checks', () => {
  let tenantId: string;
  beforeAll(async () => {
    tenantId = await newTenant();
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
    ['a platform token with a tenant role', async () => tokenFor('platform', ['PLATFORM_ADMIN', 'TENANT_ADMIN'])],
    ["a congress's token claiming the operator role", async () => tokenFor(tenantId, ['PLATFORM_ADMIN', 'DEPUTY'])],
    ['garbage', async () => 'not-a-jwt'],
  ])('%s is UNAUTHENTICATED with HTTP 401', async (_name, makeToken) => {
    const token = await makeToken();
    const result = await gql(token, VIEWER);
    expect(result.status).toBe(401);
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    expect(result.data).toBeUndefined();
  });

  test('a request without a JSON content type is refused by CSRF prevention', async () => {
    const token = await tokenFor(tenantId, 'DEPUTY');
    const result = await postRaw(JSON.stringify({ query: VIEWER }), { authorization: `Bearer ${token}`, 'content-type': 'text/plain' });
    expect(result.status).toBe(400);
  });

  test('a malformed query is BAD_USER_INPUT', async () => {
    const result = await gql(await tokenFor(tenantId, 'DEPUTY'), '{ viewer { ');
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
  });

  test('unknown fields get no suggestions that leak the schema', async () => {
    const result = await gql(await tokenFor(tenantId, 'DEPUTY'), '{ viewr { userId } }');
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  test('queries nested too deep are refused', async () => {
    const deep = `{ viewer { tenant ${'{ parent '.repeat(14)}{ id }${' }'.repeat(14)} } }`;
    const result = await gql(await tokenFor(tenantId, 'DEPUTY'), deep);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
  });
});
