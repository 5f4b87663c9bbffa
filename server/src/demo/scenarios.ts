/**
 * Demo scenarios (演示工作场景): a fixed set of recent messages, each driven through the real services into a state
 * some role works on, so that a newcomer logging in as any demo user finds real work waiting:
 *  - handler / reviewer (长沙市住房和城乡建设局): new assignments to sign, a hand-down from 长沙市, work in progress,
 *    a reply waiting for unit review, a supervision to answer, a redo, an extension granted and one refused;
 *  - dispatcher: replies waiting for platform review, pending return and extension requests with their reasons,
 *    a returned message waiting to be assigned again;
 *  - supervisor: open, overdue and answered supervisions, overdue work, urged work;
 *  - leader (长沙市 市长): messages addressed to them, one already instructed, others waiting for an instruction.
 * The random history (messages.ts) fills the months before; these come last and are at most a few weeks old.
 */
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { StaffViewer } from '../auth/viewer';
import { Assignment } from '../modules/assignment/assignment.entity';
import type { Category } from '../modules/category/category.entity';
import type { Workflow } from '../modules/ledger/ledger';
import { AssignmentRole, AssignmentState, ActorKind, Channel, MessageType, ReplyKind, SupervisionKind } from '../modules/message/message.enums';
import type { Unit } from '../modules/unit/unit.entity';
import type { Services } from '../services';
import { DEMO_COMMUNITIES, DEMO_MESSAGE_TEMPLATES, DEMO_STREETS, DemoMessageTemplate } from './data/messages';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface DemoContext {
  ds: DataSource;
  services: Services;
  byCode: Map<string, Unit>;
  categories: Map<string, Category>;
  dispatcher: StaffViewer;
  supervisor: StaffViewer;
  /** The demo leader user (长沙市 市长) and the leader record they are. */
  leader: { viewer: StaffViewer; leaderId: number } | null;
  staffOf(unit: Unit): Promise<{ handler: StaffViewer; reviewer: StaffViewer }>;
  clock: Workflow;
  realNow: number;
}

/** The handler's and reviewer's unit, where most scenarios land. */
const ZJJ = 'hn-cs-zjj';

/** One message's story, played on the workflow clock from `ageDays` ago. */
class Play {
  private now: number;
  id = 0;

  constructor(
    private readonly c: DemoContext,
    ageDays: number,
    private readonly n: number,
  ) {
    this.now = c.realNow - ageDays * DAY;
    c.clock.now = () => new Date(this.now);
  }

  step(hours: number) {
    this.now = Math.min(this.now + hours * HOUR, this.c.realNow - 60_000);
  }

  unit(code: string): Unit {
    const u = this.c.byCode.get(code);
    if (!u) throw new Error(`demo scenario: no unit ${code}`);
    return u;
  }

  async create(t: DemoMessageTemplate, opts: { region?: string; toLeader?: boolean; channel?: Channel; citizen: [string, string] }) {
    const region = this.unit(opts.region ?? 'hn-cs');
    const created = await this.c.services.messages.create(
      {
        channel: opts.channel ?? Channel.WEB,
        type: t.type as MessageType,
        categoryId: String(this.c.categories.get(t.categoryCode)?.id ?? ''),
        regionUnitId: String(region.id),
        addressedLeaderId: opts.toLeader && this.c.leader ? String(this.c.leader.leaderId) : undefined,
        title: t.title,
        content: t.content
          .replace(/\{region\}/g, region.name)
          .replace(/\{street\}/g, DEMO_STREETS[this.n % DEMO_STREETS.length])
          .replace(/\{community\}/g, DEMO_COMMUNITIES[(this.n * 7) % DEMO_COMMUNITIES.length]),
        realName: opts.citizen[0],
        phone: opts.citizen[1],
        address: `${region.name}${DEMO_STREETS[this.n % DEMO_STREETS.length]}${100 + this.n}号`,
        isPublic: true,
        submittedAt: new Date(this.now),
      } as never,
      { kind: ActorKind.API_CLIENT, userId: null, unitId: null },
      '113.240.10.8',
    );
    this.id = created.message.id;
    this.step(2);
    return this;
  }

