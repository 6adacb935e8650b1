import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { currentRequestId } from '../core/request-id';

/**
 * Checks made on the raw HTTP request before Apollo parses anything. graphql-js parses and coerces
 * recursively, so a document or a variable nested thousands of levels deep overflows the stack
 * ("RangeError: Maximum call stack size exceeded"); these linear, non-recursive checks refuse it
 * first. Legitimate operations nest far less: armor bounds selection depth at 12.
 */
export const MAX_DOCUMENT_NESTING = 64;
export const MAX_VARIABLE_NESTING = 32;
/** Most tokens a document may have (graphql-js stops parsing past it). */
export const MAX_DOCUMENT_TOKENS = 2000;

/** What Apollo will read from the request: the document and the variables, still untrusted. */
export interface RawGraphQLRequest {
  readonly query: unknown;
  readonly variables: unknown;
}

/**
 * Deepest nesting of `{`, `[` and `(` in a GraphQL document, skipping strings, block strings and
 * comments. One pass, stops as soon as it passes `limit`.
 */
export function documentNesting(source: string, limit = MAX_DOCUMENT_NESTING): number {
  let depth = 0;
  let deepest = 0;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const c = source[i];
    if (c === '#') {
      while (i < n && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (c === '"') {
      if (source.startsWith('"""', i)) {
        i += 3;
        while (i < n && !source.startsWith('"""', i)) i += source.startsWith('\\"""', i) ? 4 : 1;
        i += 2;
      } else {
        i += 1;
        while (i < n && source[i] !== '"' && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      }
    } else if (c === '{' || c === '[' || c === '(') {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === '}' || c === ']' || c === ')') {
      depth -= 1;
    }
  }
  return deepest;
}

/** Deepest nesting of arrays and objects in a JSON value (a scalar is 0), without recursion. */
export function valueNesting(value: unknown, limit = MAX_VARIABLE_NESTING): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const inner = depth + 1;
    if (inner > deepest) deepest = inner;
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) pending.push([child, inner]);
  }
  return deepest;
}

/** A request refused before Apollo sees it: HTTP 400 with a GraphQL error body. */
export class RequestRefusal extends Error {
  constructor(
    readonly code: 'GRAPHQL_PARSE_FAILED' | 'BAD_USER_INPUT',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name] ?? undefined;
}

function decodedBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * The document and variables as Apollo's Lambda integration will read them: a GET's `query` and
 * `variables` parameters, or a JSON body (parsed only under a JSON content type, as the integration
 * does; anything else is left to Apollo, which refuses it). V8's JSON.parse does not recurse, so
 * parsing untrusted JSON here is safe. A JSON body that does not parse is refused.
 */
export function readRawRequest(event: APIGatewayProxyEventV2): RawGraphQLRequest {
  if (event.requestContext?.http?.method === 'GET') {
    const params = new URLSearchParams(event.rawQueryString ?? '');
    const variablesText = params.get('variables');
    let variables: unknown;
    try {
      variables = variablesText ? JSON.parse(variablesText) : undefined;
    } catch {
      variables = undefined; // Apollo refuses it with its own message.
    }
    return { query: params.get('query'), variables };
  }
  const body = decodedBody(event);
  if (!body || !header(event, 'content-type')?.startsWith('application/json')) return { query: undefined, variables: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new RequestRefusal('GRAPHQL_PARSE_FAILED', 'The request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { query: undefined, variables: undefined };
  const { query, variables } = parsed as Record<string, unknown>;
  return { query, variables };
}

/** Throws a RequestRefusal when the document or a variable nests deeper than the limits. */
export function checkNesting(request: RawGraphQLRequest): void {
  if (typeof request.query === 'string' && documentNesting(request.query) > MAX_DOCUMENT_NESTING) {
    throw new RequestRefusal('GRAPHQL_PARSE_FAILED', `The document nests deeper than ${MAX_DOCUMENT_NESTING} levels`);
  }
  if (request.variables !== null && typeof request.variables === 'object') {
    for (const [name, value] of Object.entries(request.variables)) {
      if (valueNesting(value) > MAX_VARIABLE_NESTING) {
        throw new RequestRefusal('BAD_USER_INPUT', `Variable "$${name}" nests deeper than ${MAX_VARIABLE_NESTING} levels`, name);
      }
    }
  }
}

/** A response built outside Apollo, shaped like Apollo's own (JSON, `errors` with a code). */
export function errorResult(status: number, message: string, extensions: Record<string, unknown>): APIGatewayProxyStructuredResultV2 {
  const body = JSON.stringify({ errors: [{ message, extensions: { ...extensions, requestId: currentRequestId() } }] });
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) },
    body,
  };
}

/**
 * Integration middleware: answers `GET /health` (no token: for load balancers and monitoring) and
 * refuses hostile requests before Apollo parses them. Returning nothing lets the request through.
 */
export async function guardRequest(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2 | undefined> {
  if (event.rawPath === HEALTH_PATH) {
    const get = event.requestContext?.http?.method === 'GET';
    const body = JSON.stringify(get ? { status: 'ok' } : { message: 'Method Not Allowed' });
    const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
    return { statusCode: get ? 200 : 405, headers: get ? headers : { ...headers, allow: 'GET' }, body };
  }
  try {
    checkNesting(readRawRequest(event));
  } catch (error) {
    if (!(error instanceof RequestRefusal)) throw error;
    return errorResult(400, error.message, { code: error.code, ...(error.field ? { field: error.field } : {}) });
  }
  return undefined;
}

export const HEALTH_PATH = '/health';
