import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { toApiGatewayEvent } from '../../functions/local/api-gateway-event';
import { withRequestId } from '../../functions/src/core/request-id';
import { buildContext } from '../../functions/src/graphql/context';
import { handler } from '../../functions/src/graphql/handler';
import { createLogger } from '../../functions/src/core/logger';
import { errorCode, gql, gqlOk, newTenant, postRaw, tokenFor } from '../support/api';

/** Calls the handler with a known Lambda request id and returns status, headers and the parsed body. */
async function call(request: { method?: string; url?: string; headers?: Record<string, string>; body?: string }, awsRequestId = `req-${Math.random()}`) {
  const event = toApiGatewayEvent({ method: request.method ?? 'POST', url: request.url ?? '/graphql', headers: request.headers ?? {}, body: request.body ?? '' });
  const result = (await handler(event, { awsRequestId } as Context)) as APIGatewayProxyStructuredResultV2;
  let json: any;
  try {
    json = JSON.parse(result.body ?? '');
  } catch {
    json = undefined;
  }
  return { status: result.statusCode, headers: result.headers ?? {}, body: result.body ?? '', json, awsRequestId };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('requests that fail before execution are HTTP 400, never 5xx', () => {
  let token: string;
  beforeAll(async () => {
    token = await tokenFor(await newTenant(), 'DEPUTY');
  });

  test.each([
    ['a syntax error', '{ viewer { ', 'GRAPHQL_PARSE_FAILED'],
    ['a document over the token limit', `{ ${'__typename '.repeat(2100)} }`, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', '{ viewr { userId } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['selections nested deeper than 12', `{ viewer { tenant ${'{ parent '.repeat(14)}{ id }${' }'.repeat(14)} } }`, 'GRAPHQL_VALIDATION_FAILED'],
    ['more than 30 aliases', `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: viewer { userId }`).join(' ')} }`, 'GRAPHQL_VALIDATION_FAILED'],
    ['more than 30 directives', `{ ${'__typename @include(if: true) '.repeat(31)}}`, 'GRAPHQL_VALIDATION_FAILED'],
    ['two operations and no operation name', 'query A { __typename } query B { __typename }', 'GRAPHQL_VALIDATION_FAILED'],
    ['an empty document', '', 'GRAPHQL_PARSE_FAILED'],
  ])('%s', async (_name, query, code) => {
    const result = await gql(token, query);
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe(code);
    expect(result.data).toBeUndefined();
  });

  test('an operation name the document does not have', async () => {
    const result = await postRaw(JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }), { ...JSON_HEADERS, authorization: `Bearer ${token}` });
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('a body that is not JSON says so, without the parser’s message', async () => {
    const result = await call({ headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` }, body: '{"query": ' });
    expect(result.status).toBe(400);
    expect(result.json.errors[0]).toEqual({
      message: 'The request body is not valid JSON',
      extensions: { code: 'GRAPHQL_PARSE_FAILED', requestId: result.awsRequestId },
    });
  });

  test('a body with no query', async () => {
    const result = await postRaw('{"variables":{}}', { ...JSON_HEADERS, authorization: `Bearer ${token}` });
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('GRAPHQL_PARSE_FAILED');
  });

  test('a variable of the wrong type stays 400 BAD_USER_INPUT naming it', async () => {
    const result = await gql(token, 'query($id: ID!) { node(id: $id) { id } }', { id: { not: 'an id' } });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('hostile nesting is refused before parsing', () => {
  let token: string;
  beforeAll(async () => {
    token = await tokenFor(await newTenant(), 'DEPUTY');
  });

  test('a 9,000-deep list literal in a variable default is 400, with no internal message', async () => {
    const query = `query($v: ${'['.repeat(9000)}Int${']'.repeat(9000)} = ${'['.repeat(9000)}1${']'.repeat(9000)}) { __typename }`;
    const result = await gql(token, query);
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('GRAPHQL_PARSE_FAILED');
    expect(result.errors?.[0]?.message).toBe('The document nests deeper than 64 levels');
    expect(JSON.stringify(result.errors)).not.toMatch(/RangeError|call stack/i);
  });

  test('a 100,000-deep variable is 400 BAD_USER_INPUT naming the variable', async () => {
    const body = `{"query":"query($v: [Int]) { __typename }","variables":{"v":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const result = await postRaw(body, { ...JSON_HEADERS, authorization: `Bearer ${token}` });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'v' });
  });

  test('the same in a GET request', async () => {
    const query = encodeURIComponent(`{ __typename ${'('.repeat(100)} }`);
    const result = await call({ method: 'GET', url: `/graphql?query=${query}`, headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' } });
    expect(result.status).toBe(400);
    expect(result.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  test('brackets inside strings and comments do not count; nesting within the limit runs', async () => {
    const query = `{
      a: __type(name: "${'['.repeat(200)}\\"${'('.repeat(100)}") { name } # ${'{'.repeat(200)}
      b: __type(name: """${'{'.repeat(200)}\\""" ${'['.repeat(100)}""") { name }
      viewer { tenant ${'{ parent '.repeat(9)}{ id }${' }'.repeat(9)} }
    }`;
    const data = await gqlOk(token, query);
    expect(data).toEqual({ a: null, b: null, viewer: { tenant: { parent: null } } });
  });
});

describe('request ids', () => {
  test('every response carries the Lambda request id; every error carries it too', async () => {
    const token = await tokenFor(await newTenant(), 'DEPUTY');
    const ok = await call({ headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ viewer { userId } }' }) }, 'lambda-req-1');
    expect(ok.status).toBe(200);
    expect(ok.headers['x-request-id']).toBe('lambda-req-1');

    const refused = await call({ headers: JSON_HEADERS, body: JSON.stringify({ query: '{ viewer { userId } }' }) }, 'lambda-req-2');
    expect(refused.status).toBe(401);
    expect(refused.headers['x-request-id']).toBe('lambda-req-2');
    expect(refused.json.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', requestId: 'lambda-req-2' });

    const invalid = await call({ headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ nope }' }) }, 'lambda-req-3');
    expect(invalid.json.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', requestId: 'lambda-req-3' });

    const forbidden = await call(
      { headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ tenants { totalCount } }' }) },
      'lambda-req-4',
    );
    expect(forbidden.json.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', requestId: 'lambda-req-4' });
  });

  test('every response, with data or an error, forbids shared caches (cache-control: no-store)', async () => {
    const token = await tokenFor(await newTenant(), 'DEPUTY');
    const auth = { ...JSON_HEADERS, authorization: `Bearer ${token}` };
    const ok = await call({ headers: auth, body: JSON.stringify({ query: '{ viewer { userId } }' }) });
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect((await call({ headers: auth, body: JSON.stringify({ query: '{ nope }' }) })).headers['cache-control']).toBe('no-store');
    expect((await call({ headers: JSON_HEADERS, body: JSON.stringify({ query: '{ viewer { userId } }' }) })).headers['cache-control']).toBe('no-store');
  });

  test('requests that overlap each log under their own id', async () => {
    const tenantId = await newTenant();
    const token = await tokenFor(tenantId, 'DEPUTY');
    const event = (id: string) =>
      toApiGatewayEvent({ method: 'POST', url: '/graphql', headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` }, body: `{"query":"{ __typename }","x":"${id}"}` });
    const logger = createLogger('graphql');
    const [a, b] = await Promise.all([
      withRequestId('overlap-a', () => buildContext(event('a'), undefined, logger)),
      withRequestId('overlap-b', () => buildContext(event('b'), undefined, logger)),
    ]);
    const written = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    b.logger.error('from b', { step: 2 });
    a.logger.error('from a');
    expect(written.mock.calls).toEqual([
      ['from b', { step: 2, requestId: 'overlap-b' }],
      ['from a', { requestId: 'overlap-a' }],
    ]);
    // Nothing stuck to the function's logger itself.
    expect(logger.getPersistentLogAttributes()).not.toHaveProperty('requestId');
  });
});

describe('GET /health', () => {
  test('says the function is up, with no token', async () => {
    const result = await call({ method: 'GET', url: '/health' }, 'health-1');
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ status: 'ok' });
    expect(result.headers['x-request-id']).toBe('health-1');
  });
});

describe('introspection without a token (AUTH_MODE=local only)', () => {
  const schemaQuery = 'query Schema { __schema { queryType { name } } __type(name: "Draft") { name } __typename }';

  test('an introspection-only document needs no token locally', async () => {
    const result = await gql(null, schemaQuery);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ __schema: { queryType: { name: 'Query' } }, __type: { name: 'Draft' }, __typename: 'Query' });
  });

  test('also through a fragment on the root', async () => {
    const result = await gql(null, 'query { ...Meta } fragment Meta on Query { __schema { mutationType { name } } }');
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ __schema: { mutationType: { name: 'Mutation' } } });
  });

  test.each([
    ['a data field beside it', '{ __typename viewer { userId } }'],
    ['a data field in a root fragment', 'query { ...F } fragment F on Query { __typename tenants { totalCount } }'],
    ['a mutation', 'mutation { __typename }'],
    ['a second operation that reads data', 'query A { __typename } query B { viewer { userId } }'],
    ['a document that does not parse', '{ __schema { '],
  ])('%s still needs a token (401)', async (_name, query) => {
    const result = await gql(null, query);
    expect(result.status).toBe(401);
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
  });

  test('an invalid token is 401 even for introspection', async () => {
    const result = await gql('not-a-token', schemaQuery);
    expect(result.status).toBe(401);
  });
});
