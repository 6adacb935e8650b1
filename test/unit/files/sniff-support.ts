import { bytesMatchType } from '../../../functions/src/files/inspect/sniff';

/** The declared types the sniffing tests upload as. */
export const PDF = 'application/pdf';
export const DOC = 'application/msword';
export const XLS = 'application/vnd.ms-excel';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ODT = 'application/vnd.oasis.opendocument.text';
export const TXT = 'text/plain';
export const JPEG = 'image/jpeg';
export const PNG = 'image/png';

/** Expects the bytes to be accepted as `type`. */
export const accepted = (head: Uint8Array, type: string): void => {
  expect(bytesMatchType(head, type)).toEqual({ ok: true });
};

/** The reason for a rejection; fails the test when the bytes were accepted. */
export const reason = (head: Uint8Array, type: string): string => {
  const result = bytesMatchType(head, type);
  if (result.ok) throw new Error(`expected ${type} to be rejected`);
  return result.reason;
};
