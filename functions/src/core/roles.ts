/** Roles are Cognito groups; the names are the contract with the user pool. */
export const ROLES = [
  'PLATFORM_ADMIN',
  'TENANT_ADMIN',
  'LEGISLATIVE_STAFF',
  'BUDGET_STAFF',
  'DEPUTY',
  'CONTACT_POINT_LIAISON',
  'BUDGET_UNIT',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
