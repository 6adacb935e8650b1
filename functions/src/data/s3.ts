import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { config } from '../core/config';

let client: S3Client | undefined;

/** One S3 client per container; path-style addressing for the local emulator. */
export function s3(): S3Client {
  if (!client) {
    const { region, s3Endpoint } = config();
    client = new S3Client({ region, ...(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true } : {}) });
  }
  return client;
}

export async function putObject(
  key: string,
  body: Uint8Array | string,
  contentType: string,
  tag?: { readonly key: string; readonly value: string },
): Promise<void> {
  const bucket = config().filesBucket;
  await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  // A separate call rather than PutObject's Tagging header: the S3 emulator ignores that header,
  // and this way local runs and tests see the same tags as AWS.
  if (tag) {
    await s3().send(
      new PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging: { TagSet: [{ Key: tag.key, Value: tag.value }] } }),
    );
  }
}

export interface ObjectHead {
  readonly size: number;
  /** User metadata (`x-amz-meta-*`), names without the prefix, lower case. */
  readonly metadata: Record<string, string>;
}

/** HeadObject of the object (or of one version of it); null when it does not exist. */
export async function objectHead(bucket: string, key: string, versionId?: string): Promise<ObjectHead | null> {
  try {
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    return { size: head.ContentLength ?? 0, metadata: head.Metadata ?? {} };
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      return null;
    }
    throw error;
  }
}

/** The object's bytes as a stream (for hashing and sniffing in one pass). */
export async function objectStream(bucket: string, key: string, versionId?: string): Promise<AsyncIterable<Uint8Array>> {
  const result = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  return result.Body as AsyncIterable<Uint8Array>;
}

/**
 * Deletes the object: without a version id a delete marker on a versioned bucket; with one, exactly
 * that version (so the version before it is current again).
 */
export async function deleteObject(bucket: string, key: string, versionId?: string): Promise<void> {
  await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
}
