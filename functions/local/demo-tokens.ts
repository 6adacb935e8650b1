import { signLocalToken } from '../src/core/auth';
import { decodeGlobalId, PLATFORM_TENANT_ID } from '../src/core/ids';
import type { Role } from '../src/core/roles';
import type { GraphQLCaller } from './graphql-caller';

export interface DemoToken {
  readonly role: Role;
  readonly tenantId: string;
  readonly userId: string;
  readonly token: string;
}

export interface DemoTokens {
  readonly tokens: readonly DemoToken[];
  /** The contact point the liaison token speaks for (its global id, as clients use it); null when the tenant has none. */
  readonly liaisonContactPoint: { readonly id: string; readonly localId: string; readonly name: string } | null;
}

const TENANT_DEMO_ROLES: readonly Role[] = ['TENANT_ADMIN', 'LEGISLATIVE_STAFF', 'BUDGET_STAFF', 'DEPUTY', 'CONTACT_POINT_LIAISON'];

/** The user id a demo token carries, e.g. `demo-tenant-admin`. */
function demoUserId(role: Role): string {
  return `demo-${role.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * One token per role of `tenantId` plus a platform operator's token. The liaison is bound to the
 * tenant's first (oldest) contact point, looked up through the API by its local id.
 */
export async function mintDemoTokens(call: GraphQLCaller, secret: string, tenantId: string, ttl = '12h'): Promise<DemoTokens> {
  const sign = (role: Role, tenant: string, contactPointId?: string) =>
    signLocalToken({ tenantId: tenant, roles: [role], userId: demoUserId(role), contactPointId, ttl }, secret);

  const admin = await sign('TENANT_ADMIN', tenantId);
  const { contactPoints } = await call<{ contactPoints: { edges: { node: { id: string; name: string } }[] } }>(
    admin,
    'query FirstContactPoint { contactPoints(first: 1) { edges { node { id name } } } }',
  );
  const first = contactPoints.edges[0]?.node;
  const decoded = first ? decodeGlobalId(first.id) : null;
  const liaisonContactPoint = first && decoded ? { id: first.id, localId: decoded.localId, name: first.name } : null;

  const tokens: DemoToken[] = [];
  for (const role of TENANT_DEMO_ROLES) {
    if (role === 'CONTACT_POINT_LIAISON' && !liaisonContactPoint) continue;
    const token = role === 'TENANT_ADMIN' ? admin : await sign(role, tenantId, role === 'CONTACT_POINT_LIAISON' ? liaisonContactPoint?.localId : undefined);
    tokens.push({ role, tenantId, userId: demoUserId(role), token });
  }
  tokens.push({
    role: 'PLATFORM_ADMIN',
    tenantId: PLATFORM_TENANT_ID,
    userId: demoUserId('PLATFORM_ADMIN'),
    token: await sign('PLATFORM_ADMIN', PLATFORM_TENANT_ID),
  });
  return { tokens, liaisonContactPoint };
}
