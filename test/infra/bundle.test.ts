import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { build, stop as stopEsbuild } from 'esbuild';
import { esbuildOptions, lambdaEntry } from '../../infra/lib/bundling';

/**
 * The graphql bundle as Lambda loads it (the minified file, the AWS SDK from node_modules) answers a
 * request: what the bundling options leave out or alias (usage reporting's protobuf, Apollo's ES
 * build) is not needed to serve. Built inside the repository so `@aws-sdk/*` resolves as on Lambda.
 */
const ROOT = path.resolve(__dirname, '../..');

// Runs in the child: loads the bundle, sends one introspection request (no token: AUTH_MODE=local
// lets a document that only introspects through), prints the response.
const PROBE = `
const { handler } = require(process.env.BUNDLE);
const event = {
  version: '2.0', routeKey: 'POST /graphql', rawPath: '/graphql', rawQueryString: '', isBase64Encoded: false,
  headers: { 'content-type': 'application/json' },
  requestContext: { http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bundle-test' }, requestId: 'bundle-test', routeKey: 'POST /graphql', stage: '$default', time: '', timeEpoch: 0, accountId: '0', apiId: 'local', domainName: 'localhost', domainPrefix: 'localhost' },
  body: JSON.stringify({ query: '{ __type(name: "ContactPoint") { name description } }' }),
};
handler(event, { awsRequestId: 'bundle-test' }).then((result) => { process.stdout.write(JSON.stringify(result)); process.exit(0); },
  (error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
`;

describe('the graphql Lambda bundle', () => {
  let dir: string;
  beforeAll(() => {
    mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
    dir = mkdtempSync(path.join(ROOT, '.bench', 'bundle-test-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    // esbuild's service process would otherwise outlive the test file.
    await stopEsbuild();
  });

  test('loads and answers a request with the deployed bundling options', async () => {
    const bundle = path.join(dir, 'index.js');
    await build({ ...esbuildOptions(path.join(ROOT, lambdaEntry('graphql').entry), bundle), absWorkingDir: ROOT, sourcemap: false, logLevel: 'silent' });
    const child = spawnSync(process.execPath, ['-e', PROBE], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        BUNDLE: bundle,
        AUTH_MODE: 'local',
        LOCAL_JWT_SECRET: 'bundle-test-secret-of-at-least-32-characters',
        AWS_REGION: 'cn-north-1',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const result = JSON.parse(child.stdout) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body) as { data: { __type: { name: string; description: string } } };
    expect(body.data.__type.name).toBe('ContactPoint');
    // The SDL's descriptions are in the bundle: frontend teams read them through introspection.
    expect(body.data.__type.description).toMatch(/基层立法联系点/);
  });
});
