import { requireRole, type Principal } from '../core/auth';
import { BadInputError } from '../core/errors';
import { decodeGlobalId, toGlobalId } from '../core/ids';
import { pageRequest, toConnection, type Connection, type PageArgs } from '../core/pagination';
import { auditKeys, readAuditTrail, type StoredAuditRecord } from '../data/audit';
import { countQuery } from '../data/query';

export type AuditRecordConnectionModel = Connection<StoredAuditRecord>;

/** Who reads audit trails: the congress office. */
export const AUDIT_READERS = ['TENANT_ADMIN'] as const;

/** Reading the audit trail (the writes are made by each service, in its own transactions). One per request. */
export class AuditService {
  constructor(private readonly principal: Principal) {}

  /**
   * An entity's trail, newest first. The trail is keyed by the caller's tenant, so another
   * tenant's id reads as an empty trail, exactly like an id that never existed: nothing is learnt.
   */
  async trail(args: PageArgs & { entityId: string }): Promise<AuditRecordConnectionModel> {
    requireRole(this.principal, ...AUDIT_READERS);
    const decoded = decodeGlobalId(args.entityId);
    if (!decoded) throw new BadInputError('entityId', 'entityId is not a valid id');
    // The canonical form of the id, as the records were written under it.
    const entityId = toGlobalId(decoded.type, decoded.localId);
    const { tenantId } = this.principal;
    const page = await readAuditTrail(tenantId, entityId, pageRequest(args));
    return toConnection(page, () => countQuery({ table: 'platform', partitionValue: auditKeys.trailPartition(tenantId, entityId), sortKeyPrefix: 'AUDIT#' }));
  }
}
