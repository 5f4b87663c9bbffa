/**
 * Demo knowledge articles (演示知识库): a few answers written for the demo (not taken from any real platform), drafted
 * by the units' handlers through the real service and approved by the dispatcher, so that the console's 知识库 shows
 * articles in force, one waiting for review, and the validity warnings (an article ending soon, one due for review),
 * and the 直办/拟写答复 dialogs have something to suggest.
 */
import type { DataSource } from 'typeorm';
import type { StaffViewer } from '../auth/viewer';
import type { Category } from '../modules/category/category.entity';
import { KnowledgeArticle } from '../modules/knowledge/knowledge.entities';
import { addDays } from '../modules/knowledge/knowledge.service';
import { KnowledgeVisibility } from '../modules/knowledge/knowledge.enums';
import type { Unit } from '../modules/unit/unit.entity';
import { Role, User } from '../modules/user/user.entity';
import type { Services } from '../services';

interface DemoArticle {
  unitCode: string;
  categoryCode: string;
  title: string;
  questions: string[];
  answer: string;
  source?: { title: string; number?: string; date?: string };
  visibility?: KnowledgeVisibility;
  /** Days from today: the last valid day, the review day. */
  validDays?: number;
  reviewDays?: number;
  /** Left in review (待审核) rather than approved. */
  inReview?: boolean;
}

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    unitCode: 'hn-cs-zjj',
    categoryCode: 'urban-property',
    title: '住宅专项维修资金怎样申请使用',
    questions: ['小区电梯坏了能不能用维修资金', '专项维修资金怎么申请', '维修资金使用要多少业主同意'],
    answer:
      '住宅共用部位、共用设施设备（电梯、屋面防水、消防设施等）保修期满后需要维修的，可以申请使用住宅专项维修资金。\n' +
      '一般程序：由业主委员会或物业服务企业提出使用方案，经专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决，' +
      '并经参与表决业主中专有部分面积过半数且人数过半数同意后，向所在区住房和城乡建设部门申请划转资金。\n' +
      '危及房屋安全等紧急情况可按应急程序办理。咨询电话：0731-12345（工作日）。',
    source: { title: '《住宅专项维修资金管理办法》', number: '建设部、财政部令第165号', date: '2007-12-04' },
  },
  {
    unitCode: 'hn-cs-jyj',
    categoryCode: 'edu-enrol',
    title: '义务教育新生入学报名需要哪些材料',
    questions: ['小学一年级报名要带什么材料', '孩子上初中怎么报名', '入学报名需要房产证吗'],
    answer:
      '义务教育阶段新生入学实行网上报名、现场审核。报名一般需要：适龄儿童户口簿、监护人的房屋产权证明或经登记的租赁合同、' +
      '监护人居住证（非本市户籍）。具体报名时间和划片范围以各区教育局当年发布的招生公告为准，可在区教育局官方网站查询。',
  },
  {
    unitCode: 'hn-cs-rsj',
    categoryCode: 'emp-social',
    title: '灵活就业人员如何参加职工养老保险',
    questions: ['自由职业者怎么交社保', '灵活就业养老保险在哪里办理', '个体户可以自己交养老保险吗'],
    answer:
      '在本市从事灵活就业的人员，可以持身份证到户籍或居住地的社会保险经办机构，或通过政务服务网、社保公众号办理灵活就业人员参保登记，' +
      '自主选择缴费档次，按月或按年缴纳基本养老保险费。已在其他单位参保的，不能重复参保。',
    reviewDays: 20,
  },
  {
    unitCode: 'hn-cs-jtj',
    categoryCode: 'traffic-bus',
    title: '老年人免费乘坐公交怎样办卡',
    questions: ['老年人乘公交免费吗', '敬老卡在哪里办', '65岁以上坐公交要钱吗'],
    answer:
      '年满65周岁的本市户籍老年人及持本市居住证的常住老年人，可凭身份证到公交卡服务网点办理敬老卡，乘坐市内公交线路免费。' +
      '年满60周岁不满65周岁的，可办理优惠卡，享受半价乘车。',
    validDays: 12,
  },
  {
    unitCode: 'hn-cs-zjj',
    categoryCode: 'urban-property',
    title: '物业服务收费标准由谁制定',
    questions: ['物业费涨价合法吗', '物业费标准谁定的', '前期物业服务收费怎么定价'],
    answer:
      '普通住宅前期物业服务收费实行政府指导价，由发展改革（价格）部门会同住房和城乡建设部门制定基准价及浮动幅度；' +
      '业主大会成立后，物业服务收费由业主大会与物业服务企业在合同中约定。物业服务企业调整收费，须经业主共同决定。',
    inReview: true,
  },
];

const staff = (u: User, units: Map<number, Unit>): StaffViewer => ({
  kind: 'staff',
  userId: u.id,
  username: u.username,
  role: u.role,
  unitId: u.unitId,
  unitPath: units.get(u.unitId)!.path,
  leaderId: u.leaderId,
  sessionId: 'demo-seed',
  mustChangePassword: false,
});

/** Writes the demo articles (once: nothing when the knowledge base already holds articles). */
export async function seedDemoKnowledge(ds: DataSource, services: Services, byCode: Map<string, Unit>, categories: Map<string, Category>): Promise<number> {
  if ((await ds.getRepository(KnowledgeArticle).count()) > 0) return 0;
  const units = new Map([...byCode.values()].map((u) => [u.id, u]));
  const users = await ds.getRepository(User).find();
  const dispatcher = staff(
    users.find((u) => u.role === Role.DISPATCHER)!,
    units,
  );
  const admin = staff(
    users.find((u) => u.role === Role.PLATFORM_ADMIN)!,
    units,
  );
  const today = services.knowledge.today();
  let made = 0;
  for (const d of DEMO_ARTICLES) {
    const unit = byCode.get(d.unitCode);
    if (!unit) continue;
    const handler = users.find((u) => u.role === Role.UNIT_HANDLER && u.unitId === unit.id);
    const writer = handler ? staff(handler, units) : admin;
    const a = await services.knowledge.create(writer, {
      unitId: String(unit.id),
      title: d.title,
      questions: d.questions,
      answer: d.answer,
      categoryId: categories.get(d.categoryCode) ? String(categories.get(d.categoryCode)!.id) : undefined,
      visibility: d.visibility ?? KnowledgeVisibility.PUBLIC,
      sources: d.source ? [d.source] : [],
      validUntil: d.validDays ? addDays(today, d.validDays) : undefined,
      reviewBy: addDays(today, d.reviewDays ?? 365),
    });
    const submitted = await services.knowledge.submit(writer, a.article.id);
    if (!d.inReview) await services.knowledge.review(dispatcher, a.article.id, true, '内容准确，同意发布', submitted.article.version);
    made++;
  }
  return made;
}
