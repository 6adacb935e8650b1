import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../core/config';
import { s3 } from './s3';

/** Presigned uploads and downloads (the graphql function only; the ingest function needs none). */
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
export async function presignUpload(
  key: string,
  contentType: string,
  size: number,
  bucket: string = config().filesBucket,
): Promise<PresignedPost> {
  const expiresAt = new Date(Date.now() + UPLOAD_WINDOW_SECONDS * 1000);
  const { url, fields } = await createPresignedPost(s3(), {
    Bucket: bucket,
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
export function presignDownload(key: string, fileName: string, contentType: string, bucket: string = config().filesBucket): Promise<string> {
  const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
  return getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: disposition,
      ResponseContentType: contentType,
    }),
    { expiresIn: DOWNLOAD_WINDOW_SECONDS },
  );
}

