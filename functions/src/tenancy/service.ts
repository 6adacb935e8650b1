import * as z from 'zod';
import type DataLoader from 'dataloader';
import { requireRole, hasRole, TENANT_ROLES, type Principal } from '../core/auth';
import { BadInputError, ConflictError, NotFoundError } from '../core/errors';
import { isValidTenantId, newId, TENANT_ID_PATTERN } from '../core/ids';
import { pageRequest, toConnection, type PageArgs } from '../core/pagination';
import { parseInput, requiredText, optionalText } from '../core/validation';
import type { ItemKey } from '../data/batch';
import { recordChange, type RequestInfo } from '../data/audit';
import { idempotentCreate } from '../data/idempotency';
import { addDelta } from '../data/counters';
import { transactWrite, TransactionConditionFailed, type TransactItem } from '../data/transactions';
import * as repo from './repository';
import { tenancyKeys } from './keys';
import { getTenantCached } from './tenant-cache';
import { contactPointAuditView, contactPointEntity, tenantAuditView } from './audit-views';
import {
  CONTACT_POINT_KINDS,
  type ContactPointConnectionModel,
  type ContactPointRecord,
  type LiaisonRecord,
  type TenantConnectionModel,
  type TenantRecord,
} from './records';

const CONTACT_POINT_WRITERS = ['TENANT_ADMIN', 'LEGISLATIVE_STAFF'] as const;
/** Who sees a liaison's phone number. */
const PHONE_READERS = ['PLATFORM_ADMIN', 'TENANT_ADMIN', 'LEGISLATIVE_STAFF', 'BUDGET_STAFF'] as const;

const regionCode = z.string().regex(/^\d{6}(\d{3}|\d{6})?$/, 'must be a 6, 9 or 12 digit division code');

const liaisonSchema = z.object({
  name: requiredText(50),
  title: optionalText(50),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{5,20}$/, 'must be 5 to 20 digits, spaces or + - ( )')
    .nullish()
    .transform((s) => s ?? null),
});

const createContactPointSchema = z.object({
  name: requiredText(100),
  kind: z.enum(CONTACT_POINT_KINDS),
  address: optionalText(200),
  regionCode: regionCode.nullish().transform((s) => s ?? null),
  establishedOn: z.string().nullish().transform((s) => s ?? null),
  liaisons: z
    .array(liaisonSchema)
    .max(20, 'at most 20 liaisons')
    .nullish()
    .transform((l) => l ?? []),
});

/** null or absent keeps a required field; for optional fields an explicit null clears them. */
const keep = <T>(v: T | null | undefined) => v ?? undefined;
const updateContactPointSchema = z.object({
  name: requiredText(100).nullish().transform(keep),
  kind: z.enum(CONTACT_POINT_KINDS).nullish().transform(keep),
  address: optionalText(200).optional(),
  regionCode: regionCode.nullish(),
  establishedOn: z.string().nullish(),
  active: z.boolean().nullish().transform(keep),
  liaisons: z.array(liaisonSchema).max(20, 'at most 20 liaisons').nullish().transform(keep),
});

const createTenantSchema = z.object({
  id: z
    .string()
    .regex(TENANT_ID_PATTERN, 'must be 2 to 40 lowercase letters, digits or hyphens, starting with a letter')
    .refine(isValidTenantId, 'is reserved'),
  name: requiredText(100),
  regionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit division code'),
  level: z.enum(['CITY', 'COUNTY']),
  parentId: z.string().nullish().transform((s) => s ?? null),
});

export interface CreateContactPointArgs extends z.input<typeof createContactPointSchema> {
  idempotencyKey?: string | null;
}
export interface UpdateContactPointArgs extends z.input<typeof updateContactPointSchema> {
  id: string;
  expectedRevision: number;
}
export interface CreateTenantArgs extends z.input<typeof createTenantSchema> {
  idempotencyKey?: string | null;
}
export interface ContactPointFilterArgs {
  kind?: (typeof CONTACT_POINT_KINDS)[number] | null;
  active?: boolean | null;
  search?: string | null;
}

