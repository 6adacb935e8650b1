import { dynamo } from '../../functions/src/data/client';

/** Counts the DynamoDB requests the handler sends (the handler shares this module registry). */
export function countDynamoCalls(): { calls: string[]; stop: () => void } {
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
