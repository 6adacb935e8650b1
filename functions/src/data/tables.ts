/**
 * The one definition of every DynamoDB table: used by the CDK stack, the local bootstrap and tests.
 *
 * Every partition key (GSI keys too) begins with a tenant id: `<tenantId>#...`. The platform's own
 * records use the reserved tenant id `platform`, which no real tenant can take (see core/ids).
 * Each index is named for the access pattern it serves; its key attributes carry the index name.
 */
export type TableId = 'platform' | 'legislation' | 'feedback' | 'budget';

export interface IndexDefinition {
  /** Index name, also the prefix of its key attributes (`<name>Pk`, `<name>Sk`). */
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** The access pattern this index serves. */
  readonly serves: string;
}

export interface TableDefinition {
  readonly id: TableId;
  /** Environment variable the functions read the physical table name from. */
  readonly envVar: string;
  readonly description: string;
  readonly partitionKey: 'pk';
  readonly sortKey: 'sk';
  readonly indexes: readonly IndexDefinition[];
  /** Attribute holding an epoch-seconds expiry; DynamoDB's TTL deletes the item some time after. */
  readonly ttlAttribute: 'expiresAt';
  /** Main-table access patterns, documented beside the keys. */
  readonly accessPatterns: readonly string[];
}

function index(name: string, serves: string): IndexDefinition {
  return { name, partitionKey: `${name}Pk`, sortKey: `${name}Sk`, serves };
}