/** A contact point's region must lie inside its congress's region (same prefecture for a city). */
function insideTenantRegion(tenant: TenantRecord, code: string): boolean {
  const prefix = tenant.level === 'CITY' ? tenant.regionCode.slice(0, 4) : tenant.regionCode;
  return code.startsWith(prefix);
}

/** Rules and authorization of tenants and contact points. One instance per request. */
export class TenancyService {
  constructor(
    private readonly principal: Principal,
    private readonly platformItems: DataLoader<ItemKey, Record<string, unknown> | null, string>,
    private readonly request: RequestInfo,
  ) {}

  // ---- tenants ----

  /** The caller's own tenant; null for a platform operator outside any tenant. */
  viewerTenant(): Promise<TenantRecord | null> {
    // Authentication has just read (or cached) this very record.
    return getTenantCached(this.principal.tenantId);
  }

  /** Basic facts of a tenant (name, region) are not secret: parents and children show them. */
  async tenantById(tenantId: string): Promise<TenantRecord | null> {
    return (await this.platformItems.load(tenancyKeys.tenant(tenantId))) as TenantRecord | null;
  }

  /**
   * `node(id)` of a tenant: the operator reads every tenant; anyone else their own, its parent city
   * and its counties (what `viewer.tenant` reaches). Any other is NOT_FOUND.
   */
  async tenant(tenantId: string): Promise<TenantRecord> {
    const target = await this.tenantById(tenantId);
    const own = this.principal.tenantId;
    const visible =
      target !== null &&
      (hasRole(this.principal, 'PLATFORM_ADMIN') ||
        target.id === own ||
        target.parentId === own ||
        target.id === (await getTenantCached(own))?.parentId);
    if (!visible) throw new NotFoundError('Tenant');
    return target;
  }

  childTenants(tenant: TenantRecord): Promise<TenantRecord[]> {
    return tenant.level === 'CITY' ? repo.listChildTenants(tenant.id) : Promise.resolve([]);
  }

  async tenants(args: PageArgs): Promise<TenantConnectionModel> {
    requireRole(this.principal, 'PLATFORM_ADMIN');
    const page = await repo.listTenants(pageRequest(args));
    return toConnection(page, () => repo.countTenants());
  }

  async createTenant(args: CreateTenantArgs): Promise<TenantRecord> {
    requireRole(this.principal, 'PLATFORM_ADMIN');
    const { idempotencyKey, ...rest } = args;
    const input = parseInput(createTenantSchema, rest);
    if (input.level === 'CITY' && input.parentId) throw new BadInputError('parentId', 'parentId: a city has no parent tenant');
    if (input.parentId) {
      const parent = await repo.getTenant(input.parentId);
      if (!parent || parent.level !== 'CITY') throw new BadInputError('parentId', 'parentId: no such city tenant');
      if (!insideTenantRegion(parent, input.regionCode)) {
        throw new BadInputError('regionCode', 'regionCode: a county must lie in its parent city');
      }
    }
    const record: TenantRecord = {
      pk: tenancyKeys.tenant(input.id).pk,
      sk: 'TENANT',
      type: 'Tenant',
      id: input.id,
      name: input.name,
      regionCode: input.regionCode,
      level: input.level,
      parentId: input.parentId,
      createdAt: new Date().toISOString(),
      createdBy: this.principal.userId,
    };
    try {
      return await idempotentCreate({
        caller: this.principal,
        operation: 'createTenant',
        idempotencyKey,
        input,
        newId: input.id,
        writes: [
          repo.putTenantWrite(record),
          // Recorded in the platform's own trail: a tenant's id is the id the API shows for it.
          recordChange(this.principal, this.request, {
            entityType: 'Tenant',
            entityId: record.id,
            operation: 'createTenant',
            before: null,
            after: tenantAuditView(record),
          }),
        ],
        load: (id) => repo.getTenant(id),
      });
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new ConflictError(`Tenant ${input.id} already exists`);
      throw error;
    }
  }

  // ---- contact points ----

  /** Every tenant role but a budget unit's, which sees its inquiries and nothing of the registry. */
  private requireReader(): void {
    requireRole(this.principal, ...TENANT_ROLES.filter((r) => r !== 'BUDGET_UNIT'));
  }

