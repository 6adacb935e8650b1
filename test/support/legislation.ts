import { readDraftFixture, type DraftFixtureName } from '../fixtures/drafts';
import { gqlOk, newTenant, tokenFor } from './api';

/** The project's own draft texts (test/fixtures/drafts): 一审稿 and 二审稿. */
export const fixtureText = (name: DraftFixtureName): string => readDraftFixture(name);

export const DRAFT_FIELDS = 'id title kind status sponsor committee summary revision createdAt updatedAt';

export const CREATE_DRAFT = `mutation($input: CreateDraftInput!) { createDraft(input: $input) { draft { ${DRAFT_FIELDS} } } }`;
export const ADD_VERSION = `mutation($input: AddDraftVersionInput!) {
  addDraftVersion(input: $input) { version { id number label articleCount characterCount title } draft { id revision currentVersion { id } } } }`;
export const TRANSITION = `mutation($input: TransitionDraftInput!) { transitionDraft(input: $input) { draft { id status revision statusHistory { from to by note } } } }`;
export const RECORD_READING = `mutation($input: RecordReadingInput!) { recordReading(input: $input) { reading { round meeting heldOn outcome version { id } } draft { revision readings { round } } } }`;
export const OPEN_CONSULTATION = `mutation($input: OpenConsultationInput!) {
  openConsultation(input: $input) { consultation { id kind status opensAt closesAt instructions version { id } draft { id }
    assignments { contactPoint { id name } status respondedAt } } } }`;
export const CREATE_CP = `mutation($input: CreateContactPointInput!) { createContactPoint(input: $input) { contactPoint { id } } }`;

export const localId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1]!;

/** A city tenant (regulations need one) with staff, and a draft holding v1 of the fixture. */
export async function cityWithDraft(options: { withVersion?: boolean } = {}) {
  const tenantId = await newTenant({ level: 'CITY' });
  const staff = await tokenFor(tenantId, 'LEGISLATIVE_STAFF', { userId: 'staff-1' });
  const draft = (
    await gqlOk(staff, CREATE_DRAFT, {
      input: { title: '吕梁市城乡养老服务促进条例', kind: 'REGULATION', sponsor: '市人民政府', committee: '法制委员会' },
    })
  ).createDraft.draft;
  if (options.withVersion === false) return { tenantId, staff, draft, version: null as any };
  const added = (
    await gqlOk(staff, ADD_VERSION, {
      input: { draftId: draft.id, label: '一审稿', text: fixtureText('eldercare-v1'), expectedRevision: draft.revision },
    })
  ).addDraftVersion;
  return { tenantId, staff, draft: { ...draft, revision: added.draft.revision }, version: added.version };
}

/** Moves a draft along the given statuses, returning its revision at the end. */
export async function moveDraft(token: string, draftId: string, revision: number, statuses: string[]): Promise<number> {
  let current = revision;
  for (const to of statuses) {
    current = (await gqlOk(token, TRANSITION, { input: { id: draftId, to, expectedRevision: current } })).transitionDraft.draft.revision;
  }
  return current;
}
