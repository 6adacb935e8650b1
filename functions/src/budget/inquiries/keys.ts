import type { ItemKey } from '../../data/batch';

/**
 * Keys of inquiries (询问) and their answer files; tenant first. A year's inquiries are one
 * partition sorted by unit then id (ULID, so by time): a unit's inquiries are a `begins_with` of its
 * code, and an inquiry's local id `<year>:<unit>:<ulid>` names its own key. An inquiry's files live
 * in a partition of their own, so listing inquiries never reads them.
 */
const inquiriesPartition = (t: string, year: number) => `${t}#BUDGET#${year}#INQUIRIES`;

export const inquiryKeys = {
  inquiriesPartition,
  inquiry: (t: string, year: number, unitCode: string, id: string): ItemKey => ({ pk: inquiriesPartition(t, year), sk: `${unitCode}#${id}` }),
  unitPrefix: (unitCode: string) => `${unitCode}#`,
  file: (t: string, inquiryId: string, fileId: string): ItemKey => ({ pk: `${t}#BUDGET_INQUIRY#${inquiryId}`, sk: `FILE#${fileId}` }),
};

export interface InquiryRef {
  readonly year: number;
  readonly unitCode: string;
  readonly id: string;
}

/** An inquiry's local id (inside its global id): `<year>:<unitCode>:<ulid>`. */
export function inquiryLocalId(i: InquiryRef): string {
  return `${i.year}:${i.unitCode}:${i.id}`;
}

export function parseInquiryLocalId(localId: string): InquiryRef | null {
  const match = /^(\d{4}):([0-9]{1,20}):([0-9A-HJKMNP-TV-Z]{26})$/.exec(localId);
  return match ? { year: Number(match[1]), unitCode: match[2]!, id: match[3]! } : null;
}

/** S3 keys of answer files, under the tenant's prefix; the key alone leads back to the file's item. */
export function inquiryFileObjectKey(tenantId: string, inquiryId: string, fileId: string): string {
  return `${tenantId}/inquiries/${inquiryId}/${fileId}`;
}

export function parseInquiryFileObjectKey(key: string): { tenantId: string; inquiryId: string; fileId: string } | null {
  const match = /^([a-z][a-z0-9-]{1,39})\/inquiries\/([0-9A-Z]{26})\/([0-9A-Z]{26})$/.exec(key);
  return match ? { tenantId: match[1]!, inquiryId: match[2]!, fileId: match[3]! } : null;
}
