import { isAbsolute, join, resolve } from 'node:path';
import { LocalSetupError } from './emulators';

/** The repository root (this file lives in `functions/local/`). */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * Where the local host keeps its state: the signing secret, and (unless `--memory`) the DynamoDB
 * and S3 data. `LOCAL_DATA_DIR` moves it (tests use a temporary folder); relative paths are taken
 * from the repository root.
 */
export function localDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.LOCAL_DATA_DIR?.trim();
  if (!configured) return join(REPO_ROOT, '.data');
  return isAbsolute(configured) ? configured : resolve(REPO_ROOT, configured);
}

export interface LocalOptions {
  /** DynamoDB in memory and S3 in a temporary folder: nothing survives the run. */
  readonly memory: boolean;
  /** Interface the HTTP server listens on (loopback unless HOST says otherwise). */
  readonly host: string;
  readonly port: number;
  readonly dynamoDbPort: number;
  readonly s3Port: number;
  readonly bucket: string;
  readonly dataDir: string;
}

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new LocalSetupError(`${name} must be a port number from 1 to 65535, not "${raw}".`);
  }
  return port;
}

/** Reads ports, bucket and data folder from the environment; a bad value is a LocalSetupError. */
export function readLocalOptions(memory: boolean, env: NodeJS.ProcessEnv = process.env): LocalOptions {
  const options: LocalOptions = {
    memory,
    host: env.HOST?.trim() || '127.0.0.1',
    port: portFrom(env, 'PORT', 4000),
    dynamoDbPort: portFrom(env, 'DYNAMODB_PORT', 8000),
    s3Port: portFrom(env, 'S3_PORT', 4569),
    bucket: env.FILES_BUCKET?.trim() || 'renda-files',
    dataDir: localDataDir(env),
  };
  const ports = [options.port, options.dynamoDbPort, options.s3Port];
  if (new Set(ports).size !== ports.length) {
    throw new LocalSetupError(
      `PORT, DYNAMODB_PORT and S3_PORT must differ (now ${options.port}, ${options.dynamoDbPort}, ${options.s3Port}).`,
    );
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
    throw new LocalSetupError(`FILES_BUCKET "${options.bucket}" is not a valid S3 bucket name.`);
  }
  return options;
}
