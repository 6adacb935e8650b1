import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startS3Emulator, type RunningS3 } from '../../../functions/local/emulators';
import { deliverObjectCreatedEvents } from '../../../functions/local/s3-events';
import { handler as ingestHandler } from '../../../functions/src/files/handler';
import { inquiryKeys, parseInquiryLocalId } from '../../../functions/src/budget/inquiries/keys';
import { decodeGlobalId } from '../../../functions/src/core/ids';
import { getItem } from '../../../functions/src/data/items';
import { errorCode, gql, gqlOk, tokenFor } from '../../support/api';
import { uploadTo } from '../../support/budget';
import { EDU, FIN } from '../../support/budget-reads';
import { alertCounty, ANSWER, dueIn, INQUIRY, SEND, type AlertCounty } from '../../support/inquiries';

/**
 * A unit answers an inquiry with a PDF uploaded through the S3 emulator: the same presigned POST and
 * ingest checks as feedback attachments (files/uploads.ts, files/ingest.ts), wired as `npm start`
 * wires them. A disguised file is rejected and gives its place back.
 */
const REQUEST = `mutation($input: RequestInquiryAnswerUploadInput!) { requestInquiryAnswerUpload(input: $input) {
  attachment { id fileName contentType size status } upload { url expiresAt fields { name value } } } }`;
const fixture = (name: string) => readFileSync(resolve(__dirname, '../../fixtures/files', name));
const BUCKET = 'renda-files-inquiries-test';

let s3: RunningS3;
let s3Dir: string;
const ingested: Promise<unknown>[] = [];

beforeAll(async () => {
  s3Dir = mkdtempSync(join(tmpdir(), 'renda-inquiry-files-'));
  s3 = await startS3Emulator(await freePort(), s3Dir, BUCKET);
  process.env.S3_ENDPOINT = s3.endpoint;
  process.env.FILES_BUCKET = BUCKET;
  deliverObjectCreatedEvents(
    s3.server,
    (event) => {
      const run = ingestHandler(event);
      ingested.push(run);
      return run;
    },
    (error) => {
      throw error;
    },
  );
});

afterAll(async () => {
  await s3.stop();
  rmSync(s3Dir, { recursive: true, force: true });
});

