/**
 * The public API's reading and citizen operations. Public messages are those the citizen agreed to
 * publish and that passed screening; private data never leaves (names masked, contacts in the text masked).
 */
import type Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimiter } from '../../common/rateLimiter';
import { DataSource, In } from 'typeorm';
import { pageOf, whereContains, whereInSubtree } from '../../common/listing';
import { parseId } from '../../common/text';
import { ConnectionShape, Page } from '../../graphql/connection';
import { badInput, notFound, rateLimited } from '../../graphql/errors';
import { Category } from '../category/category.entity';
import { ClosingService, CITIZEN_REOPEN_BELOW } from '../evaluation/closing.service';
import { Evaluation } from '../evaluation/evaluation.entity';
import { Leader } from '../leader/leader.entity';
import { MessageEvent } from '../ledger/message-event.entity';
import { Message } from '../message/message.entity';
import { ActorKind, Channel, MessageState, ReplyKind, ReplyState } from '../message/message.enums';
import { MessageService } from '../message/message.service';
import { maskName } from '../message/pii';
import { Reply } from '../reply/reply.entity';
import { Unit } from '../unit/unit.entity';
import type { ClientPrincipal } from '../apiclient/apiclient.service';
import { CitizenMessageView, PublicBoard, PublicMessage, PublicMessageFilter, PublicStatus, SubmitMessageInput } from './public.types';

const PUBLIC_STATES = [MessageState.ACCEPTED, MessageState.ASSIGNED, MessageState.IN_PROGRESS, MessageState.REPLIED, MessageState.CLOSED];
const STATUS_STATES: Record<PublicStatus, MessageState[]> = {
  ACCEPTED: [MessageState.ACCEPTED],
  HANDLING: [MessageState.ASSIGNED, MessageState.IN_PROGRESS],
  REPLIED: [MessageState.REPLIED],
  CLOSED: [MessageState.CLOSED],
};

/** Masks phone and ID numbers that citizens write into their text. */
export function maskContactsInText(text: string): string {
  return text
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2')
    .replace(/(?<![0-9Xx])(\d{4})\d{10}(\d{3}[0-9Xx])(?![0-9Xx])/g, '$1**********$2');
}

export class PublicService {
  /** Wrong query codes per serial number: guessing is stopped long before it could succeed. */
  private readonly lookupFailures: RateLimiterAbstract;

  constructor(
    private readonly ds: DataSource,
    private readonly messages: MessageService,
    private readonly closing: ClosingService,
    redis: Redis | null,
    keyPrefix = 'wz:',
  ) {
    this.lookupFailures = rateLimiter(redis, { keyPrefix: `${keyPrefix}qc`, points: 10, duration: 3600 });
  }

  async list(filter: PublicMessageFilter, page: Page): Promise<ConnectionShape<PublicMessage>> {
    const qb = this.ds.getRepository(Message).createQueryBuilder('m')
      .where('m.isPublic = :pub', { pub: true })
      .andWhere('m.state IN (:...states)', { states: filter.status ? STATUS_STATES[filter.status] : PUBLIC_STATES });
    if (filter.type) qb.andWhere('m.type = :type', { type: filter.type });
    if (filter.leaderId) qb.andWhere('m.addressedLeaderId = :leader', { leader: parseId('filter.leaderId', filter.leaderId) });
    if (filter.categoryId) {
      const c = await this.ds.getRepository(Category).findOneBy({ id: parseId('filter.categoryId', filter.categoryId) });
      if (!c) throw badInput('filter.categoryId', `领域不存在 (no such category): ${filter.categoryId}`);
      qb.innerJoin(Category, 'c', 'c.id = m.categoryId');
      whereInSubtree(qb, 'c.path', c.path, 'cpath');
    }
    for (const [key, column, alias] of [['regionUnitId', 'm.regionUnitId', 'r'], ['unitId', 'm.leadUnitId', 'u']] as const) {
      const raw = filter[key];
      if (!raw) continue;
      const unit = await this.ds.getRepository(Unit).findOneBy({ id: parseId(`filter.${key}`, raw) });
      if (!unit) throw badInput(`filter.${key}`, `单位不存在 (no such unit): ${raw}`);
      qb.innerJoin(Unit, alias, `${alias}.id = ${column}`);
      whereInSubtree(qb, `${alias}.path`, unit.path, `${alias}path`);
    }
    whereContains(qb, ['m.title', 'm.content'], filter.keyword, 'kw');
    qb.orderBy('m.submittedAt', 'DESC').addOrderBy('m.id', 'DESC');
    const conn = await pageOf(qb, page);
    const views = await this.toPublic(conn.nodes);
    return { ...conn, nodes: views, edges: conn.edges.map((e, i) => ({ cursor: e.cursor, node: views[i] })) };
  }

