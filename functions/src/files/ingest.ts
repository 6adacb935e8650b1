import type { Logger } from '@aws-lambda-powertools/logger';
import { getItem } from '../data/items';
import { deleteObject, objectStream } from '../data/s3';
import { uploadedObject } from '../data/upload-identity';
import { transactWrite, TransactionConditionFailed, type TransactItem } from '../data/transactions';
import { fileTypeFor, MAX_FILE_BYTES } from './inspect/file-types';
import { sha256AndHead } from './inspect/sha256';
import { bytesMatchType } from './inspect/sniff';
import { settleUploadWrite, type UploadKind, type UploadOutcome, type UploadRecord } from './uploads';

export type IngestOutcome =
  | 'AVAILABLE'
  | 'REJECTED'
  | 'DELETED_FOREIGN_OBJECT'
  | 'IGNORED_UNKNOWN_KEY'
  | 'IGNORED_ALREADY_SETTLED'
  | 'IGNORED_MISSING_OBJECT';

/** Why the bytes do not fit what was declared, or null when they do. */
function refusal(a: UploadRecord, size: number, head: Uint8Array): string | null {
  if (size !== a.size) return `the file has ${size} bytes, but ${a.size} were declared`;
  if (size > MAX_FILE_BYTES) return 'files are at most 50 MB';
  if (!fileTypeFor(a.contentType)) return 'this type of file is not accepted';
  const match = bytesMatchType(head, a.contentType);
  return match.ok ? null : match.reason;
}

/** The item an object key belongs to, among the kinds of upload, with its kind; null when none claims it. */
async function findUpload(kinds: readonly UploadKind[], key: string): Promise<{ kind: UploadKind; attachment: UploadRecord } | null> {
  for (const kind of kinds) {
    const itemKey = kind.itemOf(key);
    if (!itemKey) continue;
    const attachment = await getItem<UploadRecord>(kind.table, itemKey, { consistent: true });
    return attachment ? { kind, attachment } : null;
  }
  return null;
}

/**
 * Checks one uploaded object against its upload item (a feedback attachment, an inquiry answer's
 * file: whichever of `kinds` claims the key): that it came with the POST issued for its key, then
 * size, magic bytes, SHA-256. Marks it AVAILABLE or REJECTED (deleting the object). The same event
 * twice changes nothing: the update is conditioned on the state it was read in, and a settled
 * upload is only re-checked for replaced bytes. Keys no kind knows are ignored. `versionId` (set by
 * S3 on a versioned bucket) pins every read and delete to the object of this event.
 */
export async function ingestObject(
  kinds: readonly UploadKind[],
  bucket: string,
  key: string,
  logger: Logger,
  versionId?: string,
): Promise<IngestOutcome> {
  const found = await findUpload(kinds, key);
  if (!found) {
    logger.warn('Object with no attachment ignored', { bucket, key });
    return 'IGNORED_UNKNOWN_KEY';
  }
  const { kind, attachment } = found;
  const settleAs = (outcome: UploadOutcome): TransactItem[] => [
    settleUploadWrite(kind.table, attachment, outcome),
    ...(outcome.status === 'AVAILABLE' ? [] : kind.onRejected(attachment)),
  ];
  const object = await uploadedObject(bucket, key, versionId);
  if (object === null) return 'IGNORED_MISSING_OBJECT';
  if (!object.signed) {
    // Not uploaded with this attachment's POST: someone else's bytes under its key. They are
    // deleted and the attachment is left as it was, so its owner's upload (pending or already
    // checked; on a versioned bucket the deleted version uncovers it) is unharmed.
    await deleteObject(bucket, key, versionId);
    logger.warn('Object without the identity of its key deleted', { key, versionId, status: attachment.status });
    return 'DELETED_FOREIGN_OBJECT';
  }
  const { size } = object;
  if (attachment.status !== 'PENDING_UPLOAD') return recheckSettled(attachment, settleAs, bucket, key, size, logger, versionId);
  const check = await inspect(attachment, bucket, key, size, versionId);

  if (check.ok) {
    const settled = await settle(settleAs({ status: 'AVAILABLE', sha256: check.sha256, uploadedAt: new Date().toISOString() }));
    if (settled) logger.info('Attachment available', { key, kind: kind.name });
    return settled ? 'AVAILABLE' : 'IGNORED_ALREADY_SETTLED';
  }
  const settled = await settle(settleAs({ status: 'REJECTED', rejectReason: check.reason }));
  if (!settled) return 'IGNORED_ALREADY_SETTLED';
  await deleteObject(bucket, key);
  logger.info('Attachment rejected', { key, kind: kind.name, reason: check.reason });
  return 'REJECTED';
}

/**
 * An event for an attachment already settled: a duplicate delivery (the object is what was checked:
 * nothing changes), or the presigned POST replayed within its window to put other bytes under the
 * key. Replaced bytes were never checked, so they are deleted and the attachment REJECTED.
 */
async function recheckSettled(
  attachment: UploadRecord,
  settleAs: (outcome: UploadOutcome) => TransactItem[],
  bucket: string,
  key: string,
  size: number,
  logger: Logger,
  versionId: string | undefined,
): Promise<IngestOutcome> {
  if (attachment.status !== 'AVAILABLE') {
    // A rejected or expired attachment has no object; whatever arrived since is unchecked.
    await deleteObject(bucket, key);
    logger.warn('Object for a settled attachment deleted', { key, status: attachment.status });
    return 'IGNORED_ALREADY_SETTLED';
  }
  const same = size === attachment.size && (await sha256AndHead(await objectStream(bucket, key, versionId))).sha256 === attachment.sha256;
  if (same) return 'IGNORED_ALREADY_SETTLED';
  const settled = await settle(settleAs({ status: 'REJECTED', rejectReason: 'the file was replaced after it had been checked' }));
  if (!settled) return 'IGNORED_ALREADY_SETTLED';
  await deleteObject(bucket, key);
  logger.warn('Replaced object rejected', { key });
  return 'REJECTED';
}

type Check = { ok: true; sha256: string } | { ok: false; reason: string };

/** Reads the object once (hash and leading bytes together), unless its size already disqualifies it. */
async function inspect(attachment: UploadRecord, bucket: string, key: string, size: number, versionId: string | undefined): Promise<Check> {
  const early = size > MAX_FILE_BYTES || size !== attachment.size ? refusal(attachment, size, new Uint8Array()) : null;
  if (early) return { ok: false, reason: early };
  const { sha256, head, size: read } = await sha256AndHead(await objectStream(bucket, key, versionId));
  const problem = refusal(attachment, read, head);
  return problem ? { ok: false, reason: problem } : { ok: true, sha256 };
}

/** False when a concurrent delivery of the same event settled it first. */
async function settle(writes: TransactItem[]): Promise<boolean> {
  try {
    await transactWrite(writes);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
}
