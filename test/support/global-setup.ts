import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  freePort,
  startDynamoDbLocal,
  startS3Emulator,
  useLocalHandlerEnvironment,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
} from '../../functions/local/emulators';
import { createMissingTables } from '../../functions/src/data/bootstrap';
import { TEST_BUCKET, TEST_JWT_SECRET } from './env';

/** One DynamoDB Local (in memory) and one S3 emulator for the whole run, on free ports. */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'; // before the first SDK client
  const [dynamoPort, s3Port] = [await freePort(), await freePort()];
  const s3Dir = mkdtempSync(join(tmpdir(), 'renda-s3-'));
  const [dynamo, s3] = await Promise.all([
    startDynamoDbLocal(dynamoPort, null),
    startS3Emulator(s3Port, s3Dir, TEST_BUCKET),
  ]);
  useLocalHandlerEnvironment({
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    bucket: TEST_BUCKET,
    jwtSecret: TEST_JWT_SECRET,
    logLevel: 'SILENT',
  });
  process.env.TEST_S3_DIR = s3Dir;
  // The run's requests share one DynamoDB, and every test's tenant is created by one operator:
  // the stage limits are lifted, and the rate-limit tests set their own on their tenants' records.
  process.env.RATE_LIMIT_TENANT_PER_MINUTE = '1000000';
  process.env.RATE_LIMIT_USER_PER_MINUTE = '1000000';
  // Every request its own rate-limit write, so the tests that count DynamoDB calls per request are
  // exact; test/integration/rate-limit.test.ts sets it back to test the shares a container takes.
  process.env.RATE_LIMIT_RESERVATION = '1';
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await createMissingTables(client);
  client.destroy();
  (globalThis as Record<string, unknown>).__RENDA_EMULATORS__ = [dynamo, s3];
  // An interrupted run (Ctrl-C, a CI timeout) still stops Java: the 'exit' hook kills it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
}
