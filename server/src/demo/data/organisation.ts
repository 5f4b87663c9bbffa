/**
 * Demo organisation (演示单位与领导): 湖南省, four of its cities, three counties/districts under each,
 * province/city/county departments and a few 乡镇/街道. Place names are real; every person is fictional.
 *
 * Code convention (relied on by the demo message generator):
 * - regions: `hn` (省), `hn-<city>` (市), `hn-<city>-<county>` (县/区/县级市), `hn-<city>-<county>-<town>` (乡镇/街道);
 * - departments: `<region code>-<hint>`, where `<hint>` is one of the `unitHint` slugs of messages.ts
 *   (zjj 住建, jtj 交通运输, jyj 教育, wjw 卫健, sthj 生态环境, rsj 人社, gaj 公安, cgj 城管, scjg 市场监管),
 *   plus `nync` (农业农村) and `whly` (文化和旅游) at the province level.
 * Pure data: no imports, no side effects.
 */

export interface DemoUnit {
  code: string;
  name: string;
  kind: 'REGION' | 'DEPARTMENT' | 'ENTERPRISE' | 'OTHER';
  children?: DemoUnit[];
}

export interface DemoLeader {
  name: string;
  title: string;
  unitCode: string;
}

/** Department kinds present in every city (suffix → name without the city prefix). */
const CITY_DEPARTMENTS: ReadonlyArray<readonly [string, string]> = [
  ['zjj', '住房和城乡建设局'],
  ['jtj', '交通运输局'],
  ['jyj', '教育局'],
  ['wjw', '卫生健康委员会'],
  ['sthj', '生态环境局'],
  ['rsj', '人力资源和社会保障局'],
  ['gaj', '公安局'],
  ['cgj', '城市管理和综合执法局'],
  ['scjg', '市场监督管理局'],
];

/** Department kinds present in every county/district. */
const COUNTY_DEPARTMENTS: ReadonlyArray<readonly [string, string]> = [
  ['zjj', '住房和城乡建设局'],
  ['jyj', '教育局'],
  ['rsj', '人力资源和社会保障局'],
  ['cgj', '城市管理和综合执法局'],
];

interface CountySpec {
  slug: string;
  name: string;
  /** prefix of its departments' names, e.g. 长沙市岳麓区 (district) or 浏阳市 (county-level city) */
  deptPrefix: string;
  towns: ReadonlyArray<readonly [string, string]>;
}

interface CitySpec {
  slug: string;
  name: string;
  counties: CountySpec[];
  extra?: DemoUnit[];
}

function departments(regionCode: string, prefix: string, list: ReadonlyArray<readonly [string, string]>): DemoUnit[] {
  return list.map(([suffix, name]) => ({ code: `${regionCode}-${suffix}`, name: `${prefix}${name}`, kind: 'DEPARTMENT' as const }));
}

function county(cityCode: string, spec: CountySpec): DemoUnit {
  const code = `${cityCode}-${spec.slug}`;
  return {
    code,
    name: spec.name,
    kind: 'REGION',
    children: [
      ...departments(code, spec.deptPrefix, COUNTY_DEPARTMENTS),
      ...spec.towns.map(([slug, name]) => ({ code: `${code}-${slug}`, name, kind: 'REGION' as const })),
    ],
  };
}

function city(spec: CitySpec): DemoUnit {
  const code = `hn-${spec.slug}`;
  return {
    code,
    name: spec.name,
    kind: 'REGION',
    children: [
      ...departments(code, spec.name, CITY_DEPARTMENTS),
      ...(spec.extra ?? []),
      ...spec.counties.map((c) => county(code, c)),
    ],
  };
}

