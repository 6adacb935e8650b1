import type { Resolvers } from '../../generated/graphql';
import { toGlobalId } from '../../core/ids';
import { formatFen } from '../money';
import { figuresView } from './figures';
import { findingLocalId, reportLocalId } from './keys';

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
  },
  Rectification: {
    amountRecovered: (r) => formatFen(r.amountRecoveredFen),
  },
};
