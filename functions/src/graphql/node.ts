import type { Resolvers } from '../generated/graphql';
import { decodeGlobalId, type NodeType } from '../core/ids';
import { NotFoundError } from '../core/errors';
import type { GraphQLContext } from './context';

type NodeFetcher = (localId: string, context: GraphQLContext) => Promise<{ type: string }>;

/** How `Query.node` fetches each type, through the same service read (and checks) as its own query. */
const fetchers: Record<NodeType, NodeFetcher> = {
  Tenant: (id, ctx) => ctx.tenancy.tenant(id),
  ContactPoint: (id, ctx) => ctx.tenancy.contactPoint(id),
  Draft: (id, ctx) => ctx.legislation.draft(id),
  DraftVersion: (id, ctx) => ctx.legislation.version(id),
  Article: (id, ctx) => ctx.legislation.article(id),
  Reading: (id, ctx) => ctx.legislation.reading(id),
  Consultation: (id, ctx) => ctx.consultations.consultation(id),
  ConsultationAssignment: (id, ctx) => ctx.consultations.assignment(id),
  Feedback: (id, ctx) => ctx.feedback.feedback(id),
  Attachment: (id, ctx) => ctx.attachments.attachment(id),
  BudgetLine: (id, ctx) => ctx.budget.line(id),
  Payment: (id, ctx) => ctx.budget.payment(id),
  BudgetImportJob: (id, ctx) => ctx.budgetImports.job(id),
  Alert: (id, ctx) => ctx.alerts.alert(id),
  AuditReport: (id, ctx) => ctx.findings.report(id),
  AuditFinding: (id, ctx) => ctx.findings.finding(id),
  RatingSession: (id, ctx) => ctx.ratings.session(id),
  RectificationFile: (id, ctx) => ctx.findings.file(id),
  WarningRule: (id, ctx) => ctx.alerts.rule(id),
  Inquiry: (id, ctx) => ctx.inquiries.inquiry(id),
  BudgetQuestion: (id, ctx) => ctx.questions.question(id),
};

export const nodeResolvers: Resolvers = {
  Query: {
    node: async (_parent, { id }, ctx) => {
      const decoded = decodeGlobalId(id);
      if (!decoded) throw new NotFoundError('Node');
      return fetchers[decoded.type](decoded.localId, ctx) as never;
    },
  },
  Node: {
    __resolveType: (node) => (node as unknown as { type: string }).type as never,
  },
};
