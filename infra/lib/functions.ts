import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { TableDefinition } from '../../functions/src/data/tables';
import { LAMBDA_BUNDLE, nodejsBundlingOptions } from './bundling';

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
export const FILES_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] as const;

export interface FunctionsProps {
  /** Every table with its definition (for the env var name and the index names). */
  readonly tables: readonly { readonly definition: TableDefinition; readonly table: Table }[];
  /** The files bucket; the function presigns uploads/downloads and deletes objects. */
  readonly filesBucket: Bucket;
  /** Powertools log level. */
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Production keeps logs longer and retains the log group when the stack is deleted. */
  readonly production: boolean;
}

/**
 * The GraphQL Lambda function (Apollo Server behind the HTTP API), its log group and its role.
 *
 * The role is built here rather than by CDK so that it holds exactly: writes to its own log group,
 * X-Ray segments, the data actions on each table and its named indexes, and object actions on the
 * files bucket. No AWS managed policy, no index or action wildcards.
 */
export class Functions extends Construct {
  readonly graphql: NodejsFunction;
  readonly graphqlLogGroup: LogGroup;
  readonly graphqlRole: Role;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);

    this.graphqlLogGroup = new LogGroup(this, 'GraphqlLogs', {
      retention: props.production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.graphqlRole = new Role(this, 'GraphqlRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'GraphQL API function: its log group, X-Ray, the platform tables and the files bucket',
    });
    this.graphqlLogGroup.grantWrite(this.graphqlRole);

    const environment: Record<string, string> = {
      AUTH_MODE: 'cognito',
      FILES_BUCKET: props.filesBucket.bucketName,
      POWERTOOLS_LOG_LEVEL: props.logLevel,
      POWERTOOLS_SERVICE_NAME: 'graphql',
      // The bundle ships a source map; this makes stack traces in the logs point at the TypeScript.
      NODE_OPTIONS: '--enable-source-maps',
    };
    for (const { definition, table } of props.tables) environment[definition.envVar] = table.tableName;

    this.graphql = new NodejsFunction(this, 'Graphql', {
      entry: path.join(REPO_ROOT, 'functions/src/graphql/handler.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.seconds(15),
      role: this.graphqlRole,
      logGroup: this.graphqlLogGroup,
      tracing: Tracing.ACTIVE,
      environment,
      bundling: nodejsBundlingOptions(LAMBDA_BUNDLE),
      description: 'GraphQL API (Apollo Server) behind the HTTP API',
    });

    Validations.of(this.graphql).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the chosen runtime: the bundle targets node22 (infra/lib/bundling.ts) and the tests run on ' +
        'Node 20; nodejs24.x is newer but not yet verified for this code or in the aws-cn regions. Raise the ' +
        'runtime and the esbuild target together.',
    });

    this.grantTables(props.tables);
    this.grantFiles(props.filesBucket);

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
          'Only GetObject, PutObject and DeleteObject are granted, no bucket-level or listing action.',
      },
    );
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
