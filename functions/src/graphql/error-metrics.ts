import type { ApolloServerPlugin } from '@apollo/server';
import { errorMetricLines } from '../core/error-metrics';
import type { GraphQLContext } from './context';
import { clientCode } from './errors';

/**
 * Errors by code as CloudWatch metrics (core/error-metrics.ts). In Lambda, stdout goes to CloudWatch
 * Logs; elsewhere (npm start, tests) the lines would only be noise.
 */
function writeInLambda(line: string): void {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) process.stdout.write(`${line}\n`);
}

/** Writes the request's error metrics when it answers with errors. */
export function errorMetrics(write: (line: string) => void = writeInLambda): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          const codes = errors.map((error) => clientCode(error) ?? 'INTERNAL_SERVER_ERROR');
          for (const line of errorMetricLines(codes, Date.now())) write(line);
        },
      };
    },
  };
}
