import * as z from 'zod';
import type { ItemKey } from '../data/batch';
import type { TableId } from '../data/tables';
import { updateWrite, type TransactItem } from '../data/transactions';
import { requiredText } from '../core/validation';
import { extensionMatches, fileTypeFor, MAX_FILE_BYTES } from './inspect/file-types';

/**
 * Files uploaded straight to S3 for something a user owns (a feedback's attachments, an inquiry
 * answer's files): the checks of an upload request, the stored shape every owner shares, and how
 * the ingest settles it. Each owner keeps its own items and keys and tells the ingest about them
 * through an `UploadKind` (files/ingest.ts).
 */

export type StoredUploadStatus = 'PENDING_UPLOAD' | 'AVAILABLE' | 'REJECTED' | 'EXPIRED';

/** What every uploaded file's item holds, whatever it belongs to. */
export interface UploadRecord {
  readonly pk: string;
  readonly sk: string;
  readonly tenantId: string;
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly s3Key: string;
  readonly status: StoredUploadStatus;
  readonly rejectReason: string | null;
  readonly sha256: string | null;
  readonly uploadedAt: string | null;
  /** The end of the presigned POST's validity; still PENDING_UPLOAD after it means EXPIRED. */
  readonly uploadExpiresAt: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** The state every upload item starts in: awaiting its file until the presigned POST expires. */
export function pendingUploadState(
  expiresAt: Date,
  createdBy: string,
  createdAt = new Date().toISOString(),
): Pick<UploadRecord, 'status' | 'rejectReason' | 'sha256' | 'uploadedAt' | 'uploadExpiresAt' | 'createdAt' | 'createdBy'> {
  return { status: 'PENDING_UPLOAD', rejectReason: null, sha256: null, uploadedAt: null, uploadExpiresAt: expiresAt.toISOString(), createdAt, createdBy };
}

/**
 * An upload that started inside its 15-minute window may finish later on a slow village line: the
 * file shows EXPIRED only after this grace, and the ingest accepts a late arrival anyway.
 */
export const EXPIRY_GRACE_MS = 15 * 60_000;

/** The checks of an upload request: a plain file name, an accepted type whose extension fits, 1 byte to 50 MB. */
export const uploadRequestSchema = z
  .object({
    fileName: requiredText(200).refine(
      (name) => ![...name].some((ch) => ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20),
      'must not contain slashes or control characters',
    ),
    contentType: z.string().refine((t) => fileTypeFor(t) !== undefined, 'this type of file is not accepted'),
    size: z.number().int().min(1, 'the file is empty').max(MAX_FILE_BYTES, 'files are at most 50 MB'),
  })
  .refine((u) => !fileTypeFor(u.contentType) || extensionMatches(u.fileName, u.contentType), {
    path: ['fileName'],
    message: 'the extension does not fit the content type',
  });

/** What a client sees: PENDING_UPLOAD turns EXPIRED once its window (and grace) has passed. */
export function visibleUploadStatus(a: Pick<UploadRecord, 'status' | 'uploadExpiresAt'>, now = Date.now()): StoredUploadStatus {
  if (a.status === 'PENDING_UPLOAD' && Date.parse(a.uploadExpiresAt) + EXPIRY_GRACE_MS < now) return 'EXPIRED';
  return a.status;
}

export type UploadOutcome =
  | { status: 'AVAILABLE'; sha256: string; uploadedAt: string }
  | { status: 'REJECTED' | 'EXPIRED'; rejectReason: string | null };

/**
 * Moves an upload out of the state it was read in (PENDING_UPLOAD, or AVAILABLE when its object was
 * replaced afterwards); the condition makes a repeated or racing event change nothing.
 */
export function settleUploadWrite(table: TableId, a: UploadRecord, outcome: UploadOutcome): TransactItem {
  const available = outcome.status === 'AVAILABLE';
  return updateWrite(table, { pk: a.pk, sk: a.sk }, {
    expression: available ? 'SET #status = :status, sha256 = :sha256, uploadedAt = :uploadedAt' : 'SET #status = :status, rejectReason = :reason',
    condition: '#status = :seen',
    names: { '#status': 'status' },
    values: available
      ? { ':status': outcome.status, ':sha256': outcome.sha256, ':uploadedAt': outcome.uploadedAt, ':seen': a.status }
      : { ':status': outcome.status, ':reason': outcome.rejectReason, ':seen': a.status },
  });
}

/**
 * One owner of uploads, as the ingest sees it: which object keys are its, where their items are,
 * and what else changes when one is rejected (a place given back).
 */
export interface UploadKind {
  /** For logs, e.g. `feedback attachment`. */
  readonly name: string;
  readonly table: TableId;
  /** The item of the object key, or null when the key is not this kind's. */
  itemOf(objectKey: string): ItemKey | null;
  /** Writes that join a rejection's transaction (e.g. giving the owner's place back); may be none. */
  onRejected(upload: UploadRecord): TransactItem[];
}
