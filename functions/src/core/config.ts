/** Runtime configuration, read from the environment once per container. */
export type AuthMode = 'cognito' | 'local';

export interface Config {
  readonly region: string;
  /** Set only for DynamoDB Local. */
  readonly dynamodbEndpoint: string | undefined;
  /** Set only for the S3 emulator. */
  readonly s3Endpoint: string | undefined;
  readonly filesBucket: string;
  /**
   * Where budget import CSVs are uploaded (`imports/<tenantId>/...`) and their error reports
   * written (`reports/<tenantId>/...`). Its own bucket in AWS, so its object-created notification
   * can be limited to the import prefix; locally the files bucket doubles as it.
   */
  readonly importsBucket: string;
  /** The SQS queue an import sends its continuation to when one invocation is not enough. */
  readonly importContinuationQueueUrl: string | undefined;
  /**
   * `cognito`: the API Gateway JWT authorizer has verified the token; claims come from the event.
   * `local`: the handler verifies the bearer token itself with the local signing secret.
   */
  readonly authMode: AuthMode;
  readonly localJwtSecret: string | undefined;
  /**
   * The server secret that cursor and upload keys are derived from: in AWS the ARN of a Secrets
   * Manager secret the stack generates (read once per container, data/server-keys.ts); locally
   * `APP_SECRET`, or else the local signing secret.
   */
  readonly appSecretArn: string | undefined;
  readonly appSecret: string | undefined;
  /**
   * Requests per minute a whole tenant and one user may make: the stage's defaults
   * (RATE_LIMIT_TENANT_PER_MINUTE, RATE_LIMIT_USER_PER_MINUTE, set by CDK per stage); a tenant's
   * record may override them (data/rate-limit.ts).
   */
  readonly rateLimits: { readonly tenantPerMinute: number; readonly userPerMinute: number };
  /**
   * The most requests one rate-limit write may take ahead for a busy user's container
   * (`RATE_LIMIT_RESERVATION`, default 16; 1 makes every request its own write). See data/rate-limit.ts.
   */
  readonly rateLimitReservation: number;
  /** How long audit records are kept (`AUDIT_RETENTION_DAYS`, default 3 years); DynamoDB's TTL deletes them after. */
  readonly auditRetentionDays: number;
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 3 * 365;


export const DEFAULT_RATE_LIMITS = { tenantPerMinute: 3000, userPerMinute: 300 } as const;
export const DEFAULT_RATE_LIMIT_RESERVATION = 16;

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer; got "${raw}"`);
  return value;
}

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const authMode = process.env.AUTH_MODE === 'local' ? 'local' : 'cognito';
    const localJwtSecret = process.env.LOCAL_JWT_SECRET;
    if (authMode === 'local' && (!localJwtSecret || localJwtSecret.length < 32)) {
      throw new Error('AUTH_MODE=local needs LOCAL_JWT_SECRET of at least 32 characters');
    }
    if (process.env.APP_SECRET && process.env.APP_SECRET.length < 32) throw new Error('APP_SECRET must be at least 32 characters');
    cached = {
      region: process.env.AWS_REGION ?? 'cn-north-1',
      dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
      s3Endpoint: process.env.S3_ENDPOINT || undefined,
      filesBucket: process.env.FILES_BUCKET ?? 'renda-files',
      importsBucket: process.env.IMPORTS_BUCKET || process.env.FILES_BUCKET || 'renda-files',
      importContinuationQueueUrl: process.env.IMPORT_CONTINUATION_QUEUE_URL || undefined,
      authMode,
      localJwtSecret,
      appSecretArn: process.env.APP_SECRET_ARN || undefined,
      appSecret: process.env.APP_SECRET || (authMode === 'local' ? localJwtSecret : undefined),
      rateLimits: {
        tenantPerMinute: positiveInteger('RATE_LIMIT_TENANT_PER_MINUTE', DEFAULT_RATE_LIMITS.tenantPerMinute),
        userPerMinute: positiveInteger('RATE_LIMIT_USER_PER_MINUTE', DEFAULT_RATE_LIMITS.userPerMinute),
      },
      rateLimitReservation: positiveInteger('RATE_LIMIT_RESERVATION', DEFAULT_RATE_LIMIT_RESERVATION),
      auditRetentionDays: positiveInteger('AUDIT_RETENTION_DAYS', DEFAULT_AUDIT_RETENTION_DAYS),
    };
  }
  return cached;
}

/** Tests and the local host change the environment; this drops the cached view of it. */
export function resetConfigForTests(): void {
  cached = undefined;
}
