/**
 * The public API's reading and citizen operations. Public messages are those the citizen agreed to
 * publish and that passed screening; private data never leaves (names masked, contacts in the text masked).
 */
import type Redis from 'ioredis';
import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { cappedCount, keysetPageOf, rowsByIds, whereInSubtree } from '../../common/listing';
import { whereMessagesUnder } from '../message/message.where';
import { parseId } from '../../common/text';
import { ConnectionShape, KeysetPage } from '../../graphql/connection';
import { badInput, conflict, notFound, ErrorReason } from '../../graphql/errors';
import { Category } from '../category/category.entity';
import { ClosingService } from '../evaluation/closing.service';
import { rateRefusal, redoRefusal } from '../evaluation/citizen.rules';
import { Evaluation } from '../evaluation/evaluation.entity';
import { Leader } from '../leader/leader.entity';
import { MessageEvent } from '../ledger/message-event.entity';
import { Message } from '../message/message.entity';
import { ActorKind, Channel, InvalidReason, MessageState, ReplyKind, ReplyState } from '../message/message.enums';
import { MessageService } from '../message/message.service';
import { maskName, maskPiiInText } from '../message/pii';
import { Reply } from '../reply/reply.entity';
import { Unit, UnitKind } from '../unit/unit.entity';
import type { ClientPrincipal } from '../apiclient/apiclient.service';
import {
  CitizenCredentials,
  CitizenMessageView,
  NOT_ACCEPTED_WORDS,
  PublicBoard,
  PublicMessage,
  PublicMessageFilter,
  PublicMessageOrder,
  PublicStatus,
  publicStatus,
  PublicUnit,
  SubmitMessageInput,
} from './public.types';
import { toKeysetConnection } from '../../graphql/connection';
import { normaliseCredentials, QueryCodeGuard } from './querycode.guard';
import type { SandboxService } from '../sandbox/sandbox.service';
import type { Scores } from '../evaluation/closing.service';
import { ANSWERED_STATES, HANDLING_STATES, isIn, sqlList, TAKEN_UP_STATES } from '../message/message.states';
import { LedgerAction, unhandledAction } from '../ledger/ledger-action';

/** States listed publicly: screened and accepted, being handled or answered. */
const PUBLIC_STATES = TAKEN_UP_STATES;
/** The public statuses a list can be filtered by (the others are seen by a message's author only). */
const LISTED_STATUS_STATES: Partial<Record<PublicStatus, MessageState[]>> = {
  ACCEPTED: [MessageState.ACCEPTED],
  HANDLING: [...HANDLING_STATES],
  REPLIED: [MessageState.REPLIED],
  CLOSED: [MessageState.CLOSED],
};

/**
 * A public keyword search runs over the stored (unmasked) text, so a search for a phone number or an e-mail
 * address would tell which public message holds it even though the answer shows it masked. Such keywords
 * (five digits or more in a row, an @, or anything the masking would change) are refused.
 */
function checkPublicKeyword(keyword: string | undefined) {
  if (!keyword) return;
  const digits = keyword.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (/\d{5}/.test(digits) || /[@＠]/.test(keyword) || maskPiiInText(keyword) !== keyword) {
    throw badInput('filter.keyword', '关键词不能包含电话、证件号、邮箱等个人信息 (a keyword may not contain phone, ID or e-mail fragments)');
  }
}

export class PublicService {
  /** Guessing query codes: counted per serial number and per source, answered with proofs of work, never a lock-out. */
  private readonly guard: QueryCodeGuard;

  constructor(
    private readonly ds: DataSource,
    private readonly messages: MessageService,
    private readonly closing: ClosingService,
    private readonly sandbox: SandboxService,
    secret: string,
    redis: Redis | null,
    keyPrefix = 'wz:',
  ) {
    this.guard = new QueryCodeGuard(secret, redis, keyPrefix);
  }

