import { gql, gqlOk, type ApiResult } from './api';

export const AUDIT_TRAIL = `query($entityId: ID!, $first: Int, $after: String) {
  auditTrail(entityId: $entityId, first: $first, after: $after) {
    totalCount
    edges { cursor node { at operation entityType entityId userId roles requestId changes { field before after } } }
    pageInfo { hasNextPage endCursor } } }`;

export interface AuditRecordView {
  at: string;
  operation: string;
  entityType: string;
  entityId: string;
  userId: string;
  roles: string[];
  requestId: string;
  /** The changes by field, with before/after parsed from their JSON text. */
  changes: Record<string, { before: unknown; after: unknown }>;
}

const parse = (json: string | null) => (json === null ? null : JSON.parse(json));

/** An entity's trail, newest first (one page of up to 100), with its changes parsed. */
export async function trailOf(adminToken: string, entityId: string): Promise<AuditRecordView[]> {
  const data = await gqlOk(adminToken, AUDIT_TRAIL, { entityId, first: 100 });
  return data.auditTrail.edges.map(({ node }: any) => ({
    ...node,
    changes: Object.fromEntries(node.changes.map((c: any) => [c.field, { before: parse(c.before), after: parse(c.after) }])),
  }));
}

/** The raw answer, for tests of refusals. */
export function trailResult(token: string, entityId: string, page: { first?: number; after?: string } = {}): Promise<ApiResult> {
  return gql(token, AUDIT_TRAIL, { entityId, ...page });
}
