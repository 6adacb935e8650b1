import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { freePort, startS3Emulator, LOCAL_CREDENTIALS, LOCAL_REGION, type RunningS3 } from '../../../functions/local/emulators';
import { deliverObjectCreatedEvents, toS3Event } from '../../../functions/local/s3-events';
import { handler as ingestHandler } from '../../../functions/src/files/handler';
import { visibleStatus } from '../../../functions/src/feedback/attachments';
import type { AttachmentRecord } from '../../../functions/src/feedback/records';
import { errorCode, gql, gqlOk, tokenFor } from '../../support/api';
import { GET_FEEDBACK, SUBMIT, START_REVIEW, feedbackInput, openConsultationWithLiaisons } from '../../support/feedback';

const REQUEST = `mutation($input: RequestAttachmentUploadInput!) { requestAttachmentUpload(input: $input) {
  attachment { id fileName contentType size status } upload { url expiresAt fields { name value } } } }`;
const fixture = (name: string) => readFileSync(resolve(__dirname, '../../fixtures/files', name));
const BUCKET = 'renda-files-uploads-test';

/**
 * This file runs its own S3 emulator wired to the ingest handler exactly as `npm start` wires it, so
 * a real presigned POST upload produces a real object-created event that reaches the handler.
 */
let s3: RunningS3;
let s3Dir: string;
const ingested: Promise<unknown>[] = [];

