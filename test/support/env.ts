/** Settings the whole test run shares (set by global-setup, read by every test worker). */
export const TEST_JWT_SECRET = 'test-secret-for-local-tokens-only-0123456789';
export const TEST_BUCKET = 'renda-files-test';
