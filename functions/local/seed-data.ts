/**
 * Demo data for the local host: the Lüliang (吕梁) city congress and four of its counties, each with
 * a few grassroots legislative contact points (基层立法联系点). Region codes are real at county level;
 * the township codes, places, people and phone numbers are illustrative (phones are 138-0000 dummies).
 *
 * Keys are idempotency keys: change an entry's content and bump SEED_VERSION, or a persistent data
 * folder answers the old key with CONFLICT (the seed then reports it and goes on).
 */

export type ContactPointKind =
  | 'TOWNSHIP'
  | 'STREET'
  | 'COMMUNITY'
  | 'VILLAGE'
  | 'ENTERPRISE'
  | 'SCHOOL'
  | 'LAW_FIRM'
  | 'ASSOCIATION'
  | 'JUDICIAL'
  | 'OTHER';

export interface SeedLiaison {
  readonly name: string;
  readonly title: string;
  readonly phone: string;
}

export interface SeedContactPoint {
  /** Stable within its tenant; part of the idempotency key. */
  readonly key: string;
  readonly name: string;
  readonly kind: ContactPointKind;
  readonly address: string;
  /** Nine digits (township level), inside the tenant's region. */
  readonly regionCode: string;
  readonly establishedOn: string;
  readonly liaisons: readonly SeedLiaison[];
}

export interface SeedTenant {
  readonly id: string;
  readonly name: string;
  readonly regionCode: string;
  readonly level: 'CITY' | 'COUNTY';
  readonly parentId?: string;
  readonly contactPoints: readonly SeedContactPoint[];
}

export const SEED_VERSION = 'v1';

/** The tenant whose tokens `npm start` prints. */
export const DEMO_TENANT_ID = 'lishi';

