import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../functions/src/data/client';
import { RATE_WINDOW_SECONDS, rateLimitClock, rateLimitKeys } from '../../functions/src/data/rate-limit';
import { tableName } from '../../functions/src/data/tables';
import { resetConfigForTests } from '../../functions/src/core/config';
import { tenancyKeys } from '../../functions/src/tenancy/keys';
import { errorCode, gql, gqlOk, newTenant, tokenFor } from '../support/api';

const VIEWER = '{ viewer { userId } }';
const CREATE = 'mutation($input: CreateContactPointInput!) { createContactPoint(input: $input) { contactPoint { id } } }';

/**
 * The windows are cut from a pinned clock, 20 s into a window: a burst never straddles two windows,
 * so the counts below are exact, and Retry-After is known (40 s).
 */
let windowStart: number;
const realNow = rateLimitClock.now;
beforeEach(() => {
  const now = Math.floor(Date.now() / 1000);
  windowStart = now - (now % RATE_WINDOW_SECONDS);
  rateLimitClock.now = () => (windowStart + 20) * 1000;
});
afterEach(() => {
  rateLimitClock.now = realNow;
});

/** A fresh tenant whose record carries its own limits (set before any of its users is seen). */
async function tenantWithLimits(limits: { tenantPerMinute?: number; userPerMinute?: number }): Promise<string> {
  const tenantId = await newTenant();
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName('platform'),
      Key: tenancyKeys.tenant(tenantId),
      UpdateExpression: 'SET rateLimits = :limits',
      ExpressionAttributeValues: { ':limits': limits },
    }),
  );
  return tenantId;
}

async function windowItem(tenantId: string): Promise<Record<string, unknown> | undefined> {
  const result = await dynamo().send(
    new GetCommand({ TableName: tableName('platform'), Key: rateLimitKeys.window(tenantId, windowStart), ConsistentRead: true }),
  );
  return result.Item;
}

