import type { UploadKind } from '../../files/uploads';
import { updateWrite } from '../../data/transactions';
import { inquiryKeys, parseInquiryFileObjectKey } from './keys';
import type { InquiryFileRecord } from './records';

/**
 * Answer files as the file ingest sees them: `<t>/inquiries/<inquiry>/<file>`. A rejection gives
 * its place back on the inquiry, found through the key the file item keeps.
 */
export const inquiryFileUploads: UploadKind = {
  name: 'inquiry answer file',
  table: 'budget',
  itemOf(objectKey) {
    const parsed = parseInquiryFileObjectKey(objectKey);
    return parsed ? inquiryKeys.file(parsed.tenantId, parsed.inquiryId, parsed.fileId) : null;
  },
  onRejected(upload) {
    const file = upload as InquiryFileRecord;
    return [updateWrite('budget', { pk: file.inquiryPk, sk: file.inquirySk }, { expression: 'ADD fileCount :minusOne', values: { ':minusOne': -1 } })];
  },
};
