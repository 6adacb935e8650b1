import { generateFindings } from '../../../functions/local/budget/findings';
import { toS3Event } from '../../../functions/local/s3-events';
import { createImportHandler } from '../../../functions/src/imports/handler';
import { gqlOk, newTenant, tokenFor } from '../../support/api';
import { jobOf, REQUEST_IMPORT, uploadTo } from '../../support/budget';
import { TEST_BUCKET } from '../../support/env';
import { FINDINGS, REPORTS } from '../../support/findings';

/**
 * An audit findings list imported through the budget import jobs (kind AUDIT_FINDINGS): requested,
 * uploaded to the presigned POST, and run by the import handler on the object-created event, as
 * S3 delivers it. Good rows become findings with their figures; bad rows are reported with their
 * line and column; the same file again changes nothing.
 */
async function importFindings(staff: string, bytes: Buffer, fileName = 'findings.csv') {
  const { job, upload } = (await gqlOk(staff, REQUEST_IMPORT, { input: { year: 2026, kind: 'AUDIT_FINDINGS', fileName, size: bytes.length } })).requestBudgetImport;
  expect(await uploadTo(upload, bytes, fileName)).toBeLessThan(300);
  const key = upload.fields.find((f: { name: string }) => f.name === 'key').value as string;
  await createImportHandler({ sendContinuation: async () => undefined })(toS3Event({ Records: [{ eventName: 'ObjectCreated:Post', s3: { bucket: { name: TEST_BUCKET }, object: { key } } }] }));
  return jobOf(staff, job.id);
}

test('a GB18030 findings list with Chinese headers and bad rows: good rows imported, bad rows reported; the same file again adds nothing', async () => {
  const tenantId = await newTenant();
  const staff = await tokenFor(tenantId, 'BUDGET_STAFF');
  const file = generateFindings({ findings: 8, units: 3, year: 2026, region: '141102', encoding: 'gb18030', headers: 'zh', badRows: true, seed: 3 });
  const job = await importFindings(staff, file.bytes);
  expect(job).toMatchObject({ status: 'SUCCEEDED_WITH_ERRORS', kind: 'AUDIT_FINDINGS', encoding: 'GB18030', headerLanguage: 'ZH', rowsImported: 8, rowsRejected: file.badRows.length });
  const reported = job.errors.edges.map((e: any) => ({ line: e.node.line, column: e.node.column }));
  expect(reported).toEqual(file.badRows.map((b) => ({ line: b.line, column: b.column })));

  const [report] = (await gqlOk(staff, REPORTS, { year: 2026 })).auditReports;
  expect(report.title).toBe(file.reportTitle);
  expect(report.stats).toMatchObject({ findingCount: 8, rectifiedCount: 0, amountInvolved: (file.amountFen / 100).toFixed(2) });
  expect(report.unitStats.map((u: any) => [u.unit.code, u.figures.findingCount])).toEqual([['141102001', 3], ['141102002', 3], ['141102003', 2]]);
  const findings = (await gqlOk(staff, FINDINGS, { filter: { reportId: report.id }, first: 50 })).auditFindings.edges.map((e: any) => e.node);
  expect(findings.map((f: any) => f.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(findings[0]).toMatchObject({ unit: { code: '141102001' }, rectifications: [] });

  const again = await importFindings(staff, file.bytes);
  expect(again).toMatchObject({ status: 'SUCCEEDED_WITH_ERRORS', rowsImported: 8 });
  const reports = (await gqlOk(staff, REPORTS, { year: 2026 })).auditReports;
  expect(reports).toHaveLength(1);
  expect(reports[0].stats).toEqual(report.stats);
  expect(reports[0].revision).toBe(1);
});

test('UTF-8 with English headers: a changed amount updates the finding and moves the figures', async () => {
  const tenantId = await newTenant();
  const staff = await tokenFor(tenantId, 'BUDGET_STAFF');
  const file = generateFindings({ findings: 3, units: 1, year: 2026, region: '141102', encoding: 'utf-8', headers: 'en', badRows: false, seed: 5 });
  expect(await importFindings(staff, file.bytes)).toMatchObject({ status: 'SUCCEEDED', encoding: 'UTF_8', headerLanguage: 'EN', rowsImported: 3, rowsRejected: 0 });
  const text = file.bytes.toString('utf8').split('\r\n');
  const cells = text[1]!.split(',');
  cells[7] = '1.00'; // finding 1's amount
  text[1] = cells.join(',');
  expect(await importFindings(staff, Buffer.from(text.join('\r\n'), 'utf8'))).toMatchObject({ status: 'SUCCEEDED', rowsImported: 3 });
  const [report] = (await gqlOk(staff, REPORTS, { year: 2026 })).auditReports;
  const firstAmount = Math.round(Number(file.bytes.toString('utf8').split('\r\n')[1]!.split(',')[7]) * 100);
  expect(report.stats.amountInvolved).toBe(((file.amountFen - firstAmount + 100) / 100).toFixed(2));
  const [first] = (await gqlOk(staff, FINDINGS, { filter: { reportId: report.id }, first: 1 })).auditFindings.edges.map((e: any) => e.node);
  expect(first).toMatchObject({ number: 1, amount: '1.00', revision: 2 });
});
