import type { Resolvers } from '../../generated/graphql';
import { toGlobalId } from '../../core/ids';
import { visibleUploadStatus } from '../../files/uploads';
import { alertLocalId } from '../alerts/keys';
import { inquiryLocalId } from './keys';

/** Thin: unwrap arguments, call the inquiry service, shape inquiries. */
export const inquiryResolvers: Resolvers = {
  Query: {
    inquiries: (_p, args, ctx) => ctx.inquiries.inquiries(args),
  },
  Mutation: {
    sendInquiry: async (_p, { input }, ctx) => ({ inquiry: await ctx.inquiries.send(input) }),
    requestInquiryAnswerUpload: async (_p, { input }, ctx) => {
      const { file, upload } = await ctx.inquiries.requestAnswerUpload(input);
      return {
        attachment: file,
        upload: { url: upload.url, fields: Object.entries(upload.fields).map(([name, value]) => ({ name, value })), expiresAt: upload.expiresAt },
      };
    },
    answerInquiry: async (_p, { input }, ctx) => ({ inquiry: await ctx.inquiries.answer(input) }),
    returnInquiryAnswer: async (_p, { input }, ctx) => ({ inquiry: await ctx.inquiries.returnAnswer(input) }),
    closeAlert: async (_p, { input }, ctx) => ({ alert: await ctx.inquiries.closeAlert(input) }),
    dismissAlert: async (_p, { input }, ctx) => ({ alert: await ctx.inquiries.dismissAlert(input) }),
  },
  Inquiry: {
    id: (i) => toGlobalId('Inquiry', inquiryLocalId(i)),
    unit: (i) => ({ code: i.unitCode, name: i.unitName }),
    answer: (i) => (i.answer ? { ...i.answer, inquiry: i } : null),
    overdueDays: (i, _a, ctx) => ctx.inquiries.overdueDays(i),
    alerts: (i, _a, ctx) => ctx.inquiries.alertsOf(i),
  },
  InquiryAnswer: {
    attachments: (a, _args, ctx) => ctx.inquiries.filesOf(a.inquiry),
  },
  InquiryAttachment: {
    status: (f) => visibleUploadStatus(f),
    downloadUrl: (f, _a, ctx) => ctx.inquiries.downloadUrl(f),
  },
  Alert: {
    inquiries: (a, _args, ctx) => ctx.inquiries.inquiriesOf(a),
    latestInquiry: (a, _args, ctx) => ctx.inquiries.latestInquiryOf(a),
    questions: (a, args, ctx) => ctx.questions.questionsOfSubject('Alert', alertLocalId(a), args),
  },
};
