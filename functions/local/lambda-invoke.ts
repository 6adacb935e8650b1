import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Callback, Context } from 'aws-lambda';

/** A Lambda handler for API Gateway HTTP API (payload 2.0) events, like the GraphQL handler. */
export type ApiGatewayV2Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
  callback: Callback<APIGatewayProxyResultV2>,
) => void | Promise<APIGatewayProxyResultV2 | void>;

/** The deployed function's timeout (infra/lib/functions.ts), for getRemainingTimeInMillis. */
const FUNCTION_TIMEOUT_MS = 15_000;

/** What Lambda hands a handler besides the event; enough for code that reads the request id. */
export function lambdaContext(requestId: string): Context {
  const deadline = Date.now() + FUNCTION_TIMEOUT_MS;
  const unsupported = () => {
    throw new Error('The local host supports async handlers and the callback only');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'graphql',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:graphql',
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/graphql',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/** Calls a handler the way the Lambda runtime does: a returned promise, or the callback. */
export function invokeHandler(handler: ApiGatewayV2Handler, event: APIGatewayProxyEventV2, context: Context): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, result?: unknown) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(result);
    };
    try {
      const returned = handler(event, context, (error, result) => settle(error ?? null, result));
      if (returned && typeof (returned as Promise<unknown>).then === 'function') {
        (returned as Promise<unknown>).then(
          (result) => settle(null, result),
          (error: unknown) => settle(error ?? new Error('Handler rejected')),
        );
      }
    } catch (error) {
      settle(error);
    }
  });
}