  async list(filter: PublicMessageFilter, page: KeysetPage, order: PublicMessageOrder = PublicMessageOrder.NEWEST): Promise<ConnectionShape<PublicMessage>> {
    const qb = this.ds
      .getRepository(Message)
      .createQueryBuilder('m')
      .where('m.isPublic = :pub', { pub: true })
      .andWhere('m.state IN (:...states)', { states: filter.status ? listedStates(filter.status) : PUBLIC_STATES });
    if (filter.type) qb.andWhere('m.type = :type', { type: filter.type });
    if (filter.leaderId) qb.andWhere('m.addressedLeaderId = :leader', { leader: parseId('filter.leaderId', filter.leaderId) });
    await whereMessagesUnder(qb, filter, ['regionUnitId', 'unitId']);
    checkPublicKeyword(filter.keyword);
    // The title and content through the full-text index (docs/search.md).
    const score = await this.messages.search.restrict(qb, filter.keyword);
    const positionOf = (m: Message) => ({ at: m.submittedAt, id: m.id });
    let conn: ConnectionShape<Message>;
    if (order === PublicMessageOrder.RELEVANCE && score) {
      // Most relevant first (ties newest first), paged by offset: a time cursor says nothing about a rank.
      if (page.after)
        throw badInput('after', '按相关度排序时请按 offset 翻页 (page by offset when ordered by relevance)', {
          reason: ErrorReason.BAD_FORMAT,
          params: { field: 'after' },
        });
      const { total, capped } = await cappedCount(qb, page.offset + page.limit, page.cap);
      const rows = await rowsByIds(qb.orderBy(score, 'DESC').addOrderBy('m.submittedAt', 'DESC').addOrderBy('m.id', 'DESC'), page.offset, page.limit + 1);
      conn = toKeysetConnection(rows, total, page, positionOf, capped);
    } else {
      // Newest first, paged by keyset: a message published between two page loads never repeats a row.
      // (a keyword's matches: their ids sorted first, then the page's rows read)
      conn = await keysetPageOf(qb, page, 'm.submittedAt', 'm.id', positionOf, { byIds: score !== null });
    }
    const views = await this.toPublic(conn.nodes);
    return { ...conn, nodes: views, edges: conn.edges.map((e, i) => ({ cursor: e.cursor, node: views[i] })) };
  }

  /** Enabled units in tree order; only the children of `parentId`, only one `kind`, when asked. */
  async units(f: { parentId?: string; kind?: UnitKind }): Promise<PublicUnit[]> {
    const where: FindOptionsWhere<Unit> = { isActive: true };
    if (f.parentId) {
      const parent = await this.ds.getRepository(Unit).findOneBy({ id: parseId('parentId', f.parentId), isActive: true });
      if (!parent) throw badInput('parentId', `单位不存在 (no such unit): ${f.parentId}`, { reason: ErrorReason.UNIT_DISABLED });
      where.parentId = parent.id;
    }
    if (f.kind) where.kind = f.kind;
    const rows = await this.ds.getRepository(Unit).find({ where, order: f.parentId ? { sortOrder: 'ASC', id: 'ASC' } : { path: 'ASC' } });
    return rows.map(toPublicUnit);
  }

  async bySerial(serialNo: string): Promise<PublicMessage> {
    const m = await this.ds.getRepository(Message).findOneBy({ serialNo: serialNo.trim().toUpperCase() });
    if (!m || !m.isPublic || !isIn(PUBLIC_STATES, m.state)) throw notFound('Message', serialNo);
    return (await this.toPublic([m]))[0];
  }

  /**
   * A board (公开留言板): the messages of a unit's subtree (by handling unit) or addressed to a leader, accepted or later.
   * Counts and rates cover every such message, public or not (as the statistics do: a unit answers for all its work);
   * `publicReceived` says how many of them are public, i.e. listed by publicMessages with the same unitId/leaderId.
   */
  async board(kind: 'unit' | 'leader', idRaw: string): Promise<PublicBoard> {
    const id = parseId('id', idRaw);
    const qb = this.ds
      .getRepository(Message)
      .createQueryBuilder('m')
      .select('COUNT(*)', 'received')
      .addSelect(`SUM(CASE WHEN m.state IN ${sqlList(ANSWERED_STATES)} THEN 1 ELSE 0 END)`, 'replied')
      .addSelect('SUM(CASE WHEN m.isPublic = :pub THEN 1 ELSE 0 END)', 'publicReceived')
      .where('m.state IN (:...states)', { states: PUBLIC_STATES, pub: true });
    if (kind === 'leader') {
      if (!(await this.ds.getRepository(Leader).findOneBy({ id, isActive: true }))) throw notFound('Leader', id);
      qb.andWhere('m.addressedLeaderId = :id', { id });
    } else {
      const unit = await this.ds.getRepository(Unit).findOneBy({ id });
      if (!unit) throw notFound('Unit', id);
      qb.innerJoin(Unit, 'u', 'u.id = m.leadUnitId');
      whereInSubtree(qb, 'u.path', unit.path, 'bpath');
    }
    const row = await qb.getRawOne<{ received: string | number; replied: string | number | null; publicReceived: string | number | null }>();
    const received = Number(row?.received ?? 0);
    const replied = Number(row?.replied ?? 0);
    return { received, replied, responseRate: received ? replied / received : null, publicReceived: Number(row?.publicReceived ?? 0) };
  }

