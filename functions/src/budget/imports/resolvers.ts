import type { Resolvers } from '../../generated/graphql';
import { toGlobalId } from '../../core/ids';

/** Thin: unwrap arguments, call the import service, shape payloads. */
export const budgetImportResolvers: Resolvers = {
  Query: {
    budgetImportJobs: (_p, args, ctx) => ctx.budgetImports.jobs(args),
  },
  Mutation: {
    requestBudgetImport: async (_p, { input }, ctx) => {
      const { job, upload } = await ctx.budgetImports.requestImport(input);
      return {
        job,
        upload: {
          url: upload.url,
          fields: Object.entries(upload.fields).map(([name, value]) => ({ name, value })),
          expiresAt: upload.expiresAt,
        },
      };
    },
  },
  BudgetImportJob: {
    id: (job) => toGlobalId('BudgetImportJob', job.id),
    errors: (job, args, ctx) => ctx.budgetImports.errors(job, args),
    errorReportUrl: (job, _a, ctx) => ctx.budgetImports.errorReportUrl(job),
    // A job created but never uploaded to keeps WAITING_FOR_UPLOAD; clients read its upload window.
    startedAt: (job) => job.startedAt,
    finishedAt: (job) => job.finishedAt,
  },
};
