import type { Principal } from '../../core/auth';

/** The unit a BUDGET_UNIT caller speaks for (its `custom:unitCode`), or null for every other caller. */
export function budgetUnitOf(principal: Principal): string | null {
  return principal.roles.includes('BUDGET_UNIT') ? principal.unitCode : null;
}
