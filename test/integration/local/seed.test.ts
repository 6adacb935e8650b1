import { randomUUID } from 'node:crypto';
import { createGraphQLCaller } from '../../../functions/local/graphql-caller';
import type { ApiGatewayV2Handler } from '../../../functions/local/http-server';
import { seedDemoData } from '../../../functions/local/seed';
import { DEMO_TENANTS, type SeedTenant } from '../../../functions/local/seed-data';
import { handler } from '../../../functions/src/graphql/handler';
import { TEST_JWT_SECRET } from '../../support/env';
import { gqlOk, tokenFor } from '../../support/api';

/** The demo seed against the run's DynamoDB Local, under fresh tenant ids so tests never share data. */
const call = createGraphQLCaller(handler as ApiGatewayV2Handler);

function renamed(tenants: readonly SeedTenant[]): SeedTenant[] {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 8);
  const ids = new Map(tenants.map((t) => [t.id, `${t.id}-${suffix}`]));
  return tenants.map((t) => ({ ...t, id: ids.get(t.id)!, parentId: t.parentId ? ids.get(t.parentId) : undefined }));
}

async function contactPointNames(tenantId: string): Promise<string[]> {
  const data = await gqlOk(await tokenFor(tenantId, 'TENANT_ADMIN'), '{ contactPoints(first: 100) { totalCount edges { node { name } } } }');
  expect(data.contactPoints.totalCount).toBe(data.contactPoints.edges.length);
  return data.contactPoints.edges.map((e: { node: { name: string } }) => e.node.name);
}

test('every demo contact point lies inside its tenant and every kind of place is represented', () => {
  for (const tenant of DEMO_TENANTS) {
    expect(tenant.contactPoints.length).toBeGreaterThanOrEqual(3);
    expect(tenant.contactPoints.length).toBeLessThanOrEqual(4);
    const prefix = tenant.level === 'CITY' ? tenant.regionCode.slice(0, 4) : tenant.regionCode;
    for (const point of tenant.contactPoints) {
      expect({ tenant: tenant.id, code: point.regionCode }).toEqual({ tenant: tenant.id, code: expect.stringMatching(new RegExp(`^${prefix}\\d{${9 - prefix.length}}$`)) });
    }
    expect(new Set(tenant.contactPoints.map((p) => p.key)).size).toBe(tenant.contactPoints.length);
  }
  const kinds = new Set(DEMO_TENANTS.flatMap((t) => t.contactPoints.map((p) => p.kind)));
  for (const kind of ['STREET', 'VILLAGE', 'ENTERPRISE', 'LAW_FIRM']) expect(kinds).toContain(kind);
});

test('an interrupted seed is finished by the next run, without duplicates; a complete one is left alone', async () => {
  const full = renamed(DEMO_TENANTS.slice(0, 3));
  const [city, county] = full as [SeedTenant, SeedTenant, SeedTenant];
  // As if the first run stopped after two contact points of the first county.
  const partial: SeedTenant[] = [city, { ...county, contactPoints: county.contactPoints.slice(0, 2) }];

  const first = await seedDemoData(call, TEST_JWT_SECRET, partial);
  expect(first).toEqual({ outcome: 'created', tenantsCreated: 2, contactPointsCreated: city.contactPoints.length + 2, warnings: [] });

  const second = await seedDemoData(call, TEST_JWT_SECRET, full);
  expect(second.outcome).toBe('completed');
  expect(second.tenantsCreated).toBe(1);
  expect(second.contactPointsCreated).toBe(county.contactPoints.length - 2 + full[2]!.contactPoints.length);

  const third = await seedDemoData(call, TEST_JWT_SECRET, full);
  expect(third).toEqual({ outcome: 'present', tenantsCreated: 0, contactPointsCreated: 0, warnings: [] });

  for (const tenant of full) {
    // Every contact point once, oldest first in the order of the seed data.
    expect(await contactPointNames(tenant.id)).toEqual(tenant.contactPoints.map((p) => p.name));
  }
}, 60_000);
