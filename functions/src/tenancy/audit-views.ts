import { toGlobalId } from '../core/ids';
import type { ContactPointRecord, TenantRecord } from './records';

/** Tenancy entities as the API shows them, for the audit trail's before/after (no keys, no internals). */
export function contactPointAuditView(cp: ContactPointRecord): Record<string, unknown> {
  return {
    name: cp.name,
    kind: cp.kind,
    address: cp.address,
    regionCode: cp.regionCode,
    establishedOn: cp.establishedOn,
    active: cp.active,
    liaisons: cp.liaisons.map((l) => ({ name: l.name, title: l.title, phone: l.phone })),
  };
}

export const contactPointEntity = (cp: Pick<ContactPointRecord, 'id'>) => ({
  entityType: 'ContactPoint',
  entityId: toGlobalId('ContactPoint', cp.id),
});

export function tenantAuditView(t: TenantRecord): Record<string, unknown> {
  return { name: t.name, regionCode: t.regionCode, level: t.level, parent: t.parentId };
}
