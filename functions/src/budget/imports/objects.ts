import type { Readable } from 'node:stream';
import { config } from '../../core/config';
// The S3 SDK loads on first use (data/s3.ts), not when the graphql function starts.
import { s3, s3Sdk } from '../../data/s3';

/** The import's CSV as a stream: whole, or (resuming) from a byte offset of the very same object. */
export interface ImportObject {
  readonly body: Readable;
  /** The whole object's size, whatever range was asked for. */
  readonly totalSize: number;
  readonly etag: string;
  /** The upload identity the form carried (x-amz-meta-upload-identity), if any. */
  readonly identity: string | undefined;
}

export async function openImportObject(key: string, from: { offset: number; etag: string } | null): Promise<ImportObject> {
  const [{ GetObjectCommand }, s3Client] = await Promise.all([s3Sdk(), s3()]);
  const result = await s3Client.send(
    new GetObjectCommand({
      Bucket: config().importsBucket,
      Key: key,
      ...(from ? { Range: `bytes=${from.offset}-`, IfMatch: from.etag } : {}),
    }),
  );
  const total = result.ContentRange ? Number(/\/(\d+)$/.exec(result.ContentRange)?.[1]) : Number(result.ContentLength ?? 0);
  return { body: result.Body as Readable, totalSize: total, etag: result.ETag ?? '', identity: result.Metadata?.['upload-identity'] };
}

/** The object's size and ETag without its bytes (a resume that starts at the end of the file). */
export async function importObjectIdentity(key: string): Promise<{ totalSize: number; etag: string }> {
  const [{ HeadObjectCommand }, s3Client] = await Promise.all([s3Sdk(), s3()]);
  const head = await s3Client.send(new HeadObjectCommand({ Bucket: config().importsBucket, Key: key }));
  return { totalSize: Number(head.ContentLength ?? 0), etag: head.ETag ?? '' };
}

/** Error reports sit beside the imports, under the tenant's prefix: `reports/<tenant>/budget/<job>.csv`. */
export function errorReportKey(tenantId: string, jobId: string): string {
  return `reports/${tenantId}/budget/${jobId}.csv`;
}

export async function putErrorReport(key: string, csv: string): Promise<void> {
  const [{ PutObjectCommand }, s3Client] = await Promise.all([s3Sdk(), s3()]);
  await s3Client.send(new PutObjectCommand({ Bucket: config().importsBucket, Key: key, Body: csv, ContentType: 'text/csv; charset=utf-8' }));
}
