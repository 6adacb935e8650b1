/**
 * `npm run -s token -- --tenant lishi --role TENANT_ADMIN`: prints a token the local host accepts
 * (the claims Cognito would issue, signed with the secret in .data/local-jwt-secret) and nothing
 * else on stdout, so `TOKEN=$(npm run -s token -- ...)` works. Usage errors exit 2.
 */
import { parseArgs } from 'node:util';
import { signLocalToken } from '../src/core/auth';
import { decodeGlobalId, PLATFORM_TENANT_ID, TENANT_ID_PATTERN, UNIT_CODE_PATTERN } from '../src/core/ids';
import { isRole, ROLES, type Role } from '../src/core/roles';
import { LocalSetupError } from './emulators';
import { localDataDir } from './options';
import { ensureLocalSecret, localSecretPath } from './secret';

const USAGE = `Usage: npm run -s token -- --tenant <id> --role <ROLE> [--role <ROLE>] [--contact-point <id>] [--unit <code>] [--sub <userId>] [--ttl 12h]

  --tenant          tenant id, e.g. lishi (use "platform" with --role PLATFORM_ADMIN)
  --role            ${ROLES.join(', ')}; repeat for several
  --contact-point   for CONTACT_POINT_LIAISON: the ContactPoint's global id or local id
  --unit            for BUDGET_UNIT: the budget unit's code (预算单位编码), e.g. 141102004
  --sub             user id (default: local-<first role>)
  --ttl             lifetime, e.g. 30m, 12h, 24h (default 12h, at most 24h)

Signed with the secret in ${localSecretPath('.data')} (LOCAL_DATA_DIR moves it), shared with npm start.`;

/** A usage error: printed with a hint, exit code 2. */
class UsageError extends Error {}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A ContactPoint global id or a raw local id (ULID), as the local id the token carries. */
function contactPointLocalId(value: string): string {
  const decoded = decodeGlobalId(value);
  if (decoded) {
    if (decoded.type !== 'ContactPoint') throw new UsageError(`--contact-point: ${value} is a ${decoded.type} id, not a ContactPoint id.`);
    return decoded.localId;
  }
  const raw = value.trim().toUpperCase();
  if (!ULID.test(raw)) throw new UsageError(`--contact-point: ${value} is neither a ContactPoint global id nor a local id (26-character ULID).`);
  return raw;
}

interface TokenRequest {
  tenantId: string;
  roles: Role[];
  userId: string;
  contactPointId?: string;
  unitCode?: string;
  ttl: string;
}

function parseRequest(argv: string[]): TokenRequest | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        tenant: { type: 'string' },
        role: { type: 'string', multiple: true },
        'contact-point': { type: 'string' },
        unit: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string', default: '12h' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';

  const tenantId = values.tenant?.trim();
  if (!tenantId) throw new UsageError('--tenant is required, e.g. --tenant lishi.');
  if (!TENANT_ID_PATTERN.test(tenantId)) {
    throw new UsageError(`--tenant: "${tenantId}" is not a tenant id (lowercase letters, digits and hyphens, starting with a letter).`);
  }

  const given = values.role ?? [];
  if (!given.length) throw new UsageError('--role is required, e.g. --role TENANT_ADMIN.');
  const roles: Role[] = [];
  for (const raw of given) {
    const role = raw.trim().toUpperCase();
    if (!isRole(role)) throw new UsageError(`Unknown role "${raw}". Roles: ${ROLES.join(', ')}.`);
    if (!roles.includes(role)) roles.push(role);
  }

  const platform = tenantId === PLATFORM_TENANT_ID;
  if (platform && roles.some((r) => r !== 'PLATFORM_ADMIN')) {
    throw new UsageError('The platform tenant has the PLATFORM_ADMIN role only.');
  }
  if (!platform && roles.includes('PLATFORM_ADMIN')) {
    throw new UsageError('PLATFORM_ADMIN belongs to the platform operator: use --tenant platform.');
  }

  const liaison = roles.includes('CONTACT_POINT_LIAISON');
  const contactPoint = values['contact-point'];
  if (liaison && !contactPoint) throw new UsageError('CONTACT_POINT_LIAISON needs --contact-point <id> (the contact point it speaks for).');
  if (!liaison && contactPoint) throw new UsageError('--contact-point applies only with --role CONTACT_POINT_LIAISON.');

  const budgetUnit = roles.includes('BUDGET_UNIT');
  const unitCode = values.unit?.trim();
  if (budgetUnit && !unitCode) throw new UsageError('BUDGET_UNIT needs --unit <code> (the budget unit it answers for, e.g. 141102004).');
  if (!budgetUnit && unitCode !== undefined) throw new UsageError('--unit applies only with --role BUDGET_UNIT.');
  if (unitCode !== undefined && !UNIT_CODE_PATTERN.test(unitCode)) throw new UsageError(`--unit: "${unitCode}" is not a unit code (digits only, at most 20).`);

  const userId = values.sub?.trim() || `local-${roles[0]!.toLowerCase().replace(/_/g, '-')}`;
  if (userId.length > 128) throw new UsageError('--sub: at most 128 characters.');
  return {
    tenantId,
    roles,
    userId,
    contactPointId: contactPoint ? contactPointLocalId(contactPoint) : undefined,
    unitCode,
    ttl: values.ttl ?? '12h',
  };
}

async function main(): Promise<number> {
  let request: TokenRequest | 'help';
  try {
    request = parseRequest(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (request === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const secret = ensureLocalSecret(localDataDir());
  let token: string;
  try {
    token = await signLocalToken(request, secret);
  } catch (error) {
    // A lifetime that is not one, or longer than the API accepts (24 h).
    if (error instanceof RangeError) {
      process.stderr.write(`--ttl: ${error.message}.\n`);
      return 2;
    }
    throw error;
  }
  process.stdout.write(`${token}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof LocalSetupError ? error.message : `npm run token failed: ${(error as Error).stack ?? String(error)}`}\n`);
    process.exit(1);
  },
);
