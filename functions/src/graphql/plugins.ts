import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse, HTTPGraphQLHead } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from './context';
import { formatError } from './errors';

/**
 * Holds each request to its rate-limit decision (context.ts starts the one conditional write and
 * does not wait for it), so a warm read does not pay that round trip before it starts:
 *
 * - a query runs while the write is in flight; its response waits for the decision, and a refusal
 *   replaces it entirely (no data leaves);
 * - a mutation or subscription waits before it executes, so a refused request writes nothing.
 *
 * Either way the answer is what a refusal in the context gave before: the refusal alone, formatted
 * by formatError, with its status and headers (429 + Retry-After). It is written into the response
 * rather than thrown from willSendResponse, because Apollo masks anything thrown there as a 500.
 */
export const awaitAdmission: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart({ contextValue }) {
    const { admission } = contextValue;
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== 'query') await admission;
      },
      async willSendResponse({ response }) {
        await admission.catch((error: unknown) => answerWithRefusal(response, error));
      },
    };
  },
};

type Response = GraphQLRequestContextWillSendResponse<GraphQLContext>['response'];

function answerWithRefusal(response: Response, error: unknown): void {
  const graphqlError = error instanceof GraphQLError ? error : new GraphQLError('Internal server error', { originalError: error as Error });
  const http = graphqlError.extensions.http as Partial<HTTPGraphQLHead> | undefined;
  response.body = { kind: 'single', singleResult: { errors: [formatError(graphqlError.toJSON(), graphqlError)] } };
  response.http.status = http?.status ?? 500;
  for (const [name, value] of http?.headers ?? []) response.http.headers.set(name, value);
}
