import * as z from 'zod';
import { UnauthenticatedError, ForbiddenError } from './errors';
import { isRole, type Role } from './roles';
import { PLATFORM_TENANT_ID, TENANT_ID_PATTERN, UNIT_CODE_PATTERN } from './ids';

/** Who is calling: built once per request from verified claims, never from arguments. */
export interface Principal {
  readonly userId: string;
  readonly tenantId: string;
  readonly roles: readonly Role[];
  /** Set for CONTACT_POINT_LIAISON: the one contact point this user speaks for. */
  readonly contactPointId: string | null;
  /** Set for BUDGET_UNIT: the one budget unit (预算单位) this user answers for, by its code. */
  readonly unitCode: string | null;
}

export const LOCAL_ISSUER = 'renda-local';
export const LOCAL_AUDIENCE = 'renda-api';

/** Claims as Cognito issues them (and `npm run token` imitates). */
const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  'custom:tenantId': z.string().regex(TENANT_ID_PATTERN),
  // A JWT carries an array; API Gateway's authorizer hands it over flattened as "[A B]".
  'cognito:groups': z.union([z.array(z.string()), z.string()]).optional(),
  'custom:contactPointId': z.string().min(1).max(80).optional(),
  // Same shape as a budget unit code in the data (functions/src/budget/csv/validate.ts).
  'custom:unitCode': z.string().regex(UNIT_CODE_PATTERN).optional(),
});

export type TokenClaims = z.input<typeof claimsSchema>;

function parseGroups(groups: string | string[] | undefined): string[] {
  if (groups === undefined) return [];
  if (Array.isArray(groups)) return groups;
  return groups
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** Turns verified claims into a Principal; unknown roles are ignored, malformed claims refused. */
export function principalFromClaims(claims: unknown): Principal {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw new UnauthenticatedError('The token does not carry the expected claims');
  const c = parsed.data;
  const roles = [...new Set(parseGroups(c['cognito:groups']).filter(isRole))];
  const tenantId = c['custom:tenantId'];
  // The operator belongs to the platform, and only the operator does: the two never mix in a token.
  if (tenantId === PLATFORM_TENANT_ID && roles.some((r) => r !== 'PLATFORM_ADMIN')) {
    throw new UnauthenticatedError('Only platform operators belong to the platform itself');
  }
  if (tenantId !== PLATFORM_TENANT_ID && roles.includes('PLATFORM_ADMIN')) {
    throw new UnauthenticatedError('A platform operator’s token belongs to the platform, not to a congress');
  }
  const contactPointId = roles.includes('CONTACT_POINT_LIAISON') ? (c['custom:contactPointId'] ?? null) : null;
  if (roles.includes('CONTACT_POINT_LIAISON') && !contactPointId) {
    throw new UnauthenticatedError('A liaison token must name its contact point');
  }
  const unitCode = roles.includes('BUDGET_UNIT') ? (c['custom:unitCode'] ?? null) : null;
  if (roles.includes('BUDGET_UNIT') && !unitCode) {
    throw new UnauthenticatedError('A budget unit token must name its unit');
  }
  return { userId: c.sub, tenantId, roles, contactPointId, unitCode };
}

/** The longest a local token may live (`npm run token --ttl`), like a Cognito ID token's day at most. */
export const LOCAL_TOKEN_MAX_LIFETIME_SECONDS = 24 * 60 * 60;

/**
 * Verifies a locally signed token (HS256, issuer and audience fixed) and returns its claims. It must
 * say when it was issued and when it expires (`iat`, `exp`), live at most 24 hours, and not be
 * issued in the future: a token without `exp` would otherwise be valid for ever.
 */
export async function verifyLocalToken(token: string, secret: string): Promise<Record<string, unknown>> {
  // Loaded on first use: as deployed (AUTH_MODE=cognito) the authorizer verifies, so jose never loads.
  const { jwtVerify } = await import('./local-token-jose');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat'],
      maxTokenAge: LOCAL_TOKEN_MAX_LIFETIME_SECONDS,
    }));
  } catch {
    throw new UnauthenticatedError('The token is invalid or expired');
  }
  const lifetime = Number(payload.exp) - Number(payload.iat);
  if (!(lifetime <= LOCAL_TOKEN_MAX_LIFETIME_SECONDS)) {
    throw new UnauthenticatedError('The token lives longer than 24 hours');
  }
  return payload;
}

export interface LocalTokenRequest {
  readonly tenantId: string;
  readonly roles: readonly Role[];
  readonly userId: string;
  readonly contactPointId?: string;
  /** For BUDGET_UNIT: the unit's code (`custom:unitCode`). */
  readonly unitCode?: string;
  /** Lifetime, in jose's notation: '1h', '30m'; at most 24 hours. */
  readonly ttl?: string;
}

/** A lifetime in jose's notation ('90s', '30m', '12h', '1d') as seconds, or null when it is not one. */
export function lifetimeSeconds(ttl: string): number | null {
  const match = /^(\d+)\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days)$/i.exec(ttl.trim());
  if (!match) return null;
  const unit = match[2]!.toLowerCase()[0];
  const factor = unit === 's' ? 1 : unit === 'm' ? 60 : unit === 'h' ? 3600 : 86400;
  return Number(match[1]) * factor;
}

/** Mints a token the local host accepts: the claims Cognito would issue, signed by the local secret. */
export async function signLocalToken(request: LocalTokenRequest, secret: string): Promise<string> {
  const ttl = request.ttl ?? '12h';
  const seconds = lifetimeSeconds(ttl);
  if (seconds === null || seconds < 1 || seconds > LOCAL_TOKEN_MAX_LIFETIME_SECONDS) {
    throw new RangeError(`A local token lives from 1 second to 24 hours (e.g. 30m, 12h, 24h); got "${ttl}"`);
  }
  const { SignJWT } = await import('./local-token-jose');
  const claims: Record<string, unknown> = {
    'custom:tenantId': request.tenantId,
    'cognito:groups': [...request.roles],
  };
  if (request.contactPointId) claims['custom:contactPointId'] = request.contactPointId;
  if (request.unitCode) claims['custom:unitCode'] = request.unitCode;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.userId)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${seconds}s`)
    .sign(new TextEncoder().encode(secret));
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}

/** Throws FORBIDDEN unless the principal holds one of the roles. */
export function requireRole(principal: Principal, ...roles: Role[]): void {
  if (!hasRole(principal, ...roles)) throw new ForbiddenError();
}

/** Every role that works inside a tenant (everyone but a platform-only operator). */
export const TENANT_ROLES: Role[] = [
  'TENANT_ADMIN',
  'LEGISLATIVE_STAFF',
  'BUDGET_STAFF',
  'DEPUTY',
  'CONTACT_POINT_LIAISON',
  'BUDGET_UNIT',
];