  async assign(lead: string, assists: string[] = [], note?: string): Promise<Assignment> {
    await this.c.services.assignments.assign(this.c.dispatcher, {
      messageId: String(this.id),
      leadUnitId: String(this.unit(lead).id),
      assistUnitIds: assists.map((a) => String(this.unit(a).id)),
      note,
    } as never);
    this.step(1);
    return this.assignmentOf(lead);
  }

  async assignmentOf(code: string): Promise<Assignment> {
    const [a] = await this.c.ds.getRepository(Assignment).find({ where: { messageId: this.id, unitId: this.unit(code).id }, order: { id: 'DESC' }, take: 1 });
    if (!a) throw new Error(`demo scenario: no assignment of ${code} on message ${this.id}`);
    return a;
  }

  async staff(code: string) {
    return this.c.staffOf(this.unit(code));
  }

  async sign(code: string): Promise<Assignment> {
    const a = await this.assignmentOf(code);
    await this.c.services.assignments.sign((await this.staff(code)).handler, a.id);
    this.step(3);
    return a;
  }

  /** A reply drafted and submitted by the unit's handler; returns its id. */
  async draft(code: string, kind: ReplyKind, content: string): Promise<number> {
    const a = await this.assignmentOf(code);
    const { handler } = await this.staff(code);
    const r = await this.c.services.replies.draft(handler, {
      assignmentId: String(a.id),
      kind,
      content,
      contactedCitizen: true,
      contactMethod: '电话',
      resolved: kind === ReplyKind.FINAL,
    } as never);
    await this.c.services.replies.submit(handler, r.id);
    this.step(4);
    return r.id;
  }

  async unitApprove(code: string, replyId: number) {
    await this.c.services.replies.review((await this.staff(code)).reviewer, replyId, true, undefined);
    this.step(2);
  }

  async platformApprove(replyId: number) {
    await this.c.services.replies.review(this.c.dispatcher, replyId, true, undefined);
    this.step(2);
  }

  /** A final reply through both review levels: the message is answered. */
  async publish(code: string, content: string) {
    const id = await this.draft(code, ReplyKind.FINAL, content);
    await this.unitApprove(code, id);
    await this.platformApprove(id);
  }

  async requestReturn(code: string, reason: string) {
    const a = await this.assignmentOf(code);
    await this.c.services.assignments.requestReturn((await this.staff(code)).handler, a.id, reason);
    this.step(3);
  }

  async decideReturn(code: string, approve: boolean, comment?: string) {
    const a = await this.assignmentOf(code);
    await this.c.services.assignments.decideReturn(this.c.dispatcher, a.id, approve, comment);
    this.step(2);
  }

  async requestExtension(code: string, days: number, reason: string) {
    const a = await this.assignmentOf(code);
    await this.c.services.assignments.requestExtension((await this.staff(code)).handler, a.id, days, reason);
    this.step(3);
  }

  async decideExtension(code: string, approve: boolean, comment?: string) {
    const a = await this.assignmentOf(code);
    await this.c.services.assignments.decideExtension(this.c.dispatcher, a.id, approve, comment, undefined);
    this.step(2);
  }

  async urge(content: string) {
    await this.c.services.supervision.add(this.c.supervisor, SupervisionKind.URGE, { messageId: String(this.id), content });
    this.step(2);
  }

  /** A formal supervision due in `dueDays` calendar days (from the scenario's time); returns its id. */
  async supervise(content: string, dueDays: number): Promise<number> {
    const s = await this.c.services.supervision.add(this.c.supervisor, SupervisionKind.SUPERVISE, {
      messageId: String(this.id),
      content,
      dueAt: new Date(this.now + dueDays * DAY),
    });
    this.step(2);
    return s.id;
  }

  async respond(code: string, supervisionId: number, response: string) {
    await this.c.services.supervision.respond((await this.staff(code)).handler, supervisionId, response);
    this.step(2);
  }

