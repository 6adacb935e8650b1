import { resetConfigForTests } from '../../../functions/src/core/config';
import { resetServerKeysForTests, serverKeys } from '../../../functions/src/data/server-keys';

const NAMES = ['AUTH_MODE', 'LOCAL_JWT_SECRET', 'APP_SECRET', 'APP_SECRET_ARN'] as const;
const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));

function useEnvironment(values: Partial<Record<(typeof NAMES)[number], string>>): void {
  for (const name of NAMES) delete process.env[name];
  Object.assign(process.env, values);
  resetConfigForTests();
  resetServerKeysForTests();
}

afterAll(() => {
  // The worker runs other test files next: give them the environment they started with.
  for (const name of NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  resetConfigForTests();
  resetServerKeysForTests();
});

describe('server keys', () => {
  test('one 32-byte key per purpose, derived from the secret, read once', async () => {
    useEnvironment({ AUTH_MODE: 'cognito', APP_SECRET: 'a'.repeat(40) });
    const keys = await serverKeys();
    expect(keys.cursor).toHaveLength(32);
    expect(keys.upload).toHaveLength(32);
    expect(keys.cursor.equals(keys.upload)).toBe(false);
    expect(await serverKeys()).toBe(keys);
    useEnvironment({ AUTH_MODE: 'cognito', APP_SECRET: 'b'.repeat(40) });
    expect((await serverKeys()).cursor.equals(keys.cursor)).toBe(false);
  });

  test('locally the local signing secret serves when APP_SECRET is not set', async () => {
    useEnvironment({ AUTH_MODE: 'local', LOCAL_JWT_SECRET: 'c'.repeat(40) });
    const local = await serverKeys();
    useEnvironment({ AUTH_MODE: 'local', LOCAL_JWT_SECRET: 'c'.repeat(40), APP_SECRET: 'c'.repeat(40) });
    expect((await serverKeys()).cursor.equals(local.cursor)).toBe(true);
  });

  test('no secret at all is a clear error, and a failed read is not kept', async () => {
    useEnvironment({ AUTH_MODE: 'cognito' });
    await expect(serverKeys()).rejects.toThrow(/No server secret/);
    process.env.APP_SECRET = 'd'.repeat(40);
    resetConfigForTests();
    await expect(serverKeys()).resolves.toHaveProperty('cursor');
  });

  test('a short APP_SECRET is refused', async () => {
    useEnvironment({ AUTH_MODE: 'cognito', APP_SECRET: 'short' });
    await expect(serverKeys()).rejects.toThrow(/at least 32/);
  });
});
