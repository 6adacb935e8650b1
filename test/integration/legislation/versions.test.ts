import { errorCode, gql, gqlOk, tokenFor } from '../../support/api';
import { ADD_VERSION, cityWithDraft, fixtureText } from '../../support/legislation';
import { toChineseNumeral } from '../../../functions/src/legislation/text/numerals';

const VERSION = `query($id: ID!, $first: Int, $after: String) { draftVersion(id: $id) {
  id number label title articleCount characterCount createdBy draft { id }
  chapters { number numberText title sections { number title } articles { number } }
  articles(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { number numberText chapterNumber sectionNumber text paragraphs { text items } } } } } }`;
const DIFF = `query($f: ID!, $t: ID!) { draftVersionDiff(fromVersionId: $f, toVersionId: $t) {
  from { number } to { number } summary { unchanged renumbered modified added removed }
  articles { change oldNumber newNumber oldText newText spans { kind text } } } }`;
const VERSIONS = `query($id: ID!) { draft(id: $id) { revision currentVersion { id number label } versions(first: 10) { totalCount edges { node { number label } } } } }`;

describe('draft versions', () => {
  test('v1 of the fixture is parsed into 8 chapters and 22 articles', async () => {
    const { staff, version } = await cityWithDraft();
    expect(version).toMatchObject({ number: 1, label: '一审稿', articleCount: 22, title: '吕梁市城乡养老服务促进条例（草案）' });
    expect(version.characterCount).toBeGreaterThan(1000);
    const first = (await gqlOk(staff, VERSION, { id: version.id, first: 100 })).draftVersion;
    expect(first.chapters).toHaveLength(8);
    expect(first.chapters[0]).toMatchObject({ number: 1, numberText: '第一章', title: '总则', sections: [] });
    expect(first.chapters[0].articles.map((a: any) => a.number)).toEqual([1, 2, 3, 4, 5]);
    const articles = first.articles.edges.map((e: any) => e.node);
    expect(first.articles.totalCount).toBe(22);
    expect(articles.map((a: any) => a.number)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    const a14 = articles[13];
    expect(a14.numberText).toBe('第十四条');
    expect(a14.paragraphs).toHaveLength(1);
    expect(a14.paragraphs[0].items).toHaveLength(4);
    expect(a14.paragraphs[0].items[0]).toMatch(/^（一）/);
    expect(articles[19].text).toContain('第八条');
  });

  test('articles page with first/after', async () => {
    const { staff, version } = await cityWithDraft();
    const page1 = (await gqlOk(staff, VERSION, { id: version.id, first: 10 })).draftVersion.articles;
    const page2 = (await gqlOk(staff, VERSION, { id: version.id, first: 10, after: page1.pageInfo.endCursor })).draftVersion.articles;
    const page3 = (await gqlOk(staff, VERSION, { id: version.id, first: 10, after: page2.pageInfo.endCursor })).draftVersion.articles;
    expect([page1, page2, page3].map((p) => p.edges.length)).toEqual([10, 10, 2]);
    expect(page3.pageInfo.hasNextPage).toBe(false);
    expect(page3.edges[1].node.number).toBe(22);
  });

  test('v2 becomes current; the diff matches articles by content', async () => {
    const { staff, draft, version: v1 } = await cityWithDraft();
    const added = (
      await gqlOk(staff, ADD_VERSION, {
        input: { draftId: draft.id, label: '二审稿', text: fixtureText('eldercare-v2'), changeNote: '根据一审意见修改', expectedRevision: draft.revision },
      })
    ).addDraftVersion;
    expect(added.version).toMatchObject({ number: 2, articleCount: 23 });
    expect(added.draft.currentVersion.id).toBe(added.version.id);
    const versions = (await gqlOk(staff, VERSIONS, { id: draft.id })).draft;
    expect(versions.versions.totalCount).toBe(2);
    expect(versions.versions.edges.map((e: any) => e.node.label)).toEqual(['二审稿', '一审稿']);

    const diff = (await gqlOk(staff, DIFF, { f: v1.id, t: added.version.id })).draftVersionDiff;
    expect(diff.from.number).toBe(1);
    // v1 1-11: 2, 3, 7 modified in place; v1 12-22 become 13-23, of which 13, 14, 18 modified.
    expect(diff.summary).toEqual({ unchanged: 8, renumbered: 8, modified: 6, added: 1, removed: 0 });
    const byNew = new Map(diff.articles.map((a: any) => [a.newNumber, a]));
    expect(byNew.get(12)).toMatchObject({ change: 'ADDED', oldNumber: null });
    expect(byNew.get(13)).toMatchObject({ change: 'RENUMBERED', oldNumber: 12 });
    for (const [oldNumber, newNumber] of [[2, 2], [3, 3], [7, 7], [13, 14], [14, 15], [18, 19]]) {
      const entry: any = byNew.get(newNumber);
      expect(entry).toMatchObject({ change: 'MODIFIED', oldNumber });
      const kept = (kind: string) => entry.spans.filter((s: any) => s.kind !== kind).map((s: any) => s.text).join('');
      expect(kept('INSERTED')).toBe(entry.oldText);
      expect(kept('DELETED')).toBe(entry.newText);
    }
    expect(byNew.get(1)).toMatchObject({ change: 'UNCHANGED', spans: [] });
  });

  test('a text that is not a legal text, or whose numbering skips, is BAD_USER_INPUT naming the line; nothing is stored', async () => {
    const { staff, draft } = await cityWithDraft({ withVersion: false });
    const notLegal = await gql(staff, ADD_VERSION, { input: { draftId: draft.id, label: 'x', text: '这是一封信。\n\n此致敬礼', expectedRevision: 1 } });
    expect(notLegal.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    const skipping = fixtureText('eldercare-v1').replace('第五条　', '第六条　');
    const skip = await gql(staff, ADD_VERSION, { input: { draftId: draft.id, label: 'x', text: skipping, expectedRevision: 1 } });
    expect(skip.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(skip.errors?.[0]?.extensions?.line).toBe(fixtureText('eldercare-v1').split('\n').findIndex((l) => l.startsWith('第五条')) + 1);
    const tooLong = await gql(staff, ADD_VERSION, { input: { draftId: draft.id, label: 'x', text: '第一条　' + '字'.repeat(1_000_001), expectedRevision: 1 } });
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    const label = await gql(staff, ADD_VERSION, { input: { draftId: draft.id, label: '', text: fixtureText('eldercare-v1'), expectedRevision: 1 } });
    expect(label.errors?.[0]?.extensions?.field).toBe('label');
    const after = (await gqlOk(staff, VERSIONS, { id: draft.id })).draft;
    expect(after).toMatchObject({ revision: 1, currentVersion: null, versions: { totalCount: 0 } });
  });

  test('a stale revision is CONFLICT; two racing versions leave one', async () => {
    const { staff, draft } = await cityWithDraft({ withVersion: false });
    const input = { draftId: draft.id, label: '稿', text: fixtureText('eldercare-v1'), expectedRevision: 1 };
    const results = await Promise.all([gql(staff, ADD_VERSION, { input }), gql(staff, ADD_VERSION, { input: { ...input, text: fixtureText('eldercare-v2') } })]);
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => errorCode(r) === 'CONFLICT').length).toBe(1);
    const winner = results.find((r) => !r.errors)!.data!.addDraftVersion.version;
    const after = (await gqlOk(staff, VERSIONS, { id: draft.id })).draft;
    expect(after.versions.totalCount).toBe(1);
    const read = (await gqlOk(staff, VERSION, { id: winner.id, first: 100 })).draftVersion;
    expect(read.articles.edges).toHaveLength(winner.articleCount);
  });

  test('a version of 300 articles and 200,000 characters is stored and read whole', async () => {
    const { staff, draft } = await cityWithDraft({ withVersion: false });
    const body = '县级以上人民政府应当加强养老服务体系建设，完善服务设施，健全服务网络，提升服务质量。'.repeat(16);
    const lines = ['某市大型条例（草案）', ''];
    for (let chapter = 1; chapter <= 10; chapter++) {
      lines.push(`第${toChineseNumeral(chapter)}章　第${chapter}章标题`, '');
      for (let i = 1; i <= 30; i++) {
        const n = (chapter - 1) * 30 + i;
        lines.push(`第${toChineseNumeral(n)}条　${body}第${n}条。`, '');
      }
    }
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(200_000);
    const added = (await gqlOk(staff, ADD_VERSION, { input: { draftId: draft.id, label: '大', text, expectedRevision: 1 } })).addDraftVersion;
    expect(added.version.articleCount).toBe(300);
    let after: string | null = null;
    const numbers: number[] = [];
    do {
      const page: any = (await gqlOk(staff, VERSION, { id: added.version.id, first: 100, after })).draftVersion.articles;
      numbers.push(...page.edges.map((e: any) => e.node.number));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(numbers).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const chapters = (await gqlOk(staff, VERSION, { id: added.version.id, first: 1 })).draftVersion.chapters;
    expect(chapters[9].articles.map((a: any) => a.number)).toEqual(Array.from({ length: 30 }, (_, i) => 271 + i));
  });

  test('deputies read versions and diffs; they may not add versions', async () => {
    const { tenantId, staff, draft, version } = await cityWithDraft();
    const deputy = await tokenFor(tenantId, 'DEPUTY');
    expect((await gqlOk(deputy, VERSION, { id: version.id, first: 1 })).draftVersion.number).toBe(1);
    expect((await gqlOk(deputy, DIFF, { f: version.id, t: version.id })).draftVersionDiff.summary.unchanged).toBe(22);
    const add = await gql(deputy, ADD_VERSION, { input: { draftId: draft.id, label: 'x', text: fixtureText('eldercare-v2'), expectedRevision: draft.revision } });
    expect(errorCode(add)).toBe('FORBIDDEN');
    expect((await gqlOk(staff, VERSIONS, { id: draft.id })).draft.versions.totalCount).toBe(1);
  });

  test('versions of two different drafts cannot be compared', async () => {
    const a = await cityWithDraft();
    const second = (await gqlOk(a.staff, `mutation { createDraft(input: { title: "另一", kind: DECISION }) { draft { id revision } } }`)).createDraft.draft;
    const v = (await gqlOk(a.staff, ADD_VERSION, { input: { draftId: second.id, label: 'x', text: fixtureText('eldercare-v1'), expectedRevision: 1 } }))
      .addDraftVersion.version;
    expect((await gql(a.staff, DIFF, { f: a.version.id, t: v.id })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toVersionId' });
    expect((await gql(a.staff, DIFF, { f: a.draft.id, t: v.id })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromVersionId' });
  });
});
