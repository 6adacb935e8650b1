import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import DataLoader from 'dataloader';
import { mapConcurrent } from '../core/concurrency';
import { dynamo } from './client';
import { tableName, type TableId } from './tables';

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

const BATCH_GET_LIMIT = 100;
const MAX_RETRIES = 8;

const keyString = (key: ItemKey) => `${key.pk}\u0000${key.sk}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Exponential backoff with full jitter, so retried calls of parallel writers do not come back in step. */
const backoff = (attempt: number) => sleep(Math.random() * Math.min(1000, 25 * 2 ** attempt));

/**
 * Reads many items of one table in BatchGetItem calls of at most 100 keys, retrying
 * UnprocessedKeys with backoff. Returns one entry per key, in order, null where none exists.
 */
export async function batchGet<T>(table: TableId, keys: readonly ItemKey[]): Promise<(T | null)[]> {
  const name = tableName(table);
  const found = new Map<string, T>();
  const unique = [...new Map(keys.map((k) => [keyString(k), { pk: k.pk, sk: k.sk }])).values()];
  for (let offset = 0; offset < unique.length; offset += BATCH_GET_LIMIT) {
    let pending: Record<string, unknown>[] = unique.slice(offset, offset + BATCH_GET_LIMIT);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > MAX_RETRIES) throw new Error(`BatchGetItem on ${table} left keys unprocessed after ${MAX_RETRIES} retries`);
      if (attempt > 0) await backoff(attempt);
      const result = await dynamo().send(new BatchGetCommand({ RequestItems: { [name]: { Keys: pending } } }));
      for (const item of result.Responses?.[name] ?? []) {
        found.set(keyString(item as ItemKey), item as T);
      }
      pending = (result.UnprocessedKeys?.[name]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return keys.map((k) => found.get(keyString(k)) ?? null);
}

/** A per-request loader over one table: every `load` in one tick becomes one BatchGetItem. */
export function createItemLoader<T>(table: TableId): DataLoader<ItemKey, T | null, string> {
  return new DataLoader<ItemKey, T | null, string>((keys) => batchGet<T>(table, keys), {
    cacheKeyFn: keyString,
    maxBatchSize: BATCH_GET_LIMIT,
  });
}

const BATCH_WRITE_LIMIT = 25;
const WRITE_CONCURRENCY = 4;

/**
 * Puts (or deletes) many items with BatchWriteItem, 25 a call, up to WRITE_CONCURRENCY calls in
 * flight (a pool: the next call starts as soon as any one returns, not when a group of them has),
 * retrying UnprocessedItems with jittered backoff. Not atomic: callers make the items visible only afterwards.
 */
export async function batchWrite(
  table: TableId,
  requests: readonly ({ put: Record<string, unknown> } | { delete: ItemKey })[],
): Promise<void> {
  const name = tableName(table);
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < requests.length; i += BATCH_WRITE_LIMIT) {
    chunks.push(
      requests
        .slice(i, i + BATCH_WRITE_LIMIT)
        .map((r) => ('put' in r ? { PutRequest: { Item: r.put } } : { DeleteRequest: { Key: { pk: r.delete.pk, sk: r.delete.sk } } })),
    );
  }
  const writeChunk = async (chunk: Record<string, unknown>[]) => {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > MAX_RETRIES) throw new Error(`BatchWriteItem on ${table} left items unprocessed after ${MAX_RETRIES} retries`);
      if (attempt > 0) await backoff(attempt);
      const result = await dynamo().send(new BatchWriteCommand({ RequestItems: { [name]: pending as never } }));
      pending = (result.UnprocessedItems?.[name] ?? []) as Record<string, unknown>[];
    }
  };
  await mapConcurrent(chunks, WRITE_CONCURRENCY, writeChunk);
}
