import { config } from '../core/config';
import { s3, s3Sdk } from './s3';
import { UPLOAD_IDENTITY_FIELD, uploadIdentity } from './upload-identity';

/**
 * Presigned uploads and downloads (the graphql function only; the ingest function needs none). The
 * presigner packages load on first use, like the S3 SDK itself (data/s3.ts).
 */
export const UPLOAD_WINDOW_SECONDS = 15 * 60;
export const DOWNLOAD_WINDOW_SECONDS = 5 * 60;

export interface PresignedPost {
  readonly url: string;
  readonly fields: Record<string, string>;
  readonly expiresAt: Date;
}

/**
 * A presigned POST for exactly one object: the key, the exact content type, an exact size
 * (content-length-range size..size) and the upload's identity for that key (data/upload-identity.ts).
 * S3 enforces these; the ingest checks the identity and the bytes again (`uploadedObject`).
 */
export async function presignUpload(
  key: string,
  contentType: string,
  size: number,
  bucket: string = config().filesBucket,
): Promise<PresignedPost> {
  const expiresAt = new Date(Date.now() + UPLOAD_WINDOW_SECONDS * 1000);
  const identity = await uploadIdentity(key);
  const [{ createPresignedPost }, s3Client] = await Promise.all([import('@aws-sdk/s3-presigned-post'), s3()]);
  const { url, fields } = await createPresignedPost(s3Client, {
    Bucket: bucket,
    Key: key,
    Expires: UPLOAD_WINDOW_SECONDS,
    Fields: { 'Content-Type': contentType, [UPLOAD_IDENTITY_FIELD]: identity },
    Conditions: [
      ['eq', '$Content-Type', contentType],
      ['eq', `$${UPLOAD_IDENTITY_FIELD}`, identity],
      ['content-length-range', size, size],
    ],
  });
  return { url, fields, expiresAt };
}

/** A short-lived download link that saves the file under its original (possibly Chinese) name. */
export async function presignDownload(
  key: string,
  fileName: string,
  contentType: string,
  bucket: string = config().filesBucket,
): Promise<string> {
  const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
  const [{ getSignedUrl }, { GetObjectCommand }, s3Client] = await Promise.all([
    import('@aws-sdk/s3-request-presigner'),
    s3Sdk(),
    s3(),
  ]);
  return getSignedUrl(
    s3Client,
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: disposition,
      ResponseContentType: contentType,
    }),
    { expiresIn: DOWNLOAD_WINDOW_SECONDS },
  );
}

