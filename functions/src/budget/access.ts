import { hasRole, type Principal } from '../core/auth';
import { ForbiddenError } from '../core/errors';

/** Who reads the whole of a tenant's budget data (lines, payments, alerts, findings). */
export const BUDGET_READERS = ['BUDGET_STAFF', 'DEPUTY', 'TENANT_ADMIN'] as const;

/** The unit a BUDGET_UNIT caller speaks for (its `custom:unitCode`), or null for every other caller. */
export function budgetUnitOf(principal: Principal): string | null {
  return principal.roles.includes('BUDGET_UNIT') ? principal.unitCode : null;
}

/**
 * Whose budget records the caller may read: every unit's (a budget reader), or its own unit's (a
 * budget unit's user that holds no reader role). Anyone else is FORBIDDEN.
 */
export function budgetReadScope(principal: Principal): { unitCode: string | null } {
  if (hasRole(principal, ...BUDGET_READERS)) return { unitCode: null };
  const unitCode = budgetUnitOf(principal);
  if (unitCode) return { unitCode };
  throw new ForbiddenError();
}
