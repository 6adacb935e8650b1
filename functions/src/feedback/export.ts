import { stringify } from 'csv-stringify/sync';
import { requireRole, type Principal } from '../core/auth';
import { NotFoundError } from '../core/errors';
import { newId } from '../core/ids';
import { EXPORT_TAG } from '../data/object-tags';
import { putObject } from '../data/s3';
import { presignDownload } from '../data/s3-presign';
import type { ConsultationService } from '../legislation/consultations';
import type { LegislationService } from '../legislation/service';
import type { TenancyService } from '../tenancy/service';
import * as repo from './repository';

const EXPORTERS = ['LEGISLATIVE_STAFF', 'TENANT_ADMIN'] as const;

const METHOD_LABELS: Record<string, string> = { MEETING: '座谈会', SURVEY: '问卷', VISIT: '走访', ONLINE: '网上征集', OTHER: '其他' };
const DECISION_LABELS: Record<string, string> = { ADOPTED: '采纳', PARTLY_ADOPTED: '部分采纳', NOT_ADOPTED: '未采纳', NOTED: '留作参考' };
const STATUS_LABELS: Record<string, string> = { SUBMITTED: '已提交', UNDER_REVIEW: '研究中', ANSWERED: '已反馈' };

/**
 * Every feedback of a consultation as a CSV for Excel: UTF-8 with a BOM (so Excel on Chinese
 * Windows reads it as UTF-8), written to S3 under the tenant's prefix, handed out as a 5-minute link.
 */
export async function exportConsultationFeedback(
  principal: Principal,
  consultationId: string,
  services: { consultations: ConsultationService; legislation: LegislationService; tenancy: TenancyService },
): Promise<{ url: string; fileName: string; rowCount: number }> {
  requireRole(principal, ...EXPORTERS);
  const consultation = await services.consultations.consultation(consultationId);
  const draft = await services.legislation.loadDraft(consultation.draftId);
  if (!draft) throw new NotFoundError('Draft');
  const feedback = (await repo.allFeedbackOfConsultation(principal.tenantId, consultationId)).sort((a, b) =>
    a.submittedAt.localeCompare(b.submittedAt),
  );
  const contactPoints = await Promise.all(feedback.map((f) => services.tenancy.findContactPoint(f.contactPointId)));
  const rows = feedback.map((f, i) => [
    i + 1,
    f.articleNumbers.length ? f.articleNumbers.map((n) => `第${n}条`).join('、') : '总体意见',
    contactPoints[i]?.name ?? '',
    f.content,
    METHOD_LABELS[f.collectionMethod] ?? f.collectionMethod,
    f.participantCount,
    f.collectedOn,
    f.submittedAt,
    STATUS_LABELS[f.status] ?? f.status,
    f.disposition ? (DECISION_LABELS[f.disposition.decision] ?? f.disposition.decision) : '',
    f.disposition?.reply ?? '',
  ]);
  const header = ['序号', '条款', '联系点', '意见内容', '收集方式', '参与人数', '收集日期', '提交时间', '状态', '采纳情况', '反馈说明'];
  const csv = '\uFEFF' + stringify([header, ...rows], { record_delimiter: '\r\n' });
  const date = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const fileName = `${draft.title}-意见汇总-${date}.csv`;
  const key = `${principal.tenantId}/exports/consultations/${consultationId}/${newId()}.csv`;
  await putObject(key, csv, 'text/csv; charset=utf-8', EXPORT_TAG);
  return { url: await presignDownload(key, fileName, 'text/csv; charset=utf-8'), fileName, rowCount: rows.length };
}
