import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toApiGatewayEvent } from './api-gateway-event';
import { graphiqlAsset } from './graphiql-page';
import { invokeHandler, lambdaContext, type ApiGatewayV2Handler } from './lambda-invoke';

export type { ApiGatewayV2Handler } from './lambda-invoke';

export interface LocalHttpServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly handler: ApiGatewayV2Handler;
  /** Default 127.0.0.1: the local host is not meant to be reachable from the network. */
  readonly host?: string;
  /** Largest request body accepted; Lambda's synchronous payload limit is 6 MB. */
  readonly bodyLimitBytes?: number;
  /** Called once per request that reached the GraphQL route, e.g. to print an access log. */
  readonly onRequest?: (entry: { method: string; path: string; status: number; ms: number }) => void;
  /** Called when the handler throws; the client sees only API Gateway's 500. */
  readonly onError?: (error: unknown) => void;
}

export interface LocalHttpServer {
  /** Base URL, e.g. `http://127.0.0.1:4000`. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';

/**
 * How long an idle kept-alive connection stays open. Clients pool idle sockets and reuse them; when
 * the server drops one first, a request sent on it at that moment fails ("other side closed"; a POST
 * is not retried). Node's default of 5 s lost that race whenever a client's event loop was busy for a
 * few seconds. A minute, announced in the Keep-Alive header, lets the client be the one that closes:
 * Node's fetch (undici) drops idle sockets a second before the announced timeout.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Answered by the handler itself, with no token (as the HTTP API's unauthorised route does). */
export const HEALTH_PATH = '/health';
export const LAMBDA_BODY_LIMIT_BYTES = 6 * 1024 * 1024;

const CORS_ALLOW_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name';

/** Permissive CORS for local front ends on other ports (the deployed API configures its own). */
function corsHeaders(request: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': String(request.headers['access-control-request-headers'] ?? CORS_ALLOW_HEADERS),
    'access-control-max-age': '600',
    // A browser app may read these: the id a user reports, and when to retry after a 429.
    'access-control-expose-headers': 'x-request-id, retry-after',
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(payload.length),
  });
  response.end(payload);
}

const TOO_LARGE = Symbol('too large');

/** The request body, or TOO_LARGE once it passes the limit (the rest is read and dropped). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | typeof TOO_LARGE> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    request.resume();
    return Promise.resolve(TOO_LARGE);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(TOO_LARGE);
      } else chunks.push(chunk);
    });
    request.once('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    request.once('error', reject);
  });
}

interface HttpResult {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * Turns what the handler returned into an HTTP response as API Gateway (payload 2.0) does: a
 * structured result with statusCode is used as is; any other value is a 200 JSON body.
 */
function toHttpResult(result: unknown): HttpResult {
  if (!result || typeof result !== 'object' || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
  }
  const structured = result as {
    statusCode?: number;
    headers?: Record<string, string | number | boolean>;
    multiValueHeaders?: Record<string, (string | number | boolean)[]>;
    cookies?: string[];
    body?: string;
    isBase64Encoded?: boolean;
  };
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
  for (const [name, values] of Object.entries(structured.multiValueHeaders ?? {})) {
    const lower = name.toLowerCase();
    const existing = headers[lower];
    headers[lower] = [...(existing === undefined ? [] : [existing].flat()), ...values.map(String)];
  }
  if (structured.cookies?.length) {
    const existing = headers['set-cookie'];
    headers['set-cookie'] = [...(existing === undefined ? [] : [existing].flat()), ...structured.cookies];
  }
  // The body is sent whole, with its own length.
  delete headers['content-length'];
  delete headers['transfer-encoding'];
  const raw = structured.body ?? '';
  return {
    status: structured.statusCode ?? 200,
    headers,
    body: structured.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8'),
  };
}