  async bySerial(serialNo: string): Promise<PublicMessage> {
    const m = await this.ds.getRepository(Message).findOneBy({ serialNo: serialNo.trim().toUpperCase() });
    if (!m || !m.isPublic || !PUBLIC_STATES.includes(m.state)) throw notFound('Message', serialNo);
    return (await this.toPublic([m]))[0];
  }

  /** Counts of a unit's subtree, or of a leader's addressed messages (public boards). */
  async board(kind: 'unit' | 'leader', idRaw: string): Promise<PublicBoard> {
    const id = parseId('id', idRaw);
    const qb = this.ds.getRepository(Message).createQueryBuilder('m').select('COUNT(*)', 'received')
      .addSelect(`SUM(CASE WHEN m.state IN ('REPLIED','CLOSED') THEN 1 ELSE 0 END)`, 'replied')
      .where('m.state IN (:...states)', { states: PUBLIC_STATES });
    if (kind === 'leader') {
      if (!(await this.ds.getRepository(Leader).findOneBy({ id, isActive: true }))) throw notFound('Leader', id);
      qb.andWhere('m.addressedLeaderId = :id', { id });
    } else {
      const unit = await this.ds.getRepository(Unit).findOneBy({ id });
      if (!unit) throw notFound('Unit', id);
      qb.innerJoin(Unit, 'u', 'u.id = m.leadUnitId');
      whereInSubtree(qb, 'u.path', unit.path, 'bpath');
    }
    const row = await qb.getRawOne<{ received: string | number; replied: string | number | null }>();
    const received = Number(row?.received ?? 0);
    const replied = Number(row?.replied ?? 0);
    return { received, replied, responseRate: received ? replied / received : null };
  }

  // ── citizens ──

  async submit(input: SubmitMessageInput, client: ClientPrincipal, ip: string) {
    const created = await this.messages.create({ ...input, channel: input.channel ?? Channel.API, externalId: `${client.clientId}:${input.externalId}` } as never,
      { kind: ActorKind.API_CLIENT, userId: null, unitId: null }, ip);
    return { serialNo: created.message.serialNo, queryCode: created.queryCode!, deduplicated: created.deduplicated, submittedAt: created.message.submittedAt };
  }

  /** The citizen's own message; a wrong code and an unknown serial number look the same (NOT_FOUND). */
  async authenticateCitizen(serialNo: string, queryCode: string): Promise<Message> {
    const serial = serialNo.trim().toUpperCase();
    const state = await this.lookupFailures.get(serial);
    if (state && state.consumedPoints >= 10) throw rateLimited(Math.ceil(state.msBeforeNext / 1000), '查询码错误次数过多，请稍后再试 (too many wrong query codes)');
    const m = await this.ds.getRepository(Message).findOneBy({ serialNo: serial });
    if (!m || !this.messages.verifyQueryCode(m, queryCode)) {
      await this.lookupFailures.penalty(serial, 1).catch((e: unknown) => { if (!(e instanceof RateLimiterRes)) throw e; });
      throw notFound('Message', serial);
    }
    return m;
  }

  async citizenView(m: Message): Promise<CitizenMessageView> {
    const [message] = await this.toPublic([m], true);
    const events = await this.ds.getRepository(MessageEvent).find({ where: { messageId: m.id }, order: { id: 'ASC' } });
    const unitIds = [...new Set(events.map((e) => Number((e.payload as { leadUnitId?: number } | null)?.leadUnitId)).filter(Boolean))];
    const units = new Map((unitIds.length ? await this.ds.getRepository(Unit).findBy({ id: In(unitIds) }) : []).map((u) => [u.id, u.name]));
    const progress = events.flatMap((e) => {
      const step = citizenStep(e, units);
      return step ? [{ at: e.createdAt, step }] : [];
    });
    const last = await this.ds.getRepository(Evaluation).findOne({ where: { messageId: m.id }, order: { id: 'DESC' } });
    return {
      message,
      progress,
      canRate: m.state === MessageState.REPLIED,
      canRequestRedo: [MessageState.REPLIED, MessageState.CLOSED].includes(m.state) && !m.citizenReopenUsed && !m.archivedAt && !!last && last.overall < CITIZEN_REOPEN_BELOW,
    };
  }

  async rate(m: Message, scores: { resolution: number; attitude: number; speed: number; comment?: string }) {
    await this.closing.citizenEvaluate(m.id, scores, { kind: ActorKind.CITIZEN, userId: null, unitId: null });
    return this.citizenView(await this.ds.getRepository(Message).findOneByOrFail({ id: m.id }));
  }

  async redo(m: Message, reason: string) {
    await this.closing.citizenReopen(m.id, reason, { kind: ActorKind.CITIZEN, userId: null, unitId: null });
    return this.citizenView(await this.ds.getRepository(Message).findOneByOrFail({ id: m.id }));
  }

