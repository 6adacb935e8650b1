import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Agent, get, type IncomingMessage } from 'node:http';
import { GRAPHIQL_ASSET_PATHS } from '../../../functions/local/graphiql-page';
import {
  KEEP_ALIVE_TIMEOUT_MS,
  startLocalHttpServer,
  type ApiGatewayV2Handler,
  type LocalHttpServer,
} from '../../../functions/local/http-server';
import { handler } from '../../../functions/src/graphql/handler';
import { newTenant, tokenFor } from '../../support/api';

/** The local host's HTTP server around the real handler (env from the jest global setup). */
let server: LocalHttpServer;

beforeAll(async () => {
  server = await startLocalHttpServer({ port: 0, handler: handler as ApiGatewayV2Handler });
}, 30_000);

afterAll(async () => {
  await server?.close();
});

async function post(body: unknown, headers: Record<string, string>): Promise<{ status: number; headers: Headers; json: any }> {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

function authorized(token: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${token}` };
}

describe('POST /graphql', () => {
  test('runs an operation through the handler with a minted token', async () => {
    const tenantId = await newTenant();
    const token = await tokenFor(tenantId, 'TENANT_ADMIN', { userId: 'http-admin' });
    const created = await post(
      {
        query: `mutation($input: CreateContactPointInput!) { createContactPoint(input: $input) { contactPoint { id name } } }`,
        variables: { input: { name: '凤山街道基层立法联系点', kind: 'STREET', regionCode: '141102002' } },
      },
      authorized(token),
    );
    expect(created.status).toBe(200);
    expect(created.json.errors).toBeUndefined();

    const listed = await post(
      { query: '{ viewer { userId tenant { shortId } } contactPoints(first: 5) { totalCount edges { node { id name kind } } } }' },
      authorized(token),
    );
    expect(listed.status).toBe(200);
    expect(listed.headers.get('content-type')).toMatch(/^application\/json/);
    expect(listed.headers.get('access-control-allow-origin')).toBe('*');
    expect(listed.json.data).toEqual({
      viewer: { userId: 'http-admin', tenant: { shortId: tenantId } },
      contactPoints: {
        totalCount: 1,
        edges: [{ node: { id: created.json.data.createContactPoint.contactPoint.id, name: '凤山街道基层立法联系点', kind: 'STREET' } }],
      },
    });
  }, 30_000);

  test('answers 401 UNAUTHENTICATED without a token', async () => {
    const result = await post({ query: '{ viewer { userId } }' }, { 'content-type': 'application/json' });
    expect(result.status).toBe(401);
    expect(result.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(result.json.data ?? null).toBeNull();
  });

  test('keeps Apollo CSRF prevention: no content type, or a simple one, is refused with 400', async () => {
    const token = await tokenFor(await newTenant(), 'DEPUTY');
    const body = new TextEncoder().encode(JSON.stringify({ query: '{ viewer { userId } }' }));
    // A byte body makes fetch send no content-type at all.
    const bare = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
    expect(bare.headers.get('content-type')).toMatch(/json/);
    expect(bare.status).toBe(400);
    expect(JSON.stringify(await bare.json())).toMatch(/Cross-Site Request Forgery/);

    const plain = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body,
    });
    expect(plain.status).toBe(400);
    expect(JSON.stringify(await plain.json())).toMatch(/Cross-Site Request Forgery/);
  });

  test('refuses bodies over the Lambda limit with 413', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(6 * 1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
  });
});

describe('GET /health and request ids', () => {
  test('GET /health answers from the handler with no token; other methods are 405', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${server.url}/health`, { method: 'POST', body: '{}' })).status).toBe(405);
  });

  test('every request gets its own id, in the header and on its errors, also when requests overlap', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => post({ query: '{ viewer { userId } }' }, { 'content-type': 'application/json' })),
    );
    const ids = responses.map((r) => r.headers.get('x-request-id'));
    expect(new Set(ids).size).toBe(6);
    for (const [i, response] of responses.entries()) {
      expect(response.status).toBe(401);
      expect(response.json.errors[0].extensions.requestId).toBe(ids[i]);
    }
  });

  test('schema introspection needs no token locally (GraphiQL docs, graphql-codegen by URL)', async () => {
    const result = await post({ query: '{ __schema { queryType { name } } }' }, { 'content-type': 'application/json' });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

describe('GET /graphql and CORS', () => {
  test('runs a query from the URL when a preflight header is sent', async () => {
    const token = await tokenFor(await newTenant(), 'DEPUTY', { userId: 'getter' });
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ viewer { userId } }')}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { viewer: { userId: 'getter' } } });
  });

  test('sends a browser that opens /graphql to the offline GraphiQL page', async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
  });

  test('answers a CORS preflight permissively', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  });

  test('answers 405 for other methods and 404 for other paths', async () => {
    expect((await fetch(`${server.url}/graphql`, { method: 'PUT', body: '{}' })).status).toBe(405);
    const missing = await fetch(`${server.url}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not Found' });
  });
});

describe('keep-alive', () => {
  /** GET through the given agent; resolves with the response and the local port of its socket. */
  function getWith(agent: Agent, path: string): Promise<{ response: IncomingMessage; localPort: number | undefined }> {
    return new Promise((resolve, reject) => {
      get(`${server.url}${path}`, { agent }, (response) => {
        const localPort = response.socket.localPort;
        response.resume();
        response.once('end', () => resolve({ response, localPort }));
      }).once('error', reject);
    });
  }

  test('keeps idle connections for a minute and says so, so clients close them first', async () => {
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThanOrEqual(60_000);
    expect(server.server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(server.server.headersTimeout).toBeGreaterThan(KEEP_ALIVE_TIMEOUT_MS);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await getWith(agent, '/');
      const second = await getWith(agent, '/');
      expect(first.response.headers['keep-alive']).toBe(`timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);
      expect(second.localPort).toBe(first.localPort); // the same connection, reused
    } finally {
      agent.destroy();
    }
  });
});

