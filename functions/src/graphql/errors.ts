import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, type ErrorCode } from '../core/errors';

const CLIENT_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'INVALID_TRANSITION',
  'RATE_LIMITED',
]);

/** Apollo's own request errors are the client's fault: they are reported as BAD_USER_INPUT. */
const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** The code a client sees for an error, or null when it must be masked. */
export function clientCode(error: unknown): ErrorCode | null {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return original.code;
  const graphqlError = original instanceof GraphQLError ? original : error instanceof GraphQLError ? error : null;
  const code = String(graphqlError?.extensions?.code ?? '');
  if (CLIENT_CODES.has(code)) return code as ErrorCode;
  if (APOLLO_REQUEST_CODES.has(code)) return 'BAD_USER_INPUT';
  return null;
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
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = clientCode(error);
  if (code === null) {
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }
  const extra = original instanceof DomainError ? original.extensions() : { field: coercionField(formatted.message) };
  const { http: _http, stacktrace: _stack, ...kept } = (formatted.extensions ?? {}) as Record<string, unknown>;
  return { ...formatted, extensions: { ...kept, ...extra, code } };
}
