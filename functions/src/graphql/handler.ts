import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { startServerAndCreateLambdaHandler, handlers } from '@as-integrations/aws-lambda';
import { createLogger } from '../core/logger';
import { REQUEST_ID_HEADER, withRequestId } from '../core/request-id';
import { buildContext } from './context';
import { errorResult, guardRequest } from './request-guard';
import { createServer } from './server';

/** Built once per container (module scope); each request only builds its context. */
const logger = createLogger('graphql');
const server = createServer(logger);

/**
 * The integration answers anything thrown outside Apollo (a body it cannot read, a result it cannot
 * write) with HTTP 400 and the raw error message. Nothing of that may reach a client: it is logged
 * and answered as a masked INTERNAL_SERVER_ERROR.
 */
const eventHandler = {
  ...handlers.createAPIGatewayProxyEventV2RequestHandler(),
  toErrorResult: (error: unknown): APIGatewayProxyStructuredResultV2 => {
    logger.error('Unexpected error outside Apollo', { error: error instanceof Error ? error : String(error) });
    return errorResult(500, 'Internal server error', { code: 'INTERNAL_SERVER_ERROR' });
  },
};

const graphqlHandler = startServerAndCreateLambdaHandler(server, eventHandler, {
  middleware: [guardRequest],
  context: ({ event, context }) => buildContext(event, context, logger),
});

/**
 * The Lambda entry: every response carries the request id (Lambda's awsRequestId, which the logs
 * carry too) in `x-request-id`, and every error in `extensions.requestId`.
 */
export async function handler(
  event: APIGatewayProxyEventV2,
  context: Context,
  // Lambda passes a callback too; an async handler ignores it.
  _callback?: unknown,
): Promise<APIGatewayProxyStructuredResultV2> {
  const requestId = context?.awsRequestId || randomUUID();
  return withRequestId(requestId, async () => {
    const result = (await graphqlHandler(event, context, () => undefined)) as APIGatewayProxyStructuredResultV2;
    // Tenant data is never for shared caches (Apollo's cache-control plugin said the same; it is off).
    return { ...result, headers: { ...result.headers, 'cache-control': 'no-store', [REQUEST_ID_HEADER]: requestId } };
  });
}
