import type { Resolvers } from '../../generated/graphql';
import { toGlobalId } from '../../core/ids';
import { lineLocalId } from '../service';

/** Thin: unwrap arguments, call the question service, shape questions. */
export const questionResolvers: Resolvers = {
  Query: {
    budgetQuestions: (_p, args, ctx) => ctx.questions.questions(args),
  },
  Mutation: {
    askBudgetQuestion: async (_p, { input }, ctx) => ({ question: await ctx.questions.ask(input) }),
    answerBudgetQuestion: async (_p, { input }, ctx) => ({ question: await ctx.questions.answer(input) }),
  },
  BudgetQuestion: {
    id: (q) => toGlobalId('BudgetQuestion', q.id),
    subject: (q, _a, ctx) => ctx.questions.subject(q) as never,
  },
  BudgetQuestionSubject: {
    __resolveType: (subject) => {
      const type = (subject as { type?: string }).type;
      return (type === 'Alert' || type === 'AuditFinding' ? type : 'BudgetLine') as never;
    },
  },
  BudgetLine: {
    questions: (line, args, ctx) => ctx.questions.questionsOfSubject('BudgetLine', lineLocalId(line), args),
  },
};
