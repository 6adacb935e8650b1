import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ItemKey } from './batch';
import { dynamo } from './client';
import { tableName } from './tables';

/**
 * Request rate limits per tenant and per user, across Lambda containers: a fixed one-minute window
 * counted in DynamoDB. One item per tenant and window holds the tenant's total and one `user:<id>`
 * counter per user. A conditional UpdateItem adds to both only when neither limit would be passed,
 * so a refused request writes nothing and concurrent requests can never overshoot. A busy user's
 * container takes a few requests per write (`Allowance`, below); a calm user's every request is
 * one write. TTL removes old windows.
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

/**
 * A container's share of a user's window, taken from the DynamoDB counts ahead of use. A warm
 * container serving a busy user would otherwise write once per request, a round trip beside every
 * read (two thirds of a warm list's DynamoDB calls and most of its write cost). Instead it adds
 * `size` requests at a time and admits that many without a write. The counts in DynamoDB still
 * never pass a limit: a share is granted by the same conditional write, and only as much as is left.
 * What it costs: requests reserved but not used before the window ends are counted as made, so
 * another container may be refused a little early. Bounded by `reservationSize`.
 */
interface Allowance {
  readonly windowStart: number;
  /** Requests taken from the counts and not used yet. */
  left: number;
  /** Requests this container admitted for the user in this window. */
  used: number;
}

const allowances = new Map<string, Allowance>();
/** Users remembered per container; past it the map starts over (a lost share only counts early). */
const MAX_REMEMBERED_USERS = 5000;

/**
 * How many requests the next write takes: one, until the user has made some here; then a quarter
 * of what the container admitted (so unused requests stay under a quarter of those made), at most
 * `maxReservation` (RATE_LIMIT_RESERVATION) and a twentieth of the smaller limit (so low limits
 * stay exact: under 40 a minute every request is its own write).
 */
export function reservationSize(used: number, limits: RateLimits, maxReservation: number): number {
  const bound = Math.min(maxReservation, Math.floor(Math.min(limits.tenantPerMinute, limits.userPerMinute) / 20));
  return Math.max(1, Math.min(bound, Math.floor(used / 4)));
}

/** Counts one request of the user against both limits, or says which limit refused it and for how long. */
export async function consumeRequest(tenantId: string, userId: string, limits: RateLimits, maxReservation = 1): Promise<RateDecision> {
  const nowSeconds = Math.floor(rateLimitClock.now() / 1000);
  const windowStart = nowSeconds - (nowSeconds % RATE_WINDOW_SECONDS);
  const key = `${tenantId}\n${userId}`;
  let allowance = allowances.get(key);
  if (allowance?.windowStart !== windowStart) {
    if (allowances.size >= MAX_REMEMBERED_USERS) allowances.clear();
    allowance = { windowStart, left: 0, used: 0 };
    allowances.set(key, allowance);
  }
  if (allowance.left === 0) {
    const granted = await reserve(tenantId, userId, windowStart, reservationSize(allowance.used, limits, maxReservation), limits);
    if (typeof granted !== 'number') return granted;
    allowance.left += granted;
  }
  allowance.left -= 1;
  allowance.used += 1;
  return { allowed: true };
}

/** Tries before a share that keeps being overtaken by other containers is given up as refused. */
const RESERVE_ATTEMPTS = 4;

/**
 * Adds `size` requests to the window's counts when both limits have room for them, or as many as
 * there is room for (read from the refused write). Returns how many were granted, or the refusal
 * when there is room for none.
 */
async function reserve(tenantId: string, userId: string, windowStart: number, size: number, limits: RateLimits): Promise<number | RateDecision> {
  const windowEnd = windowStart + RATE_WINDOW_SECONDS;
  let wanted = size;
  let counts = { total: 0, user: 0 };
  for (let attempt = 0; attempt < RESERVE_ATTEMPTS && wanted >= 1; attempt += 1) {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName('platform'),
          Key: rateLimitKeys.window(tenantId, windowStart),
          UpdateExpression: 'SET expiresAt = :expiresAt ADD #total :wanted, #user :wanted',
          // A condition cannot add, so "count + wanted <= limit" is written "count <= limit - wanted".
          ConditionExpression:
            '(attribute_not_exists(#total) OR #total <= :tenantRoom) AND (attribute_not_exists(#user) OR #user <= :userRoom)',
          ExpressionAttributeNames: { '#total': 'total', '#user': rateLimitKeys.userAttribute(userId) },
          ExpressionAttributeValues: {
            ':wanted': wanted,
            ':tenantRoom': limits.tenantPerMinute - wanted,
            ':userRoom': limits.userPerMinute - wanted,
            // Kept an hour past the window, for anyone looking into a burst.
            ':expiresAt': windowEnd + 3600,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return wanted;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      counts = { total: Number(error.Item?.total?.N ?? 0), user: Number(error.Item?.[rateLimitKeys.userAttribute(userId)]?.N ?? 0) };
      wanted = Math.min(wanted - 1, limits.tenantPerMinute - counts.total, limits.userPerMinute - counts.user);
    }
  }
  const nowSeconds = Math.floor(rateLimitClock.now() / 1000);
  return {
    allowed: false,
    limit: counts.total >= limits.tenantPerMinute ? 'tenant' : 'user',
    retryAfterSeconds: Math.max(1, windowEnd - nowSeconds),
  };
}
