import { PLATFORM_TENANT_ID } from '../core/ids';
import type { ItemKey } from '../data/batch';

/** Key builders of the tenancy domain; each takes the tenant first, so no key exists without one. */
export const tenancyKeys = {
  tenant: (tenantId: string): ItemKey => ({ pk: `${tenantId}#TENANT`, sk: 'TENANT' }),
  allTenantsPartition: () => `${PLATFORM_TENANT_ID}#TENANTS`,
  childrenPartition: (parentTenantId: string) => `${parentTenantId}#TENANT_CHILDREN`,
  contactPointPartition: (tenantId: string) => `${tenantId}#CP`,
  contactPoint: (tenantId: string, contactPointId: string): ItemKey => ({
    pk: `${tenantId}#CP`,
    sk: `CP#${contactPointId}`,
  }),
  contactPointCounters: (tenantId: string): ItemKey => ({ pk: `${tenantId}#CP`, sk: '#COUNTERS' }),
};
