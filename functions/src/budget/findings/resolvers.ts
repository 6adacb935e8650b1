import type { Resolvers } from '../../generated/graphql';
import { toGlobalId } from '../../core/ids';
import { formatFen } from '../money';
import { figuresView } from './figures';
import { fileLocalId } from './files';
import { findingLocalId, reportLocalId } from './keys';
import type { AuditFindingRecord } from './records';
import { visibleUploadStatus } from '../../files/uploads';

/** Thin: unwrap arguments, call the finding service, shape reports and findings. */
export const findingResolvers: Resolvers = {
  Query: {
    auditReports: (_p, { year }, ctx) => ctx.findings.reports(year),
    auditFindings: (_p, args, ctx) => ctx.findings.findings(args),
    auditUnitStats: (_p, { year }, ctx) => ctx.findings.unitStats(year),
  },
  Mutation: {
    createAuditReport: (_p, { input }, ctx) => ctx.findings.createReport(input),
    updateAuditReport: (_p, { input }, ctx) => ctx.findings.updateReport(input),
    createAuditFinding: (_p, { input }, ctx) => ctx.findings.createFinding(input),
    updateAuditFinding: (_p, { input }, ctx) => ctx.findings.updateFinding(input),
    reportRectification: (_p, { input }, ctx) => ctx.findings.reportRectification(input),
    requestRectificationUpload: async (_p, { input }, ctx) => {
      const { file, upload } = await ctx.findings.requestUpload(input);
      return { file, upload: { url: upload.url, fields: Object.entries(upload.fields).map(([name, value]) => ({ name, value })), expiresAt: upload.expiresAt } };
    },
  },
  AuditReport: {
    id: (r) => toGlobalId('AuditReport', reportLocalId(r)),
    findings: (r, args, ctx) => ctx.findings.reportFindings(r, args),
    stats: (r) => r,
    unitStats: (r, _a, ctx) => ctx.findings.reportUnitStats(r),
    ratingSessions: (r, _a, ctx) => ctx.ratings.sessionsOfReport(r),
  },
  AuditFigures: {
    findingCount: (f) => figuresView(f).findingCount,
    rectifiedCount: (f) => figuresView(f).rectifiedCount,
    amountInvolved: (f) => figuresView(f).amountInvolved,
    amountRectified: (f) => figuresView(f).amountRectified,
    rectificationRate: (f) => figuresView(f).rectificationRate,
  },
  AuditUnitFigures: {
    unit: (u) => ({ code: u.unitCode, name: u.unitName }),
    figures: (u) => u.figures,
  },
  AuditFinding: {
    id: (f) => toGlobalId('AuditFinding', findingLocalId(f)),
    report: (f, _a, ctx) => ctx.findings.report(reportLocalId({ id: f.reportId, year: f.year })),
    unit: (f) => ({ code: f.unitCode, name: f.unitName }),
    amount: (f) => formatFen(f.amountFen),
    status: (f, _a, ctx) => ctx.findings.statusOf(f),
    relatedAlerts: (f, _a, ctx) => ctx.findings.relatedAlerts(f),
    files: (f, _a, ctx) => ctx.findings.filesOf(f),
    questions: (f, args, ctx) => ctx.questions.questionsOfSubject('AuditFinding', findingLocalId(f), args),
    // Steps carry their finding's key so their files resolve through the request's loader.
    rectifications: (f) => f.rectifications.map((r) => ({ ...r, finding: f })),
  },
  RectificationFile: {
    id: (file) => toGlobalId('RectificationFile', fileLocalId(file)),
    status: (file) => visibleUploadStatus(file),
    downloadUrl: (file, _a, ctx) => ctx.findings.downloadUrl(file),
  },
  Rectification: {
    amountRecovered: (r) => formatFen(r.amountRecoveredFen),
    attachments: (r, _a, ctx) => ctx.findings.filesOfStep((r as typeof r & { finding: AuditFindingRecord }).finding, r.fileIds ?? []),
  },
};
