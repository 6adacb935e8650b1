/**
 * What the generator draws from: county departments, the functional 项 and economic 款 a county
 * budget uses (codes and names of 《2026年政府收支分类科目》), and payees — companies, and for
 * labour and allowances natural persons (invented names, so that masking has something to mask).
 */

export const DEPARTMENTS: readonly string[] = [
  '人大常委会办公室', '人民政府办公室', '财政局', '教育局', '民政局', '卫生健康局', '生态环境局', '住房和城乡建设局',
  '农业农村局', '公安局', '文化和旅游局', '人力资源和社会保障局', '自然资源局', '水利局', '交通运输局',
  '市场监督管理局', '审计局', '统计局', '退役军人事务局', '应急管理局',
];

/** Functional classification 项 (7 digits) with the name a finance export gives them (款-项). */
export const FUNCTION_ITEMS: readonly (readonly [string, string])[] = [
  ['2010101', '人大事务-行政运行'],
  ['2010104', '人大事务-人大会议'],
  ['2010108', '人大事务-代表工作'],
  ['2010301', '政府办公厅（室）及相关机构事务-行政运行'],
  ['2010601', '财政事务-行政运行'],
  ['2010801', '审计事务-行政运行'],
  ['2040201', '公安-行政运行'],
  ['2050101', '教育管理事务-行政运行'],
  ['2050201', '普通教育-学前教育'],
  ['2050202', '普通教育-小学教育'],
  ['2050203', '普通教育-初中教育'],
  ['2050204', '普通教育-高中教育'],
  ['2070101', '文化和旅游-行政运行'],
  ['2080201', '民政管理事务-行政运行'],
  ['2080505', '行政事业单位养老支出-机关事业单位基本养老保险缴费支出'],
  ['2081002', '社会福利-老年福利'],
  ['2100302', '基层医疗卫生机构-乡镇卫生院'],
  ['2100408', '公共卫生-基本公共卫生服务'],
  ['2110301', '污染防治-大气'],
  ['2120399', '城乡社区公共设施-其他城乡社区公共设施支出'],
  ['2130101', '农业农村-行政运行'],
  ['2130599', '巩固脱贫攻坚成果衔接乡村振兴-其他巩固脱贫攻坚成果衔接乡村振兴支出'],
  ['2210201', '住房改革支出-住房公积金'],
];

/** Economic classification 款 (5 digits), including the four 三公 codes. */
export const ECONOMIC_SECTIONS: readonly (readonly [string, string])[] = [
  ['30101', '基本工资'],
  ['30102', '津贴补贴'],
  ['30103', '奖金'],
  ['30108', '机关事业单位基本养老保险缴费'],
  ['30113', '住房公积金'],
  ['30201', '办公费'],
  ['30205', '水费'],
  ['30206', '电费'],
  ['30211', '差旅费'],
  ['30212', '因公出国（境）费用'],
  ['30215', '会议费'],
  ['30216', '培训费'],
  ['30217', '公务接待费'],
  ['30226', '劳务费'],
  ['30231', '公务用车运行维护费'],
  ['30299', '其他商品和服务支出'],
  ['30305', '生活补助'],
  ['30309', '奖励金'],
  ['31002', '办公设备购置'],
  ['31005', '基础设施建设'],
  ['31013', '公务用车购置'],
];

/** Economic codes paid to natural persons rather than companies. */
export const PERSON_PAID_CODES: ReadonlySet<string> = new Set(['30226', '30305', '30309']);

export const COMPANY_PAYEES: readonly string[] = [
  '吕梁市某某建设工程有限公司', '山西某某商贸有限公司', '某某信息技术有限公司', '离石区某某餐饮服务部', '某某汽车维修中心',
  '某某印刷厂', '某某宾馆', '某某医疗器械有限公司', '某某物业管理有限公司', '国网山西省电力公司吕梁供电公司',
  '中国邮政集团有限公司吕梁市分公司', '某某县自来水公司',
];

/** Invented people's names (common surnames, ordinary given names). */
export const PERSON_PAYEES: readonly string[] = [
  '王建国', '李秀英', '张伟', '刘洋', '陈静', '杨帆', '赵志强', '黄丽', '周敏', '吴刚', '徐建社', '孙海燕', '马晓明',
  '朱红梅', '胡军', '郭玉兰', '欧阳明', '高雅',
];
