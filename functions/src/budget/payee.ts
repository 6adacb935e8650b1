/**
 * Payees that are natural persons (a 劳务费 paid to 张某某) are personal data: deputies see them
 * masked (张某某 → 张**), budget staff see them whole. A payee is taken for a person when it is
 * 2–4 Chinese characters (or a name of an ethnic minority written with a middle dot, 买买提·艾力)
 * and carries no mark of an organisation (公司, 局, 中心, 委员会, 医院, 学校, 银行, …).
 *
 * When in doubt the rule masks: masking an organisation only hides a name from a deputy, while
 * showing a person's name leaks it.
 */

/** Words that make a payee an organisation wherever they appear in it. */
const ORGANISATION_WORDS: readonly string[] = [
  // companies and enterprises
  '公司', '集团', '企业', '有限', '股份', '实业', '商贸', '贸易', '工程', '装饰', '科技', '信息',
  '技术', '服务', '管理', '发展', '经营', '工作室', '事务所', '个体', '商户', '商行', '车行', '商店', '商场',
  '超市', '市场', '宾馆', '酒店', '饭店', '餐厅', '餐饮', '药房', '药店', '诊所', '加油', '物业', '电网',
  '电力', '供电', '供水', '自来水', '燃气', '热力', '移动', '联通', '电信', '邮政', '铁路', '航空',
  // banks and finance
  '银行', '信用社', '保险', '证券', '国库', '财政', '税务',
  // public bodies
  '委员会', '政府', '人大', '政协', '机关', '单位', '办公室', '中心', '街道', '社区', '村委', '居委', '公安',
  '派出所', '法院', '检察', '部队', '武警', '消防', '大队', '支队', '中队',
  // schools, hospitals, associations
  '医院', '卫生院', '学校', '学院', '大学', '中学', '小学', '幼儿园', '研究', '设计院', '出版社', '报社',
  '电视台', '广播', '杂志社', '合作社', '协会', '学会', '商会', '工会', '基金会', '联合会', '促进会', '旅行社', '俱乐部',
];

/**
 * Characters that end organisation names (某某县财政局, 某某印刷厂, 某某餐饮服务部) but rarely end
 * a person's given name. Characters that often end given names (社 in 建社, 会, 行, 园, 科) are
 * deliberately absent: their organisation forms are caught by whole words above. For the same
 * reason words common in given names (建设, 建国, 发达) are not organisation words.
 */
const ORGANISATION_ENDINGS = new Set([
  '局', '厂', '店', '部', '所', '站', '院', '馆', '处', '室', '队', '办', '组', '厅', '场', '校', '司', '署',
  '府', '委', '矿', '库', '铺', '坊', '栈',
]);

/** Surnames of two characters: their bearer's name keeps both visible (欧阳修 → 欧阳*). */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒',
  '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '呼延', '万俟', '闻人', '澹台', '公羊', '申屠',
]);

/** Whether one character (a code point) is Chinese: the CJK blocks and the compatibility/extension ranges. */
const HAN = /\p{Script=Han}/u;
/** Middle dots used between the parts of transliterated names: ·, •, ‧, ・. */
const NAME_DOT = /[·•‧・]/u;

/** Whether a payee looks like a natural person's name (see the module comment). */
export function isNaturalPersonName(payee: string): boolean {
  const name = payee.trim();
  const chars = [...name];
  if (chars.length < 2) return false;
  if (ORGANISATION_WORDS.some((word) => name.includes(word))) return false;
  const last = chars[chars.length - 1] as string;
  if (ORGANISATION_ENDINGS.has(last)) return false;
  if (NAME_DOT.test(name)) {
    const parts = name.split(NAME_DOT);
    return parts.every((part) => part.length > 0 && [...part].every((ch) => HAN.test(ch))) && chars.length <= 20;
  }
  return chars.length <= 4 && chars.every((ch) => HAN.test(ch));
}

/**
 * Masks a person's name, keeping the surname: 张某某 → 张**, 李明 → 李*, 欧阳修 → 欧阳*,
 * 买买提·艾力 → 买**·**. The length and the dots stay, so names can still be told apart by shape.
 */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  const keep = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.map((ch, i) => (i < keep || NAME_DOT.test(ch) ? ch : '*')).join('');
}

/** The payee as a deputy sees it: masked when it is a natural person, unchanged otherwise. */
export function payeeForDeputy(payee: string): string {
  return isNaturalPersonName(payee) ? maskPersonName(payee) : payee;
}
