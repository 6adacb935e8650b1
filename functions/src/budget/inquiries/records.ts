import type { UploadRecord } from '../../files/uploads';
import type { AlertRecord } from '../alerts/records';
import type { InquiryStatus } from './workflow';

/** An alert as the workflow stores it: the inquiries sent about it (local ids, oldest first) on its item. */
export type WorkflowAlert = AlertRecord & { readonly inquiryIds?: readonly string[] };

export interface InquiryAnswerRecord {
  readonly text: string;
  readonly answeredAt: string;
  readonly answeredBy: string;
}

/** One inquiry (询问) to one unit about one or more of its alerts of one year. */
export interface InquiryRecord {
  readonly pk: string;
  /** `<unitCode>#<id>`. */
  readonly sk: string;
  readonly type: 'Inquiry';
  readonly tenantId: string;
  readonly id: string;
  readonly year: number;
  readonly unitCode: string;
  readonly unitName: string;
  /** The sort keys of its alerts in the year's alert partition (`<rule>#<kind>#<subject>`). */
  readonly alertSks: readonly string[];
  readonly question: string;
  readonly dueOn: string;
  readonly sentAt: string;
  readonly sentBy: string;
  readonly status: InquiryStatus;
  readonly answer: InquiryAnswerRecord | null;
  readonly returnNote: string | null;
  /** Files requested for the answer, in order (rejected and expired ones included). */
  readonly fileIds: readonly string[];
  /** Files holding one of the places (pending or available). */
  readonly fileCount: number;
  readonly revision: number;
  readonly updatedAt: string;
}

/** A file of an inquiry's answer: the shared upload fields and its inquiry. */
export interface InquiryFileRecord extends UploadRecord {
  readonly type: 'InquiryFile';
  readonly inquiryId: string;
  /** The inquiry's item, whose place a rejected file gives back. */
  readonly inquiryPk: string;
  readonly inquirySk: string;
}

/** What `Inquiry.answer` is handed: the answer with its inquiry, whose files it lists. */
export interface InquiryAnswerModel extends InquiryAnswerRecord {
  readonly inquiry: InquiryRecord;
}
