import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { toApiGatewayEvent } from '../../../functions/local/api-gateway-event';
import { resetConfigForTests } from '../../../functions/src/core/config';
import { newTenant, tokenFor } from '../../support/api';
import type { handler as lambdaHandler } from '../../../functions/src/graphql/handler';

/** In AWS the HTTP API's JWT authorizer verifies Cognito tokens; the handler reads the claims it passes on. */
describe('claims from the API Gateway JWT authorizer (AUTH_MODE=cognito)', () => {
  let tenantId: string;
  let handler: typeof lambdaHandler;

  beforeAll(async () => {
    tenantId = await newTenant();
    process.env.AUTH_MODE = 'cognito';
    resetConfigForTests();
    ({ handler } = await import('../../../functions/src/graphql/handler'));
  });
  afterAll(() => {
    process.env.AUTH_MODE = 'local';
    resetConfigForTests();
  });

  async function call(claims: Record<string, unknown> | null, authorization?: string) {
    const event = toApiGatewayEvent({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query: '{ viewer { userId roles tenant { shortId } contactPoint { id } } }' }),
    });
    if (claims) Object.assign(event.requestContext, { authorizer: { jwt: { claims, scopes: null } } });
    const result = (await handler(event, { awsRequestId: 'r1' } as Context, () => undefined)) as APIGatewayProxyStructuredResultV2;
    return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') };
  }

  test('no claims: even a request that only introspects the schema is 401 (AWS keeps it behind the authorizer)', async () => {
    const event = toApiGatewayEvent({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    const result = (await handler(event, { awsRequestId: 'r-introspect' } as Context, () => undefined)) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body ?? '{}').errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', requestId: 'r-introspect' });
  });

  test('groups flattened by API Gateway ("[A B]") become roles', async () => {
    const result = await call({ sub: 'cognito-user', 'custom:tenantId': tenantId, 'cognito:groups': '[DEPUTY BUDGET_STAFF]' });
    expect(result.status).toBe(200);
    expect(result.body.data.viewer).toEqual({
      userId: 'cognito-user',
      roles: ['DEPUTY', 'BUDGET_STAFF'],
      tenant: { shortId: tenantId },
      contactPoint: null,
    });
  });

  test('a bearer token alone is not trusted: only the authorizer verifies tokens in AWS', async () => {
    const result = await call(null, `Bearer ${await tokenFor(tenantId, 'TENANT_ADMIN')}`);
    expect(result.status).toBe(401);
    expect(result.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  test('claims naming an unknown tenant are UNAUTHENTICATED', async () => {
    const result = await call({ sub: 'x', 'custom:tenantId': 'ghost-tenant', 'cognito:groups': '[DEPUTY]' });
    expect(result.status).toBe(401);
  });
});
