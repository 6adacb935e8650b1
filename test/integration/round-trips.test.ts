import { dynamo } from '../../functions/src/data/client';
import { gqlOk } from './../support/api';
import { SUBMIT, feedbackInput, openConsultationWithLiaisons } from '../support/feedback';

/** Counts the DynamoDB requests the handler sends (the handler shares this module registry). */
function countDynamoCalls(): { calls: string[]; stop: () => void } {
  const calls: string[] = [];
  const name = `count-${Math.random()}`;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { calls, stop: () => dynamo().middlewareStack.remove(name) };
}

test('a page of 50 feedback with nested contact point, consultation and draft costs a few round trips, not 50+', async () => {
  const s = await openConsultationWithLiaisons();
  for (let i = 0; i < 50; i++) {
    await gqlOk(s.points[i % 2]!.liaison, SUBMIT, { input: feedbackInput(s.consultation.id, { participantCount: i + 1 }) });
  }
  await gqlOk(s.staff, '{ viewer { userId } }'); // the tenant is now cached in this container
  const counter = countDynamoCalls();
  try {
    const data = await gqlOk(
      s.staff,
      `{ feedbackList(first: 50) { edges { node { id contactPoint { name } consultation { id kind } draft { title } version { number } } } } }`,
    );
    expect(data.feedbackList.edges).toHaveLength(50);
  } finally {
    counter.stop();
  }
  // One Query for the page, one for the consultation's partition (header and assignments), and one
  // BatchGetItem per table for the nested objects (contact points; drafts and versions together).
  expect([...counter.calls].sort()).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'QueryCommand']);
});
