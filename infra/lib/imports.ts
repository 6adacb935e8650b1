import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EventType, type Bucket, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { IMPORT_PREFIX } from '../../functions/src/budget/keys';
import type { TableDefinition } from '../../functions/src/data/tables';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { acknowledgeRuntime, commonFunctionProps, grantServerSecret } from './functions';

/**
 * What the import function does on the budget table: key reads (the job, existing lines), Queries of
 * the year's lines and of `paymentsByUnit` when landing, BatchWriteItem of lines, payments,
 * aggregates and row errors, UpdateItem of jobs and lines. No Scan, no transaction, no delete.
 */
export const IMPORT_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
] as const;

/** The indexes the import function queries (landing sums payments per unit). */
export const IMPORT_INDEXES = ['paymentsByUnit'] as const;

/** An import that fails this often (Lambda retries of the S3 event, SQS receives) goes to the DLQ. */
export const IMPORT_RETRY_ATTEMPTS = 2;
export const CONTINUATION_MAX_RECEIVES = 3;
/** One invocation's time; a longer file hands over to the next through the continuation queue. */
export const IMPORT_TIMEOUT = Duration.minutes(15);

export interface BudgetImportsProps {
  readonly budgetTable: { readonly definition: TableDefinition; readonly table: Table };
  /** The imports bucket: uploads under `imports/`, error reports under `reports/`. */
  readonly importsBucket: Bucket;
  /** The server secret: the import checks the upload identity the API signed into the form. */
  readonly serverSecret: ISecret;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly production: boolean;
}

/**
 * Budget imports: the import function, invoked by the imports bucket for objects created under
 * `imports/` (and nothing else) and by its continuation queue; the queue carries a job to the next
 * invocation when one is not enough; a dead-letter queue keeps what failed after its retries.
 */
export class BudgetImports extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly continuationQueue: Queue;
  /** S3 events that failed after Lambda's retries and continuations received too often. */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: BudgetImportsProps) {
    super(scope, id);
    const { table, definition } = props.budgetTable;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Budget import function: its log group, its queues, import files and reports, the budget table',
    });
    this.logGroup.grantWrite(this.role);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.continuationQueue = new Queue(this, 'Continuations', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for a Lambda event source: at least six times the function's timeout.
      visibilityTimeout: Duration.minutes(IMPORT_TIMEOUT.toMinutes() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: CONTINUATION_MAX_RECEIVES },
    });

    this.fn = new NodejsFunction(this, 'Function', {
      ...commonFunctionProps('imports'),
      // Parsing and GB18030 decoding are CPU-bound; memory buys CPU. Peak RSS is measured in docs/BENCHMARKS.md.
      memorySize: 1024,
      timeout: IMPORT_TIMEOUT,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        [definition.envVar]: table.tableName,
        IMPORTS_BUCKET: props.importsBucket.bucketName,
        IMPORT_CONTINUATION_QUEUE_URL: this.continuationQueue.queueUrl,
        APP_SECRET_ARN: props.serverSecret.secretArn,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        POWERTOOLS_SERVICE_NAME: 'budget-import',
        NODE_OPTIONS: '--enable-source-maps',
      },
      retryAttempts: IMPORT_RETRY_ATTEMPTS,
      maxEventAge: Duration.hours(6),
      deadLetterQueue: this.deadLetterQueue,
      description: 'Imports budget CSVs uploaded under imports/ (S3 ObjectCreated) and continues long imports (SQS)',
    });
    acknowledgeRuntime(this.fn);

    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...IMPORT_TABLE_ACTIONS],
        resources: [table.tableArn, ...IMPORT_INDEXES.map((name) => `${table.tableArn}/index/${name}`)],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject'], resources: [props.importsBucket.arnForObjects(`${IMPORT_PREFIX}*`)] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:PutObject'], resources: [props.importsBucket.arnForObjects('reports/*')] }),
    );
    this.continuationQueue.grantSendMessages(this.role);
    grantServerSecret(this.role, props.serverSecret);

    props.importsBucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.fn), {
      prefix: IMPORT_PREFIX,
      suffix: '.csv',
    });
    this.fn.addEventSource(new SqsEventSource(this.continuationQueue, { batchSize: 1 }));

    const bucketId = Stack.of(this).getLogicalId(props.importsBucket.node.defaultChild as CfnBucket);
    Validations.of(this.role).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${IMPORT_PREFIX}*]`,
        reason:
          'Import files are imports/<tenantId>/budget/<year>/<jobId>.csv, one per job, so the ARN needs a wildcard; ' +
          'it names the import prefix only, and only s3:GetObject (HeadObject included) is granted.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/reports/*]`,
        reason: 'Error reports are reports/<tenantId>/budget/<jobId>.csv, one per job; only s3:PutObject is granted there.',
      },
    );
  }
}
