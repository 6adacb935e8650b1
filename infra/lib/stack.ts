import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../functions/src/core/config';
import { ROLES } from '../../functions/src/core/roles';
import { TABLE_LIST } from '../../functions/src/data/tables';
import { Api, type ApiThrottle } from './api';
import { Auth } from './auth';
import { TableBackup } from './backup';
import { Data } from './data';
import { Files } from './files';
import { Functions, type FunctionsProps } from './functions';
import { BudgetImports } from './imports';
import { Monitoring } from './monitoring';
import { ServerSecret } from './server-secret';

export interface RendaPlatformStackProps extends StackProps {
  /** Stage name (`dev`, `prod`, ...); `prod` enables deletion protection and retention. */
  readonly stage: string;
  /** Browser origins of the SPAs (API CORS and the files bucket's CORS). */
  readonly allowedOrigins: readonly string[];
  /** Optional address subscribed to the alarm topic. */
  readonly alarmEmail?: string;
  /**
   * Powertools log level of the functions.
   * @default 'INFO'
   */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Stage throttling of the HTTP API.
   * @default 50 requests/s, burst 100
   */
  readonly apiThrottle?: ApiThrottle;
  /**
   * Days an audit record is kept before DynamoDB's TTL deletes it.
   * @default 1095 (three years)
   */
  readonly auditRetentionDays?: number;
  /**
   * Requests per minute per congress and per user, checked by the GraphQL function in DynamoDB.
   * @default 3000 and 300 (functions/src/core/config.ts)
   */
  readonly rateLimits?: FunctionsProps['rateLimits'];
}

/**
 * The whole platform in one environment-agnostic stack: data, files, auth, the GraphQL and file-ingest
 * functions, the HTTP API in front of the first, and alarms.
 */
export class RendaPlatformStack extends Stack {
  readonly data: Data;
  readonly files: Files;
  readonly auth: Auth;
  readonly serverSecret: ServerSecret;
  readonly functions: Functions;
  readonly imports: BudgetImports;
  readonly api: Api;
  readonly monitoring: Monitoring;
  /** AWS Backup of the tables; prod only (other stages rely on point-in-time recovery). */
  readonly backup: TableBackup | undefined;

  constructor(scope: Construct, id: string, props: RendaPlatformStackProps) {
    super(scope, id, props);
    const production = props.stage === 'prod';

    this.data = new Data(this, 'Data', { tables: TABLE_LIST, production });
    this.backup = production ? new TableBackup(this, 'Backup', { tables: this.data.entries.map((e) => e.table) }) : undefined;
    this.files = new Files(this, 'Files', { allowedOrigins: props.allowedOrigins, production });
    this.auth = new Auth(this, 'Auth', { roles: ROLES, production });
    this.serverSecret = new ServerSecret(this, 'ServerSecret', { production });
    this.functions = new Functions(this, 'Functions', {
      tables: this.data.entries,
      filesBucket: this.files.bucket,
      importsBucket: this.files.importsBucket,
      serverSecret: this.serverSecret.secret,
      logLevel: props.logLevel ?? 'INFO',
      production,
      auditRetentionDays: props.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
      rateLimits: props.rateLimits,
    });
    const budgetTable = this.data.entries.find((e) => e.definition.id === 'budget');
    if (!budgetTable) throw new Error('The stack needs the budget table definition');
    this.imports = new BudgetImports(this, 'Imports', {
      budgetTable,
      importsBucket: this.files.importsBucket,
      serverSecret: this.serverSecret.secret,
      logLevel: props.logLevel ?? 'INFO',
      production,
    });
    this.api = new Api(this, 'Api', {
      graphqlFunction: this.functions.graphql,
      jwtIssuer: this.auth.issuerUrl,
      jwtAudience: [this.auth.clientId],
      allowedOrigins: props.allowedOrigins,
      production,
      throttle: props.apiThrottle,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      graphqlFunction: this.functions.graphql,
      fileIngestFunction: this.functions.fileIngest,
      fileIngestDeadLetterQueue: this.functions.fileIngestDeadLetterQueue,
      importFunction: this.imports.fn,
      importDeadLetterQueue: this.imports.deadLetterQueue,
      importContinuationQueue: this.imports.continuationQueue,
      httpApi: this.api.httpApi,
      tables: this.data.entries.map(({ definition, table }) => ({ name: definition.id, table })),
      alarmEmail: props.alarmEmail,
    });

    new CfnOutput(this, 'GraphqlUrl', { value: this.api.graphqlUrl, description: 'POST/GET GraphQL endpoint' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.clientId, description: 'SPA app client (no secret)' });
    new CfnOutput(this, 'JwtIssuer', { value: this.auth.issuerUrl });
    new CfnOutput(this, 'FilesBucketName', { value: this.files.bucket.bucketName });
    new CfnOutput(this, 'ImportsBucketName', { value: this.files.importsBucket.bucketName, description: 'Budget import files and error reports' });
    new CfnOutput(this, 'ImportDeadLetterQueueUrl', {
      value: this.imports.deadLetterQueue.queueUrl,
      description: 'Budget import events and continuations that failed after their retries (redrive: docs/DEPLOY.md)',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
    new CfnOutput(this, 'FileIngestFunctionName', {
      value: this.functions.fileIngest.functionName,
      description: 'Checks uploaded attachments (invoked by S3; invoke it with a DLQ message body to redrive)',
    });
    new CfnOutput(this, 'FileIngestDeadLetterQueueUrl', {
      value: this.functions.fileIngestDeadLetterQueue.queueUrl,
      description: 'S3 events the file-ingest function failed on after its retries (redrive: docs/DEPLOY.md)',
    });
    for (const { definition, table } of this.data.entries) {
      new CfnOutput(this, `${definition.id.charAt(0).toUpperCase()}${definition.id.slice(1)}TableName`, {
        value: table.tableName,
        description: `${definition.envVar}: ${definition.description}`,
      });
    }
  }
}
