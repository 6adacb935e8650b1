import {
  THREE_PUBLIC_CODES,
  THREE_PUBLIC_NAMES,
  ancestorsOf,
  childLevelOf,
  codeMatches,
  isClassificationCode,
  isThreePublic,
  levelOf,
  parentOf,
  rollUpOf,
} from '../../../functions/src/budget/classification';
import { CLASSIFICATION_NAME_YEARS, classificationName } from '../../../functions/src/budget/classification-names';
import { ECONOMIC_SECTIONS, FUNCTION_ITEMS } from '../../../functions/local/budget/catalog';

describe('levels', () => {
  it.each([
    ['FUNCTION', '205', 'CLASS'],
    ['FUNCTION', '20502', 'SECTION'],
    ['FUNCTION', '2050203', 'ITEM'],
    ['ECONOMIC', '302', 'CLASS'],
    ['ECONOMIC', '30217', 'SECTION'],
  ] as const)('%s %s is a %s', (kind, code, level) => {
    expect(levelOf(kind, code)).toBe(level);
    expect(isClassificationCode(kind, code)).toBe(true);
    expect(isClassificationCode(kind, code, level)).toBe(true);
  });

  it.each([
    ['FUNCTION', ''],
    ['FUNCTION', '20'],
    ['FUNCTION', '2050'],
    ['FUNCTION', '205020'],
    ['FUNCTION', '20502031'],
    ['FUNCTION', '20a02'],
    ['FUNCTION', ' 205'],
    ['ECONOMIC', '3021701'],
    ['ECONOMIC', '3021'],
    ['ECONOMIC', '３０２'],
  ] as const)('%s %j is not a code', (kind, code) => {
    expect(levelOf(kind, code)).toBeNull();
    expect(isClassificationCode(kind, code)).toBe(false);
  });

  it('checks the level when asked', () => {
    expect(isClassificationCode('FUNCTION', '205', 'SECTION')).toBe(false);
    expect(isClassificationCode('ECONOMIC', '30217', 'CLASS')).toBe(false);
  });

  it('knows the level below', () => {
    expect(childLevelOf('FUNCTION', null)).toBe('CLASS');
    expect(childLevelOf('FUNCTION', 'CLASS')).toBe('SECTION');
    expect(childLevelOf('FUNCTION', 'SECTION')).toBe('ITEM');
    expect(childLevelOf('FUNCTION', 'ITEM')).toBeNull();
    expect(childLevelOf('ECONOMIC', null)).toBe('CLASS');
    expect(childLevelOf('ECONOMIC', 'CLASS')).toBe('SECTION');
    expect(childLevelOf('ECONOMIC', 'SECTION')).toBeNull();
  });
});

describe('hierarchy', () => {
  it('parent, ancestors and roll-up come from the code', () => {
    expect(parentOf('FUNCTION', '2050203')).toBe('20502');
    expect(parentOf('FUNCTION', '20502')).toBe('205');
    expect(parentOf('FUNCTION', '205')).toBeNull();
    expect(parentOf('ECONOMIC', '30217')).toBe('302');
    expect(parentOf('ECONOMIC', '302')).toBeNull();
    expect(parentOf('ECONOMIC', '3021701')).toBeNull();
    expect(parentOf('FUNCTION', '2050')).toBeNull();
    expect(ancestorsOf('FUNCTION', '2050203')).toEqual(['205', '20502']);
    expect(ancestorsOf('FUNCTION', '20502')).toEqual(['205']);
    expect(ancestorsOf('FUNCTION', '205')).toEqual([]);
    expect(ancestorsOf('ECONOMIC', '30217')).toEqual(['302']);
    expect(ancestorsOf('ECONOMIC', 'x')).toEqual([]);
    expect(rollUpOf('FUNCTION', '2050203')).toEqual([
      { level: 'CLASS', code: '205' },
      { level: 'SECTION', code: '20502' },
      { level: 'ITEM', code: '2050203' },
    ]);
    expect(rollUpOf('ECONOMIC', '30217')).toEqual([
      { level: 'CLASS', code: '302' },
      { level: 'SECTION', code: '30217' },
    ]);
    expect(rollUpOf('ECONOMIC', '3021')).toEqual([]);
  });

  it.each([
    ['205', '2050203', true],
    ['205', '20502', true],
    ['205', '205', true],
    ['20502', '2050203', true],
    ['2050203', '2050203', true],
    ['20502', '2050101', false],
    ['2050203', '20502', false],
    ['206', '2050203', false],
    ['2050', '2050203', false],
    ['', '2050203', false],
    ['205', 'abc', false],
  ])('FUNCTION filter %j matches %j: %s', (filter, code, expected) => {
    expect(codeMatches('FUNCTION', filter, code)).toBe(expected);
  });

  it('economic filters', () => {
    expect(codeMatches('ECONOMIC', '302', '30217')).toBe(true);
    expect(codeMatches('ECONOMIC', '301', '30217')).toBe(false);
    expect(codeMatches('ECONOMIC', '30217', '30217')).toBe(true);
  });
});

