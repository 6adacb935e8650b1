import {
  auditValueJson,
  auditWrite,
  changedFields,
  MAX_AUDIT_FIELDS,
  MAX_AUDIT_LIST,
  MAX_AUDIT_TEXT,
  MAX_AUDIT_VALUE_BYTES,
} from '../../../functions/src/data/audit';

const entry = (changes: { field: string; before: unknown; after: unknown }[]) => ({
  tenantId: 'lishi',
  userId: 'office-1',
  roles: ['TENANT_ADMIN'],
  requestId: 'req-1',
  entityType: 'ContactPoint',
  entityId: 'Q29udGFjdFBvaW50OjAxSkJRMDAwMDAwMDAwMDAwMDAwMDAwMFpa',
  operation: 'updateContactPoint',
  changes,
});

describe('audit values', () => {
  test('texts past the limit keep their start and a marker; long lists their first items', () => {
    const long = '条'.repeat(MAX_AUDIT_TEXT + 500);
    expect(JSON.parse(auditValueJson(long)!)).toBe(`${'条'.repeat(MAX_AUDIT_TEXT)}…[truncated: ${MAX_AUDIT_TEXT + 500} characters]`);
    const list = JSON.parse(auditValueJson(Array.from({ length: MAX_AUDIT_LIST + 30 }, (_, i) => i))!);
    expect(list).toHaveLength(MAX_AUDIT_LIST + 1);
    expect(list.at(-1)).toBe('…[30 more]');
    expect(auditValueJson(null)).toBeNull();
    expect(auditValueJson(false)).toBe('false');
  });

  test('a value still too large becomes valid JSON text: a string holding the start of its JSON and a marker', () => {
    const deep = Array.from({ length: 100 }, () => ({ text: '"引号"与\\'.repeat(200) }));
    const json = auditValueJson(deep)!;
    expect(Buffer.byteLength(json, 'utf8')).toBeLessThanOrEqual(MAX_AUDIT_VALUE_BYTES);
    const parsed = JSON.parse(json);
    expect(typeof parsed).toBe('string');
    expect(parsed).toMatch(/^\[\{"text":"\\"引号\\"与/);
    expect(parsed).toMatch(/…\[truncated: \d+ characters\]$/);
  });

  test('the largest possible record stays far below DynamoDB’s 400 KB', () => {
    // Every text and list just over its bound, so every value is cut at every level.
    const huge = Array.from({ length: MAX_AUDIT_LIST + 1 }, () => ({ a: '长'.repeat(MAX_AUDIT_TEXT + 1), b: ['列'.repeat(MAX_AUDIT_TEXT + 1)] }));
    const changes = Array.from({ length: MAX_AUDIT_FIELDS }, (_, i) => ({ field: `field${i}`, before: huge, after: huge }));
    const write = auditWrite(entry(changes));
    const size = Buffer.byteLength(JSON.stringify(write.Put!.Item), 'utf8');
    expect(size).toBeLessThan(200_000);
    expect(() => auditWrite(entry([...changes, { field: 'one more', before: 1, after: 2 }]))).toThrow(/at most/);
  });

  test('changedFields lists only what differs; a view of null is a create', () => {
    const before = { name: '甲', liaisons: [{ name: '王', phone: null }], address: null };
    expect(changedFields(before, { ...before })).toEqual([]);
    expect(changedFields(before, { ...before, liaisons: [{ name: '王', phone: '123456' }], address: undefined })).toEqual([
      { field: 'liaisons', before: before.liaisons, after: [{ name: '王', phone: '123456' }] },
    ]);
    expect(changedFields(null, { name: '甲', address: null })).toEqual([{ field: 'name', before: null, after: '甲' }]);
  });
});
