/**
 * `npm start`: the whole platform on one machine, no cloud account. DynamoDB Local and the S3
 * emulator start, tables and bucket are created, demo data is seeded through the GraphQL handler,
 * and an HTTP server turns requests into API Gateway v2 events for that same handler.
 *
 *   npm start                 data under .data/ (kept across restarts)
 *   npm start -- --memory     DynamoDB in memory, S3 in a temporary folder (thrown away on exit)
 *
 * PORT (4000), DYNAMODB_PORT (8000), S3_PORT (4569), FILES_BUCKET (renda-files), HOST (127.0.0.1),
 * LOCAL_DATA_DIR (.data) and POWERTOOLS_LOG_LEVEL (WARN) change the defaults.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createMissingTables } from '../src/data/bootstrap';
import { mintDemoTokens } from './demo-tokens';
import {
  assertJavaInstalled,
  assertPortFree,
  LocalSetupError,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
  startS3Emulator,
  useLocalHandlerEnvironment,
  type RunningDynamoDb,
  type RunningS3,
} from './emulators';
import { deliverObjectCreatedEvents } from './s3-events';
import { createGraphQLCaller } from './graphql-caller';
import { GRAPHQL_PATH, startLocalHttpServer, type ApiGatewayV2Handler, type LocalHttpServer } from './http-server';
import { readLocalOptions, REPO_ROOT, type LocalOptions } from './options';
import { ensureLocalSecret } from './secret';
import { seedDemoData, type SeedReport } from './seed';
import { BUDGET_SEED_COUNTIES, seedBudgetData, SEED_BUDGET_YEAR } from './budget-seed';
import { seedDemoAuditReport } from './budget/findings-seed';
import { DEMO_TENANT_ID } from './seed-data';

const USAGE = `Usage: npm start [-- --memory]

  --memory   keep DynamoDB in memory and S3 in a temporary folder (nothing survives the run)

Environment: PORT (4000), DYNAMODB_PORT (8000), S3_PORT (4569), FILES_BUCKET (renda-files),
HOST (127.0.0.1), LOCAL_DATA_DIR (.data), POWERTOOLS_LOG_LEVEL (WARN).`;

const say = (line = '') => process.stdout.write(`${line}\n`);
/** Seconds since the process started, for the progress lines. */
const at = () => `${process.uptime().toFixed(1)} s`;
const complain = (line: string) => process.stderr.write(`${line}\n`);

/** What has been started, so that shutdown stops exactly that. */
const running: {
  dynamo?: Promise<RunningDynamoDb | null>;
  s3?: Promise<RunningS3 | null>;
  http?: LocalHttpServer;
  javaProcess?: RunningDynamoDb['process'];
  tempDir?: string;
} = {};

let shuttingDown = false;

async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    // Never hang: whatever is still up after 10 s is killed.
    setTimeout(() => {
      complain('Shutdown took too long; killing DynamoDB Local.');
      process.exit(code || 1);
    }, 10_000).unref();
    try {
      await running.http?.close();
      const [s3, dynamo] = await Promise.all([running.s3, running.dynamo]);
      await Promise.all([s3?.stop(), dynamo?.stop()]);
    } catch (error) {
      complain(`While stopping: ${(error as Error).message}`);
      code = code || 1;
    }
    if (running.tempDir) rmSync(running.tempDir, { recursive: true, force: true });
    process.exit(code);
  }
  return new Promise<never>(() => undefined);
}

function onSignal(signal: NodeJS.Signals): void {
  if (shuttingDown) {
    // A second Ctrl-C: stop waiting.
    complain(`${signal} again: exiting now.`);
    process.exit(130);
  }
  say(`\n${signal}: stopping the HTTP server, the S3 emulator and DynamoDB Local...`);
  void shutdown(0);
}

/** Last line of defence: whatever way this process ends, DynamoDB Local (Java) ends with it. */
process.on('exit', () => {
  const java = running.javaProcess;
  if (java && java.exitCode === null && java.signalCode === null) java.kill('SIGKILL');
});
// A closed terminal (SIGHUP) must not turn every later log line into an uncaught EPIPE.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('SIGHUP', onSignal);

