import { jwtVerify, SignJWT } from 'jose';
import * as z from 'zod';
import { UnauthenticatedError, ForbiddenError } from './errors';
import { isRole, type Role } from './roles';
import { PLATFORM_TENANT_ID, TENANT_ID_PATTERN } from './ids';

/** Who is calling: built once per request from verified claims, never from arguments. */
export interface Principal {
  readonly userId: string;
  readonly tenantId: string;
  readonly roles: readonly Role[];
  /** Set for CONTACT_POINT_LIAISON: the one contact point this user speaks for. */
  readonly contactPointId: string | null;
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
  return { userId: c.sub, tenantId, roles, contactPointId };
}

/** Verifies a locally signed token (HS256, issuer and audience fixed) and returns its claims. */
export async function verifyLocalToken(token: string, secret: string): Promise<Record<string, unknown>> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      algorithms: ['HS256'],
    });
    return payload;
  } catch {
    throw new UnauthenticatedError('The token is invalid or expired');
  }
}

export interface LocalTokenRequest {
  readonly tenantId: string;
  readonly roles: readonly Role[];
  readonly userId: string;
  readonly contactPointId?: string;
  /** Lifetime, in jose's notation: '1h', '30m', '7d'. */
  readonly ttl?: string;
}

/** Mints a token the local host accepts: the claims Cognito would issue, signed by the local secret. */
export async function signLocalToken(request: LocalTokenRequest, secret: string): Promise<string> {
  const claims: Record<string, unknown> = {
    'custom:tenantId': request.tenantId,
    'cognito:groups': [...request.roles],
  };
  if (request.contactPointId) claims['custom:contactPointId'] = request.contactPointId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.userId)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(request.ttl ?? '12h')
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
];
