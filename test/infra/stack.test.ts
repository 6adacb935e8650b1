import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import { ROLES } from '../../functions/src/core/roles';
import { TABLE_LIST } from '../../functions/src/data/tables';
import { attachmentObjectKey, parseAttachmentObjectKey } from '../../functions/src/feedback/keys';
import { inquiryFileObjectKey, parseInquiryFileObjectKey } from '../../functions/src/budget/inquiries/keys';
import { rectificationFileUploads, rectificationObjectKey } from '../../functions/src/budget/findings/files';
import {
  ATTACHMENT_OBJECTS,
  INQUIRY_FILE_OBJECTS,
  RECTIFICATION_FILE_OBJECTS,
  FILE_INGEST_OBJECT_ACTIONS,
  FILE_INGEST_TABLE_ACTIONS,
  FILES_OBJECT_ACTIONS,
  SERVER_SECRET_ACTIONS,
  TABLE_DATA_ACTIONS,
} from '../../infra/lib/functions';
import { LAMBDA_BUNDLE, LAMBDA_ENTRIES, esbuildOptions, lambdaEntry, nodejsBundlingOptions } from '../../infra/lib/bundling';
import type { RendaPlatformStack } from '../../infra/lib/stack';
import { TEST_ORIGINS, buildStack } from './app';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>;

const afterAllStops: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const stop of afterAllStops) await stop();
});

const dev = buildStack('dev', { alarmEmail: 'ops@example.cn' });
const prod = buildStack('prod');
const template = Template.fromStack(dev.stack);
const prodTemplate = Template.fromStack(prod.stack);

function logicalId(stack: RendaPlatformStack, construct: { node: { defaultChild?: unknown } }): string {
  return Stack.of(stack).getLogicalId(construct.node.defaultChild as CfnElement);
}

const secretId = () => logicalId(dev.stack, dev.stack.serverSecret.secret);

function tableLogicalId(stack: RendaPlatformStack, id: (typeof TABLE_LIST)[number]['id']): string {
  const table = stack.data.tables.get(id);
  if (!table) throw new Error(`no table ${id}`);
  return logicalId(stack, table);
}

