import { stringify } from 'csv-stringify/sync';
import { newId } from '../core/ids';
import { EXPORT_TAG } from '../data/object-tags';
import { putObject } from '../data/s3';
import { presignDownload } from '../data/s3-presign';
import { executedToDate } from './aggregates';
import { formatFen } from './money';
import { ratesAt, type BudgetService, type LineFilterArgs } from './service';

const HEADER = [
  '单位编码', '单位名称', '功能科目编码', '功能科目名称', '经济科目编码', '经济科目名称', '项目编码', '项目名称',
  '年初预算数', '调整后预算数', '累计支出', '执行率(%)', '序时进度(%)', '差距(百分点)', '支付合计',
];

const percent = (rate: number | null) => (rate === null ? '' : (Math.round(rate * 10000) / 100).toFixed(2));

/**
 * The budget lines a filter selects as a CSV for Excel: UTF-8 with a BOM, amounts in yuan with two
 * decimals, execution at the period. Written under the tenant's export prefix with the export tag
 * (a bucket lifecycle rule deletes it after a day) and handed out as a 5-minute link, as feedback
 * exports are. Lines carry no payee, so nothing here needs masking.
 */
export async function exportBudgetLines(
  budget: BudgetService,
  tenantId: string,
  args: { year: number; period?: string | null; filter?: LineFilterArgs | null },
): Promise<{ url: string; fileName: string; rowCount: number; period: string | null }> {
  const { year, period, lines } = await budget.linesForExport(args);
  const rows = lines.map((line) => {
    const executed = period === null ? 0 : executedToDate(line.executed, period);
    const rates = ratesAt(executed, line.adjusted, period);
    return [
      line.unitCode, line.unitName, line.functionCode, line.functionName, line.economicCode, line.economicName,
      line.projectCode, line.projectName, formatFen(line.approved), formatFen(line.adjusted), formatFen(executed),
      percent(rates.executionRate), percent(rates.timeProgress), rates.gapPoints ?? '', formatFen(line.paid),
    ];
  });
  const csv = '\uFEFF' + stringify([HEADER, ...rows], { record_delimiter: '\r\n' });
  const fileName = `${year}年预算执行-${period ?? '未执行'}.csv`;
  const key = `${tenantId}/exports/budget/${year}/${newId()}.csv`;
  await putObject(key, csv, 'text/csv; charset=utf-8', EXPORT_TAG);
  return { url: await presignDownload(key, fileName, 'text/csv; charset=utf-8'), fileName, rowCount: rows.length, period };
}
