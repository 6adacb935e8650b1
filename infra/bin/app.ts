#!/usr/bin/env node
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploymentConfig } from '../lib/config';
import { RendaPlatformStack } from '../lib/stack';

/**
 * One environment-agnostic stack per stage: no account/region lookups, so `cdk synth` works offline;
 * the account and region come from the credentials at deploy time.
 *
 *   npx cdk deploy -c stage=prod -c allowedOrigins=https://app.example.cn
 */
const app = new App();
const config = readDeploymentConfig((key) => app.node.tryGetContext(key));

new RendaPlatformStack(app, 'RendaPlatformStack', {
  stackName: `RendaPlatform-${config.stage}`,
  description: `Renda platform (${config.stage}): GraphQL API, Cognito, DynamoDB, S3`,
  stage: config.stage,
  allowedOrigins: config.allowedOrigins,
  alarmEmail: config.alarmEmail,
  logLevel: config.logLevel,
  auditRetentionDays: config.auditRetentionDays,
  rateLimits: config.rateLimits,
  terminationProtection: config.production,
});

Tags.of(app).add('project', 'renda-platform');
Tags.of(app).add('stage', config.stage);

// cdk-nag 3: AwsSolutions findings are reported through CDK's validation report; an unacknowledged
// error fails the synth. Acknowledgements (with reasons) live next to the constructs they concern.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
