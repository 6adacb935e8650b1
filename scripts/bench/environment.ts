/**
 * The benchmark's own emulators: DynamoDB Local (in memory) and the S3 emulator on free ports, the
 * environment the handler reads, and the tables. Everything started here is stopped by `stop()`,
 * which also runs on SIGINT/SIGTERM/SIGHUP; emulators.ts kills Java on process exit as a last resort.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  freePort,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
  startS3Emulator,
  useLocalHandlerEnvironment,
  type RunningDynamoDb,
  type RunningS3,
} from '../../functions/local/emulators';
import { createMissingTables } from '../../functions/src/data/bootstrap';

export const BENCH_BUCKET = 'renda-files-bench';

export interface BenchEnvironment {
  readonly dynamoEndpoint: string;
  readonly s3Endpoint: string;
  readonly jwtSecret: string;
  /** Stops the emulators and removes the S3 folder; safe to call more than once. */
  stop(): Promise<void>;
}

const started: { dynamo?: RunningDynamoDb; s3?: RunningS3; s3Dir?: string } = {};
let stopping: Promise<void> | null = null;

async function stopAll(): Promise<void> {
  stopping ??= (async () => {
    const { dynamo, s3, s3Dir } = started;
    await Promise.allSettled([dynamo?.stop(), s3?.stop()]);
    if (s3Dir) rmSync(s3Dir, { recursive: true, force: true });
  })();
  return stopping;
}

let signalsHooked = false;

/** Ctrl-C (or a CI timeout) stops the emulators before the process ends; a second one exits at once. */
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping DynamoDB Local and the S3 emulator...\n`);
    // Never hang on the way out: emulators.ts SIGKILLs Java in its 'exit' hook anyway.
    setTimeout(() => process.exit(130), 8000).unref();
    void stopAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
}

/**
 * Starts both emulators, sets the environment the handler reads (call this BEFORE importing the
 * handler: its configuration is read once per process) and creates the tables.
 */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  hookSignals();
  const [dynamoPort, s3Port] = [await freePort(), await freePort()];
  started.s3Dir = mkdtempSync(join(tmpdir(), 'renda-bench-s3-'));
  const [dynamo, s3] = await Promise.allSettled([startDynamoDbLocal(dynamoPort, null), startS3Emulator(s3Port, started.s3Dir, BENCH_BUCKET)]);
  if (dynamo.status === 'fulfilled') started.dynamo = dynamo.value;
  if (s3.status === 'fulfilled') started.s3 = s3.value;
  if (dynamo.status === 'rejected' || s3.status === 'rejected') {
    await stopAll();
    throw dynamo.status === 'rejected' ? dynamo.reason : (s3 as PromiseRejectedResult).reason;
  }
  const jwtSecret = randomBytes(32).toString('base64url'); // 43 characters
  useLocalHandlerEnvironment({
    dynamoEndpoint: dynamo.value.endpoint,
    s3Endpoint: s3.value.endpoint,
    bucket: BENCH_BUCKET,
    jwtSecret,
    logLevel: 'SILENT',
  });
  // One staff user makes every measured read (hundreds a minute): the limits are lifted, but the
  // check itself still runs on every request and is measured like any other round trip.
  process.env.RATE_LIMIT_TENANT_PER_MINUTE = '1000000';
  process.env.RATE_LIMIT_USER_PER_MINUTE = '1000000';

  const client = new DynamoDBClient({ endpoint: dynamo.value.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    await createMissingTables(client);
  } catch (error) {
    await stopAll();
    throw error;
  } finally {
    client.destroy();
  }
  return { dynamoEndpoint: dynamo.value.endpoint, s3Endpoint: s3.value.endpoint, jwtSecret, stop: stopAll };
}

/** For the final error path: stops whatever was started, even when startBenchEnvironment threw. */
export function stopBenchEnvironment(): Promise<void> {
  return stopAll();
}