function resourcesOfType(t: Template, type: string): Resources {
  return t.findResources(type) as Resources;
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of the identity policies attached to a role. */
function roleStatements(t: Template, roleLogicalId: string): Statement[] {
  return Object.values(resourcesOfType(t, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}

const getAttArn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

/** An IAM resource pattern (`*` matches any characters, `/` included) as a regular expression. */
const iamPattern = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

describe('DynamoDB tables', () => {
  test('one table per TABLE_LIST entry', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', TABLE_LIST.length);
  });

  test.each(TABLE_LIST.map((def) => [def.id, def] as const))('%s: keys, billing, PITR, SSE, TTL', (_id, def) => {
    const resource = template.toJSON().Resources[tableLogicalId(dev.stack, def.id)];
    expect(resource.Type).toBe('AWS::DynamoDB::Table');
    expect(resource.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: def.partitionKey, KeyType: 'HASH' },
        { AttributeName: def.sortKey, KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // SSEEnabled without a key: the AWS managed key aws/dynamodb (KMS).
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
    });
    expect(resource.Properties.ProvisionedThroughput).toBeUndefined();
    expect(resource.Properties.SSESpecification.KMSMasterKeyId).toBeUndefined();
  });

  test.each(TABLE_LIST.map((def) => [def.id, def] as const))('%s: GSIs exactly as defined, ALL projection', (_id, def) => {
    const props = template.toJSON().Resources[tableLogicalId(dev.stack, def.id)].Properties;
    expect(props.GlobalSecondaryIndexes).toEqual(
      def.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const keyAttributes = [def.partitionKey, def.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    expect(props.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
    expect(props.AttributeDefinitions).toHaveLength(new Set(keyAttributes).size);
  });

  test('prod: deletion protection on and tables retained', () => {
    for (const def of TABLE_LIST) {
      const resource = prodTemplate.toJSON().Resources[tableLogicalId(prod.stack, def.id)];
      expect(resource.Properties.DeletionProtectionEnabled).toBe(true);
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('dev: no deletion protection, tables deleted with the stack', () => {
    for (const def of TABLE_LIST) {
      const resource = template.toJSON().Resources[tableLogicalId(dev.stack, def.id)];
      expect(resource.Properties.DeletionProtectionEnabled).toBe(false);
      expect(resource.DeletionPolicy).toBe('Delete');
    }
  });
});

describe('files bucket', () => {
  const bucketId = logicalId(dev.stack, dev.stack.files.bucket);
  const logBucketId = logicalId(dev.stack, dev.stack.files.accessLogsBucket);
  const bucket = () => template.toJSON().Resources[bucketId];

  test('blocks all public access, S3-managed encryption, versioned', () => {
    expect(bucket().Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  test('TLS-only bucket policies on both buckets', () => {
    for (const id of [bucketId, logBucketId]) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  test('server access logs go to the separate log bucket', () => {
    expect(bucketId).not.toBe(logBucketId);
    expect(bucket().Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logBucketId }, LogFilePrefix: 'files/' });
    expect(template.toJSON().Resources[logBucketId].Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
  });

  test('CORS allows POST and GET from the configured origins only', () => {
    expect(bucket().Properties.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedOrigins: [...TEST_ORIGINS],
          AllowedMethods: ['POST', 'GET'],
          AllowedHeaders: ['*'],
          ExposedHeaders: ['ETag'],
          MaxAge: 3000,
        },
      ],
    });
  });

  test('lifecycle aborts incomplete multipart uploads and expires old versions', () => {
    const rules = bucket().Properties.LifecycleConfiguration.Rules as Record<string, unknown>[];
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }),
        expect.objectContaining({
          ExpirationInDays: 1,
          TagFilters: [{ Key: 'purpose', Value: 'feedback-export' }],
          Status: 'Enabled',
        }),
      ]),
    );
  });

  test('buckets are retained (they may hold records)', () => {
    expect(bucket().DeletionPolicy).toBe('Retain');
    expect(template.toJSON().Resources[logBucketId].DeletionPolicy).toBe('Retain');
  });
});

describe('server secret', () => {
  test('generated by CloudFormation (its value is in no template or function configuration), read by both functions', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const secret = template.toJSON().Resources[secretId()];
    expect(secret.Properties.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(secret.DeletionPolicy).toBe('Delete');
    for (const fn of [dev.stack.functions.graphql, dev.stack.functions.fileIngest]) {
      expect(template.toJSON().Resources[logicalId(dev.stack, fn)].Properties.Environment.Variables.APP_SECRET_ARN).toEqual({ Ref: secretId() });
    }
  });

  test('prod: retained', () => {
    const prodSecret = Object.values(resourcesOfType(prodTemplate, 'AWS::SecretsManager::Secret'));
    expect(prodSecret.map((r) => r.DeletionPolicy)).toEqual(['Retain']);
  });
});

describe('GraphQL function', () => {
  const fnId = logicalId(dev.stack, dev.stack.functions.graphql);
  const fn = () => template.toJSON().Resources[fnId];

  test('runtime, architecture, memory, timeout, handler, tracing', () => {
    expect(fn().Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 15,
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: logicalId(dev.stack, dev.stack.functions.graphqlLogGroup) } },
    });
  });

  test('environment: one variable per table, bucket, cognito auth, server secret, rate limits, powertools', () => {
    const expected: Record<string, unknown> = {
      AUTH_MODE: 'cognito',
      RATE_LIMIT_TENANT_PER_MINUTE: '3000',
      RATE_LIMIT_USER_PER_MINUTE: '300',
      FILES_BUCKET: { Ref: logicalId(dev.stack, dev.stack.files.bucket) },
      IMPORTS_BUCKET: { Ref: logicalId(dev.stack, dev.stack.files.importsBucket) },
      APP_SECRET_ARN: { Ref: secretId() },
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_SERVICE_NAME: 'graphql',
      AUDIT_RETENTION_DAYS: '1095',
      NODE_OPTIONS: '--enable-source-maps',
      NODE_ENV: 'production',
    };
    for (const def of TABLE_LIST) expected[def.envVar] = { Ref: tableLogicalId(dev.stack, def.id) };
    expect(fn().Properties.Environment.Variables).toEqual(expected);
  });

  test('audit retention per stage: the stack prop sets the function environment', () => {
    const { stack } = buildStack('audit', { auditRetentionDays: 3650 });
    const graphql = Template.fromStack(stack).toJSON().Resources[logicalId(stack, stack.functions.graphql)];
    expect(graphql.Properties.Environment.Variables.AUDIT_RETENTION_DAYS).toBe('3650');
  });

  test('log group has a retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 30,
    });
  });

  test('role: no managed policies; table actions on tables and named indexes only; object actions on the bucket', () => {
    const roleId = logicalId(dev.stack, dev.stack.functions.graphqlRole);
    const role = template.toJSON().Resources[roleId];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();

    const statements = roleStatements(template, roleId);
    const actions = statements.flatMap((s) => asList(s.Action));
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    // Resource "*" only for X-Ray (the acknowledged IAM5 finding covers exactly this).
    const onAnyResource = statements.filter((s) => s.Resource === '*').flatMap((s) => asList(s.Action));
    expect([...onAnyResource].sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);

    // Statements may be merged (@aws-cdk/aws-iam:minimizePolicies), so compare sets.
    const dynamoStatements = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    for (const statement of dynamoStatements) expect([...asList(statement.Action)].sort()).toEqual([...TABLE_DATA_ACTIONS].sort());
    const expectedResources = TABLE_LIST.flatMap((def) => {
      const id = tableLogicalId(dev.stack, def.id);
      return [getAttArn(id), ...def.indexes.map((i) => ({ 'Fn::Join': ['', [getAttArn(id), `/index/${i.name}`]] }))];
    });
    const granted = dynamoStatements.flatMap((s) => asList(s.Resource));
    expect(granted).toHaveLength(expectedResources.length);
    expect(granted).toEqual(expect.arrayContaining(expectedResources));

    // Put (presigned POST uploads and CSV exports), Get (presigned GET), Delete, on objects only.
    // Budget imports: presigned POSTs under imports/ and report downloads under reports/ only.
    const importsArn = getAttArn(logicalId(dev.stack, dev.stack.files.importsBucket));
    const s3Statements = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3Statements).toEqual([
      {
        Effect: 'Allow',
        Action: [...FILES_OBJECT_ACTIONS].sort(),
        Resource: { 'Fn::Join': ['', [getAttArn(logicalId(dev.stack, dev.stack.files.bucket)), '/*']] },
      },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [importsArn, '/imports/*']] } },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [importsArn, '/reports/*']] } },
    ]);
    expect(FILES_OBJECT_ACTIONS).toContain('s3:PutObject');

    // The server secret: its value, nothing else.
    const secretStatements = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    expect(secretStatements).toEqual([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: secretId() } }]);
  });

  test('NodejsFunction and scripts/bundle.ts share one bundling spec', () => {
    expect(nodejsBundlingOptions()).toMatchObject({
      target: 'node22',
      minify: true,
      sourceMap: true,
      externalModules: ['@aws-sdk/*'],
      define: { 'process.env.NODE_ENV': '"production"' },
      esbuildArgs: {
        '--alias:@apollo/server': './node_modules/@apollo/server/dist/cjs',
        '--alias:@apollo/usage-reporting-protobuf': './functions/src/graphql/left-out-of-bundle.cjs',
        '--alias:@graphql-tools/schema': './functions/src/graphql/left-out-of-bundle.cjs',
      },
      forceDockerBundling: false,
    });
    expect(esbuildOptions('in.ts', 'out.js')).toMatchObject({
      bundle: true,
      platform: 'node',
      target: LAMBDA_BUNDLE.target,
      format: 'cjs',
      minify: LAMBDA_BUNDLE.minify,
      sourcemap: LAMBDA_BUNDLE.sourceMap,
      sourcesContent: LAMBDA_BUNDLE.sourcesContent,
      external: [...LAMBDA_BUNDLE.externalModules],
      define: { 'process.env.NODE_ENV': '"production"' },
      alias: {
        '@apollo/server': './node_modules/@apollo/server/dist/cjs',
        '@apollo/usage-reporting-protobuf': './functions/src/graphql/left-out-of-bundle.cjs',
        '@graphql-tools/schema': './functions/src/graphql/left-out-of-bundle.cjs',
      },
    });
  });

  test('the graphql bundle holds one copy of Apollo Server (the CommonJS build, which the Lambda integration requires)', async () => {
    const { build, stop } = await import('esbuild');
    // esbuild's service process would otherwise outlive the test file (Jest: "a worker failed to exit").
    afterAllStops.push(stop);
    const root = path.resolve(__dirname, '../..');
    const result = await build({
      ...esbuildOptions(path.join(root, lambdaEntry('graphql').entry), 'out.js'),
      absWorkingDir: root,
      write: false,
      minify: false,
      sourcemap: false,
      metafile: true,
    });
    const apolloInputs = Object.keys(result.metafile.inputs).filter((f) => f.includes('node_modules/@apollo/server/dist/'));
    expect(apolloInputs.length).toBeGreaterThan(0);
    expect(apolloInputs.filter((f) => !f.includes('/dist/cjs/'))).toEqual([]);
    // Usage reporting's protobuf (off in server.ts) and @graphql-tools (Apollo's makeExecutableSchema,
    // for typeDefs we never pass) are left out: the stub stands in.
    expect(Object.keys(result.metafile.inputs).filter((f) => /usage-reporting-protobuf|protobufjs|@graphql-tools/.test(f))).toEqual([]);
    expect(Object.keys(result.metafile.inputs)).toContain('functions/src/graphql/left-out-of-bundle.cjs');
  });
});

