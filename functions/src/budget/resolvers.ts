import type { Resolvers } from '../generated/graphql';
import { toGlobalId } from '../core/ids';
import { found } from '../core/errors';
import { exportBudgetLines } from './export';
import { formatFen } from './money';
import { lineLocalId, paymentLocalId } from './service';

/** Thin: unwrap arguments, call the budget service, shape lines and payments. */
export const budgetReadResolvers: Resolvers = {
  Query: {
    budgetOverview: (_p, args, ctx) => ctx.budget.overview(args),
    budgetBreakdown: (_p, args, ctx) => ctx.budget.breakdown(args),
    budgetLines: (_p, args, ctx) => ctx.budget.lines(args),
    payments: (_p, args, ctx) => ctx.budget.payments(args),
    threePublicSpending: (_p, args, ctx) => ctx.budget.threePublic(args),
    budgetTrend: (_p, args, ctx) => ctx.budget.trend(args),
    exportBudgetLines: (_p, args, ctx) => exportBudgetLines(ctx.budget, ctx.principal.tenantId, args),
  },
  BudgetLine: {
    id: (line) => toGlobalId('BudgetLine', lineLocalId(line)),
    unit: (line) => ({ code: line.unitCode, name: line.unitName }),
    function: (line) => ({ code: line.functionCode, name: line.functionName }),
    economic: (line) => ({ code: line.economicCode, name: line.economicName }),
    project: (line) => ({ code: line.projectCode, name: line.projectName }),
    approved: (line) => formatFen(line.approved),
    adjusted: (line) => formatFen(line.adjusted),
    adjustments: (line) => line.adjustments.map((a) => ({ from: formatFen(a.from), to: formatFen(a.to), at: a.at })),
    executedToDate: async (line, { period }, ctx) => formatFen(await ctx.budget.lineExecutedToDate(line, period)),
    executionRate: (line, { period }, ctx) => ctx.budget.lineExecutionRate(line, period),
    monthly: (line, _a, ctx) => ctx.budget.lineMonthly(line),
    paid: (line) => formatFen(line.paid),
    payments: (line, args, ctx) => ctx.budget.linePayments(line, args),
  },
  Payment: {
    id: (p) => toGlobalId('Payment', paymentLocalId(p)),
    payee: (p, _a, ctx) => ctx.budget.payeeShown(p.payee),
    amount: (p) => formatFen(p.amount),
    line: (p, _a, ctx) => found(ctx.budget.loadLine(p.year, p.lineKey), 'Budget line'),
  },
};
