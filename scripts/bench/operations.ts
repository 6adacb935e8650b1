/**
 * What the benchmark measures. Each GraphQL operation goes through the real handler; the two pure
 * functions run in-process without I/O.
 *
 * Budgets are DynamoDB round trips per call (the hard gate: deterministic for a given data set and
 * query). Targets are soft: the median wall time in milliseconds on a shared 2-core machine with
 * DynamoDB Local (Java) on the same cores; a slower median prints SLOW but does not fail the run.
 */
import { diffArticles } from '../../functions/src/legislation/text/diff';
import { parseDraftText } from '../../functions/src/legislation/text/parser';
import { consumeRequest } from '../../functions/src/data/rate-limit';
import { callGraphQL, measureWork } from './client';
import type { Sample } from './measure';
import { ADD_VERSION, CONTACT_POINTS, SUBMIT_FEEDBACK, TENANT_ID, shanghaiToday, type SeededData } from './seed';
import { BUDGET_MONTHS, BUDGET_UNITS, BUDGET_YEAR, LINES_PER_UNIT } from './budget-seed';

export type OperationKind = 'read' | 'write' | 'pure';

export interface Operation {
  readonly name: string;
  readonly kind: OperationKind;
  /** Hard gate: DynamoDB round trips per call (tenant check excluded); null for pure functions. */
  readonly budget: number | null;
  /** Soft target for the median, in ms. */
  readonly targetMs: number;
  /** Heavy operations run fewer times. */
  readonly heavy?: boolean;
  readonly run: (i: number) => Promise<Sample>;
}

function ensure(condition: boolean, what: string): void {
  if (!condition) throw new Error(`Benchmark sanity check failed: ${what}`);
}

const VIEWER = `query BenchViewer { viewer { userId roles tenant { id name level regionCode } contactPoint { id name } } }`;

