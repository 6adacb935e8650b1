import { toGlobalId } from '../../core/ids';
import { alertLocalId } from '../alerts/keys';
import type { AlertRecord } from '../alerts/records';
import { inquiryLocalId } from './keys';
import type { InquiryRecord, WorkflowAlert } from './records';

/** What the audit trail shows of an alert's workflow and of an inquiry: the API's fields, global ids. */

export function alertEntity(a: AlertRecord): { entityType: string; entityId: string } {
  return { entityType: 'Alert', entityId: toGlobalId('Alert', alertLocalId(a)) };
}

export function alertAuditView(a: WorkflowAlert): Record<string, unknown> {
  const last = a.history.at(-1);
  return {
    status: a.status,
    revision: a.revision,
    note: last?.note ?? null,
    inquiries: (a.inquiryIds ?? []).map((id) => toGlobalId('Inquiry', id)),
  };
}

export function inquiryEntity(i: InquiryRecord): { entityType: string; entityId: string } {
  return { entityType: 'Inquiry', entityId: toGlobalId('Inquiry', inquiryLocalId(i)) };
}

export function inquiryAuditView(i: InquiryRecord): Record<string, unknown> {
  return {
    unitCode: i.unitCode,
    question: i.question,
    dueOn: i.dueOn,
    status: i.status,
    answer: i.answer?.text ?? null,
    returnNote: i.returnNote,
    alerts: i.alertSks.map((sk) => {
      const [rule, kind, ...subject] = sk.split('#');
      return toGlobalId('Alert', `${i.year}:${rule}:${kind}:${subject.join('#')}`);
    }),
    revision: i.revision,
  };
}
