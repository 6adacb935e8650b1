import { toGlobalId } from '../core/ids';
import type { AttachmentRecord, FeedbackRecord } from './records';

/** Feedback entities as the API shows them, for the audit trail's before/after. */
export function feedbackAuditView(f: FeedbackRecord): Record<string, unknown> {
  return {
    consultation: toGlobalId('Consultation', f.consultationId),
    contactPoint: toGlobalId('ContactPoint', f.contactPointId),
    articleNumbers: [...f.articleNumbers],
    content: f.content,
    collectionMethod: f.collectionMethod,
    participantCount: f.participantCount,
    collectedOn: f.collectedOn,
    status: f.status,
    disposition: f.disposition ? { decision: f.disposition.decision, reply: f.disposition.reply } : null,
  };
}

export const feedbackEntity = (f: Pick<FeedbackRecord, 'id'>) => ({ entityType: 'Feedback', entityId: toGlobalId('Feedback', f.id) });

export function attachmentAuditView(a: AttachmentRecord): Record<string, unknown> {
  return { fileName: a.fileName, contentType: a.contentType, size: a.size, status: a.status };
}

export const attachmentEntity = (a: Pick<AttachmentRecord, 'feedbackId' | 'id'>) => ({
  entityType: 'Attachment',
  entityId: toGlobalId('Attachment', `${a.feedbackId}.${a.id}`),
});
