import { errorCode, gql, gqlOk, newTenant, tokenFor } from '../../support/api';
import { trailOf } from '../../support/audit';
import { ANSWER, START_REVIEW, SUBMIT, UPDATE_FEEDBACK, WITHDRAW, feedbackInput, openConsultationWithLiaisons } from '../../support/feedback';
import { MAX_AUDIT_TEXT } from '../../../functions/src/data/audit';

const REQUEST_UPLOAD = `mutation($input: RequestAttachmentUploadInput!) { requestAttachmentUpload(input: $input) { attachment { id status } } }`;

describe('audit trail of feedback', () => {
  test('submit, edit, review and answer are recorded with the liaison or the staff member; refused changes are not', async () => {
    const s = await openConsultationWithLiaisons();
    const [point] = s.points;
    const submitted = (await gqlOk(point!.liaison, SUBMIT, { input: feedbackInput(s.consultation.id) })).submitFeedback.feedback;
    // Refused: bad input, a stale revision, an article the version does not have.
    const bad = await gql(point!.liaison, UPDATE_FEEDBACK, { input: { id: submitted.id, expectedRevision: 1, participantCount: 0 } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'participantCount' });
    expect(errorCode(await gql(point!.liaison, UPDATE_FEEDBACK, { input: { id: submitted.id, expectedRevision: 7, content: '改' } }))).toBe('CONFLICT');
    const noArticle = await gql(point!.liaison, UPDATE_FEEDBACK, { input: { id: submitted.id, expectedRevision: 1, articleNumbers: [999] } });
    expect(noArticle.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'articleNumbers' });

    await gqlOk(point!.liaison, UPDATE_FEEDBACK, { input: { id: submitted.id, expectedRevision: 1, articleNumbers: [14], participantCount: 20 } });
    await gqlOk(s.staff, START_REVIEW, { input: { id: submitted.id, expectedRevision: 2 } });
    // Refused: answering without the reply a partial adoption needs.
    const noReply = await gql(s.staff, ANSWER, { input: { id: submitted.id, decision: 'PARTLY_ADOPTED', expectedRevision: 3 } });
    expect(noReply.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reply' });
    await gqlOk(s.staff, ANSWER, { input: { id: submitted.id, decision: 'PARTLY_ADOPTED', reply: '已在第十四条增加相关表述。', expectedRevision: 3 } });

    const trail = await trailOf(s.admin, submitted.id);
    expect(trail.map((r) => [r.operation, r.userId])).toEqual([
      ['answerFeedback', 'staff-1'],
      ['startReview', 'staff-1'],
      ['updateFeedback', 'liaison-0'],
      ['submitFeedback', 'liaison-0'],
    ]);
    const [answered, review, edited, created] = trail;
    expect(created).toMatchObject({ entityType: 'Feedback', entityId: submitted.id, roles: ['CONTACT_POINT_LIAISON'] });
    expect(created!.changes).toEqual({
      consultation: { before: null, after: s.consultation.id },
      contactPoint: { before: null, after: point!.id },
      articleNumbers: { before: null, after: [3, 14] },
      content: { before: null, after: feedbackInput('').content },
      collectionMethod: { before: null, after: 'MEETING' },
      participantCount: { before: null, after: 12 },
      collectedOn: { before: null, after: submitted.collectedOn },
      status: { before: null, after: 'SUBMITTED' },
    });
    expect(edited!.changes).toEqual({ articleNumbers: { before: [3, 14], after: [14] }, participantCount: { before: 12, after: 20 } });
    expect(review!.changes).toEqual({ status: { before: 'SUBMITTED', after: 'UNDER_REVIEW' } });
    expect(answered!.changes).toEqual({
      status: { before: 'UNDER_REVIEW', after: 'ANSWERED' },
      disposition: { before: null, after: { decision: 'PARTLY_ADOPTED', reply: '已在第十四条增加相关表述。' } },
    });
  });

  test('a withdrawal and an upload request are recorded; a retried idempotent submit writes one record', async () => {
    const s = await openConsultationWithLiaisons();
    const liaison = s.points[0]!.liaison;
    const input = feedbackInput(s.consultation.id, { idempotencyKey: 'cp1-2026-11-22-1' });
    const first = (await gqlOk(liaison, SUBMIT, { input })).submitFeedback.feedback;
    const retried = (await gqlOk(liaison, SUBMIT, { input })).submitFeedback.feedback;
    expect(retried.id).toBe(first.id);

    const upload = (
      await gqlOk(liaison, REQUEST_UPLOAD, { input: { feedbackId: first.id, fileName: '座谈会纪要.pdf', contentType: 'application/pdf', size: 1455 } })
    ).requestAttachmentUpload.attachment;
    // Refused: a type that is not accepted.
    const badType = await gql(liaison, REQUEST_UPLOAD, { input: { feedbackId: first.id, fileName: 'a.exe', contentType: 'application/x-msdownload', size: 10 } });
    expect(badType.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentType' });
    await gqlOk(liaison, WITHDRAW, { input: { id: first.id, expectedRevision: 1 } });
    // Withdrawn feedback can be withdrawn no more: refused, not recorded.
    expect(errorCode(await gql(liaison, WITHDRAW, { input: { id: first.id, expectedRevision: 2 } }))).toBe('CONFLICT');

    const trail = await trailOf(s.admin, first.id);
    expect(trail.map((r) => r.operation)).toEqual(['withdrawFeedback', 'submitFeedback']);
    expect(trail[0]!.changes).toEqual({ status: { before: 'SUBMITTED', after: 'WITHDRAWN' } });

    const uploadTrail = await trailOf(s.admin, upload.id);
    expect(uploadTrail).toHaveLength(1);
    expect(uploadTrail[0]).toMatchObject({ operation: 'requestAttachmentUpload', entityType: 'Attachment', entityId: upload.id });
    expect(uploadTrail[0]!.changes).toEqual({
      fileName: { before: null, after: '座谈会纪要.pdf' },
      contentType: { before: null, after: 'application/pdf' },
      size: { before: null, after: 1455 },
      status: { before: null, after: 'PENDING_UPLOAD' },
    });
  });

  test('a long text is kept truncated with a marker, so the record stays small', async () => {
    const s = await openConsultationWithLiaisons();
    const content = '建议'.repeat(5000); // 10,000 characters, the longest feedback
    const submitted = (await gqlOk(s.points[1]!.liaison, SUBMIT, { input: feedbackInput(s.consultation.id, { content }) })).submitFeedback.feedback;
    const [created] = await trailOf(s.admin, submitted.id);
    expect(created!.changes.content!.after).toBe(`${content.slice(0, MAX_AUDIT_TEXT)}…[truncated: 10000 characters]`);
    // Another congress's admin sees nothing of it.
    const otherAdmin = await tokenFor(await newTenant({ level: 'CITY' }), 'TENANT_ADMIN');
    expect(await trailOf(otherAdmin, submitted.id)).toEqual([]);
  });
});
