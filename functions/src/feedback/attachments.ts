import type { Principal } from '../core/auth';
import { requireRole } from '../core/auth';
import { BadInputError, ConflictError, NotFoundError } from '../core/errors';
import { newId } from '../core/ids';
import { parseInput } from '../core/validation';
import { presignDownload, presignUpload, type PresignedPost } from '../data/s3-presign';
import { recordChange, type RequestInfo } from '../data/audit';
import { transactWrite, TransactionConditionFailed } from '../data/transactions';
import { pendingUploadState, uploadRequestSchema, visibleUploadStatus } from '../files/uploads';
import { attachmentObjectKey, feedbackKeys as keys } from './keys';
import type { AttachmentRecord, FeedbackRecord, StoredAttachmentStatus } from './records';
import * as repo from './repository';
import type { FeedbackService } from './service';
import { attachmentAuditView, attachmentEntity } from './audit-views';

export const MAX_ATTACHMENTS_PER_FEEDBACK = 20;
/** Rejected and expired uploads stay listed; this bounds the list (and the feedback item's size). */
export const MAX_UPLOAD_REQUESTS_PER_FEEDBACK = 60;

/** What a client sees: PENDING_UPLOAD turns EXPIRED once its window (and grace) has passed. */
export function visibleStatus(a: AttachmentRecord, now = Date.now()): StoredAttachmentStatus {
  return visibleUploadStatus(a, now);
}

/** Attachments of feedback: upload requests, listing and download links. One per request. */
export class AttachmentService {
  constructor(
    private readonly principal: Principal,
    private readonly feedback: FeedbackService,
    private readonly request: RequestInfo,
  ) {}

  async requestUpload(args: { feedbackId: string; fileName: string; contentType: string; size: number }): Promise<{
    attachment: AttachmentRecord;
    upload: PresignedPost;
  }> {
    requireRole(this.principal, 'CONTACT_POINT_LIAISON');
    const input = parseInput(uploadRequestSchema, { fileName: args.fileName, contentType: args.contentType, size: args.size });
    const feedback = await this.feedback.feedback(args.feedbackId);
    if (feedback.status !== 'SUBMITTED') throw new ConflictError(`The feedback is ${feedback.status}: files can no longer be added`);
    if (feedback.attachmentCount >= MAX_ATTACHMENTS_PER_FEEDBACK) await this.freeExpiredPlaces(feedback);

    const id = newId();
    const s3Key = attachmentObjectKey(feedback.tenantId, feedback.id, id);
    const upload = await presignUpload(s3Key, input.contentType, input.size);
    const attachment: AttachmentRecord = {
      ...keys.attachment(feedback.tenantId, feedback.id, id),
      type: 'Attachment',
      tenantId: feedback.tenantId,
      id,
      feedbackId: feedback.id,
      ...input,
      s3Key,
      ...pendingUploadState(upload.expiresAt, this.principal.userId),
    };
    try {
      await transactWrite([
        repo.takeAttachmentPlaceWrite(feedback, id, { held: MAX_ATTACHMENTS_PER_FEEDBACK, total: MAX_UPLOAD_REQUESTS_PER_FEEDBACK }),
        repo.putAttachmentWrite(attachment),
        recordChange(this.principal, this.request, {
          ...attachmentEntity(attachment),
          operation: 'requestAttachmentUpload',
          before: null,
          after: attachmentAuditView(attachment),
        }),
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) {
        throw new BadInputError(
          'feedbackId',
          `feedbackId: a feedback holds at most ${MAX_ATTACHMENTS_PER_FEEDBACK} files (and ${MAX_UPLOAD_REQUESTS_PER_FEEDBACK} upload requests)`,
        );
      }
      throw error;
    }
    return { attachment, upload };
  }

  /** Uploads that never arrived give their places back (only looked for when all are taken). */
  private async freeExpiredPlaces(feedback: FeedbackRecord): Promise<void> {
    const expired = (await repo.listAttachments(feedback.tenantId, feedback.id)).filter((a) => visibleStatus(a) === 'EXPIRED');
    for (const a of expired) {
      await transactWrite([
        repo.settleAttachmentWrite(a, { status: 'EXPIRED', rejectReason: 'the upload window passed without a file' }),
        repo.freeAttachmentPlaceWrite(a.tenantId, a.feedbackId),
      ]).catch((error) => {
        if (!(error instanceof TransactionConditionFailed)) throw error;
      });
    }
  }

  /** One attachment, for whoever may read its feedback; NOT_FOUND for anyone else. */
  async attachment(localId: string): Promise<AttachmentRecord> {
    const [feedbackId, attachmentId] = localId.split('.');
    const feedback = await this.feedback.feedback(feedbackId ?? '').catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    const found = feedback && (await this.feedback.loadAttachments(feedback)).find((a) => a.id === attachmentId);
    if (!found) throw new NotFoundError('Attachment');
    return found;
  }

  /** The attachments of a feedback the caller may read, oldest first: batch-read with the page's others. */
  attachmentsOf(feedback: FeedbackRecord): Promise<AttachmentRecord[]> {
    return this.feedback.loadAttachments(feedback);
  }

  /** A 5-minute link, only for an AVAILABLE file (the caller got here through a readable feedback). */
  async downloadUrl(attachment: AttachmentRecord): Promise<string | null> {
    if (attachment.status !== 'AVAILABLE') return null;
    const feedback = await this.feedback.load(attachment.feedbackId);
    if (!feedback || !this.feedback.mayRead(feedback)) throw new NotFoundError('Attachment');
    return presignDownload(attachment.s3Key, attachment.fileName, attachment.contentType);
  }
}
