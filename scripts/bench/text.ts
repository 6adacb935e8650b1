/**
 * Generated regulation texts for the benchmark: a title, a table of contents (目录), chapters
 * (第一章 …), one chapter with sections (第一节 …), articles (第一条　…) with paragraphs and items
 * （一）…, all numbered with Chinese numerals. The text is deterministic (seeded), so every run
 * parses, stores and diffs exactly the same thing.
 *
 * `version2` makes "a few changes" a real second reading would: some articles edited, two added,
 * one removed (so every article after it is renumbered).
 */
import { toChineseNumeral } from '../../functions/src/legislation/text/numerals';

/** mulberry32: a small, fast, seeded PRNG (deterministic across runs and machines). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = [
  '市、县（市、区）人民政府',
  '乡镇人民政府和街道办事处',
  '民政部门',
  '住房和城乡建设部门',
  '卫生健康部门',
  '财政部门',
  '司法行政部门',
  '人力资源和社会保障部门',
  '自然资源部门',
  '农业农村部门',
  '村民委员会和居民委员会',
  '基层立法联系点',
  '社会组织和志愿服务组织',
  '物业服务企业',
  '公共服务机构',
  '新闻媒体',
  '工会、共青团、妇联等群团组织',
  '人民调解委员会',
  '养老服务机构',
  '教育部门',
];

const VERBS = [
  '应当加强',
  '应当统筹推进',
  '负责组织实施',
  '应当依法做好',
  '应当建立健全',
  '应当积极参与',
  '应当定期开展',
  '应当按照规定做好',
  '可以通过政府购买服务等方式推进',
  '应当会同有关部门做好',
  '应当将',
  '应当支持和配合',
  '应当落实',
  '应当规范',
  '应当完善',
];

const OBJECTS = [
  '社区综合服务设施建设',
  '矛盾纠纷排查化解工作',
  '公共法律服务体系建设',
  '居家社区养老服务',
  '城乡社区公共卫生服务',
  '网格化服务管理',
  '老旧小区改造和配套设施完善',
  '社区应急管理和防灾减灾工作',
  '基层民主协商机制',
  '村（居）务公开工作',
  '社区工作者队伍建设',
  '未成年人关爱保护工作',
  '残疾人康复和托养服务',
  '流动人口服务管理',
  '社区文化体育设施的开放利用',
  '法治宣传教育',
  '生活垃圾分类和环境卫生整治',
  '智慧社区信息平台建设',
  '困难群众救助帮扶',
  '物业服务质量监督',
  '社区食堂和助餐服务',
  '志愿服务记录和激励制度',
  '立法意见征集和反馈工作',
  '农村留守老年人关爱服务',
  '社区安全隐患排查',
  '公共服务事项清单管理',
  '社区议事协商活动',
  '城乡接合部综合治理',
  '历史文化街区保护利用',
  '社区心理健康服务',
];

const TAILS = [
  '，并将所需经费纳入本级财政预算。',
  '，具体办法由市人民政府另行制定。',
  '，保障居民的知情权、参与权、表达权和监督权。',
  '，建立工作台账，定期向社会公布进展情况。',
  '，及时研究解决工作中的重大问题。',
  '，所需资金按照有关规定列支。',
  '，推动服务资源向基层下沉。',
  '，并接受本级人民代表大会常务委员会的监督。',
  '，加强部门之间的信息共享和业务协同。',
  '，对成绩显著的单位和个人按照国家和省有关规定给予表彰和奖励。',
  '，不得向服务对象收取国家规定以外的费用。',
  '，每年至少开展一次专项检查。',
  '，畅通群众意见建议的反映渠道。',
  '，做好相关数据的收集、汇总和分析。',
  '，确保各项措施落到实处。',
];

const CHAPTER_TITLES = [
  '总则',
  '规划与建设',
  '服务体系',
  '居民参与',
  '社区治理',
  '公共服务',
  '养老与托育',
  '平安建设',
  '数字化建设',
  '保障措施',
  '监督管理',
  '法律责任与附则',
];

/** The third chapter has sections (节), to exercise that part of the parser and outline. */
const SECTION_CHAPTER = 2;
const SECTION_TITLES = ['一般规定', '设施配置', '服务供给'];

interface Paragraph {
  text: string;
  items: string[];
}

interface ArticleModel {
  chapter: number;
  /** Index in SECTION_TITLES when the chapter has sections, else null. */
  section: number | null;
  paragraphs: Paragraph[];
}

export interface DraftModel {
  readonly title: string;
  readonly articles: readonly ArticleModel[];
}

function sentence(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  return `${pick(SUBJECTS)}${pick(VERBS)}${pick(OBJECTS)}${pick(TAILS)}`;
}

