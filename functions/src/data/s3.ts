import type * as S3SdkModule from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { config } from '../core/config';

type S3Sdk = typeof S3SdkModule;

let sdk: Promise<S3Sdk> | undefined;
let client: Promise<S3Client> | undefined;

/**
 * The S3 SDK, loaded when first used: only attachment and export operations need it, and requiring
 * its packages at start-up cost every cold start ~80 ms and 9 MiB.
 */
export function s3Sdk(): Promise<S3Sdk> {
  sdk ??= import('@aws-sdk/client-s3');
  return sdk;
}

/** One S3 client per container; path-style addressing for the local emulator. */
export function s3(): Promise<S3Client> {
  client ??= s3Sdk().then(({ S3Client }) => {
    const { region, s3Endpoint } = config();
    return new S3Client({ region, ...(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true } : {}) });
  });
  return client;
}

export async function putObject(
  key: string,
  body: Uint8Array | string,
  contentType: string,
  tag?: { readonly key: string; readonly value: string },
): Promise<void> {
  const bucket = config().filesBucket;
  const [{ PutObjectCommand, PutObjectTaggingCommand }, s3Client] = await Promise.all([s3Sdk(), s3()]);
  await s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  // A separate call rather than PutObject's Tagging header: the S3 emulator ignores that header,
  // and this way local runs and tests see the same tags as AWS.
  if (tag) {
    await s3Client.send(
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
  const [{ HeadObjectCommand }, s3Client] = await Promise.all([s3Sdk(), s3()]);
  try {
    const head = await s3Client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
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
  const [{ GetObjectCommand }, s3Client] = await Promise.all([s3Sdk(), s3()]);
  const result = await s3Client.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  return result.Body as AsyncIterable<Uint8Array>;
}

/**
 * Deletes the object: without a version id a delete marker on a versioned bucket; with one, exactly
 * that version (so the version before it is current again).
 */
export async function deleteObject(bucket: string, key: string, versionId?: string): Promise<void> {
  const [{ DeleteObjectCommand }, s3Client] = await Promise.all([s3Sdk(), s3()]);
  await s3Client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
}
