/**
 * Short names of units as citizens write them (简称): "长沙市" → "长沙", "岳麓区" → "岳麓",
 * "长沙市住房和城乡建设局" → "住建局" … used by the segmenter's dictionary and the lead-unit suggestion.
 */

/** Common department names and their usual short forms. */
const DEPARTMENT_SHORT: ReadonlyArray<readonly [RegExp, string[]]> = [
  [/住房和城乡建设(局|厅|委员会)$/, ['住建局', '住建']],
  [/人力资源和社会保障(局|厅)$/, ['人社局', '人社', '社保局']],
  [/城市管理和综合执法(局|支队|大队)$|城市管理(局|委员会)$|城管执法局$/, ['城管局', '城管']],
  [/市场监督管理局$/, ['市场监管局', '市监局', '工商局']],
  [/卫生健康委员会$|卫生健康局$|卫生和计划生育委员会$/, ['卫健委', '卫健局', '卫生局']],
  [/生态环境(局|厅)$|环境保护局$/, ['环保局', '生态环境局', '环保']],
  [/交通运输(局|厅)$/, ['交通局', '交通运输局']],
  [/自然资源和规划局$|自然资源局$|国土资源局$/, ['自然资源局', '国土局', '规划局']],
  [/农业农村(局|厅)$/, ['农业农村局', '农业局']],
  [/文化和旅游(局|厅)$|文化旅游广电体育局$/, ['文旅局', '旅游局', '文化局']],
  [/教育(局|厅|委员会)$/, ['教育局']],
  [/公安(局|厅)$/, ['公安局', '派出所', '交警']],
  [/发展和改革(委员会|局)$/, ['发改委', '发改局']],
  [/医疗保障局$/, ['医保局', '医保']],
  [/应急管理局$/, ['应急局', '安监局']],
  [/退役军人事务局$/, ['退役军人局']],
  [/民政(局|厅)$/, ['民政局']],
  [/水利(局|厅)$/, ['水利局']],
  [/商务(局|厅)$|商务和粮食局$/, ['商务局']],
  [/财政(局|厅)$/, ['财政局']],
  [/税务局$/, ['税务局']],
  [/住房公积金管理中心$/, ['公积金中心', '公积金管理中心']],
  [/信访局$/, ['信访局']],
];

/** Suffixes of region names that citizens often leave out (湖南省 → 湖南, 岳麓区 → 岳麓, 望城街道 → 望城). */
const REGION_SUFFIX = /(省|自治区|市|自治州|地区|盟|区|县|自治县|旗|街道|镇|乡)$/;

export interface UnitLike {
  id: number;
  name: string;
  kind: string;
  parentId: number | null;
}

/** The names a unit goes by: its full name, its name without the parent region's prefix, and common short forms. */
export function unitAliases(unit: UnitLike, parentNames: string[]): string[] {
  const out = new Set<string>([unit.name]);
  let bare = unit.name;
  for (const p of parentNames) {
    if (p && bare.startsWith(p) && bare.length > p.length + 1) bare = bare.slice(p.length);
    const shortParent = p.replace(REGION_SUFFIX, '');
    if (shortParent.length >= 2 && bare.startsWith(shortParent) && bare.length > shortParent.length + 1) bare = bare.slice(shortParent.length);
  }
  if (unit.kind === 'REGION') {
    const short = unit.name.replace(REGION_SUFFIX, '');
    if (short.length >= 2 && short !== unit.name) out.add(short);
  } else {
    if (bare !== unit.name && bare.length >= 3) out.add(bare);
    for (const [re, shorts] of DEPARTMENT_SHORT) if (re.test(unit.name)) for (const s of shorts) out.add(s);
  }
  return [...out];
}