export const CONTACT_POINTS_PAGE = `query BenchContactPoints {
  contactPoints(first: 50) {
    totalCount
    edges { cursor node { id name kind address regionCode establishedOn active revision liaisons { name title phone } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const VERSION_ARTICLES = `query BenchVersionArticles($id: ID!) {
  draftVersion(id: $id) {
    id number label articleCount characterCount
    articles(first: 100) {
      totalCount
      edges { cursor node { number numberText chapterNumber sectionNumber text paragraphs { text items } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const VERSION_DIFF = `query BenchDiff($from: ID!, $to: ID!) {
  draftVersionDiff(fromVersionId: $from, toVersionId: $to) {
    from { number } to { number }
    summary { unchanged renumbered modified added removed }
    articles { change oldNumber newNumber spans { kind text } }
  }
}`;

const FEEDBACK_NESTED = `id status articleNumbers content collectionMethod participantCount collectedOn submittedAt
  contactPoint { name } consultation { id }`;
const FEEDBACK_PAGE = `query BenchFeedbackList {
  feedbackList(first: 50) { totalCount edges { cursor node { ${FEEDBACK_NESTED} } } pageInfo { hasNextPage endCursor } }
}`;
const FEEDBACK_PAGE_WITH_ATTACHMENTS = `query BenchFeedbackListAttachments {
  feedbackList(first: 50) {
    totalCount
    edges { cursor node { ${FEEDBACK_NESTED} attachments { id fileName contentType size status } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const CONSULTATION_STATS = `query BenchConsultationStats($id: ID!) {
  consultation(id: $id) {
    id status
    stats {
      feedbackCount participantCount wholeDraftCount answeredCount adoptionRate
      byArticle { articleNumber count }
      byContactPoint { contactPoint { name } count }
      byDecision { decision count }
    }
  }
}`;

const BUDGET_OVERVIEW = `query BenchBudgetOverview { budgetOverview(year: ${BUDGET_YEAR}) {
  approved adjusted executed executionRate timeProgress latestPeriod unitCount lineCount unreconciledLineCount } }`;
const BUDGET_BREAKDOWN = `query BenchBudgetBreakdown { budgetBreakdown(year: ${BUDGET_YEAR}, dimension: FUNCTION, parentCode: "205", sort: GAP_ASC) {
  period rows { code name level approved adjusted executed executionRate timeProgress gapPoints lineCount hasChildren } } }`;
const ALERTS_PAGE = `query BenchAlerts { alerts(year: ${BUDGET_YEAR}, first: 50) { totalCount edges { node { id rule severity status explanation
  subject { __typename ... on BudgetUnit { code name } ... on BudgetLine { id function { code name } economic { code name } } ... on Payment { id paymentNumber amount } }
  latestInquiry { id status dueOn overdueDays } } } } }`;
const BUDGET_LINES = `query BenchBudgetLines { budgetLines(year: ${BUDGET_YEAR}, first: 50) {
  edges { cursor node { id unit { code name } function { code name } economic { code name } project { code name }
    approved adjusted executedToDate executionRate paid } } pageInfo { hasNextPage endCursor } } }`;
const PAYMENTS_PAGE = `query BenchPayments { payments(year: ${BUDGET_YEAR}, first: 50, sort: AMOUNT_DESC) {
  edges { cursor node { id paymentNumber date payee amount purpose line { id unit { name } function { code } } } } pageInfo { hasNextPage endCursor } } }`;

/** Every read the bench sends, for the test that keeps them under the query cost limit. */
export const BENCH_QUERIES = [
  VIEWER,
  CONTACT_POINTS_PAGE,
  VERSION_ARTICLES,
  VERSION_DIFF,
  FEEDBACK_PAGE,
  FEEDBACK_PAGE_WITH_ATTACHMENTS,
  CONSULTATION_STATS,
  BUDGET_OVERVIEW,
  BUDGET_BREAKDOWN,
  BUDGET_LINES,
  PAYMENTS_PAGE,
];

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A GraphQL operation as a benchmark step: time and round trips of one handler call, plus a check. */
function graphql(token: string, query: string, variables: () => Record<string, unknown>, check: (data: Data) => void, name: string) {
  return async (): Promise<Sample> => {
    const { data, ms, roundTrips } = await callGraphQL<Data>(token, query, variables(), name);
    check(data);
    return { ms, roundTrips };
  };
}

function pure(work: () => void) {
  return async (): Promise<Sample> => {
    const started = performance.now();
    work();
    return { ms: performance.now() - started };
  };
}

export function operations(s: SeededData): Operation[] {
  const staff = s.tokens.staff;
  const [articles1, articles2] = s.articleCounts;
  const parsed1 = parseDraftText(s.version1Text).articles;
  const parsed2 = parseDraftText(s.version2Text).articles;
  let writeRevision = s.writeDraft.revision;
  const liaison = s.tokens.liaisons[0]!;

  return [
    {
      // Every GraphQL request begins with it (after authentication): one conditional UpdateItem.
      name: 'rate-limit check (alone)',
      kind: 'write',
      budget: 1,
      targetMs: 20,
      run: async () => {
        const { result, ms, roundTrips } = await measureWork(() =>
          consumeRequest(TENANT_ID, 'bench-rate-probe', { tenantPerMinute: 1_000_000, userPerMinute: 1_000_000 }),
        );
        ensure(result.allowed, 'rate-limit check: allowed');
        return { ms, roundTrips };
      },
    },
    {
      name: 'viewer',
      kind: 'read',
      // The tenant comes from the container's cache that authentication filled; 1 is the rate-limit write.
      budget: 2,
      targetMs: 30,
      run: graphql(staff, VIEWER, () => ({}), (d) => ensure(d.viewer.tenant.level === 'CITY', 'viewer.tenant'), 'viewer'),
    },
    {
      name: 'contactPoints(first: 50) + liaisons',
      kind: 'read',
      budget: 3,
      targetMs: 80,
      run: graphql(
        staff,
        CONTACT_POINTS_PAGE,
        () => ({}),
        (d) => {
          ensure(d.contactPoints.edges.length === CONTACT_POINTS, 'contactPoints: 50 edges');
          ensure(d.contactPoints.edges[0].node.liaisons.length === 2, 'contactPoints: liaisons');
        },
        'contactPoints',
      ),
    },
    {
      name: 'draftVersion.articles(first: 100)',
      kind: 'read',
      budget: 4,
      targetMs: 100,
      run: graphql(
        staff,
        VERSION_ARTICLES,
        () => ({ id: s.version1Id }),
        (d) => {
          ensure(d.draftVersion.articles.edges.length === 100, 'articles: 100 edges');
          ensure(d.draftVersion.articles.totalCount === articles1, 'articles: totalCount');
        },
        'draftVersion',
      ),
    },
    {
      name: `draftVersionDiff (${articles1} vs ${articles2} articles)`,
      kind: 'read',
      budget: 5,
      targetMs: 500,
      heavy: true,
      run: graphql(
        staff,
        VERSION_DIFF,
        () => ({ from: s.version1Id, to: s.version2Id }),
        (d) => {
          const sum = d.draftVersionDiff.summary;
          ensure(sum.modified > 0 && sum.added === 2 && sum.removed === 1, `diff summary ${JSON.stringify(sum)}`);
        },
        'draftVersionDiff',
      ),
    },
    {
      name: 'feedbackList(first: 50) + contactPoint, consultation',
      kind: 'read',
      budget: 6,
      targetMs: 150,
      run: graphql(staff, FEEDBACK_PAGE, () => ({}), (d) => ensure(d.feedbackList.edges.length === 50, 'feedbackList: 50 edges'), 'feedbackList'),
    },
    {
      name: 'feedbackList(first: 50) + contactPoint, consultation, attachments',
      kind: 'read',
      budget: 7,
      targetMs: 150,
      run: graphql(
        staff,
        FEEDBACK_PAGE_WITH_ATTACHMENTS,
        () => ({}),
        (d) => {
          ensure(d.feedbackList.edges.length === 50, 'feedbackList: 50 edges');
          ensure(
            d.feedbackList.edges.some((e: Data) => e.node.attachments.length > 0),
            'feedbackList: some feedback on the first page has an attachment',
          );
        },
        'feedbackList+attachments',
      ),
    },
    {
      name: 'consultation.stats (+ byContactPoint names)',
      kind: 'read',
      budget: 5,
      targetMs: 60,
      run: graphql(
        staff,
        CONSULTATION_STATS,
        () => ({ id: s.consultationId }),
        (d) => ensure(d.consultation.stats.feedbackCount >= s.feedbackCount, 'stats: feedbackCount'),
        'consultation.stats',
      ),
    },
    {
      name: 'budgetOverview',
      kind: 'read',
      budget: 3,
      targetMs: 40,
      run: graphql(
        s.tokens.budget,
        BUDGET_OVERVIEW,
        () => ({}),
        (d) => ensure(d.budgetOverview.lineCount === BUDGET_UNITS * LINES_PER_UNIT, 'budgetOverview: lineCount'),
        'budgetOverview',
      ),
    },
    {
      name: 'budgetBreakdown (one level, FUNCTION under 205)',
      kind: 'read',
      budget: 3,
      targetMs: 60,
      run: graphql(
        s.tokens.budget,
        BUDGET_BREAKDOWN,
        () => ({}),
        (d) => ensure(d.budgetBreakdown.rows.length > 0 && d.budgetBreakdown.period === `${BUDGET_YEAR}-${String(BUDGET_MONTHS).padStart(2, '0')}`, 'budgetBreakdown: rows'),
        'budgetBreakdown',
      ),
    },
    {
      name: 'budgetLines(first: 50) + execution at the latest period',
      kind: 'read',
      budget: 4,
      targetMs: 100,
      run: graphql(s.tokens.budget, BUDGET_LINES, () => ({}), (d) => ensure(d.budgetLines.edges.length === 50, 'budgetLines: 50 edges'), 'budgetLines'),
    },
    {
      name: 'alerts(first: 50) + subject, latest inquiry',
      kind: 'read',
      budget: 3,
      targetMs: 100,
      run: graphql(
        s.tokens.budget,
        ALERTS_PAGE,
        () => ({}),
        (d) => {
          ensure(d.alerts.edges.length > 0, 'alerts: a page');
          ensure(d.alerts.edges.some((e: Data) => e.node.latestInquiry !== null), 'alerts: an inquiry on the page');
        },
        'alerts',
      ),
    },
    {
      name: 'payments(first: 50, by amount) + line (deputy: payees masked)',
      kind: 'read',
      budget: 4,
      targetMs: 100,
      run: graphql(
        s.tokens.deputy,
        PAYMENTS_PAGE,
        () => ({}),
        (d) => {
          ensure(d.payments.edges.length === 50, 'payments: 50 edges');
          ensure(!d.payments.edges.some((e: Data) => e.node.payee === '张某某'), 'payments: person payees masked for a deputy');
        },
        'payments',
      ),
    },
    {
      name: `parseDraftText (${articles1} articles, pure)`,
      kind: 'pure',
      budget: null,
      targetMs: 50,
      run: pure(() => {
        const parsed = parseDraftText(s.version1Text);
        if (parsed.articles.length !== articles1) throw new Error('parseDraftText: wrong article count');
      }),
    },
    {
      name: `diffArticles (${articles1} vs ${articles2}, pure)`,
      kind: 'pure',
      budget: null,
      targetMs: 100,
      run: pure(() => {
        const entries = diffArticles(parsed1, parsed2);
        if (entries.length < articles2) throw new Error('diffArticles: too few entries');
      }),
    },
    {
      name: `addDraftVersion (${articles1} articles, write)`,
      kind: 'write',
      budget: 17,
      targetMs: 1000,
      heavy: true,
      run: async () => {
        const { data, ms, roundTrips } = await callGraphQL<Data>(
          staff,
          ADD_VERSION,
          { input: { draftId: s.writeDraft.id, label: '修改稿', text: s.version1Text, expectedRevision: writeRevision } },
          'addDraftVersion',
        );
        ensure(data.addDraftVersion.version.articleCount === articles1, 'addDraftVersion: article count');
        writeRevision = data.addDraftVersion.draft.revision;
        return { ms, roundTrips };
      },
    },
    {
      name: 'submitFeedback (write, with idempotencyKey)',
      kind: 'write',
      budget: 8,
      targetMs: 150,
      run: graphql(
        liaison,
        SUBMIT_FEEDBACK,
        () => ({
          input: {
            consultationId: s.consultationId,
            articleNumbers: [3, 14],
            content: '建议第十四条增加“高龄独居老年人”，并明确乡镇人民政府的具体职责。',
            collectionMethod: 'MEETING',
            participantCount: 12,
            collectedOn: shanghaiToday(),
            idempotencyKey: `bench-submit-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
          },
        }),
        (d) => ensure(d.submitFeedback.feedback.status === 'SUBMITTED', 'submitFeedback: status'),
        'submitFeedback',
      ),
    },
  ];
}
