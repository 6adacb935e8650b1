import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { s3 as s3Client } from '../../../functions/src/data/s3';
import { errorCode, gql, gqlOk, tokenFor } from '../../support/api';
import { cityWithDraft } from '../../support/legislation';
import {
  ANSWER,
  CONSULTATION_STATS,
  CONTACT_POINT_STATS,
  DRAFT_STATS,
  GET_FEEDBACK,
  LIST_FEEDBACK,
  START_REVIEW,
  SUBMIT,
  UPDATE_FEEDBACK,
  WITHDRAW,
  feedbackInput,
  openConsultationWithLiaisons,
} from '../../support/feedback';

type FakeableApi = NonNullable<Extract<Parameters<typeof jest.useFakeTimers>[0], { doNotFake?: unknown }>['doNotFake']>[number];
/** Every fakeable API but Date: the handler's clock moves, its timers and sockets stay real. */
const NOT_THE_CLOCK: FakeableApi[] = [
  'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame',
  'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval',
  'setTimeout', 'clearTimeout',
];

describe('feedback from contact points, answered by staff', () => {
  test('a liaison submits on articles, staff review and answer, the liaison sees the answer and the figures follow', async () => {
    const s = await openConsultationWithLiaisons();
    const [cp0, cp1] = s.points;
    const submitted = (await gqlOk(cp0!.liaison, SUBMIT, { input: feedbackInput(s.consultation.id, { articleNumbers: [14, 3] }) }))
      .submitFeedback.feedback;
    expect(submitted).toMatchObject({
      status: 'SUBMITTED',
      revision: 1,
      articleNumbers: [3, 14],
      participantCount: 12,
      submittedBy: 'liaison-0',
      contactPoint: { id: cp0!.id },
      consultation: { id: s.consultation.id },
      draft: { id: s.draft.id },
      version: { id: s.version.id },
      disposition: null,
      attachments: [],
    });
    await gqlOk(cp1!.liaison, SUBMIT, { input: feedbackInput(s.consultation.id, { articleNumbers: [], participantCount: 30, collectionMethod: 'SURVEY' }) });

    const assignments = (await gqlOk(s.staff, CONSULTATION_STATS, { id: s.consultation.id })).consultation.assignments;
    expect(assignments.map((a: any) => a.status)).toEqual(['RESPONDED', 'RESPONDED']);

    const list = (await gqlOk(s.staff, LIST_FEEDBACK, { filter: { consultationId: s.consultation.id } })).feedbackList;
    expect(list.totalCount).toBe(2);
    expect((await gqlOk(s.staff, LIST_FEEDBACK, { filter: { articleNumber: 14 } })).feedbackList.edges.map((e: any) => e.node.id)).toEqual([submitted.id]);
    expect((await gqlOk(s.deputy, LIST_FEEDBACK, { filter: { draftId: s.draft.id } })).feedbackList.totalCount).toBe(2);

    const reviewing = (await gqlOk(s.staff, START_REVIEW, { input: { id: submitted.id, expectedRevision: 1 } })).startReview.feedback;
    expect(reviewing).toMatchObject({ status: 'UNDER_REVIEW', revision: 2 });
    const answered = (
      await gqlOk(s.staff, ANSWER, { input: { id: submitted.id, decision: 'PARTLY_ADOPTED', reply: '已在第十四条增加相关表述。', expectedRevision: 2 } })
    ).answerFeedback.feedback;
    expect(answered).toMatchObject({ status: 'ANSWERED', disposition: { decision: 'PARTLY_ADOPTED', reply: '已在第十四条增加相关表述。', decidedBy: 'staff-1' } });

    const seenByLiaison = (await gqlOk(cp0!.liaison, GET_FEEDBACK, { id: submitted.id })).feedback;
    expect(seenByLiaison.disposition).toMatchObject({ decision: 'PARTLY_ADOPTED', reply: '已在第十四条增加相关表述。' });
    expect((await gqlOk(cp0!.liaison, LIST_FEEDBACK)).feedbackList.edges.map((e: any) => e.node.id)).toEqual([submitted.id]);

    const stats = (await gqlOk(s.staff, CONSULTATION_STATS, { id: s.consultation.id })).consultation.stats;
    expect(stats).toEqual({
      feedbackCount: 2,
      participantCount: 42,
      wholeDraftCount: 1,
      answeredCount: 1,
      adoptionRate: 1,
      byArticle: [{ articleNumber: 3, count: 1 }, { articleNumber: 14, count: 1 }],
      byContactPoint: expect.arrayContaining([{ contactPoint: { id: cp0!.id }, count: 1 }, { contactPoint: { id: cp1!.id }, count: 1 }]),
      byDecision: [{ decision: 'PARTLY_ADOPTED', count: 1 }],
    });
    expect((await gqlOk(s.deputy, DRAFT_STATS, { id: s.draft.id })).draft.feedbackStats).toMatchObject({ feedbackCount: 2, answeredCount: 1 });
    expect((await gqlOk(cp0!.liaison, CONTACT_POINT_STATS, { id: cp0!.id })).contactPoint.stats).toEqual({
      consultationsAssigned: 1,
      consultationsResponded: 1,
      consultationsOverdue: 0,
      feedbackSubmitted: 1,
      feedbackAdopted: 0,
      feedbackPartlyAdopted: 1,
    });
    const unassigned = (await gqlOk(s.staff, CONTACT_POINT_STATS, { id: s.points[2]!.id })).contactPoint.stats;
    expect(unassigned).toMatchObject({ consultationsAssigned: 0, feedbackSubmitted: 0 });

    // A correction of the answer moves the figures too.
    await gqlOk(s.staff, ANSWER, { input: { id: submitted.id, decision: 'NOT_ADOPTED', reply: '与上位法不一致。', expectedRevision: 3 } });
    const corrected = (await gqlOk(s.staff, CONSULTATION_STATS, { id: s.consultation.id })).consultation.stats;
    expect(corrected).toMatchObject({ answeredCount: 1, adoptionRate: 0, byDecision: [{ decision: 'NOT_ADOPTED', count: 1 }] });
  });

  test('who may do what', async () => {
    const s = await openConsultationWithLiaisons();
    const input = feedbackInput(s.consultation.id);
    expect(errorCode(await gql(s.staff, SUBMIT, { input }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(s.deputy, SUBMIT, { input }))).toBe('FORBIDDEN');
    // A liaison whose contact point was not asked cannot see the consultation at all.
    expect(errorCode(await gql(s.points[2]!.liaison, SUBMIT, { input }))).toBe('NOT_FOUND');
    const f = (await gqlOk(s.points[0]!.liaison, SUBMIT, { input })).submitFeedback.feedback;
    for (const token of [s.deputy, s.admin, s.points[0]!.liaison, await tokenFor(s.tenantId, 'BUDGET_STAFF')]) {
      expect(errorCode(await gql(token, START_REVIEW, { input: { id: f.id, expectedRevision: 1 } }))).toBe('FORBIDDEN');
      expect(errorCode(await gql(token, ANSWER, { input: { id: f.id, decision: 'ADOPTED', expectedRevision: 1 } }))).toBe('FORBIDDEN');
    }
    // Another contact point's liaison: NOT_FOUND, absent from its list, cannot edit or withdraw.
    const other = s.points[1]!.liaison;
    expect(errorCode(await gql(other, GET_FEEDBACK, { id: f.id }))).toBe('NOT_FOUND');
    expect((await gqlOk(other, LIST_FEEDBACK)).feedbackList.totalCount).toBe(0);
    expect((await gqlOk(other, LIST_FEEDBACK, { filter: { contactPointId: s.points[0]!.id } })).feedbackList.totalCount).toBe(0);
    expect(errorCode(await gql(other, UPDATE_FEEDBACK, { input: { id: f.id, expectedRevision: 1, content: '改' } }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(other, WITHDRAW, { input: { id: f.id, expectedRevision: 1 } }))).toBe('NOT_FOUND');
    // Liaisons do not see the consultation's or the draft's figures.
    expect(errorCode(await gql(other, CONSULTATION_STATS, { id: s.consultation.id }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(other, CONTACT_POINT_STATS, { id: s.points[0]!.id }))).toBe('NOT_FOUND');
    expect((await gqlOk(s.staff, GET_FEEDBACK, { id: f.id })).feedback).toMatchObject({ status: 'SUBMITTED', revision: 1 });
  });

  test("another tenant's users see nothing of it", async () => {
    const s = await openConsultationWithLiaisons();
    const f = (await gqlOk(s.points[0]!.liaison, SUBMIT, { input: feedbackInput(s.consultation.id) })).submitFeedback.feedback;
    const other = await cityWithDraft();
    const forgedLiaison = await tokenFor(other.tenantId, 'CONTACT_POINT_LIAISON', {
      contactPointId: Buffer.from(s.points[0]!.id, 'base64url').toString().split(':')[1]!,
    });
    for (const token of [other.staff, await tokenFor(other.tenantId, 'DEPUTY'), forgedLiaison]) {
      expect(errorCode(await gql(token, GET_FEEDBACK, { id: f.id }))).toBe('NOT_FOUND');
      expect(errorCode(await gql(token, `query($id: ID!) { node(id: $id) { id } }`, { id: f.id }))).toBe('NOT_FOUND');
      expect((await gqlOk(token, LIST_FEEDBACK)).feedbackList.totalCount).toBe(0);
    }
    expect(errorCode(await gql(forgedLiaison, SUBMIT, { input: feedbackInput(s.consultation.id) }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(other.staff, START_REVIEW, { input: { id: f.id, expectedRevision: 1 } }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(other.staff, `query($id: ID!) { exportFeedback(consultationId: $id) { url } }`, { id: s.consultation.id }))).toBe('NOT_FOUND');
  });

  test('bad input is BAD_USER_INPUT naming the field, and nothing is written', async () => {
    const s = await openConsultationWithLiaisons();
    const liaison = s.points[0]!.liaison;
    const cases: [Record<string, unknown>, string][] = [
      [{ content: '  ' }, 'content'],
      [{ content: '意'.repeat(10_001) }, 'content'],
      [{ articleNumbers: [23] }, 'articleNumbers'],
      [{ articleNumbers: [0] }, 'articleNumbers.0'],
      [{ articleNumbers: [3, 3] }, 'articleNumbers'],
      [{ articleNumbers: Array.from({ length: 51 }, (_, i) => i + 1) }, 'articleNumbers'],
      [{ participantCount: 0 }, 'participantCount'],
      [{ collectedOn: '2999-01-01' }, 'collectedOn'],
      [{ collectionMethod: 'PIGEON' }, 'collectionMethod'],
      [{ consultationId: 'nope' }, 'consultationId'],
    ];
    for (const [patch, field] of cases) {
      const result = await gql(liaison, SUBMIT, { input: feedbackInput(s.consultation.id, patch) });
      expect([field, result.errors?.[0]?.extensions]).toEqual([field, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    }
    const listErrors = [
      [{ filter: { consultationId: 'nope' } }, 'filter.consultationId'],
      [{ filter: { draftId: s.consultation.id } }, 'filter.draftId'],
      [{ first: 101 }, 'first'],
      [{ after: 'not-a-cursor!' }, 'after'],
    ] as const;
    for (const [variables, field] of listErrors) {
      const result = await gql(s.staff, LIST_FEEDBACK, variables);
      expect([field, result.errors?.[0]?.extensions]).toEqual([field, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    }
    const after = (await gqlOk(s.staff, CONSULTATION_STATS, { id: s.consultation.id })).consultation;
    expect(after.stats.feedbackCount).toBe(0);
    expect(after.assignments.map((a: any) => a.status)).toEqual(['PENDING', 'PENDING']);
    expect((await gqlOk(s.staff, LIST_FEEDBACK)).feedbackList.totalCount).toBe(0);
  });

  test('a closed consultation, or one past its deadline, takes no feedback', async () => {
    // The deadline is a minute away: far enough that the first submission lands before it however
    // busy the machine is. Then the handler's clock (Date only; timers and sockets stay real) is
    // moved two minutes on, so the test never races the wall clock.
    const s = await openConsultationWithLiaisons({ closesInMs: 60_000 });
    await gqlOk(s.points[1]!.liaison, SUBMIT, { input: feedbackInput(s.consultation.id) });
    jest.useFakeTimers({ doNotFake: NOT_THE_CLOCK, now: Date.now() + 120_000 });
    try {
      const late = await gql(s.points[0]!.liaison, SUBMIT, { input: feedbackInput(s.consultation.id) });
      expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'consultationId' });
      const statuses = (await gqlOk(s.staff, CONSULTATION_STATS, { id: s.consultation.id })).consultation.assignments.map((a: any) => a.status);
      expect(statuses).toEqual(['OVERDUE', 'RESPONDED']);
      expect((await gqlOk(s.staff, CONTACT_POINT_STATS, { id: s.points[0]!.id })).contactPoint.stats).toMatchObject({
        consultationsAssigned: 1,
        consultationsOverdue: 1,
      });
    } finally {
      jest.useRealTimers();
    }

    const t = await openConsultationWithLiaisons();
    await gqlOk(t.staff, `mutation($id: ID!) { closeConsultation(input: { id: $id }) { consultation { status } } }`, { id: t.consultation.id });
    const closed = await gql(t.points[0]!.liaison, SUBMIT, { input: feedbackInput(t.consultation.id) });
    expect(closed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'consultationId' });
    expect((await gqlOk(t.staff, CONSULTATION_STATS, { id: t.consultation.id })).consultation.stats.feedbackCount).toBe(0);
  });

  test('the same idempotency key submits once, also when identical calls race', async () => {
    const s = await openConsultationWithLiaisons();
    const input = feedbackInput(s.consultation.id, { idempotencyKey: 'village-retry-1' });
    const results = await Promise.all(Array.from({ length: 6 }, () => gqlOk(s.points[0]!.liaison, SUBMIT, { input })));
    expect(new Set(results.map((r) => r.submitFeedback.feedback.id)).size).toBe(1);
    const stats = (await gqlOk(s.staff, CONSULTATION_STATS, { id: s.consultation.id })).consultation.stats;
    expect(stats).toMatchObject({ feedbackCount: 1, participantCount: 12 });
    expect((await gqlOk(s.staff, LIST_FEEDBACK)).feedbackList.totalCount).toBe(1);
  });

  test('50 concurrent submissions leave every counter exact', async () => {
    const s = await openConsultationWithLiaisons();
    const submissions = Array.from({ length: 50 }, (_, i) => ({
      liaison: s.points[i % 2]!.liaison,
      input: feedbackInput(s.consultation.id, { articleNumbers: i % 5 === 0 ? [] : [1 + (i % 3)], participantCount: i + 1 }),
    }));
    const results = await Promise.all(submissions.map(({ liaison, input }) => gql(liaison, SUBMIT, { input })));
    expect(results.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
    const stats = (await gqlOk(s.staff, CONSULTATION_STATS, { id: s.consultation.id })).consultation.stats;
    const expectedArticles = [1, 2, 3].map((n) => ({
      articleNumber: n,
      count: submissions.filter((_, i) => i % 5 !== 0 && 1 + (i % 3) === n).length,
    }));
    expect(stats).toMatchObject({
      feedbackCount: 50,
      participantCount: (50 * 51) / 2,
      wholeDraftCount: 10,
      byArticle: expectedArticles,
    });
    expect(stats.byContactPoint.map((c: any) => c.count)).toEqual([25, 25]);
    expect((await gqlOk(s.staff, LIST_FEEDBACK, { first: 100, filter: { consultationId: s.consultation.id } })).feedbackList.totalCount).toBe(50);
    expect((await gqlOk(s.staff, DRAFT_STATS, { id: s.draft.id })).draft.feedbackStats.feedbackCount).toBe(50);
  });

  test('a liaison edits and withdraws until review starts; figures follow; stale revisions are CONFLICT', async () => {
    const s = await openConsultationWithLiaisons();
    const liaison = s.points[0]!.liaison;
    const f = (await gqlOk(liaison, SUBMIT, { input: feedbackInput(s.consultation.id) })).submitFeedback.feedback;
    const edited = (await gqlOk(liaison, UPDATE_FEEDBACK, { input: { id: f.id, expectedRevision: 1, articleNumbers: [5], participantCount: 20 } }))
      .updateFeedback.feedback;
    expect(edited).toMatchObject({ articleNumbers: [5], participantCount: 20, revision: 2, content: f.content });
    expect((await gqlOk(s.staff, CONSULTATION_STATS, { id: s.consultation.id })).consultation.stats).toMatchObject({
      participantCount: 20,
      byArticle: [{ articleNumber: 5, count: 1 }],
    });
    expect(errorCode(await gql(liaison, UPDATE_FEEDBACK, { input: { id: f.id, expectedRevision: 1, content: '旧' } }))).toBe('CONFLICT');
    const bad = await gql(liaison, UPDATE_FEEDBACK, { input: { id: f.id, expectedRevision: 2, articleNumbers: [99] } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'articleNumbers' });

    const withdrawn = (await gqlOk(liaison, WITHDRAW, { input: { id: f.id, expectedRevision: 2 } })).withdrawFeedback.feedback;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', revision: 3 });
    expect((await gqlOk(s.staff, LIST_FEEDBACK)).feedbackList.totalCount).toBe(0);
    expect((await gqlOk(s.staff, CONSULTATION_STATS, { id: s.consultation.id })).consultation.stats).toMatchObject({
      feedbackCount: 0,
      participantCount: 0,
      byArticle: [],
    });
    expect(errorCode(await gql(s.staff, START_REVIEW, { input: { id: f.id, expectedRevision: 3 } }))).toBe('CONFLICT');

    const g = (await gqlOk(liaison, SUBMIT, { input: feedbackInput(s.consultation.id) })).submitFeedback.feedback;
    await gqlOk(s.staff, START_REVIEW, { input: { id: g.id, expectedRevision: 1 } });
    expect(errorCode(await gql(liaison, UPDATE_FEEDBACK, { input: { id: g.id, expectedRevision: 2, content: '改' } }))).toBe('CONFLICT');
    expect(errorCode(await gql(liaison, WITHDRAW, { input: { id: g.id, expectedRevision: 2 } }))).toBe('CONFLICT');
  });

  test('answers: a reply is required unless ADOPTED, and only after review starts', async () => {
    const s = await openConsultationWithLiaisons();
    const f = (await gqlOk(s.points[0]!.liaison, SUBMIT, { input: feedbackInput(s.consultation.id) })).submitFeedback.feedback;
    expect(errorCode(await gql(s.staff, ANSWER, { input: { id: f.id, decision: 'ADOPTED', expectedRevision: 1 } }))).toBe('CONFLICT');
    await gqlOk(s.staff, START_REVIEW, { input: { id: f.id, expectedRevision: 1 } });
    const noReply = await gql(s.staff, ANSWER, { input: { id: f.id, decision: 'NOT_ADOPTED', expectedRevision: 2 } });
    expect(noReply.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reply' });
    const adopted = (await gqlOk(s.staff, ANSWER, { input: { id: f.id, decision: 'ADOPTED', expectedRevision: 2 } })).answerFeedback.feedback;
    expect(adopted.disposition).toMatchObject({ decision: 'ADOPTED', reply: null });
    expect((await gqlOk(s.staff, CONTACT_POINT_STATS, { id: s.points[0]!.id })).contactPoint.stats.feedbackAdopted).toBe(1);
  });

  test('the CSV export holds every feedback with its articles, contact point, decision and reply', async () => {
    const s = await openConsultationWithLiaisons();
    const f = (await gqlOk(s.points[0]!.liaison, SUBMIT, { input: feedbackInput(s.consultation.id, { content: '建议增加"助餐"服务，\n并明确标准。' }) }))
      .submitFeedback.feedback;
    await gqlOk(s.points[1]!.liaison, SUBMIT, { input: feedbackInput(s.consultation.id, { articleNumbers: [] }) });
    await gqlOk(s.staff, START_REVIEW, { input: { id: f.id, expectedRevision: 1 } });
    await gqlOk(s.staff, ANSWER, { input: { id: f.id, decision: 'NOT_ADOPTED', reply: '已有规定。', expectedRevision: 2 } });
    const EXPORT = `query($id: ID!) { exportFeedback(consultationId: $id) { url fileName rowCount } }`;
    const exported = (await gqlOk(s.staff, EXPORT, { id: s.consultation.id })).exportFeedback;
    expect(exported.rowCount).toBe(2);
    expect(exported.fileName).toMatch(/意见汇总.*\.csv$/);
    const response = await fetch(exported.url);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('序号,条款,联系点,意见内容,收集方式,参与人数,收集日期,提交时间,状态,采纳情况,反馈说明');
    expect(text).toContain('第3条、第14条');
    expect(text).toContain('凤山街道联系点');
    expect(text).toContain('"建议增加""助餐""服务，\n并明确标准。"');
    expect(text).toContain('未采纳,已有规定。');
    expect(text).toContain('总体意见');
    // Tagged for the bucket's lifecycle rule, which expires exports after a day.
    const key = decodeURIComponent(new URL(exported.url).pathname.split('/').slice(2).join('/'));
    expect(key).toMatch(new RegExp(`^${s.tenantId}/exports/`));
    const tags = await (await s3Client()).send(new GetObjectTaggingCommand({ Bucket: process.env.FILES_BUCKET, Key: key }));
    expect(tags.TagSet).toEqual([{ Key: 'purpose', Value: 'feedback-export' }]);
    expect(errorCode(await gql(s.deputy, EXPORT, { id: s.consultation.id }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(s.points[0]!.liaison, EXPORT, { id: s.consultation.id }))).toBe('FORBIDDEN');
  });
});
