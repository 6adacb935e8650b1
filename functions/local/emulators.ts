import { spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import S3rver from 's3rver';
import { LauncherCompileError, spawnLoopbackDynamoDbLocal } from './dynamodb-local';

/** Credentials the emulators accept (s3rver checks signatures against S3RVER/S3RVER). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const LOCAL_REGION = 'cn-north-1';

/** A message meant for a person, not a stack trace. */
export class LocalSetupError extends Error {}

export function assertJavaInstalled(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new LocalSetupError(
      'Java was not found. DynamoDB Local needs Java 17 or newer: install it (e.g. `apt-get install -y openjdk-17-jre-headless`) and try again.',
    );
  }
}

/** Resolves when the port can be listened on; rejects with a clear message when it is taken. */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(new LocalSetupError(`Port ${port} (${what}) is already in use. Stop what uses it, or choose another port.`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** A free TCP port on loopback (for test runs). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningDynamoDb {
  readonly endpoint: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts AWS's DynamoDB Local (Java) on 127.0.0.1 only, without telemetry (see dynamodb-local.ts).
 * `dataDir` keeps data across restarts; null keeps it in memory.
 */
export async function startDynamoDbLocal(port: number, dataDir: string | null): Promise<RunningDynamoDb> {
  assertJavaInstalled();
  // Java runs in DynamoDB Local's own folder: a relative -dbPath would land there.
  const dbPath = dataDir ? resolvePath(dataDir) : null;
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  let child: ChildProcess;
  try {
    // sharedDb: one database whatever the credentials and region a client uses.
    child = await spawnLoopbackDynamoDbLocal({ port, dbPath });
  } catch (error) {
    throw error instanceof LauncherCompileError ? new LocalSetupError(error.message) : error;
  }
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new LocalSetupError(`DynamoDB Local exited (code ${code}):\n${output.slice(-2000)}`))),
  );
  exited.catch(() => undefined);
  // Whatever ends this process (a finished or interrupted test run, a crash), Java goes with it.
  const killJava = () => child.kill('SIGKILL');
  process.once('exit', killJava);
  child.once('exit', () => process.removeListener('exit', killJava));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await Promise.race([client.send(new ListTablesCommand({ Limit: 1 })), exited]);
      break;
    } catch (error) {
      if (error instanceof LocalSetupError) throw error;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new LocalSetupError(`DynamoDB Local did not answer on port ${port} within 60 s:\n${output.slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** The part of an s3rver event this project uses: the S3 notification records. */
export interface S3rverEvent {
  Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size: number; eTag?: string } } }[];
}

export interface RunningS3 {
  readonly endpoint: string;
  readonly server: S3rver;
  stop(): Promise<void>;
}

/** Starts the S3 emulator serving `directory`, with the bucket created and CORS open for local pages. */
export async function startS3Emulator(port: number, directory: string, bucket: string): Promise<RunningS3> {
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [readFileSync(require.resolve('s3rver/example/cors.xml'))] }],
  } as ConstructorParameters<typeof S3rver>[0]);
  await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, server, stop: () => server.close() };
}

export interface LocalHandlerSettings {
  readonly dynamoEndpoint: string;
  readonly s3Endpoint: string;
  readonly bucket: string;
  readonly jwtSecret: string;
  readonly logLevel: string;
}

/**
 * Points the handlers at the emulators: the environment they read on first use, set before they
 * are loaded (local host, tests and benchmark alike). Stray table-name variables are removed so
 * the default table names apply.
 */
export function useLocalHandlerEnvironment(settings: LocalHandlerSettings): void {
  // Locally the files bucket doubles as the imports bucket, and the host plays the continuation queue.
  for (const name of [
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'PLATFORM_TABLE',
    'LEGISLATION_TABLE',
    'FEEDBACK_TABLE',
    'BUDGET_TABLE',
    'IMPORTS_BUCKET',
    'IMPORT_CONTINUATION_QUEUE_URL',
  ]) {
    delete process.env[name];
  }
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    // Lambda runs Node 22; on a Node 20 dev machine the SDK's upgrade notice is only noise.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    DYNAMODB_ENDPOINT: settings.dynamoEndpoint,
    S3_ENDPOINT: settings.s3Endpoint,
    FILES_BUCKET: settings.bucket,
    AUTH_MODE: 'local',
    LOCAL_JWT_SECRET: settings.jwtSecret,
    POWERTOOLS_LOG_LEVEL: settings.logLevel,
  });
}
