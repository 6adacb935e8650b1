import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { EventType, type Bucket, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_RATE_LIMITS } from '../../functions/src/core/config';
import type { TableDefinition } from '../../functions/src/data/tables';
import { LAMBDA_BUNDLE, lambdaEntry, nodejsBundlingOptions } from './bundling';

/** The repository root (this file is infra/lib/functions.ts). */
const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The only DynamoDB actions the functions use: key reads, queries and writes (transactions are
 * authorised per item action). No Scan: no request path scans (docs/DESIGN), so none is granted.
 */
export const TABLE_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/** Presigned POST (put), presigned GET and deletes: the object actions the API signs or calls. */
export const FILES_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging', 's3:DeleteObject'] as const;

/**
 * The file-ingest function's DynamoDB actions, on the feedback and budget tables only (no index, no
 * Scan): a consistent GetItem of the upload's item (a feedback attachment, an inquiry answer's file),
 * then one TransactWriteItems of Update items (the upload and its owner's counter). A transaction is authorised per item action, so UpdateItem covers it;
 * ConditionCheckItem would only be needed for `ConditionCheck` items, which the handler does not use
 * (its conditions are on the Updates).
 */
export const FILE_INGEST_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:UpdateItem'] as const;

/**
 * HeadObject is authorised by s3:GetObject; rejected objects are deleted (a delete marker: versioned).
 * The `…Version` actions act on the exact version an S3 event names: it is read, and a foreign object
 * (not uploaded with its key's POST) is deleted as that version, which uncovers the one before it.
 */
export const FILE_INGEST_OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject', 's3:DeleteObjectVersion'] as const;

/** The one action on the server secret: reading its value, once per container. */
export const SERVER_SECRET_ACTIONS = ['secretsmanager:GetSecretValue'] as const;

/** Attachment objects: `<tenantId>/feedback/<feedbackId>/<attachmentId>` (functions/src/feedback/keys.ts). */
export const ATTACHMENT_OBJECTS = '*/feedback/*';
/** Inquiry answer files: `<tenantId>/inquiries/<inquiryId>/<fileId>` (functions/src/budget/inquiries/keys.ts). */
export const INQUIRY_FILE_OBJECTS = '*/inquiries/*';
/** Rectification files of audit findings: `<tenantId>/audit-findings/<reportId>/<number>/<fileId>` (functions/src/budget/findings/files.ts). */
export const RECTIFICATION_FILE_OBJECTS = '*/audit-findings/*';

/** Lambda's retries of a failed asynchronous (S3) invocation before the event goes to the DLQ. */
export const FILE_INGEST_RETRY_ATTEMPTS = 2;

export interface FunctionsProps {
  /** Every table with its definition (for the env var name and the index names). */
  readonly tables: readonly { readonly definition: TableDefinition; readonly table: Table }[];
  /**
   * The files bucket: the GraphQL function presigns uploads/downloads, writes exports and deletes
   * objects; every object created in it invokes the file-ingest function.
   */
  readonly filesBucket: Bucket;
  /**
   * The budget imports bucket: the GraphQL function presigns uploads under `imports/` and
   * download links of error reports under `reports/`.
   */
  readonly importsBucket: Bucket;
  /** The server secret both functions derive their cursor and upload keys from (`APP_SECRET_ARN`). */
  readonly serverSecret: ISecret;
  /** Powertools log level. */
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Production keeps logs longer and retains the log group when the stack is deleted. */
  readonly production: boolean;
  /** Days an audit record is kept (the `expiresAt` the GraphQL function sets on it). */
  readonly auditRetentionDays: number;
  /**
   * The stage's request limits per congress and per user and minute (RATE_LIMIT_* of the GraphQL
   * function; a tenant record's `rateLimits` overrides them).
   * @default DEFAULT_RATE_LIMITS (3000 and 300)
   */
  readonly rateLimits?: { readonly tenantPerMinute: number; readonly userPerMinute: number };
}

/**
 * The Lambda functions, each with its own log group and role:
 *
 * - `graphql`: Apollo Server behind the HTTP API.
 * - `fileIngest`: invoked by S3 for every object created in the files bucket; checks an uploaded
 *   attachment (size, magic bytes, SHA-256) and marks it AVAILABLE or REJECTED. Failed invocations
 *   are retried twice by Lambda, then the event goes to `fileIngestDeadLetterQueue`.
 *
 * The roles are built here rather than by CDK so that each holds exactly what its function uses. No
 * AWS managed policy, no index or action wildcards.
 */
