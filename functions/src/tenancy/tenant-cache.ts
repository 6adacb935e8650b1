import { getTenant } from './repository';
import type { TenantRecord } from './records';

/**
 * Tenants known to exist, cached per Lambda container for a minute: every request checks that its
 * token's tenant exists, and tenants are never deleted. Unknown ids are not cached, so a tenant
 * created a moment ago is found at once.
 */
const TTL_MS = 60_000;
const known = new Map<string, { tenant: TenantRecord; until: number }>();

export async function getTenantCached(tenantId: string): Promise<TenantRecord | null> {
  const hit = known.get(tenantId);
  if (hit && hit.until > Date.now()) return hit.tenant;
  const tenant = await getTenant(tenantId);
  if (tenant) known.set(tenantId, { tenant, until: Date.now() + TTL_MS });
  return tenant;
}
