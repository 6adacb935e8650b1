import { createHash } from 'node:crypto';
import { getItem } from './items';
import { MUST_BE_NEW, putWrite, transactWrite, TransactionConditionFailed, type TransactItem } from './transactions';
import { BadInputError, ConflictError } from '../core/errors';
import { stableJson } from '../core/stable-json';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** Long enough for any village's retries; DynamoDB's TTL clears older records. */
const RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * Who made a create request. Keys are scoped to the caller: the same key sent by another user (or by
 * the same user for another contact point or unit) is another key, never the first caller's result.
 * A `Principal` fits as it is.
 */
export interface IdempotencyCaller {
  readonly tenantId: string;
  readonly userId: string;
  /** A liaison's contact point. */
  readonly contactPointId?: string | null;
  /** A budget unit's user (BUDGET_UNIT): the unit they act for. */
  readonly unitCode?: string | null;
}

/**
 * The record's key: the tenant first, then the operation, a hash of the caller (user ids are the
 * identity provider's and may hold any character) and the client's key.
 */
function idempotencyKeyOf(caller: IdempotencyCaller, operation: string, key: string) {
  const scope = createHash('sha256')
    .update(stableJson({ user: caller.userId, contactPoint: caller.contactPointId ?? null, unit: caller.unitCode ?? null }))
    .digest('base64url')
    .slice(0, 22);
  return { pk: `${caller.tenantId}#IDEMPOTENCY`, sk: `${operation}#${scope}#${key}` };
}

export interface IdempotentCreate<T> {
  /** The caller (its tenant comes from the verified token); the key is scoped to it. */
  readonly caller: IdempotencyCaller;
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
 * Creates an entity at most once per idempotency key and caller. The record of the key is written in the same
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
  const key = idempotencyKeyOf(request.caller, request.operation, idempotencyKey);
  const requestHash = createHash('sha256').update(stableJson(request.input)).digest('hex');

  const earlier = await readRecord(key);
  if (earlier) return replay(request, earlier, requestHash);

  const record = putWrite(
    'platform',
    { ...key, type: 'IdempotencyRecord', userId: request.caller.userId, resultId: request.newId, requestHash, expiresAt: Math.floor(Date.now() / 1000) + RETENTION_SECONDS },
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

/**
 * The first call's result when this caller already used this key for this operation, else null.
 * For creates that also move other entities (an inquiry moves its alerts): their checks would refuse
 * a retry, because the first call already made the move, so they look for the earlier result first.
 * The same key with different input is CONFLICT, as in `idempotentCreate`.
 */
export async function earlierResult<T>(request: Omit<IdempotentCreate<T>, 'newId' | 'writes'>): Promise<T | null> {
  const { idempotencyKey } = request;
  if (idempotencyKey == null) return null;
  if (!KEY_PATTERN.test(idempotencyKey)) {
    throw new BadInputError('idempotencyKey', 'idempotencyKey must be 1 to 128 letters, digits or . _ : -');
  }
  const earlier = await readRecord(idempotencyKeyOf(request.caller, request.operation, idempotencyKey));
  if (!earlier) return null;
  const requestHash = createHash('sha256').update(stableJson(request.input)).digest('hex');
  return replay({ ...request, newId: earlier.resultId, writes: [] }, earlier, requestHash);
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
