import { signLocalToken } from '../src/core/auth';
import { PLATFORM_TENANT_ID } from '../src/core/ids';
import { GraphQLCallError, type GraphQLCaller } from './graphql-caller';
import { DEMO_TENANTS, SEED_VERSION, type SeedTenant } from './seed-data';

export interface SeedReport {
  /** `created`: the tables were empty; `completed`: a half-finished seed was finished; `present`: nothing to do. */
  readonly outcome: 'created' | 'completed' | 'present';
  readonly tenantsCreated: number;
  readonly contactPointsCreated: number;
  /** Entries that could not be written (e.g. a key reused with changed content); the seed goes on. */
  readonly warnings: readonly string[];
}

const SEED_USER = 'local-seed';

interface Connection<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Reads every page of a connection (100 a page). */
async function readAll<T>(fetchPage: (after: string | null) => Promise<Connection<T>>): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Connection<T> = await fetchPage(after);
    items.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return items;
    after = page.pageInfo.endCursor;
  }
}

const TENANTS = `query SeedTenants($after: String) {
  tenants(first: 100, after: $after) { edges { node { shortId } } pageInfo { hasNextPage endCursor } }
}`;

const CONTACT_POINTS = `query SeedContactPoints($after: String) {
  contactPoints(first: 100, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } }
}`;

const CREATE_TENANT = `mutation SeedTenant($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id } } }`;

const CREATE_CONTACT_POINT = `mutation SeedContactPoint($input: CreateContactPointInput!) {
  createContactPoint(input: $input) { contactPoint { id } }
}`;

function seedToken(secret: string, tenantId: string, role: 'PLATFORM_ADMIN' | 'TENANT_ADMIN'): Promise<string> {
  return signLocalToken({ tenantId, roles: [role], userId: SEED_USER, ttl: '15m' }, secret);
}

/**
 * Writes the demo data through the GraphQL handler (the code path clients use), as the platform
 * operator and each congress's admin. Only what is missing is written, every create carries an
 * idempotency key, so an interrupted seed is finished by the next start and never duplicates.
 */
export async function seedDemoData(call: GraphQLCaller, secret: string, tenants: readonly SeedTenant[] = DEMO_TENANTS): Promise<SeedReport> {
  const platform = await seedToken(secret, PLATFORM_TENANT_ID, 'PLATFORM_ADMIN');
  const existing = new Set(
    (
      await readAll((after) =>
        call<{ tenants: Connection<{ shortId: string }> }>(platform, TENANTS, { after }).then((d) => d.tenants),
      )
    ).map((t) => t.shortId),
  );
  const wasEmpty = !existing.has(tenants[0]?.id ?? '');
  const warnings: string[] = [];
  let tenantsCreated = 0;
  let contactPointsCreated = 0;

  async function seedTenant(tenant: SeedTenant): Promise<void> {
    if (!existing.has(tenant.id)) {
      try {
        await call(platform, CREATE_TENANT, {
          input: {
            id: tenant.id,
            name: tenant.name,
            regionCode: tenant.regionCode,
            level: tenant.level,
            parentId: tenant.parentId,
            idempotencyKey: `demo-${SEED_VERSION}.tenant.${tenant.id}`,
          },
        });
        tenantsCreated += 1;
      } catch (error) {
        // CONFLICT: the id was taken meanwhile (another start seeding at the same time): fine.
        if (!(error instanceof GraphQLCallError && error.code === 'CONFLICT')) throw error;
      }
    }

    const admin = await seedToken(secret, tenant.id, 'TENANT_ADMIN');
    const names = new Set(
      (
        await readAll((after) =>
          call<{ contactPoints: Connection<{ name: string }> }>(admin, CONTACT_POINTS, { after }).then((d) => d.contactPoints),
        )
      ).map((c) => c.name),
    );
    // One after the other: the list order (oldest first) is the order of the seed data.
    for (const point of tenant.contactPoints) {
      if (names.has(point.name)) continue;
      try {
        await call(admin, CREATE_CONTACT_POINT, {
          input: {
            name: point.name,
            kind: point.kind,
            address: point.address,
            regionCode: point.regionCode,
            establishedOn: point.establishedOn,
            liaisons: point.liaisons,
            idempotencyKey: `demo-${SEED_VERSION}.cp.${tenant.id}.${point.key}`,
          },
        });
        contactPointsCreated += 1;
      } catch (error) {
        if (!(error instanceof GraphQLCallError && error.code === 'CONFLICT')) throw error;
        warnings.push(`${tenant.id}: ${point.name} not re-created (${error.message})`);
      }
    }
  }

  // Parents before children; tenants of one level side by side.
  const byId = new Set(tenants.map((t) => t.id));
  const roots = tenants.filter((t) => !t.parentId || !byId.has(t.parentId));
  const children = tenants.filter((t) => !roots.includes(t));
  for (const level of [roots, children]) await Promise.all(level.map(seedTenant));

  const outcome = wasEmpty ? 'created' : tenantsCreated + contactPointsCreated > 0 ? 'completed' : 'present';
  return { outcome, tenantsCreated, contactPointsCreated, warnings };
}
