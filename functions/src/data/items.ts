import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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

/**
 * One conditional Update outside a transaction (bulk writers: an import's per-line updates).
 * Returns false when the condition failed, so the caller can tell "not there" from an error.
 */
export async function updateItem(
  table: TableId,
  key: ItemKey,
  update: { expression: string; condition?: string; names?: Record<string, string>; values?: Record<string, unknown> },
): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(table),
        Key: { pk: key.pk, sk: key.sk },
        UpdateExpression: update.expression,
        ConditionExpression: update.condition,
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: update.values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
