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

export async function objectSize(bucket: string, key: string): Promise<number | null> {
  try {
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      return null;
    }
    throw error;
  }
}

/** The object's bytes as a stream (for hashing and sniffing in one pass). */
export async function objectStream(bucket: string, key: string): Promise<AsyncIterable<Uint8Array>> {
  const result = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return result.Body as AsyncIterable<Uint8Array>;
}

export async function deleteObject(bucket: string, key: string): Promise<void> {
  await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}