/** Waits until the ingest handler has settled every event delivered so far; returns their outcomes. */
async function ingestOutcomes(): Promise<unknown[]> {
  for (let i = 0; i < 50 && ingested.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  const results = await Promise.all(ingested);
  ingested.length = 0;
  return results.flat();
}

async function requestAndUpload(token: string, inquiryId: string, fileName: string, contentType: string, bytes: Buffer) {
  const requested = (await gqlOk(token, REQUEST, { input: { inquiryId, fileName, contentType, size: bytes.length } })).requestInquiryAnswerUpload;
  expect(requested.attachment).toMatchObject({ fileName, contentType, size: bytes.length, status: 'PENDING_UPLOAD' });
  expect(await uploadTo(requested.upload, bytes, fileName)).toBeLessThan(300);
  return { requested, outcomes: await ingestOutcomes() };
}

describe('answer files', () => {
  let c: AlertCounty;
  let inquiryId: string;
  beforeAll(async () => {
    c = await alertCounty();
    const [alert] = c.alerts[EDU[0]]!;
    inquiryId = (await gqlOk(c.staff, SEND, { input: { alertIds: [alert!.id], question: '请说明并附证明材料。', dueOn: dueIn(7) } })).sendInquiry.inquiry.id;
  });

  test('the unit answers with a PDF: checked, AVAILABLE, downloaded byte for byte by staff', async () => {
    const pdf = fixture('minutes.pdf');
    const { requested, outcomes } = await requestAndUpload(c.edu, inquiryId, '追加预算批复.pdf', 'application/pdf', pdf);
    expect(requested.upload.fields.find((f: any) => f.name === 'key').value).toMatch(new RegExp(`^${c.tenantId}/inquiries/`));
    expect(outcomes).toEqual([expect.objectContaining({ outcome: 'AVAILABLE' })]);
    const answered = (await gqlOk(c.edu, ANSWER, { input: { inquiryId, text: '批复文件见附件。', expectedRevision: 1 } })).answerInquiry.inquiry;
    expect(answered.answer.attachments.map((a: any) => [a.fileName, a.status])).toEqual([['追加预算批复.pdf', 'AVAILABLE']]);
    for (const token of [c.staff, c.deputy, c.edu]) {
      const [file] = (await gqlOk(token, INQUIRY, { id: inquiryId })).node.answer.attachments;
      expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
      const downloaded = Buffer.from(await (await fetch(file.downloadUrl)).arrayBuffer());
      expect(downloaded.equals(pdf)).toBe(true);
    }
  });

  test('a disguised executable is REJECTED, deleted, and gives its place back; no files once answered', async () => {
    const fresh = await alertCounty();
    const [alert] = fresh.alerts[FIN[0]]!;
    const id = (await gqlOk(fresh.staff, SEND, { input: { alertIds: [alert!.id], question: '请说明。', dueOn: dueIn(7) } })).sendInquiry.inquiry.id;
    const { outcomes } = await requestAndUpload(fresh.fin, id, 'scan.pdf', 'application/pdf', fixture('disguised.pdf'));
    expect(outcomes).toEqual([expect.objectContaining({ outcome: 'REJECTED' })]);
    const ref = parseInquiryLocalId(decodeGlobalId(id)!.localId)!;
    const stored = await getItem<{ fileCount: number; fileIds: string[] }>('budget', inquiryKeys.inquiry(fresh.tenantId, ref.year, ref.unitCode, ref.id), { consistent: true });
    expect(stored).toMatchObject({ fileCount: 0, fileIds: [expect.any(String)] });
    const answered = (await gqlOk(fresh.fin, ANSWER, { input: { inquiryId: id, text: '见说明。', expectedRevision: 1 } })).answerInquiry.inquiry;
    expect(answered.answer.attachments).toEqual([expect.objectContaining({ fileName: 'scan.pdf', status: 'REJECTED', downloadUrl: null })]);
    expect(answered.answer.attachments[0].rejectReason).toMatch(/not a PDF/);
    const late = await gql(fresh.fin, REQUEST, { input: { inquiryId: id, fileName: 'late.pdf', contentType: 'application/pdf', size: 100 } });
    expect(errorCode(late)).toBe('CONFLICT');
  });

  test('only the unit asked may upload; bad requests are BAD_USER_INPUT naming the field', async () => {
    const input = { inquiryId, fileName: 'a.pdf', contentType: 'application/pdf', size: 100 };
    expect(errorCode(await gql(c.fin, REQUEST, { input }))).toBe('NOT_FOUND');
    for (const role of ['BUDGET_STAFF', 'DEPUTY', 'CONTACT_POINT_LIAISON'] as const) {
      const token = await tokenFor(c.tenantId, role, role === 'CONTACT_POINT_LIAISON' ? { contactPointId: '01J00000000000000000000000' } : {});
      expect(errorCode(await gql(token, REQUEST, { input }))).toBe('FORBIDDEN');
    }
    const bad: [Record<string, unknown>, string][] = [
      [{ ...input, fileName: 'a.exe' }, 'fileName'],
      [{ ...input, fileName: '../a.pdf' }, 'fileName'],
      [{ ...input, contentType: 'application/x-msdownload' }, 'contentType'],
      [{ ...input, size: 0 }, 'size'],
      [{ ...input, inquiryId: 'nope' }, 'inquiryId'],
    ];
    for (const [request, field] of bad) {
      const result = await gql(c.edu, REQUEST, { input: request });
      expect([errorCode(result), result.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', field]);
    }
  });
});
