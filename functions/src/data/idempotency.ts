import { createHash } from 'node:crypto';
import { getItem } from './items';
import { MUST_BE_NEW, putWrite, transactWrite, TransactionConditionFailed, type TransactItem } from './transactions';
import { BadInputError, ConflictError } from '../core/errors';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** Long enough for any village's retries; DynamoDB's TTL clears older records. */
const RETENTION_SECONDS = 30 * 24 * 3600;

/** Stable JSON: the same input always hashes the same, whatever the key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function idempotencyKeyOf(tenantId: string, operation: string, key: string) {
  return { pk: `${tenantId}#IDEMPOTENCY`, sk: `${operation}#${key}` };
}

export interface IdempotentCreate<T> {
  readonly tenantId: string;
  readonly operation: string;
  readonly idempotencyKey: string | null | undefined;
  /** The request, without the key: a reused key with different input is a client bug (CONFLICT). */
  readonly input: unknown;
  /** The id the new entity gets if this call is the first. */
  readonly newId: string;
  /** The writes that create the entity; the idempotency record joins their transaction. */
  readonly writes: readonly TransactItem[];
  /** Reads an entity by id (strongly consistent), to return the first call's result. */
  readonly load: (id: string) => Promise<T | null>;
}

/**
 * Creates an entity at most once per idempotency key. The record of the key is written in the same
 * transaction as the entity, conditioned on not existing, so two racing calls with one key create
 * one entity and both return it.
 */
export async function idempotentCreate<T>(request: IdempotentCreate<T>): Promise<T> {
  const { idempotencyKey } = request;
  if (idempotencyKey == null) {
    await transactWrite(request.writes);
    return loadCreated(request, request.newId);
  }
  if (!KEY_PATTERN.test(idempotencyKey)) {
    throw new BadInputError('idempotencyKey', 'idempotencyKey must be 1 to 128 letters, digits or . _ : -');
  }
  const key = idempotencyKeyOf(request.tenantId, request.operation, idempotencyKey);
  const requestHash = createHash('sha256').update(stableJson(request.input)).digest('hex');

  const earlier = await readRecord(key);
  if (earlier) return replay(request, earlier, requestHash);

  const record = putWrite(
    'platform',
    { ...key, type: 'IdempotencyRecord', resultId: request.newId, requestHash, expiresAt: Math.floor(Date.now() / 1000) + RETENTION_SECONDS },
    MUST_BE_NEW,
  );
  try {
    await transactWrite([record, ...request.writes]);
  } catch (error) {
    // Index 0 is the idempotency record: another call with this key won the race.
    if (error instanceof TransactionConditionFailed && error.failed.includes(0)) {
      const winner = await readRecord(key);
      if (winner) return replay(request, winner, requestHash);
    }
    throw error;
  }
  return loadCreated(request, request.newId);
}

interface IdempotencyRecord {
  resultId: string;
  requestHash: string;
}

function readRecord(key: { pk: string; sk: string }): Promise<IdempotencyRecord | null> {
  return getItem<IdempotencyRecord>('platform', key, { consistent: true });
}

async function replay<T>(request: IdempotentCreate<T>, record: IdempotencyRecord, requestHash: string): Promise<T> {
  if (record.requestHash !== requestHash) {
    throw new ConflictError('This idempotencyKey was already used with different input');
  }
  return loadCreated(request, record.resultId);
}

async function loadCreated<T>(request: IdempotentCreate<T>, id: string): Promise<T> {
  const entity = await request.load(id);
  if (!entity) throw new Error(`${request.operation}: created entity ${id} could not be read back`);
  return entity;
}
