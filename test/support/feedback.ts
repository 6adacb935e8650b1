import { gqlOk, tokenFor } from './api';
import { CREATE_CP, OPEN_CONSULTATION, cityWithDraft, localId, moveDraft } from './legislation';

export const FEEDBACK_FIELDS = `id status revision articleNumbers content collectionMethod participantCount collectedOn submittedBy
  contactPoint { id } consultation { id } draft { id } version { id }
  disposition { decision reply decidedBy } attachments { id fileName status size sha256 rejectReason downloadUrl }`;
export const SUBMIT = `mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { feedback { ${FEEDBACK_FIELDS} } } }`;
export const UPDATE_FEEDBACK = `mutation($input: UpdateFeedbackInput!) { updateFeedback(input: $input) { feedback { ${FEEDBACK_FIELDS} } } }`;
export const WITHDRAW = `mutation($input: WithdrawFeedbackInput!) { withdrawFeedback(input: $input) { feedback { id status revision } } }`;
export const START_REVIEW = `mutation($input: StartReviewInput!) { startReview(input: $input) { feedback { id status revision } } }`;
export const ANSWER = `mutation($input: AnswerFeedbackInput!) { answerFeedback(input: $input) { feedback { ${FEEDBACK_FIELDS} } } }`;
export const GET_FEEDBACK = `query($id: ID!) { feedback(id: $id) { ${FEEDBACK_FIELDS} } }`;
export const LIST_FEEDBACK = `query($first: Int, $after: String, $filter: FeedbackFilter) { feedbackList(first: $first, after: $after, filter: $filter) {
  totalCount edges { node { id status articleNumbers contactPoint { id } } } pageInfo { hasNextPage endCursor } } }`;
export const STATS_FIELDS = `feedbackCount participantCount wholeDraftCount answeredCount adoptionRate
  byArticle { articleNumber count } byContactPoint { contactPoint { id } count } byDecision { decision count }`;
export const CONSULTATION_STATS = `query($id: ID!) { consultation(id: $id) { stats { ${STATS_FIELDS} } assignments { contactPoint { id } status respondedAt } } }`;
export const DRAFT_STATS = `query($id: ID!) { draft(id: $id) { feedbackStats { ${STATS_FIELDS} } } }`;
export const CONTACT_POINT_STATS = `query($id: ID!) { contactPoint(id: $id) { stats { consultationsAssigned consultationsResponded consultationsOverdue
  feedbackSubmitted feedbackAdopted feedbackPartlyAdopted } } }`;

export const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export interface ContactPointWithLiaison {
  id: string;
  liaison: string;
}

/**
 * A city draft SOLICITING_OPINIONS (v1 of the fixture, 22 articles), three contact points with a
 * liaison each, and a consultation open to the first two.
 */
export async function openConsultationWithLiaisons(options: { closesInMs?: number } = {}) {
  const base = await cityWithDraft();
  await moveDraft(base.staff, base.draft.id, base.draft.revision, ['DRAFTING', 'SOLICITING_OPINIONS']);
  const admin = await tokenFor(base.tenantId, 'TENANT_ADMIN');
  const points: ContactPointWithLiaison[] = [];
  for (const name of ['凤山街道联系点', '信义镇联系点', '吕梁学院联系点']) {
    const id = (await gqlOk(admin, CREATE_CP, { input: { name, kind: 'OTHER' } })).createContactPoint.contactPoint.id;
    points.push({ id, liaison: await tokenFor(base.tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: localId(id), userId: `liaison-${points.length}` }) });
  }
  const consultation = (
    await gqlOk(base.staff, OPEN_CONSULTATION, {
      input: {
        draftId: base.draft.id,
        versionId: base.version.id,
        kind: 'DRAFT_COMMENT',
        contactPointIds: [points[0]!.id, points[1]!.id],
        opensAt: new Date(Date.now() - 1000).toISOString(),
        closesAt: new Date(Date.now() + (options.closesInMs ?? 14 * 86_400_000)).toISOString(),
      },
    })
  ).openConsultation.consultation;
  const deputy = await tokenFor(base.tenantId, 'DEPUTY');
  return { ...base, admin, deputy, points, consultation };
}

export function feedbackInput(consultationId: string, patch: Record<string, unknown> = {}) {
  return {
    consultationId,
    articleNumbers: [3, 14],
    content: '建议第十四条增加“高龄独居老年人”。',
    collectionMethod: 'MEETING',
    participantCount: 12,
    collectedOn: today(),
    ...patch,
  };
}