function sourceIpOf(request: IncomingMessage): string {
  return (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

/** Hands the request to the Lambda handler as API Gateway would, and writes its result back. */
async function serveHandler(request: IncomingMessage, response: ServerResponse, options: LocalHttpServerOptions): Promise<number> {
  const cors = corsHeaders(request);
  const body = await readBody(request, options.bodyLimitBytes ?? LAMBDA_BODY_LIMIT_BYTES);
  if (body === TOO_LARGE) {
    sendJson(response, 413, { message: 'Request Entity Too Large' }, cors);
    return 413;
  }
  const event = toApiGatewayEvent({
    method: request.method ?? 'GET',
    url: request.url ?? '/',
    // headersDistinct keeps repeated headers, which toApiGatewayEvent joins with commas as API Gateway does.
    headers: request.headersDistinct,
    body: body.toString('utf8'),
    sourceIp: sourceIpOf(request),
  });
  let result: HttpResult;
  try {
    result = toHttpResult(await invokeHandler(options.handler, event, lambdaContext(event.requestContext.requestId)));
  } catch (error) {
    options.onError?.(error);
    sendJson(response, 500, { message: 'Internal Server Error' }, cors);
    return 500;
  }
  const headers = { ...result.headers };
  for (const [name, value] of Object.entries(cors)) if (headers[name] === undefined) headers[name] = value;
  headers['content-length'] = String(result.body.length);
  response.writeHead(result.status, headers);
  response.end(result.body);
  return result.status;
}

function serveAsset(request: IncomingMessage, response: ServerResponse, pathname: string): boolean {
  const asset = graphiqlAsset(pathname, GRAPHQL_PATH);
  if (!asset) return false;
  const common = { etag: asset.etag, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
  if (request.headers['if-none-match'] === asset.etag) {
    response.writeHead(304, common);
    response.end();
    return true;
  }
  response.writeHead(200, { ...common, 'content-type': asset.contentType, 'content-length': String(asset.body.length) });
  response.end(request.method === 'HEAD' ? undefined : asset.body);
  return true;
}

/** A browser opening /graphql itself (no operation in the URL), as opposed to a GET query. */
function isBrowserVisit(request: IncomingMessage): boolean {
  if (request.method !== 'GET') return false;
  const url = new URL(request.url ?? '/', 'http://localhost');
  return !url.searchParams.has('query') && String(request.headers.accept ?? '').includes('text/html');
}

async function route(request: IncomingMessage, response: ServerResponse, options: LocalHttpServerOptions): Promise<void> {
  const method = request.method ?? 'GET';
  const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (method === 'OPTIONS') {
    response.writeHead(204, { ...corsHeaders(request), 'content-length': '0' });
    response.end();
    return;
  }
  if (pathname === GRAPHQL_PATH) {
    if (isBrowserVisit(request)) {
      // Apollo's default landing page loads Apollo Sandbox from a CDN; offline, GraphiQL is at /.
      response.writeHead(302, { location: '/', 'content-length': '0' });
      response.end();
      return;
    }
    if (method !== 'GET' && method !== 'POST') {
      sendJson(response, 405, { message: 'Method Not Allowed' }, { allow: 'GET, POST, OPTIONS' });
      return;
    }
    const started = Date.now();
    const status = await serveHandler(request, response, options);
    options.onRequest?.({ method, path: pathname, status, ms: Date.now() - started });
    return;
  }
  if (pathname === HEALTH_PATH) {
    if (method !== 'GET') {
      sendJson(response, 405, { message: 'Method Not Allowed' }, { allow: 'GET' });
      return;
    }
    await serveHandler(request, response, options);
    return;
  }
  if ((method === 'GET' || method === 'HEAD') && serveAsset(request, response, pathname)) return;
  sendJson(response, 404, { message: 'Not Found' });
}

/**
 * The local host's HTTP server: `/graphql` and `/health` turn each request into an API Gateway v2
 * event (with a fresh request id) for the very handler Lambda runs; `/` serves GraphiQL from local files.
 */
export function startLocalHttpServer(options: LocalHttpServerOptions): Promise<LocalHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    route(request, response, options).catch((error: unknown) => {
      options.onError?.(error);
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Kept above the keep-alive timeout, so the wait for the next request's headers never cuts it short.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      resolve({
        url: `http://${urlHost}:${port}`,
        port,
        server,
        close: () =>
          new Promise<void>((done) => {
            if (!server.listening) return done();
            // Idle keep-alive connections go now; requests in flight get a moment to finish.
            const force = setTimeout(() => server.closeAllConnections(), 2000);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
