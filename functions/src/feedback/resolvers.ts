import type { Resolvers } from '../generated/graphql';
import { expectGlobalId, toGlobalId } from '../core/ids';
import { found } from '../core/errors';
import { visibleStatus } from './attachments';
import { exportConsultationFeedback } from './export';

const feedbackId = (id: string, field: string) => expectGlobalId(id, 'Feedback', field);

/** Thin: unwrap arguments, call the services, shape payloads. */
export const feedbackResolvers: Resolvers = {
  Query: {
    feedback: (_p, { id }, ctx) => ctx.feedback.feedback(feedbackId(id, 'id')),
    feedbackList: (_p, args, ctx) => ctx.feedback.feedbackList(args),
    exportFeedback: (_p, { consultationId }, ctx) =>
      exportConsultationFeedback(ctx.principal, expectGlobalId(consultationId, 'Consultation', 'consultationId'), ctx),
  },
  Mutation: {
    submitFeedback: async (_p, { input }, ctx) => ({
      feedback: await ctx.feedback.submitFeedback({
        ...input,
        consultationId: expectGlobalId(input.consultationId, 'Consultation', 'consultationId'),
      }),
    }),
    updateFeedback: async (_p, { input }, ctx) => ({
      feedback: await ctx.feedback.updateFeedback({ ...input, id: feedbackId(input.id, 'id') }),
    }),
    withdrawFeedback: async (_p, { input }, ctx) => ({
      feedback: await ctx.feedback.withdrawFeedback({ ...input, id: feedbackId(input.id, 'id') }),
    }),
    startReview: async (_p, { input }, ctx) => ({
      feedback: await ctx.feedback.startReview({ ...input, id: feedbackId(input.id, 'id') }),
    }),
    answerFeedback: async (_p, { input }, ctx) => ({
      feedback: await ctx.feedback.answerFeedback({ ...input, id: feedbackId(input.id, 'id') }),
    }),
    requestAttachmentUpload: async (_p, { input }, ctx) => {
      const { attachment, upload } = await ctx.attachments.requestUpload({ ...input, feedbackId: feedbackId(input.feedbackId, 'feedbackId') });
      return {
        attachment,
        upload: {
          url: upload.url,
          fields: Object.entries(upload.fields).map(([name, value]) => ({ name, value })),
          expiresAt: upload.expiresAt,
        },
      };
    },
  },
  Feedback: {
    id: (f) => toGlobalId('Feedback', f.id),
    consultation: (f, _a, ctx) => ctx.consultations.consultationUnchecked(f.consultationId),
    draft: (f, _a, ctx) => found(ctx.legislation.loadDraft(f.draftId), 'Draft'),
    version: (f, _a, ctx) => found(ctx.legislation.loadVersionById(f.versionId), 'Draft version'),
    contactPoint: (f, _a, ctx) => found(ctx.tenancy.findContactPoint(f.contactPointId), 'Contact point'),
    articleNumbers: (f) => [...f.articleNumbers],
    attachments: (f, _a, ctx) => ctx.attachments.attachmentsOf(f),
  },
  Attachment: {
    id: (a) => toGlobalId('Attachment', `${a.feedbackId}.${a.id}`),
    status: (a) => visibleStatus(a),
    downloadUrl: (a, _args, ctx) => ctx.attachments.downloadUrl(a),
  },
  Consultation: {
    stats: (c, _a, ctx) => ctx.feedback.consultationStats(c.id),
  },
  Draft: {
    feedbackStats: (d, _a, ctx) => ctx.feedback.draftStats(d.id),
  },
  ContactPoint: {
    stats: (cp, _a, ctx) => ctx.feedback.contactPointStats(cp.id),
  },
  ContactPointFeedbackCount: {
    contactPoint: (c, _a, ctx) => found(ctx.tenancy.findContactPoint(c.contactPointId), 'Contact point'),
  },
};