function parseCommandLine(): { memory: boolean } {
  try {
    const { values } = parseArgs({
      options: { memory: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      say(USAGE);
      process.exit(0);
    }
    return { memory: values.memory === true };
  } catch (error) {
    complain(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

function shortPath(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Java and every port, before anything starts: a failure is one line, nothing to clean up. */
async function preflight(options: LocalOptions): Promise<void> {
  assertJavaInstalled();
  await assertPortFree(options.port, 'HTTP server, PORT');
  await assertPortFree(options.dynamoDbPort, 'DynamoDB Local, DYNAMODB_PORT');
  await assertPortFree(options.s3Port, 'S3 emulator, S3_PORT');
}

async function startEmulators(options: LocalOptions): Promise<{ dynamo: RunningDynamoDb; s3: RunningS3; s3Dir: string }> {
  const dynamoDir = options.memory ? null : join(options.dataDir, 'dynamodb');
  const s3Dir = options.memory ? mkdtempSync(join(tmpdir(), 'renda-local-s3-')) : join(options.dataDir, 's3');
  if (options.memory) running.tempDir = s3Dir;
  const dynamoStarting = startDynamoDbLocal(options.dynamoDbPort, dynamoDir);
  const s3Starting = startS3Emulator(options.s3Port, s3Dir, options.bucket);
  running.dynamo = dynamoStarting.catch(() => null);
  running.s3 = s3Starting.catch(() => null);
  const [dynamo, s3] = await Promise.all([dynamoStarting, s3Starting]);
  running.javaProcess = dynamo.process;
  dynamo.process.once('exit', (exitCode, signal) => {
    // On Ctrl-C the terminal signals Java too; give our own signal handler the first word.
    setTimeout(() => {
      if (shuttingDown) return;
      complain(`DynamoDB Local stopped unexpectedly (${signal ?? `exit code ${exitCode}`}); shutting down.`);
      void shutdown(1);
    }, 250);
  });
  return { dynamo, s3, s3Dir };
}

function describeSeed(report: SeedReport): string {
  const counts = `${report.tenantsCreated} tenants, ${report.contactPointsCreated} contact points`;
  if (report.outcome === 'created') return `demo data created (${counts})`;
  if (report.outcome === 'completed') return `finished an interrupted demo seed (${counts} added)`;
  return 'demo data already present';
}

async function main(): Promise<void> {
  const { memory } = parseCommandLine();
  const options = readLocalOptions(memory);
  await preflight(options);
  const secret = ensureLocalSecret(options.dataDir);

  // The handler reads its configuration on first use; it is set before the handler is even loaded.
  // The emulators' endpoints are known in advance, so loading the handler (Apollo, the schema, the
  // SDK: about a second) overlaps the start of Java.
  const endpoints = { dynamo: `http://127.0.0.1:${options.dynamoDbPort}`, s3: `http://127.0.0.1:${options.s3Port}` };
  useLocalHandlerEnvironment({
    dynamoEndpoint: endpoints.dynamo,
    s3Endpoint: endpoints.s3,
    bucket: options.bucket,
    jwtSecret: secret,
    logLevel: process.env.POWERTOOLS_LOG_LEVEL || 'WARN',
  });

  say(`Starting DynamoDB Local (port ${options.dynamoDbPort}) and the S3 emulator (port ${options.s3Port})...`);
  const loadingHandler = import('../src/graphql/handler') as Promise<{ handler: ApiGatewayV2Handler }>;
  loadingHandler.catch(() => undefined); // reported below, once the emulators are up or down
  const { dynamo, s3, s3Dir } = await startEmulators(options);
  if (dynamo.endpoint !== endpoints.dynamo || s3.endpoint !== endpoints.s3) {
    throw new Error(`Emulator endpoints ${dynamo.endpoint}, ${s3.endpoint} differ from the configured ${endpoints.dynamo}, ${endpoints.s3}`);
  }

  say(`Emulators up (${at()}); creating tables and seeding demo data...`);
  const bootstrapClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const created = await createMissingTables(bootstrapClient);
  bootstrapClient.destroy();

  const { handler } = await loadingHandler;
  const call = createGraphQLCaller(handler);
  // Uploaded files reach the ingest handler as they would through S3 notifications in AWS.
  const { handler: ingest } = await import('../src/files/handler');
  deliverObjectCreatedEvents(s3.server, ingest, (error) =>
    complain(`The file ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  );

  // Budget imports: the same handler AWS runs, fed the import prefix's events; the host plays the
  // continuation queue by invoking it again in process.
  const { createImportHandler } = await import('../src/imports/handler');
  const { IMPORT_PREFIX } = await import('../src/budget/keys');
  const reportImportFailure = (error: unknown) =>
    complain(`A budget import failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const importHandler = createImportHandler({
    sendContinuation: async (message) => {
      setImmediate(() => void importHandler({ Records: [{ body: JSON.stringify(message) }] } as never).catch(reportImportFailure));
    },
  });
  deliverObjectCreatedEvents(s3.server, importHandler, reportImportFailure, { prefix: IMPORT_PREFIX });
  const seed = await seedDemoData(call, secret);
  const demo = await mintDemoTokens(call, secret, DEMO_TENANT_ID);
  say(`Tables and demo data ready (${at()}).`);

  running.http = await startLocalHttpServer({
    port: options.port,
    host: options.host,
    handler,
    onRequest: ({ method, path, status, ms }) => say(`${method} ${path} ${status} ${ms} ms`),
    onError: (error) => complain(`The handler failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  }).catch((error: NodeJS.ErrnoException) => {
    throw new LocalSetupError(`Port ${options.port} (HTTP server, PORT) could not be used: ${error.code ?? error.message}.`);
  });

  const loopback = ['127.0.0.1', '0.0.0.0', 'localhost', '::', '::1'].includes(options.host);
  const base = `http://${loopback ? 'localhost' : options.host}:${options.port}`;
  const width = Math.max(...demo.tokens.map((t) => t.role.length)) + 2;

  say();
  say('Renda local platform');
  say(`  GraphQL    ${base}${GRAPHQL_PATH}   (POST or GET, content-type: application/json)`);
  say(`  GraphiQL   ${base}/`);
  say(`  Health     ${base}/health   (no token)`);
  say(`  DynamoDB   ${dynamo.endpoint}   tables: ${created.length ? `created ${created.join(', ')}` : 'all present'}`);
  say(`  S3         ${s3.endpoint}   bucket: ${options.bucket}`);
  if (options.memory) {
    say(`  Data       in memory (--memory): DynamoDB in memory, S3 in ${s3Dir}; all of it is discarded on exit`);
  } else {
    say(`  Data       persistent: ${shortPath(join(options.dataDir, 'dynamodb'))} and ${shortPath(s3Dir)} survive restarts`);
  }
  say(`  Seed       ${describeSeed(seed)}`);
  for (const warning of seed.warnings) say(`             warning: ${warning}`);
  say();
  say(`Dev tokens for tenant ${DEMO_TENANT_ID} (valid 12 h; send as  Authorization: Bearer <token>):`);
  for (const t of demo.tokens.filter((t) => t.role !== 'PLATFORM_ADMIN')) say(`  ${t.role.padEnd(width)}${t.token}`);
  if (demo.liaisonContactPoint) {
    say(`  (the liaison speaks for ${demo.liaisonContactPoint.name}, contact point ${demo.liaisonContactPoint.id})`);
  }
  say('Platform operator (tenant platform):');
  for (const t of demo.tokens.filter((t) => t.role === 'PLATFORM_ADMIN')) say(`  ${t.role.padEnd(width)}${t.token}`);
  say('More: npm run -s token -- --tenant xingxian --role LEGISLATIVE_STAFF');
  say();
  say(`Started in ${process.uptime().toFixed(1)} s. Ctrl-C stops everything.`);
  // The demo counties' budget year is written after the server is up: it takes longer than the
  // rest of the seed on a busy machine, and everything else is usable meanwhile.
  const budgetStarted = Date.now();
  say(`Budget data ${SEED_BUDGET_YEAR} of ${BUDGET_SEED_COUNTIES.map((c) => c.tenantId).join(', ')} is seeded in the background.`);
  say(`Ready: ${base}${GRAPHQL_PATH}`);
  seedBudgetData().then(
    (budget) =>
      say(
        budget.seeded.length
          ? `Budget data ${SEED_BUDGET_YEAR} ready for ${budget.seeded.join(', ')} (${((Date.now() - budgetStarted) / 1000).toFixed(1)} s).`
          : `Budget data ${SEED_BUDGET_YEAR} already present.`,
      ),
    (error: unknown) => complain(`The budget seed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  );
  seedDemoAuditReport().then(
    (title) => title && say(`Audit report seeded for lishi: ${title}.`),
    (error: unknown) => complain(`The audit report seed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  );
}

main().catch((error: unknown) => {
  if (error instanceof LocalSetupError) complain(error.message);
  else complain(`npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  void shutdown(1);
});

process.on('uncaughtException', (error) => {
  complain(`Unexpected error: ${error.stack ?? error.message}`);
  void shutdown(1);
});
process.on('unhandledRejection', (reason) => {
  complain(`Unexpected error: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  void shutdown(1);
});
