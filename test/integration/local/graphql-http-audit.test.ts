import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { auditServer, type AuditResult } from 'graphql-http';
import { startLocalHttpServer, type ApiGatewayV2Handler, type LocalHttpServer } from '../../../functions/local/http-server';
import { handler } from '../../../functions/src/graphql/handler';
import { newTenant, tokenFor } from '../../support/api';

/**
 * The GraphQL-over-HTTP audit of `graphql-http` against the real handler, served by the local host
 * exactly as `npm start` serves it, with a valid token on every request. Every MUST passes. A
 * SHOULD is required when a bare Apollo Server 5 behind the same Lambda integration (CSRF
 * prevention on, its default) passes it: what Apollo itself does right, this API must not lose.
 */
let ours: LocalHttpServer;
let bare: LocalHttpServer;
let token: string;

beforeAll(async () => {
  token = await tokenFor(await newTenant(), 'DEPUTY');
  ours = await startLocalHttpServer({ port: 0, handler: handler as ApiGatewayV2Handler });
  const apollo = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
  const bareHandler = startServerAndCreateLambdaHandler(apollo, handlers.createAPIGatewayProxyEventV2RequestHandler());
  bare = await startLocalHttpServer({ port: 0, handler: bareHandler as ApiGatewayV2Handler });
}, 30_000);

afterAll(async () => {
  await Promise.all([ours?.close(), bare?.close()]);
});

/** fetch with the bearer token added, as a signed-in client sends every request. */
function fetchWithToken(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

/** `id name` of each result, for readable failures. */
const named = (results: AuditResult[]) => results.map((r) => `${r.id} ${r.name}`);

test('every MUST passes, and every SHOULD a bare Apollo Server passes', async () => {
  const [ourResults, bareResults] = [
    await auditServer({ url: `${ours.url}/graphql`, fetchFn: fetchWithToken }),
    await auditServer({ url: `${bare.url}/graphql` }),
  ];
  expect(ourResults.length).toBeGreaterThan(30);
  expect(named(ourResults.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok'))).toEqual([]);

  const apolloShoulds = new Set(bareResults.filter((r) => r.name.startsWith('SHOULD') && r.status === 'ok').map((r) => r.id));
  expect(apolloShoulds.size).toBeGreaterThan(10);
  const lost = ourResults.filter((r) => apolloShoulds.has(r.id) && r.status !== 'ok');
  expect(named(lost)).toEqual([]);
}, 60_000);