describe('rate limits per tenant and per user', () => {
  test('a burst over the user limit is refused with 429, Retry-After and RATE_LIMITED, and runs nothing', async () => {
    const tenantId = await tenantWithLimits({ tenantPerMinute: 100, userPerMinute: 5 });
    const admin = await tokenFor(tenantId, 'TENANT_ADMIN', { userId: 'burst-admin' });
    const input = (i: number) => ({ input: { name: `联系点${i}`, kind: 'STREET' } });
    for (let i = 0; i < 5; i++) await gqlOk(admin, CREATE, input(i));

    const refused = await gql(admin, CREATE, input(5));
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('40');
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'user', retryAfter: 40 });

    // The refused mutation wrote nothing, and the refusal did not count.
    rateLimitClock.now = () => (windowStart + RATE_WINDOW_SECONDS + 1) * 1000;
    const listed = await gqlOk(admin, '{ contactPoints(first: 20) { totalCount } }');
    expect(listed.contactPoints.totalCount).toBe(5);
    rateLimitClock.now = () => (windowStart + 20) * 1000;
    expect(await windowItem(tenantId)).toMatchObject({ total: 5, 'user:burst-admin': 5 });
  });

  test('a refused query answers 429 with the refusal alone: the read ran beside the write, none of its data leaves', async () => {
    const tenantId = await tenantWithLimits({ tenantPerMinute: 100, userPerMinute: 2 });
    const admin = await tokenFor(tenantId, 'TENANT_ADMIN', { userId: 'reader' });
    await gqlOk(admin, CREATE, { input: { name: '读者联系点', kind: 'STREET' } });
    const LIST = '{ contactPoints(first: 20) { totalCount edges { node { id name } } } }';
    expect((await gqlOk(admin, LIST)).contactPoints.totalCount).toBe(1);

    const refused = await gql(admin, LIST);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('40');
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'user', retryAfter: 40 });
    expect(JSON.stringify(refused)).not.toContain('读者联系点');
    expect(await windowItem(tenantId)).toMatchObject({ total: 2, 'user:reader': 2 });
  });

  test('a mutation refused after queries used up the limit writes nothing', async () => {
    const tenantId = await tenantWithLimits({ tenantPerMinute: 3, userPerMinute: 100 });
    const admin = await tokenFor(tenantId, 'TENANT_ADMIN', { userId: 'writer' });
    for (let i = 0; i < 3; i++) await gqlOk(admin, VIEWER);

    const refused = await gql(admin, CREATE, { input: { name: '不该写入', kind: 'STREET' } });
    expect(refused.status).toBe(429);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'tenant' });

    rateLimitClock.now = () => (windowStart + RATE_WINDOW_SECONDS + 1) * 1000;
    expect((await gqlOk(admin, '{ contactPoints(first: 20) { totalCount } }')).contactPoints.totalCount).toBe(0);
  });

  test('a calm user of the same congress is never refused while a noisy one is', async () => {
    const tenantId = await tenantWithLimits({ tenantPerMinute: 50, userPerMinute: 4 });
    const noisy = await tokenFor(tenantId, 'DEPUTY', { userId: 'noisy' });
    const calm = await tokenFor(tenantId, 'DEPUTY', { userId: 'calm' });
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 10; i++) {
      codes.push(errorCode(await gql(noisy, VIEWER)));
      if (i % 4 === 0) expect((await gql(calm, VIEWER)).status).toBe(200);
    }
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(6);
    expect((await gql(calm, VIEWER)).status).toBe(200);
  });

  test('the congress-wide limit refuses every user; another congress is unaffected', async () => {
    const busyId = await tenantWithLimits({ tenantPerMinute: 6, userPerMinute: 100 });
    const users = await Promise.all([1, 2, 3].map((i) => tokenFor(busyId, 'DEPUTY', { userId: `u${i}` })));
    for (let i = 0; i < 6; i++) expect((await gql(users[i % 3]!, VIEWER)).status).toBe(200);
    for (const user of users) {
      const refused = await gql(user, VIEWER);
      expect(refused.status).toBe(429);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'tenant' });
    }
    const other = await tokenFor(await tenantWithLimits({ tenantPerMinute: 6, userPerMinute: 100 }), 'DEPUTY', { userId: 'u1' });
    expect((await gql(other, VIEWER)).status).toBe(200);
  });

  test('concurrent requests are counted exactly: never more than the limit pass', async () => {
    const tenantId = await tenantWithLimits({ tenantPerMinute: 12, userPerMinute: 4 });
    const users = await Promise.all([1, 2, 3, 4, 5].map((i) => tokenFor(tenantId, 'DEPUTY', { userId: `c${i}` })));
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => gql(users[i % 5]!, VIEWER)));
    const passed = results.filter((r) => r.status === 200);
    expect(passed).toHaveLength(12);
    expect(results.filter((r) => r.status === 429)).toHaveLength(18);
    const item = await windowItem(tenantId);
    expect(item?.total).toBe(12);
    const perUser = [1, 2, 3, 4, 5].map((i) => Number(item?.[`user:c${i}`] ?? 0));
    expect(perUser.reduce((a, b) => a + b, 0)).toBe(12);
    expect(Math.max(...perUser)).toBeLessThanOrEqual(4);
  });

  test('a new window starts afresh', async () => {
    const tenantId = await tenantWithLimits({ userPerMinute: 1 });
    const token = await tokenFor(tenantId, 'DEPUTY');
    expect((await gql(token, VIEWER)).status).toBe(200);
    expect((await gql(token, VIEWER)).status).toBe(429);
    rateLimitClock.now = () => (windowStart + RATE_WINDOW_SECONDS) * 1000;
    expect((await gql(token, VIEWER)).status).toBe(200);
  });

  test('without an override, the stage limits from the environment apply', async () => {
    const token = await tokenFor(await newTenant(), 'DEPUTY');
    const saved = process.env.RATE_LIMIT_USER_PER_MINUTE;
    process.env.RATE_LIMIT_USER_PER_MINUTE = '2';
    resetConfigForTests();
    try {
      expect((await gql(token, VIEWER)).status).toBe(200);
      expect((await gql(token, VIEWER)).status).toBe(200);
      expect((await gql(token, VIEWER)).status).toBe(429);
    } finally {
      process.env.RATE_LIMIT_USER_PER_MINUTE = saved;
      resetConfigForTests();
    }
  });

  test('a stage limit that is not a positive integer stops the function at start', () => {
    const saved = process.env.RATE_LIMIT_TENANT_PER_MINUTE;
    process.env.RATE_LIMIT_TENANT_PER_MINUTE = 'lots';
    resetConfigForTests();
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(() => require('../../functions/src/core/config').config()).toThrow(/RATE_LIMIT_TENANT_PER_MINUTE must be a positive integer/);
    } finally {
      process.env.RATE_LIMIT_TENANT_PER_MINUTE = saved;
      resetConfigForTests();
    }
  });
});
