import { gql, gqlOk, newTenant, tokenFor } from '../../support/api';

const aliased = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

/** The hostile probes of issue 7: each ran long or answered megabytes before the cost limit. */
const PROBES: [string, string][] = [
  ['30 aliased contactPoints(first: 100) with nested stats', aliased(30, 'contactPoints(first: 100) { edges { node { id stats { feedbackSubmitted consultationsOverdue } } } }')],
  ['first: 100 three connections deep', '{ drafts(first: 100) { edges { node { versions(first: 100) { edges { node { articles(first: 100) { edges { node { text } } } } } } } } } }'],
  ['30 aliased draftVersionDiffs', aliased(30, 'draftVersionDiff(fromVersionId: "RHJhZnRWZXJzaW9uOjAx", toVersionId: "RHJhZnRWZXJzaW9uOjAy") { articles { change spans { kind text } } }')],
];

describe('the query cost limit, through the handler', () => {
  let staff: string;
  beforeAll(async () => {
    staff = await tokenFor(await newTenant(), 'LEGISLATIVE_STAFF');
  });

  test.each(PROBES)('%s is refused before it runs, like any other invalid query', async (_name, query) => {
    const result = await gql(staff, query);
    const invalid = await gql(staff, '{ noSuchField }');
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.message).toMatch(/^The operation costs [\d,]+ points; the limit is 20,000\. Ask for less/);
    expect(result.errors?.[0]?.extensions).toMatchObject({ maxCost: 20_000, cost: expect.any(Number) });
    expect(result.errors?.[0]?.extensions?.code).toBe(invalid.errors?.[0]?.extensions?.code);
    expect(result.status).toBe(invalid.status);
  });

  test('a full page of contact points with their figures runs', async () => {
    const data = await gqlOk(staff, '{ contactPoints(first: 100) { totalCount edges { node { id stats { feedbackSubmitted } } } } }');
    expect(data.contactPoints).toEqual({ totalCount: 0, edges: [] });
  });
});
