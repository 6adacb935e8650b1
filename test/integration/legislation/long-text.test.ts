import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../../functions/src/data/client';
import { tableName } from '../../../functions/src/data/tables';
import { legislationKeys } from '../../../functions/src/legislation/keys';
import { MAX_STATUS_CHANGES } from '../../../functions/src/legislation/service';
import { MAX_ARTICLE_CHARACTERS } from '../../../functions/src/legislation/text/storage-limits';
import { gql, gqlOk } from '../../support/api';
import { ADD_VERSION, TRANSITION, cityWithDraft, localId } from '../../support/legislation';
import { ANSWER, START_REVIEW, SUBMIT, feedbackInput } from '../../support/feedback';
import { tenantWithFeedback } from '../../support/scenario';

/** U+20000 (𠀀) takes 4 bytes in UTF-8: the worst case for an item's size at a character limit. */
const wide = (n: number) => '\u{20000}'.repeat(n);

const DRAFT_STATE = `query($id: ID!) { draft(id: $id) { revision currentVersion { id } versions { totalCount } } }`;

function textWithArticles(...bodies: string[]): string {
  const numerals = ['一', '二', '三'];
  return ['吕梁市长文测试条例', ...bodies.map((body, i) => `第${numerals[i]}条　${body}`)].join('\n');
}

describe('long texts are refused up front or stored, never a failed write', () => {
  test('a 250,000-character article is BAD_USER_INPUT naming the text and the article; nothing is written', async () => {
    const { staff, draft } = await cityWithDraft({ withVersion: false });
    const text = textWithArticles('为了规范社区治理，制定本条例。', '养'.repeat(250_000), '本条例自公布之日起施行。');
    const result = await gql(staff, ADD_VERSION, { input: { draftId: draft.id, label: '一审稿', text, expectedRevision: draft.revision } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text', articleNumber: 2, line: 3 });
    expect(result.errors?.[0]?.message).toMatch(/第二条.*250,000 characters.*at most 50,000/);
    expect((await gqlOk(staff, DRAFT_STATE, { id: draft.id })).draft).toEqual({ revision: draft.revision, currentVersion: null, versions: { totalCount: 0 } });
  });

  test('an article at the limit, in 4-byte characters, is stored and read back whole', async () => {
    const { staff, draft } = await cityWithDraft({ withVersion: false });
    const body = wide(MAX_ARTICLE_CHARACTERS);
    const added = (
      await gqlOk(staff, ADD_VERSION, { input: { draftId: draft.id, label: '一审稿', text: textWithArticles('总则。', body), expectedRevision: draft.revision } })
    ).addDraftVersion;
    const read = await gqlOk(staff, `query($id: ID!) { draftVersion(id: $id) { articles(first: 2) { edges { node { number text } } } } }`, {
      id: added.version.id,
    });
    expect(read.draftVersion.articles.edges[1].node).toEqual({ number: 2, text: body });
  });

  test('a heading longer than 100 characters is BAD_USER_INPUT with its line', async () => {
    const { staff, draft } = await cityWithDraft({ withVersion: false });
    const text = `吕梁市测试条例\n第一章　${'总'.repeat(101)}\n第一条　为了规范，制定本条例。`;
    const result = await gql(staff, ADD_VERSION, { input: { draftId: draft.id, label: '一审稿', text, expectedRevision: draft.revision } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text', line: 2 });
  });

  test('the other free texts at their limits, in 4-byte characters, are stored (feedback content, reply, instructions)', async () => {
    const s = await tenantWithFeedback();
    const content = wide(10_000);
    const feedback = (await gqlOk(s.liaison, SUBMIT, { input: feedbackInput(s.consultationId, { content, articleNumbers: [1] }) })).submitFeedback.feedback;
    expect(feedback.content).toBe(content);
    await gqlOk(s.staff, START_REVIEW, { input: { id: feedback.id, expectedRevision: 1 } });
    const reply = wide(5_000);
    const answered = (await gqlOk(s.staff, ANSWER, { input: { id: feedback.id, decision: 'NOTED', reply, expectedRevision: 2 } })).answerFeedback.feedback;
    expect(answered.disposition.reply).toBe(reply);

    const instructions = wide(5_000);
    const opened = await gqlOk(
      s.staff,
      `mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { consultation { instructions } } }`,
      {
        input: {
          draftId: s.draftId,
          versionId: s.versionId,
          kind: 'DRAFT_COMMENT',
          contactPointIds: [s.contactPointId],
          opensAt: new Date().toISOString(),
          closesAt: new Date(Date.now() + 86_400_000).toISOString(),
          instructions,
        },
      },
    );
    expect(opened.openConsultation.consultation.instructions).toBe(instructions);
  });

  test(`a draft's status history is bounded (${MAX_STATUS_CHANGES} moves): one more is INVALID_TRANSITION, not a failed write`, async () => {
    const { tenantId, staff, draft } = await cityWithDraft({ withVersion: false });
    // Fill the history to the limit directly: 100 moves through the API would only be slower.
    const change = { from: 'PLANNED', to: 'PLANNED', at: new Date().toISOString(), by: 'staff-1', note: wide(500) };
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('legislation'),
        Key: legislationKeys.draft(tenantId, localId(draft.id)),
        UpdateExpression: 'SET statusHistory = :history',
        ExpressionAttributeValues: { ':history': Array.from({ length: MAX_STATUS_CHANGES }, () => change) },
      }),
    );
    const result = await gql(staff, TRANSITION, { input: { id: draft.id, to: 'DRAFTING', expectedRevision: draft.revision } });
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect(result.errors?.[0]?.message).toMatch(/moved 100 times/);
    expect((await gqlOk(staff, DRAFT_STATE, { id: draft.id })).draft.revision).toBe(draft.revision);
  });
});
