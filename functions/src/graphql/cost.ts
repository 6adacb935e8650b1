/**
 * Query cost: a validation rule that estimates what an operation will read before it runs, and
 * refuses it (GRAPHQL_VALIDATION_FAILED) above a limit.
 *
 * cost(field) = weight(field) + items(field) × cost(its selections)
 *
 * - weight: what resolving the field once reads or computes, in points (one item read by key = 1),
 *   from FIELD_COSTS below; a field not listed costs 1 if it returns an object, 0 if a scalar.
 * - items: how many times its selections run. A connection's `edges` run `first` times (default 20;
 *   a `$variable` counts as 100, the most it may be, since validation runs before variables are
 *   known). Other lists count at the size listed in FIELD_COSTS.
 * - Fragments count as written (an inline fragment on each type of a `node` counts them all).
 * - Introspection (`__schema`, `__type`, `__typename`) reads no data and costs nothing.
 */
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  type ASTVisitor,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../core/pagination';

/** How much one field costs: its own reads, and for lists how many items its selections run for. */
export interface FieldCost {
  /** Points for resolving the field once. */
  readonly weight?: number;
  /** For a list: the size it counts at. `page`: a connection, whose `edges` count at `first`. */
  readonly items?: number | 'page';
}

/** Points of the reads fields make; one item read by key (batched by the per-request loader) is 1. */
const GET = 1;
/** One key Query of a page (up to 100 items, or 1 MB). */
const QUERY = 10;
/** A total: a counter kept on write, or with a filter a count Query paging through the list. */
const COUNT = 20;
/** One Query of a contact point's assignments plus its figures item (ContactPoint.stats). */
const CONTACT_POINT_STATS = QUERY + GET;
/** A share of reading every article of a version (read once per request, cached by the service). */
const TEXT_SHARE = 25;
/** A diff reads two whole versions (every article of each) and aligns them character by character. */
const DIFF = 2_000;
/** An export reads every feedback of a consultation and writes a CSV to S3. */
const EXPORT = 1_000;
/** A mutation: validation, reads and one transaction. */
const WRITE = 10;
/** A new version: parsing up to 1,000,000 characters and batch-writing up to 3,000 articles. */
const ADD_VERSION = 500;

/**
 * Every field that reads more than its parent's item, and every list's size. Lists bounded by a
 * rule count at that bound (98 assignments, 20 attachments, 20 liaisons, 3 readings, 100 status
 * changes); lists bounded only by the data (a version's chapters and articles, a diff's articles, a
 * city's counties) count at a generous typical size, since the reads behind them are weighted here.
 */