const CITIES: CitySpec[] = [
  {
    slug: 'cs',
    name: '长沙市',
    extra: [
      { code: 'hn-cs-gdgs', name: '国网长沙供电公司', kind: 'ENTERPRISE' },
      { code: 'hn-cs-12345', name: '长沙市12345政务服务便民热线', kind: 'OTHER' },
    ],
    counties: [
      { slug: 'ylq', name: '岳麓区', deptPrefix: '长沙市岳麓区', towns: [['ylj', '岳麓街道'], ['wyh', '望月湖街道']] },
      { slug: 'frq', name: '芙蓉区', deptPrefix: '长沙市芙蓉区', towns: [['wlp', '五里牌街道'], ['hx', '火星街道']] },
      { slug: 'lys', name: '浏阳市', deptPrefix: '浏阳市', towns: [['jl', '集里街道'], ['dy', '大瑶镇']] },
    ],
  },
  {
    slug: 'zz',
    name: '株洲市',
    counties: [
      { slug: 'tyq', name: '天元区', deptPrefix: '株洲市天元区', towns: [['ssl', '嵩山路街道'], ['qf', '群丰镇']] },
      { slug: 'htq', name: '荷塘区', deptPrefix: '株洲市荷塘区', towns: [['yt', '月塘街道'], ['sjq', '宋家桥街道']] },
      { slug: 'lls', name: '醴陵市', deptPrefix: '醴陵市', towns: [['llm', '来龙门街道'], ['pk', '浦口镇']] },
    ],
  },
  {
    slug: 'xt',
    name: '湘潭市',
    counties: [
      { slug: 'yhq', name: '雨湖区', deptPrefix: '湘潭市雨湖区', towns: [['yw', '窑湾街道'], ['yt', '云塘街道']] },
      { slug: 'ytq', name: '岳塘区', deptPrefix: '湘潭市岳塘区', towns: [['syl', '书院路街道'], ['xss', '下摄司街道']] },
      { slug: 'xtx', name: '湘潭县', deptPrefix: '湘潭县', towns: [['ysh', '易俗河镇'], ['hs', '花石镇']] },
    ],
  },
  {
    slug: 'yy',
    name: '岳阳市',
    counties: [
      { slug: 'yylq', name: '岳阳楼区', deptPrefix: '岳阳市岳阳楼区', towns: [['dt', '洞庭街道'], ['wyl', '望岳路街道']] },
      { slug: 'mls', name: '汨罗市', deptPrefix: '汨罗市', towns: [['xs', '新市镇'], ['cl', '长乐镇']] },
      { slug: 'pjx', name: '平江县', deptPrefix: '平江县', towns: [['ss', '三市镇'], ['jy', '加义镇']] },
    ],
  },
];

const PROVINCE_DEPARTMENTS: ReadonlyArray<readonly [string, string]> = [
  ['zjj', '湖南省住房和城乡建设厅'],
  ['jtj', '湖南省交通运输厅'],
  ['jyj', '湖南省教育厅'],
  ['wjw', '湖南省卫生健康委员会'],
  ['sthj', '湖南省生态环境厅'],
  ['nync', '湖南省农业农村厅'],
  ['rsj', '湖南省人力资源和社会保障厅'],
  ['gaj', '湖南省公安厅'],
  ['scjg', '湖南省市场监督管理局'],
  ['whly', '湖南省文化和旅游厅'],
];

/** The demo unit tree, rooted at the province (137 units). */
export const DEMO_UNIT_TREE: DemoUnit = {
  code: 'hn',
  name: '湖南省',
  kind: 'REGION',
  children: [
    ...PROVINCE_DEPARTMENTS.map(([suffix, name]) => ({ code: `hn-${suffix}`, name, kind: 'DEPARTMENT' as const })),
    ...CITIES.map(city),
  ],
};

/** Fictional leaders (虚构人物) with public titles, attached to region units. */
export const DEMO_LEADERS: DemoLeader[] = [
  { name: '林致远', title: '省委书记', unitCode: 'hn' },
  { name: '方启明', title: '省长', unitCode: 'hn' },
  { name: '韩静秋', title: '副省长', unitCode: 'hn' },
  { name: '宋立诚', title: '市委书记', unitCode: 'hn-cs' },
  { name: '彭晓岚', title: '市长', unitCode: 'hn-cs' },
  { name: '欧阳明川', title: '副市长', unitCode: 'hn-cs' },
  { name: '谭嘉禾', title: '市委书记', unitCode: 'hn-zz' },
  { name: '贺正清', title: '市长', unitCode: 'hn-zz' },
  { name: '邹文博', title: '市长', unitCode: 'hn-xt' },
  { name: '龚一帆', title: '市委书记', unitCode: 'hn-yy' },
  { name: '曾思源', title: '区委书记', unitCode: 'hn-cs-ylq' },
  { name: '罗佳慧', title: '区长', unitCode: 'hn-cs-ylq' },
  { name: '黎志恒', title: '市长', unitCode: 'hn-cs-lys' },
  { name: '段秋实', title: '县长', unitCode: 'hn-xt-xtx' },
  { name: '易国栋', title: '县委书记', unitCode: 'hn-yy-pjx' },
];