describe('GraphiQL page', () => {
  test('GET / is GraphiQL built from local assets only', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/<title>[^<]*paste a token in the Headers tab[^<]*<\/title>/i);
    expect(html).toContain('Bearer &lt;token&gt;');

    const references = [...html.matchAll(/<(script|link)\b[^>]*\b(?:src|href)="([^"]*)"/g)].map((m) => m[2]!);
    expect(references.length).toBeGreaterThanOrEqual(5);
    for (const ref of references) {
      expect(ref).not.toMatch(/^(https?:)?\/\//);
    }
    expect(html).not.toMatch(/https?:\/\//);

    const local = references.filter((ref) => ref.startsWith('/'));
    expect(new Set(local)).toEqual(new Set(GRAPHIQL_ASSET_PATHS));
    for (const path of local) {
      const asset = await fetch(`${server.url}${path}`);
      expect({ path, status: asset.status }).toEqual({ path, status: 200 });
      const expected = path.endsWith('.css') ? /^text\/css/ : /^text\/javascript/;
      expect({ path, type: asset.headers.get('content-type') }).toEqual({ path, type: expect.stringMatching(expected) });
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });

  test('the mounting script posts JSON to /graphql with the headers from the editor', async () => {
    const script = await (await fetch(`${server.url}/graphiql/init.js`)).text();
    expect(script).toContain("headers['content-type'] = 'application/json'");
    expect(script).toContain('"/graphql"');
    expect(script).toContain('contactPoints(first: 20)');
    expect(script).toContain('\\"Authorization\\": \\"Bearer <paste a token');
    expect(script).not.toMatch(/https?:\/\//);
  });

  test('assets revalidate with an ETag', async () => {
    const first = await fetch(`${server.url}/graphiql/graphiql.min.css`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    await first.arrayBuffer();
    const again = await fetch(`${server.url}/graphiql/graphiql.min.css`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });
});

describe('the API Gateway mapping', () => {
  async function withHandler(fake: ApiGatewayV2Handler, run: (url: string) => Promise<void>): Promise<void> {
    const local = await startLocalHttpServer({ port: 0, handler: fake });
    try {
      await run(local.url);
    } finally {
      await local.close();
    }
  }

  test('hands the handler an API Gateway v2 event and writes its result back', async () => {
    let seen: APIGatewayProxyEventV2 | undefined;
    const fake: ApiGatewayV2Handler = async (event) => {
      seen = event;
      return {
        statusCode: 201,
        headers: { 'content-type': 'application/octet-stream', 'x-one': 'a' },
        multiValueHeaders: { 'x-many': ['1', '2'] },
        cookies: ['session=abc; HttpOnly', 'theme=dark'],
        body: Buffer.from([0, 1, 2, 255]).toString('base64'),
        isBase64Encoded: true,
      } as never;
    };
    await withHandler(fake, async (url) => {
      const response = await fetch(`${url}/graphql?x=1&y=2`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'a=1; b=2', 'X-Custom': 'yes' },
        body: '{"query":"{ a }"}',
      });
      expect(response.status).toBe(201);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
      expect(response.headers.get('x-one')).toBe('a');
      expect(response.headers.get('x-many')).toBe('1, 2');
      expect(response.headers.getSetCookie()).toEqual(['session=abc; HttpOnly', 'theme=dark']);
    });
    expect(seen).toMatchObject({
      version: '2.0',
      routeKey: 'POST /graphql',
      rawPath: '/graphql',
      rawQueryString: 'x=1&y=2',
      queryStringParameters: { x: '1', y: '2' },
      cookies: ['a=1', 'b=2'],
      body: '{"query":"{ a }"}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/graphql', sourceIp: '127.0.0.1' }, stage: '$default' },
    });
    expect(seen?.headers['x-custom']).toBe('yes');
    expect(seen?.headers.cookie).toBeUndefined();
  });

  test('a handler that throws is a bare 500, as API Gateway answers', async () => {
    await withHandler(
      async () => {
        throw new Error('secret detail');
      },
      async (url) => {
        const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        expect(response.status).toBe(500);
        expect(await response.text()).toBe('{"message":"Internal Server Error"}');
      },
    );
  });

  test('a plain object result is a 200 JSON body', async () => {
    await withHandler(
      (_event, _context, callback) => callback(null, { hello: 'world' } as never),
      async (url) => {
        const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ hello: 'world' });
      },
    );
  });
});