  // ── citizens ──

  /**
   * A citizen's submission through a client. A retry (same externalId) must carry the same fields, else CONFLICT;
   * and a repeat of a message this client did not submit is CONFLICT too: its query code is never handed out.
   */
  async submit(input: SubmitMessageInput, client: ClientPrincipal, ip: string) {
    if (client.sandbox) return this.sandbox.submit(input, client.clientId);
    const created = await this.messages.create(
      { ...input, channel: input.channel ?? Channel.API, externalId: `${client.clientId}:${input.externalId}` } as never,
      { kind: ActorKind.API_CLIENT, userId: null, unitId: null },
      ip,
      client.clientId,
    );
    if (!created.queryCode) throw conflict('该 externalId 已被占用 (externalId already used by another submitter)', { reason: ErrorReason.EXTERNAL_ID_TAKEN });
    return { serialNo: created.message.serialNo, queryCode: created.queryCode, deduplicated: created.deduplicated, submittedAt: created.message.submittedAt };
  }

  /**
   * The citizen's own message by serial number and query code (trimmed, any case). A wrong code and an unknown serial
   * number look the same (NOT_FOUND); after repeated failures on the serial number or from the source (the caller's
   * address) a proof of work is asked for, and the right code with one is always accepted (querycode.guard.ts). A sandbox
   * key reaches only its own sandbox messages, a live key only real ones.
   */
  private async authenticate<T>(credentials: CitizenCredentials, source: string, find: (serialNo: string, queryCode: string) => Promise<T | null>): Promise<T> {
    const { serialNo, queryCode } = normaliseCredentials(credentials.serialNo, credentials.queryCode);
    return this.guard.attempt(
      serialNo,
      source,
      credentials.proofOfWork,
      () => find(serialNo, queryCode),
      () => notFound('Message', serialNo),
    );
  }

  private realMessage = async (serialNo: string, queryCode: string) => {
    const m = await this.ds.getRepository(Message).findOneBy({ serialNo });
    return m && this.messages.verifyQueryCode(m, queryCode) ? m : null;
  };

  private sandboxMessage = (client: ClientPrincipal) => (serialNo: string, queryCode: string) => this.sandbox.find(serialNo, queryCode, client.clientId);

  /** lookupMessage: the citizen's view of their message. */
  async lookup(credentials: CitizenCredentials, client: ClientPrincipal, source: string): Promise<CitizenMessageView> {
    if (client.sandbox) return this.sandbox.view(await this.authenticate(credentials, source, this.sandboxMessage(client)));
    return this.citizenView(await this.authenticate(credentials, source, this.realMessage));
  }

  /** rateMessage: the citizen rates the reply; the message closes (citizen.rules.ts says when). */
  async rate(input: CitizenCredentials & Scores, client: ClientPrincipal, source: string): Promise<CitizenMessageView> {
    if (client.sandbox) return this.sandbox.rate(await this.authenticate(input, source, this.sandboxMessage(client)), input);
    const m = await this.authenticate(input, source, this.realMessage);
    await this.closing.citizenEvaluate(m.id, input, { kind: ActorKind.CITIZEN, userId: null, unitId: null });
    return this.citizenView(await this.ds.getRepository(Message).findOneByOrFail({ id: m.id }));
  }