  async instruct(content: string) {
    if (!this.c.leader) return;
    await this.c.services.supervision.add(this.c.leader.viewer, SupervisionKind.INSTRUCTION, { messageId: String(this.id), content });
    this.step(2);
  }

  async reassign(lead: string, reason: string) {
    await this.c.services.assignments.reassign(this.c.dispatcher, { messageId: String(this.id), leadUnitId: String(this.unit(lead).id), reason } as never);
    this.step(1);
  }

  async delegate(from: string, to: string, note: string) {
    const a = await this.assignmentOf(from);
    await this.c.services.assignments.delegate((await this.staff(from)).handler, a.id, String(this.unit(to).id), note);
    this.step(1);
  }

  async citizenRates(scores: [number, number, number], comment: string) {
    await this.c.services.closing.citizenEvaluate(
      this.id,
      { resolution: scores[0], attitude: scores[1], speed: scores[2], comment },
      { kind: ActorKind.CITIZEN, userId: null, unitId: null },
    );
    this.step(3);
  }

  async reopen(reason: string) {
    await this.c.services.closing.reopen(this.c.dispatcher, this.id, reason);
    this.step(2);
  }

  /** The citizen asks for a redo (after a rating below 3). */
  async citizenRedo(reason: string) {
    await this.c.services.closing.citizenReopen(this.id, reason, { kind: ActorKind.CITIZEN, userId: null, unitId: null });
    this.step(2);
  }

  /** Waiting for the citizen (挂起) for `hours`, then resumed: the deadlines move by the paused working days. */
  async pause(code: string, hours: number, reason: string) {
    const { handler } = await this.staff(code);
    await this.c.services.assignments.hold(handler, this.id, reason);
    this.step(hours);
    await this.c.services.assignments.resume(handler, this.id, '群众已补充材料，恢复办理');
    this.step(1);
  }

  /** Lets time pass (hours). */
  wait(hours: number) {
    this.step(hours);
  }
}

const template = (title: string): DemoMessageTemplate => {
  const t = DEMO_MESSAGE_TEMPLATES.find((x) => x.title === title);
  if (!t) throw new Error(`demo scenario: no template titled ${title}`);
  return t;
};

const T = {
  fee: template('小区物业费上涨服务却缩水'),
  leak: template('顶楼漏水物业推诿，维修资金怎么动用'),
  lift: template('建议简化老旧小区加装电梯审批'),
  crack: template('新房交付半年墙体开裂，开发商拒不维修'),
  deed: template('交房近三年还办不了不动产权证'),
  relocation: template('棚改过渡费停发，安置房工地停工'),
  lamp: template('路灯坏了两个月没人修'),
  drain: template('小区门口下水道堵塞污水横流'),
  potholes: template('道路坑洼不平，多次发生电动车摔倒'),
  bus: template('建议早高峰加密公交班次'),
  school: template('小学门口上下学时段交通混乱'),
  site: template('工地夜间施工到凌晨，中考生无法休息'),
  bbq: template('楼下烧烤店油烟直排熏得没法开窗'),
};

