import { toGlobalId } from '../core/ids';
import { consultationStatus } from './consultations';
import { versionLocalId } from './keys';
import type { ConsultationRecord, DraftRecord, ReadingRecord } from './records';

/** Legislation entities as the API shows them, for the audit trail's before/after. */
export function draftAuditView(d: DraftRecord): Record<string, unknown> {
  return {
    title: d.title,
    kind: d.kind,
    status: d.status,
    sponsor: d.sponsor,
    committee: d.committee,
    summary: d.summary,
    currentVersion: d.versionCount ? toGlobalId('DraftVersion', versionLocalId(d.id, d.versionCount)) : null,
  };
}

export const draftEntity = (d: Pick<DraftRecord, 'id'>) => ({ entityType: 'Draft', entityId: toGlobalId('Draft', d.id) });

/** A reading is recorded on its draft: the draft's `readings` gain it. */
export function readingAuditView(r: ReadingRecord): Record<string, unknown> {
  return { round: r.round, meeting: r.meeting, heldOn: r.heldOn, version: toGlobalId('DraftVersion', r.versionId), outcome: r.outcome };
}

export function consultationAuditView(c: ConsultationRecord, now = new Date()): Record<string, unknown> {
  return {
    draft: toGlobalId('Draft', c.draftId),
    version: toGlobalId('DraftVersion', c.versionId),
    kind: c.kind,
    opensAt: c.opensAt,
    closesAt: c.closesAt,
    status: consultationStatus(c, now),
    instructions: c.instructions,
    contactPoints: c.contactPointIds.map((id) => toGlobalId('ContactPoint', id)),
  };
}

export const consultationEntity = (c: Pick<ConsultationRecord, 'id'>) => ({
  entityType: 'Consultation',
  entityId: toGlobalId('Consultation', c.id),
});
