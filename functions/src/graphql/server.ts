import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { GraphQLContext } from './context';
import { errorMetrics } from './error-metrics';
import { clientCode, formatError } from './errors';
import { costLimitRule } from './cost';
import { sizeLimitedStringify } from './response-size';
import { buildExecutableSchema } from './schema';
import { unwrapResolverError } from '@apollo/server/errors';
import { currentRequestId } from '../core/request-id';
import { MAX_DOCUMENT_TOKENS } from './request-guard';

/** Logs every error a client will see masked, with the request id, so it can be found again. */
function errorLogging(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async contextCreationDidFail({ error }) {
      if (clientCode(error) !== null) return;
      logger.error('Unexpected error while building the context', { requestId: currentRequestId(), error });
    },
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (clientCode(error) !== null) continue;
            const original = unwrapResolverError(error);
            (contextValue?.logger ?? logger).error('Unexpected error', {
              requestId: contextValue?.requestId ?? currentRequestId(),
              operationName,
              path: error.path?.join('.'),
              error: original instanceof Error ? original : String(original),
            });
          }
        },
      };
    },
  };
}

/**
 * graphql-armor's limits keep one request from costing the whole function: depth and aliases are
 * bounded, and field suggestions (which leak the schema to probes) are off. The token limit is
 * graphql-js's own parse option instead of armor's: armor's parses in a plugin hook, so its refusal
 * (and any syntax error) escaped Apollo's parse-error handling as an HTTP 500. Armor's flat
 * per-field cost is off too: `costLimitRule` (cost.ts) weighs fields by what they read and
 * multiplies by list sizes.
 */
const armor = new ApolloArmor({
  maxDepth: { n: 12 },
  maxAliases: { n: 30 },
  maxDirectives: { n: 30 },
  maxTokens: { enabled: false },
  costLimit: { enabled: false },
  blockFieldSuggestion: { enabled: true },
});

export function createServer(logger: Logger): ApolloServer<GraphQLContext> {
  const protection = armor.protect();
  return new ApolloServer<GraphQLContext>({
    // Built with graphql-js directly (schema.ts): no second validation of the SDL at each cold start.
    schema: buildExecutableSchema(),
    formatError,
    parseOptions: { maxTokens: MAX_DOCUMENT_TOKENS },
    includeStacktraceInErrorResponses: false,
    // A result too big for a Lambda response becomes a clear error instead of a failed invocation.
    stringifyResult: sizeLimitedStringify(logger),
    // The schema is the frontend teams' contract; it is no secret.
    introspection: true,
    // CSRF prevention stays on (the default): requests need a JSON content type or a preflight header.
    csrfPrevention: true,
    // No landing page: Apollo's loads from a CDN; the local host serves its own offline GraphiQL.
    plugins: [...protection.plugins, errorLogging(logger), errorMetrics(), ApolloServerPluginLandingPageDisabled()],
    validationRules: [...protection.validationRules, costLimitRule()],
  });
}
