/**
 * Messages: intake (idempotent on channel + externalId), screening (accept, invalid, merge, duplicate
 * suggestions), listing within the viewer's reach, privacy (masked PII, logged reveal), hold/resume,
 * and the context that the state machines judge actions against.
 */
import crypto from 'node:crypto';
import { Brackets, DataSource, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { isUnitScoped, StaffViewer } from '../../auth/viewer';
import { unitInScope } from '../../auth/scope';
import { pageOf, whereContains, whereInSubtree } from '../../common/listing';
import { parseId } from '../../common/text';
import { inTransaction, isUniqueViolation } from '../../db/transaction';
import { Page, SortDirection } from '../../graphql/connection';
import { badInput, forbidden, notFound } from '../../graphql/errors';
import { Category } from '../category/category.entity';
import { Leader } from '../leader/leader.entity';
import { Unit, UnitKind } from '../unit/unit.entity';
import { Role } from '../user/user.entity';
import { Assignment } from '../assignment/assignment.entity';
import { Actor, Workflow } from '../ledger/ledger';
import { MessageEvent } from '../ledger/message-event.entity';
import { Message } from './message.entity';
import { ActorKind, AssignmentRole, AssignmentState, Channel, InvalidReason, MessageState, WarningLevel } from './message.enums';
import { CreateMessageInput, MessageFilter, MessagePii, MessageSort, MessageSortField } from './message.inputs';
import { MESSAGE_MACHINE, MessageAction, MessageEnv } from './message.transitions';
import { maskAddress, maskIdNumber, maskIp, maskName, maskPhone } from './pii';

/** Assignments still carrying work (not cancelled/returned/done). */
export const ACTIVE_ASSIGNMENT_STATES = [AssignmentState.PENDING, AssignmentState.SIGNED, AssignmentState.RETURN_REQUESTED, AssignmentState.REPLIED];
/** Assignments that let their unit read the message: everything it handled, including finished work (not withdrawn or returned). */
const READABLE_ASSIGNMENT_STATES = [...ACTIVE_ASSIGNMENT_STATES, AssignmentState.DONE];
const OPEN_STATES = [MessageState.ASSIGNED, MessageState.IN_PROGRESS];
/** Messages per bulk intake call. */
export const IMPORT_MAX = 500;
const QUERY_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export const staffActor = (v: StaffViewer): Actor => ({ kind: ActorKind.STAFF, userId: v.userId, unitId: v.unitId });

export interface CreatedMessage {
  message: Message;
  queryCode: string | null;
  deduplicated: boolean;
}

/** Entered messages are dated at the earliest 2000-01-01 (the year 0 or 1970 are typing mistakes, and break deadlines and statistics). */
const EARLIEST_SUBMISSION = Date.UTC(2000, 0, 1);

export class MessageService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly workflow: Workflow,
  ) {}

  // ── intake ─────────────────────────────────────────────────────────────────────────────────────

  /** Creates a message; with an externalId, a repeat returns the first message instead (idempotent). */
  async create(input: CreateMessageInput, actor: Actor, ip: string | null): Promise<CreatedMessage> {
    const submittedAt = this.checkIntake(input);
    if (input.externalId) {
      const existing = await this.ds.getRepository(Message).findOneBy({ channel: input.channel, externalId: input.externalId });
      if (existing) return { message: existing, queryCode: this.queryCodeFor(input.channel, input.externalId), deduplicated: true };
    }
    const refs = await this.checkReferences(input);
    const queryCode = input.externalId ? this.queryCodeFor(input.channel, input.externalId) : randomQueryCode();
    try {
      let event;
      const message = await inTransaction(this.ds, async (em) => {
        const repo = em.getRepository(Message);
        const saved = await repo.save(this.newRow(repo, input, refs, submittedAt, actor, ip));
        saved.serialNo = serialNumber(submittedAt, saved.id);
        saved.queryCodeHash = hashQueryCode(saved.serialNo, queryCode);
        await repo.update(saved.id, { serialNo: saved.serialNo, queryCodeHash: saved.queryCodeHash });
        event = await this.workflow.appendCreated(em, saved, actor, { channel: saved.channel, type: saved.type });
        return repo.findOneByOrFail({ id: saved.id });
      });
      if (event) this.workflow.publish([event]);
      return { message, queryCode, deduplicated: false };
    } catch (e) {
      // Two identical submissions raced: the loser returns the winner's message.
      if (input.externalId && isUniqueViolation(e)) {
        const existing = await this.ds.getRepository(Message).findOneByOrFail({ channel: input.channel, externalId: input.externalId });
        return { message: existing, queryCode: this.queryCodeFor(input.channel, input.externalId), deduplicated: true };
      }
      throw e;
    }
  }

  /**
   * Bulk intake (批量导入), e.g. from a hotline system: up to 500 messages in one transaction, a handful of
   * statements whatever the count. Every message is checked as by `create` first; one bad message refuses
   * the whole batch (nothing half-imported). Messages whose (channel, externalId) already exists are skipped.
   */
  async importMany(inputs: CreateMessageInput[], actor: Actor): Promise<{ created: Array<{ message: Message; queryCode: string }>; skipped: string[] }> {
    if (!inputs.length || inputs.length > IMPORT_MAX) throw badInput('messages', `一次导入 1-${IMPORT_MAX} 条 (1-${IMPORT_MAX} messages per call)`);
    const dates = inputs.map((input, i) => this.checkIntake(input, `messages.${i}`));
    const checked = new Set<string>();
    const refs: Array<Awaited<ReturnType<MessageService['checkReferences']>>> = [];
    for (const input of inputs) refs.push(await this.checkReferences(input, checked));
    const externalKey = (i: CreateMessageInput) => (i.externalId ? `${i.channel}:${i.externalId}` : null);
    const keys = inputs.map(externalKey).filter((k): k is string => k !== null);
    if (new Set(keys).size !== keys.length) throw badInput('messages', '同一批中 externalId 重复 (the same externalId twice in one batch)');
    const existing = keys.length
      ? await this.ds.getRepository(Message).createQueryBuilder('m').select(['m.channel', 'm.externalId'])
        .where('m.channel IN (:...chs) AND m.externalId IN (:...ext)', { chs: [...new Set(inputs.filter((i) => i.externalId).map((i) => i.channel))], ext: inputs.filter((i) => i.externalId).map((i) => i.externalId) })
        .getMany() // (channel, externalId) is the unique index: both columns, so it is used
      : [];
    const skip = new Set(existing.map((m) => `${m.channel}:${m.externalId}`));
    const fresh = inputs.map((input, i) => ({ input, refs: refs[i], submittedAt: dates[i] })).filter((x) => !skip.has(externalKey(x.input) ?? ''));
    if (!fresh.length) return { created: [], skipped: [...skip] };
    const { created, events } = await inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(Message);
      const rows = fresh.map((x) => this.newRow(repo, x.input, x.refs, x.submittedAt, actor, null));
      await repo.createQueryBuilder().insert().into(Message).values(rows).updateEntity(false).execute();
      const ids = await repo.createQueryBuilder('m').select(['m.id', 'm.serialNo']).where('m.serialNo IN (:...tmp)', { tmp: rows.map((r) => r.serialNo) }).getMany();
      const idOf = new Map(ids.map((m) => [m.serialNo, m.id]));
      const finals = rows.map((r, i) => {
        const id = idOf.get(r.serialNo)!;
        const serialNo = serialNumber(r.submittedAt, id);
        const x = fresh[i].input;
        const queryCode = x.externalId ? this.queryCodeFor(x.channel, x.externalId) : randomQueryCode();
        return { id, serialNo, queryCode, hash: hashQueryCode(serialNo, queryCode) };
      });
      // One UPDATE for the whole batch (portable CASE … WHEN). The values are ours (WZ + digits, hex), checked
      // here, so they are written as literals: query builders do not bind parameters inside raw SET expressions.
      const literal = (v: string) => {
        if (!/^[A-Za-z0-9]+$/.test(v)) throw new Error(`unexpected serial or hash ${v}`);
        return `'${v}'`;
      };
      const cases = (column: 'serialNo' | 'hash') => finals.map((f) => `WHEN ${Number(f.id)} THEN ${literal(f[column])}`).join(' ');
      await repo.createQueryBuilder().update(Message)
        .set({ serialNo: () => `CASE id ${cases('serialNo')} END`, queryCodeHash: () => `CASE id ${cases('hash')} END` } as never)
        .where('id IN (:...ids)', { ids: finals.map((f) => f.id) }).execute();
      const saved = await repo.findBy({ id: In(finals.map((f) => f.id)) });
      const codeOf = new Map(finals.map((f) => [f.id, f.queryCode]));
      return { created: saved.map((message) => ({ message, queryCode: codeOf.get(message.id)! })), events: await this.workflow.appendCreatedMany(em, saved, actor) };
    });
    this.workflow.publish(events);
    return { created, skipped: [...skip] };
  }

  /** Checks of a new message's own fields; returns its submission time. */
  private checkIntake(input: CreateMessageInput, path = ''): Date {
    const at = (f: string) => (path ? `${path}.${f}` : f);
    if (input.channel === Channel.EXTERNAL_SITE && !input.sourceUrl) throw badInput(at('sourceUrl'), '网络舆情须填写来源网址 (EXTERNAL_SITE needs sourceUrl)');
    const submittedAt = input.submittedAt ?? new Date();
    if (submittedAt.getTime() > Date.now() + 60_000) throw badInput(at('submittedAt'), '留言时间不能晚于现在 (submittedAt is in the future)');
    if (submittedAt.getTime() < EARLIEST_SUBMISSION) throw badInput(at('submittedAt'), '留言时间不能早于 2000 年 (submittedAt before 2000)');
    return submittedAt;
  }

  private newRow(repo: Repository<Message>, input: CreateMessageInput, refs: Awaited<ReturnType<MessageService['checkReferences']>>, submittedAt: Date, actor: Actor, ip: string | null) {
    return repo.create({
      serialNo: `TMP${crypto.randomBytes(8).toString('hex')}`.slice(0, 20),
      queryCodeHash: '',
      channel: input.channel,
      externalId: input.externalId ?? null,
      sourceUrl: input.sourceUrl ?? null,
      type: input.type,
      ...refs,
      title: input.title.trim(),
      content: input.content.replace(/\r\n?/g, '\n').trim(),
      realName: input.realName?.trim() ?? null,
      phone: input.phone?.replace(/[\s-]/g, '') ?? null,
      idNumber: input.idNumber?.toUpperCase() ?? null,
      address: input.address?.trim() ?? null,
      ip,
      isPublic: input.isPublic ?? false,
      isAnonymous: input.isAnonymous ?? false,
      isUrgent: input.isUrgent ?? false,
      isComplex: false,
      attachments: input.attachments?.map((a) => ({ name: a.name, url: a.url })) ?? [],
      state: MessageState.RECEIVED,
      submittedAt,
      createdById: actor.kind === ActorKind.STAFF ? actor.userId : null,
    });
  }

  /** The query code of an idempotent submission is derived, so that a retry gets the same code back. */
  private queryCodeFor(channel: Channel, externalId: string): string {
    const mac = crypto.createHmac('sha256', this.config.jwtSecret).update(`query-code:${channel}:${externalId}`).digest();
    return [...mac.subarray(0, 8)].map((b) => QUERY_CODE_ALPHABET[b % QUERY_CODE_ALPHABET.length]).join('');
  }

  verifyQueryCode(message: Message, code: string): boolean {
    const expected = Buffer.from(message.queryCodeHash);
    const given = Buffer.from(hashQueryCode(message.serialNo, code.trim().toUpperCase()));
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  }

  /** Checks the ids a new message refers to; `checked` remembers ids already found good (bulk intake). */
  private async checkReferences(input: CreateMessageInput, checked = new Set<string>()) {
    const categoryId = input.categoryId ? parseId('categoryId', input.categoryId) : null;
    const regionUnitId = input.regionUnitId ? parseId('regionUnitId', input.regionUnitId) : null;
    const addressedLeaderId = input.addressedLeaderId ? parseId('addressedLeaderId', input.addressedLeaderId) : null;
    const addressedUnitId = input.addressedUnitId ? parseId('addressedUnitId', input.addressedUnitId) : null;
    const once = async (key: string, check: () => Promise<void>) => {
      if (checked.has(key)) return;
      await check();
      checked.add(key);
    };
    if (categoryId) await once(`c${categoryId}`, async () => {
      if (!(await this.ds.getRepository(Category).findOneBy({ id: categoryId, isActive: true }))) throw badInput('categoryId', `领域不存在 (no such category): ${categoryId}`);
    });
    if (regionUnitId) await once(`r${regionUnitId}`, async () => {
      const region = await this.ds.getRepository(Unit).findOneBy({ id: regionUnitId });
      if (!region || region.kind !== UnitKind.REGION) throw badInput('regionUnitId', `不是地区单位 (not a region): ${regionUnitId}`);
    });
    if (addressedLeaderId) await once(`l${addressedLeaderId}`, async () => {
      if (!(await this.ds.getRepository(Leader).findOneBy({ id: addressedLeaderId, isActive: true }))) throw badInput('addressedLeaderId', `领导不存在 (no such leader): ${addressedLeaderId}`);
    });
    if (addressedUnitId) await once(`u${addressedUnitId}`, async () => {
      if (!(await this.ds.getRepository(Unit).findOneBy({ id: addressedUnitId, isActive: true }))) throw badInput('addressedUnitId', `单位不存在 (no such unit): ${addressedUnitId}`);
    });
    return { categoryId, regionUnitId, addressedLeaderId, addressedUnitId };
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────────

  /** The message if the viewer may see it; NOT_FOUND otherwise (its existence is not revealed). */
  async getVisible(viewer: StaffViewer, id: number, em: EntityManager = this.ds.manager): Promise<Message> {
    const message = await em.getRepository(Message).findOneBy({ id });
    if (!message || !(await this.canView(viewer, message, em))) throw notFound('Message', id);
    return message;
  }

  async canView(viewer: StaffViewer, message: Message, em: EntityManager = this.ds.manager): Promise<boolean> {
    if (!isUnitScoped(viewer)) return true;
    const env = await this.env(message, em);
    if (env.readerUnitPaths.some((p) => unitInScope(viewer, p))) return true;
    if (viewer.role === Role.LEADER) {
      return (viewer.leaderId !== null && message.addressedLeaderId === viewer.leaderId) || env.addressedPaths.some((p) => unitInScope(viewer, p));
    }
    return false;
  }

  async list(viewer: StaffViewer, filter: MessageFilter = {}, sort: MessageSort | undefined, page: Page) {
    const qb = this.ds.getRepository(Message).createQueryBuilder('m');
    this.applyVisibility(qb, viewer);
    await this.applyFilter(qb, filter);
    const dir = sort?.direction ?? SortDirection.DESC;
    const field = sort?.field ?? MessageSortField.SUBMITTED_AT;
    const column = { SUBMITTED_AT: 'm.submittedAt', REPLY_DUE_AT: 'm.replyDueAt', UPDATED_AT: 'm.updatedAt' }[field];
    qb.orderBy(column, dir).addOrderBy('m.id', dir);
    return pageOf(qb, page);
  }

  /**
   * The ledger (台账) of the messages the viewer may see, matching the list's filter, in id order, in
   * batches read by key (no OFFSET), so an export of any size streams in constant memory.
   */
  async *ledger(viewer: StaffViewer, filter: MessageFilter = {}, batchSize = 1000): AsyncGenerator<Message[]> {
    let after = 0;
    for (;;) {
      const qb = this.ds.getRepository(Message).createQueryBuilder('m');
      this.applyVisibility(qb, viewer);
      await this.applyFilter(qb, filter);
      const batch = await qb.andWhere('m.id > :after', { after }).orderBy('m.id', 'ASC').take(batchSize).getMany();
      if (!batch.length) return;
      yield batch;
      if (batch.length < batchSize) return;
      after = batch[batch.length - 1].id;
    }
  }

  /** Unit roles see messages assigned to their subtree; leaders also those addressed to them or their region. */
  applyVisibility(qb: SelectQueryBuilder<Message>, viewer: StaffViewer) {
    if (!isUnitScoped(viewer)) return;
    const scope = { vscope: `${viewer.unitPath}%`, vstates: READABLE_ASSIGNMENT_STATES };
    const assigned = `EXISTS (SELECT 1 FROM assignment va INNER JOIN unit vu ON vu.id = va.unitId WHERE va.messageId = m.id AND va.state IN (:...vstates) AND vu.path LIKE :vscope)`;
    if (viewer.role !== Role.LEADER) {
      qb.andWhere(assigned, scope);
      return;
    }
    qb.andWhere(new Brackets((w) => {
      w.where(assigned, scope)
        .orWhere('m.regionUnitId IN (SELECT ru.id FROM unit ru WHERE ru.path LIKE :vscope)', scope)
        .orWhere('m.addressedUnitId IN (SELECT au.id FROM unit au WHERE au.path LIKE :vscope)', scope);
      if (viewer.leaderId !== null) w.orWhere('m.addressedLeaderId = :vleader', { vleader: viewer.leaderId });
    }));
  }

  private async applyFilter(qb: SelectQueryBuilder<Message>, f: MessageFilter) {
    if (f.states?.length) qb.andWhere('m.state IN (:...states)', { states: f.states });
    if (f.types?.length) qb.andWhere('m.type IN (:...types)', { types: f.types });
    if (f.channels?.length) qb.andWhere('m.channel IN (:...channels)', { channels: f.channels });
    if (f.ids?.length) qb.andWhere('m.id IN (:...ids)', { ids: f.ids.map((id) => parseId('filter.ids', id)) });
    if (f.serialNo) qb.andWhere('m.serialNo = :serial', { serial: f.serialNo.trim().toUpperCase() });
    if (f.leaderId) qb.andWhere('m.addressedLeaderId = :leader', { leader: parseId('filter.leaderId', f.leaderId) });
    if (f.categoryId) {
      const c = await this.ds.getRepository(Category).findOneBy({ id: parseId('filter.categoryId', f.categoryId) });
      if (!c) throw badInput('filter.categoryId', `领域不存在 (no such category): ${f.categoryId}`);
      qb.innerJoin(Category, 'fc', 'fc.id = m.categoryId');
      whereInSubtree(qb, 'fc.path', c.path, 'fcat');
    }
    for (const [key, column, alias] of [['unitId', 'm.leadUnitId', 'fu'], ['regionUnitId', 'm.regionUnitId', 'fr']] as const) {
      const raw = f[key];
      if (!raw) continue;
      const u = await this.ds.getRepository(Unit).findOneBy({ id: parseId(`filter.${key}`, raw) });
      if (!u) throw badInput(`filter.${key}`, `单位不存在 (no such unit): ${raw}`);
      qb.innerJoin(Unit, alias, `${alias}.id = ${column}`);
      whereInSubtree(qb, `${alias}.path`, u.path, `${alias}p`);
    }
    if (f.submittedFrom) qb.andWhere('m.submittedAt >= :from', { from: f.submittedFrom });
    if (f.submittedTo) qb.andWhere('m.submittedAt < :to', { to: f.submittedTo });
    if (f.warningLevel) {
      const now = new Date();
      qb.andWhere('m.state IN (:...openStates)', { openStates: OPEN_STATES });
      if (f.warningLevel === WarningLevel.RED) qb.andWhere('m.replyDueAt < :now', { now });
      else if (f.warningLevel === WarningLevel.YELLOW) qb.andWhere('m.yellowAt <= :now AND m.replyDueAt >= :now', { now });
      else qb.andWhere('(m.yellowAt IS NULL OR m.yellowAt > :now)', { now });
    }
    whereContains(qb, ['m.title', 'm.content'], f.keyword, 'kw');
  }

  /** Likely duplicates (一稿多投): same phone or ID number, or the same title, within the window. */
  async duplicateSuggestions(message: Message, windowDays = 30): Promise<Message[]> {
    const since = new Date(message.submittedAt.getTime() - windowDays * 86400_000);
    const until = new Date(message.submittedAt.getTime() + windowDays * 86400_000);
    const qb = this.ds.getRepository(Message).createQueryBuilder('m')
      .where('m.id <> :id', { id: message.id })
      .andWhere('m.submittedAt BETWEEN :since AND :until', { since, until })
      .andWhere('m.state NOT IN (:...gone)', { gone: [MessageState.MERGED, MessageState.INVALID] })
      .andWhere(new Brackets((w) => {
        w.where('m.title = :title', { title: message.title });
        if (message.phone) w.orWhere('m.phone = :phone', { phone: message.phone });
        if (message.idNumber) w.orWhere('m.idNumber = :idn', { idn: message.idNumber });
      }))
      .orderBy('m.submittedAt', 'DESC')
      .limit(10);
    const candidates = await qb.getMany();
    // Same contact is a strong signal only when the texts are also alike.
    return candidates.filter((c) => c.title === message.title || similarity(c.content, message.content) >= 0.6);
  }

  // ── the context state machines judge against ───────────────────────────────────────────────────

  async env(message: Message, em: EntityManager = this.ds.manager): Promise<MessageEnv> {
    const readable = await em.getRepository(Assignment).findBy({ messageId: message.id, state: In(READABLE_ASSIGNMENT_STATES) });
    const assignments = readable.filter((a) => a.state !== AssignmentState.DONE);
    const unitIds = [...new Set([...readable.map((a) => a.unitId), message.regionUnitId, message.addressedUnitId].filter((x): x is number => !!x))];
    const units = unitIds.length ? await em.getRepository(Unit).findBy({ id: In(unitIds) }) : [];
    const pathOf = new Map(units.map((u) => [u.id, u.path]));
    const lead = readable.filter((a) => a.role === AssignmentRole.LEAD);
    return {
      message,
      leadChainPaths: lead.map((a) => pathOf.get(a.unitId)!).filter(Boolean),
      assignedUnitPaths: assignments.map((a) => pathOf.get(a.unitId)!).filter(Boolean),
      readerUnitPaths: readable.map((a) => pathOf.get(a.unitId)!).filter(Boolean),
      addressedPaths: [message.regionUnitId, message.addressedUnitId].map((id) => (id ? pathOf.get(id) : undefined)).filter((p): p is string => !!p),
    };
  }

  async availableActions(viewer: StaffViewer, message: Message): Promise<MessageAction[]> {
    return MESSAGE_MACHINE.available(message.state, await this.env(message), viewer);
  }

  /** Checks an action and runs it through the workflow (one transaction, version check, ledger). */
  act<T>(viewer: StaffViewer, messageId: number, action: MessageAction, expectedVersion: number | undefined,
    work: (tx: import('../ledger/ledger').Tx, env: MessageEnv) => Promise<T>): Promise<T> {
    return this.workflow.run(messageId, { actor: staffActor(viewer), expectedVersion }, async (tx) => {
      if (!(await this.canView(viewer, tx.message, tx.em))) throw notFound('Message', messageId);
      const env = await this.env(tx.message, tx.em);
      const t = MESSAGE_MACHINE.check(action, tx.message.state, env, viewer);
      const from = tx.message.state;
      const out = await work(tx, env);
      if (t.to && tx.message.state === from && t.to !== from) tx.patch({ state: t.to });
      return out;
    });
  }

  // ── screening ──────────────────────────────────────────────────────────────────────────────────

  accept(viewer: StaffViewer, messageId: number, expectedVersion?: number) {
    return this.act(viewer, messageId, MessageAction.ACCEPT, expectedVersion, async (tx) => {
      tx.patch({ state: MessageState.ACCEPTED, acceptedAt: tx.now });
      tx.log({ action: 'ACCEPTED', fromState: MessageState.RECEIVED, toState: MessageState.ACCEPTED });
      return tx.message;
    });
  }

  markInvalid(viewer: StaffViewer, messageId: number, reason: InvalidReason, note: string | undefined, expectedVersion?: number) {
    if (reason === InvalidReason.OTHER && !note) throw badInput('note', '选择“其他”时须说明原因 (a note is required for OTHER)');
    return this.act(viewer, messageId, MessageAction.MARK_INVALID, expectedVersion, async (tx) => {
      const from = tx.message.state;
      tx.patch({ state: MessageState.INVALID, invalidReason: reason, screeningNote: note ?? null, closedAt: tx.now });
      tx.log({ action: 'MARKED_INVALID', fromState: from, toState: MessageState.INVALID, payload: { reason, note: note ?? null } });
      return tx.message;
    });
  }

  merge(viewer: StaffViewer, messageId: number, targetId: number, note: string | undefined, expectedVersion?: number) {
    if (targetId === messageId) throw badInput('targetMessageId', '不能并入自身 (cannot merge into itself)');
    return this.act(viewer, messageId, MessageAction.MERGE, expectedVersion, async (tx) => {
      let target = await tx.em.getRepository(Message).findOneBy({ id: targetId });
      // Follow chains so the merged message always points at a live message.
      for (let hops = 0; target && target.state === MessageState.MERGED && target.duplicateOfId && hops < 10; hops++) {
        target = await tx.em.getRepository(Message).findOneBy({ id: target.duplicateOfId });
      }
      if (!target || target.state === MessageState.INVALID) throw badInput('targetMessageId', `目标留言不存在或不予受理 (no live target message): ${targetId}`);
      if (target.id === messageId) throw badInput('targetMessageId', '不能并入自身 (cannot merge into itself)');
      const from = tx.message.state;
      tx.patch({ state: MessageState.MERGED, duplicateOfId: target.id, screeningNote: note ?? null, closedAt: tx.now });
      tx.log({ action: 'MERGED', fromState: from, toState: MessageState.MERGED, payload: { into: target.id, intoSerialNo: target.serialNo, note: note ?? null } });
      return tx.message;
    });
  }

  // ── privacy ────────────────────────────────────────────────────────────────────────────────────

  masked(m: Message): MessagePii {
    return { realName: maskName(m.realName), phone: maskPhone(m.phone), idNumber: maskIdNumber(m.idNumber), address: maskAddress(m.address), ip: maskIp(m.ip), masked: true };
  }

  /** Reveals the private data to someone allowed, and logs PII_VIEWED in the ledger. */
  revealPii(viewer: StaffViewer, messageId: number): Promise<MessagePii> {
    return this.act(viewer, messageId, MessageAction.REVEAL_PII, undefined, async (tx) => {
      tx.log({ action: 'PII_VIEWED', payload: { fields: ['realName', 'phone', 'idNumber', 'address', 'ip'] } });
      const m = tx.message;
      return { realName: m.realName, phone: m.phone, idNumber: m.idNumber, address: m.address, ip: m.ip, masked: false };
    });
  }

  // ── ledger ─────────────────────────────────────────────────────────────────────────────────────

  timeline(messageId: number, page: Page) {
    const qb = this.ds.getRepository(MessageEvent).createQueryBuilder('e').where('e.messageId = :id', { id: messageId }).orderBy('e.id', 'ASC');
    return pageOf(qb, page);
  }

  assertRole(viewer: StaffViewer, roles: Role[]) {
    if (!roles.includes(viewer.role)) throw forbidden();
  }
}

export function serialNumber(at: Date, id: number): string {
  const d = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `WZ${d}${String(id).padStart(6, '0')}`;
}

export const hashQueryCode = (serialNo: string, code: string) => crypto.createHash('sha256').update(`${serialNo}:${code}`).digest('hex');

function randomQueryCode(): string {
  return [...crypto.randomBytes(8)].map((b) => QUERY_CODE_ALPHABET[b % QUERY_CODE_ALPHABET.length]).join('');
}

/** Character-bigram Dice similarity: good enough for "near-identical Chinese text". */
export function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const chars = [...s.replace(/\s+/g, '')];
    const m = new Map<string, number>();
    for (let i = 0; i < chars.length - 1; i++) m.set(chars[i] + chars[i + 1], (m.get(chars[i] + chars[i + 1]) ?? 0) + 1);
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let overlap = 0;
  let total = 0;
  for (const [g, n] of ga) { overlap += Math.min(n, gb.get(g) ?? 0); total += n; }
  for (const n of gb.values()) total += n;
  return total === 0 ? 0 : (2 * overlap) / total;
}
