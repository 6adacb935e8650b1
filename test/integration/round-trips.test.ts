import { countDynamoCalls } from '../support/dynamo-calls';
import { gqlOk } from './../support/api';
import { SUBMIT, feedbackInput, openConsultationWithLiaisons } from '../support/feedback';

test('a page of 50 feedback with nested contact point, consultation, draft and attachments costs five round trips, not 50+', async () => {
  const s = await openConsultationWithLiaisons();
  const submit = async (i: number) => {
    const liaison = s.points[i % 2]!.liaison;
    const f = (await gqlOk(liaison, SUBMIT, { input: feedbackInput(s.consultation.id, { participantCount: i + 1 }) })).submitFeedback.feedback;
    if (i % 5 === 0) {
      await gqlOk(liaison, `mutation($input: RequestAttachmentUploadInput!) { requestAttachmentUpload(input: $input) { attachment { id } } }`, {
        input: { feedbackId: f.id, fileName: `纪要${i}.pdf`, contentType: 'application/pdf', size: 1000 },
      });
    }
  };
  // Five at a time: the set-up is 60 requests, and only the page read below is measured.
  for (let i = 0; i < 50; i += 5) await Promise.all([0, 1, 2, 3, 4].map((k) => submit(i + k)));
  await gqlOk(s.staff, '{ viewer { userId } }'); // the tenant is now cached in this container
  const counter = countDynamoCalls();
  try {
    const data = await gqlOk(
      s.staff,
      `{ feedbackList(first: 50) { totalCount edges { node { id contactPoint { name } consultation { id kind } draft { title } version { number }
        attachments { fileName status } } } } }`,
    );
    expect(data.feedbackList.edges).toHaveLength(50);
    expect(data.feedbackList.totalCount).toBe(50);
    expect(data.feedbackList.edges.flatMap((e: any) => e.node.attachments)).toHaveLength(10);
  } finally {
    counter.stop();
  }
  // One Query for the page, one BatchGetItem per table for the nested objects (contact points;
  // consultations, drafts and versions together; attachments) and one GetItem for the total, a
  // counter kept on write. Plus the request's one rate-limit write (data/rate-limit.ts).
  expect([...counter.calls].sort()).toEqual([
    'BatchGetItemCommand',
    'BatchGetItemCommand',
    'BatchGetItemCommand',
    'GetItemCommand',
    'QueryCommand',
    'UpdateItemCommand',
  ]);
});
