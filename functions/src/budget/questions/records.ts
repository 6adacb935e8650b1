/** Storage shapes of deputies' budget questions (代表询问); budget table. */

export const QUESTION_STATUSES = ['OPEN', 'ANSWERED'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** The types a question may be about; an audit finding joins when that domain lands. */
export type QuestionSubjectType = 'BudgetLine' | 'Alert' | 'AuditFinding';

export interface QuestionAnswerRecord {
  readonly text: string;
  readonly answeredAt: string;
  readonly answeredBy: string;
}

export interface QuestionRecord {
  readonly pk: string;
  /** `QUESTION#<id>`. */
  readonly sk: string;
  readonly type: 'BudgetQuestion';
  readonly tenantId: string;
  readonly id: string;
  readonly subjectType: QuestionSubjectType;
  /** The subject's local id (what its global id holds). */
  readonly subjectLocalId: string;
  readonly question: string;
  readonly askedBy: string;
  readonly askedAt: string;
  readonly status: QuestionStatus;
  readonly answer: QuestionAnswerRecord | null;
  readonly revision: number;
  readonly updatedAt: string;
}

/**
 * A question listed under its subject: the question's id with the two fields a subject's list
 * filters on, moved in the same transaction as the question.
 */
export interface QuestionPointerRecord {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'BudgetQuestionPointer';
  readonly questionId: string;
  readonly status: QuestionStatus;
  readonly askedBy: string;
}
