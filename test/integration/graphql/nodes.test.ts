import { decodeGlobalId } from '../../../functions/src/core/ids';
import { errorCode, gql, gqlOk, newTenant, platformToken, tokenFor } from '../../support/api';
import { CREATE_CP, RECORD_READING, TRANSITION, localId } from '../../support/legislation';
import { tenantWithFeedback } from '../../support/scenario';

type Scenario = Awaited<ReturnType<typeof tenantWithFeedback>> & { articleId: string; readingId: string; assignmentId: string };

const NODE = `query($id: ID!) { node(id: $id) { __typename id
  ... on Tenant { shortId }
  ... on Article { number }
  ... on Reading { round }
  ... on ConsultationAssignment { status contactPoint { id } } } }`;

/** A scenario with a reading recorded, and the ids of an article, the reading and the assignment as the API shows them. */
async function scenario(): Promise<Scenario> {
  const s = await tenantWithFeedback();
  const draft = (await gqlOk(s.staff, `query($id: ID!) { draft(id: $id) { revision } }`, { id: s.draftId })).draft;
  await gqlOk(s.staff, TRANSITION, { input: { id: s.draftId, to: 'UNDER_REVIEW', expectedRevision: draft.revision } });
  await gqlOk(s.staff, RECORD_READING, {
    input: { draftId: s.draftId, round: 1, meeting: '市五届人大常委会第十二次会议', heldOn: '2026-11-28', versionId: s.versionId, outcome: 'FURTHER_READING' },
  });
  const ids = await gqlOk(
    s.staff,
    `query($d: ID!, $v: ID!, $c: ID!) { draft(id: $d) { readings { id } } draftVersion(id: $v) { articles(first: 2) { edges { node { id } } } }
      consultation(id: $c) { assignments { id } } }`,
    { d: s.draftId, v: s.versionId, c: s.consultationId },
  );
  return {
    ...s,
    readingId: ids.draft.readings[0].id,
    articleId: ids.draftVersion.articles.edges[1].node.id,
    assignmentId: ids.consultation.assignments[0].id,
  };
}

const node = async (token: string, id: string) => gql(token, NODE, { id });

describe('every object a client caches has a global id that node(id) resolves', () => {
  let mine: Scenario;
  let theirs: Scenario;
  beforeAll(async () => {
    [mine, theirs] = await Promise.all([scenario(), scenario()]);
  });

  test('ids are opaque global ids of their type, and node(id) gives the same object back', async () => {
    const cases: [string, string, Record<string, unknown>][] = [
      [mine.articleId, 'Article', { number: 2 }],
      [mine.readingId, 'Reading', { round: 1 }],
      [mine.assignmentId, 'ConsultationAssignment', { status: 'RESPONDED', contactPoint: { id: mine.contactPointId } }],
    ];
    for (const [id, type, fields] of cases) {
      expect(decodeGlobalId(id)?.type).toBe(type);
      expect((await gqlOk(mine.staff, NODE, { id })).node).toEqual({ __typename: type, id, ...fields });
    }
  });

  test('the same article has the same id through the version, its chapters and node', async () => {
    const data = await gqlOk(mine.staff, `query($id: ID!) { draftVersion(id: $id) { chapters { articles { id number } } } }`, { id: mine.versionId });
    const fromChapters = data.draftVersion.chapters.flatMap((c: any) => c.articles).find((a: any) => a.number === 2);
    expect(fromChapters.id).toBe(mine.articleId);
  });

  test('a tenant: its global id resolves for its own users, its city, its counties and the operator; shortId is what tokens carry', async () => {
    const viewer = (await gqlOk(mine.staff, '{ viewer { tenant { id shortId } } }')).viewer.tenant;
    expect(viewer.shortId).toBe(mine.tenantId);
    expect(decodeGlobalId(viewer.id)).toEqual({ type: 'Tenant', localId: mine.tenantId });
    expect((await gqlOk(mine.staff, NODE, { id: viewer.id })).node).toEqual({ __typename: 'Tenant', id: viewer.id, shortId: mine.tenantId });
    expect((await gqlOk(await platformToken(), NODE, { id: viewer.id })).node.shortId).toBe(mine.tenantId);

    const county = await newTenant({ level: 'COUNTY', parentId: mine.tenantId });
    const countyDeputy = await tokenFor(county, 'DEPUTY');
    const countyId = (await gqlOk(countyDeputy, '{ viewer { tenant { id } } }')).viewer.tenant.id;
    expect((await gqlOk(countyDeputy, NODE, { id: viewer.id })).node.shortId).toBe(mine.tenantId);
    expect((await gqlOk(mine.staff, NODE, { id: countyId })).node.shortId).toBe(county);
  });

  test("another tenant's tenant, article, reading and assignment are NOT_FOUND", async () => {
    const theirTenant = (await gqlOk(theirs.staff, '{ viewer { tenant { id } } }')).viewer.tenant.id;
    for (const id of [theirTenant, theirs.articleId, theirs.readingId, theirs.assignmentId]) {
      const result = await node(mine.staff, id);
      expect(result.data?.node).toBeNull();
      expect(errorCode(result)).toBe('NOT_FOUND');
    }
  });

  test('a liaison reads its own assignment and the articles of its consultation, but not readings or other assignments', async () => {
    expect((await gqlOk(mine.liaison, NODE, { id: mine.assignmentId })).node.status).toBe('RESPONDED');
    expect((await gqlOk(mine.liaison, NODE, { id: mine.articleId })).node.number).toBe(2);
    expect(errorCode(await node(mine.liaison, mine.readingId))).toBe('NOT_FOUND');

    const other = (await gqlOk(mine.staff, CREATE_CP, { input: { name: '信义镇联系点', kind: 'TOWNSHIP' } })).createContactPoint.contactPoint.id;
    const otherLiaison = await tokenFor(mine.tenantId, 'CONTACT_POINT_LIAISON', { contactPointId: localId(other) });
    for (const id of [mine.assignmentId, mine.articleId, mine.readingId]) {
      expect(errorCode(await node(otherLiaison, id))).toBe('NOT_FOUND');
    }
  });

  test('roles that may not read drafts are refused articles and readings as they are refused drafts', async () => {
    const operator = await platformToken();
    for (const id of [mine.articleId, mine.readingId]) {
      expect(errorCode(await node(operator, id))).toBe(errorCode(await node(operator, mine.draftId)));
    }
  });

  test('a well-formed id of a kind with a malformed local part is NOT_FOUND', async () => {
    for (const raw of ['Tenant:Not A Slug', 'Article:01ARZ3NDEKTSV4RRFFQ69G5FAV.x.1', 'Reading:01ARZ3NDEKTSV4RRFFQ69G5FAV.9x']) {
      expect(errorCode(await node(mine.staff, Buffer.from(raw).toString('base64url')))).toBe('NOT_FOUND');
    }
  });
});
