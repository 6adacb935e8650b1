import { getItem } from '../data/items';
import { queryPage, countQuery, queryAll, queryFirstPageWithHead, FilterBuilder, type KeyQuery } from '../data/query';
import { guardedPut, MUST_BE_NEW, putWrite, type TransactItem } from '../data/transactions';
import { counterAddWrite, counterReader, readCounters } from '../data/counters';
import type { PageRequest, Page } from '../core/pagination';
import { tenancyKeys } from './keys';
import type { ContactPointKind, ContactPointRecord, TenantRecord } from './records';

/**
 * DynamoDB access of the tenancy domain (platform table). Access patterns:
 * - tenant by id: GetItem `<t>#TENANT`/`TENANT`
 * - all tenants: Query index allTenants, pk `platform#TENANTS`
 * - a city's counties: Query index tenantsByParent, pk `<city>#TENANT_CHILDREN`
 * - contact point by id: GetItem (batched per request) `<t>#CP`/`CP#<id>`
 * - contact points of a tenant, oldest first: Query `<t>#CP`, sk begins_with `CP#`
 * - contact point counters: GetItem `<t>#CP`/`#COUNTERS`, kept by every write; it sorts before
 *   `CP#…`, so a first page with its total is one Query of `#COUNTERS`..`CP#…`
 */
const TABLE = 'platform' as const;

export function getTenant(tenantId: string): Promise<TenantRecord | null> {
  return getItem<TenantRecord>(TABLE, tenancyKeys.tenant(tenantId));
}

export function putTenantWrite(tenant: TenantRecord): TransactItem {
  const indexKeys: Record<string, string> = {
    allTenantsPk: tenancyKeys.allTenantsPartition(),
    allTenantsSk: tenant.id,
  };
  if (tenant.parentId) {
    indexKeys.tenantsByParentPk = tenancyKeys.childrenPartition(tenant.parentId);
    indexKeys.tenantsByParentSk = tenant.id;
  }
  return putWrite(TABLE, { ...tenant, ...indexKeys }, MUST_BE_NEW);
}

const allTenantsQuery: KeyQuery = { table: TABLE, index: 'allTenants', partitionValue: tenancyKeys.allTenantsPartition() };

export function listTenants(page: PageRequest): Promise<Page<TenantRecord>> {
  return queryPage<TenantRecord & Record<string, unknown>>(allTenantsQuery, page);
}

export function countTenants(): Promise<number> {
  return countQuery(allTenantsQuery);
}

export function listChildTenants(parentTenantId: string): Promise<TenantRecord[]> {
  return queryAll<TenantRecord>({
    table: TABLE,
    index: 'tenantsByParent',
    partitionValue: tenancyKeys.childrenPartition(parentTenantId),
  });
}

export interface ContactPointFilter {
  readonly kind?: ContactPointKind | null;
  readonly active?: boolean | null;
  readonly search?: string | null;
}

function contactPointQuery(tenantId: string, filter: ContactPointFilter): KeyQuery {
  return {
    table: TABLE,
    partitionValue: tenancyKeys.contactPointPartition(tenantId),
    sortKeyPrefix: 'CP#',
    filter: new FilterBuilder()
      .equals('kind', filter.kind)
      .equals('active', filter.active)
      .contains('searchText', filter.search?.toLowerCase())
      .build(),
  };
}

export function listContactPoints(tenantId: string, filter: ContactPointFilter, page: PageRequest): Promise<Page<ContactPointRecord>> {
  return queryPage<ContactPointRecord & Record<string, unknown>>(contactPointQuery(tenantId, filter), page);
}

/** Counter attribute names on the `#COUNTERS` item. */
export const counterNames = {
  total: 'total',
  active: 'active',
  kind: (kind: ContactPointKind) => `kind_${kind}`,
  activeKind: (kind: ContactPointKind) => `activeKind_${kind}`,
};

/** Whether a filter's total comes from the counters kept on write (a free-text search has none). */
export function countedByCounters(filter: ContactPointFilter): boolean {
  return !filter.search;
}

/** A filter's total from the counters item's numbers. */
function totalFromCounters(n: (name: string) => number, filter: ContactPointFilter): number {
  const all = filter.kind ? n(counterNames.kind(filter.kind)) : n(counterNames.total);
  const active = filter.kind ? n(counterNames.activeKind(filter.kind)) : n(counterNames.active);
  if (filter.active === true) return active;
  if (filter.active === false) return all - active;
  return all;
}

/**
 * Total for a filter: from the counters kept on write when the filter is kind and/or active;
 * a free-text search has no counter, so it counts the matches of one tenant's partition.
 */
export async function countContactPoints(tenantId: string, filter: ContactPointFilter): Promise<number> {
  if (!countedByCounters(filter)) return countQuery(contactPointQuery(tenantId, filter));
  return totalFromCounters(await readCounters(TABLE, tenancyKeys.contactPointCounters(tenantId)), filter);
}

/**
 * The first page and its total in one Query: the `#COUNTERS` item sorts before `CP#…` in the same
 * partition. Only for a filter the counters answer (`countedByCounters`) and a first page.
 */
export async function firstContactPointPageWithTotal(
  tenantId: string,
  filter: ContactPointFilter,
  page: PageRequest,
): Promise<{ page: Page<ContactPointRecord>; total: number }> {
  const found = await queryFirstPageWithHead<ContactPointRecord & Record<string, unknown>, Record<string, unknown>>(
    contactPointQuery(tenantId, filter),
    // `total` moves with every contact point written, so the counters item always has it.
    { sortKey: tenancyKeys.contactPointCounters(tenantId).sk, onlyAttribute: counterNames.total },
    page,
  );
  return { page: found.page, total: totalFromCounters(counterReader(found.head), filter) };
}

export function contactPointCounterWrite(tenantId: string, deltas: Record<string, number>): TransactItem | null {
  return counterAddWrite(TABLE, tenancyKeys.contactPointCounters(tenantId), deltas);
}

export function putContactPointWrite(record: ContactPointRecord, expectedRevision: number | null): TransactItem {
  return guardedPut(TABLE, { ...record }, expectedRevision);
}

export function getContactPointConsistent(tenantId: string, id: string): Promise<ContactPointRecord | null> {
  return getItem<ContactPointRecord>(TABLE, tenancyKeys.contactPoint(tenantId, id), { consistent: true });
}
