import { addDelta } from '../data/counters';
import type { FeedbackDecision, FeedbackRecord } from './records';

/**
 * What one feedback adds to the figures. A write moves the counters by the difference between the
 * new state's contribution and the old one's, in the same transaction, so they stay exact under
 * concurrent writes and never need a read of all feedback.
 */
export const statNames = {
  feedbackCount: 'feedbackCount',
  participantCount: 'participantCount',
  wholeDraft: 'wholeDraft',
  answered: 'answered',
  article: (n: number) => `article_${n}`,
  contactPoint: (id: string) => `cp_${id}`,
  decision: (d: FeedbackDecision) => `decision_${d}`,
  submitted: 'feedbackSubmitted',
};

export interface StatDeltas {
  /** For the consultation's and the draft's figures. */
  shared: Record<string, number>;
  /** For the contact point's figures. */
  contactPoint: Record<string, number>;
}

function contribute(deltas: StatDeltas, f: FeedbackRecord | null, sign: number): void {
  if (!f || f.status === 'WITHDRAWN') return;
  const { shared, contactPoint } = deltas;
  addDelta(shared, statNames.feedbackCount, sign);
  addDelta(shared, statNames.participantCount, sign * f.participantCount);
  if (f.articleNumbers.length === 0) addDelta(shared, statNames.wholeDraft, sign);
  for (const n of f.articleNumbers) addDelta(shared, statNames.article(n), sign);
  addDelta(shared, statNames.contactPoint(f.contactPointId), sign);
  addDelta(contactPoint, statNames.submitted, sign);
  if (f.disposition) {
    addDelta(shared, statNames.answered, sign);
    addDelta(shared, statNames.decision(f.disposition.decision), sign);
    addDelta(contactPoint, statNames.decision(f.disposition.decision), sign);
  }
}

export function statDeltas(before: FeedbackRecord | null, after: FeedbackRecord | null): StatDeltas {
  const deltas: StatDeltas = { shared: {}, contactPoint: {} };
  contribute(deltas, before, -1);
  contribute(deltas, after, 1);
  return deltas;
}

export interface ContactPointCount {
  contactPointId: string;
  count: number;
}

export interface FeedbackFigures {
  feedbackCount: number;
  participantCount: number;
  wholeDraftCount: number;
  byArticle: { articleNumber: number; count: number }[];
  byContactPoint: ContactPointCount[];
  byDecision: { decision: FeedbackDecision; count: number }[];
  answeredCount: number;
  adoptionRate: number | null;
}

/** Reads a stats item back into figures; zero counts (after withdrawals) are left out. */
export function figuresFrom(item: Record<string, unknown> | null): FeedbackFigures {
  const numbers = Object.entries(item ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number');
  const n = (name: string) => numbers.find(([k]) => k === name)?.[1] ?? 0;
  const withPrefix = (prefix: string) =>
    numbers.filter(([k, v]) => k.startsWith(prefix) && v > 0).map(([k, v]) => [k.slice(prefix.length), v] as const);
  const decisions = ['ADOPTED', 'PARTLY_ADOPTED', 'NOT_ADOPTED', 'NOTED'] as const;
  const adopted = n(statNames.decision('ADOPTED')) + n(statNames.decision('PARTLY_ADOPTED'));
  const decided = adopted + n(statNames.decision('NOT_ADOPTED'));
  return {
    feedbackCount: n(statNames.feedbackCount),
    participantCount: n(statNames.participantCount),
    wholeDraftCount: n(statNames.wholeDraft),
    byArticle: withPrefix('article_')
      .map(([k, v]) => ({ articleNumber: Number(k), count: v }))
      .sort((a, b) => a.articleNumber - b.articleNumber),
    byContactPoint: withPrefix('cp_').map(([k, v]) => ({ contactPointId: k, count: v })),
    byDecision: decisions.map((decision) => ({ decision, count: n(statNames.decision(decision)) })).filter((d) => d.count > 0),
    answeredCount: n(statNames.answered),
    adoptionRate: decided === 0 ? null : adopted / decided,
  };
}
