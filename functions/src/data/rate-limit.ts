import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ItemKey } from './batch';
import { dynamo } from './client';
import { tableName } from './tables';

/**
 * Request rate limits per tenant and per user, exact across Lambda containers: a fixed one-minute
 * window counted in DynamoDB. One item per tenant and window holds the tenant's total and one
 * `user:<id>` counter per user; each request is ONE conditional UpdateItem that adds 1 to both only
 * when neither limit is reached, so a refused request writes nothing and concurrent requests can
 * never overshoot. TTL removes old windows.
 */
export const RATE_WINDOW_SECONDS = 60;

/** Requests allowed per window. */
export interface RateLimits {
  readonly tenantPerMinute: number;
  readonly userPerMinute: number;
}

export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly limit: 'tenant' | 'user'; readonly retryAfterSeconds: number };

export const rateLimitKeys = {
  window: (tenantId: string, windowStart: number): ItemKey => ({ pk: `${tenantId}#RATE`, sk: `WINDOW#${windowStart}` }),
  userAttribute: (userId: string) => `user:${userId}`,
};

/** The clock the windows are cut from; tests pin it so that a burst never straddles two windows. */
export const rateLimitClock = { now: (): number => Date.now() };

const limitSchema = z.number().int().positive().optional();
const overrideSchema = z.object({ tenantPerMinute: limitSchema, userPerMinute: limitSchema });

/**
 * A tenant's own limits, from the optional `rateLimits` map on its tenant record (set by the
 * operator; the record is cached for a minute), over the stage's defaults. A malformed override is
 * ignored rather than locking a congress out.
 */
export function limitsFor(tenantRecord: unknown, stageDefaults: RateLimits): RateLimits {
  const parsed = overrideSchema.safeParse((tenantRecord as { rateLimits?: unknown } | null)?.rateLimits);
  if (!parsed.success) return stageDefaults;
  return {
    tenantPerMinute: parsed.data.tenantPerMinute ?? stageDefaults.tenantPerMinute,
    userPerMinute: parsed.data.userPerMinute ?? stageDefaults.userPerMinute,
  };
}

/** Counts one request of the user against both limits, or says which limit refused it and for how long. */
export async function consumeRequest(tenantId: string, userId: string, limits: RateLimits): Promise<RateDecision> {
  const nowSeconds = Math.floor(rateLimitClock.now() / 1000);
  const windowStart = nowSeconds - (nowSeconds % RATE_WINDOW_SECONDS);
  const windowEnd = windowStart + RATE_WINDOW_SECONDS;
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('platform'),
        Key: rateLimitKeys.window(tenantId, windowStart),
        UpdateExpression: 'SET expiresAt = :expiresAt ADD #total :one, #user :one',
        ConditionExpression:
          '(attribute_not_exists(#total) OR #total < :tenantLimit) AND (attribute_not_exists(#user) OR #user < :userLimit)',
        ExpressionAttributeNames: { '#total': 'total', '#user': rateLimitKeys.userAttribute(userId) },
        ExpressionAttributeValues: {
          ':one': 1,
          ':tenantLimit': limits.tenantPerMinute,
          ':userLimit': limits.userPerMinute,
          // Kept an hour past the window, for anyone looking into a burst.
          ':expiresAt': windowEnd + 3600,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { allowed: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const total = Number(error.Item?.total?.N ?? 0);
    return {
      allowed: false,
      limit: total >= limits.tenantPerMinute ? 'tenant' : 'user',
      retryAfterSeconds: Math.max(1, windowEnd - nowSeconds),
    };
  }
}
