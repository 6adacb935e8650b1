import type { Resolvers } from '../generated/graphql';
import { expectGlobalId, toGlobalId } from '../core/ids';
import { selectsField } from '../graphql/selection';

/** Thin: unwrap arguments, call the service, shape the payload. */
export const tenancyResolvers: Resolvers = {
  Query: {
    viewer: (_parent, _args, ctx) => ctx.principal,
    tenants: (_parent, args, ctx) => ctx.tenancy.tenants(args),
    contactPoints: (_parent, args, ctx, info) => ctx.tenancy.contactPoints(args, { withTotal: selectsField(info, 'totalCount') }),
    contactPoint: (_parent, { id }, ctx) => ctx.tenancy.contactPoint(expectGlobalId(id, 'ContactPoint', 'id')),
  },
  Mutation: {
    createTenant: async (_parent, { input }, ctx) => ({ tenant: await ctx.tenancy.createTenant(input) }),
    createContactPoint: async (_parent, { input }, ctx) => ({
      contactPoint: await ctx.tenancy.createContactPoint(input),
    }),
    updateContactPoint: async (_parent, { input }, ctx) => ({
      contactPoint: await ctx.tenancy.updateContactPoint({ ...input, id: expectGlobalId(input.id, 'ContactPoint', 'id') }),
    }),
    deactivateContactPoint: async (_parent, { input }, ctx) => ({
      contactPoint: await ctx.tenancy.deactivateContactPoint({
        id: expectGlobalId(input.id, 'ContactPoint', 'id'),
        expectedRevision: input.expectedRevision,
      }),
    }),
  },
  Viewer: {
    userId: (principal) => principal.userId,
    roles: (principal) => [...principal.roles],
    tenant: (_principal, _args, ctx) => ctx.tenancy.viewerTenant(),
    contactPoint: (principal, _args, ctx) =>
      principal.contactPointId ? ctx.tenancy.findContactPoint(principal.contactPointId) : null,
    unitCode: (principal) => principal.unitCode,
  },
  Tenant: {
    id: (tenant) => toGlobalId('Tenant', tenant.id),
    shortId: (tenant) => tenant.id,
    parent: (tenant, _args, ctx) => (tenant.parentId ? ctx.tenancy.tenantById(tenant.parentId) : null),
    children: (tenant, _args, ctx) => ctx.tenancy.childTenants(tenant),
  },
  ContactPoint: {
    id: (cp) => toGlobalId('ContactPoint', cp.id),
    liaisons: (cp, _args, ctx) => ctx.tenancy.liaisonsOf(cp),
  },
};
