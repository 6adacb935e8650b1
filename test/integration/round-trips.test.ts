import { countDynamoCalls } from '../support/dynamo-calls';
import { gqlOk, newTenant, tokenFor } from './../support/api';
import { SUBMIT, feedbackInput, openConsultationWithLiaisons } from '../support/feedback';

test('a page of 50 feedback with nested contact point, consultation, draft and attachments costs five round trips, not 50+', async () => {
  const s = await openConsultationWithLiaisons();
  const submit = async (i: number) => {
    const liaison = s.points[i % 2]!.liaison;
    const f = (await gqlOk(liaison, SUBMIT, { input: feedbackInput(s.consultation.id, { participantCount: i + 1 }) })).submitFeedback.feedback;
    if (i % 5 === 0) {
      await gqlOk(liaison, `mutation($input: RequestAttachmentUploadInput!) { requestAttachmentUpload(input: $input) { attachment { id } } }`, {
        input: { feedbackId: f.id, fileName: `纪要${i}.pdf`, contentType: 'application/pdf', size: 1000 },
      });
    }
  };
  // Five at a time: the set-up is 60 requests, and only the page read below is measured.
  for (let i = 0; i < 50; i += 5) await Promise.all([0, 1, 2, 3, 4].map((k) => submit(i + k)));
  await gqlOk(s.staff, '{ viewer { userId } }'); // the tenant is now cached in this container
  const counter = countDynamoCalls();
  try {
    const data = await gqlOk(
      s.staff,
      `{ feedbackList(first: 50) { totalCount edges { node { id contactPoint { name } consultation { id kind } draft { title } version { number }
        attachments { fileName status } } } } }`,
    );
    expect(data.feedbackList.edges).toHaveLength(50);
    expect(data.feedbackList.totalCount).toBe(50);
    expect(data.feedbackList.edges.flatMap((e: any) => e.node.attachments)).toHaveLength(10);
  } finally {
    counter.stop();
  }
  // One Query for the page, one BatchGetItem per table for the nested objects (contact points;
  // consultations, drafts and versions together; attachments) and one GetItem for the total, a
  // counter kept on write. Plus the request's one rate-limit write (data/rate-limit.ts).
  expect([...counter.calls].sort()).toEqual([
    'BatchGetItemCommand',
    'BatchGetItemCommand',
    'BatchGetItemCommand',
    'GetItemCommand',
    'QueryCommand',
    'UpdateItemCommand',
  ]);
});

describe('a counted page of contact points', () => {
  const PAGE = (selection: string) => `query($first: Int, $after: String, $filter: ContactPointFilter) {
    contactPoints(first: $first, after: $after, filter: $filter) { ${selection} } }`;
  const EDGES = 'edges { node { id name kind active } } pageInfo { hasNextPage endCursor }';

  async function tenantWithContactPoints(n: number) {
    const tenantId = await newTenant();
    const admin = await tokenFor(tenantId, 'TENANT_ADMIN');
    for (let i = 0; i < n; i += 1) {
      await gqlOk(admin, 'mutation($input: CreateContactPointInput!) { createContactPoint(input: $input) { contactPoint { id } } }', {
        input: { name: `联系点${i + 1}`, kind: i % 2 ? 'VILLAGE' : 'STREET' },
      });
    }
    await gqlOk(admin, '{ viewer { userId } }'); // the tenant is now cached in this container
    return admin;
  }

  async function calls(token: string, query: string, variables: Record<string, unknown> = {}) {
    const counter = countDynamoCalls();
    try {
      return { data: (await gqlOk(token, query, variables)).contactPoints, calls: [...counter.calls].sort() };
    } finally {
      counter.stop();
    }
  }

  test('the first page with its totalCount is one Query: the counters item sorts before the page', async () => {
    const admin = await tenantWithContactPoints(4);
    const first = await calls(admin, PAGE(`totalCount ${EDGES}`), { first: 3 });
    expect(first.data.totalCount).toBe(4);
    expect(first.data.edges.map((e: any) => e.node.name)).toEqual(['联系点1', '联系点2', '联系点3']);
    expect(first.data.pageInfo.hasNextPage).toBe(true);
    expect(first.calls).toEqual(['QueryCommand', 'UpdateItemCommand']);

    // Through a fragment, and with a filter the counters answer (the head passes the filter by key).
    const filtered = await calls(admin, `${PAGE('...counted')} fragment counted on ContactPointConnection { totalCount ${EDGES} }`, {
      filter: { kind: 'VILLAGE' },
    });
    expect(filtered.data.totalCount).toBe(2);
    expect(filtered.data.edges.map((e: any) => e.node.name)).toEqual(['联系点2', '联系点4']);
    expect(filtered.calls).toEqual(['QueryCommand', 'UpdateItemCommand']);

    // The next page opens the first page's cursor; its total is a separate GetItem of the counters.
    const next = await calls(admin, PAGE(`totalCount ${EDGES}`), { first: 3, after: first.data.pageInfo.endCursor });
    expect(next.data.edges.map((e: any) => e.node.name)).toEqual(['联系点4']);
    expect(next.data.totalCount).toBe(4);
    expect(next.calls).toEqual(['GetItemCommand', 'QueryCommand', 'UpdateItemCommand']);
  });

  test('without totalCount no total is read; a search counts its matches instead', async () => {
    const admin = await tenantWithContactPoints(2);
    const page = await calls(admin, PAGE(EDGES));
    expect(page.data.edges).toHaveLength(2);
    expect(page.calls).toEqual(['QueryCommand', 'UpdateItemCommand']);

    const search = await calls(admin, PAGE(`totalCount ${EDGES}`), { filter: { search: '联系点2' } });
    expect(search.data.totalCount).toBe(1);
    expect(search.calls).toEqual(['QueryCommand', 'QueryCommand', 'UpdateItemCommand']);
  });

  test('a congress without contact points (no counters item yet) has an empty first page and a total of 0', async () => {
    const admin = await tenantWithContactPoints(0);
    const empty = await calls(admin, PAGE(`totalCount ${EDGES}`));
    expect(empty.data).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    expect(empty.calls).toEqual(['QueryCommand', 'UpdateItemCommand']);
  });
});
