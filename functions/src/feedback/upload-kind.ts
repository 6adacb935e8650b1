import type { UploadKind } from '../files/uploads';
import { feedbackKeys, parseAttachmentObjectKey } from './keys';
import type { AttachmentRecord } from './records';
import { freeAttachmentPlaceWrite } from './repository';

/** Feedback attachments as the file ingest sees them: `<t>/feedback/<f>/<a>`; a rejection gives the feedback's place back. */
export const feedbackAttachmentUploads: UploadKind = {
  name: 'feedback attachment',
  table: 'feedback',
  itemOf(objectKey) {
    const parsed = parseAttachmentObjectKey(objectKey);
    return parsed ? feedbackKeys.attachment(parsed.tenantId, parsed.feedbackId, parsed.attachmentId) : null;
  },
  onRejected(upload) {
    const a = upload as AttachmentRecord;
    return [freeAttachmentPlaceWrite(a.tenantId, a.feedbackId)];
  },
};