export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  'Query.node': { weight: 2 * GET },
  'Query.viewer': { weight: 0 },
  'Query.tenants': { weight: QUERY, items: 'page' },
  'Query.contactPoints': { weight: QUERY, items: 'page' },
  'Query.contactPoint': { weight: GET },
  'Query.drafts': { weight: QUERY, items: 'page' },
  'Query.draft': { weight: 2 * GET },
  'Query.draftVersion': { weight: 2 * GET },
  'Query.draftVersionDiff': { weight: DIFF },
  'Query.consultation': { weight: GET },
  'Query.myConsultations': { weight: QUERY, items: 'page' },
  'Query.feedback': { weight: GET },
  'Query.feedbackList': { weight: QUERY, items: 'page' },
  'Query.exportFeedback': { weight: EXPORT },
  'Query.budgetImportJobs': { weight: QUERY, items: 'page' },
  'Query.auditTrail': { weight: QUERY, items: 'page' },
  'AuditRecord.changes': { items: 20 },
  'BudgetImportJob.errors': { weight: QUERY, items: 'page' },

  'TenantConnection.totalCount': { weight: COUNT },
  'ContactPointConnection.totalCount': { weight: COUNT },
  'DraftConnection.totalCount': { weight: COUNT },
  'ConsultationConnection.totalCount': { weight: COUNT },
  'FeedbackConnection.totalCount': { weight: COUNT },

  'Tenant.children': { weight: QUERY, items: 20 },
  'ContactPoint.liaisons': { items: 20 },
  'ContactPoint.stats': { weight: CONTACT_POINT_STATS },

  'Draft.versions': { weight: QUERY, items: 'page' },
  'Draft.readings': { weight: QUERY, items: 3 },
  'Draft.consultations': { weight: QUERY, items: 'page' },
  'Draft.statusHistory': { items: 100 },
  'DraftVersion.chapters': { items: 20 },
  'DraftVersion.articles': { weight: QUERY, items: 'page' },
  'Chapter.sections': { items: 5 },
  'Chapter.articles': { weight: TEXT_SHARE, items: 50 },
  'Section.articles': { weight: TEXT_SHARE, items: 20 },
  'Article.paragraphs': { items: 5 },
  'DraftVersionDiff.articles': { items: 300 },
  'ArticleDiff.spans': { items: 10 },

  'Consultation.assignments': { weight: QUERY, items: 98 },
  'Feedback.attachments': { weight: GET, items: 20 },
  'Attachment.downloadUrl': { weight: 1 },
  'FeedbackStats.byArticle': { items: 100 },
  'FeedbackStats.byContactPoint': { items: 98 },
  'FeedbackStats.byDecision': { items: 4 },
  'PresignedUpload.fields': { items: 10 },

  'Mutation.createTenant': { weight: WRITE },
  'Mutation.requestBudgetImport': { weight: WRITE },
  'Mutation.createContactPoint': { weight: WRITE },
  'Mutation.updateContactPoint': { weight: WRITE },
  'Mutation.deactivateContactPoint': { weight: WRITE },
  'Mutation.createDraft': { weight: WRITE },
  'Mutation.updateDraft': { weight: WRITE },
  'Mutation.transitionDraft': { weight: WRITE },
  'Mutation.addDraftVersion': { weight: ADD_VERSION },
  'Mutation.recordReading': { weight: WRITE },
  'Mutation.openConsultation': { weight: WRITE + 98 * GET },
  'Mutation.closeConsultation': { weight: WRITE },
  'Mutation.extendConsultation': { weight: WRITE },
  'Mutation.submitFeedback': { weight: WRITE },
  'Mutation.updateFeedback': { weight: WRITE },
  'Mutation.withdrawFeedback': { weight: WRITE },
  'Mutation.startReview': { weight: WRITE },
  'Mutation.answerFeedback': { weight: WRITE },
  'Mutation.requestAttachmentUpload': { weight: WRITE },

  // Budget: reads of aggregates are one GetItem or one Query; filtered pages read at most two pages
  // (reads.MAX_FILTERED_READ); a line's months and adjustments are on its item.
  'Query.budgetOverview': { weight: GET },
  'Query.budgetBreakdown': { weight: QUERY + GET },
  'Query.budgetLines': { weight: 2 * QUERY + GET, items: 'page' },
  'Query.payments': { weight: 2 * QUERY, items: 'page' },
  'Query.threePublicSpending': { weight: QUERY + GET },
  'Query.budgetTrend': { weight: GET },
  'Query.exportBudgetLines': { weight: EXPORT },
  'BudgetBreakdown.rows': { items: 300 },
  'BudgetLine.adjustments': { items: 20 },
  'BudgetLine.monthly': { items: 12 },
  'BudgetLine.payments': { weight: 2 * QUERY, items: 'page' },
  'BudgetTrend.months': { items: 12 },
  'ThreePublicSpending.units': { items: 300 },
  'ThreePublicUnit.items': { items: 4 },
  'Payment.line': { weight: GET },

  // Alerts: a page is one Query; subjects and the counts item one BatchGetItem; lists on the alert
  // item cost nothing more to read (six rules, four severities, six statuses).
  'Query.alerts': { weight: QUERY + GET, items: 'page' },
  'Query.alertSummary': { weight: GET },
  'Query.warningRules': { weight: QUERY, items: 6 },
  'Mutation.updateWarningRule': { weight: WRITE },
  'Alert.subject': { weight: GET },
  'Alert.history': { items: 50 },
  'AlertConnection.countsByRule': { items: 6 },
  'AlertConnection.countsBySeverity': { items: 4 },
  'AlertEvidence.figures': { items: 20 },
  'AlertEvidence.parameters': { items: 5 },
  'AlertSummary.byRule': { items: 6 },
  'AlertSummary.bySeverity': { items: 4 },
  'AlertSummary.byStatus': { items: 6 },
  'WarningRule.parameters': { items: 5 },

  // Audit findings and ratings: a year's reports and unit figures are one small partition each; a
  // report's findings, unit figures and sessions one Query of its partition; alerts one BatchGetItem.
  'Query.auditReports': { weight: QUERY, items: 20 },
  'Query.auditFindings': { weight: QUERY + GET, items: 'page' },
  'Query.auditUnitStats': { weight: QUERY, items: 300 },
  'AuditReport.findings': { weight: QUERY, items: 'page' },
  'AuditReport.unitStats': { weight: QUERY, items: 300 },
  'AuditReport.ratingSessions': { weight: QUERY, items: 20 },
  'AuditFinding.report': { weight: GET },
  'AuditFinding.rectifications': { items: 50 },
  'AuditFinding.relatedAlerts': { weight: GET, items: 20 },
  'AuditFinding.files': { weight: QUERY, items: 60 },
  'AuditFinding.questions': { weight: 2 * QUERY + GET, items: 'page' },
  'Rectification.attachments': { weight: GET, items: 10 },
  'Mutation.requestRectificationUpload': { weight: WRITE },
  'RatingSession.report': { weight: GET },
  'RatingSession.viewerHasVoted': { weight: GET },
  'Mutation.createAuditReport': { weight: WRITE },
  'Mutation.updateAuditReport': { weight: WRITE },
  'Mutation.createAuditFinding': { weight: WRITE },
  'Mutation.updateAuditFinding': { weight: WRITE },
  'Mutation.reportRectification': { weight: WRITE },
  'Mutation.openRatingSession': { weight: WRITE },
  'Mutation.castRatingVote': { weight: WRITE },
  'Mutation.closeRatingSession': { weight: WRITE },
  // Inquiries and deputies' questions: a page is one bounded Query (two calls at most); an
  // inquiry's alerts, an alert's inquiries and an answer's files are batch-read by key; a
  // subject's questions are a Query of its pointers and a BatchGetItem of the questions.
  'Query.inquiries': { weight: 2 * QUERY, items: 'page' },
  'Query.budgetQuestions': { weight: 2 * QUERY + GET, items: 'page' },
  'Inquiry.alerts': { weight: GET, items: 20 },
  'InquiryAnswer.attachments': { weight: GET, items: 30 },
  'InquiryAttachment.downloadUrl': { weight: 1 },
  'Alert.inquiries': { weight: GET, items: 10 },
  'Alert.latestInquiry': { weight: GET },
  'Alert.questions': { weight: 2 * QUERY + GET, items: 'page' },
  'BudgetLine.questions': { weight: 2 * QUERY + GET, items: 'page' },
  'BudgetQuestion.subject': { weight: GET },
  'Mutation.sendInquiry': { weight: WRITE + 20 * GET },
  'Mutation.requestInquiryAnswerUpload': { weight: WRITE },
  'Mutation.answerInquiry': { weight: WRITE + 20 * GET },
  'Mutation.returnInquiryAnswer': { weight: WRITE + 20 * GET },
  'Mutation.closeAlert': { weight: WRITE + 20 * GET },
  'Mutation.dismissAlert': { weight: WRITE },
  'Mutation.askBudgetQuestion': { weight: WRITE + GET },
  'Mutation.answerBudgetQuestion': { weight: WRITE },
};

