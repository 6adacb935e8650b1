import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../functions/src/data/client';
import { RATE_WINDOW_SECONDS, rateLimitClock, rateLimitKeys } from '../../functions/src/data/rate-limit';
import { tableName } from '../../functions/src/data/tables';
import { resetConfigForTests } from '../../functions/src/core/config';
import { tenancyKeys } from '../../functions/src/tenancy/keys';
import { errorCode, gql, gqlOk, newTenant, tokenFor } from '../support/api';
import { countDynamoCalls } from '../support/dynamo-calls';

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

describe('a busy user’s container takes a share of the window ahead (RATE_LIMIT_RESERVATION, 16 as deployed)', () => {
  const saved = process.env.RATE_LIMIT_RESERVATION;
  beforeAll(() => {
    process.env.RATE_LIMIT_RESERVATION = '16';
    resetConfigForTests();
  });
  afterAll(() => {
    process.env.RATE_LIMIT_RESERVATION = saved;
    resetConfigForTests();
  });

  /** Sends `count` requests one after the other; the statuses, and how many rate-limit writes they took. */
  async function burst(token: string, count: number): Promise<{ statuses: number[]; writes: number }> {
    const counter = countDynamoCalls();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < count; i++) statuses.push((await gql(token, VIEWER)).status);
      return { statuses, writes: counter.calls.filter((c) => c === 'UpdateItemCommand').length };
    } finally {
      counter.stop();
    }
  }

  test('100 requests take 21 writes instead of 100; the counts hold what was taken, never more than a quarter unused', async () => {
    const tenantId = await tenantWithLimits({ tenantPerMinute: 4000, userPerMinute: 400 });
    const token = await tokenFor(tenantId, 'DEPUTY', { userId: 'busy' });
    const { statuses, writes } = await burst(token, 100);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // Shares of 1 (8 times), then a quarter of those admitted: 2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 15, then 16.
    expect(writes).toBe(21);
    expect(await windowItem(tenantId)).toMatchObject({ total: 110, 'user:busy': 110 });

    // A new window starts with nothing taken: its first request is a write of one.
    rateLimitClock.now = () => (windowStart + RATE_WINDOW_SECONDS + 5) * 1000;
    expect(await burst(token, 1)).toEqual({ statuses: [200], writes: 1 });
    const next = await dynamo().send(
      new GetCommand({ TableName: tableName('platform'), Key: rateLimitKeys.window(tenantId, windowStart + RATE_WINDOW_SECONDS), ConsistentRead: true }),
    );
    expect(next.Item).toMatchObject({ total: 1, 'user:busy': 1 });
  });

  test('near the limit a share is cut to what is left: exactly the limit passes and the counts end at it', async () => {
    // A twentieth of 60: shares of at most 3.
    const tenantId = await tenantWithLimits({ tenantPerMinute: 10000, userPerMinute: 60 });
    const token = await tokenFor(tenantId, 'DEPUTY', { userId: 'edge' });
    const { statuses } = await burst(token, 70);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses.slice(60)).toEqual(Array(10).fill(429));
    expect(await windowItem(tenantId)).toMatchObject({ total: 60, 'user:edge': 60 });
  });

  test('under 40 requests a minute every request is its own write, so a low limit stays exact', async () => {
    const tenantId = await tenantWithLimits({ tenantPerMinute: 10000, userPerMinute: 39 });
    const token = await tokenFor(tenantId, 'DEPUTY', { userId: 'calm' });
    expect(await burst(token, 12)).toEqual({ statuses: Array(12).fill(200), writes: 12 });
    expect(await windowItem(tenantId)).toMatchObject({ total: 12, 'user:calm': 12 });
  });

  test('a share taken by one container counts for the others: the tenant limit is shared', async () => {
    // Another container took 3,990 of the tenant's 4,000 (written as its shares would be).
    const tenantId = await tenantWithLimits({ tenantPerMinute: 4000, userPerMinute: 4000 });
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('platform'),
        Key: rateLimitKeys.window(tenantId, windowStart),
        UpdateExpression: 'SET #total = :taken, #other = :taken',
        ExpressionAttributeNames: { '#total': 'total', '#other': rateLimitKeys.userAttribute('elsewhere') },
        ExpressionAttributeValues: { ':taken': 3990 },
      }),
    );
    const token = await tokenFor(tenantId, 'DEPUTY', { userId: 'here' });
    const { statuses } = await burst(token, 15);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(await windowItem(tenantId)).toMatchObject({ total: 4000, 'user:here': 10 });
  });
});
