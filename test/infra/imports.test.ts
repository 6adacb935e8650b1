import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import { importObjectKey } from '../../functions/src/budget/keys';
import { TABLES } from '../../functions/src/data/tables';
import { CONTINUATION_MAX_RECEIVES, IMPORT_INDEXES, IMPORT_TABLE_ACTIONS } from '../../infra/lib/imports';
import { buildStack } from './app';

const { stack } = buildStack('dev');
const template = Template.fromStack(stack);
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, any> }>;
const id = (construct: { node: { defaultChild?: unknown } }) => Stack.of(stack).getLogicalId(construct.node.defaultChild as CfnElement);
const arn = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const fnId = id(stack.imports.fn);
const roleId = id(stack.imports.role);
const bucketId = id(stack.files.importsBucket);
const tableId = Stack.of(stack).getLogicalId(stack.data.tables.get('budget')!.node.defaultChild as CfnElement);
const queueId = id(stack.imports.continuationQueue);
const dlqId = id(stack.imports.deadLetterQueue);

function statements(): { Effect: string; Action: string | string[]; Resource: unknown }[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((r) => r.Properties!.PolicyDocument.Statement);
}
const actionsOn = (resource: unknown) =>
  statements()
    .filter((s) => JSON.stringify(asList(s.Resource)) === JSON.stringify(asList(resource)))
    .flatMap((s) => asList(s.Action))
    .sort();

test('the budget table is defined once, with PITR and its indexes, like the others', () => {
  expect(resources[tableId]?.Properties).toMatchObject({
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    BillingMode: 'PAY_PER_REQUEST',
  });
  const indexes = (resources[tableId]!.Properties!.GlobalSecondaryIndexes as { IndexName: string }[]).map((i) => i.IndexName);
  expect(indexes).toEqual(TABLES.budget.indexes.map((i) => i.name));
});

test('the import function: Node 22 on arm64, 15 minutes, its own role and log group, the budget table and queue in its environment', () => {
  expect(resources[fnId]?.Properties).toMatchObject({
    Runtime: 'nodejs22.x',
    Architectures: ['arm64'],
    Timeout: 900,
    MemorySize: 1024,
    Role: arn(roleId),
    LoggingConfig: { LogGroup: { Ref: id(stack.imports.logGroup) } },
  });
  expect(resources[fnId]!.Properties!.Environment.Variables).toMatchObject({
    BUDGET_TABLE: { Ref: tableId },
    IMPORTS_BUCKET: { Ref: bucketId },
    IMPORT_CONTINUATION_QUEUE_URL: { Ref: queueId },
  });
  expect(JSON.stringify(resources[fnId]!.Properties!.Environment.Variables)).not.toContain('FEEDBACK_TABLE');
});

test('least privilege: read the import prefix, write reports, write the budget table (no Scan, no other table), send continuations', () => {
  expect(actionsOn({ 'Fn::Join': ['', [arn(bucketId), '/imports/*']] })).toEqual(['s3:GetObject']);
  expect(actionsOn({ 'Fn::Join': ['', [arn(bucketId), '/reports/*']] })).toEqual(['s3:PutObject']);
  const tableResources = [arn(tableId), ...IMPORT_INDEXES.map((name) => ({ 'Fn::Join': ['', [arn(tableId), `/index/${name}`]] }))];
  expect(actionsOn(tableResources)).toEqual([...IMPORT_TABLE_ACTIONS].sort());
  expect(IMPORT_TABLE_ACTIONS).not.toContain('dynamodb:Scan');
  const all = statements();
  expect(all.flatMap((s) => asList(s.Action)).filter((a) => a.includes('*'))).toEqual([]);
  expect(all.filter((s) => JSON.stringify(s.Resource).includes('"*"'))).toEqual([]);
  const dynamoResources = all.filter((s) => JSON.stringify(s.Action).includes('dynamodb:')).flatMap((s) => asList(s.Resource));
  expect(dynamoResources).toEqual(tableResources);
  expect(actionsOn(arn(queueId))).toEqual(expect.arrayContaining(['sqs:SendMessage']));
  expect(actionsOn(arn(dlqId))).toEqual(['sqs:SendMessage']);
});

test('the imports bucket notifies the function for .csv objects under imports/ only', () => {
  const notifications = Object.values(resources).filter(
    (r) => r.Type === 'Custom::S3BucketNotifications' && JSON.stringify(r.Properties?.BucketName) === JSON.stringify({ Ref: bucketId }),
  );
  expect(notifications).toHaveLength(1);
  expect(notifications[0]!.Properties!.NotificationConfiguration).toEqual({
    LambdaFunctionConfigurations: [
      {
        Events: ['s3:ObjectCreated:*'],
        LambdaFunctionArn: arn(fnId),
        Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.csv' }, { Name: 'prefix', Value: 'imports/' }] } },
      },
    ],
  });
  expect(importObjectKey('lishi', 2026, '01JAAAAAAAAAAAAAAAAAAAAAAA')).toMatch(/^imports\/lishi\/.*\.csv$/);
});

test('the imports bucket: private, TLS only, encrypted, logged, uploads and reports expire', () => {
  expect(resources[bucketId]?.Properties).toMatchObject({
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    LoggingConfiguration: { DestinationBucketName: { Ref: id(stack.files.accessLogsBucket) }, LogFilePrefix: 'imports/' },
  });
  const rules = resources[bucketId]!.Properties!.LifecycleConfiguration.Rules as { Id: string; Prefix?: string; ExpirationInDays?: number }[];
  expect(rules).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ Id: 'expire-import-files', Prefix: 'imports/', ExpirationInDays: 90 }),
      expect.objectContaining({ Id: 'expire-error-reports', Prefix: 'reports/', ExpirationInDays: 7 }),
    ]),
  );
});

test('continuations: an SQS event source of one message, a dead-letter queue after 3 receives, failed S3 events to the same DLQ', () => {
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: fnId }, EventSourceArn: arn(queueId), BatchSize: 1 });
  expect(resources[queueId]?.Properties).toMatchObject({
    SqsManagedSseEnabled: true,
    VisibilityTimeout: 5400,
    RedrivePolicy: { deadLetterTargetArn: arn(dlqId), maxReceiveCount: CONTINUATION_MAX_RECEIVES },
  });
  expect(resources[fnId]!.Properties!.DeadLetterConfig).toEqual({ TargetArn: arn(dlqId) });
  template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: fnId }, MaximumRetryAttempts: 2 });
});

test('alarms: import errors, any dead letter, continuations waiting', () => {
  const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
  const on = (text: string) => alarms.filter((a) => JSON.stringify(a.Properties).includes(text));
  expect(on(fnId).map((a) => a.Properties!.MetricName)).toEqual(['Errors']);
  expect(on(dlqId).map((a) => a.Properties!.MetricName)).toEqual(['ApproximateNumberOfMessagesVisible']);
  expect(on(queueId).map((a) => a.Properties!.MetricName)).toEqual(['ApproximateAgeOfOldestMessage']);
});