/** The most an operation may cost. A page of 100 items with all their nested objects is far below. */
export const MAX_QUERY_COST = 20_000;

/** The page size a connection field counts at: its literal `first`, else the default or the maximum. */
function pageSize(field: FieldNode): number {
  const first = field.arguments?.find((a) => a.name.value === 'first')?.value;
  if (!first || first.kind === Kind.NULL) return DEFAULT_PAGE_SIZE;
  if (first.kind === Kind.INT) return Math.min(Math.max(Number.parseInt(first.value, 10), 0), MAX_PAGE_SIZE);
  return MAX_PAGE_SIZE; // a variable (or a value that fails validation elsewhere)
}

/** Cost of one operation in `context`'s document; fragments are costed once per page context. */
export function operationCost(context: ValidationContext, operation: OperationDefinitionNode): number {
  const schema = context.getSchema();
  const root =
    operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;
  const fragmentCosts = new Map<string, number>();
  const inProgress = new Set<string>();

  function selectionCost(selectionSet: SelectionSetNode, parent: GraphQLCompositeType, page: number | null): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parent, page);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = typeName ? schema.getType(typeName) : parent;
        if (type && isCompositeType(type)) total += selectionCost(selection.selectionSet, type, page);
      } else {
        const name = selection.name.value;
        const fragment = context.getFragment(name);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        // A cycle is reported by graphql's own NoFragmentCycles rule; here it just stops.
        if (!fragment || !type || !isCompositeType(type) || inProgress.has(name)) continue;
        const key = `${name}|${page ?? ''}`;
        let cost = fragmentCosts.get(key);
        if (cost === undefined) {
          inProgress.add(name);
          cost = selectionCost(fragment.selectionSet, type, page);
          inProgress.delete(name);
          fragmentCosts.set(key, cost);
        }
        total += cost;
      }
    }
    return total;
  }

  function fieldCost(node: FieldNode, parent: GraphQLCompositeType, page: number | null): number {
    const name = node.name.value;
    if (name.startsWith('__')) return 0;
    const field: GraphQLField<unknown, unknown> | undefined =
      isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
    if (!field) return 0; // an unknown field: graphql's FieldsOnCorrectType rule reports it
    const returned = getNamedType(field.type);
    const listed = FIELD_COSTS[`${parent.name}.${name}`];
    const weight = listed?.weight ?? (isCompositeType(returned) ? 1 : 0);
    if (!node.selectionSet || !isCompositeType(returned)) return weight;

    if (listed?.items === 'page') return weight + selectionCost(node.selectionSet, returned, pageSize(node));
    const isList = isListType(getNullableType(field.type));
    const items = !isList ? 1 : name === 'edges' && page !== null ? page : typeof listed?.items === 'number' ? listed.items : DEFAULT_PAGE_SIZE;
    return weight + items * selectionCost(node.selectionSet, returned, null);
  }

  return selectionCost(operation.selectionSet, root, null);
}

/** The rule: each operation of the document must cost at most `maxCost`. */
export function costLimitRule(maxCost = MAX_QUERY_COST) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const cost = operationCost(context, operation);
      if (cost <= maxCost) return;
      const name = operation.name ? `Operation ${operation.name.value}` : 'The operation';
      context.reportError(
        new GraphQLError(
          `${name} costs ${Math.round(cost).toLocaleString('en')} points; the limit is ${maxCost.toLocaleString('en')}. ` +
            'Ask for less: smaller pages (first), fewer aliases, fewer nested lists.',
          { nodes: [operation], extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost: Math.round(cost), maxCost } },
        ),
      );
    },
  });
}
