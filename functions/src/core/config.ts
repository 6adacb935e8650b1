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
      importsBucket: process.env.IMPORTS_BUCKET || process.env.FILES_BUCKET || 'renda-files',
      importContinuationQueueUrl: process.env.IMPORT_CONTINUATION_QUEUE_URL || undefined,
      authMode,
      localJwtSecret,
    };
  }
  return cached;
}

/** Tests and the local host change the environment; this drops the cached view of it. */
export function resetConfigForTests(): void {
  cached = undefined;
}