describe('file-ingest function', () => {
  const fnId = logicalId(dev.stack, dev.stack.functions.fileIngest);
  const fn = () => template.toJSON().Resources[fnId];
  const dlqId = logicalId(dev.stack, dev.stack.functions.fileIngestDeadLetterQueue);
  const bucketId = logicalId(dev.stack, dev.stack.files.bucket);
  const roleId = logicalId(dev.stack, dev.stack.functions.fileIngestRole);

  test('bundles the `files` entry of LAMBDA_ENTRIES (the one scripts/bundle.ts measures)', () => {
    expect(lambdaEntry('files').entry).toBe('functions/src/files/handler.ts');
    expect(LAMBDA_ENTRIES.map((e) => e.name)).toEqual(expect.arrayContaining(['graphql', 'files']));
    expect(() => lambdaEntry('nope')).toThrow(/No Lambda entry named "nope"/);
  });

  test('runtime, architecture, memory, timeout, handler, log group, no tracing', () => {
    expect(fn().Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 60,
      Handler: 'index.handler',
      Role: getAttArn(roleId),
      LoggingConfig: { LogGroup: { Ref: logicalId(dev.stack, dev.stack.functions.fileIngestLogGroup) } },
    });
    expect(fn().Properties.TracingConfig).toBeUndefined();
    expect(fn().Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  test('environment: the feedback and budget tables, the bucket, the server secret, powertools; no other table, no AUTH_MODE', () => {
    expect(fn().Properties.Environment.Variables).toEqual({
      FEEDBACK_TABLE: { Ref: tableLogicalId(dev.stack, 'feedback') },
      BUDGET_TABLE: { Ref: tableLogicalId(dev.stack, 'budget') },
      FILES_BUCKET: { Ref: bucketId },
      APP_SECRET_ARN: { Ref: secretId() },
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_SERVICE_NAME: 'file-ingest',
      NODE_OPTIONS: '--enable-source-maps',
      NODE_ENV: 'production',
    });
  });

  test('failed async invocations: 2 retries, then the encrypted, TLS-only DLQ', () => {
    expect(fn().Properties.DeadLetterConfig).toEqual({ TargetArn: getAttArn(dlqId) });
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 2); // file ingest and budget imports
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
    });
    expect(template.toJSON().Resources[dlqId].Properties).toEqual({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  test('every ObjectCreated event of the files bucket invokes it (no S3 filter: the handler skips non-attachments)', () => {
    template.resourceCountIs('Custom::S3BucketNotifications', 2); // the files bucket and the imports bucket
    const notifications = Object.values(resourcesOfType(template, 'Custom::S3BucketNotifications')).filter(
      (n) => JSON.stringify(n.Properties?.BucketName) === JSON.stringify({ Ref: bucketId }),
    );
    expect(notifications[0]?.Properties).toMatchObject({
      BucketName: { Ref: bucketId },
      Managed: true,
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [{ Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: getAttArn(fnId) }],
      },
    });
    const config = notifications[0]?.Properties?.NotificationConfiguration as Record<string, unknown>;
    expect(Object.keys(config)).toEqual(['LambdaFunctionConfigurations']);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: getAttArn(fnId),
      Principal: 's3.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: getAttArn(bucketId),
    });
  });

  test('non-attachment objects (CSV exports) are outside the ingest: the handler ignores their keys, IAM denies them', () => {
    const attachment = attachmentObjectKey('xingxian', '01JAAAAAAAAAAAAAAAAAAAAAAA', '01JBBBBBBBBBBBBBBBBBBBBBBB');
    const exportKey = 'xingxian/exports/consultations/01JCCCCCCCCCCCCCCCCCCCCCCC/01JDDDDDDDDDDDDDDDDDDDDDDD.csv';
    expect(parseAttachmentObjectKey(attachment)).not.toBeNull();
    expect(parseAttachmentObjectKey(exportKey)).toBeNull();
    expect(attachment).toMatch(iamPattern(ATTACHMENT_OBJECTS));
    expect(exportKey).not.toMatch(iamPattern(ATTACHMENT_OBJECTS));
    const answerFile = inquiryFileObjectKey('xingxian', '01JAAAAAAAAAAAAAAAAAAAAAAA', '01JBBBBBBBBBBBBBBBBBBBBBBB');
    expect(parseInquiryFileObjectKey(answerFile)).not.toBeNull();
    expect(parseInquiryFileObjectKey(exportKey)).toBeNull();
    expect(answerFile).toMatch(iamPattern(INQUIRY_FILE_OBJECTS));
    expect(exportKey).not.toMatch(iamPattern(INQUIRY_FILE_OBJECTS));
    const rectificationFile = rectificationObjectKey('xingxian', '01JAAAAAAAAAAAAAAAAAAAAAAA', 3, '01JBBBBBBBBBBBBBBBBBBBBBBB');
    expect(rectificationFileUploads.itemOf(rectificationFile)).not.toBeNull();
    expect(rectificationFileUploads.itemOf(exportKey)).toBeNull();
    expect(rectificationFile).toMatch(iamPattern(RECTIFICATION_FILE_OBJECTS));
    expect(exportKey).not.toMatch(iamPattern(RECTIFICATION_FILE_OBJECTS));
  });

  test('role: exactly its log group, its DLQ, Get/UpdateItem on the feedback and budget tables, Get/DeleteObject on attachments and answer files', () => {
    expect(template.toJSON().Resources[roleId].Properties.ManagedPolicyArns).toBeUndefined();
    const statements = roleStatements(template, roleId);
    const actions = statements.flatMap((s) => asList(s.Action));
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(statements.filter((s) => JSON.stringify(s.Resource).includes('"*"'))).toEqual([]);
    expect(statements.every((s) => s.Effect === 'Allow' && s.Condition === undefined)).toBe(true);

    const byResource = (resource: unknown) =>
      statements.filter((s) => JSON.stringify(asList(s.Resource)) === JSON.stringify([resource])).flatMap((s) => asList(s.Action)).sort();
    expect(byResource(getAttArn(logicalId(dev.stack, dev.stack.functions.fileIngestLogGroup)))).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    expect(byResource(getAttArn(dlqId))).toEqual(['sqs:SendMessage']);
    expect(byResource({ Ref: secretId() })).toEqual([...SERVER_SECRET_ACTIONS]);
    const tables = statements.filter((s) => asList(s.Action).includes('dynamodb:GetItem'));
    expect(tables).toHaveLength(1);
    const byName = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(asList(tables[0]!.Resource).sort(byName)).toEqual([getAttArn(tableLogicalId(dev.stack, 'feedback')), getAttArn(tableLogicalId(dev.stack, 'budget'))].sort(byName));
    expect(asList(tables[0]!.Action).sort()).toEqual([...FILE_INGEST_TABLE_ACTIONS].sort());
    const objects = statements.filter((s) => asList(s.Action).includes('s3:GetObject'));
    expect(objects).toHaveLength(1);
    expect(asList(objects[0]!.Resource).sort(byName)).toEqual(
      [
        { 'Fn::Join': ['', [getAttArn(bucketId), '/*/feedback/*']] },
        { 'Fn::Join': ['', [getAttArn(bucketId), '/*/inquiries/*']] },
        { 'Fn::Join': ['', [getAttArn(bucketId), '/*/audit-findings/*']] },
      ].sort(byName),
    );
    expect(asList(objects[0]!.Action).sort()).toEqual([...FILE_INGEST_OBJECT_ACTIONS].sort());
    expect(actions).toHaveLength(2 + 1 + 1 + FILE_INGEST_TABLE_ACTIONS.length + FILE_INGEST_OBJECT_ACTIONS.length);
    expect(FILE_INGEST_TABLE_ACTIONS).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(FILE_INGEST_OBJECT_ACTIONS).toEqual(['s3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject', 's3:DeleteObjectVersion']);
  });

  test('the notifications custom resource may only write the two buckets\' notification configurations', () => {
    const roleId = logicalId(dev.stack, dev.stack.files.notificationsHandlerRole);
    const importsId = logicalId(dev.stack, dev.stack.files.importsBucket);
    expect(roleStatements(template, roleId)).toEqual([
      { Effect: 'Allow', Action: 's3:PutBucketNotification', Resource: getAttArn(bucketId) },
      { Effect: 'Allow', Action: 's3:PutBucketNotification', Resource: getAttArn(importsId) },
    ]);
    const handlers = Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).filter(
      (f) => JSON.stringify(f.Properties?.Role) === JSON.stringify(getAttArn(roleId)),
    );
    expect(handlers).toHaveLength(1);
  });

  test('prod: log group kept a year and retained', () => {
    const logGroup = prodTemplate.toJSON().Resources[logicalId(prod.stack, prod.stack.functions.fileIngestLogGroup)];
    expect(logGroup.Properties.RetentionInDays).toBe(365);
    expect(logGroup.DeletionPolicy).toBe('Retain');
  });
});

