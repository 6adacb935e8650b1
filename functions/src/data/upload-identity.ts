import { createHmac, timingSafeEqual } from 'node:crypto';
import { objectHead } from './s3';
import { serverKeys } from './server-keys';

/**
 * The identity of a presigned upload: an HMAC of the object key with a server key, sent as an
 * `x-amz-meta-…` form field that the POST policy pins. S3 stores it as the object's metadata, so the
 * ingest step can tell an object uploaded with the POST issued for its key from one put there any
 * other way (another key's POST fields with the key swapped, which S3 refuses but an emulator does
 * not). Every upload presigned by `presignUpload` carries it; an ingest calls `uploadedObject`.
 */
export const UPLOAD_IDENTITY_FIELD = 'x-amz-meta-upload-identity';
/** The same field as S3 returns it in HeadObject's Metadata (prefix removed, lower case). */
const METADATA_NAME = UPLOAD_IDENTITY_FIELD.slice('x-amz-meta-'.length);
const VERSION = 'v1';

function mac(objectKey: string, key: Buffer): string {
  return createHmac('sha256', key).update(`upload-identity:${VERSION}\n${objectKey}`).digest('base64url');
}

/** The value of the identity field for an upload to `objectKey`. */
export async function uploadIdentity(objectKey: string): Promise<string> {
  return `${VERSION}.${mac(objectKey, (await serverKeys()).upload)}`;
}

/** True when `value` is the identity issued for `objectKey` (compared in constant time). */
export async function identityMatches(objectKey: string, value: string | undefined): Promise<boolean> {
  if (!value) return false;
  const expected = Buffer.from(await uploadIdentity(objectKey));
  const given = Buffer.from(value);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface UploadedObject {
  readonly size: number;
  /** False: the object was not uploaded with the POST issued for its key. Treat it as foreign. */
  readonly signed: boolean;
}

/**
 * The object (the given version when the bucket is versioned), with whether it carries the identity
 * issued for its key: one HeadObject. Null when it is gone.
 */
export async function uploadedObject(bucket: string, key: string, versionId?: string): Promise<UploadedObject | null> {
  const head = await objectHead(bucket, key, versionId);
  if (!head) return null;
  return { size: head.size, signed: await identityMatches(key, head.metadata[METADATA_NAME]) };
}
