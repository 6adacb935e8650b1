import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../../functions/local/emulators';
import { decodeGlobalId } from '../../../functions/src/core/ids';

/**
 * `npm start` as a user runs it: tsx functions/local/start.ts --memory in a child process with its
 * own DynamoDB Local, S3 emulator, ports and data folder (so it never touches the repo's .data).
 */

const ROOT = resolve(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
/**
 * `npm start`'s command: node with tsx's loader, no tsx CLI in between. The CLI relays Ctrl-C to
 * its child and SIGKILLs it when no acknowledgement comes within 30 ms — on a busy machine that
 * killed start.ts before it could stop Java (exit 130, DynamoDB Local orphaned).
 */
const START_ARGS = ['--import', 'tsx', 'functions/local/start.ts', '--memory'];
const READY_TIMEOUT_MS = 90_000;

/** The environment of a fresh shell: none of the jest global setup's emulator settings. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'DYNAMODB_ENDPOINT',
    'S3_ENDPOINT',
    'FILES_BUCKET',
    'AUTH_MODE',
    'LOCAL_JWT_SECRET',
    'POWERTOOLS_LOG_LEVEL',
    'TEST_S3_DIR',
    'HOST',
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

interface Run {
  readonly child: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Run {
  // Its own process group, so a failed test can still take down tsx, node and Java together.
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: 'pipe' });
  const result: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((done) => child.once('exit', (code, signal) => done({ code, signal }))),
  };
  child.stdout.on('data', (chunk: Buffer) => (result.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));
  return result;
}

function waitForReady(started: Run, timeoutMs: number): Promise<string> {
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`No Ready line within ${timeoutMs} ms.\nstdout:\n${started.stdout}\nstderr:\n${started.stderr}`)),
      timeoutMs,
    );
    const check = () => {
      const ready = /^Ready: (http:\/\/localhost:\d+\/graphql)$/m.exec(started.stdout)?.[1];
      if (ready) {
        clearTimeout(timer);
        started.child.stdout.off('data', check);
        resolveReady(ready);
      }
    };
    started.child.stdout.on('data', check);
    void started.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code ?? signal}) before Ready.\nstdout:\n${started.stdout}\nstderr:\n${started.stderr}`));
    });
    check();
  });
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

interface Finished {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to its end WITHOUT blocking the event loop. (spawnSync here once blocked the loop
 * for seconds while fetch held a kept-alive socket to npm start; the server closed it meanwhile, and
 * the next request went out on the dead socket: "fetch failed ... other side closed".)
 */
function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Finished> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (status) => done({ status, stdout, stderr }));
  });
}

const mintToken = (args: string[], env: NodeJS.ProcessEnv): Promise<Finished> => runToEnd(TSX, ['functions/local/token.ts', ...args], env);

async function javaProcessesOnPort(port: number): Promise<string[]> {
  const ps = await runToEnd('ps', ['-eo', 'pid,args']);
  return ps.stdout.split('\n').filter((line) => /\bjava\b/.test(line) && line.includes(`-port ${port}`));
}

async function killGroup(started: Run | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null || started.child.signalCode !== null) return;
  started.child.kill('SIGINT');
  const stopped = await Promise.race([started.exited, new Promise((r) => setTimeout(() => r(null), 15_000))]);
  if (stopped === null && started.child.pid) process.kill(-started.child.pid, 'SIGKILL');
}

async function graphql(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url.replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
}

function printedToken(stdout: string, role: string): string {
  const token = new RegExp(`^\\s+${role}\\s+(\\S+)$`, 'm').exec(stdout)?.[1];
  if (!token) throw new Error(`No ${role} token in:\n${stdout}`);
  return token;
}

describe('npm start refuses to start with a clear message', () => {
  let blocker: Server;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'renda-npm-start-'));
    blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
  });

  afterAll(async () => {
    await new Promise((done) => blocker.close(done));
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('with one clear line and no stack trace, exit code 1', async () => {
    const port = (blocker.address() as { port: number }).port;
    const [dynamoPort, s3Port] = [await freePort(), await freePort()];
    const started = run(process.execPath, START_ARGS, cleanEnv({
      PORT: String(port),
      DYNAMODB_PORT: String(dynamoPort),
      S3_PORT: String(s3Port),
      LOCAL_DATA_DIR: dataDir,
    }));
    const { code } = await started.exited;
    expect(code).toBe(1);
    const lines = started.stderr.trim().split('\n');
    expect(lines).toEqual([`Port ${port} (HTTP server, PORT) is already in use. Stop what uses it, or choose another port.`]);
    expect(started.stderr).not.toMatch(/\n\s+at /);
    expect(started.stdout).toBe('');
    expect(await javaProcessesOnPort(dynamoPort)).toEqual([]);
  }, 60_000);

  test('without Java: one line that says what to install, exit code 1', async () => {
    // A PATH with node and nothing else.
    const bin = join(dataDir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const [port, dynamoPort, s3Port] = [await freePort(), await freePort(), await freePort()];
    const started = run(process.execPath, START_ARGS, cleanEnv({
      PATH: bin,
      PORT: String(port),
      DYNAMODB_PORT: String(dynamoPort),
      S3_PORT: String(s3Port),
      LOCAL_DATA_DIR: dataDir,
    }));
    const { code } = await started.exited;
    expect(code).toBe(1);
    expect(started.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Java was not found\. DynamoDB Local needs Java 17/)]);
    expect(started.stdout).toBe('');
  }, 60_000);
});

