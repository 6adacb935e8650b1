import { gqlOk } from './api';

export const FIGURES = 'findingCount rectifiedCount amountInvolved amountRectified rectificationRate';
export const FINDING_FIELDS = `id number unit { code name } category description amount rectificationType dueOn status revision
  rectifications { action amountRecovered reportedOn reportedBy outcome attachments { id fileName status downloadUrl } }
  files { id fileName status rejectReason } relatedAlerts { id rule } report { id title }`;
export const REPORT_FIELDS = `id year title heardOn revision stats { ${FIGURES} } unitStats { unit { code name } figures { ${FIGURES} } }`;

export const CREATE_REPORT = `mutation($input: CreateAuditReportInput!) { createAuditReport(input: $input) { ${REPORT_FIELDS} } }`;
export const UPDATE_REPORT = `mutation($input: UpdateAuditReportInput!) { updateAuditReport(input: $input) { ${REPORT_FIELDS} } }`;
export const CREATE_FINDING = `mutation($input: CreateAuditFindingInput!) { createAuditFinding(input: $input) { ${FINDING_FIELDS} } }`;
export const UPDATE_FINDING = `mutation($input: UpdateAuditFindingInput!) { updateAuditFinding(input: $input) { ${FINDING_FIELDS} } }`;
export const RECTIFY = `mutation($input: ReportRectificationInput!) { reportRectification(input: $input) { ${FINDING_FIELDS} } }`;
export const NODE = `query($id: ID!) { node(id: $id) { id ... on AuditReport { ${REPORT_FIELDS} } ... on AuditFinding { ${FINDING_FIELDS} } } }`;
export const REPORTS = `query($year: Int!) { auditReports(year: $year) { ${REPORT_FIELDS} } }`;
export const FINDINGS = `query($filter: AuditFindingFilter, $first: Int, $after: String) { auditFindings(filter: $filter, first: $first, after: $after) {
  edges { node { ${FINDING_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;
export const UNIT_STATS = `query($year: Int!) { auditUnitStats(year: $year) { unit { code name } figures { ${FIGURES} } } }`;

export const SESSION_FIELDS = `id round membersPresent status result satisfactionRate viewerHasVoted revision openedAt closedAt
  unit { code name } report { id }
  counts { satisfied basicallySatisfied dissatisfied abstain votesCast }`;
export const OPEN_SESSION = `mutation($input: OpenRatingSessionInput!) { openRatingSession(input: $input) { ${SESSION_FIELDS} } }`;
export const VOTE = `mutation($input: CastRatingVoteInput!) { castRatingVote(input: $input) { session { ${SESSION_FIELDS} } } }`;
export const CLOSE_SESSION = `mutation($input: CloseRatingSessionInput!) { closeRatingSession(input: $input) { ${SESSION_FIELDS} } }`;
export const SESSION = `query($id: ID!) { node(id: $id) { ... on RatingSession { ${SESSION_FIELDS} } } }`;

export const EDU = { unitCode: '141102001', unitName: '离石区教育局' };
export const FIN = { unitCode: '141102002', unitName: '离石区财政局' };

/** A finding's input with sensible defaults. */
export function findingInput(reportId: string, number: number, patch: Record<string, unknown> = {}) {
  return {
    reportId,
    number,
    ...EDU,
    category: '预算执行',
    description: `问题${number}：专项资金未按规定用途使用`,
    amount: '1000.00',
    rectificationType: 'STAGED',
    dueOn: '2099-12-31',
    ...patch,
  };
}

export async function createReport(staff: string, patch: Record<string, unknown> = {}) {
  return (await gqlOk(staff, CREATE_REPORT, { input: { year: 2026, title: '关于2025年度本级预算执行和其他财政收支的审计工作报告', heardOn: '2026-06-25', ...patch } })).createAuditReport;
}

export async function createFinding(staff: string, reportId: string, number: number, patch: Record<string, unknown> = {}) {
  return (await gqlOk(staff, CREATE_FINDING, { input: findingInput(reportId, number, patch) })).createAuditFinding;
}

export const REQUEST_FILE = `mutation($input: RequestRectificationUploadInput!) { requestRectificationUpload(input: $input) {
  file { id fileName contentType size status } upload { url expiresAt fields { name value } } } }`;
