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
   * `cognito`: the API Gateway JWT authorizer has verified the token; claims come from the event.
   * `local`: the handler verifies the bearer token itself with the local signing secret.
   */
  readonly authMode: AuthMode;
  readonly localJwtSecret: string | undefined;
  /** How long audit records are kept (`AUDIT_RETENTION_DAYS`, default 3 years); DynamoDB's TTL deletes them after. */
  readonly auditRetentionDays: number;
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 3 * 365;

function retentionDays(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_AUDIT_RETENTION_DAYS;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new Error(`AUDIT_RETENTION_DAYS must be a whole number of days; got "${value}"`);
  return days;
}

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const authMode = process.env.AUTH_MODE === 'local' ? 'local' : 'cognito';
    const localJwtSecret = process.env.LOCAL_JWT_SECRET;
    if (authMode === 'local' && (!localJwtSecret || localJwtSecret.length < 32)) {
      throw new Error('AUTH_MODE=local needs LOCAL_JWT_SECRET of at least 32 characters');
    }
    cached = {
      region: process.env.AWS_REGION ?? 'cn-north-1',
      dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
      s3Endpoint: process.env.S3_ENDPOINT || undefined,
      filesBucket: process.env.FILES_BUCKET ?? 'renda-files',
      authMode,
      localJwtSecret,
      auditRetentionDays: retentionDays(process.env.AUDIT_RETENTION_DAYS),
    };
  }
  return cached;
}

/** Tests and the local host change the environment; this drops the cached view of it. */
export function resetConfigForTests(): void {
  cached = undefined;
}
