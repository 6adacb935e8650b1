import { isDeepStrictEqual } from 'node:util';
import type { Principal } from '../core/auth';
import { config } from '../core/config';
import { newId } from '../core/ids';
import type { Page, PageRequest } from '../core/pagination';
import { queryPage } from './query';
import { MUST_BE_NEW, putWrite, type TransactItem } from './transactions';

/**
 * The audit trail (审计记录): one item per change made through the API, written in the SAME
 * transaction as the change, so a record exists exactly when the change does.
 *
 * Stored in the platform table, one partition per entity, newest last by ULID:
 *   pk `<t>#AUDIT#<entityId>`, sk `AUDIT#<ulid>`, `expiresAt` = now + the configured retention.
 * `entityId` is the id the API shows (a global id; a tenant's own id for a tenant).
 *
 * Usage from a service (any domain, including budget imports and votes):
 *   writes.push(auditWrite(auditEntry(principal, request, {
 *     entityType: 'Draft', entityId: toGlobalId('Draft', id), operation: 'updateDraft',
 *     changes: changedFields(viewBefore, viewAfter) })));
 * or, shorter, `recordChange(principal, request, { entityType, entityId, operation, before, after })`.
 */

/** What a service knows of the request it serves besides the caller: the id the logs carry. */
export interface RequestInfo {
  readonly requestId: string;
}

/** One field that changed, with its values as the API shows them (null: no value). */
export interface AuditChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** One change to record: who, what, which request. `at` and the expiry are set when written. */
export interface AuditEntry {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly string[];
  readonly requestId: string;
  /** The GraphQL type of the entity, e.g. `ContactPoint`. */
  readonly entityType: string;
  /** The id the API shows for the entity (its global id). */
  readonly entityId: string;
  /** The mutation that made the change, e.g. `updateContactPoint`. */
  readonly operation: string;
  readonly changes: readonly AuditChange[];
}

/** A stored change: before/after are JSON text, bounded in size. */
export interface StoredAuditChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface StoredAuditRecord {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'AuditRecord';
  readonly id: string;
  readonly tenantId: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly operation: string;
  readonly userId: string;
  readonly roles: readonly string[];
  readonly requestId: string;
  readonly at: string;
  readonly changes: readonly StoredAuditChange[];
  /** Epoch seconds; DynamoDB's TTL deletes the record some time after. */
  readonly expiresAt: number;
}

export const auditKeys = {
  trailPartition: (tenantId: string, entityId: string) => `${tenantId}#AUDIT#${entityId}`,
};

/** Texts longer than this keep their start and a marker; lists keep their first items. */
export const MAX_AUDIT_TEXT = 1000;
export const MAX_AUDIT_LIST = 100;
/**
 * A value whose JSON is still larger (a deep structure) becomes a string: the start of its JSON and
 * the marker. With at most MAX_AUDIT_FIELDS fields, before and after, the largest record is about
 * 95 KB, far below DynamoDB's 400 KB item limit.
 */
export const MAX_AUDIT_VALUE_BYTES = 6000;
export const MAX_AUDIT_FIELDS = 16;

const truncatedMarker = (total: number) => `…[truncated: ${total} characters]`;

/** The value with long texts and lists cut, so a record stays small whatever was written. */
function bounded(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.length <= MAX_AUDIT_TEXT) return value; // UTF-16 length: never fewer than its characters
    const characters = [...value];
    return characters.length > MAX_AUDIT_TEXT ? characters.slice(0, MAX_AUDIT_TEXT).join('') + truncatedMarker(characters.length) : value;
  }
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_AUDIT_LIST).map(bounded);
    return value.length > MAX_AUDIT_LIST ? [...kept, `…[${value.length - MAX_AUDIT_LIST} more]`] : kept;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, bounded(v)]));
  }
  return value;
}

/** The longest start of a text that fits `maxBytes` of UTF-8 (never splitting a character). */
function utf8Prefix(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    bytes += Buffer.byteLength(character, 'utf8');
    if (bytes > maxBytes) break;
    end += character.length;
  }
  return text.slice(0, end);
}

/** JSON text of a value for storage, always valid JSON; null and undefined (no value) stay null. */
export function auditValueJson(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const json = JSON.stringify(bounded(value));
  if (Buffer.byteLength(json, 'utf8') <= MAX_AUDIT_VALUE_BYTES) return json;
  // Room for the marker and the escaping JSON.stringify adds to the quoted JSON (at most 2x).
  return JSON.stringify(utf8Prefix(json, MAX_AUDIT_VALUE_BYTES / 2 - 100) + truncatedMarker(json.length));
}

/**
 * The fields whose values differ between two views of an entity (as the API shows it); a view of
 * null is "did not exist", so a create lists every field that has a value.
 */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: AuditChange[] = [];
  for (const field of fields) {
    const old = before?.[field] ?? null;
    const next = after?.[field] ?? null;
    if (!isDeepStrictEqual(old, next)) changes.push({ field, before: old, after: next });
  }
  return changes;
}

/** The Put of an audit record, to join the transaction of the change it records. */
export function auditWrite(entry: AuditEntry, now = new Date()): TransactItem {
  if (entry.changes.length > MAX_AUDIT_FIELDS) throw new Error(`An audit record holds at most ${MAX_AUDIT_FIELDS} fields`);
  const id = newId();
  const record: StoredAuditRecord = {
    pk: auditKeys.trailPartition(entry.tenantId, entry.entityId),
    sk: `AUDIT#${id}`,
    type: 'AuditRecord',
    id,
    tenantId: entry.tenantId,
    entityType: entry.entityType,
    entityId: entry.entityId,
    operation: entry.operation,
    userId: entry.userId,
    roles: [...entry.roles],
    requestId: entry.requestId,
    at: now.toISOString(),
    changes: entry.changes.map((c) => ({ field: c.field, before: auditValueJson(c.before), after: auditValueJson(c.after) })),
    expiresAt: Math.floor(now.getTime() / 1000) + config().auditRetentionDays * 86_400,
  };
  return putWrite('platform', { ...record }, MUST_BE_NEW);
}

/** A change of one entity by the request's caller, recorded as the fields that differ between two views. */
export interface ChangeOfEntity {
  readonly entityType: string;
  readonly entityId: string;
  readonly operation: string;
  /** The entity as the API shows it before the change; null for a create. */
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
}

/** The audit write for a change made by `principal` in the request `request`. */
export function recordChange(principal: Principal, request: RequestInfo, change: ChangeOfEntity): TransactItem {
  return auditWrite({
    tenantId: principal.tenantId,
    userId: principal.userId,
    roles: principal.roles,
    requestId: request.requestId,
    entityType: change.entityType,
    entityId: change.entityId,
    operation: change.operation,
    changes: changedFields(change.before, change.after),
  });
}

/** The trail of one entity of a tenant, newest first: one key Query of its partition. */
export function readAuditTrail(tenantId: string, entityId: string, page: PageRequest): Promise<Page<StoredAuditRecord>> {
  return queryPage<StoredAuditRecord & Record<string, unknown>>(
    { table: 'platform', partitionValue: auditKeys.trailPartition(tenantId, entityId), sortKeyPrefix: 'AUDIT#', newestFirst: true },
    page,
  );
}
