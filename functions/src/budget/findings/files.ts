import type { ItemKey } from '../../data/batch';
import type { UploadKind, UploadRecord } from '../../files/uploads';
import { findingKeys } from './keys';

/**
 * Files of rectification reports (整改材料), uploaded through the same presigned POST and ingest
 * checks as feedback attachments (files/uploads.ts, files/ingest.ts). Each file is an item in its
 * report's partition, `FILE#<number, 4 digits>#<file>`; its object key leads back to it.
 */
export interface RectificationFileRecord extends UploadRecord {
  readonly type: 'RectificationFile';
  readonly reportId: string;
  readonly year: number;
  readonly number: number;
}

/** At most this many upload requests per finding (rejected and expired ones included). */
export const MAX_UPLOADS_PER_FINDING = 60;
/** At most this many files on one rectification step. */
export const MAX_FILES_PER_RECTIFICATION = 10;

const pad = (n: number) => String(n).padStart(4, '0');

export const fileKeys = {
  file: (t: string, reportId: string, number: number, fileId: string): ItemKey => ({ pk: findingKeys.reportPartition(t, reportId), sk: `FILE#${pad(number)}#${fileId}` }),
  filesOfFinding: (number: number) => `FILE#${pad(number)}#`,
};

export function rectificationObjectKey(t: string, reportId: string, number: number, fileId: string): string {
  return `${t}/audit-findings/${reportId}/${number}/${fileId}`;
}

function parseRectificationObjectKey(key: string): { tenantId: string; reportId: string; number: number; fileId: string } | null {
  const match = /^([a-z][a-z0-9-]{1,39})\/audit-findings\/([0-9A-HJKMNP-TV-Z]{26})\/(\d{1,4})\/([0-9A-HJKMNP-TV-Z]{26})$/.exec(key);
  return match ? { tenantId: match[1]!, reportId: match[2]!, number: Number(match[3]), fileId: match[4]! } : null;
}

/** A file's local id: `<reportId>.<year>.<number>.<fileId>`. */
export const fileLocalId = (f: Pick<RectificationFileRecord, 'reportId' | 'year' | 'number' | 'id'>) => `${f.reportId}.${f.year}.${f.number}.${f.id}`;

export function parseFileLocalId(localId: string): { reportId: string; year: number; number: number; fileId: string } | null {
  const match = /^([0-9A-HJKMNP-TV-Z]{26})\.(\d{4})\.(\d{1,4})\.([0-9A-HJKMNP-TV-Z]{26})$/.exec(localId);
  return match ? { reportId: match[1]!, year: Number(match[2]), number: Number(match[3]), fileId: match[4]! } : null;
}

/** Rectification files as the ingest sees them; a rejection frees nothing (requests are bounded on the finding). */
export const rectificationFileUploads: UploadKind = {
  name: 'rectification file',
  table: 'budget',
  itemOf(objectKey) {
    const parsed = parseRectificationObjectKey(objectKey);
    return parsed ? fileKeys.file(parsed.tenantId, parsed.reportId, parsed.number, parsed.fileId) : null;
  },
  onRejected: () => [],
};
