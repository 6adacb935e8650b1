import type { Resolvers } from '../generated/graphql';
import type { Role } from '../core/roles';

/** Thin: the trail comes from the service; stored records already hold what the API shows. */
export const auditResolvers: Resolvers = {
  Query: {
    auditTrail: (_parent, args, ctx) => ctx.audit.trail(args),
  },
  AuditRecord: {
    roles: (record) => record.roles as Role[],
    changes: (record) => [...record.changes],
  },
};
