import { toGlobalId } from '../../core/ids';
import { formatFen } from '../money';
import { findingLocalId, reportLocalId } from './keys';
import type { AuditFindingRecord, AuditReportRecord } from './records';

/** Reports and findings as the API shows them, for the audit trail's before/after. */
export const reportEntity = (r: Pick<AuditReportRecord, 'id' | 'year'>) => ({ entityType: 'AuditReport', entityId: toGlobalId('AuditReport', reportLocalId(r)) });

export const reportAuditView = (r: AuditReportRecord): Record<string, unknown> => ({ year: r.year, title: r.title, heardOn: r.heardOn });

export const findingEntity = (f: Pick<AuditFindingRecord, 'reportId' | 'year' | 'number'>) => ({
  entityType: 'AuditFinding',
  entityId: toGlobalId('AuditFinding', findingLocalId(f)),
});

export const findingAuditView = (f: AuditFindingRecord): Record<string, unknown> => ({
  number: f.number,
  unitCode: f.unitCode,
  unitName: f.unitName,
  category: f.category,
  description: f.description,
  amount: formatFen(f.amountFen),
  rectificationType: f.rectificationType,
  dueOn: f.dueOn,
  status: f.status,
  rectificationCount: f.rectifications.length,
  amountRectified: formatFen(f.rectifications.reduce((sum, r) => sum + r.amountRecoveredFen, 0)),
  relatedAlertIds: [...f.relatedAlertIds],
});
