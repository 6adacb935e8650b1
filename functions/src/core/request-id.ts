import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the request being served (Lambda's awsRequestId; locally a fresh id per request), kept
 * per async call chain so that code with no request context at hand (`formatError`, the logging of
 * a failed context) reports the same id the function logs, even when requests overlap locally.
 */
const scope = new AsyncLocalStorage<string>();

export function withRequestId<T>(requestId: string, run: () => T): T {
  return scope.run(requestId, run);
}

/** The current request's id, or undefined outside a request. */
export function currentRequestId(): string | undefined {
  return scope.getStore();
}

/** Every response carries this header, so a user's report can be found in the logs. */
export const REQUEST_ID_HEADER = 'x-request-id';
