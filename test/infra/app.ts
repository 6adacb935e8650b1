import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { RendaPlatformStack, type RendaPlatformStackProps } from '../../infra/lib/stack';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The context of cdk.json (feature flags), so tests synthesize with the flags `cdk synth` uses. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export const TEST_ORIGINS = ['https://app.example.cn', 'http://localhost:5173'] as const;

export interface BuildOptions {
  /**
   * Run CDK's built-in CloudFormation validation (resource schemas and default rules) on synth. Its
   * engine takes 4-9 s to start and keeps the Jest worker alive, so tests leave it to `npm run synth`,
   * which always runs it (its findings are errors there: @aws-cdk/core:validateAgainstDefaultRules).
   * @default false
   */
  readonly cfnValidation?: boolean;
}

/**
 * An App with cdk.json's flags and no asset bundling (fast, no esbuild run), and the platform stack.
 * Outdir is a fresh temp directory so parallel test files never share a cloud assembly.
 */
export function buildStack(
  stage: string,
  overrides: Partial<RendaPlatformStackProps> = {},
  options: BuildOptions = {},
): { app: App; stack: RendaPlatformStack } {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'renda-cdk-')),
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: options.cfnValidation ?? false,
  });
  const stack = new RendaPlatformStack(app, 'RendaPlatformStack', {
    stage,
    allowedOrigins: [...TEST_ORIGINS],
    ...overrides,
  });
  return { app, stack };
}