test('in the whole template, Resource "*" appears only for X-Ray', () => {
  for (const t of [template, prodTemplate]) {
    const statements = Object.values(resourcesOfType(t, 'AWS::IAM::Policy')).flatMap(
      (p) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement,
    );
    const onAnyResource = statements.filter((s) => asList(s.Resource).includes('*')).flatMap((s) => asList(s.Action));
    expect([...onAnyResource].sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    expect(statements.flatMap((s) => asList(s.Action))).not.toContain('dynamodb:Scan');
  }
});

describe('HTTP API', () => {
  const poolId = logicalId(dev.stack, dev.stack.auth.userPool);
  const clientId = logicalId(dev.stack, dev.stack.auth.client);

  test('JWT authorizer: Cognito issuer, audience = SPA client id', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::GetAtt': [poolId, 'ProviderURL'] },
        Audience: [{ Ref: clientId }],
      },
    });
  });

  test('POST and GET /graphql use the JWT authorizer; GET /health is the only route without it', () => {
    const routes = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties?.RouteKey).sort()).toEqual(['GET /graphql', 'GET /health', 'POST /graphql']);
    const authorizerId = Object.keys(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer'))[0];
    for (const route of routes.filter((r) => r.Properties?.RouteKey !== 'GET /health')) {
      expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
    const health = routes.find((r) => r.Properties?.RouteKey === 'GET /health')!;
    expect(health.Properties?.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(health.Properties?.AuthorizerId).toBeUndefined();
    // The same Lambda integration as /graphql: the function answers it.
    const graphqlRoute = routes.find((r) => r.Properties?.RouteKey === 'POST /graphql')!;
    expect(health.Properties?.Target).toEqual(graphqlRoute.Properties?.Target);
  });

  test('stage rate limits reach the function (per stage, from context)', () => {
    const { stack } = buildStack('staging', { rateLimits: { tenantPerMinute: 1200, userPerMinute: 90 } });
    const variables = Template.fromStack(stack).findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { AUTH_MODE: 'cognito' } } },
    });
    expect(Object.values(variables)[0]?.Properties.Environment.Variables).toMatchObject({
      RATE_LIMIT_TENANT_PER_MINUTE: '1200',
      RATE_LIMIT_USER_PER_MINUTE: '90',
    });
  });

  test('routes integrate the GraphQL function with payload format 2.0', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(dev.stack, dev.stack.functions.graphql), 'Arn'] },
    });
  });

  test('CORS preflight for the configured origins', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: [...TEST_ORIGINS],
        AllowMethods: ['GET', 'POST', 'OPTIONS'],
        AllowHeaders: Match.arrayWith(['authorization', 'content-type']),
        ExposeHeaders: ['x-request-id', 'retry-after'],
      },
    });
  });

  test('$default stage: auto deploy, access logs to a log group, throttling', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logicalId(dev.stack, dev.stack.api.accessLogGroup), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });
});

