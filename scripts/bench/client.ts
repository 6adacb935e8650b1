/**
 * Calls the real Lambda handler the way API Gateway does (an HTTP API v2 event), and counts the
 * DynamoDB round trips each call makes with a middleware on the handler's own DynamoDB client.
 *
 * Import this module only after the environment is set (see environment.ts): it loads the handler.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { toApiGatewayEvent } from '../../functions/local/api-gateway-event';
import { invokeHandler, lambdaContext } from '../../functions/local/lambda-invoke';
import { dynamo } from '../../functions/src/data/client';
import { tableName } from '../../functions/src/data/tables';
import { handler } from '../../functions/src/graphql/handler';

export interface RoundTrip {
  /** The DynamoDB API call, e.g. Query, BatchGetItem, TransactWriteItems. */
  readonly command: string;
  /** Table (without the `renda-` prefix), `:index` when a Query uses one, ` COUNT` for Select COUNT. */
  readonly target: string;
  /**
   * The per-container check that the token's tenant exists (GetItem `<t>#TENANT`), cached for 60 s
   * (tenancy/tenant-cache.ts): it lands on whichever request comes first after the cache expires,
   * so it is reported apart and left out of the per-operation budget.
   */
  readonly tenantCheck: boolean;
}

let recording: RoundTrip[] | null = null;
let installed = false;

/** A string attribute as the document client or the marshalled low-level input holds it. */
function stringAttribute(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { S?: unknown }).S === 'string') return (value as { S: string }).S;
  return undefined;
}

/** The parts of a DynamoDB request input that say what it reads or writes. */
interface RequestInput {
  TableName?: string;
  IndexName?: string;
  Select?: string;
  Key?: Record<string, unknown>;
  RequestItems?: Record<string, unknown>;
  TransactItems?: Record<string, { TableName?: string } | undefined>[];
}

const shortTable = (name: string) => name.replace(/^renda-/, '');

function targetOf(input: RequestInput): string {
  if (input.TableName) {
    const index = input.IndexName ? `:${input.IndexName}` : '';
    return `${shortTable(input.TableName)}${index}${input.Select === 'COUNT' ? ' COUNT' : ''}`;
  }
  const tables = input.RequestItems
    ? Object.keys(input.RequestItems)
    : (input.TransactItems ?? []).flatMap((item) => Object.values(item).map((op) => op?.TableName ?? '?'));
  return [...new Set(tables.map(shortTable))].sort().join('+') || '?';
}

/**
 * Adds the counting middleware once. It sits in the finalizeRequest step after the SDK's retry
 * middleware, so every HTTP request to DynamoDB is one entry (a retried call counts twice, a
 * paginated Query once per page, a BatchGetItem of 100 keys once).
 */
export function installRoundTripCounter(): void {
  if (installed) return;
  installed = true;
  const platformTable = tableName('platform');
  // DynamoDBDocumentClient shares its middleware stack with the DynamoDBClient it wraps.
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      if (recording) {
        const input = (args.input ?? {}) as RequestInput;
        recording.push({
          command: String((context as { commandName?: string }).commandName ?? 'unknown').replace(/Command$/, ''),
          target: targetOf(input),
          tenantCheck: input.TableName === platformTable && stringAttribute(input.Key?.sk) === 'TENANT',
        });
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'benchRoundTripCounter', priority: 'normal' },
  );
}

/** Times any work and records the DynamoDB round trips it makes (e.g. the rate-limit check alone). */
export async function measureWork<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; roundTrips: RoundTrip[] }> {
  const trips: RoundTrip[] = [];
  recording = trips;
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, roundTrips: trips };
  } finally {
    recording = null;
  }
}

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export class BenchGraphQLError extends Error {
  constructor(
    readonly operation: string,
    readonly errors: readonly GraphQLErrorShape[],
  ) {
    super(`${operation}: ${errors.map((e) => `${e.extensions?.code ?? 'ERROR'} ${e.message} at ${e.path?.join('.') ?? '-'}`).join('; ')}`);
  }
}

export interface CallResult<T> {
  readonly data: T;
  /** Wall time of the handler call (event in, JSON body parsed), in milliseconds. */
  readonly ms: number;
  readonly roundTrips: readonly RoundTrip[];
}

/**
 * One GraphQL operation through the handler: builds the API Gateway event, invokes the handler,
 * parses the body. Any GraphQL error fails the benchmark (a fast error is not a measurement).
 */
export async function callGraphQL<T = Record<string, unknown>>(
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  label = 'operation',
): Promise<CallResult<T>> {
  const body = JSON.stringify({ query, variables });
  const event = toApiGatewayEvent({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'user-agent': 'renda-bench' },
    body,
  });
  const context = lambdaContext(event.requestContext.requestId);
  const trips: RoundTrip[] = [];
  recording = trips;
  const started = performance.now();
  let result: APIGatewayProxyStructuredResultV2 | undefined;
  let parsed: { data?: T | null; errors?: GraphQLErrorShape[] };
  try {
    result = (await invokeHandler(handler, event, context)) as APIGatewayProxyStructuredResultV2 | undefined;
    parsed = JSON.parse(result?.body ?? '{}');
  } finally {
    recording = null;
  }
  const ms = performance.now() - started;
  if (parsed.errors?.length || parsed.data == null) {
    throw new BenchGraphQLError(label, parsed.errors ?? [{ message: `HTTP ${result?.statusCode ?? '?'} without data` }]);
  }
  return { data: parsed.data, ms, roundTrips: trips };
}
