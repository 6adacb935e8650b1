import type { S3Event } from 'aws-lambda';
import { createLogger } from '../core/logger';
import { inquiryFileUploads } from '../budget/inquiries/upload-kind';
import { feedbackAttachmentUploads } from '../feedback/upload-kind';
import { rectificationFileUploads } from '../budget/findings/files';
import { ingestObject, type IngestOutcome } from './ingest';
import type { UploadKind } from './uploads';

const logger = createLogger('file-ingest');

/** Every kind of upload the files bucket receives; each claims its own object keys. */
const UPLOAD_KINDS: readonly UploadKind[] = [feedbackAttachmentUploads, inquiryFileUploads, rectificationFileUploads];

/** S3 event keys are URL-encoded with '+' for spaces. */
function objectKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/**
 * Entry for S3 ObjectCreated events on the files bucket: each new object is checked against the
 * attachment it was uploaded for (first: that it carries the identity signed into that upload's POST). A failure is thrown so Lambda retries the event; ingesting is
 * idempotent, so a retry or a duplicate delivery changes nothing already settled.
 */
export async function handler(event: S3Event): Promise<{ key: string; outcome: IngestOutcome }[]> {
  const results: { key: string; outcome: IngestOutcome }[] = [];
  for (const record of event.Records ?? []) {
    if (!record.eventName?.startsWith('ObjectCreated:')) continue;
    const key = objectKey(record.s3.object.key);
    // On a versioned bucket the record names the version this event is about.
    results.push({ key, outcome: await ingestObject(UPLOAD_KINDS, record.s3.bucket.name, key, logger, record.s3.object.versionId || undefined) });
  }
  return results;
}