/** In creation order: the city first, as the counties name it as their parent. */
export const DEMO_TENANTS: readonly SeedTenant[] = [
  {
    id: 'lvliang',
    name: '吕梁市人大常委会',
    regionCode: '141100',
    level: 'CITY',
    contactPoints: [
      {
        key: 'llu',
        name: '吕梁学院基层立法联系点',
        kind: 'SCHOOL',
        address: '山西省吕梁市离石区学院路1号',
        regionCode: '141102003',
        establishedOn: '2020-06-12',
        liaisons: [
          { name: '冯卫东', title: '法学院副院长', phone: '0358-0000012' },
          { name: '杨柳', title: '法学院讲师', phone: '13800000013' },
        ],
      },
      {
        key: 'lawyers-association',
        name: '吕梁市律师协会基层立法联系点',
        kind: 'ASSOCIATION',
        address: '山西省吕梁市离石区龙凤南大街(市律师协会)',
        regionCode: '141102002',
        establishedOn: '2021-04-26',
        liaisons: [{ name: '程俊', title: '协会秘书长', phone: '0358-0000021' }],
      },
      {
        key: 'fenyang-court',
        name: '汾阳市人民法院基层立法联系点',
        kind: 'JUDICIAL',
        address: '山西省吕梁市汾阳市府前街(市人民法院)',
        regionCode: '141182001',
        establishedOn: '2022-10-09',
        liaisons: [{ name: '阎志刚', title: '研究室主任', phone: '0358-0000031' }],
      },
    ],
  },
  {
    id: 'lishi',
    name: '离石区人大常委会',
    regionCode: '141102',
    level: 'COUNTY',
    parentId: 'lvliang',
    contactPoints: [
      {
        key: 'fengshan',
        name: '凤山街道基层立法联系点',
        kind: 'STREET',
        address: '山西省吕梁市离石区凤山街道办事处(龙凤南大街)',
        regionCode: '141102002',
        establishedOn: '2019-06-18',
        liaisons: [
          { name: '王建平', title: '街道党工委副书记', phone: '0358-0000102' },
          { name: '李晓燕', title: '司法所所长', phone: '13800001021' },
        ],
      },
      {
        key: 'houwa',
        name: '信义镇后瓦村基层立法联系点',
        kind: 'VILLAGE',
        address: '山西省吕梁市离石区信义镇后瓦村村民委员会',
        regionCode: '141102101',
        establishedOn: '2020-04-09',
        liaisons: [
          { name: '张海明', title: '村党支部书记', phone: '13800001031' },
          { name: '刘秀英', title: '村委会委员', phone: '13800001032' },
        ],
      },
      {
        key: 'binhe-park',
        name: '滨河工业园区企业基层立法联系点',
        kind: 'ENTERPRISE',
        address: '山西省吕梁市离石区滨河街道工业园区管委会',
        regionCode: '141102004',
        establishedOn: '2021-09-01',
        liaisons: [
          { name: '郭志强', title: '园区管委会副主任', phone: '0358-0000141' },
          { name: '赵丽', title: '企业合规部经理', phone: '13800001042' },
        ],
      },
      {
        key: 'fengcheng-law',
        name: '山西凤城律师事务所基层立法联系点',
        kind: 'LAW_FIRM',
        address: '山西省吕梁市离石区永宁中路(凤城律师事务所)',
        regionCode: '141102001',
        establishedOn: '2022-03-15',
        liaisons: [{ name: '陈立新', title: '主任律师', phone: '13800001051' }],
      },
    ],
  },
  {
    id: 'xingxian',
    name: '兴县人大常委会',
    regionCode: '141123',
    level: 'COUNTY',
    parentId: 'lvliang',
    contactPoints: [
      {
        key: 'weifen',
        name: '蔚汾镇基层立法联系点',
        kind: 'TOWNSHIP',
        address: '山西省吕梁市兴县蔚汾镇人民政府',
        regionCode: '141123100',
        establishedOn: '2019-11-20',
        liaisons: [
          { name: '白雪峰', title: '镇人大主席', phone: '0358-0000231' },
          { name: '任红梅', title: '司法所副所长', phone: '13800002012' },
        ],
      },
      {
        key: 'beipo',
        name: '蔡家崖乡北坡村基层立法联系点',
        kind: 'VILLAGE',
        address: '山西省吕梁市兴县蔡家崖乡北坡村村民委员会',
        regionCode: '141123206',
        establishedOn: '2020-08-05',
        liaisons: [{ name: '牛建军', title: '村党支部书记', phone: '13800002021' }],
      },
      {
        key: 'weijiatan-enterprise',
        name: '魏家滩镇企业基层立法联系点',
        kind: 'ENTERPRISE',
        address: '山西省吕梁市兴县魏家滩镇工业园区',
        regionCode: '141123101',
        establishedOn: '2021-05-12',
        liaisons: [
          { name: '康建国', title: '企业工会主席', phone: '13800002031' },
          { name: '贺晓东', title: '法务专员', phone: '13800002032' },
        ],
      },
      {
        key: 'vocational-school',
        name: '兴县职业中学基层立法联系点',
        kind: 'SCHOOL',
        address: '山西省吕梁市兴县蔚汾镇(兴县职业中学)',
        regionCode: '141123100',
        establishedOn: '2022-09-01',
        liaisons: [{ name: '孙丽娟', title: '副校长', phone: '0358-0000251' }],
      },
    ],
  },
  {
    id: 'wenshui',
    name: '文水县人大常委会',
    regionCode: '141121',
    level: 'COUNTY',
    parentId: 'lvliang',
    contactPoints: [
      {
        key: 'fengcheng',
        name: '凤城镇基层立法联系点',
        kind: 'TOWNSHIP',
        address: '山西省吕梁市文水县凤城镇人民政府',
        regionCode: '141121100',
        establishedOn: '2019-07-01',
        liaisons: [
          { name: '武志刚', title: '镇人大主席', phone: '0358-0000311' },
          { name: '田慧', title: '司法所所长', phone: '13800003012' },
        ],
      },
      {
        key: 'liuhulan',
        name: '刘胡兰镇刘胡兰村基层立法联系点',
        kind: 'VILLAGE',
        address: '山西省吕梁市文水县刘胡兰镇刘胡兰村村民委员会',
        regionCode: '141121104',
        establishedOn: '2020-01-12',
        liaisons: [{ name: '石国庆', title: '村党支部书记', phone: '13800003021' }],
      },
      {
        key: 'development-zone',
        name: '文水经济开发区企业基层立法联系点',
        kind: 'ENTERPRISE',
        address: '山西省吕梁市文水县经济开发区管委会',
        regionCode: '141121101',
        establishedOn: '2021-06-30',
        liaisons: [
          { name: '冯建华', title: '开发区党工委委员', phone: '0358-0000331' },
          { name: '霍敏', title: '企业法务', phone: '13800003032' },
        ],
      },
      {
        key: 'zetian-law',
        name: '山西则天律师事务所基层立法联系点',
        kind: 'LAW_FIRM',
        address: '山西省吕梁市文水县凤城镇则天大街(则天律师事务所)',
        regionCode: '141121100',
        establishedOn: '2022-05-20',
        liaisons: [{ name: '段文杰', title: '主任律师', phone: '13800003041' }],
      },
    ],
  },
  {
    id: 'xiaoyi',
    name: '孝义市人大常委会',
    regionCode: '141181',
    level: 'COUNTY',
    parentId: 'lvliang',
    contactPoints: [
      {
        key: 'zhongyanglou',
        name: '中阳楼街道基层立法联系点',
        kind: 'STREET',
        address: '山西省吕梁市孝义市中阳楼街道办事处',
        regionCode: '141181002',
        establishedOn: '2019-05-08',
        liaisons: [
          { name: '梁振华', title: '街道党工委副书记', phone: '0358-0000412' },
          { name: '郝静', title: '司法所所长', phone: '13800004012' },
        ],
      },
      {
        key: 'fuqian-community',
        name: '新义街道府前社区基层立法联系点',
        kind: 'COMMUNITY',
        address: '山西省吕梁市孝义市新义街道府前社区居民委员会',
        regionCode: '141181001',
        establishedOn: '2020-10-16',
        liaisons: [{ name: '韩丽萍', title: '社区党委书记', phone: '13800004021' }],
      },
      {
        key: 'dongwutong',
        name: '梧桐镇东梧桐村基层立法联系点',
        kind: 'VILLAGE',
        address: '山西省吕梁市孝义市梧桐镇东梧桐村村民委员会',
        regionCode: '141181105',
        establishedOn: '2021-03-22',
        liaisons: [{ name: '高建明', title: '村委会主任', phone: '13800004031' }],
      },
      {
        key: 'development-zone',
        name: '孝义经济开发区企业基层立法联系点',
        kind: 'ENTERPRISE',
        address: '山西省吕梁市孝义市经济开发区管委会',
        regionCode: '141181100',
        establishedOn: '2022-11-11',
        liaisons: [
          { name: '任晓峰', title: '开发区法制办主任', phone: '0358-0000441' },
          { name: '刘佳', title: '企业法务', phone: '13800004042' },
        ],
      },
    ],
  },
];
