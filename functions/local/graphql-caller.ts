import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { toApiGatewayEvent } from './api-gateway-event';
import { invokeHandler, lambdaContext, type ApiGatewayV2Handler } from './lambda-invoke';

export interface GraphQLErrorEntry {
  readonly message: string;
  readonly extensions?: { readonly code?: string; readonly [key: string]: unknown };
}

/** A GraphQL request that answered with errors (or not with JSON). */
export class GraphQLCallError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly GraphQLErrorEntry[],
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') || `HTTP ${status}`);
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export type GraphQLCaller = <T = Record<string, unknown>>(
  token: string,
  query: string,
  variables?: Record<string, unknown>,
) => Promise<T>;

/**
 * Runs operations through the handler in this process, exactly as an HTTP request to /graphql
 * would (same event, same code path), for the seed and the start-up look-ups.
 */
export function createGraphQLCaller(handler: ApiGatewayV2Handler): GraphQLCaller {
  return async <T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const event = toApiGatewayEvent({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'user-agent': 'renda-local' },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await invokeHandler(handler, event, lambdaContext(event.requestContext.requestId))) as
      | APIGatewayProxyStructuredResultV2
      | undefined;
    const status = result?.statusCode ?? 200;
    let parsed: { data?: T | null; errors?: GraphQLErrorEntry[] };
    try {
      parsed = JSON.parse(result?.body ?? '');
    } catch {
      throw new GraphQLCallError(status, [{ message: `Not a JSON answer: ${String(result?.body).slice(0, 200)}` }]);
    }
    if (parsed.errors?.length || parsed.data == null) throw new GraphQLCallError(status, parsed.errors ?? []);
    return parsed.data;
  };
}
