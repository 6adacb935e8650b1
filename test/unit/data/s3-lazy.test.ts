import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The S3 SDK loads on first use: the graphql handler module must not require it. Checked in a
 * fresh Node process, where the module cache shows exactly what loading the handler pulled in.
 */
test('loading the graphql handler does not load the S3 SDK or the presigners', () => {
  const root = path.resolve(__dirname, '../../..');
  const probe = `
    require(${JSON.stringify(path.join(root, 'functions/src/graphql/handler.ts'))});
    const loaded = Object.keys(require.cache).filter((f) => /@aws-sdk[\\\\/](client-s3|s3-presigned-post|s3-request-presigner)[\\\\/]/.test(f));
    process.stdout.write(JSON.stringify(loaded));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', probe], {
    cwd: root,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    encoding: 'utf8',
  });
  expect(JSON.parse(out)).toEqual([]);
});
