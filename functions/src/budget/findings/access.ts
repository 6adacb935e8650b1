import type { Principal } from '../../core/auth';

/**
 * The unit a BUDGET_UNIT caller speaks for, or null for every other caller. The role and its
 * `custom:unitCode` claim come with the alert workflow's auth change; until a token can carry
 * them this answers null, so the unit's paths stay closed rather than open.
 */
export function budgetUnitOf(principal: Principal): string | null {
  if (!(principal.roles as readonly string[]).includes('BUDGET_UNIT')) return null;
  const unitCode = (principal as Principal & { unitCode?: string | null }).unitCode;
  return typeof unitCode === 'string' && unitCode.length > 0 ? unitCode : null;
}