describe('Cognito user pool', () => {
  const pool = () => template.toJSON().Resources[logicalId(dev.stack, dev.stack.auth.userPool)];

  test('admin-created users only, strong passwords, optional TOTP MFA', () => {
    expect(pool().Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
  });

  test('custom attributes tenantId (immutable), contactPointId and unitCode (BUDGET_UNIT)', () => {
    expect(pool().Properties.Schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Name: 'tenantId', AttributeDataType: 'String', Mutable: false }),
        expect.objectContaining({ Name: 'contactPointId', AttributeDataType: 'String', Mutable: true }),
        expect.objectContaining({ Name: 'unitCode', AttributeDataType: 'String', Mutable: true }),
      ]),
    );
  });

  test('one group per role', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', ROLES.length);
    for (const role of ROLES) {
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
        GroupName: role,
        UserPoolId: { Ref: logicalId(dev.stack, dev.stack.auth.userPool) },
      });
    }
  });

  test('SPA client: no secret, SRP (+ admin flow), no OAuth; custom attributes readable but not writable', () => {
    const client = template.toJSON().Resources[logicalId(dev.stack, dev.stack.auth.client)].Properties;
    expect(client.GenerateSecret).toBe(false);
    expect([...client.ExplicitAuthFlows].sort()).toEqual(
      ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'].sort(),
    );
    expect(client.AllowedOAuthFlowsUserPoolClient).toBeFalsy();
    expect(client.ReadAttributes).toEqual(expect.arrayContaining(['custom:tenantId', 'custom:contactPointId', 'custom:unitCode']));
    expect(client.WriteAttributes).toBeDefined();
    expect((client.WriteAttributes as string[]).filter((a) => a.startsWith('custom:'))).toEqual([]);
  });

  test('prod: deletion protection and retained', () => {
    const prodPool = prodTemplate.toJSON().Resources[logicalId(prod.stack, prod.stack.auth.userPool)];
    expect(prodPool.Properties.DeletionProtection).toBe('ACTIVE');
    expect(prodPool.DeletionPolicy).toBe('Retain');
  });
});

