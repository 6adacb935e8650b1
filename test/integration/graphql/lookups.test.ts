import { gql } from '../../support/api';
import { tenantWithFeedback } from '../../support/scenario';

type Scenario = Awaited<ReturnType<typeof tenantWithFeedback>>;

/** Each root field that looks one object up, with the arguments naming a scenario's object. */
const LOOKUPS: [field: string, args: (s: Scenario) => string, selection: string][] = [
  ['contactPoint', (s) => `id: "${s.contactPointId}"`, '{ id name }'],
  ['draft', (s) => `id: "${s.draftId}"`, '{ id title }'],
  ['draftVersion', (s) => `id: "${s.versionId}"`, '{ id number }'],
  ['draftVersionDiff', (s) => `fromVersionId: "${s.versionId}", toVersionId: "${s.versionId}"`, '{ summary { unchanged } }'],
  ['consultation', (s) => `id: "${s.consultationId}"`, '{ id kind }'],
  ['feedback', (s) => `id: "${s.feedbackId}"`, '{ id content }'],
  ['exportFeedback', (s) => `consultationId: "${s.consultationId}"`, '{ rowCount }'],
  ['node', (s) => `id: "${s.draftId}"`, '{ id }'],
];

describe('single-object lookups are nullable', () => {
  let mine: Scenario;
  let theirs: Scenario;
  beforeAll(async () => {
    [mine, theirs] = await Promise.all([tenantWithFeedback(), tenantWithFeedback()]);
  });

  test.each(LOOKUPS)('%s of another tenant is null with NOT_FOUND at its path; the other root fields still answer', async (field, args, selection) => {
    const result = await gql(
      mine.staff,
      `{ mine: ${field}(${args(mine)}) ${selection} theirs: ${field}(${args(theirs)}) ${selection} viewer { userId } }`,
    );
    expect(result.status).toBe(200);
    expect(result.data?.mine).not.toBeNull();
    expect(result.data?.theirs).toBeNull();
    expect(result.data?.viewer).toEqual({ userId: 'staff-1' });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({ path: ['theirs'], extensions: { code: 'NOT_FOUND' } });
  });

  test('a refused lookup (FORBIDDEN) nulls only its own field', async () => {
    const result = await gql(mine.liaison, `{ feedback(id: "${mine.feedbackId}") { id } exportFeedback(consultationId: "${mine.consultationId}") { url } }`);
    expect(result.data).toEqual({ feedback: { id: mine.feedbackId }, exportFeedback: null });
    expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['exportFeedback'], 'FORBIDDEN']]);
  });
});
