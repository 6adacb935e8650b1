import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../functions/src/core/config';
import { DEFAULT_RATE_LIMITS } from '../../functions/src/core/config';

/**
 * Deployment settings read from CDK context (`-c key=value` or cdk.json), validated in one place.
 *
 * - `stage`: `dev` (default), `staging`, `prod`, ... Only `prod` turns on deletion protection and retention.
 * - `allowedOrigins`: browser origins of the SPAs, comma-separated (or a JSON array in cdk.json).
 *   `prod` defaults to none (safe: no browser page may call the API or the bucket until the SPAs'
 *   https origins are given); other stages default to local dev servers.
 * - `alarmEmail`: optional address subscribed to the alarm topic.
 * - `logLevel`: Powertools log level of the functions (default INFO).
 * - `auditRetentionDays`: how long audit records are kept before DynamoDB's TTL deletes them
 *   (default 1095, three years).
 * - `rateLimitTenantPerMinute`, `rateLimitUserPerMinute`: the stage's request limits per congress and
 *   per user (default 3000 and 300); a tenant record's `rateLimits` overrides them for that congress.
 */
export interface DeploymentConfig {
  readonly stage: string;
  readonly production: boolean;
  readonly allowedOrigins: readonly string[];
  readonly alarmEmail: string | undefined;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly auditRetentionDays: number;
  readonly rateLimits: { readonly tenantPerMinute: number; readonly userPerMinute: number };
}

export const DEFAULT_DEV_ORIGINS: readonly string[] = ['http://localhost:5173', 'http://localhost:3000'];

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

/** Reads the settings through a context getter (`app.node.tryGetContext`). */
export function readDeploymentConfig(getContext: (key: string) => unknown): DeploymentConfig {
  const stage = String(getContext('stage') ?? 'dev');
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(`Context "stage" must match ${STAGE_PATTERN} (lowercase, starts with a letter); got "${stage}"`);
  }
  const production = stage === 'prod';

  const origins = parseList(getContext('allowedOrigins'));
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s*]+$/.test(origin)) {
      throw new Error(`Context "allowedOrigins": "${origin}" is not an origin (scheme://host[:port], no path, no wildcard)`);
    }
    if (production && !origin.startsWith('https://')) {
      throw new Error(`Context "allowedOrigins": production origins must use https; got "${origin}"`);
    }
  }

  const alarmEmail = getContext('alarmEmail');
  const logLevel = String(getContext('logLevel') ?? 'INFO').toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`Context "logLevel" must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`);
  }

  const retention = getContext('auditRetentionDays') ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const auditRetentionDays = Number(retention);
  if (!Number.isInteger(auditRetentionDays) || auditRetentionDays < 1) {
    throw new Error(`Context "auditRetentionDays" must be a whole number of days; got "${String(retention)}"`);
  }
  const rateLimits = {
    tenantPerMinute: positiveInteger(getContext, 'rateLimitTenantPerMinute', DEFAULT_RATE_LIMITS.tenantPerMinute),
    userPerMinute: positiveInteger(getContext, 'rateLimitUserPerMinute', DEFAULT_RATE_LIMITS.userPerMinute),
  };

  return {
    stage,
    production,
    allowedOrigins: origins.length > 0 || production ? origins : DEFAULT_DEV_ORIGINS,
    alarmEmail: typeof alarmEmail === 'string' && alarmEmail.length > 0 ? alarmEmail : undefined,
    logLevel: logLevel as DeploymentConfig['logLevel'],
    auditRetentionDays,
    rateLimits,
  };
}

function positiveInteger(getContext: (key: string) => unknown, key: string, fallback: number): number {
  const raw = getContext(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`Context "${key}" must be a positive integer; got "${String(raw)}"`);
  return value;
}

function parseList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  const text = String(value).trim();
  if (text.startsWith('[')) return parseList(JSON.parse(text) as unknown);
  return text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}
