import { generateDraft, renderDraft } from '../../scripts/bench/text';
import { gqlOk, newTenant, tokenFor } from './api';
import { ADD_VERSION, CREATE_CP, CREATE_DRAFT, OPEN_CONSULTATION, localId, moveDraft } from './legislation';
import { SUBMIT, feedbackInput } from './feedback';

/** A generated regulation text of `articles` articles (the bench's generator: deterministic, no files needed). */
export function generatedText(articles = 6, characters = 1500, seed?: number): string {
  return renderDraft(generateDraft(articles, characters, seed));
}

/**
 * One city tenant with everything a lookup can name: a draft with one version, a contact point
 * with its liaison, an open consultation on that version and one feedback from the liaison.
 */
export async function tenantWithFeedback() {
  const tenantId = await newTenant({ level: 'CITY' });
  const staff = await tokenFor(tenantId, 'LEGISLATIVE_STAFF', { userId: 'staff-1' });
  const draft = (await gqlOk(staff, CREATE_DRAFT, { input: { title: '吕梁市社区治理促进条例', kind: 'REGULATION' } })).createDraft.draft;
  const added = (
    await gqlOk(staff, ADD_VERSION, { input: { draftId: draft.id, label: '一审稿', text: generatedText(), expectedRevision: draft.revision } })
  ).addDraftVersion;
  await moveDraft(staff, draft.id, added.draft.revision, ['DRAFTING', 'SOLICITING_OPINIONS']);
  const contactPointId = (await gqlOk(staff, CREATE_CP, { input: { name: '凤山街道联系点', kind: 'STREET' } })).createContactPoint.contactPoint.id;
  const liaison = await tokenFor(tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: localId(contactPointId), userId: 'liaison-1' });
  const consultation = (
    await gqlOk(staff, OPEN_CONSULTATION, {
      input: {
        draftId: draft.id,
        versionId: added.version.id,
        kind: 'DRAFT_COMMENT',
        contactPointIds: [contactPointId],
        opensAt: new Date(Date.now() - 1000).toISOString(),
        closesAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
      },
    })
  ).openConsultation.consultation;
  const feedback = (await gqlOk(liaison, SUBMIT, { input: feedbackInput(consultation.id, { articleNumbers: [2] }) })).submitFeedback.feedback;
  return {
    tenantId,
    staff,
    liaison,
    draftId: draft.id as string,
    versionId: added.version.id as string,
    contactPointId: contactPointId as string,
    consultationId: consultation.id as string,
    feedbackId: feedback.id as string,
  };
}
