import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type ValidationContext } from 'graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
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
 * bounded, and field suggestions (which leak the schema to probes) are masked. Only the three rules
 * used are imported (not the `@escape.tech/graphql-armor` bundle, which also carries its cost and
 * token plugins and the Envelop adapters: 17.6 → 6.7 KB of the bundle). The token limit is
 * graphql-js's own parse option: armor's parses in a plugin hook, so its refusal (and any syntax
 * error) escaped Apollo's parse-error handling as an HTTP 500. Armor's flat per-field cost is not
 * used either: `costLimitRule` (cost.ts) weighs fields by what they read and multiplies by list sizes.
 */
// A refusal is reported as a validation error with BAD_USER_INPUT (what armor's Apollo adapter does),
// instead of being thrown, so Apollo answers HTTP 400 and not 500.
const reportRefusal = (context: ValidationContext | null, error: GraphQLError) =>
  context?.reportError(new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } }));
const refusal = { propagateOnRejection: false, onReject: [reportRefusal] };
const limitRules = [
  maxAliasesRule({ n: 30, ...refusal }),
  maxDirectivesRule({ n: 30, ...refusal }),
  maxDepthRule({ n: 12, ...refusal }),
];

/** graphql-js suggests field names of the schema ("Did you mean ...?"); the answer hides them. */
const blockFieldSuggestions: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) (error as { message: string }).message = error.message.replace(/Did you mean ".+"/g, '[Suggestion hidden]');
      },
    };
  },
};

export function createServer(logger: Logger): ApolloServer<GraphQLContext> {
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
    plugins: [blockFieldSuggestions, errorLogging(logger), errorMetrics(), ApolloServerPluginLandingPageDisabled()],
    validationRules: [...limitRules, costLimitRule()],
  });
}