/**
 * Tests that start `tsx` processes: a cold tsx start compiles on the fly and takes seconds on a busy
 * 2-core machine (more while npm start's budget seed runs beside it), so they get room; the limit
 * only guards against a hang.
 */
const SPAWNS_TSX_MS = 120_000;

describe('npm start -- --memory', () => {
  let started: Run | undefined;
  let graphqlUrl: string;
  let dataDir: string;
  let dynamoPort: number;
  let readyAfterMs: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'renda-npm-start-'));
    const [port, s3Port] = [await freePort(), await freePort()];
    dynamoPort = await freePort();
    const begun = Date.now();
    started = run(process.execPath, START_ARGS, cleanEnv({
      PORT: String(port),
      DYNAMODB_PORT: String(dynamoPort),
      S3_PORT: String(s3Port),
      LOCAL_DATA_DIR: dataDir,
    }));
    graphqlUrl = await waitForReady(started, READY_TIMEOUT_MS);
    readyAfterMs = Date.now() - begun;
    expect(graphqlUrl).toBe(`http://localhost:${port}/graphql`);
  }, READY_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await killGroup(started);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  test('prints the URLs, the data mode and a token per demo role', () => {
    const out = started!.stdout;
    expect(out).toContain(`GraphiQL   ${graphqlUrl.replace('/graphql', '/')}`);
    expect(out).toMatch(/Data\s+in memory/);
    expect(out).toMatch(/Seed\s+demo data created \(5 tenants, 19 contact points\)/);
    for (const role of ['TENANT_ADMIN', 'LEGISLATIVE_STAFF', 'BUDGET_STAFF', 'DEPUTY', 'CONTACT_POINT_LIAISON', 'PLATFORM_ADMIN']) {
      expect(printedToken(out, role)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    }
    expect(out.trimEnd().split('\n').at(-1)).toBe(`Ready: ${graphqlUrl}`);
    expect(readyAfterMs).toBeLessThan(READY_TIMEOUT_MS);
  });

  test("the printed TENANT_ADMIN token reads lishi's seeded contact points over HTTP", async () => {
    const token = printedToken(started!.stdout, 'TENANT_ADMIN');
    const result = await graphql(
      graphqlUrl,
      token,
      `{ viewer { roles tenant { shortId name level parent { shortId } } }
         contactPoints(first: 20) { totalCount edges { node { name kind regionCode address establishedOn active liaisons { name title phone } } } } }`,
    );
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data.viewer).toEqual({
      roles: ['TENANT_ADMIN'],
      tenant: { shortId: 'lishi', name: '离石区人大常委会', level: 'COUNTY', parent: { shortId: 'lvliang' } },
    });
    const points = result.data.contactPoints.edges.map((e: { node: any }) => e.node);
    expect(result.data.contactPoints.totalCount).toBe(4);
    expect(points[0]).toMatchObject({ name: '凤山街道基层立法联系点', kind: 'STREET', active: true });
    expect(points.map((p: any) => p.kind).sort()).toEqual(['ENTERPRISE', 'LAW_FIRM', 'STREET', 'VILLAGE']);
    for (const point of points) {
      expect(point.regionCode).toMatch(/^141102\d{3}$/);
      expect(point.address).toContain('离石区');
      expect(point.establishedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(point.liaisons.length).toBeGreaterThan(0);
      for (const liaison of point.liaisons) expect(liaison).toEqual({ name: expect.any(String), title: expect.any(String), phone: expect.any(String) });
    }
  });

  test('the liaison token is bound to the first lishi contact point; the operator sees every demo tenant', async () => {
    const liaison = await graphql(graphqlUrl, printedToken(started!.stdout, 'CONTACT_POINT_LIAISON'), '{ viewer { contactPoint { id name } } contactPoints { totalCount } }');
    expect(liaison.data).toEqual({ viewer: { contactPoint: { id: expect.any(String), name: '凤山街道基层立法联系点' } }, contactPoints: { totalCount: 1 } });
    // The printed contact point id is the global id the API uses.
    expect(started!.stdout).toContain(`(the liaison speaks for 凤山街道基层立法联系点, contact point ${liaison.data.viewer.contactPoint.id})`);

    const operator = await graphql(graphqlUrl, printedToken(started!.stdout, 'PLATFORM_ADMIN'), '{ tenants(first: 100) { edges { node { shortId level children { shortId } } } } }');
    const tenants = operator.data.tenants.edges.map((e: { node: any }) => e.node);
    expect(tenants.map((t: any) => t.shortId).sort()).toEqual(['lishi', 'lvliang', 'wenshui', 'xiaoyi', 'xingxian']);
    const city = tenants.find((t: any) => t.shortId === 'lvliang');
    expect(city.level).toBe('CITY');
    expect(city.children.map((c: any) => c.shortId).sort()).toEqual(['lishi', 'wenshui', 'xiaoyi', 'xingxian']);
  });

  test('npm run token mints tokens with the same local secret', async () => {
    const env = cleanEnv({ LOCAL_DATA_DIR: dataDir });
    const minted = await mintToken(['--tenant', 'xingxian', '--role', 'LEGISLATIVE_STAFF', '--role', 'DEPUTY', '--sub', 'cli-user', '--ttl', '1h'], env);
    expect(minted.status).toBe(0);
    expect(minted.stderr).toBe('');
    expect(minted.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const viewer = await graphql(graphqlUrl, minted.stdout.trim(), '{ viewer { userId roles tenant { shortId } } contactPoints { edges { node { id } } } }');
    expect(viewer.data.viewer).toEqual({ userId: 'cli-user', roles: ['LEGISLATIVE_STAFF', 'DEPUTY'], tenant: { shortId: 'xingxian' } });

    // A liaison by the contact point's global id (as the API shows it) or by its raw local id.
    const globalId = viewer.data.contactPoints.edges[1].node.id as string;
    const liaisons = await Promise.all(
      [globalId, decodeGlobalId(globalId)!.localId].map((given) =>
        mintToken(['--tenant', 'xingxian', '--role', 'CONTACT_POINT_LIAISON', '--contact-point', given], env),
      ),
    );
    for (const liaison of liaisons) {
      expect(liaison.status).toBe(0);
      const own = await graphql(graphqlUrl, liaison.stdout.trim(), '{ contactPoints { edges { node { id } } } }');
      expect(own.data.contactPoints.edges).toEqual([{ node: { id: globalId } }]);
    }

    // A budget unit's user, bound to its unit code.
    const unit = await mintToken(['--tenant', 'xingxian', '--role', 'BUDGET_UNIT', '--unit', '141123004'], env);
    expect(unit.status).toBe(0);
    const unitViewer = await graphql(graphqlUrl, unit.stdout.trim(), '{ viewer { roles unitCode } }');
    expect(unitViewer.data.viewer).toEqual({ roles: ['BUDGET_UNIT'], unitCode: '141123004' });
  }, SPAWNS_TSX_MS);

  test('npm run token: an unknown role or a missing tenant is a message on stderr and exit code 2', async () => {
    const env = cleanEnv({ LOCAL_DATA_DIR: dataDir });
    const [unknownRole, noTenant, noUnit] = await Promise.all([
      mintToken(['--tenant', 'lishi', '--role', 'MAYOR'], env),
      mintToken(['--role', 'DEPUTY'], env),
      mintToken(['--tenant', 'lishi', '--role', 'BUDGET_UNIT'], env),
    ]);
    expect(noUnit.status).toBe(2);
    expect(noUnit.stdout).toBe('');
    expect(noUnit.stderr).toMatch(/^BUDGET_UNIT needs --unit <code>/);
    expect(unknownRole.status).toBe(2);
    expect(unknownRole.stdout).toBe('');
    expect(unknownRole.stderr).toMatch(/^Unknown role "MAYOR"\. Roles: PLATFORM_ADMIN, TENANT_ADMIN/);

    expect(noTenant.status).toBe(2);
    expect(noTenant.stdout).toBe('');
    expect(noTenant.stderr).toMatch(/^--tenant is required/);
  }, SPAWNS_TSX_MS);

  test('Ctrl-C stops everything: exit code 0 and no DynamoDB Local left', async () => {
    expect(await javaProcessesOnPort(dynamoPort)).toHaveLength(1);
    started!.child.kill('SIGINT');
    const { code } = await started!.exited;
    expect(code).toBe(0);
    expect(started!.stdout).toMatch(/SIGINT: stopping/);
    expect(await acceptsConnections(dynamoPort)).toBe(false);
    expect(await javaProcessesOnPort(dynamoPort)).toEqual([]);
  }, 30_000);
});