describe('三公经费', () => {
  it('are exactly the four codes', () => {
    expect([...THREE_PUBLIC_CODES]).toEqual(['30212', '30217', '30231', '31013']);
    expect(THREE_PUBLIC_CODES.filter(isThreePublic)).toHaveLength(4);
    expect(isThreePublic('30211')).toBe(false);
    expect(isThreePublic('302')).toBe(false);
    expect(THREE_PUBLIC_NAMES['30217']).toBe('公务接待费');
  });
});

describe('classificationName', () => {
  it('names the 类 and 款 users know', () => {
    expect(classificationName('FUNCTION', '201', 2026)).toBe('一般公共服务支出');
    expect(classificationName('FUNCTION', '205', 2026)).toBe('教育支出');
    expect(classificationName('FUNCTION', '20502', 2026)).toBe('普通教育');
    expect(classificationName('ECONOMIC', '302', 2026)).toBe('商品和服务支出');
    expect(classificationName('ECONOMIC', '30217', 2026)).toBe('公务接待费');
  });

  it('falls back to the name in the file, trimmed, for a code it does not know', () => {
    expect(classificationName('FUNCTION', '2050203', 2026, ' 普通教育-初中教育 ')).toBe('普通教育-初中教育');
    expect(classificationName('FUNCTION', '299', 2026, '')).toBeNull();
    expect(classificationName('FUNCTION', '299', 2026)).toBeNull();
    expect(classificationName('FUNCTION', '205', 2026, '别的名字')).toBe('教育支出');
  });

  it('uses the latest table not after the year, else the earliest', () => {
    expect(CLASSIFICATION_NAME_YEARS).toContain(2026);
    expect(classificationName('FUNCTION', '205', 2030)).toBe('教育支出');
    expect(classificationName('FUNCTION', '205', 2020)).toBe('教育支出');
  });

  it('knows every 类 and 款 above what the generator emits, and every 三公 code', () => {
    for (const [code] of FUNCTION_ITEMS) {
      for (const ancestor of ancestorsOf('FUNCTION', code)) expect([ancestor, classificationName('FUNCTION', ancestor, 2026)]).not.toEqual([ancestor, null]);
    }
    for (const [code, name] of ECONOMIC_SECTIONS) {
      expect(classificationName('ECONOMIC', code, 2026)).toBe(name);
      expect(classificationName('ECONOMIC', code.slice(0, 3), 2026)).not.toBeNull();
    }
    for (const code of THREE_PUBLIC_CODES) expect(classificationName('ECONOMIC', code, 2026)).toBe(THREE_PUBLIC_NAMES[code]);
  });

  it('knows the 类 and 款 of the shared generator (generate.py)', () => {
    const functionItems = ['2010101', '2010104', '2010108', '2010301', '2010601', '2040201', '2050201', '2050202', '2050203', '2050204', '2070101', '2080201', '2080505', '2081002', '2100302', '2100408', '2110301', '2120399', '2130101', '2130599', '2210201'];
    for (const item of functionItems) for (const code of ancestorsOf('FUNCTION', item)) expect([code, classificationName('FUNCTION', code, 2026)]).not.toEqual([code, null]);
    const economic = ['30101', '30102', '30103', '30108', '30113', '30201', '30205', '30206', '30211', '30212', '30215', '30216', '30217', '30226', '30231', '30299', '30305', '30309', '31002', '31005', '31013'];
    for (const code of economic) {
      expect([code, classificationName('ECONOMIC', code, 2026)]).not.toEqual([code, null]);
      expect(classificationName('ECONOMIC', code.slice(0, 3), 2026)).not.toBeNull();
    }
  });
});
