import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  parse,
  validate,
  type ValidationContext,
} from 'graphql';
import { costLimitRule, FIELD_COSTS, MAX_QUERY_COST, operationCost } from '../../../functions/src/graphql/cost';
import { typeDefs } from '../../../functions/src/generated/type-defs';
import { BENCH_QUERIES } from '../../../scripts/bench/operations';
import { ADD_VERSION, SUBMIT_FEEDBACK } from '../../../scripts/bench/seed';

const schema = buildSchema(typeDefs);
const ROOT = resolve(__dirname, '../../..');

/** The cost of each operation of a document, by the rule's own arithmetic. */
function costs(source: string): number[] {
  const found: number[] = [];
  const record = (context: ValidationContext) => ({
    OperationDefinition: (operation: Parameters<typeof operationCost>[1]) => {
      found.push(operationCost(context, operation));
    },
  });
  validate(schema, parse(source), [record]);
  return found;
}
const cost = (source: string) => costs(source)[0]!;

const aliased = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('the cost table', () => {
  const fields = Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((t) => !t.name.startsWith('__'))
    .flatMap((type) => Object.values(type.getFields()).map((field) => ({ type, field, key: `${type.name}.${field.name}` })));

  test('names only fields that exist', () => {
    const known = new Set(fields.map((f) => f.key));
    expect(Object.keys(FIELD_COSTS).filter((key) => !known.has(key))).toEqual([]);
  });

  test('gives every list of objects a size (connections count by first) and every paged field items: page', () => {
    const missing = fields.filter(({ field, key }) => {
      const listOfObjects = isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type));
      const paged = field.args.some((a) => a.name === 'first');
      if (paged) return FIELD_COSTS[key]?.items !== 'page';
      return listOfObjects && field.name !== 'edges' && typeof FIELD_COSTS[key]?.items !== 'number';
    });
    expect(missing.map((f) => f.key)).toEqual([]);
  });

  test('every mutation is weighed', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields()).filter((name) => name !== '_empty');
    expect(mutations.filter((name) => FIELD_COSTS[`Mutation.${name}`]?.weight === undefined)).toEqual([]);
  });
});

describe('the arithmetic', () => {
  test('a page multiplies its edges by first; totalCount and pageInfo count once', () => {
    // contactPoints 10 + edges (1 + 10 × node 1) = 21; totalCount 20 and pageInfo 1 once.
    expect(cost('{ contactPoints(first: 10) { edges { node { id name } } } }')).toBe(21);
    expect(cost('{ contactPoints(first: 10) { totalCount pageInfo { hasNextPage } edges { node { id } } } }')).toBe(42);
  });

  test('without first a page counts at the default size (20); from a variable at the maximum (100)', () => {
    expect(cost('{ contactPoints { edges { node { id } } } }')).toBe(11 + 20);
    expect(cost('query($n: Int) { contactPoints(first: $n) { edges { node { id } } } }')).toBe(11 + 100);
  });

  test('nested pages multiply', () => {
    // drafts 10 + edges 1 + 5 × (node 1 + versions 10 + edges 1 + 7 × node 1)
    expect(cost('{ drafts(first: 5) { edges { node { versions(first: 7) { edges { node { id } } } } } } }')).toBe(11 + 5 * (1 + 11 + 7));
  });

  test('lists count at their listed size and fields at their weight', () => {
    // consultation 1 + assignments (10 + 98 × (contactPoint 1 + stats 11))
    expect(cost('{ consultation(id: "x") { assignments { status contactPoint { stats { feedbackSubmitted } } } } }')).toBe(1 + 10 + 98 * 12);
  });

  test('fragments count like the fields they hold, and a fragment used on many pages is costed once per page size', () => {
    const inline = cost('{ contactPoints(first: 10) { edges { node { id stats { feedbackSubmitted } } } } }');
    const spread = cost('{ contactPoints(first: 10) { edges { node { ...cp } } } } fragment cp on ContactPoint { id stats { feedbackSubmitted } }');
    expect(spread).toBe(inline);
    const onNode = cost('{ node(id: "x") { ... on ContactPoint { stats { feedbackSubmitted } } } }');
    expect(onNode).toBe(2 + 11);
  });

  test('a fragment bomb (each fragment spreading the one before ten times) is costed without blowing up', () => {
    const levels = Array.from({ length: 12 }, (_, i) =>
      i === 0 ? 'fragment f0 on ContactPoint { stats { feedbackSubmitted } }' : `fragment f${i} on ContactPoint { ${Array.from({ length: 10 }, () => `...f${i - 1}`).join(' ')} }`,
    );
    // Without memoising fragments this would walk 10^11 fields and never finish.
    expect(cost(`{ contactPoint(id: "x") { ...f11 } } ${levels.join(' ')}`)).toBeGreaterThan(MAX_QUERY_COST);
  });

  test('introspection costs nothing', () => {
    expect(cost('{ __schema { types { name fields { name args { name } } } } __typename }')).toBe(0);
  });
});