describe('monitoring', () => {
  const topicId = logicalId(dev.stack, dev.stack.monitoring.alarmTopic);

  test('alarms on function errors and throttles, API 5xx and throttles of every table, all to the topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5 + 3 + TABLE_LIST.length); // 3 for budget imports
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles', Namespace: 'AWS/Lambda' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
    const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm'));
    const throttleAlarms = alarms.filter((a) => JSON.stringify(a.Properties).includes('ThrottleEvents'));
    expect(throttleAlarms).toHaveLength(TABLE_LIST.length);
    for (const alarm of alarms) expect(alarm.Properties?.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  test('file ingest: an alarm on its errors and one on any message in its DLQ', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(dev.stack, dev.stack.functions.fileIngest) } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(dev.stack, dev.stack.functions.fileIngestDeadLetterQueue), 'QueueName'] } },
      ],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
    });
  });

  test('TLS-only topic with the configured email subscription', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.cn' });
    prodTemplate.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

test('outputs: API URL, user pool, client, bucket, alarm topic, file ingest, every table', () => {
  const outputs = Object.keys(template.toJSON().Outputs);
  expect(outputs).toEqual(
    expect.arrayContaining([
      'GraphqlUrl',
      'UserPoolId',
      'UserPoolClientId',
      'JwtIssuer',
      'FilesBucketName',
      'AlarmTopicArn',
      'FileIngestFunctionName',
      'FileIngestDeadLetterQueueUrl',
      ...TABLE_LIST.map((d) => `${d.id.charAt(0).toUpperCase()}${d.id.slice(1)}TableName`),
    ]),
  );
});

test('environment-agnostic: no account or region baked in', () => {
  expect(dev.stack.account).toMatch(/^\$\{Token/);
  expect(dev.stack.region).toMatch(/^\$\{Token/);
  expect(JSON.stringify(template.toJSON())).not.toMatch(/arn:aws:|amazonaws\.com\//);
});
