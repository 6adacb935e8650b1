import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client';
import { tableName, type TableId } from './tables';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Thrown when a transaction is cancelled by a failed condition; `failed` holds the failing indexes. */
export class TransactionConditionFailed extends Error {
  constructor(readonly failed: readonly number[]) {
    super(`Transaction condition failed at ${failed.join(', ')}`);
  }
}

const MAX_TRANSACTION_ITEMS = 100;
const MAX_CONFLICT_RETRIES = 10;

/**
 * Writes items all together or not at all. A cancelled transaction whose reasons are condition
 * failures becomes TransactionConditionFailed so services can tell which guard refused it;
 * conflicts with a concurrent transaction are retried a few times.
 */
export async function transactWrite(items: readonly TransactItem[], clientRequestToken?: string): Promise<void> {
  if (items.length === 0) return;
  if (items.length > MAX_TRANSACTION_ITEMS) throw new Error(`A transaction takes at most ${MAX_TRANSACTION_ITEMS} items`);
  for (let attempt = 0; ; attempt++) {
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: [...items], ClientRequestToken: clientRequestToken }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.length > 0) throw new TransactionConditionFailed(failed);
      // Transactions on one hot item (a consultation's counters) conflict under bursts: back off
      // with full jitter so the retries spread out instead of colliding again.
      const conflicted = reasons.some((r) => r.Code === 'TransactionConflict');
      if (!conflicted || attempt >= MAX_CONFLICT_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2000, 25 * 2 ** attempt)));
    }
  }
}

/**
 * A Put guarded for optimistic locking: with `expectedRevision` null the item must be new; otherwise
 * the stored item must still be at that revision, so a stale or concurrent edit fails its condition.
 */
export function guardedPut(table: TableId, item: Record<string, unknown>, expectedRevision: number | null): TransactItem {
  return putWrite(
    table,
    item,
    expectedRevision === null ? MUST_BE_NEW : { expression: 'revision = :expected', values: { ':expected': expectedRevision } },
  );
}

/**
 * An Update of the fields a revision holder owns, guarded by the revision: unlike a Put it leaves
 * alone attributes other writers move without a revision (counters, lists of child ids).
 */
export function guardedUpdate(
  table: TableId,
  key: { pk: string; sk: string },
  set: Record<string, unknown>,
  remove: readonly string[],
  expectedRevision: number,
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':expected': expectedRevision };
  const assignments = Object.entries(set).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removals = remove.map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  names['#revision'] = 'revision';
  return updateWrite(table, key, {
    expression: `SET ${assignments.join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
    condition: '#revision = :expected',
    names,
    values,
  });
}

/** A condition on a write: the expression and the names and values it uses. */
export interface WriteCondition {
  readonly expression: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}

/** The item must not exist yet. */
export const MUST_BE_NEW: WriteCondition = { expression: 'attribute_not_exists(pk)' };

/** A Put of one item into a table, optionally conditioned; repositories describe writes with this. */
export function putWrite(table: TableId, item: Record<string, unknown>, condition?: WriteCondition): TransactItem {
  return {
    Put: {
      TableName: tableName(table),
      Item: item,
      ...(condition
        ? {
            ConditionExpression: condition.expression,
            ExpressionAttributeNames: condition.names,
            ExpressionAttributeValues: condition.values,
          }
        : {}),
    },
  };
}

/** An Update of one item: the update expression, an optional condition, and their names and values. */
export function updateWrite(
  table: TableId,
  key: { pk: string; sk: string },
  update: { expression: string; condition?: string; names?: Record<string, string>; values?: Record<string, unknown> },
): TransactItem {
  return {
    Update: {
      TableName: tableName(table),
      Key: { pk: key.pk, sk: key.sk },
      UpdateExpression: update.expression,
      ConditionExpression: update.condition,
      ExpressionAttributeNames: update.names,
      ExpressionAttributeValues: update.values,
    },
  };
}

/** A condition on an item the transaction does not change (e.g. that it is still at the revision read). */
export function conditionCheck(table: TableId, key: { pk: string; sk: string }, condition: WriteCondition): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(table),
      Key: { pk: key.pk, sk: key.sk },
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: condition.names,
      ExpressionAttributeValues: condition.values,
    },
  };
}
