/**
 * The message ledger (台账) as CSV: GET /export/messages.csv with the list's filters as query parameters
 * (states, types, channels as comma lists; categoryId, unitId, regionUnitId, leaderId; submittedFrom,
 * submittedTo as ISO instants; warningLevel; keyword). Only messages the viewer may see; personal data is
 * always masked in an export (a file leaves the system's access control), the title's too (maskPiiInText), and
 * no cell can run as a spreadsheet formula (neutraliseCell). Times are Asia/Shanghai.
 */
import type { Express, Request, Response } from 'express';
import { DataSource, In } from 'typeorm';
import { Permission } from '../../auth/permissions';
import { exportViewer, headerFor, listParam, oneParam, sendCsv } from '../../common/csvExport';
import { sendHttpError } from '../../common/httpErrors';
import { badInput } from '../../graphql/errors';
import { shanghaiDateTime } from '../../common/shanghai';
import type { ViewerSource } from '../../common/csvExport';
import { Category } from '../category/category.entity';
import { Evaluation } from '../evaluation/evaluation.entity';
import { Leader } from '../leader/leader.entity';
import { Unit } from '../unit/unit.entity';
import type { Message } from './message.entity';
import { Channel, CHANNEL_NAMES, MessageState, MessageType, TYPE_NAMES, WarningLevel } from './message.enums';
import type { MessageFilter } from './message.inputs';
import type { MessageService } from './message.service';
import { maskName, maskPhone, maskPiiInText } from './pii';

export const LEDGER_CSV_HEADER = [
  'serialNo',
  'submittedAt',
  'channel',
  'type',
  'category',
  'region',
  'addressedLeader',
  'title',
  'citizen',
  'phone',
  'state',
  'leadUnit',
  'acceptedAt',
  'assignedAt',
  'replyDueAt',
  'firstResponseAt',
  'repliedAt',
  'closedAt',
  'overdue',
  'reopenCount',
  'satisfaction',
];

/** Chinese column names (`lang=zh`). */
export const LEDGER_CSV_HEADER_ZH: Record<string, string> = {
  serialNo: '编号',
  submittedAt: '留言时间',
  channel: '渠道',
  type: '类型',
  category: '领域',
  region: '地区',
  addressedLeader: '留言对象',
  title: '标题',
  citizen: '留言人',
  phone: '电话',
  state: '状态',
  leadUnit: '主办单位',
  acceptedAt: '受理时间',
  assignedAt: '交办时间',
  replyDueAt: '答复期限',
  firstResponseAt: '首次响应时间',
  repliedAt: '答复时间',
  closedAt: '办结时间',
  overdue: '超期',
  reopenCount: '重办次数',
  satisfaction: '满意度',
};

const local = (d: Date | null) => (d ? shanghaiDateTime(d) : null);

function parseFilter(q: Request['query']): MessageFilter {
  const enumList = <T extends string>(field: string, values: Record<string, T>) => {
    const list = listParam(q[field]);
    for (const v of list ?? []) if (!Object.values(values).includes(v as T)) throw badInput(field, `unknown ${field} value ${v}`);
    return list as T[] | undefined;
  };
  const date = (field: string) => {
    const v = oneParam(q[field]);
    if (v === undefined) return undefined;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw badInput(field, `${field} must be an ISO date`);
    return d;
  };
  const warningLevel = oneParam(q.warningLevel) as WarningLevel | undefined;
  if (warningLevel && !Object.values(WarningLevel).includes(warningLevel)) throw badInput('warningLevel', 'unknown warningLevel');
  const keyword = oneParam(q.keyword);
  if (keyword && keyword.length > 100) throw badInput('keyword', 'keyword longer than 100 characters');
  return {
    states: enumList('states', MessageState),
    types: enumList('types', MessageType),
    channels: enumList('channels', Channel),
    categoryId: oneParam(q.categoryId),
    unitId: oneParam(q.unitId),
    regionUnitId: oneParam(q.regionUnitId),
    leaderId: oneParam(q.leaderId),
    submittedFrom: date('submittedFrom'),
    submittedTo: date('submittedTo'),
    warningLevel,
    keyword,
  };
}

export function registerLedgerExport(app: Express, services: ViewerSource & { ds: DataSource; messages: MessageService }) {
  const { ds } = services;
  app.get('/export/messages.csv', async (req: Request, res: Response) => {
    const viewer = await exportViewer(services, req, res, Permission.MESSAGE_READ);
    if (!viewer) return;
    let batches: AsyncGenerator<Message[]>;
    let first: IteratorResult<Message[]>;
    try {
      batches = services.messages.ledger(viewer, parseFilter(req.query));
      first = await batches.next(); // filter errors surface here, before any byte is sent
    } catch (e) {
      return sendHttpError(res, e);
    }
    async function* rows() {
      for (let r = first; !r.done; r = await batches.next()) {
        const batch = r.value;
        const ids = (k: keyof Message) => [...new Set(batch.map((m) => m[k] as number | null).filter((v): v is number => v !== null))];
        const [units, categories, leaders, evaluations] = await Promise.all([
          ds.getRepository(Unit).find({ select: { id: true, name: true }, where: { id: In([...ids('leadUnitId'), ...ids('regionUnitId')]) } }),
          ds.getRepository(Category).find({ select: { id: true, name: true }, where: { id: In(ids('categoryId')) } }),
          ds.getRepository(Leader).find({ select: { id: true, name: true, title: true }, where: { id: In(ids('addressedLeaderId')) } }),
          ds
            .getRepository(Evaluation)
            .find({ select: { id: true, messageId: true, overall: true }, where: { messageId: In(batch.map((m) => m.id)) }, order: { id: 'ASC' } }),
        ]);
        const unit = new Map(units.map((u) => [u.id, u.name]));
        const category = new Map(categories.map((c) => [c.id, c.name]));
        const leader = new Map(leaders.map((l) => [l.id, `${l.name}（${l.title}）`]));
        const rating = new Map(evaluations.map((e) => [e.messageId, e.overall])); // the latest rating wins
        const now = new Date();
        for (const m of batch) {
          yield [
            m.serialNo,
            local(m.submittedAt),
            CHANNEL_NAMES[m.channel] ?? m.channel,
            TYPE_NAMES[m.type] ?? m.type,
            category.get(m.categoryId ?? -1) ?? null,
            unit.get(m.regionUnitId ?? -1) ?? null,
            leader.get(m.addressedLeaderId ?? -1) ?? null,
            maskPiiInText(m.title),
            m.isAnonymous ? '匿名' : maskName(m.realName),
            maskPhone(m.phone),
            m.state,
            unit.get(m.leadUnitId ?? -1) ?? null,
            local(m.acceptedAt),
            local(m.assignedAt),
            local(m.replyDueAt),
            local(m.firstResponseAt),
            local(m.repliedAt),
            local(m.closedAt),
            m.replyDueAt && (m.repliedAt ? m.repliedAt > m.replyDueAt : now > m.replyDueAt) ? '是' : '否',
            m.reopenCount,
            rating.get(m.id) ?? null,
          ];
        }
      }
    }
    await sendCsv(res, `ledger-${local(new Date())!.slice(0, 10)}.csv`, headerFor(req, LEDGER_CSV_HEADER, LEDGER_CSV_HEADER_ZH), rows());
  });
}