  /** A caller whose only tenant role is liaison sees its own contact point and nothing else. */
  private get onlyLiaison(): boolean {
    return this.principal.roles.every((r) => r === 'CONTACT_POINT_LIAISON');
  }

  private visibleTo(id: string): boolean {
    return !this.onlyLiaison || this.principal.contactPointId === id;
  }

  /** Batched read of a contact point of the caller's tenant; NOT_FOUND for anything else. */
  async contactPoint(id: string): Promise<ContactPointRecord> {
    this.requireReader();
    const found = await this.findContactPoint(id);
    if (!found || !this.visibleTo(id)) throw new NotFoundError('Contact point');
    return found;
  }

  /** The same read for nested fields: null instead of an error (e.g. a deleted reference). */
  async findContactPoint(id: string): Promise<ContactPointRecord | null> {
    return (await this.platformItems.load(tenancyKeys.contactPoint(this.principal.tenantId, id))) as ContactPointRecord | null;
  }

  /**
   * `withTotal`: the request selects `totalCount`. A first page whose total the counters answer is
   * then one Query (the counters item sorts before the page); otherwise the total stays a separate
   * read, made only if it is resolved.
   */
  async contactPoints(
    args: PageArgs & { filter?: ContactPointFilterArgs | null },
    { withTotal }: { withTotal: boolean } = { withTotal: true },
  ): Promise<ContactPointConnectionModel> {
    this.requireReader();
    const request = pageRequest(args);
    const filter = args.filter ?? {};
    const search = filter.search?.trim() || null;
    if (search && [...search].length > 50) throw new BadInputError('filter.search', 'filter.search: at most 50 characters');
    const normalized = { kind: filter.kind ?? null, active: filter.active ?? null, search };

    if (this.onlyLiaison) {
      // A liaison's list is its own contact point, if it matches the filter.
      const own = await this.findContactPoint(this.principal.contactPointId ?? '');
      const matches =
        own &&
        (!normalized.kind || own.kind === normalized.kind) &&
        (normalized.active === null || own.active === normalized.active) &&
        (!search || own.searchText.includes(search.toLowerCase()));
      const items = matches && !request.after ? [own] : [];
      const page = { items, cursors: items.map(() => 'own'), hasNextPage: false };
      return toConnection(page, async () => (matches ? 1 : 0));
    }
    if (withTotal && request.after === null && repo.countedByCounters(normalized)) {
      const { page, total } = await repo.firstContactPointPageWithTotal(this.principal.tenantId, normalized, request);
      return toConnection(page, async () => total);
    }
    const page = await repo.listContactPoints(this.principal.tenantId, normalized, request);
    return toConnection(page, () => repo.countContactPoints(this.principal.tenantId, normalized));
  }

  /** Liaison phone numbers are for staff and admins only. */
  liaisonsOf(contactPoint: ContactPointRecord): LiaisonRecord[] {
    const showPhone = hasRole(this.principal, ...PHONE_READERS);
    return contactPoint.liaisons.map((l) => ({ ...l, phone: showPhone ? l.phone : null }));
  }

  async createContactPoint(args: CreateContactPointArgs): Promise<ContactPointRecord> {
    requireRole(this.principal, ...CONTACT_POINT_WRITERS);
    const { idempotencyKey, ...rest } = args;
    const input = parseInput(createContactPointSchema, rest);
    await this.checkRegion(input.regionCode);
    const { tenantId, userId } = this.principal;
    const id = newId();
    const now = new Date().toISOString();
    const record: ContactPointRecord = {
      ...tenancyKeys.contactPoint(tenantId, id),
      type: 'ContactPoint',
      tenantId,
      id,
      ...input,
      active: true,
      searchText: `${input.name} ${input.address ?? ''}`.toLowerCase(),
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: userId,
      updatedBy: userId,
    };
    const writes: TransactItem[] = [
      repo.putContactPointWrite(record, null),
      recordChange(this.principal, this.request, {
        ...contactPointEntity(record),
        operation: 'createContactPoint',
        before: null,
        after: contactPointAuditView(record),
      }),
    ];
    const counters = repo.contactPointCounterWrite(tenantId, counterDeltas(null, record));
    if (counters) writes.push(counters);
    return idempotentCreate({
      caller: this.principal,
      operation: 'createContactPoint',
      idempotencyKey,
      input,
      newId: id,
      writes,
      load: (createdId) => repo.getContactPointConsistent(tenantId, createdId),
    });
  }