describe('the limit', () => {
  const refused = (source: string) => validate(schema, parse(source), [costLimitRule()]);

  test.each([
    ['30 aliased contactPoints(first: 100) with stats', aliased(30, 'contactPoints(first: 100) { edges { node { id stats { feedbackSubmitted consultationsOverdue } } } }')],
    ['first: 100 three connections deep', '{ drafts(first: 100) { edges { node { versions(first: 100) { edges { node { articles(first: 100) { edges { node { text } } } } } } } } } }'],
    ['30 aliased draftVersionDiffs', aliased(30, 'draftVersionDiff(fromVersionId: "a", toVersionId: "b") { articles { change spans { kind text } } }')],
    ['30 aliased diffs asking only for the summary', aliased(30, 'draftVersionDiff(fromVersionId: "a", toVersionId: "b") { summary { modified } }')],
  ])('%s is refused with a message naming the cost and the limit', (_name, source) => {
    const errors = refused(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^The operation costs [\d,]+ points; the limit is 20,000\. Ask for less/);
    expect(errors[0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxCost: MAX_QUERY_COST });
  });

  test('a named operation is named in the message', () => {
    expect(refused(`query Greedy ${aliased(30, 'draftVersionDiff(fromVersionId: "a", toVersionId: "b") { summary { modified } }')}`)[0]!.message).toMatch(
      /^Operation Greedy costs/,
    );
  });
});

describe('ordinary queries stay under the limit', () => {
  const under = (source: string) => {
    for (const c of costs(source)) expect(c).toBeLessThanOrEqual(MAX_QUERY_COST);
  };

  test('the README walkthroughs', () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) {
      expect(costs(block).length).toBeGreaterThan(0);
      under(block);
    }
  });

  test('docs/walkthrough.sh', () => {
    const script = readFileSync(resolve(ROOT, 'docs/walkthrough.sh'), 'utf8');
    const queries = [...script.matchAll(/gql "\$\w+" '([^']+)'/g)].map((m) => m[1]!);
    expect(queries.length).toBeGreaterThanOrEqual(10);
    queries.forEach(under);
  });

  test('the bench operations (each under a tenth of the limit, the diff under half)', () => {
    for (const query of [...BENCH_QUERIES, ADD_VERSION, SUBMIT_FEEDBACK]) {
      const [c] = costs(query);
      const isDiff = /draftVersionDiff/.test(query);
      expect(c).toBeLessThanOrEqual(isDiff ? MAX_QUERY_COST / 2 : MAX_QUERY_COST / 10);
    }
  });

  test('a whole version read through its chapters and a page of 100 articles', () => {
    under(`{ draftVersion(id: "x") { chapters { numberText title sections { title articles { numberText } } articles { numberText text } }
      articles(first: 100) { edges { node { number text paragraphs { text items } } } } } }`);
  });

  test('the viewer costs only its tenant read', () => {
    expect(cost('{ viewer { userId roles tenant { name } } }')).toBe(1);
  });
});
