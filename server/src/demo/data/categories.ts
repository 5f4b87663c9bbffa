/**
 * Demo category tree (领域): the 13 top-level fields of domain.md §2, each with a few subcategories.
 * Codes are stable ASCII slugs; a subcategory's code starts with its parent's code.
 * Pure data: no imports, no side effects.
 */

export interface DemoCategory {
  code: string;
  name: string;
  children?: DemoCategory[];
}

export const DEMO_CATEGORIES: DemoCategory[] = [
  {
    code: 'urban',
    name: '城建',
    children: [
      { code: 'urban-property', name: '物业管理' },
      { code: 'urban-housing', name: '房屋质量' },
      { code: 'urban-relocation', name: '拆迁安置' },
      { code: 'urban-municipal', name: '市政设施' },
      { code: 'urban-illegal', name: '违章建筑' },
    ],
  },
  {
    code: 'traffic',
    name: '交通',
    children: [
      { code: 'traffic-road', name: '道路建设' },
      { code: 'traffic-bus', name: '公交出行' },
      { code: 'traffic-order', name: '交通秩序' },
      { code: 'traffic-parking', name: '停车管理' },
      { code: 'traffic-taxi', name: '出租车网约车' },
    ],
  },
  {
    code: 'education',
    name: '教育',
    children: [
      { code: 'edu-enrol', name: '入学招生' },
      { code: 'edu-training', name: '校外培训' },
      { code: 'edu-teacher', name: '教师待遇' },
      { code: 'edu-fee', name: '学校收费' },
      { code: 'edu-safety', name: '校园安全' },
    ],
  },
  {
    code: 'health',
    name: '医疗',
    children: [
      { code: 'health-insurance', name: '医保报销' },
      { code: 'health-hospital', name: '医院服务' },
      { code: 'health-drug', name: '药品价格' },
      { code: 'health-public', name: '公共卫生' },
    ],
  },
  {
    code: 'environment',
    name: '环保',
    children: [
      { code: 'env-air', name: '大气污染' },
      { code: 'env-water', name: '水污染' },
      { code: 'env-noise', name: '噪声扰民' },
      { code: 'env-waste', name: '垃圾处理' },
    ],
  },
  {
    code: 'agriculture',
    name: '三农',
    children: [
      { code: 'agri-subsidy', name: '惠农补贴' },
      { code: 'agri-land', name: '土地流转' },
      { code: 'agri-infra', name: '农村基础设施' },
      { code: 'agri-homestead', name: '宅基地建房' },
      { code: 'agri-produce', name: '农产品产销' },
    ],
  },
  {
    code: 'employment',
    name: '就业',
    children: [
      { code: 'emp-wage', name: '拖欠工资' },
      { code: 'emp-social', name: '社会保险' },
      { code: 'emp-startup', name: '就业创业' },
      { code: 'emp-contract', name: '劳动合同' },
    ],
  },
  {
    code: 'security',
    name: '治安',
    children: [
      { code: 'sec-order', name: '社会治安' },
      { code: 'sec-fraud', name: '电信诈骗' },
      { code: 'sec-id', name: '户籍证件' },
      { code: 'sec-fire', name: '消防安全' },
    ],
  },
  {
    code: 'government',
    name: '政务',
    children: [
      { code: 'gov-efficiency', name: '办事效率' },
      { code: 'gov-service', name: '政务服务' },
      { code: 'gov-conduct', name: '干部作风' },
      { code: 'gov-info', name: '信息公开' },
    ],
  },
  {
    code: 'enterprise',
    name: '企业',
    children: [
      { code: 'ent-business', name: '营商环境' },
      { code: 'ent-policy', name: '惠企政策' },
      { code: 'ent-fee', name: '涉企收费' },
      { code: 'ent-market', name: '食品安全' },
    ],
  },
  {
    code: 'tourism',
    name: '旅游',
    children: [
      { code: 'tour-scenic', name: '景区管理' },
      { code: 'tour-complaint', name: '旅游投诉' },
      { code: 'tour-culture', name: '文化设施' },
    ],
  },
  {
    code: 'finance',
    name: '金融',
    children: [
      { code: 'fin-illegal', name: '非法集资' },
      { code: 'fin-bank', name: '银行服务' },
      { code: 'fin-fund', name: '住房公积金' },
      { code: 'fin-insurance', name: '保险纠纷' },
    ],
  },
  {
    code: 'other',
    name: '其他',
    children: [
      { code: 'other-utility', name: '水电燃气' },
      { code: 'other-telecom', name: '通信网络' },
      { code: 'other-consumer', name: '消费维权' },
      { code: 'other-misc', name: '其他事项' },
    ],
  },
];
