import type { Resolvers } from '../../generated/graphql';
import { toGlobalId } from '../../core/ids';
import { reportLocalId } from '../findings/keys';
import { sessionLocalId } from './keys';
import { satisfactionRate } from './result';

/** Thin: unwrap arguments, call the rating service, shape sessions (counts by choice only once closed). */
export const ratingResolvers: Resolvers = {
  Mutation: {
    openRatingSession: (_p, { input }, ctx) => ctx.ratings.open(input),
    castRatingVote: async (_p, { input }, ctx) => ({ session: await ctx.ratings.vote(input) }),
    closeRatingSession: (_p, { input }, ctx) => ctx.ratings.close(input),
  },
  RatingSession: {
    id: (s) => toGlobalId('RatingSession', sessionLocalId(s)),
    report: (s, _a, ctx) => ctx.findings.report(reportLocalId({ id: s.reportId, year: s.year })),
    unit: (s) => (s.unitCode ? { code: s.unitCode, name: s.unitName ?? s.unitCode } : null),
    counts: (s) => {
      const closed = s.status === 'CLOSED';
      return {
        satisfied: closed ? s.satisfied : null,
        basicallySatisfied: closed ? s.basicallySatisfied : null,
        dissatisfied: closed ? s.dissatisfied : null,
        abstain: closed ? s.abstain : null,
        votesCast: s.votesCast,
      };
    },
    satisfactionRate: (s) => (s.status === 'CLOSED' ? satisfactionRate(s, s.membersPresent) : null),
    viewerHasVoted: (s, _a, ctx) => ctx.ratings.viewerHasVoted(s),
  },
};
