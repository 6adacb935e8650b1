import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from './batch';
import { dynamo } from './client';
import { tableName, type TableId } from './tables';

/**
 * One item by its key. `consistent` for reads that decide a write (a revision check, an
 * idempotency record); request-path reads of many items go through the batched loaders instead.
 */
export async function getItem<T>(table: TableId, key: ItemKey, options: { consistent?: boolean } = {}): Promise<T | null> {
  const result = await dynamo().send(
    new GetCommand({ TableName: tableName(table), Key: { pk: key.pk, sk: key.sk }, ConsistentRead: options.consistent }),
  );
  return (result.Item as T | undefined) ?? null;
}