export class Functions extends Construct {
  readonly graphql: NodejsFunction;
  readonly graphqlLogGroup: LogGroup;
  readonly graphqlRole: Role;
  readonly fileIngest: NodejsFunction;
  readonly fileIngestLogGroup: LogGroup;
  readonly fileIngestRole: Role;
  /** Events the file-ingest function still failed on after its retries (the S3 event as the body). */
  readonly fileIngestDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);

    this.graphqlLogGroup = this.logGroup('GraphqlLogs', props.production);

    this.graphqlRole = new Role(this, 'GraphqlRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'GraphQL API function: its log group, X-Ray, the platform tables, the files bucket and the server secret',
    });
    this.graphqlLogGroup.grantWrite(this.graphqlRole);

    const rateLimits = props.rateLimits ?? DEFAULT_RATE_LIMITS;
    const environment: Record<string, string> = {
      AUTH_MODE: 'cognito',
      RATE_LIMIT_TENANT_PER_MINUTE: String(rateLimits.tenantPerMinute),
      RATE_LIMIT_USER_PER_MINUTE: String(rateLimits.userPerMinute),
      FILES_BUCKET: props.filesBucket.bucketName,
      IMPORTS_BUCKET: props.importsBucket.bucketName,
      APP_SECRET_ARN: props.serverSecret.secretArn,
      POWERTOOLS_LOG_LEVEL: props.logLevel,
      POWERTOOLS_SERVICE_NAME: 'graphql',
      AUDIT_RETENTION_DAYS: String(props.auditRetentionDays),
      // The bundle ships a source map; this makes stack traces in the logs point at the TypeScript.
      NODE_OPTIONS: '--enable-source-maps',
      // The bundle has it defined at build time; this covers any dependency reading it at run time.
      NODE_ENV: 'production',
    };
    for (const { definition, table } of props.tables) environment[definition.envVar] = table.tableName;

    this.graphql = new NodejsFunction(this, 'Graphql', {
      ...commonFunctionProps('graphql'),
      memorySize: 1024,
      timeout: Duration.seconds(15),
      role: this.graphqlRole,
      logGroup: this.graphqlLogGroup,
      tracing: Tracing.ACTIVE,
      environment,
      description: 'GraphQL API (Apollo Server) behind the HTTP API',
    });
    acknowledgeRuntime(this.graphql);

    this.grantTables(props.tables);
    this.grantFiles(props.filesBucket);
    this.grantImports(props.importsBucket);
    grantServerSecret(this.graphqlRole, props.serverSecret);

    Validations.of(this.graphqlRole).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level ' +
          'permissions, so AWS requires Resource "*" for them; the statement grants nothing else (a test in ' +
          'test/infra/stack.test.ts fails if any other action is granted on "*").',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.filesBucket.node.defaultChild as CfnBucket)}.Arn>/*]`,
        reason:
          'Object keys are chosen per upload (<tenantId>/<id>), so the object ARN must be the bucket\'s "/*". ' +
          'Only GetObject, PutObject (with its tagging) and DeleteObject are granted, no bucket-level or listing action.',
      },
    );

    const ingest = this.createFileIngest(props);
    this.fileIngest = ingest.fn;
    this.fileIngestLogGroup = ingest.logGroup;
    this.fileIngestRole = ingest.role;
    this.fileIngestDeadLetterQueue = ingest.deadLetterQueue;
  }

  /**
   * The file-ingest function, its DLQ and the bucket notification that invokes it.
   *
   * S3 notification filters match a key prefix or suffix only, and attachment keys begin with the
   * tenant id (`<tenantId>/feedback/...`), so no filter can select attachments without also listing
   * every tenant. The notification therefore covers every created object; the handler ignores keys
   * that are not attachment keys (CSV exports under `<tenantId>/exports/...`) before any read, and the
   * role can read and delete attachment objects only.
   */
  private createFileIngest(props: FunctionsProps): {
    fn: NodejsFunction;
    logGroup: LogGroup;
    role: Role;
    deadLetterQueue: Queue;
  } {
    const feedback = props.tables.find((t) => t.definition.id === 'feedback');
    const budget = props.tables.find((t) => t.definition.id === 'budget');
    if (!feedback || !budget) throw new Error('Functions: the file-ingest function needs the feedback and budget tables');

    const logGroup = this.logGroup('FileIngestLogs', props.production);
    const role = new Role(this, 'FileIngestRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'File-ingest function: its log group, its DLQ, attachment and answer-file items and objects, and the server secret',
    });
    logGroup.grantWrite(role);

    const deadLetterQueue = new Queue(this, 'FileIngestDeadLetters', {
      // SSE-SQS: Lambda (the function's role) can send without any KMS permission.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const fn = new NodejsFunction(this, 'FileIngest', {
      ...commonFunctionProps('files'),
      // Streams the object once (up to 50 MB) through SHA-256; memory also buys CPU for the hash.
      memorySize: 512,
      timeout: Duration.seconds(60),
      role,
      logGroup,
      environment: {
        [feedback.definition.envVar]: feedback.table.tableName,
        [budget.definition.envVar]: budget.table.tableName,
        FILES_BUCKET: props.filesBucket.bucketName,
        APP_SECRET_ARN: props.serverSecret.secretArn,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        POWERTOOLS_SERVICE_NAME: 'file-ingest',
        NODE_OPTIONS: '--enable-source-maps',
        NODE_ENV: 'production',
      },
      // S3 invokes asynchronously: Lambda retries a failed event twice, then sends it to the DLQ. The
      // handler is idempotent, so a retry or a redrive from the DLQ changes nothing already settled.
      // No reserved concurrency: uploads are already paced by the throttled API that issues them, a
      // throttled S3 event is retried by Lambda for up to maxEventAge (then DLQ), and reserving
      // capacity fails the deployment in accounts whose concurrency quota is still the low default.
      retryAttempts: FILE_INGEST_RETRY_ATTEMPTS,
      maxEventAge: Duration.hours(6),
      deadLetterQueue,
      description: 'Checks objects uploaded to the files bucket (S3 ObjectCreated) and settles their attachments',
    });
    acknowledgeRuntime(fn);

    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...FILE_INGEST_TABLE_ACTIONS],
        resources: [feedback.table.tableArn, budget.table.tableArn],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...FILE_INGEST_OBJECT_ACTIONS],
        resources: [
          props.filesBucket.arnForObjects(ATTACHMENT_OBJECTS),
          props.filesBucket.arnForObjects(INQUIRY_FILE_OBJECTS),
          props.filesBucket.arnForObjects(RECTIFICATION_FILE_OBJECTS),
        ],
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.filesBucket.node.defaultChild as CfnBucket)}.Arn>/${ATTACHMENT_OBJECTS}]`,
      reason:
        'Attachment keys are <tenantId>/feedback/<feedbackId>/<attachmentId>, one per upload, so the ARN needs ' +
        'wildcards; it names the feedback folder of every tenant and nothing else (no exports). Only GetObject ' +
        '(HeadObject included) and DeleteObject, and the same two on a named version, are granted; no bucket-level ' +
        'or listing action.',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.filesBucket.node.defaultChild as CfnBucket)}.Arn>/${INQUIRY_FILE_OBJECTS}]`,
      reason:
        'Inquiry answer files are <tenantId>/inquiries/<inquiryId>/<fileId>, one per upload, so the ARN needs ' +
        'wildcards; it names the inquiries folder of every tenant and nothing else. The same object actions as ' +
        'for feedback attachments.',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.filesBucket.node.defaultChild as CfnBucket)}.Arn>/${RECTIFICATION_FILE_OBJECTS}]`,
      reason:
        'Rectification files are <tenantId>/audit-findings/<reportId>/<number>/<fileId>, one per upload, so the ARN ' +
        'needs wildcards; it names the audit-findings folder of every tenant and nothing else. The same object ' +
        'actions as for feedback attachments.',
    });

    grantServerSecret(role, props.serverSecret);

    props.filesBucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn));

    return { fn, logGroup, role, deadLetterQueue };
  }

  private logGroup(id: string, production: boolean): LogGroup {
    return new LogGroup(this, id, {
      retention: production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }

  /** Data actions on every table and on each of its indexes by name (no `/index/*`). */
  private grantTables(tables: FunctionsProps['tables']): void {
    for (const { definition, table } of tables) {
      this.graphqlRole.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [...TABLE_DATA_ACTIONS],
          resources: [table.tableArn, ...definition.indexes.map((index) => `${table.tableArn}/index/${index.name}`)],
        }),
      );
    }
  }

  /** Presigned POSTs of import files (signed as PutObject) and presigned GETs of error reports. */
  private grantImports(bucket: Bucket): void {
    this.graphqlRole.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:PutObject'], resources: [bucket.arnForObjects('imports/*')] }),
    );
    this.graphqlRole.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject'], resources: [bucket.arnForObjects('reports/*')] }),
    );
    const bucketId = Stack.of(this).getLogicalId(bucket.node.defaultChild as CfnBucket);
    Validations.of(this.graphqlRole).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/imports/*]`,
        reason: 'The API presigns one upload per import job (imports/<tenantId>/budget/<year>/<jobId>.csv); only s3:PutObject, only there.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/reports/*]`,
        reason: 'The API presigns downloads of error reports (reports/<tenantId>/budget/<jobId>.csv); only s3:GetObject, only there.',
      },
    );
  }

  private grantFiles(bucket: Bucket): void {
    this.graphqlRole.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...FILES_OBJECT_ACTIONS],
        resources: [bucket.arnForObjects('*')],
      }),
    );
  }
}

/** What every function of this repository shares: its entry, Node.js 22 on arm64, one bundling spec. */
export function commonFunctionProps(entryName: string) {
  return {
    entry: path.join(REPO_ROOT, lambdaEntry(entryName).entry),
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    bundling: nodejsBundlingOptions(LAMBDA_BUNDLE),
  } as const;
}

/** GetSecretValue on the one secret (no DescribeSecret, no KMS: it is encrypted with the AWS managed key). */
export function grantServerSecret(role: Role, secret: ISecret): void {
  role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: [...SERVER_SECRET_ACTIONS], resources: [secret.secretArn] }));
}

export function acknowledgeRuntime(fn: NodejsFunction): void {
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'nodejs22.x is the chosen runtime: the bundle targets node22 (infra/lib/bundling.ts) and the tests run on ' +
      'Node 20; nodejs24.x is newer but not yet verified for this code or in the aws-cn regions. Raise the ' +
      'runtime and the esbuild target together.',
  });
}
