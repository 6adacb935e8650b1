import { monotonicFactory } from 'ulidx';
import { BadInputError } from './errors';

/** The reserved tenant id under which the platform keeps its own records (the tenant registry). */
export const PLATFORM_TENANT_ID = 'platform';

/** Tenant ids are short lowercase slugs (`lishi`, `lvliang`), safe inside keys and S3 prefixes. */
export const TENANT_ID_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;

/**
 * A budget unit code (预算单位编码) as a BUDGET_UNIT token carries it: digits only, like the codes
 * the finance bureau's files hold (at most 20 digits, functions/src/budget/csv/validate.ts).
 */
export const UNIT_CODE_PATTERN = /^[0-9]{1,20}$/;

export function isValidTenantId(id: string): boolean {
  return TENANT_ID_PATTERN.test(id) && id !== PLATFORM_TENANT_ID;
}

const nextUlid = monotonicFactory();

/** New entity ids are ULIDs: unique, and sorting them sorts by creation time. */
export function newId(): string {
  return nextUlid();
}

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The GraphQL types that implement Node, and so have global ids. */
export const NODE_TYPES = [
  'Tenant',
  'ContactPoint',
  'Draft',
  'DraftVersion',
  'Article',
  'Reading',
  'Consultation',
  'ConsultationAssignment',
  'Feedback',
  'Attachment',
  'BudgetImportJob',
  'BudgetLine',
  'Payment',
  'Alert',
  'AuditReport',
  'AuditFinding',
  'RatingSession',
  'RectificationFile',
  'WarningRule',
  'Inquiry',
  'BudgetQuestion',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** Opaque global id: base64url of `<Type>:<localId>`. Clients must not parse it. */
export function toGlobalId(type: NodeType, localId: string): string {
  return Buffer.from(`${type}:${localId}`, 'utf8').toString('base64url');
}

export interface DecodedGlobalId {
  readonly type: NodeType;
  readonly localId: string;
}

/** Decodes any global id; returns null for anything that is not one of ours. */
export function decodeGlobalId(globalId: string): DecodedGlobalId | null {
  if (globalId.length > 200 || !/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const raw = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = raw.indexOf(':');
  if (colon < 0) return null;
  const type = raw.slice(0, colon);
  const localId = raw.slice(colon + 1);
  if (!(NODE_TYPES as readonly string[]).includes(type)) return null;
  // A tenant's local id is its short id; budget data has natural keys; every other local id starts with a ULID.
  if (type === 'Tenant' ? !isValidTenantId(localId) : !isLocalId(type as NodeType, localId)) return null;
  return { type: type as NodeType, localId };
}

/**
 * Budget data is keyed by the finance bureau's natural keys, not ULIDs: a budget line by
 * `<year>:<unit>#<function>#<economic>#<project>`, a payment by `<year>:<payment number>`.
 */
const NATURAL_LOCAL_IDS: Partial<Record<NodeType, RegExp>> = {
  BudgetLine: /^\d{4}:[0-9A-Za-z._-]{1,40}#\d{7}#\d{5}#[0-9A-Za-z._-]{0,40}$/,
  Payment: /^\d{4}:[0-9A-Za-z._-]{1,64}$/,
  Inquiry: /^\d{4}:[0-9]{1,20}:[0-9A-HJKMNP-TV-Z]{26}$/,
  WarningRule: /^[A-Z_]{3,30}$/,
  Alert: /^\d{4}:[A-Z_]{3,30}:(?:UNIT:[0-9A-Za-z._-]{1,40}|LINE:[0-9A-Za-z._-]{1,40}#\d{7}#\d{5}#[0-9A-Za-z._-]{0,40}|PAYMENT:[0-9A-Za-z._-]{1,64})$/,
};

function isLocalId(type: NodeType, value: string): boolean {
  const natural = NATURAL_LOCAL_IDS[type];
  if (natural) return natural.test(value);
  // ULIDs, or composite ids such as `<draftUlid>.<versionNumber>` or `<consultationUlid>.<contactPointUlid>`.
  return /^[0-9A-Za-z._-]{1,80}$/.test(value) && ULID_PATTERN.test(value.slice(0, 26));
}

/**
 * Decodes a global id argument of an expected type. A malformed id, or one of another type, is
 * BAD_USER_INPUT naming the field; a well-formed id that matches nothing is the service's NOT_FOUND.
 */
export function expectGlobalId(globalId: string, type: NodeType, field: string): string {
  const decoded = decodeGlobalId(globalId);
  if (!decoded || decoded.type !== type) {
    throw new BadInputError(field, `${field} is not a valid ${type} id`);
  }
  return decoded.localId;
}
