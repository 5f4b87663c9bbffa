/**
 * Reference messages (示例留言) for the examples of docs/public-api.md: the first messages of every fresh demo database,
 * at fixed dates in November 2026 with fixed query codes, so that the documented serial numbers and codes exist as
 * written (server/test/public-api-docs.test.ts runs every example against a fresh demo server):
 *  - WZ20261102000001 / HNCS2345: a public complaint about a property company (物业) in 岳麓区 to 长沙市's mayor,
 *    answered by 长沙市住房和城乡建设局 and rated 5, 5, 4: CLOSED;
 *  - WZ20261103000002 / HNCS3456: a public question about social insurance in 长沙市, answered and rated: CLOSED;
 *  - WZ20261104000003 / HNCS4567: a repeat of the first, merged into it: MERGED;
 *  - WZ20261105000004 / HNCS5678: advertising, not accepted: NOT_ACCEPTED (ADVERTISING).
 * Driven through the real services on the workflow clock, like the rest of the demo data.
 */
import type { DataSource } from 'typeorm';
import type { StaffViewer } from '../auth/viewer';
import type { Category } from '../modules/category/category.entity';
import { Message } from '../modules/message/message.entity';
import { ActorKind, Channel, InvalidReason, MessageType, ReplyKind } from '../modules/message/message.enums';
import { hashQueryCode } from '../modules/message/message.service';
import { Assignment } from '../modules/assignment/assignment.entity';
import type { Unit } from '../modules/unit/unit.entity';
import type { Leader } from '../modules/leader/leader.entity';
import type { Services } from '../services';

/** How many reference messages there are (counted in DEMO_MESSAGES). */
export const REFERENCE_MESSAGE_COUNT = 4;

export interface ReferenceContext {
  ds: DataSource;
  services: Services;
  byCode: Map<string, Unit>;
  categories: Map<string, Category>;
  leaders: Leader[];
  dispatcher: StaffViewer;
  staffOf(unit: Unit): Promise<{ handler: StaffViewer; reviewer: StaffViewer }>;
}

/** A moment of November 2026 in Asia/Shanghai. */
const at = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 10, day, hour - 8, minute));
const CITIZEN = { kind: ActorKind.CITIZEN, userId: null, unitId: null } as const;

