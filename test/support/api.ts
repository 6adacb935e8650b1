import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { signLocalToken } from '../../functions/src/core/auth';
import type { Role } from '../../functions/src/core/roles';
import { toApiGatewayEvent } from '../../functions/local/api-gateway-event';
import { handler } from '../../functions/src/graphql/handler';
import { TEST_JWT_SECRET } from './env';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

export interface ApiResult<T = Record<string, any>> {
  status: number;
  headers: Record<string, unknown>;
  data: T | null | undefined;
  errors: GraphQLErrorShape[] | undefined;
}

const lambdaContext = (requestId: string = randomUUID()): Context =>
  ({ awsRequestId: requestId, functionName: 'graphql', getRemainingTimeInMillis: () => 30000 }) as unknown as Context;

/** Options of one invocation; `requestId` sets Lambda's request id (random by default). */
export interface InvokeOptions {
  requestId?: string;
}

/** POSTs a raw body to the real Lambda handler, as API Gateway would deliver it. */
export async function postRaw(body: string, headers: Record<string, string>, options: InvokeOptions = {}): Promise<ApiResult> {
  const event = toApiGatewayEvent({ method: 'POST', url: '/graphql', headers, body });
  const result = (await handler(event, lambdaContext(options.requestId), () => undefined)) as APIGatewayProxyStructuredResultV2;
  const parsed = result.body ? JSON.parse(result.body) : {};
  return { status: result.statusCode ?? 200, headers: result.headers ?? {}, data: parsed.data, errors: parsed.errors };
}

/** Runs one GraphQL operation through the handler; `token` null sends no Authorization header. */
export function gql<T = Record<string, any>>(
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  options: InvokeOptions = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return postRaw(JSON.stringify({ query, variables }), headers, options) as Promise<ApiResult<T>>;
}

/** Like gql, but fails the test with the errors when there are any, and returns the data. */
export async function gqlOk<T = Record<string, any>>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await gql<T>(token, query, variables);
  if (result.errors?.length) throw new Error(`Unexpected GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as T;
}

export function errorCode(result: ApiResult<unknown>): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}

export interface TokenOptions {
  contactPointId?: string;
  /** For BUDGET_UNIT: the unit code the token is bound to. */
  unitCode?: string;
  userId?: string;
  ttl?: string;
}

export function tokenFor(tenantId: string, roles: Role | Role[], options: TokenOptions = {}): Promise<string> {
  return signLocalToken(
    {
      tenantId,
      roles: Array.isArray(roles) ? roles : [roles],
      userId: options.userId ?? `user-${randomUUID().slice(0, 8)}`,
      contactPointId: options.contactPointId,
      unitCode: options.unitCode,
      ttl: options.ttl,
    },
    TEST_JWT_SECRET,
  );
}

/** A token of the platform operator, who belongs to no tenant. */
export function platformToken(): Promise<string> {
  return tokenFor('platform', 'PLATFORM_ADMIN', { userId: 'operator' });
}

let tenantCounter = 0;

/**
 * A fresh tenant for one test, created through the API, so tests never share data. Counties get a
 * region code in Lüliang (1411xx) unless told otherwise.
 */
export async function newTenant(options: { level?: 'CITY' | 'COUNTY'; regionCode?: string; parentId?: string } = {}): Promise<string> {
  tenantCounter += 1;
  const id = `t${randomUUID().replace(/-/g, '').slice(0, 12)}${tenantCounter}`;
  await gqlOk(
    await platformToken(),
    `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id } } }`,
    {
      input: {
        id,
        name: `测试人大常委会 ${id}`,
        regionCode: options.regionCode ?? (options.level === 'CITY' ? '141100' : '141102'),
        level: options.level ?? 'COUNTY',
        parentId: options.parentId,
      },
    },
  );
  return id;
}
