import { startServerAndCreateLambdaHandler, handlers } from '@as-integrations/aws-lambda';
import { createLogger } from '../core/logger';
import { buildContext } from './context';
import { createServer } from './server';

/** Built once per container (module scope); each request only builds its context. */
const logger = createLogger('graphql');
const server = createServer(logger);

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
  context: ({ event, context }) => buildContext(event, context, logger),
});
