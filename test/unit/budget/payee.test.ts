import { isNaturalPersonName, maskPersonName, payeeForDeputy } from '../../../functions/src/budget/payee';

describe('natural persons', () => {
  it.each([
    ['张某某', '张**'],
    ['李明', '李*'],
    ['王建国', '王**'],
    ['李秀英', '李**'],
    ['张伟', '张*'],
    ['赵志强', '赵**'],
    ['徐建社', '徐**'], // 社 ends given names: not an organisation by itself
    ['孙海燕', '孙**'],
    ['刘德华', '刘**'],
    ['司马相如', '司马**'],
    ['欧阳明', '欧阳*'],
    ['欧阳', '欧*'], // two characters: the surname alone would reveal all
    ['诸葛亮', '诸葛*'],
    ['高雅', '高*'],
    ['马晓明', '马**'],
    ['王国庆', '王**'],
    ['王建设', '王**'],
    ['李建华', '李**'],
    [' 周敏 ', '周*'],
    ['买买提·艾力', '买**·**'],
    ['阿依古丽•买买提', '阿***•***'],
  ])('%j is masked for deputies as %j', (name, masked) => {
    expect(isNaturalPersonName(name)).toBe(true);
    expect(payeeForDeputy(name)).toBe(masked);
  });

  it.each([
    ['某某建设工程有限公司'],
    ['某某商贸有限公司'],
    ['某某餐饮服务部'],
    ['某某汽车维修中心'],
    ['某某印刷厂'],
    ['某某宾馆'],
    ['某单位'],
    ['县财政局'],
    ['财政局'],
    ['县教育局'],
    ['县人民医院'],
    ['第一中学'],
    ['实验小学'],
    ['县卫生院'],
    ['建设银行'],
    ['农商银行'],
    ['县人大常委会'],
    ['村民委员会'],
    ['县委'],
    ['某某酒店'],
    ['某某超市'],
    ['某某药店'],
    ['某某诊所'],
    ['某某合作社'],
    ['某某协会'],
    ['县公安局'],
    ['县供电公司'],
    ['国网吕梁供电公司'],
    ['某某律师事务所'],
    ['某某加油站'],
    ['某某书店'],
    ['县图书馆'],
    ['县文化馆'],
    ['某某工作室'],
    ['某某养殖场'],
    ['县政府办'],
    ['县消防救援大队'],
    ['某某出版社'],
    ['县邮政'],
    ['中国移动'],
    ['县自来水'],
    ['张'], // one character: not a name
    [''],
    ['John Smith'],
    ['张三1'],
    ['王五（个人）'],
    ['司马相如之子孙'], // more than four characters
    ['某某股份'],
  ])('%j is not a person and is shown whole', (payee) => {
    expect(isNaturalPersonName(payee)).toBe(false);
    expect(payeeForDeputy(payee)).toBe(payee);
  });

  it('masks keeping the length, whatever the input', () => {
    expect(maskPersonName('张某某')).toBe('张**');
    expect(maskPersonName('李')).toBe('李');
    expect(maskPersonName('上官婉儿')).toBe('上官**');
    expect(maskPersonName('东方')).toBe('东*');
  });
});

describe('what makes a payee an organisation', () => {
  // Each word decides alone: at the start of a payee of at most four Chinese characters that does
  // not end like an organisation, nothing else would stop it being read as a person's name.
  const organisationWords = [
    '公司', '集团', '企业', '有限', '股份', '实业', '商贸', '贸易', '工程', '装饰', '科技', '信息',
    '技术', '服务', '管理', '发展', '经营', '工作室', '事务所', '个体', '商户', '商行', '车行', '商店', '商场',
    '超市', '市场', '宾馆', '酒店', '饭店', '餐厅', '餐饮', '药房', '药店', '诊所', '加油', '物业', '电网',
    '电力', '供电', '供水', '自来水', '燃气', '热力', '移动', '联通', '电信', '邮政', '铁路', '航空',
    '银行', '信用社', '保险', '证券', '国库', '财政', '税务',
    '委员会', '政府', '人大', '政协', '机关', '单位', '办公室', '中心', '街道', '社区', '村委', '居委', '公安',
    '派出所', '法院', '检察', '部队', '武警', '消防', '大队', '支队', '中队',
    '医院', '卫生院', '学校', '学院', '大学', '中学', '小学', '幼儿园', '研究', '设计院', '出版社', '报社',
    '电视台', '广播', '杂志社', '合作社', '协会', '学会', '商会', '工会', '基金会', '联合会', '促进会', '旅行社', '俱乐部',
  ];
  it.each(organisationWords.map((word) => [`${word}某`]))('%j is an organisation (the word, not its length or ending)', (payee) => {
    expect(isNaturalPersonName(payee)).toBe(false);
    expect(payeeForDeputy(payee)).toBe(payee);
  });

  // Each ending decides alone: 某某 + the ending is three Chinese characters and holds no organisation word.
  const organisationEndings = ['局', '厂', '店', '部', '所', '站', '院', '馆', '处', '室', '队', '办', '组', '厅', '场', '校', '司', '署', '府', '委', '矿', '库', '铺', '坊', '栈'];
  it.each(organisationEndings.map((ending) => [`某某${ending}`]))('%j is an organisation by its last character', (payee) => {
    expect(isNaturalPersonName(payee)).toBe(false);
  });

  it('an ending counts only at the end: 局 or 厂 inside a name does not make it an organisation', () => {
    expect(isNaturalPersonName('局某')).toBe(true);
    expect(isNaturalPersonName('张厂长')).toBe(true);
  });
});

describe('names written with a middle dot', () => {
  it.each([['买买提·艾力'], ['阿依古丽•买买提'], ['玛丽‧居里'], ['艾力・买买提']])('%j, with any of the four dots, is a person', (name) => {
    expect(isNaturalPersonName(name)).toBe(true);
  });

  it.each([
    ['买买提·'], // a dot with nothing after it
    ['·艾力'],
    ['买买提··艾力'],
    ['买买提·Ali'],
    ['买买提·艾力2'], // a part only partly Chinese
  ])('%j is not a name: every part must be Chinese characters', (payee) => {
    expect(isNaturalPersonName(payee)).toBe(false);
  });

  it('is a name up to 20 characters, dots included, and not beyond', () => {
    const twenty = `${'阿'.repeat(10)}·${'买'.repeat(9)}`;
    expect([...twenty]).toHaveLength(20);
    expect(isNaturalPersonName(twenty)).toBe(true);
    expect(isNaturalPersonName(`${twenty}买`)).toBe(false);
  });

  it('masks every character but the surname, keeping the dots', () => {
    expect(maskPersonName('玛丽‧居里')).toBe('玛*‧**');
    expect(maskPersonName('艾力・买买提')).toBe('艾*・***');
  });
});

describe('compound surnames', () => {
  const compoundSurnames = [
    '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒',
    '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '呼延', '万俟', '闻人', '澹台', '公羊', '申屠',
  ];
  it.each(compoundSurnames.map((surname) => [`${surname}某`, `${surname}*`]))('%j keeps both characters of its surname: %j', (name, masked) => {
    expect(payeeForDeputy(name)).toBe(masked);
  });

  it('a name that only starts like one keeps one character', () => {
    expect(maskPersonName('欧明华')).toBe('欧**');
  });
});
