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
