/**
 * batchWrite's pool: at most four BatchWriteItem calls in flight, and the next one starts as soon
 * as any one returns (a slow call no longer holds back the three beside it, as groups of four did);
 * UnprocessedItems are sent again until none is left. The DynamoDB client is replaced by a fake
 * whose calls the test answers one by one, so nothing here depends on timing.
 */
const calls: { items: number; answer: (unprocessed?: unknown[]) => void }[] = [];
let inFlight = 0;
let maxInFlight = 0;

jest.mock('../../../functions/src/data/client', () => ({
  dynamo: () => ({
    send: (command: { input: { RequestItems: Record<string, unknown[]> } }) => {
      const [table, requests] = Object.entries(command.input.RequestItems)[0]!;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise((resolve) => {
        calls.push({
          items: requests.length,
          answer: (unprocessed = []) => {
            inFlight--;
            resolve({ UnprocessedItems: unprocessed.length ? { [table]: unprocessed } : {} });
          },
        });
      });
    },
  }),
}));

import { batchWrite } from '../../../functions/src/data/batch';

const puts = (n: number) => Array.from({ length: n }, (_, i) => ({ put: { pk: `t#P#${i}`, sk: 'PAYMENT' } }));
/** Lets pending promise callbacks run (the pool starts its next call in one). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  calls.length = 0;
  inFlight = 0;
  maxInFlight = 0;
});

test('keeps four calls in flight: while the first is slow, the others go on', async () => {
  const done = batchWrite('budget', puts(25 * 10)); // ten calls of 25
  await settle();
  expect(calls).toHaveLength(4);
  // The first call hangs; answering the other three lets three more start at once.
  for (const call of calls.slice(1, 4)) call.answer();
  await settle();
  expect(calls).toHaveLength(7);
  for (const call of calls.slice(4, 7)) call.answer();
  await settle();
  expect(calls).toHaveLength(10);
  for (const call of [calls[0]!, ...calls.slice(7)]) call.answer();
  await done;
  expect(maxInFlight).toBe(4);
  expect(calls.map((c) => c.items)).toEqual(Array(10).fill(25));
});

test('sends UnprocessedItems again until every item is written', async () => {
  const done = batchWrite('budget', puts(30));
  await settle();
  expect(calls.map((c) => c.items)).toEqual([25, 5]);
  calls[0]!.answer([{ PutRequest: { Item: { pk: 't#P#0', sk: 'PAYMENT' } } }, { PutRequest: { Item: { pk: 't#P#1', sk: 'PAYMENT' } } }]);
  calls[1]!.answer();
  // The retry waits a jittered backoff (at most 50 ms on the first retry), then sends the two left over.
  while (calls.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(calls[2]!.items).toBe(2);
  calls[2]!.answer();
  await done;
});
