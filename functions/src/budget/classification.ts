/**
 * The two government expenditure classifications (政府收支分类科目) as budget lines carry them.
 *
 * - Functional (支出功能分类, what money is for): 类 = 3 digits, 款 = 5, 项 = 7
 *   (205 教育支出 › 20502 普通教育 › 2050203 初中教育).
 * - Economic (支出经济分类, what it is spent on): 类 = 3 digits, 款 = 5
 *   (302 商品和服务支出 › 30217 公务接待费).
 *
 * The hierarchy lives in the code itself: a code's parent is its prefix one level up, so no
 * table is needed to roll a line up to its 款 and 类.
 */

/** Which classification a code belongs to. */
export type ClassificationKind = 'FUNCTION' | 'ECONOMIC';

/** A level of a classification: 类 (CLASS), 款 (SECTION), 项 (ITEM, functional only). */
export type ClassificationLevel = 'CLASS' | 'SECTION' | 'ITEM';

/** Digits of a code at each level, top first. */
export const CODE_LENGTHS: Readonly<Record<ClassificationKind, readonly number[]>> = {
  FUNCTION: [3, 5, 7],
  ECONOMIC: [3, 5],
};

const LEVELS: readonly ClassificationLevel[] = ['CLASS', 'SECTION', 'ITEM'];

/** Digits a budget line's code has: functional codes at 项 (7), economic codes at 款 (5). */
export const LINE_CODE_LENGTH: Readonly<Record<ClassificationKind, number>> = { FUNCTION: 7, ECONOMIC: 5 };

/** The four 三公经费 economic codes, with the names users know. */
export const THREE_PUBLIC_CODES = ['30212', '30217', '30231', '31013'] as const;
export type ThreePublicCode = (typeof THREE_PUBLIC_CODES)[number];

/**
 * 因公出国（境）费用, 公务接待费, 公务用车运行维护费, 公务用车购置: travel abroad, receptions,
 * official vehicles' running and their purchase.
 */
export const THREE_PUBLIC_NAMES: Readonly<Record<ThreePublicCode, string>> = {
  '30212': '因公出国（境）费用',
  '30217': '公务接待费',
  '30231': '公务用车运行维护费',
  '31013': '公务用车购置',
};

/** Whether an economic code (at 款 level) is one of the four 三公 codes. */
export function isThreePublic(economicCode: string): economicCode is ThreePublicCode {
  return (THREE_PUBLIC_CODES as readonly string[]).includes(economicCode);
}

const DIGITS = /^\d+$/;

/** The level of a code (by its number of digits), or null if it is not a code of that kind. */
export function levelOf(kind: ClassificationKind, code: string): ClassificationLevel | null {
  if (!DIGITS.test(code)) return null;
  const depth = CODE_LENGTHS[kind].indexOf(code.length);
  return depth < 0 ? null : (LEVELS[depth] ?? null);
}

/** Whether `code` is a well-formed code of `kind` at any level (or at `level` when given). */
export function isClassificationCode(kind: ClassificationKind, code: string, level?: ClassificationLevel): boolean {
  const actual = levelOf(kind, code);
  return actual !== null && (level === undefined || actual === level);
}

/** The code one level up (2050203 → 20502 → 205), or null for a 类 or a malformed code. */
export function parentOf(kind: ClassificationKind, code: string): string | null {
  const lengths = CODE_LENGTHS[kind];
  const depth = levelOf(kind, code) === null ? -1 : lengths.indexOf(code.length);
  if (depth <= 0) return null;
  return code.slice(0, lengths[depth - 1]);
}

/** Every code above `code`, top first, without the code itself: 2050203 → [205, 20502]. */
export function ancestorsOf(kind: ClassificationKind, code: string): string[] {
  if (levelOf(kind, code) === null) return [];
  return CODE_LENGTHS[kind].filter((length) => length < code.length).map((length) => code.slice(0, length));
}

/**
 * The code and everything above it, top first, each with its level: what a budget line's
 * amounts are rolled up into (2050203 → 205 CLASS, 20502 SECTION, 2050203 ITEM).
 */
export function rollUpOf(kind: ClassificationKind, code: string): { level: ClassificationLevel; code: string }[] {
  if (levelOf(kind, code) === null) return [];
  return CODE_LENGTHS[kind]
    .filter((length) => length <= code.length)
    .map((length, depth) => ({ level: LEVELS[depth] as ClassificationLevel, code: code.slice(0, length) }));
}

/** The level below `level` in `kind`, or null at the bottom (项 functional, 款 economic). */
export function childLevelOf(kind: ClassificationKind, level: ClassificationLevel | null): ClassificationLevel | null {
  const depth = level === null ? 0 : LEVELS.indexOf(level) + 1;
  return depth < CODE_LENGTHS[kind].length ? (LEVELS[depth] ?? null) : null;
}

/**
 * Whether a code filter at any level matches a code: "205" matches everything in 教育支出,
 * "20502" all of 普通教育, "2050203" only itself. A malformed filter or code matches nothing.
 */
export function codeMatches(kind: ClassificationKind, filter: string, code: string): boolean {
  if (levelOf(kind, filter) === null || levelOf(kind, code) === null) return false;
  return code.length >= filter.length && code.startsWith(filter);
}
