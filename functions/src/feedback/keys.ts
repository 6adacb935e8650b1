import type { ItemKey } from '../data/batch';

/** Key builders of the feedback domain; each takes the tenant first. */
export const feedbackKeys = {
  feedback: (t: string, id: string): ItemKey => ({ pk: `${t}#FEEDBACK#${id}`, sk: 'FEEDBACK' }),
  feedbackPartition: (t: string, id: string) => `${t}#FEEDBACK#${id}`,
  attachment: (t: string, feedbackId: string, id: string): ItemKey => ({ pk: `${t}#FEEDBACK#${feedbackId}`, sk: `ATTACHMENT#${id}` }),
  byTenant: (t: string) => `${t}#FEEDBACK`,
  byConsultation: (t: string, consultationId: string) => `${t}#CONSULTATION#${consultationId}#FEEDBACK`,
  byContactPoint: (t: string, contactPointId: string) => `${t}#CP#${contactPointId}#FEEDBACK`,
  byDraft: (t: string, draftId: string) => `${t}#DRAFT#${draftId}#FEEDBACK`,
  consultationStats: (t: string, consultationId: string): ItemKey => ({ pk: `${t}#CONSULTATION#${consultationId}`, sk: '#FEEDBACK_STATS' }),
  draftStats: (t: string, draftId: string): ItemKey => ({ pk: `${t}#DRAFT#${draftId}`, sk: '#FEEDBACK_STATS' }),
  contactPointStats: (t: string, contactPointId: string): ItemKey => ({ pk: `${t}#CP#${contactPointId}`, sk: '#FEEDBACK_STATS' }),
  tenantStats: (t: string): ItemKey => ({ pk: `${t}#FEEDBACK`, sk: '#FEEDBACK_STATS' }),
};

/** S3 object keys live under the tenant's prefix; the key alone leads back to the attachment item. */
export function attachmentObjectKey(tenantId: string, feedbackId: string, attachmentId: string): string {
  return `${tenantId}/feedback/${feedbackId}/${attachmentId}`;
}

export function parseAttachmentObjectKey(key: string): { tenantId: string; feedbackId: string; attachmentId: string } | null {
  const match = /^([a-z][a-z0-9-]{1,39})\/feedback\/([0-9A-Z]{26})\/([0-9A-Z]{26})$/.exec(key);
  if (!match) return null;
  return { tenantId: match[1]!, feedbackId: match[2]!, attachmentId: match[3]! };
}
