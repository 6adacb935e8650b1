import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildStack } from './app';

interface ReportViolation {
  readonly ruleName: string;
  readonly severity?: string;
  readonly description: string;
  readonly violatingConstructs?: { readonly constructPath: string }[];
}
interface ValidationReport {
  readonly pluginReports: { readonly pluginName: string; readonly violations?: ReportViolation[] }[];
}

/**
 * Every acknowledgement in the code, reviewed: adding one must be deliberate (and listed here).
 * Ids are specific findings (IAM5 names the exact resource), never a whole rule on a whole stack.
 */
const EXPECTED_ACKNOWLEDGEMENTS = [
  // The health check route has no authorizer on purpose; the function answers it reading nothing.
  'RendaPlatformStack/Api/HttpApi/GET--health AwsSolutions-APIG4',
  'RendaPlatformStack/Auth/UserPool AwsSolutions-COG2',
  'RendaPlatformStack/Auth/UserPool AwsSolutions-COG8',
  'RendaPlatformStack/Files/AccessLogs AwsSolutions-S1',
  // CDK's Custom::S3BucketNotifications handler always gets AWSLambdaBasicExecutionRole.
  'RendaPlatformStack/Files/NotificationsHandlerRole AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  'RendaPlatformStack/Functions/Graphql AwsSolutions-L1',
  'RendaPlatformStack/Functions/GraphqlRole AwsSolutions-IAM5[Resource::*]',
  'RendaPlatformStack/Functions/GraphqlRole AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/*]',
  'RendaPlatformStack/Functions/FileIngest AwsSolutions-L1',
  // Attachment objects of every tenant: <bucket>/*/feedback/*.
  'RendaPlatformStack/Functions/FileIngestRole AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/*/feedback/*]',
  // Inquiry answer files of every tenant: <bucket>/*/inquiries/*.
  'RendaPlatformStack/Functions/FileIngestRole AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/*/inquiries/*]',
  // Rectification files of every tenant: <bucket>/*/audit-findings/*.
  'RendaPlatformStack/Functions/FileIngestRole AwsSolutions-IAM5[Resource::<FilesBucket.Arn>/*/audit-findings/*]',
  // Budget imports: one object per job under imports/ (uploads) and reports/ (error reports).
  'RendaPlatformStack/Functions/GraphqlRole AwsSolutions-IAM5[Resource::<FilesImportsBucket.Arn>/imports/*]',
  'RendaPlatformStack/Functions/GraphqlRole AwsSolutions-IAM5[Resource::<FilesImportsBucket.Arn>/reports/*]',
  'RendaPlatformStack/Imports/Function AwsSolutions-L1',
  'RendaPlatformStack/Imports/Role AwsSolutions-IAM5[Resource::<FilesImportsBucket.Arn>/imports/*]',
  'RendaPlatformStack/Imports/Role AwsSolutions-IAM5[Resource::<FilesImportsBucket.Arn>/reports/*]',
  // The server secret only derives short-lived keys (cursors, upload identities): rotated by hand.
  'RendaPlatformStack/ServerSecret/Secret AwsSolutions-SMG4',
];

/** Prod only: AWS Backup of the tables (infra/lib/backup.ts). */
const PROD_ACKNOWLEDGEMENTS = [
  'RendaPlatformStack/Backup/Plan/Tables/Role AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
];

/** Logical ids carry a hash suffix; the list above names the resource without it. */
const normalize = (id: string): string => id.replace(/<([A-Za-z]+?)[0-9A-F]{8}\.Arn>/g, '<$1.Arn>');

function readReport(directory: string): ValidationReport {
  return JSON.parse(readFileSync(path.join(directory, 'validation-report.json'), 'utf8')) as ValidationReport;
}

function awsSolutionsFindings(report: ValidationReport): string[] {
  return report.pluginReports
    .filter((p) => p.pluginName === 'AwsSolutions')
    .flatMap((p) => p.violations ?? [])
    .map(
      (v) =>
        `${v.severity ?? '?'} ${v.ruleName} at ${(v.violatingConstructs ?? []).map((c) => c.constructPath).join(', ')}: ${v.description}`,
    );
}

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/** Synthesizes with the AwsSolutions pack registered the way infra/bin/app.ts does and reads the report. */
function synthWithNag(stage: string): { app: App; report: ValidationReport; acks: ReturnType<typeof acknowledgements> } {
  const { app } = buildStack(stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // Unacknowledged errors make synth throw here (in-memory app mode) with the full report.
  const assembly = app.synth();
  return { app, report: readReport(assembly.directory), acks: acknowledgements(app) };
}

describe('the cdk-nag wiring catches findings (canary)', () => {
  // Same registration as infra/bin/app.ts, on a tiny app with known findings, so that a green run of
  // the real stack below means "no findings", not "the pack did not run".
  test('an unacknowledged error fails the synth', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    new Bucket(new Stack(app, 'Canary'), 'NoLogs', { enforceSSL: true });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });

  test('an unacknowledged warning fails the synth too', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    new UserPool(new Stack(app, 'Canary'), 'Pool', {
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
    });
    const stack = app.node.findChild('Canary');
    Validations.of(stack).acknowledge({ id: 'AwsSolutions-COG8', reason: 'canary: only the MFA warning is under test here' });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // cdk-nag marks a pack report with any violation, warnings included, as failed.
    expect(() => app.synth()).toThrow(/WARNING The Cognito user pool does not require MFA\. \(AwsSolutions\)\s+Canary\/Pool\/Resource/);
  });
});

describe.each(['dev', 'prod'])('cdk-nag AwsSolutions (%s)', (stage) => {
  const { app, report, acks } = synthWithNag(stage);

  test('zero unacknowledged AwsSolutions errors and warnings', () => {
    expect(awsSolutionsFindings(report)).toEqual([]);
  });

  test('the pack, run directly on the tree, agrees', () => {
    const direct = new AwsSolutionsChecks().validateScope(app);
    expect(direct.violations.map((v) => `${v.severity} ${v.ruleName}`)).toEqual([]);
  });

  test('no other validation findings (construct annotations: warnings, deprecations)', () => {
    const other = report.pluginReports
      .filter((p) => p.pluginName !== 'AwsSolutions')
      .flatMap((p) => (p.violations ?? []).map((v) => `${p.pluginName}: ${v.severity ?? '?'} ${v.ruleName} ${v.description}`));
    expect(other).toEqual([]);
  });

  test('every acknowledgement is expected, specific and explained', () => {
    const expected = [...EXPECTED_ACKNOWLEDGEMENTS, ...(stage === 'prod' ? PROD_ACKNOWLEDGEMENTS : [])];
    expect(acks.map((a) => normalize(`${a.path} ${a.id}`)).sort()).toEqual(expected.sort());
    for (const ack of acks) {
      expect(ack.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      if (ack.id.startsWith('AwsSolutions-IAM5')) expect(ack.id).toContain('[');
      expect(ack.reason.length).toBeGreaterThanOrEqual(80);
    }
  });
});