  async updateContactPoint(args: UpdateContactPointArgs): Promise<ContactPointRecord> {
    requireRole(this.principal, ...CONTACT_POINT_WRITERS);
    const { id, expectedRevision, ...rest } = args;
    const changes = parseInput(updateContactPointSchema, rest);
    if (changes.regionCode) await this.checkRegion(changes.regionCode);
    const current = await repo.getContactPointConsistent(this.principal.tenantId, id);
    if (!current) throw new NotFoundError('Contact point');
    if (current.revision !== expectedRevision) throw staleRevision(current.revision);
    // Only fields the client sent change; an explicit null clears an optional field.
    const sent = Object.fromEntries(
      Object.entries(changes).filter(([key, value]) => key in rest && value !== undefined),
    ) as Partial<ContactPointRecord>;
    const merged = { ...current, ...sent };
    const next: ContactPointRecord = {
      ...merged,
      searchText: `${merged.name} ${merged.address ?? ''}`.toLowerCase(),
      revision: current.revision + 1,
      updatedAt: new Date().toISOString(),
      updatedBy: this.principal.userId,
    };
    return this.saveContactPoint(current, next, 'updateContactPoint');
  }

  async deactivateContactPoint(args: { id: string; expectedRevision: number }): Promise<ContactPointRecord> {
    requireRole(this.principal, ...CONTACT_POINT_WRITERS);
    const current = await repo.getContactPointConsistent(this.principal.tenantId, args.id);
    if (!current) throw new NotFoundError('Contact point');
    if (current.revision !== args.expectedRevision) throw staleRevision(current.revision);
    if (!current.active) return current;
    return this.saveContactPoint(
      current,
      { ...current, active: false, revision: current.revision + 1, updatedAt: new Date().toISOString(), updatedBy: this.principal.userId },
      'deactivateContactPoint',
    );
  }

  /** Writes the new state, its audit record and the counter deltas together, guarded by the revision read. */
  private async saveContactPoint(current: ContactPointRecord, next: ContactPointRecord, operation: string): Promise<ContactPointRecord> {
    const writes: TransactItem[] = [
      repo.putContactPointWrite(next, current.revision),
      recordChange(this.principal, this.request, {
        ...contactPointEntity(next),
        operation,
        before: contactPointAuditView(current),
        after: contactPointAuditView(next),
      }),
    ];
    const counters = repo.contactPointCounterWrite(this.principal.tenantId, counterDeltas(current, next));
    if (counters) writes.push(counters);
    try {
      await transactWrite(writes);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw staleRevision(null);
      throw error;
    }
    return next;
  }

  private async checkRegion(code: string | null): Promise<void> {
    if (!code) return;
    const tenant = await getTenantCached(this.principal.tenantId);
    if (tenant && !insideTenantRegion(tenant, code)) {
      throw new BadInputError('regionCode', `regionCode: must lie inside ${tenant.name} (${tenant.regionCode})`);
    }
  }
}

function staleRevision(current: number | null): ConflictError {
  return new ConflictError(
    current === null ? 'The contact point changed meanwhile; reload it' : `Stale expectedRevision: the contact point is at revision ${current}`,
  );
}

/** How one write moves the counters: the contribution of the new state minus that of the old. */
function counterDeltas(before: ContactPointRecord | null, after: ContactPointRecord): Record<string, number> {
  const deltas: Record<string, number> = {};
  const add = (name: string, d: number) => addDelta(deltas, name, d);
  const contribute = (cp: ContactPointRecord, sign: number) => {
    add(repo.counterNames.total, sign);
    add(repo.counterNames.kind(cp.kind), sign);
    if (cp.active) {
      add(repo.counterNames.active, sign);
      add(repo.counterNames.activeKind(cp.kind), sign);
    }
  };
  if (before) contribute(before, -1);
  contribute(after, 1);
  return deltas;
}