  /** requestRedo: once, after a rating below 3 (citizen.rules.ts). */
  async redo(input: CitizenCredentials & { reason: string }, client: ClientPrincipal, source: string): Promise<CitizenMessageView> {
    if (client.sandbox) return this.sandbox.redo(await this.authenticate(input, source, this.sandboxMessage(client)), input.reason);
    const m = await this.authenticate(input, source, this.realMessage);
    await this.closing.citizenReopen(m.id, input.reason, { kind: ActorKind.CITIZEN, userId: null, unitId: null });
    return this.citizenView(await this.ds.getRepository(Message).findOneByOrFail({ id: m.id }));
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
    const standing = await this.closing.standingOf(m);
    return { message, progress, canRate: !rateRefusal(standing), canRequestRedo: !redoRefusal(standing) };
  }

  /** Builds the public views of a batch of messages in a fixed number of queries. */
  private async toPublic(rows: Message[], forAuthor = false): Promise<PublicMessage[]> {
    if (!rows.length) return [];
    const ids = rows.map((m) => m.id);
    const unitIds = [...new Set(rows.flatMap((m) => [m.regionUnitId, m.leadUnitId]).filter((x): x is number => !!x))];
    const [replies, evaluations, categories, leaders] = await Promise.all([
      this.ds.getRepository(Reply).find({
        where: [
          { messageId: In(ids), state: ReplyState.PUBLISHED },
          { messageId: In(ids), kind: ReplyKind.PROGRESS, state: ReplyState.APPROVED },
        ],
        order: { id: 'ASC' },
      }),
      this.ds.getRepository(Evaluation).find({ where: { messageId: In(ids) }, order: { id: 'ASC' } }),
      this.ds.getRepository(Category).findBy({ id: In(rows.map((m) => m.categoryId).filter((x): x is number => !!x)) }),
      this.ds.getRepository(Leader).findBy({ id: In(rows.map((m) => m.addressedLeaderId).filter((x): x is number => !!x)) }),
    ]);
    const mergedIds = rows.filter((m) => m.state === MessageState.MERGED && m.duplicateOfId).map((m) => m.duplicateOfId!);
    const merged = new Map(
      (mergedIds.length ? await this.ds.getRepository(Message).find({ select: { id: true, serialNo: true }, where: { id: In(mergedIds) } }) : []).map((t) => [
        t.id,
        t.serialNo,
      ]),
    );
    const allUnitIds = [...new Set([...unitIds, ...replies.map((r) => r.unitId).filter((x): x is number => !!x), ...leaders.map((l) => l.unitId)])];
    const units = new Map((allUnitIds.length ? await this.ds.getRepository(Unit).findBy({ id: In(allUnitIds) }) : []).map((u) => [u.id, u]));
    const cats = new Map(categories.map((c) => [c.id, c]));
    const leaderMap = new Map(leaders.map((l) => [l.id, l]));
    const pu = (id: number | null) => (id && units.get(id) ? toPublicUnit(units.get(id)!) : null);
    return rows.map((m) => {
      const evs = evaluations.filter((e) => e.messageId === m.id);
      const ev = evs[evs.length - 1];
      const c = m.categoryId ? cats.get(m.categoryId) : undefined;
      const l = m.addressedLeaderId ? leaderMap.get(m.addressedLeaderId) : undefined;
      return {
        serialNo: m.serialNo,
        type: m.type,
        title: maskPiiInText(m.title),
        content: maskPiiInText(m.content),
        authorName: m.isAnonymous && !forAuthor ? '匿名网友' : (maskName(m.realName) ?? '网友'),
        category: c ? { id: c.id, name: c.name, parentId: c.parentId } : null,
        region: pu(m.regionUnitId),
        addressedLeader: l ? { id: l.id, name: l.name, title: l.title, unitName: units.get(l.unitId)?.name ?? '' } : null,
        handlingUnit: pu(m.leadUnitId),
        status: publicStatus(m.state),
        notAcceptedReason: m.state === MessageState.INVALID ? (m.invalidReason ?? InvalidReason.OTHER) : null,
        mergedIntoSerialNo: m.state === MessageState.MERGED && m.duplicateOfId ? (merged.get(m.duplicateOfId) ?? null) : null,
        submittedAt: m.submittedAt,
        repliedAt: m.repliedAt,
        replies: replies
          .filter((r) => r.messageId === m.id)
          .map((r) => ({
            kind: r.kind,
            content: maskPiiInText(r.content),
            unitName: r.unitId ? (units.get(r.unitId)?.name ?? null) : null,
            publishedAt: r.publishedAt!,
          })),
        evaluation: ev ? { overall: ev.overall, band: ev.band, ratedAt: ev.createdAt } : null,
      };
    });
  }
}