/** One article of about `targetChars` characters: one to three paragraphs, some with items. */
function article(next: () => number, chapter: number, section: number | null, targetChars: number): ArticleModel {
  const paragraphs: Paragraph[] = [];
  const paragraphCount = 1 + Math.floor(next() * 3);
  for (let p = 0; p < paragraphCount; p++) {
    const share = targetChars / paragraphCount;
    let text = '';
    while (text.length < share * 0.6) text += sentence(next);
    const items: string[] = [];
    if (next() < 0.35) {
      // A paragraph introducing items ends with a colon: 下列工作：（一）…；（二）…。
      text = `${text.slice(0, -1)}，重点做好下列工作：`;
      const itemCount = 3 + Math.floor(next() * 4);
      for (let i = 1; i <= itemCount; i++) {
        const body = sentence(next).slice(0, -1);
        items.push(`（${toChineseNumeral(i)}）${body}${i === itemCount ? '。' : '；'}`);
      }
    }
    while (text.length + items.join('').length < share) text += sentence(next);
    paragraphs.push({ text, items });
  }
  return { chapter, section, paragraphs };
}

/** A draft of `articleCount` articles with about `totalChars` characters of text. */
export function generateDraft(articleCount = 300, totalChars = 200_000, seed = 20261122): DraftModel {
  const next = prng(seed);
  // Each paragraph overshoots its share by part of a sentence: aim a little low.
  const perArticle = (totalChars / articleCount) * 0.79;
  const perChapter = Math.ceil(articleCount / CHAPTER_TITLES.length);
  const articles: ArticleModel[] = [];
  for (let n = 0; n < articleCount; n++) {
    const chapter = Math.min(CHAPTER_TITLES.length - 1, Math.floor(n / perChapter));
    const inChapter = n - chapter * perChapter;
    const section =
      chapter === SECTION_CHAPTER ? Math.min(SECTION_TITLES.length - 1, Math.floor((inChapter * SECTION_TITLES.length) / perChapter)) : null;
    // Lengths vary between 0.5x and 1.5x the mean, as real articles do.
    articles.push(article(next, chapter, section, perArticle * (0.5 + next())));
  }
  return { title: '吕梁市城乡社区治理促进条例（草案）', articles };
}

/**
 * The second reading: `edits` articles get a clause changed or added, two articles are inserted,
 * one is removed. Deterministic, like the first.
 */
export function version2(draft: DraftModel, edits = 12, seed = 7): DraftModel {
  const next = prng(seed);
  const articles = draft.articles.map((a) => ({ ...a, paragraphs: a.paragraphs.map((p) => ({ ...p, items: [...p.items] })) }));
  const step = Math.floor(articles.length / (edits + 1));
  for (let e = 1; e <= edits; e++) {
    const target = articles[e * step]!;
    const paragraph = target.paragraphs[0]!;
    if (e % 2 === 0) {
      // Rewrite the end of the first sentence.
      const cut = paragraph.text.indexOf('，');
      paragraph.text = `${paragraph.text.slice(0, cut > 0 ? cut : 10)}，并建立季度通报和年度评估制度${paragraph.text.slice(cut > 0 ? cut : 10)}`;
    } else {
      paragraph.text = `${paragraph.text}${sentence(next)}`;
    }
  }
  const removedAt = Math.floor(articles.length / 2);
  articles.splice(removedAt, 1);
  for (const at of [Math.floor(articles.length / 3), Math.floor((articles.length * 5) / 6)]) {
    const neighbour = articles[at]!;
    articles.splice(at, 0, article(next, neighbour.chapter, neighbour.section, 400));
  }
  return { title: draft.title, articles };
}

/** The text as staff would paste it: title, 目录, then the body with full-width spaces after headings. */
export function renderDraft(draft: DraftModel): string {
  const usedChapters = [...new Set(draft.articles.map((a) => a.chapter))].sort((a, b) => a - b);
  const lines: string[] = [draft.title, '', '目录', ''];
  usedChapters.forEach((c, i) => {
    lines.push(`第${toChineseNumeral(i + 1)}章　${CHAPTER_TITLES[c]}`);
    if (c === SECTION_CHAPTER) SECTION_TITLES.forEach((t, s) => lines.push(`　　第${toChineseNumeral(s + 1)}节　${t}`));
  });
  lines.push('');
  let chapter = -1;
  let section: number | null = null;
  let chapterNumber = 0;
  draft.articles.forEach((a, index) => {
    if (a.chapter !== chapter) {
      chapter = a.chapter;
      chapterNumber += 1;
      section = null;
      lines.push('', `第${toChineseNumeral(chapterNumber)}章　${CHAPTER_TITLES[a.chapter]}`, '');
    }
    if (a.section !== null && a.section !== section) {
      section = a.section;
      lines.push(`第${toChineseNumeral(a.section + 1)}节　${SECTION_TITLES[a.section]}`, '');
    }
    a.paragraphs.forEach((p, i) => {
      lines.push(i === 0 ? `第${toChineseNumeral(index + 1)}条　${p.text}` : `　　${p.text}`);
      for (const item of p.items) lines.push(`　　${item}`);
    });
  });
  return `${lines.join('\n')}\n`;
}
