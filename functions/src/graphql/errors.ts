import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, type ErrorCode } from '../core/errors';
import { currentRequestId } from '../core/request-id';

const CLIENT_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'INVALID_TRANSITION',
  'RATE_LIMITED',
]);

/**
 * Codes of a request that failed before execution: the document did not parse (or the HTTP request
 * held no usable operation) or did not validate. Apollo answers these with HTTP 400.
 */
export type RequestErrorCode = 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED' | 'PERSISTED_QUERY_NOT_FOUND' | 'PERSISTED_QUERY_NOT_SUPPORTED';

/**
 * Apollo's own request errors, as the client sees them. BAD_REQUEST (no query, a malformed body or
 * parameter, CSRF prevention) is a request that does not parse as a GraphQL request; an unknown or
 * missing operation name fails validation. The persisted-query codes are kept: clients retry on them.
 */
const APOLLO_REQUEST_CODES: Record<string, RequestErrorCode> = {
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  BAD_REQUEST: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  OPERATION_RESOLUTION_FAILURE: 'GRAPHQL_VALIDATION_FAILED',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
};

/** The code a client sees for an error, or null when it must be masked. */
export function clientCode(error: unknown): ErrorCode | RequestErrorCode | null {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return original.code;
  const graphqlError = original instanceof GraphQLError ? original : error instanceof GraphQLError ? error : null;
  const code = String(graphqlError?.extensions?.code ?? '');
  if (CLIENT_CODES.has(code)) return code as ErrorCode;
  const requestCode = APOLLO_REQUEST_CODES[code];
  return requestCode && graphqlError && !wrapsInternalError(graphqlError) ? requestCode : null;
}

/** Apollo wraps whatever its parser threw (a RangeError too) as a parse failure: that is no client error. */
function wrapsInternalError(error: GraphQLError): boolean {
  for (let cause = error.originalError; cause; cause = cause instanceof GraphQLError ? cause.originalError : undefined) {
    if (!(cause instanceof GraphQLError)) return true;
  }
  return false;
}

/**
 * graphql-js reports a variable that fails its type as `Variable "$input" got invalid value … at
 * "input.establishedOn"`: the field is named the same way services name it (`establishedOn`).
 */
function coercionField(message: string): string | undefined {
  const match = /^Variable "\$(\w+)" got invalid value.*?(?: at "([^"]+)")?;/.exec(message);
  if (!match) return undefined;
  const path = match[2] ?? match[1] ?? '';
  return path.replace(/^input\./, '').replace(/\[(\d+)\]/g, '.$1');
}

/**
 * Maps domain errors to `extensions.code` once; masks everything else as INTERNAL_SERVER_ERROR with
 * no message, stack or SDK detail (those are logged with the request id by the logging plugin).
 * Every error carries `extensions.requestId`, the id the function logs under.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = clientCode(error);
  const requestId = currentRequestId();
  if (code === null) {
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
    };
  }
  const extra = original instanceof DomainError ? original.extensions() : { field: coercionField(formatted.message) };
  const { http: _http, stacktrace: _stack, ...kept } = (formatted.extensions ?? {}) as Record<string, unknown>;
  return { ...formatted, extensions: { ...kept, ...extra, code, requestId } };
}
