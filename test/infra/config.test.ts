import { DEFAULT_DEV_ORIGINS, readDeploymentConfig } from '../../infra/lib/config';

const from = (context: Record<string, unknown>) => readDeploymentConfig((key) => context[key]);

describe('deployment config from CDK context', () => {
  test('defaults: stage dev, local origins, INFO, no alarm email', () => {
    expect(from({})).toEqual({
      stage: 'dev',
      production: false,
      allowedOrigins: DEFAULT_DEV_ORIGINS,
      alarmEmail: undefined,
      logLevel: 'INFO',
      auditRetentionDays: 1095,
      rateLimits: { tenantPerMinute: 3000, userPerMinute: 300 },
    });
  });

  test('rate limits per stage from context; not a positive integer is an error', () => {
    expect(from({ stage: 'staging', rateLimitTenantPerMinute: '1200', rateLimitUserPerMinute: 90 }).rateLimits).toEqual({
      tenantPerMinute: 1200,
      userPerMinute: 90,
    });
    expect(() => from({ rateLimitUserPerMinute: '0' })).toThrow(/rateLimitUserPerMinute" must be a positive integer/);
    expect(() => from({ rateLimitTenantPerMinute: 'many' })).toThrow(/positive integer/);
  });

  test('audit retention in whole days', () => {
    expect(from({ auditRetentionDays: '3650' }).auditRetentionDays).toBe(3650);
    expect(from({ auditRetentionDays: 400 }).auditRetentionDays).toBe(400);
    expect(() => from({ auditRetentionDays: '0' })).toThrow(/auditRetentionDays/);
    expect(() => from({ auditRetentionDays: '3y' })).toThrow(/auditRetentionDays/);
  });

  test('origins as a comma-separated string or a JSON array', () => {
    expect(from({ allowedOrigins: 'https://a.example.cn, https://b.example.cn' }).allowedOrigins).toEqual([
      'https://a.example.cn',
      'https://b.example.cn',
    ]);
    expect(from({ allowedOrigins: '["https://a.example.cn"]' }).allowedOrigins).toEqual(['https://a.example.cn']);
    expect(from({ allowedOrigins: ['https://a.example.cn'] }).allowedOrigins).toEqual(['https://a.example.cn']);
  });

  test('prod: no browser origins unless given (the README command works as written), and only https ones', () => {
    expect(from({ stage: 'prod' })).toMatchObject({ stage: 'prod', production: true, allowedOrigins: [] });
    expect(() => from({ stage: 'prod', allowedOrigins: 'http://app.example.cn' })).toThrow(/https/);
    expect(from({ stage: 'prod', allowedOrigins: 'https://app.example.cn' })).toMatchObject({
      stage: 'prod',
      production: true,
      allowedOrigins: ['https://app.example.cn'],
    });
  });

  test('rejects malformed values', () => {
    expect(() => from({ stage: 'Prod!' })).toThrow(/stage/);
    expect(() => from({ allowedOrigins: 'https://app.example.cn/path' })).toThrow(/not an origin/);
    expect(() => from({ allowedOrigins: '*' })).toThrow(/not an origin/);
    expect(() => from({ logLevel: 'verbose' })).toThrow(/logLevel/);
  });
});
