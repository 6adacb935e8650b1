import type { Resolvers } from '../generated/graphql';
import { DateScalar, DateTime, Decimal } from './scalars';
import { nodeResolvers } from './node';
import { tenancyResolvers } from '../tenancy/resolvers';
import { legislationResolvers } from '../legislation/resolvers';
import { feedbackResolvers } from '../feedback/resolvers';
import { auditResolvers } from '../audit/resolvers';
import { budgetReadResolvers } from '../budget/resolvers';
import { budgetImportResolvers } from '../budget/imports/resolvers';
import { alertResolvers } from '../budget/alerts/resolvers';
import { findingResolvers } from '../budget/findings/resolvers';
import { ratingResolvers } from '../budget/ratings/resolvers';
import { inquiryResolvers } from '../budget/inquiries/resolvers';
import { questionResolvers } from '../budget/questions/resolvers';

/** Every domain's resolvers, merged per type. */
function merge(...parts: Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) {
      merged[type] = { ...(merged[type] ?? {}), ...(fields as Record<string, unknown>) };
    }
  }
  return merged as Resolvers;
}

export const resolvers: Resolvers = merge(
  { DateTime, Date: DateScalar, Decimal } as Resolvers,
  nodeResolvers,
  tenancyResolvers,
  legislationResolvers,
  feedbackResolvers,
  auditResolvers,
  budgetReadResolvers,
  budgetImportResolvers,
  alertResolvers,
  findingResolvers,
  ratingResolvers,
  inquiryResolvers,
  questionResolvers,
);