/** Loads the reference messages into an empty database (they must be its first messages); returns how many. */
export async function seedReferenceMessages(c: ReferenceContext): Promise<number> {
  if (at(9, 12) > new Date()) return 0; // a clock before November 2026: the fixed dates would lie in the future
  const clock = c.services.workflow;
  const unit = (code: string) => {
    const u = c.byCode.get(code);
    if (!u) throw new Error(`reference messages: no unit ${code}`);
    return u;
  };
  const mayor = c.leaders.find((l) => l.unitId === unit('hn-cs').id && l.title === '市长');
  const create = async (when: Date, fields: Record<string, unknown>, code: string, serialNo: string) => {
    clock.now = () => when;
    const { message } = await c.services.messages.create(
      { channel: Channel.WEB, isPublic: true, submittedAt: when, ...fields } as never,
      { kind: ActorKind.API_CLIENT, userId: null, unitId: null },
      '113.240.1.1',
    );
    if (message.serialNo !== serialNo) throw new Error(`reference messages must come first: got ${message.serialNo} for ${serialNo}`);
    await c.ds.getRepository(Message).update(message.id, { queryCodeHash: hashQueryCode(serialNo, code) });
    return message.id;
  };
  /** Accepted, assigned, signed, answered, approved twice and rated. */
  const answer = async (id: number, day: number, leadCode: string, reply: string, scores: [number, number, number], comment: string) => {
    const lead = unit(leadCode);
    const staff = await c.staffOf(lead);
    clock.now = () => at(day, 10, 30);
    await c.services.messages.accept(c.dispatcher, id);
    clock.now = () => at(day, 14);
    await c.services.assignments.assign(c.dispatcher, { messageId: String(id), leadUnitId: String(lead.id), assistUnitIds: [] } as never);
    const a = await c.ds.getRepository(Assignment).findOneByOrFail({ messageId: id, unitId: lead.id });
    clock.now = () => at(day + 1, 9);
    await c.services.assignments.sign(staff.handler, a.id);
    clock.now = () => at(day + 3, 10);
    const r = await c.services.replies.draft(staff.handler, {
      assignmentId: String(a.id),
      kind: ReplyKind.FINAL,
      content: reply,
      contactedCitizen: true,
      contactMethod: '电话',
      resolved: true,
    } as never);
    await c.services.replies.submit(staff.handler, r.id);
    clock.now = () => at(day + 3, 15);
    await c.services.replies.review(staff.reviewer, r.id, true, undefined);
    clock.now = () => at(day + 4, 9);
    await c.services.replies.review(c.dispatcher, r.id, true, undefined);
    clock.now = () => at(day + 5, 20);
    await c.services.closing.citizenEvaluate(id, { resolution: scores[0], attitude: scores[1], speed: scores[2], comment }, CITIZEN);
  };

  const property = await create(
    at(2, 9, 30),
    {
      type: MessageType.COMPLAIN,
      categoryId: String(c.categories.get('urban-property')?.id ?? ''),
      regionUnitId: String(unit('hn-cs-ylq').id),
      addressedLeaderId: mayor ? String(mayor.id) : undefined,
      title: '小区物业擅自上调停车费',
      content: '岳麓区某小区物业自十月起把地面停车费从每月150元调到300元，没有公示，也没有征求业主意见，请有关部门核查。',
      realName: '王建国',
      phone: '13807310001',
    },
    'HNCS2345',
    'WZ20261102000001',
  );
  await answer(
    property,
    2,
    'hn-cs-zjj',
    '您好！经核查，该小区物业上调停车费未按规定公示并征求业主意见，我局已责令其暂停执行新标准，并指导业主委员会依法协商。感谢您的监督。',
    [5, 5, 4],
    '处理及时，物业已经恢复原价。',
  );

  const insurance = await create(
    at(3, 16),
    {
      type: MessageType.CONSULT,
      categoryId: String(c.categories.get('emp-social')?.id ?? ''),
      regionUnitId: String(unit('hn-cs').id),
      title: '灵活就业人员怎样缴纳社会保险',
      content: '我是网约车司机，没有单位，请问在长沙怎样以灵活就业人员身份缴纳养老和医疗保险？在哪里办理？',
      realName: '刘芳',
      phone: '13907310002',
    },
    'HNCS3456',
    'WZ20261103000002',
  );
  await answer(
    insurance,
    3,
    'hn-cs-rsj',
    '您好！灵活就业人员可通过“长沙人社”公众号或各区县社保经办窗口办理参保登记，按月或按季缴纳，缴费基数可在规定范围内自选。具体可咨询12333。',
    [4, 4, 5],
    '解答清楚。',
  );

  const repeat = await create(
    at(4, 11),
    {
      type: MessageType.COMPLAIN,
      categoryId: String(c.categories.get('urban-property')?.id ?? ''),
      regionUnitId: String(unit('hn-cs-ylq').id),
      title: '物业停车费上涨一倍',
      content: '我们小区停车费突然从150元涨到300元，业主都不知情，物业说是上面批准的，请核实。',
      realName: '陈敏',
      phone: '13807310003',
    },
    'HNCS4567',
    'WZ20261104000003',
  );
  clock.now = () => at(4, 15);
  await c.services.messages.merge(c.dispatcher, repeat, { serialNo: 'WZ20261102000001' }, '与 WZ20261102000001 反映的是同一事项');

  const advert = await create(
    at(5, 8),
    {
      type: MessageType.SUGGEST,
      title: '推广信息',
      content: '专业代办各类证件，价格优惠，欢迎咨询，详情请加微信了解。',
      realName: '推广',
      phone: '13807310004',
      isPublic: false,
    },
    'HNCS5678',
    'WZ20261105000004',
  );
  clock.now = () => at(5, 9);
  await c.services.messages.markInvalid(c.dispatcher, advert, InvalidReason.ADVERTISING, '广告信息');
  return REFERENCE_MESSAGE_COUNT;
}