  /** Builds the public views of a batch of messages in a fixed number of queries. */
  private async toPublic(rows: Message[], forAuthor = false): Promise<PublicMessage[]> {
    if (!rows.length) return [];
    const ids = rows.map((m) => m.id);
    const unitIds = [...new Set(rows.flatMap((m) => [m.regionUnitId, m.leadUnitId]).filter((x): x is number => !!x))];
    const [replies, evaluations, categories, leaders] = await Promise.all([
      this.ds.getRepository(Reply).find({ where: [{ messageId: In(ids), state: ReplyState.PUBLISHED }, { messageId: In(ids), kind: ReplyKind.PROGRESS, state: ReplyState.APPROVED }], order: { id: 'ASC' } }),
      this.ds.getRepository(Evaluation).find({ where: { messageId: In(ids) }, order: { id: 'ASC' } }),
      this.ds.getRepository(Category).findBy({ id: In(rows.map((m) => m.categoryId).filter((x): x is number => !!x)) }),
      this.ds.getRepository(Leader).findBy({ id: In(rows.map((m) => m.addressedLeaderId).filter((x): x is number => !!x)) }),
    ]);
    const allUnitIds = [...new Set([...unitIds, ...replies.map((r) => r.unitId).filter((x): x is number => !!x), ...leaders.map((l) => l.unitId)])];
    const units = new Map((allUnitIds.length ? await this.ds.getRepository(Unit).findBy({ id: In(allUnitIds) }) : []).map((u) => [u.id, u]));
    const cats = new Map(categories.map((c) => [c.id, c]));
    const leaderMap = new Map(leaders.map((l) => [l.id, l]));
    const pu = (id: number | null) => (id && units.get(id) ? { id, name: units.get(id)!.name } : null);
    return rows.map((m) => {
      const evs = evaluations.filter((e) => e.messageId === m.id);
      const ev = evs[evs.length - 1];
      const c = m.categoryId ? cats.get(m.categoryId) : undefined;
      const l = m.addressedLeaderId ? leaderMap.get(m.addressedLeaderId) : undefined;
      return {
        serialNo: m.serialNo,
        type: m.type,
        title: m.title,
        content: maskContactsInText(m.content),
        authorName: m.isAnonymous && !forAuthor ? '匿名网友' : maskName(m.realName) ?? '网友',
        category: c ? { id: c.id, name: c.name, parentId: c.parentId } : null,
        region: pu(m.regionUnitId),
        addressedLeader: l ? { id: l.id, name: l.name, title: l.title, unitName: units.get(l.unitId)?.name ?? '' } : null,
        handlingUnit: pu(m.leadUnitId),
        status: publicStatus(m.state),
        submittedAt: m.submittedAt,
        repliedAt: m.repliedAt,
        replies: replies.filter((r) => r.messageId === m.id).map((r) => ({ kind: r.kind, content: maskContactsInText(r.content), unitName: r.unitId ? units.get(r.unitId)?.name ?? null : null, publishedAt: r.publishedAt! })),
        evaluation: ev ? { overall: ev.overall, band: ev.band, ratedAt: ev.createdAt } : null,
      };
    });
  }
}

function publicStatus(s: MessageState): PublicStatus {
  if (s === MessageState.REPLIED) return PublicStatus.REPLIED;
  if (s === MessageState.CLOSED) return PublicStatus.CLOSED;
  if (s === MessageState.ASSIGNED || s === MessageState.IN_PROGRESS) return PublicStatus.HANDLING;
  return PublicStatus.ACCEPTED;
}

/** Ledger entries as the citizen reads them; internal steps (reviews, PII views…) are not shown. */
function citizenStep(e: MessageEvent, units: Map<number, string>): string | null {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  switch (e.action) {
    case 'CREATED': return '留言已提交';
    case 'ACCEPTED': return '已受理';
    case 'MARKED_INVALID': return '不予受理';
    case 'MERGED': return `与留言 ${String(p.intoSerialNo ?? '')} 合并办理`;
    case 'ASSIGNED': return `已交办至${String(p.leadUnitName ?? units.get(Number(p.leadUnitId)) ?? '承办单位')}`;
    case 'REASSIGNED': return '已改派承办单位';
    case 'SIGNED': return p.role === 'LEAD' ? '承办单位已签收，正在办理' : null;
    case 'PROGRESS_REPLIED': return '已作阶段性答复';
    case 'EXTENSION_APPROVED': return '办理时限已延长';
    case 'ON_HOLD': return '等待您补充材料';
    case 'RESUMED': return '恢复办理';
    case 'REPLY_PUBLISHED': return '已答复';
    case 'EVALUATED': return '您已评价';
    case 'REOPENED': return '已重新办理';
    case 'CLOSED': return '已办结';
    default: return null;
  }
}
