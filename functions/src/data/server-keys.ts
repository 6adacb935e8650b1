import { hkdfSync } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { config } from '../core/config';

/** Keys derived from the one server secret, one per purpose, so no key serves two protocols. */
export interface ServerKeys {
  /** AES-256-GCM key that seals pagination cursors (core/pagination.ts). */
  readonly cursor: Buffer;
  /** HMAC-SHA256 key that signs the identity of presigned uploads (data/upload-identity.ts). */
  readonly upload: Buffer;
}

let loading: Promise<ServerKeys> | undefined;

/**
 * The server keys, read once per container: in AWS from the Secrets Manager secret the stack
 * generates (`APP_SECRET_ARN`), locally from `APP_SECRET` or the local signing secret. A failed read
 * is not cached, so the next request tries again.
 */
export function serverKeys(): Promise<ServerKeys> {
  if (!loading) {
    const attempt = readServerSecret().then(deriveKeys);
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
  }
  return loading;
}

async function readServerSecret(): Promise<string> {
  const { appSecretArn, appSecret, region } = config();
  if (appSecretArn) {
    const client = new SecretsManagerClient({ region });
    try {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: appSecretArn }));
      if (!SecretString || SecretString.length < 32) throw new Error('The server secret is missing or shorter than 32 characters');
      return SecretString;
    } finally {
      client.destroy();
    }
  }
  if (appSecret) return appSecret;
  throw new Error('No server secret: set APP_SECRET_ARN (AWS) or APP_SECRET / AUTH_MODE=local with LOCAL_JWT_SECRET');
}

function deriveKeys(secret: string): ServerKeys {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'renda-platform', purpose, 32));
  return { cursor: derive('pagination-cursor-v1'), upload: derive('upload-identity-v1') };
}

/** Tests change the environment; this drops the keys read from it. */
export function resetServerKeysForTests(): void {
  loading = undefined;
}