beforeAll(async () => {
  s3Dir = mkdtempSync(join(tmpdir(), 'renda-upload-test-'));
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

async function upload(url: string, fields: { name: string; value: string }[], bytes: Uint8Array, fileName: string): Promise<number> {
  const form = new FormData();
  for (const { name, value } of fields) form.append(name, value);
  form.append('file', new Blob([bytes]), fileName);
  const response = await fetch(url, { method: 'POST', body: form });
  return response.status;
}

/** Waits until the ingest handler has settled every event delivered so far; returns their outcomes. */
async function ingestOutcomes(): Promise<unknown[]> {
  for (let i = 0; i < 50 && ingested.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  const results = await Promise.all(ingested);
  ingested.length = 0;
  return results.flat();
}

async function ingestDone(): Promise<void> {
  await ingestOutcomes();
}

async function feedbackWithLiaison() {
  const s = await openConsultationWithLiaisons();
  const liaison = s.points[0]!.liaison;
  const feedback = (await gqlOk(liaison, SUBMIT, { input: feedbackInput(s.consultation.id) })).submitFeedback.feedback;
  return { ...s, liaison, feedback };
}

async function requestAndUpload(liaison: string, feedbackId: string, name: string, contentType: string, bytes: Uint8Array, declaredSize = bytes.length) {
  const requested = (await gqlOk(liaison, REQUEST, { input: { feedbackId, fileName: name, contentType, size: declaredSize } })).requestAttachmentUpload;
  expect(requested.attachment).toMatchObject({ fileName: name, contentType, size: declaredSize, status: 'PENDING_UPLOAD' });
  const status = await upload(requested.upload.url, requested.upload.fields, bytes, name);
  expect(status).toBeLessThan(300);
  await ingestDone();
  return requested;
}

async function attachments(token: string, feedbackId: string) {
  return (await gqlOk(token, GET_FEEDBACK, { id: feedbackId })).feedback.attachments as any[];
}

describe('attachments', () => {
  test('a real PDF and PNG uploaded with the presigned POST become AVAILABLE and download byte for byte', async () => {
    const s = await feedbackWithLiaison();
    const pdf = fixture('minutes.pdf');
    const png = fixture('photo.png');
    const pdfRequest = await requestAndUpload(s.liaison, s.feedback.id, '座谈会纪要.pdf', 'application/pdf', pdf);
    expect(pdfRequest.upload.fields.map((f: any) => f.name)).toEqual(expect.arrayContaining(['key', 'Content-Type', 'Policy', 'X-Amz-Signature']));
    expect(pdfRequest.upload.fields.find((f: any) => f.name === 'key').value).toMatch(new RegExp(`^${s.tenantId}/feedback/`));
    await requestAndUpload(s.liaison, s.feedback.id, 'photo.png', 'image/png', png);

    for (const token of [s.liaison, s.staff, s.deputy]) {
      const list = await attachments(token, s.feedback.id);
      expect(list.map((a) => [a.fileName, a.status])).toEqual([
        ['座谈会纪要.pdf', 'AVAILABLE'],
        ['photo.png', 'AVAILABLE'],
      ]);
      const [pdfAttachment, pngAttachment] = list;
      expect(pdfAttachment.sha256).toMatch(/^[0-9a-f]{64}$/);
      const downloaded = new Uint8Array(await (await fetch(pdfAttachment.downloadUrl)).arrayBuffer());
      expect(Buffer.from(downloaded).equals(pdf)).toBe(true);
      const downloadedPng = new Uint8Array(await (await fetch(pngAttachment.downloadUrl)).arrayBuffer());
      expect(Buffer.from(downloadedPng).equals(png)).toBe(true);
    }
  });

  test('a disguised executable, an oversized file and a wrong type are REJECTED and deleted', async () => {
    const s = await feedbackWithLiaison();
    const disguised = await requestAndUpload(s.liaison, s.feedback.id, 'minutes.pdf', 'application/pdf', fixture('disguised.pdf'));
    // The emulator, unlike S3, ignores the policy's size condition: the ingest catches it.
    const big = fixture('photo.png');
    const oversized = await requestAndUpload(s.liaison, s.feedback.id, 'small.png', 'image/png', Buffer.concat([big, big]), big.length);
    const wrongType = await requestAndUpload(s.liaison, s.feedback.id, 'photo.jpg', 'image/jpeg', fixture('photo.png'));

    const list = await attachments(s.liaison, s.feedback.id);
    expect(list.map((a) => [a.fileName, a.status, a.downloadUrl])).toEqual([
      ['minutes.pdf', 'REJECTED', null],
      ['small.png', 'REJECTED', null],
      ['photo.jpg', 'REJECTED', null],
    ]);
    expect(list[0].rejectReason).toMatch(/not a PDF/);
    expect(list[1].rejectReason).toMatch(/bytes/);
    expect(list[2].rejectReason).toMatch(/JPEG/);
    const client = new S3Client({ endpoint: s3.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
    for (const requested of [disguised, oversized, wrongType]) {
      const key = requested.upload.fields.find((f: any) => f.name === 'key').value;
      await expect(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toMatchObject({ name: 'NotFound' });
    }
  });

  test('the same event twice changes nothing; an event for an unknown key is ignored', async () => {
    const s = await feedbackWithLiaison();
    const requested = await requestAndUpload(s.liaison, s.feedback.id, 'notes.txt', 'text/plain', fixture('notes.txt'));
    const key = requested.upload.fields.find((f: any) => f.name === 'key').value as string;
    const before = await attachments(s.staff, s.feedback.id);
    const event: S3Event = toS3Event({ Records: [{ eventName: 'ObjectCreated:Post', s3: { bucket: { name: BUCKET }, object: { key, size: 1 } } }] });
    expect(await ingestHandler(event)).toEqual([{ key, outcome: 'IGNORED_ALREADY_SETTLED' }]);
    expect(await ingestHandler(event)).toEqual([{ key, outcome: 'IGNORED_ALREADY_SETTLED' }]);
    const after = await attachments(s.staff, s.feedback.id);
    expect(after.map(({ downloadUrl: _u, ...rest }) => rest)).toEqual(before.map(({ downloadUrl: _u, ...rest }) => rest));

    // Deliveries racing on a fresh upload: exactly one of them settles it.
    const fresh = (await gqlOk(s.liaison, REQUEST, { input: { feedbackId: s.feedback.id, fileName: 'p.png', contentType: 'image/png', size: 680 } }))
      .requestAttachmentUpload;
    const freshKey = fresh.upload.fields.find((f: any) => f.name === 'key').value as string;
    expect(await upload(fresh.upload.url, fresh.upload.fields, fixture('photo.png'), 'p.png')).toBeLessThan(300);
    const freshEvent = toS3Event({ Records: [{ eventName: 'ObjectCreated:Post', s3: { bucket: { name: BUCKET }, object: { key: freshKey, size: 680 } } }] });
    const outcomes = await Promise.all([ingestHandler(freshEvent), ingestHandler(freshEvent), ...ingested.splice(0)]);
    const flat = (outcomes as { outcome: string }[][]).flat().map((r) => r.outcome);
    expect(flat.filter((o) => o === 'AVAILABLE')).toHaveLength(1);
    expect(flat.filter((o) => o !== 'AVAILABLE').every((o) => o === 'IGNORED_ALREADY_SETTLED')).toBe(true);

    const unknown = toS3Event({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: BUCKET }, object: { key: 'somewhere/else.pdf' } } }] });
    expect(await ingestHandler(unknown)).toEqual([{ key: 'somewhere/else.pdf', outcome: 'IGNORED_UNKNOWN_KEY' }]);
  });

  test('replaying the presigned POST with other bytes after the check gets them rejected and deleted', async () => {
    const s = await feedbackWithLiaison();
    const original = fixture('notes.txt');
    const requested = await requestAndUpload(s.liaison, s.feedback.id, 'notes.txt', 'text/plain', original);
    expect((await attachments(s.liaison, s.feedback.id))[0].status).toBe('AVAILABLE');
    // The same upload again (a retry of identical bytes) changes nothing.
    expect(await upload(requested.upload.url, requested.upload.fields, original, 'notes.txt')).toBeLessThan(300);
    await ingestDone();
    expect((await attachments(s.liaison, s.feedback.id))[0].status).toBe('AVAILABLE');
    // Other bytes of the same size under the same key were never checked.
    const swapped = Buffer.from(original);
    swapped.fill(0x41, 0, 16);
    expect(await upload(requested.upload.url, requested.upload.fields, swapped, 'notes.txt')).toBeLessThan(300);
    await ingestDone();
    const [after] = await attachments(s.liaison, s.feedback.id);
    expect(after).toMatchObject({ status: 'REJECTED', downloadUrl: null });
    expect(after.rejectReason).toMatch(/replaced/);
    const key = requested.upload.fields.find((f: any) => f.name === 'key').value;
    const client = new S3Client({ endpoint: s3.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
    await expect(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toMatchObject({ name: 'NotFound' });
  });

  test("another tenant's pending key swapped into one's own POST fields: the object is deleted, the victim's attachment unharmed", async () => {
    const victim = await feedbackWithLiaison();
    const attacker = await feedbackWithLiaison();
    const png = fixture('photo.png');
    const input = (feedbackId: string) => ({ feedbackId, fileName: 'photo.png', contentType: 'image/png', size: png.length });
    const pending = (await gqlOk(victim.liaison, REQUEST, { input: input(victim.feedback.id) })).requestAttachmentUpload;
    const victimKey = pending.upload.fields.find((f: any) => f.name === 'key').value as string;
    const own = (await gqlOk(attacker.liaison, REQUEST, { input: input(attacker.feedback.id) })).requestAttachmentUpload;
    expect(own.upload.fields.map((f: any) => f.name)).toContain('x-amz-meta-upload-identity');
    // The attacker's bytes would pass every other check: the declared type and size.
    const forged = Buffer.from(png);
    forged[forged.length - 20] = forged[forged.length - 20]! ^ 0xff;
    const swapped = own.upload.fields.map((f: any) => (f.name === 'key' ? { name: 'key', value: victimKey } : f));
    expect(await upload(own.upload.url, swapped, forged, 'photo.png')).toBeLessThan(300); // the emulator does not enforce policies
    expect(await ingestOutcomes()).toEqual([{ key: victimKey, outcome: 'DELETED_FOREIGN_OBJECT' }]);
    const client = new S3Client({ endpoint: s3.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
    await expect(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: victimKey }))).rejects.toMatchObject({ name: 'NotFound' });
    expect((await attachments(victim.liaison, victim.feedback.id)).map((a) => a.status)).toEqual(['PENDING_UPLOAD']);
    expect((await attachments(attacker.liaison, attacker.feedback.id)).map((a) => a.status)).toEqual(['PENDING_UPLOAD']);

    // The victim's own upload still goes through, and only its bytes are served.
    expect(await upload(pending.upload.url, pending.upload.fields, png, 'photo.png')).toBeLessThan(300);
    expect(await ingestOutcomes()).toEqual([{ key: victimKey, outcome: 'AVAILABLE' }]);
    const [available] = await attachments(victim.liaison, victim.feedback.id);
    expect(available.status).toBe('AVAILABLE');
    expect(Buffer.from(await (await fetch(available.downloadUrl)).arrayBuffer()).equals(png)).toBe(true);

    // Once checked, a foreign overwrite leaves the attachment as it was (on the versioned bucket in
    // AWS, deleting the foreign version uncovers the checked one; the emulator keeps no versions).
    expect(await upload(own.upload.url, swapped, forged, 'photo.png')).toBeLessThan(300);
    expect(await ingestOutcomes()).toEqual([{ key: victimKey, outcome: 'DELETED_FOREIGN_OBJECT' }]);
    const [after] = await attachments(victim.liaison, victim.feedback.id);
    expect({ ...after, downloadUrl: null }).toEqual({ ...available, downloadUrl: null });
    const served = await fetch(after.downloadUrl);
    expect(served.ok && Buffer.from(await served.arrayBuffer()).equals(forged)).toBe(false);
  });

  test('an object put under an attachment key without the POST (no identity, or a forged one) is deleted', async () => {
    const s = await feedbackWithLiaison();
    const txt = fixture('notes.txt');
    const client = new S3Client({ endpoint: s3.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
    for (const metadata of [undefined, { 'upload-identity': 'v1.forged' }]) {
      const requested = (await gqlOk(s.liaison, REQUEST, { input: { feedbackId: s.feedback.id, fileName: 'n.txt', contentType: 'text/plain', size: txt.length } }))
        .requestAttachmentUpload;
      const key = requested.upload.fields.find((f: any) => f.name === 'key').value as string;
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: txt, ContentType: 'text/plain', Metadata: metadata }));
      expect(await ingestOutcomes()).toEqual([{ key, outcome: 'DELETED_FOREIGN_OBJECT' }]);
      await expect(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toMatchObject({ name: 'NotFound' });
    }
    expect((await attachments(s.liaison, s.feedback.id)).map((a) => a.status)).toEqual(['PENDING_UPLOAD', 'PENDING_UPLOAD']);
  });

  test('bad upload requests are BAD_USER_INPUT naming the field, and create no attachment', async () => {
    const s = await feedbackWithLiaison();
    const cases: [Record<string, unknown>, string][] = [
      [{ contentType: 'application/zip', fileName: 'a.zip' }, 'contentType'],
      [{ contentType: 'application/x-msdownload', fileName: 'a.exe' }, 'contentType'],
      [{ size: 50 * 1024 * 1024 + 1 }, 'size'],
      [{ size: 0 }, 'size'],
      [{ fileName: 'minutes.exe' }, 'fileName'],
      [{ fileName: '../../etc/passwd.pdf' }, 'fileName'],
      [{ feedbackId: 'nope' }, 'feedbackId'],
    ];
    for (const [patch, field] of cases) {
      const input = { feedbackId: s.feedback.id, fileName: 'minutes.pdf', contentType: 'application/pdf', size: 1000, ...patch };
      const result = await gql(s.liaison, REQUEST, { input });
      expect([field, result.errors?.[0]?.extensions]).toEqual([field, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    }
    expect(await attachments(s.liaison, s.feedback.id)).toEqual([]);
  });

  test('at most 20 files a feedback', async () => {
    const s = await feedbackWithLiaison();
    const input = { feedbackId: s.feedback.id, fileName: 'page.png', contentType: 'image/png', size: 680 };
    for (let i = 0; i < 20; i++) await gqlOk(s.liaison, REQUEST, { input });
    const result = await gql(s.liaison, REQUEST, { input });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'feedbackId' });
    expect(await attachments(s.liaison, s.feedback.id)).toHaveLength(20);
  });

  test('only the liaison of the feedback may upload, and only before review; others get NOT_FOUND', async () => {
    const s = await feedbackWithLiaison();
    const input = { feedbackId: s.feedback.id, fileName: 'minutes.pdf', contentType: 'application/pdf', size: 1455 };
    expect(errorCode(await gql(s.points[1]!.liaison, REQUEST, { input }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(s.staff, REQUEST, { input }))).toBe('FORBIDDEN');
    const other = await openConsultationWithLiaisons();
    expect(errorCode(await gql(other.points[0]!.liaison, REQUEST, { input }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(await tokenFor(other.tenantId, 'DEPUTY'), GET_FEEDBACK, { id: s.feedback.id }))).toBe('NOT_FOUND');
    await gqlOk(s.staff, START_REVIEW, { input: { id: s.feedback.id, expectedRevision: 1 } });
    expect(errorCode(await gql(s.liaison, REQUEST, { input }))).toBe('CONFLICT');
  });

  test('another contact point or tenant gets NOT_FOUND for the feedback, the attachment and its download', async () => {
    const s = await feedbackWithLiaison();
    const requested = await requestAndUpload(s.liaison, s.feedback.id, 'minutes.pdf', 'application/pdf', fixture('minutes.pdf'));
    const NODE = `query($id: ID!) { node(id: $id) { id ... on Attachment { fileName status downloadUrl } } }`;
    const own = (await gqlOk(s.liaison, NODE, { id: requested.attachment.id })).node;
    expect(own).toMatchObject({ id: requested.attachment.id, fileName: 'minutes.pdf', status: 'AVAILABLE' });
    expect(own.downloadUrl).toMatch(/X-Amz-Expires=300/);
    expect((await gqlOk(s.deputy, NODE, { id: requested.attachment.id })).node.downloadUrl).toMatch(/^http/);

    const other = await openConsultationWithLiaisons();
    for (const token of [s.points[1]!.liaison, s.points[2]!.liaison, other.staff, other.points[0]!.liaison]) {
      expect(errorCode(await gql(token, GET_FEEDBACK, { id: s.feedback.id }))).toBe('NOT_FOUND');
      const result = await gql(token, NODE, { id: requested.attachment.id });
      expect(errorCode(result)).toBe('NOT_FOUND');
      expect(JSON.stringify(result)).not.toContain('X-Amz');
    }
  });

  test('an upload that never arrives shows as EXPIRED after its window', () => {
    const pending = { status: 'PENDING_UPLOAD', uploadExpiresAt: new Date(Date.now() - 31 * 60_000).toISOString() } as AttachmentRecord;
    expect(visibleStatus(pending)).toBe('EXPIRED');
    expect(visibleStatus({ ...pending, uploadExpiresAt: new Date(Date.now() - 60_000).toISOString() })).toBe('PENDING_UPLOAD');
    expect(visibleStatus({ ...pending, status: 'AVAILABLE' })).toBe('AVAILABLE');
  });
});