export const TABLES: Readonly<Record<TableId, TableDefinition>> = {
  platform: {
    id: 'platform',
    envVar: 'PLATFORM_TABLE',
    description: 'Tenants, contact points, idempotency records, audit records.',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expiresAt',
    indexes: [
      index('allTenants', 'Query.tenants: every tenant, by id (pk `platform#TENANTS`)'),
      index('tenantsByParent', 'Tenant.children: the counties of a city (pk `<parentId>#TENANT_CHILDREN`)'),
    ],
    accessPatterns: [
      'Get a tenant: pk `<t>#TENANT`, sk `TENANT`',
      'Get a contact point: pk `<t>#CP`, sk `CP#<id>`',
      'List contact points oldest first: Query pk `<t>#CP`, sk begins_with `CP#`',
      'Contact point counters (total, per kind, active): pk `<t>#CP`, sk `#COUNTERS`',
      'Idempotency record: pk `<t>#IDEMPOTENCY`, sk `<operation>#<key>`',
      'Audit trail of an entity, newest first: Query pk `<t>#AUDIT#<entity global id>`, sk begins_with `AUDIT#` (ULIDs), descending; expires by TTL',
      'Idempotency record: pk `<t>#IDEMPOTENCY`, sk `<operation>#<caller hash>#<key>` (the key is scoped to the caller)',
      'Rate-limit window: pk `<t>#RATE`, sk `WINDOW#<epoch s>` (total and `user:<id>` counters; one conditional UpdateItem per request; TTL)',
    ],
  },
  legislation: {
    id: 'legislation',
    envVar: 'LEGISLATION_TABLE',
    description: 'Drafts, their immutable versions (header + one item per article), readings, consultations.',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expiresAt',
    indexes: [
      index('draftsByTenant', 'Query.drafts newest first (pk `<t>#DRAFTS`)'),
      index('draftsByStatus', 'Query.drafts filtered by status, newest first (pk `<t>#DRAFTS#<status>`)'),
      index('consultationsByDraft', 'Draft.consultations newest first (pk `<t>#DRAFT#<draft>#CONSULTATIONS`)'),
      index('consultationsByContactPoint', 'Query.myConsultations newest first (pk `<t>#CP#<cp>#CONSULTATIONS`)'),
    ],
    accessPatterns: [
      'Get a draft: pk `<t>#DRAFT#<draft>`, sk `DRAFT`',
      'Versions of a draft, newest first: Query pk `<t>#DRAFT#<draft>`, sk begins_with `VERSION#`',
      'Readings of a draft: Query pk `<t>#DRAFT#<draft>`, sk begins_with `READING#`',
      'Articles of a version text: Query pk `<t>#TEXT#<textId>`, sk begins_with `ARTICLE#`',
      'Draft counters (total, per status, per kind): pk `<t>#DRAFTS`, sk `#COUNTERS`',
      'Get a consultation and its assignments: Query pk `<t>#CONSULTATION#<id>`',
    ],
  },
  feedback: {
    id: 'feedback',
    envVar: 'FEEDBACK_TABLE',
    description: 'Feedback from contact points, attachments, counters.',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expiresAt',
    indexes: [
      index('feedbackByTenant', 'Query.feedbackList without a narrower key, newest first (pk `<t>#FEEDBACK`)'),
      index('feedbackByConsultation', 'Feedback of one consultation, newest first (pk `<t>#CONSULTATION#<c>#FEEDBACK`)'),
      index('feedbackByContactPoint', 'Feedback of one contact point, newest first (pk `<t>#CP#<cp>#FEEDBACK`)'),
      index('feedbackByDraft', 'Feedback on one draft, newest first (pk `<t>#DRAFT#<d>#FEEDBACK`)'),
    ],
    accessPatterns: [
      'Get a feedback: pk `<t>#FEEDBACK#<f>`, sk `FEEDBACK`',
      'Attachments of a feedback: Query pk `<t>#FEEDBACK#<f>`, sk begins_with `ATTACHMENT#`',
      'An attachment from its S3 key `<t>/feedback/<f>/<a>`: GetItem pk `<t>#FEEDBACK#<f>`, sk `ATTACHMENT#<a>`',
      'Feedback figures kept on write: pk `<t>#CONSULTATION#<c>` | `<t>#DRAFT#<d>` | `<t>#CP#<cp>`, sk `#FEEDBACK_STATS`',
      'Withdrawn feedback drops its index keys, so it leaves every list (sparse indexes)',
    ],
  },
  budget: {
    id: 'budget',
    envVar: 'BUDGET_TABLE',
    description:
      'Budget oversight: budget lines (with their monthly execution and adjustment history), payments, aggregates written when an import lands, import jobs and their row errors.',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expiresAt',
    indexes: [
      index('linesByFunction', 'Budget lines whose function code begins with a prefix (205 = all 教育): pk `<t>#BUDGET#<year>#LINES`, sk `<function>#<unit>#<economic>#<project>`'),
      index('linesByEconomic', 'Budget lines whose economic code begins with a prefix: pk `<t>#BUDGET#<year>#LINES`, sk `<economic>#<unit>#<function>#<project>`'),
      index('linesByProject', 'Budget lines of one project (sparse: basic expenditure has none): pk `<t>#BUDGET#<year>#PROJECT#<project>`, sk `<lineKey>`'),
      index('linesThreePublic', '三公 lines only (sparse): pk `<t>#BUDGET#<year>#THREE_PUBLIC`, sk `<lineKey>`'),
      index('paymentsByDate', 'Payments of a year by date: pk `<t>#BUDGET#<year>#PAYMENTS`, sk `<date>#<number>`'),
      index('paymentsByAmount', 'Payments of a year by amount: pk `<t>#BUDGET#<year>#PAYMENTS`, sk `<fen, 15 digits>#<number>`'),
      index('paymentsByLine', 'Payments of one budget line by date: pk `<t>#BUDGET#<year>#LINE#<lineKey>`, sk `<date>#<number>`'),
      index('paymentsByUnit', 'Payments of one unit by date: pk `<t>#BUDGET#<year>#UNIT#<unit>`, sk `<date>#<number>`'),
      index('importJobsByYear', 'Query.budgetImportJobs newest first: pk `<t>#BUDGET#<year>#IMPORTS`, sk `<createdAt>#<job>`'),
      index('alertsByUnit', 'A unit\'s alerts of a year: pk `<t>#BUDGET#<year>#ALERTS#UNIT#<unit>`, sk `<rule>#<kind>#<subject>`'),
      index('auditFindingsByUnit', 'A unit\'s audit findings across reports: pk `<t>#AUDIT_FINDINGS#UNIT#<unit>`, sk `<year>#<report>#<number, 4 digits>`'),
    ],
    accessPatterns: [
      'Budget lines of a year, by unit: Query pk `<t>#BUDGET#<year>#LINES`, sk begins_with `<unit>#` (sk = lineKey `<unit>#<function>#<economic>#<project>`)',
      'Get a budget line: pk `<t>#BUDGET#<year>#LINES`, sk `<lineKey>`',
      'Get a payment: pk `<t>#BUDGET#<year>#PAYMENT#<number>`, sk `PAYMENT`',
      'Tenant totals of a year: pk `<t>#BUDGET#<year>#TOTALS`, sk `TOTALS`',
      'A breakdown level: Query pk `<t>#BUDGET#<year>#AGG#<scope>#<dimension>#<parent>` (scope ALL or UNIT:<unit>; dimension FUNCTION | ECONOMIC | UNIT; parent ROOT or a code), sk `<code>`',
      '三公 per unit: Query pk `<t>#BUDGET#<year>#AGG#THREE_PUBLIC`, sk `<unit>#<economic>`',
      'Get an import job: pk `<t>#BUDGET_IMPORT#<job>`, sk `JOB`; its row errors: Query sk begins_with `ERROR#`',
      'Alerts of a year, by rule then subject: Query pk `<t>#BUDGET#<year>#ALERTS` (sk `<rule>#<UNIT|LINE|PAYMENT>#<subject>`, begins_with `<rule>#` for one rule)',
      'Alert figures of a year kept on write: pk `<t>#BUDGET#<year>#ALERT_COUNTS`, sk `COUNTS`',
      'Audit reports of a year: Query pk `<t>#BUDGET#<year>#AUDIT_REPORTS` (sk `<report>`); per-unit figures of a year: Query pk `<t>#BUDGET#<year>#AUDIT_UNITS` (sk `<unit>`)',
      'A report\'s findings, per-unit figures and rating sessions: Query pk `<t>#AUDIT_REPORT#<report>`, sk begins_with `FINDING#` (`<number, 4 digits>`), `UNIT#<unit>`, `RATING#<ALL|U<unit>>#<round>`; voter markers `VOTER#<session>#<hash>` (no choice)',
      'Warning rules of a tenant: Query pk `<t>#BUDGET_RULES` sk begins_with `RULE#` (current versions); past versions sk `VERSION#<rule>#<n>`',
    ],
  },
};

export const TABLE_LIST: readonly TableDefinition[] = Object.values(TABLES);

/** The physical name of a table in this environment (set by CDK; defaults serve local runs). */
export function tableName(id: TableId): string {
  const def = TABLES[id];
  return process.env[def.envVar] ?? `renda-${id}`;
}
