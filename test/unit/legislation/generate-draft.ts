/** Deterministic synthetic drafts for size and speed tests. */
import { toChineseNumeral } from '../../../functions/src/legislation/text/numerals';

const PHRASES = [
  '县级以上人民政府', '应当', '加强', '养老服务', '设施建设', '民政部门', '负责', '组织实施',
  '监督管理', '老年人', '合法权益', '社会力量', '参与', '鼓励', '支持', '按照规定', '给予补贴',
  '医疗卫生机构', '签订协议', '提供', '康复护理', '生活照料', '精神慰藉', '建立健全', '制度',
  '定期', '向社会公布', '评估结果', '依法', '追究责任', '财政部门', '安排资金', '统筹',
  '城乡', '社区', '农村', '互助', '志愿服务', '培训', '专业人才', '标准', '质量', '安全',
];

/** Small seeded PRNG (mulberry32) so generated texts are identical on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A sentence-like body of about `length` characters. */
export function randomBody(random: () => number, length: number): string {
  let s = '';
  while (s.length < length) {
    s += PHRASES[Math.floor(random() * PHRASES.length)] ?? '';
    if (random() < 0.12) s += random() < 0.5 ? '，' : '。';
  }
  return s.slice(0, length - 1) + '。';
}

export interface GeneratedDraft {
  text: string;
  bodies: string[];
}

/**
 * A draft with `articles` articles of about `articleLength` characters, split
 * into chapters of `articlesPerChapter` articles (no chapters when 0).
 */
export function generateDraft(
  articles: number,
  articleLength: number,
  articlesPerChapter = 10,
  seed = 1,
): GeneratedDraft {
  const random = seededRandom(seed);
  const lines: string[] = ['某市某某条例（草案）', ''];
  const bodies: string[] = [];
  for (let n = 1; n <= articles; n++) {
    if (articlesPerChapter > 0 && (n - 1) % articlesPerChapter === 0) {
      const chapter = (n - 1) / articlesPerChapter + 1;
      lines.push(`第${toChineseNumeral(chapter)}章　第${chapter}部分`, '');
    }
    const body = randomBody(random, articleLength);
    bodies.push(body);
    lines.push(`第${toChineseNumeral(n)}条　${body}`, '');
  }
  return { text: lines.join('\n'), bodies };
}