/** A unit as the public sees it (its parent and children are resolved on demand). */
export const toPublicUnit = (u: Unit): PublicUnit => ({ id: u.id, name: u.name, parentId: u.parentId, kind: u.kind });

/** The states behind a status a public list can be filtered by; the author-only statuses are refused. */
function listedStates(status: PublicStatus): MessageState[] {
  const states = LISTED_STATUS_STATES[status];
  if (!states)
    throw badInput(
      'filter.status',
      `公开列表只有 ACCEPTED、HANDLING、REPLIED、CLOSED 状态的留言 (public lists hold ACCEPTED, HANDLING, REPLIED and CLOSED only; ${status} is seen by the author through lookupMessage)`,
    );
  return states;
}

/** Ledger entries as the citizen reads them; internal steps (reviews, PII views…) are not shown. */
function citizenStep(e: MessageEvent, units: Map<number, string>): string | null {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  switch (e.action) {
    case LedgerAction.CREATED:
      return '留言已提交';
    case LedgerAction.ACCEPTED:
      return '已受理';
    case LedgerAction.MARKED_INVALID:
      return `不予受理：${NOT_ACCEPTED_WORDS[(p.reason as InvalidReason) ?? InvalidReason.OTHER] ?? NOT_ACCEPTED_WORDS.OTHER}`;
    case LedgerAction.MERGED:
      return `已并入留言 ${String(p.intoSerialNo ?? '')} 合并办理`;
    case LedgerAction.ASSIGNED:
      return `已交办至${String(p.leadUnitName ?? units.get(Number(p.leadUnitId)) ?? '承办单位')}`;
    case LedgerAction.REASSIGNED:
      return '已改派承办单位';
    case LedgerAction.SIGNED:
      return p.role === 'LEAD' ? '承办单位已签收，正在办理' : null;
    case LedgerAction.PROGRESS_REPLIED:
      return '已作阶段性答复';
    case LedgerAction.EXTENSION_APPROVED:
      return '办理时限已延长';
    case LedgerAction.ON_HOLD:
      return '等待您补充材料';
    case LedgerAction.RESUMED:
      return '恢复办理';
    case LedgerAction.REPLY_PUBLISHED:
      return '已答复';
    case LedgerAction.EVALUATED:
      return '您已评价';
    case LedgerAction.REOPENED:
      return '已重新办理';
    case LedgerAction.CLOSED:
      return '已办结';
    case LedgerAction.ARCHIVED:
      return '已归档';
    // internal steps: not shown to the citizen
    case LedgerAction.CATEGORY_SET:
    case LedgerAction.GROUPED:
    case LedgerAction.UNGROUPED:
    case LedgerAction.GROUP_MEMBER_ADDED:
    case LedgerAction.GROUP_MEMBER_REMOVED:
    case LedgerAction.OBJECTION_RAISED:
    case LedgerAction.OBJECTION_UPHELD:
    case LedgerAction.OBJECTION_REJECTED:
    case LedgerAction.DELEGATED:
    case LedgerAction.CITIZEN_CONTACTED:
    case LedgerAction.RETURN_REQUESTED:
    case LedgerAction.RETURN_APPROVED:
    case LedgerAction.RETURN_REJECTED:
    case LedgerAction.EXTENSION_REQUESTED:
    case LedgerAction.EXTENSION_REJECTED:
    case LedgerAction.ASSIGNMENT_CANCELLED:
    case LedgerAction.REPLY_DRAFTED:
    case LedgerAction.REPLY_EDITED:
    case LedgerAction.REPLY_REVISED:
    case LedgerAction.REPLY_SUBMITTED:
    case LedgerAction.REPLY_APPROVED:
    case LedgerAction.REPLY_REJECTED:
    case LedgerAction.ASSIST_OPINION_GIVEN:
    case LedgerAction.URGED:
    case LedgerAction.SUPERVISED:
    case LedgerAction.INSTRUCTED:
    case LedgerAction.SUPERVISION_ANSWERED:
    case LedgerAction.PII_VIEWED:
    case LedgerAction.OVERDUE:
    case LedgerAction.DUE_SOON:
    case LedgerAction.SIGN_OVERDUE:
      return null;
    default:
      return unhandledAction(e.action);
  }
}