/** Each scenario: how old its message is, and its story. */
const SCENARIOS: Array<{ ageDays: number; play: (p: Play) => Promise<void> }> = [
  // ── the handler's inbox: new work to sign for ──
  {
    ageDays: 0.2,
    play: async (p) => {
      await p.create(T.leak, { citizen: ['周海燕', '13807310021'] });
      await p.assign(ZJJ, [], '请尽快核实屋面渗漏情况并答复群众');
    },
  },
  {
    ageDays: 1.2,
    play: async (p) => {
      await p.create(T.crack, { citizen: ['黄志强', '13907310022'], channel: Channel.HOTLINE_12345 });
      await p.assign(ZJJ);
    },
  },
  // a hand-down: 长沙市 signs and passes it to its housing bureau
  {
    ageDays: 2,
    play: async (p) => {
      await p.create(T.deed, { citizen: ['陈丽华', '13607310023'] });
      await p.assign('hn-cs');
      await p.sign('hn-cs');
      await p.delegate('hn-cs', ZJJ, '请住建局牵头核查办证进度并答复');
    },
  },
  // ── in progress, a reply waiting for the unit's review ──
  {
    ageDays: 4,
    play: async (p) => {
      await p.create(T.fee, { citizen: ['刘建国', '13707310024'] });
      await p.assign(ZJJ);
      await p.sign(ZJJ);
      await p.draft(
        ZJJ,
        ReplyKind.FINAL,
        '您好！经我局会同街道核查，该物业公司调价前未依法征求业主意见，已责令其暂停执行新标准并退还多收费用，同时恢复夜间值守。感谢您的监督！',
      );
    },
  },
  // ── replies waiting for platform review ──
  {
    ageDays: 5,
    play: async (p) => {
      await p.create(T.lift, { citizen: ['王秀英', '13807310025'] });
      await p.assign(ZJJ);
      await p.sign(ZJJ);
      const r = await p.draft(
        ZJJ,
        ReplyKind.FINAL,
        '您好！我市已推行加装电梯“一窗受理、并联审批”，街道统一受理后20个工作日内完成审批，每台最高补贴15万元。社区将组织低层住户协商。感谢您的建议！',
      );
      await p.unitApprove(ZJJ, r);
    },
  },
  {
    ageDays: 6,
    play: async (p) => {
      await p.create(T.potholes, { citizen: ['赵明', '13907310026'], region: 'hn-cs' });
      await p.assign('hn-cs-jtj');
      await p.sign('hn-cs-jtj');
      const r = await p.draft(
        'hn-cs-jtj',
        ReplyKind.FINAL,
        '您好！我局已安排养护单位对该路段坑槽进行修补，已于本周完成沥青铺设，并将纳入日常巡查。感谢您的反映！',
      );
      await p.unitApprove('hn-cs-jtj', r);
    },
  },
  // ── pending requests for the dispatcher: returns and extensions ──
  {
    ageDays: 3,
    play: async (p) => {
      await p.create(T.lamp, { citizen: ['李卫东', '13607310027'] });
      await p.assign(ZJJ);
      await p.sign(ZJJ);
      await p.requestReturn(ZJJ, '道路照明设施由城市管理部门负责维护，不属于我局职责，请改派长沙市城市管理和综合执法局办理。');
    },
  },
  {
    ageDays: 2.5,
    play: async (p) => {
      await p.create(T.bus, { citizen: ['孙晓梅', '13707310028'] });
      await p.assign('hn-cs-jtj');
      await p.requestReturn('hn-cs-jtj', '公交线路和班次由长沙市公共交通集团负责调度，请平台改派或转市公交集团答复。');
    },
  },
  {
    ageDays: 8,
    play: async (p) => {
      await p.create(T.relocation, { citizen: ['吴国平', '13807310029'] });
      await p.assign(ZJJ);
      await p.sign(ZJJ);
      await p.requestExtension(ZJJ, 5, '涉及征收、财政多部门协调，过渡费拨付方案需区政府常务会审议，申请延长5个工作日。');
    },
  },
  {
    ageDays: 9,
    play: async (p) => {
      await p.create(T.school, { citizen: ['郑文静', '13907310030'] });
      await p.assign('hn-cs-jtj');
      await p.sign('hn-cs-jtj');
      await p.requestExtension('hn-cs-jtj', 10, '需会同公安交警、教育部门现场勘查并制定交通组织方案，申请延期10个工作日。');
    },
  },
  // ── supervisions: open, overdue, answered ──
  {
    ageDays: 6,
    play: async (p) => {
      await p.create(T.drain, { citizen: ['冯小军', '13607310031'] });
      await p.assign(ZJJ);
      await p.sign(ZJJ);
      await p.supervise('群众多次反映下水道堵塞问题，请于期限内反馈处理进展。', 8);
    },
  },
  {
    ageDays: 10,
    play: async (p) => {
      await p.create(T.site, { citizen: ['何静', '13707310032'] });
      await p.assign(ZJJ);
      await p.sign(ZJJ);
      await p.supervise('中考在即，请立即核查夜间施工问题并书面反馈处理结果。', 3);
    },
  },
  {
    ageDays: 12,
    play: async (p) => {
      await p.create(T.bbq, { citizen: ['许晨', '13807310033'] });
      await p.assign(ZJJ);
      await p.sign(ZJJ);
      const s = await p.supervise('请核查烧烤店油烟直排问题，限期反馈。', 4);
      await p.respond(ZJJ, s, '已会同城管执法部门现场检查，责令该店安装油烟净化设施并停业整改，预计本周完成。');
    },
  },
  // ── a return approved: waiting to be assigned again; and one returned then assigned elsewhere ──
  {
    ageDays: 4,
    play: async (p) => {
      await p.create(T.drain, { citizen: ['曹阳', '13907310034'], region: 'hn-cs-ylq' });
      await p.assign(ZJJ);
      await p.requestReturn(ZJJ, '该小区位于岳麓区，排水管网由区城管局维护，请改派岳麓区办理。');
      await p.decideReturn(ZJJ, true, '同意退回，另行交办。');
    },
  },
  {
    ageDays: 7,
    play: async (p) => {
      await p.create(T.lamp, { citizen: ['邓丽', '13607310035'], region: 'hn-cs-ylq' });
      await p.assign(ZJJ);
      await p.requestReturn(ZJJ, '路灯维护不属于住建部门职责。');
      await p.decideReturn(ZJJ, true, '同意');
      await p.assign('hn-cs-cgj');
      await p.sign('hn-cs-cgj');
    },
  },
  // ── a reassignment (改派) to the housing bureau ──
  {
    ageDays: 3,
    play: async (p) => {
      await p.create(T.crack, { citizen: ['彭涛', '13707310036'] });
      await p.assign('hn-cs-cgj');
      await p.reassign(ZJJ, '房屋质量问题属住建部门职责，改派市住建局办理。');
    },
  },
  // ── extensions decided: one granted, one refused ──
  {
    ageDays: 14,
    play: async (p) => {
      await p.create(T.deed, { citizen: ['蒋红', '13807310037'] });
      await p.assign(ZJJ);
      await p.sign(ZJJ);
      await p.requestExtension(ZJJ, 5, '需等待自然资源部门出具土地出让金缴纳意见。');
      await p.decideExtension(ZJJ, true, '同意延期5个工作日，请按期答复。');
    },
  },
  {
    ageDays: 11,
    play: async (p) => {
      await p.create(T.fee, { citizen: ['沈磊', '13907310038'] });
      await p.assign(ZJJ);
      await p.sign(ZJJ);
      await p.requestExtension(ZJJ, 10, '物业公司负责人出差，暂无法约谈。');
      await p.decideExtension(ZJJ, false, '理由不充分，请按原期限办理。');
    },
  },
  // ── overdue, and urged ──
  {
    ageDays: 26,
    play: async (p) => {
      await p.create(T.leak, { citizen: ['韩梅', '13607310039'] });
      await p.assign(ZJJ);
      await p.sign(ZJJ);
      await p.urge('该件已临近办理期限，请抓紧办理并及时答复群众。');
    },
  },
  // ── a redo: answered, the citizen unhappy, reopened ──
  {
    ageDays: 20,
    play: async (p) => {
      await p.create(T.site, { citizen: ['杨帆', '13707310040'] });
      await p.assign(ZJJ);
      await p.sign(ZJJ);
      await p.publish(ZJJ, '您好！我局已责令施工单位规范作业时间，夜间22时后停止高噪声作业。感谢您的反映！');
      await p.citizenRates([1, 2, 2], '答复后工地依旧夜间施工，问题没有解决。');
      await p.reopen('群众反映问题未解决，夜间施工仍在继续，请重新核查办理。');
    },
  },
  // ── finished histories the statistics count fairly (docs/statistics.md) ──
  // a hand-down answered by the unit below: the work counts for 长沙市, which stayed responsible
  {
    ageDays: 16,
    play: async (p) => {
      await p.create(T.deed, { citizen: ['宋佳', '13607310044'] });
      await p.assign('hn-cs');
      await p.sign('hn-cs');
      await p.delegate('hn-cs', ZJJ, '请住建局核查并直接答复群众');
      await p.sign(ZJJ);
      await p
        .draft(ZJJ, ReplyKind.PROGRESS, '您好！您反映的办证问题已收悉，我局正会同开发企业核查，将尽快答复。')
        .then((r) => p.unitApprove(ZJJ, r).then(() => p.platformApprove(r)));
      await p.wait(48);
      await p.publish(ZJJ, '您好！经核查，该项目已完成竣工验收备案，开发企业已提交首次登记申请，预计本月内可办理不动产权证。感谢您的监督！');
      await p.citizenRates([5, 5, 4], '答复及时，问题正在解决。');
    },
  },
  // a late reply, a redo asked by the citizen, answered again and rated again: the first reply stays late, the
  // latest rating counts
  {
    ageDays: 30,
    play: async (p) => {
      await p.create(T.bbq, { citizen: ['林晓', '13707310045'], region: 'hn-cs-ylq' });
      await p.assign('hn-cs-cgj');
      await p.sign('hn-cs-cgj');
      await p.wait(24 * 12);
      await p.publish('hn-cs-cgj', '您好！我局已对该烧烤店进行检查，责令其限期安装油烟净化设施。感谢您的反映！');
      await p.citizenRates([1, 2, 2], '油烟照旧直排，没有解决。');
      await p.citizenRedo('店家只是应付检查，晚上照样直排油烟。');
      await p.wait(30);
      await p.publish('hn-cs-cgj', '您好！我局已于夜间复查，依法对该店立案处罚并拆除直排管道，净化设施已安装运行，将持续跟踪。');
      await p.citizenRates([4, 4, 5], '这次真正解决了，谢谢。');
    },
  },
  // waiting for the citizen (挂起): the clock stops, the deadline moves
  {
    ageDays: 18,
    play: async (p) => {
      await p.create(T.school, { citizen: ['高峰', '13807310046'] });
      await p.assign('hn-cs-jtj');
      await p.sign('hn-cs-jtj');
      await p.pause('hn-cs-jtj', 72, '请群众补充具体路段和时段');
      await p.wait(24 * 4);
      await p.publish('hn-cs-jtj', '您好！我局已会同交警在上下学时段增派警力疏导，并施划临时停车区，交通秩序明显好转。');
    },
  },
  // ── addressed to the leader: one instructed, two waiting for an instruction ──
  {
    ageDays: 5,
    play: async (p) => {
      await p.create(T.relocation, { citizen: ['罗建华', '13807310041'], toLeader: true });
      await p.assign(ZJJ);
      await p.instruct('请市住建局高度重视，会同相关区政府尽快解决过渡费拨付问题，确保群众安置到位。');
      await p.sign(ZJJ);
    },
  },
  {
    ageDays: 1.5,
    play: async (p) => {
      await p.create(T.lift, { citizen: ['钟美玲', '13907310042'], toLeader: true });
      await p.assign(ZJJ);
    },
  },
  {
    ageDays: 3,
    play: async (p) => {
      await p.create(T.potholes, { citizen: ['唐勇', '13607310043'], toLeader: true });
      await p.assign('hn-cs-jtj');
      await p.sign('hn-cs-jtj');
    },
  },
];

/** How many messages the scenarios make (counted in DEMO_MESSAGES). */
export const DEMO_SCENARIO_COUNT = SCENARIOS.length;

export async function seedDemoScenarios(c: DemoContext): Promise<number> {
  for (const [i, s] of SCENARIOS.entries()) await s.play(new Play(c, s.ageDays, i));
  // Sanity: the states the scenarios promise are there (a failing story should stop the seed loudly).
  const pending = await c.ds
    .getRepository(Assignment)
    .countBy({ unitId: c.byCode.get(ZJJ)!.id, state: In([AssignmentState.PENDING]), role: AssignmentRole.LEAD });
  if (!pending) throw new Error('demo scenarios: the housing bureau has no new assignment');
  return SCENARIOS.length;
}
