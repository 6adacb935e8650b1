import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalSetupError } from './emulators';

/** The file that holds the local signing secret, shared by `npm start` and `npm run token`. */
export function localSecretPath(dataDir: string): string {
  return join(dataDir, 'local-jwt-secret');
}

/** At least 32 characters, as the handler demands of LOCAL_JWT_SECRET. */
const MIN_LENGTH = 32;

/**
 * Returns the local signing secret, creating it (32 random bytes, base64url) on first use. The
 * file appears atomically, so `npm start` and `npm run token` racing on a fresh checkout agree.
 */
export function ensureLocalSecret(dataDir: string): string {
  const file = localSecretPath(dataDir);
  let secret = readSecret(file);
  if (secret === null) {
    createSecret(dataDir, file);
    secret = readSecret(file) ?? '';
  }
  if (secret.length < MIN_LENGTH) {
    throw new LocalSetupError(`${file} holds a secret shorter than ${MIN_LENGTH} characters: delete the file and a new one is made.`);
  }
  return secret;
}

function readSecret(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new LocalSetupError(`Cannot read the local signing secret ${file}: ${(error as Error).message}`);
  }
}

function createSecret(dataDir: string, file: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(draft, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
    try {
      linkSync(draft, file); // EEXIST: another process made one meanwhile; keep that one
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
  } catch (error) {
    throw new LocalSetupError(`Cannot create the local signing secret ${file}: ${(error as Error).message}`);
  }
}
