/**
 * Demo dispatch catalogue (演示派单目录): a few entries of 长沙市 written for the demo, kept by the administrator through
 * the real service before the demo messages are assigned, so that 智能派单 has entries to follow and the catalogue-gap
 * figures (派单目录空白) show both covered messages (长沙's property, school-enrolment, wage, social-insurance and bus
 * matters) and gaps (everything else, and every other city).
 */
import type { StaffViewer } from '../auth/viewer';
import { DispatchCatalogueEntry } from '../modules/catalogue/catalogue.entities';
import type { Category } from '../modules/category/category.entity';
import type { Unit } from '../modules/unit/unit.entity';
import type { Services } from '../services';
import type { DataSource } from 'typeorm';

interface DemoEntry {
  matter: string;
  categoryCode: string;
  keywords: string[];
  lead: string;
  assists?: string[];
  basis: string;
}

export const DEMO_CATALOGUE: DemoEntry[] = [
  {
    matter: '住宅专项维修资金使用、老旧小区加装电梯',
    categoryCode: 'urban-property',
    keywords: ['维修资金', '加装电梯'],
    lead: 'hn-cs-zjj',
    basis: '市住房和城乡建设局“三定”规定：负责住宅专项维修资金监督管理',
  },
  {
    matter: '义务教育入学招生',
    categoryCode: 'edu-enrol',
    keywords: ['入学', '上小学', '学区', '随班就读'],
    lead: 'hn-cs-jyj',
    basis: '市教育局“三定”规定：负责义务教育招生入学管理',
  },
  {
    matter: '拖欠劳动者工资',
    categoryCode: 'emp-wage',
    keywords: ['工资'],
    lead: 'hn-cs-rsj',
    assists: ['hn-cs-zjj'],
    basis: '《保障农民工工资支付条例》；工程建设领域由住建部门协办',
  },
  {
    matter: '社会保险参保与关系转移',
    categoryCode: 'emp-social',
    keywords: ['养老保险', '社保', '失业保险'],
    lead: 'hn-cs-rsj',
    basis: '市人力资源和社会保障局“三定”规定',
  },
  { matter: '公交线路与公交服务', categoryCode: 'traffic-bus', keywords: ['公交'], lead: 'hn-cs-jtj', basis: '市交通运输局“三定”规定：负责城市公共交通管理' },
];

/** Writes the demo entries (once: nothing when the catalogue already holds entries); returns how many. */
export async function seedDemoCatalogue(
  ds: DataSource,
  services: Services,
  admin: StaffViewer,
  byCode: Map<string, Unit>,
  categories: Map<string, Category>,
): Promise<number> {
  if ((await ds.getRepository(DispatchCatalogueEntry).count()) > 0) return 0;
  const city = byCode.get('hn-cs');
  let made = 0;
  for (const e of DEMO_CATALOGUE) {
    const lead = byCode.get(e.lead);
    const category = categories.get(e.categoryCode);
    if (!city || !lead || !category) continue;
    await services.catalogue.create(admin, {
      matter: e.matter,
      keywords: e.keywords,
      categoryId: String(category.id),
      regionUnitId: String(city.id),
      leadUnitId: String(lead.id),
      assistUnitIds: (e.assists ?? [])
        .map((c) => byCode.get(c))
        .filter((u): u is Unit => !!u)
        .map((u) => String(u.id)),
      basis: e.basis,
    });
    made++;
  }
  return made;
}
