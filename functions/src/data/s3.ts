import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
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

export const UPLOAD_WINDOW_SECONDS = 15 * 60;
export const DOWNLOAD_WINDOW_SECONDS = 5 * 60;

export interface PresignedPost {
  readonly url: string;
  readonly fields: Record<string, string>;
  readonly expiresAt: Date;
}

/**
 * A presigned POST for exactly one object: the key, the exact content type and an exact size
 * (content-length-range size..size). S3 enforces these; the ingest checks the bytes again.
 */
export async function presignUpload(key: string, contentType: string, size: number): Promise<PresignedPost> {
  const expiresAt = new Date(Date.now() + UPLOAD_WINDOW_SECONDS * 1000);
  const { url, fields } = await createPresignedPost(s3(), {
    Bucket: config().filesBucket,
    Key: key,
    Expires: UPLOAD_WINDOW_SECONDS,
    Fields: { 'Content-Type': contentType },
    Conditions: [
      ['eq', '$Content-Type', contentType],
      ['content-length-range', size, size],
    ],
  });
  return { url, fields, expiresAt };
}

/** A short-lived download link that saves the file under its original (possibly Chinese) name. */
export function presignDownload(key: string, fileName: string, contentType: string): Promise<string> {
  const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
  return getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: config().filesBucket,
      Key: key,
      ResponseContentDisposition: disposition,
      ResponseContentType: contentType,
    }),
    { expiresIn: DOWNLOAD_WINDOW_SECONDS },
  );
}

export async function putObject(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
  await s3().send(new PutObjectCommand({ Bucket: config().filesBucket, Key: key, Body: body, ContentType: contentType }));
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
