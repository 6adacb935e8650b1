import { MAX_BODY_BYTES } from '../../../functions/src/graphql/response-size';
import { gql, gqlOk } from '../../support/api';
import { ADD_VERSION, cityWithDraft } from '../../support/legislation';

/** 𠀀 takes 4 bytes: two articles of 50,000 make a 400 KB text that aliases repeat cheaply (read once, cached). */
const article = '\u{20000}'.repeat(50_000);
const TEXT = `吕梁市大文本测试条例\n第一章　总则\n第一条　${article}\n第二条　${article}`;

const repeated = (aliases: number) =>
  `query($id: ID!) { draftVersion(id: $id) { ${Array.from({ length: aliases }, (_, i) => `c${i}: chapters { articles { text } }`).join(' ')} } }`;

describe('a response too big for Lambda', () => {
  let staff: string;
  let versionId: string;
  beforeAll(async () => {
    const s = await cityWithDraft({ withVersion: false });
    staff = s.staff;
    versionId = (await gqlOk(staff, ADD_VERSION, { input: { draftId: s.draft.id, label: '一审稿', text: TEXT, expectedRevision: s.draft.revision } }))
      .addDraftVersion.version.id;
  });

  test('is replaced by one clear BAD_USER_INPUT error, not a failed invocation', async () => {
    // 20 copies of 400 KB: about 8 MB.
    const result = await gql(staff, repeated(20), { id: versionId });
    expect(result.status).toBe(200);
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.message).toMatch(/^The response would be 7\.\d MB, over the 6\.0 MB one response may hold\. Ask for less/);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query', maxResponseBytes: MAX_BODY_BYTES });
  });

  test('one of the same kind that fits (about 4 MB) is answered in full', async () => {
    const result = await gql(staff, repeated(10), { id: versionId });
    expect(result.errors).toBeUndefined();
    expect(result.data?.draftVersion.c9[0].articles[1].text).toBe(article);
  });
});
