import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export interface HttpRequestLike {
  readonly method: string;
  /** Path with query string, e.g. `/graphql?query=...`. */
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  readonly sourceIp?: string;
}

/**
 * Builds the API Gateway HTTP API (payload 2.0) event that Lambda would receive for a request, so
 * the local host and the tests call the handler exactly as API Gateway does.
 */
export function toApiGatewayEvent(request: HttpRequestLike): APIGatewayProxyEventV2 {
  const parsed = new URL(request.url, 'http://localhost');
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    // API Gateway hands cookies over one per entry (`a=1; b=2` becomes ['a=1', 'b=2']).
    if (lower === 'cookie') {
      for (const header of Array.isArray(value) ? value : [value]) cookies.push(...header.split(/;\s*/).filter(Boolean));
    }
    // API Gateway joins repeated headers with commas and lower-cases their names.
    else headers[lower] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryStringParameters = parsed.searchParams.size ? Object.fromEntries(parsed.searchParams) : undefined;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${request.method} ${parsed.pathname}`,
    rawPath: parsed.pathname,
    rawQueryString: parsed.search.replace(/^\?/, ''),
    cookies: cookies.length ? cookies : undefined,
    headers,
    queryStringParameters,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method,
        path: parsed.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${request.method} ${parsed.pathname}`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: request.body || undefined,
    isBase64Encoded: false,
  };
}
