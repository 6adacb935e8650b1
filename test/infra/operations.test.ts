import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { TABLE_LIST } from '../../functions/src/data/tables';
import { BACKUP_RETENTION } from '../../infra/lib/backup';
import { buildStack } from './app';

/** Deployability: prod as the README deploys it (no origins given), backups, and the dashboard. */
const prod = buildStack('prod', { allowedOrigins: [] });
const prodTemplate = Template.fromStack(prod.stack);
const devTemplate = Template.fromStack(buildStack('dev').stack);

/** The dashboard's body as one string (CloudFormation joins it from literals and references). */
function dashboardBody(template: Template): string {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  return JSON.stringify(dashboards[0]!.Properties.DashboardBody);
}

describe('prod without allowedOrigins (the README command)', () => {
  test('no CORS on the API or the bucket: no browser page may call them', () => {
    const apis = Object.values(prodTemplate.findResources('AWS::ApiGatewayV2::Api'));
    expect(apis).toHaveLength(1);
    expect(apis[0]!.Properties.CorsConfiguration).toBeUndefined();
    for (const bucket of Object.values(prodTemplate.findResources('AWS::S3::Bucket'))) {
      expect(bucket.Properties.CorsConfiguration).toBeUndefined();
    }
  });
});

describe('AWS Backup of the tables', () => {
  test('prod: a retained vault and a plan with daily (35 days) and monthly (a year) backups', () => {
    prodTemplate.resourceCountIs('AWS::Backup::BackupVault', 1);
    prodTemplate.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    prodTemplate.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Daily', ScheduleExpression: 'cron(0 18 * * ? *)', Lifecycle: { DeleteAfterDays: BACKUP_RETENTION.dailyDays } }),
          Match.objectLike({ RuleName: 'Monthly', ScheduleExpression: 'cron(30 18 1 * ? *)', Lifecycle: { DeleteAfterDays: BACKUP_RETENTION.monthlyDays } }),
        ],
      },
    });
    expect(BACKUP_RETENTION.dailyDays).toBeGreaterThanOrEqual(35); // at least what point-in-time recovery covers
  });

  test('prod: the selection names every table', () => {
    const selections = Object.values(prodTemplate.findResources('AWS::Backup::BackupSelection'));
    expect(selections).toHaveLength(1);
    const resources = selections[0]!.Properties.BackupSelection.Resources as unknown[];
    const tableIds = TABLE_LIST.map((def) => prod.stack.getLogicalId(prod.stack.data.tables.get(def.id)!.node.defaultChild as never));
    expect(resources).toHaveLength(TABLE_LIST.length);
    expect(JSON.stringify(resources)).toEqual(expect.stringContaining(tableIds[0]!));
    for (const id of tableIds) expect(JSON.stringify(resources)).toContain(id);
  });

  test('dev: no backup resources (point-in-time recovery only)', () => {
    expect(Object.keys(devTemplate.toJSON().Resources).filter((id) => devTemplate.toJSON().Resources[id].Type.startsWith('AWS::Backup::'))).toEqual([]);
  });
});

describe('the dashboard', () => {
  test('one per stack, named after it', () => {
    prodTemplate.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'RendaPlatformStack' });
    devTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test('requests, errors by code, p50/p95 latency, throttles and the DLQ', () => {
    const body = dashboardBody(prodTemplate);
    for (const title of ['Requests', 'GraphQL errors by code', 'Latency (ms)', 'Throttles', 'File ingest', 'Dead-letter queues (messages)']) {
      expect(body).toContain(`\\"title\\":\\"${title}\\"`);
    }
    expect(body).toContain(`SEARCH('{RendaPlatform/GraphQL,code} MetricName=\\\\\\"ErrorCount\\\\\\"', 'Sum', 300)`);
    for (const metric of ['\\"Count\\"', '\\"4xx\\"', '\\"5xx\\"', '\\"Latency\\"', '\\"Duration\\"', '\\"Throttles\\"', 'ReadThrottleEvents', 'WriteThrottleEvents', 'ApproximateNumberOfMessagesVisible']) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('\\"stat\\":\\"p50\\"');
    expect(body).toContain('\\"stat\\":\\"p95\\"');
    expect(body).not.toContain('Budget imports');
  });

  test('addImportWidgets adds a row for an import function and its queues', () => {
    const { stack } = buildStack('dev');
    const importFunction = new LambdaFunction(stack, 'TestImport', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => {}') });
    const queue = new Queue(stack, 'TestImportQueue', { enforceSSL: true });
    const deadLetterQueue = new Queue(stack, 'TestImportDlq', { enforceSSL: true });
    stack.monitoring.addImportWidgets({ title: 'Budget imports', importFunction, queue, deadLetterQueue });
    const body = dashboardBody(Template.fromStack(stack));
    expect(body).toContain('## Budget imports');
    for (const title of ['Budget imports: runs and errors', 'Budget imports: duration', 'Budget imports: queue']) expect(body).toContain(title);
    for (const id of ['TestImport', 'TestImportQueue', 'TestImportDlq']) expect(body).toContain(stack.getLogicalId(stack.node.findChild(id).node.defaultChild as never));
    expect(body).toContain('ApproximateAgeOfOldestMessage');
  });
});
