import type { ItemKey } from '../../data/batch';
import type { QuestionSubjectType } from './records';

/**
 * Keys of deputies' questions; tenant first. All of a tenant's questions are one partition, newest
 * last by ULID; each question also has a pointer in its subject's partition, so a line's or an
 * alert's questions are one Query (plus one BatchGetItem of the questions).
 */
export const questionKeys = {
  questionsPartition: (t: string) => `${t}#BUDGET_QUESTIONS`,
  question: (t: string, id: string): ItemKey => ({ pk: `${t}#BUDGET_QUESTIONS`, sk: `QUESTION#${id}` }),
  subjectPartition: (t: string, type: QuestionSubjectType, localId: string) => `${t}#BUDGET_QUESTIONS#${type}:${localId}`,
  pointer: (t: string, type: QuestionSubjectType, localId: string, id: string): ItemKey => ({ pk: `${t}#BUDGET_QUESTIONS#${type}:${localId}`, sk: `QUESTION#${id}` }),
};
