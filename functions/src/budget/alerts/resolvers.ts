import type { Resolvers } from '../../generated/graphql';
import { toGlobalId } from '../../core/ids';
import { alertLocalId } from './keys';

/** Thin: unwrap arguments, call the alert service, shape alerts. */
export const alertResolvers: Resolvers = {
  Query: {
    alerts: (_p, args, ctx) => ctx.alerts.alerts(args),
    alertSummary: (_p, { year }, ctx) => ctx.alerts.summary(year),
    warningRules: (_p, _a, ctx) => ctx.alerts.rules(),
  },
  Mutation: {
    updateWarningRule: (_p, { input }, ctx) => ctx.alerts.updateRule(input),
  },
  Alert: {
    id: (a) => toGlobalId('Alert', alertLocalId(a)),
    subject: (a, _args, ctx) => ctx.alerts.subject(a) as never,
    unit: (a) => ({ code: a.unitCode, name: a.unitName }),
  },
  WarningRule: {
    id: (r) => toGlobalId('WarningRule', r.rule),
  },
  AlertSubject: {
    __resolveType: (subject) => {
      const type = (subject as { type?: string }).type;
      return (type === 'BudgetLine' || type === 'Payment' ? type : 'BudgetUnit') as never;
    },
  },
};
