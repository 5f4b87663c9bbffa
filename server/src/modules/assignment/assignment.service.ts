/**
 * Assignments (交办单): assigning and reassigning (platform), signing, delegating, returns and extensions
 * (units and platform), and the unit inbox. Every action goes through the assignment state machine and
 * the workflow runner (one transaction with the message's version check and the ledger rows).
 */
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { unitInScope } from '../../auth/scope';
import type { StaffViewer } from '../../auth/viewer';
import { isUnitScoped } from '../../auth/viewer';
import { whereInSubtree } from '../../common/listing';
import { parseId } from '../../common/text';
import { Page, toConnection } from '../../graphql/connection';
import type { Loaders } from '../../graphql/loaders';
import { badInput, conflict, forbidden, notFound } from '../../graphql/errors';
import { Tx, Workflow } from '../ledger/ledger';
import { Message } from '../message/message.entity';
import { AssignmentRole, AssignmentState, MessageState, WarningLevel } from '../message/message.enums';
import type { DeadlinePlanner, DeadlineSubject } from '../message/deadlines.port';
import { MessageService, staffActor } from '../message/message.service';
import { MessageAction } from '../message/message.transitions';
import { Unit } from '../unit/unit.entity';
import { Supervision } from '../supervision/supervision.entity';
import { Assignment, ExtensionRequest } from './assignment.entity';
import { AssignMessageInput, InboxFilter, ReassignMessageInput } from './assignment.inputs';
import { ASSIGNMENT_MACHINE, AssignmentAction, AssignmentEnv } from './assignment.transitions';

const OPEN_ASSIGNMENT = [AssignmentState.PENDING, AssignmentState.SIGNED, AssignmentState.RETURN_REQUESTED];

export const subjectOf = (m: Message): DeadlineSubject => ({ type: m.type, categoryId: m.categoryId, isUrgent: m.isUrgent, isComplex: m.isComplex });

export class AssignmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly workflow: Workflow,
    private readonly messages: MessageService,
    private readonly deadlines: DeadlinePlanner,
  ) {}

  // ── platform: assign and reassign ──────────────────────────────────────────────────────────────

  async assign(viewer: StaffViewer, input: AssignMessageInput) {
    const messageId = parseId('messageId', input.messageId);
    const leadUnitId = parseId('leadUnitId', input.leadUnitId);
    const assistIds = [...new Set((input.assistUnitIds ?? []).map((id) => parseId('assistUnitIds', id)))];
    if (assistIds.includes(leadUnitId)) throw badInput('assistUnitIds', '主办单位不能同时为协办单位 (the lead unit cannot also assist)');
    return this.messages.act(viewer, messageId, MessageAction.ASSIGN, input.expectedVersion, async (tx) => {
      const units = await this.activeUnits(tx.em, [leadUnitId, ...assistIds], 'leadUnitId');
      const from = tx.message.state;
      if (input.isComplex) tx.patch({ isComplex: true });
      const plan = await this.deadlines.plan(subjectOf(tx.message), tx.now, tx.em);
      const lead = await this.create(tx, leadUnitId, AssignmentRole.LEAD, plan, null);
      for (const id of assistIds) await this.create(tx, id, AssignmentRole.ASSIST, plan, null);
      tx.patch({
        state: MessageState.ASSIGNED, acceptedAt: tx.message.acceptedAt ?? tx.now, assignedAt: tx.message.assignedAt ?? tx.now,
        leadUnitId, replyDueAt: lead.replyDueAt, yellowAt: lead.yellowAt,
      });
      tx.log({
        action: 'ASSIGNED', fromState: from, toState: MessageState.ASSIGNED, assignmentId: lead.id,
        payload: { leadUnitId, leadUnitName: units.get(leadUnitId)!.name, assistUnitIds: assistIds, replyDueAt: lead.replyDueAt.toISOString(), note: input.note ?? null },
        notifyUnitIds: [leadUnitId, ...assistIds],
      });
      return tx.message;
    });
  }

  async reassign(viewer: StaffViewer, input: ReassignMessageInput) {
    const messageId = parseId('messageId', input.messageId);
    const leadUnitId = parseId('leadUnitId', input.leadUnitId);
    return this.messages.act(viewer, messageId, MessageAction.REASSIGN, input.expectedVersion, async (tx) => {
      await this.activeUnits(tx.em, [leadUnitId], 'leadUnitId');
      const from = tx.message.state;
      const old = await tx.em.getRepository(Assignment).findBy({ messageId, role: AssignmentRole.LEAD, state: In(OPEN_ASSIGNMENT) });
      if (old.some((a) => a.unitId === leadUnitId && !a.parentId)) throw badInput('leadUnitId', '已是主办单位 (already the lead unit)');
      for (const a of old) await this.save(tx.em, a, { state: AssignmentState.CANCELLED });
      const plan = await this.deadlines.plan(subjectOf(tx.message), tx.now, tx.em);
      const lead = await this.create(tx, leadUnitId, AssignmentRole.LEAD, plan, null);
      tx.patch({ state: MessageState.ASSIGNED, leadUnitId, replyDueAt: lead.replyDueAt, yellowAt: lead.yellowAt });
      tx.log({
        action: 'REASSIGNED', fromState: from, toState: MessageState.ASSIGNED, assignmentId: lead.id,
        payload: { leadUnitId, previousUnitIds: old.map((a) => a.unitId), reason: input.reason },
        notifyUnitIds: [leadUnitId, ...old.map((a) => a.unitId)],
      });
      return tx.message;
    });
  }

  // ── units: sign, delegate, return, extension ───────────────────────────────────────────────────

  sign(viewer: StaffViewer, assignmentId: number, expectedVersion?: number) {
    return this.act(viewer, assignmentId, AssignmentAction.SIGN, expectedVersion, async (tx, a) => {
      await this.save(tx.em, a, { state: AssignmentState.SIGNED, signedAt: tx.now });
      const fromMsg = tx.message.state;
      if (a.role === AssignmentRole.LEAD && !a.parentId && tx.message.state === MessageState.ASSIGNED) tx.patch({ state: MessageState.IN_PROGRESS });
      tx.log({
        action: 'SIGNED', assignmentId: a.id, unitId: a.unitId, fromState: fromMsg, toState: tx.message.state,
        payload: { role: a.role, onTime: tx.now <= a.signDueAt }, notifyUnitIds: [a.unitId],
      });
    });
  }

  delegate(viewer: StaffViewer, assignmentId: number, unitIdRaw: string, note: string | undefined, expectedVersion?: number) {
    const unitId = parseId('unitId', unitIdRaw);
    return this.act(viewer, assignmentId, AssignmentAction.DELEGATE, expectedVersion, async (tx, a, env) => {
      const target = await tx.em.getRepository(Unit).findOneBy({ id: unitId });
      if (!target || !target.isActive) throw badInput('unitId', `单位不存在或已停用 (no such active unit): ${unitId}`);
      if (target.id === a.unitId || !target.path.startsWith(env.unitPath)) throw badInput('unitId', '只能下派给本单位的下级单位 (delegate only to a unit below yours)');
      const open = await tx.em.getRepository(Assignment).countBy({ parentId: a.id, unitId, state: In(OPEN_ASSIGNMENT) });
      if (open) throw conflict('已下派给该单位 (already delegated to this unit)');
      const child = await tx.em.getRepository(Assignment).save(tx.em.getRepository(Assignment).create({
        messageId: a.messageId, unitId, role: a.role, state: AssignmentState.PENDING, parentId: a.id, assignedById: viewer.userId,
        assignedAt: tx.now, signDueAt: a.signDueAt, firstResponseDueAt: a.firstResponseDueAt, replyDueAt: a.replyDueAt, yellowAt: a.yellowAt,
      }));
      tx.log({ action: 'DELEGATED', assignmentId: child.id, unitId: a.unitId, payload: { fromAssignmentId: a.id, toUnitId: unitId, toUnitName: target.name, note: note ?? null }, notifyUnitIds: [unitId, a.unitId] });
    });
  }

  requestReturn(viewer: StaffViewer, assignmentId: number, reason: string, expectedVersion?: number) {
    return this.act(viewer, assignmentId, AssignmentAction.REQUEST_RETURN, expectedVersion, async (tx, a) => {
      const from = a.state;
      await this.save(tx.em, a, { state: AssignmentState.RETURN_REQUESTED, stateBeforeReturn: from, returnReason: reason });
      tx.log({ action: 'RETURN_REQUESTED', assignmentId: a.id, unitId: a.unitId, fromState: from, toState: AssignmentState.RETURN_REQUESTED, payload: { reason }, notifyUnitIds: [a.unitId] });
    });
  }

  decideReturn(viewer: StaffViewer, assignmentId: number, approve: boolean, comment: string | undefined, expectedVersion?: number) {
    if (!approve && !comment) throw badInput('comment', '驳回须说明理由 (a comment is required to refuse)');
    const action = approve ? AssignmentAction.APPROVE_RETURN : AssignmentAction.REJECT_RETURN;
    return this.act(viewer, assignmentId, action, expectedVersion, async (tx, a) => {
      if (!approve) {
        const back = a.stateBeforeReturn ?? AssignmentState.PENDING;
        await this.save(tx.em, a, { state: back, stateBeforeReturn: null });
        tx.log({ action: 'RETURN_REJECTED', assignmentId: a.id, unitId: a.unitId, fromState: AssignmentState.RETURN_REQUESTED, toState: back, payload: { comment: comment ?? null }, notifyUnitIds: [a.unitId] });
        return;
      }
      await this.save(tx.em, a, { state: AssignmentState.RETURNED });
      const children = await tx.em.getRepository(Assignment).findBy({ parentId: a.id, state: In(OPEN_ASSIGNMENT) });
      for (const c of children) await this.save(tx.em, c, { state: AssignmentState.CANCELLED });
      const fromMsg = tx.message.state;
      if (a.role === AssignmentRole.LEAD && !a.parentId) {
        // The lead is gone: the message waits for the dispatcher to assign it again (改派).
        tx.patch({ state: MessageState.ACCEPTED, leadUnitId: null, replyDueAt: null, yellowAt: null });
      }
      tx.log({ action: 'RETURN_APPROVED', assignmentId: a.id, unitId: a.unitId, fromState: fromMsg, toState: tx.message.state, payload: { comment: comment ?? null, reason: a.returnReason }, notifyUnitIds: [a.unitId] });
    });
  }

  requestExtension(viewer: StaffViewer, assignmentId: number, days: number, reason: string, expectedVersion?: number) {
    return this.act(viewer, assignmentId, AssignmentAction.REQUEST_EXTENSION, expectedVersion, async (tx, a) => {
      const req = await tx.em.getRepository(ExtensionRequest).save(tx.em.getRepository(ExtensionRequest).create({
        assignmentId: a.id, requestedDays: days, reason, state: 'PENDING', requestedById: viewer.userId, previousDueAt: a.replyDueAt,
      }));
      tx.log({ action: 'EXTENSION_REQUESTED', assignmentId: a.id, unitId: a.unitId, payload: { requestId: req.id, days, reason, replyDueAt: a.replyDueAt.toISOString() }, notifyUnitIds: [a.unitId] });
    });
  }

  decideExtension(viewer: StaffViewer, assignmentId: number, approve: boolean, comment: string | undefined, days: number | undefined, expectedVersion?: number) {
    if (!approve && !comment) throw badInput('comment', '驳回须说明理由 (a comment is required to refuse)');
    const action = approve ? AssignmentAction.APPROVE_EXTENSION : AssignmentAction.REJECT_EXTENSION;
    return this.act(viewer, assignmentId, action, expectedVersion, async (tx, a) => {
      const req = await tx.em.getRepository(ExtensionRequest).findOneByOrFail({ assignmentId: a.id, state: 'PENDING' });
      if (!approve) {
        await tx.em.getRepository(ExtensionRequest).update(req.id, { state: 'REJECTED', decidedById: viewer.userId, decisionNote: comment ?? null, decidedAt: tx.now });
        tx.log({ action: 'EXTENSION_REJECTED', assignmentId: a.id, unitId: a.unitId, payload: { requestId: req.id, comment: comment ?? null }, notifyUnitIds: [a.unitId] });
        return;
      }
      const granted = days ?? req.requestedDays;
      const next = await this.deadlines.extend(a.replyDueAt, a.assignedAt, granted);
      await tx.em.getRepository(ExtensionRequest).update(req.id, { state: 'APPROVED', decidedById: viewer.userId, decisionNote: comment ?? null, decidedAt: tx.now, newDueAt: next.replyDueAt });
      await this.save(tx.em, a, { replyDueAt: next.replyDueAt, yellowAt: next.yellowAt, extensionCount: a.extensionCount + 1, overdueAt: null });
      const children = await tx.em.getRepository(Assignment).findBy({ parentId: a.id, state: In(OPEN_ASSIGNMENT) });
      for (const c of children) await this.save(tx.em, c, { replyDueAt: next.replyDueAt, yellowAt: next.yellowAt });
      if (a.role === AssignmentRole.LEAD) tx.patch({ replyDueAt: next.replyDueAt, yellowAt: next.yellowAt });
      tx.log({
        action: 'EXTENSION_APPROVED', assignmentId: a.id, unitId: a.unitId,
        payload: { requestId: req.id, days: granted, previousDueAt: a.replyDueAt.toISOString(), replyDueAt: next.replyDueAt.toISOString(), comment: comment ?? null },
        notifyUnitIds: [a.unitId],
      });
    });
  }

  cancel(viewer: StaffViewer, assignmentId: number, reason: string, expectedVersion?: number) {
    return this.act(viewer, assignmentId, AssignmentAction.CANCEL, expectedVersion, async (tx, a) => {
      const from = a.state;
      await this.save(tx.em, a, { state: AssignmentState.CANCELLED });
      tx.log({ action: 'ASSIGNMENT_CANCELLED', assignmentId: a.id, unitId: a.unitId, fromState: from, toState: AssignmentState.CANCELLED, payload: { reason }, notifyUnitIds: [a.unitId] });
    });
  }

  // ── waiting for the citizen (挂起): the clock pauses ─────────────────────────────────────────────

  hold(viewer: StaffViewer, messageId: number, reason: string, expectedVersion?: number) {
    return this.messages.act(viewer, messageId, MessageAction.HOLD, expectedVersion, async (tx) => {
      tx.patch({ onHoldSince: tx.now });
      tx.log({ action: 'ON_HOLD', payload: { reason } });
      return tx.message;
    });
  }

  /** Resuming moves every open deadline of the message later by the paused time (DESIGN §6). */
  resume(viewer: StaffViewer, messageId: number, reason: string, expectedVersion?: number) {
    return this.messages.act(viewer, messageId, MessageAction.RESUME, expectedVersion, async (tx) => {
      const pausedFrom = tx.message.onHoldSince!;
      const open = await tx.em.getRepository(Assignment).findBy({ messageId, state: In(OPEN_ASSIGNMENT) });
      for (const a of open) {
        const next = await this.deadlines.resume(a.replyDueAt, a.assignedAt, pausedFrom, tx.now);
        await this.save(tx.em, a, { replyDueAt: next.dueAt, yellowAt: next.yellowAt });
      }
      const lead = open.find((a) => a.role === AssignmentRole.LEAD && !a.parentId);
      tx.patch({ onHoldSince: null, ...(lead ? { replyDueAt: lead.replyDueAt, yellowAt: lead.yellowAt } : {}) });
      tx.log({ action: 'RESUMED', payload: { reason, pausedFrom: pausedFrom.toISOString(), replyDueAt: lead?.replyDueAt.toISOString() ?? null } });
      return tx.message;
    });
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────────

  /** The unit inbox (待办): assignments of a unit (and its subtree), due dates first. */
  async inbox(viewer: StaffViewer, filter: InboxFilter = {}, page: Page, loaders: Loaders) {
    const unitId = filter.unitId ? parseId('filter.unitId', filter.unitId) : viewer.unitId;
    const unit = unitId === viewer.unitId ? { id: viewer.unitId, path: viewer.unitPath } : await this.ds.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit) throw notFound('Unit', unitId);
    if (isUnitScoped(viewer) && !unitInScope(viewer, unit.path)) throw forbidden('无权查看其他单位的待办 (another unit\'s inbox)');
    const qb = this.ds.getRepository(Assignment).createQueryBuilder('a');
    if (filter.includeSubtree === false) qb.where('a.unitId = :unitId', { unitId: unit.id });
    else {
      qb.innerJoin(Unit, 'u', 'u.id = a.unitId');
      whereInSubtree(qb, 'u.path', unit.path, 'inboxPath');
    }
    qb.andWhere('a.state IN (:...states)', { states: filter.states?.length ? filter.states : OPEN_ASSIGNMENT });
    if (filter.warningLevel) {
      const now = new Date();
      if (filter.warningLevel === WarningLevel.RED) qb.andWhere('a.replyDueAt < :now', { now });
      else if (filter.warningLevel === WarningLevel.YELLOW) qb.andWhere('a.yellowAt <= :now AND a.replyDueAt >= :now', { now });
      else qb.andWhere('a.yellowAt > :now', { now });
    }
    qb.orderBy('a.replyDueAt', 'ASC').addOrderBy('a.id', 'ASC');
    return pageWithRows(this.ds, qb, page, loaders);
  }

  /**
   * What the viewer may do with an assignment now. On a page of assignments the request's DataLoaders batch
   * what the guards read (message, unit, extension requests, supervision, category), so the page costs a
   * fixed number of statements whatever its length.
   */
  async availableActions(viewer: StaffViewer, a: Assignment, loaders: Loaders): Promise<AssignmentAction[]> {
    const [message, unit, extensions, supervisions] = await Promise.all([
      loaders.message.load(a.messageId), loaders.unit.load(a.unitId), loaders.extensionsByAssignment.load(a.id), loaders.supervisionsByMessage.load(a.messageId),
    ]);
    if (!message || !unit) return [];
    const env: AssignmentEnv = {
      assignment: a, message, unitPath: unit.path, now: this.workflow.now(),
      hasPendingExtension: extensions.some((e) => e.state === 'PENDING'),
      hasOpenSupervision: supervisions.some((s) => s.kind === 'SUPERVISE' && s.respondedAt === null && (s.unitId === null || s.unitId === a.unitId)),
      maxExtensions: await this.deadlines.maxExtensions(subjectOf(message), (id) => loaders.category.load(id)),
    };
    return ASSIGNMENT_MACHINE.available(a.state, env, viewer);
  }

  async get(viewer: StaffViewer, id: number): Promise<Assignment> {
    const a = await this.ds.getRepository(Assignment).findOneBy({ id });
    if (!a) throw notFound('Assignment', id);
    await this.messages.getVisible(viewer, a.messageId);
    return a;
  }

  // ── machinery ──────────────────────────────────────────────────────────────────────────────────

  /** Runs an assignment action: state machine check, the work, the message's version bump and ledger, one transaction. */
  private async act(viewer: StaffViewer, assignmentId: number, action: AssignmentAction, expectedVersion: number | undefined,
    work: (tx: Tx, a: Assignment, env: AssignmentEnv) => Promise<void>): Promise<Assignment> {
    const found = await this.ds.getRepository(Assignment).findOneBy({ id: assignmentId });
    if (!found) throw notFound('Assignment', assignmentId);
    await this.workflow.run(found.messageId, { actor: staffActor(viewer), expectedVersion }, async (tx) => {
      const a = await tx.em.getRepository(Assignment).findOneByOrFail({ id: assignmentId });
      if (!(await this.messages.canView(viewer, tx.message, tx.em))) throw notFound('Assignment', assignmentId);
      const env = await this.env(tx.em, a, tx.message);
      ASSIGNMENT_MACHINE.check(action, a.state, env, viewer);
      await work(tx, a, env);
    });
    return this.ds.getRepository(Assignment).findOneByOrFail({ id: assignmentId });
  }

  async env(em: EntityManager, a: Assignment, message: Message): Promise<AssignmentEnv> {
    const [unit, pending, openSupervision, plan] = await Promise.all([
      em.getRepository(Unit).findOneByOrFail({ id: a.unitId }),
      em.getRepository(ExtensionRequest).countBy({ assignmentId: a.id, state: 'PENDING' }),
      em.getRepository(Supervision).createQueryBuilder('s')
        .where('s.messageId = :m AND s.kind = :k AND s.respondedAt IS NULL', { m: a.messageId, k: 'SUPERVISE' })
        .andWhere('(s.unitId IS NULL OR s.unitId = :u)', { u: a.unitId }).getCount(),
      this.deadlines.plan(subjectOf(message), a.assignedAt, em),
    ]);
    return { assignment: a, message, unitPath: unit.path, hasPendingExtension: pending > 0, hasOpenSupervision: openSupervision > 0, maxExtensions: plan.maxExtensions, now: this.workflow.now() };
  }

  private async create(tx: Tx, unitId: number, role: AssignmentRole, plan: { signDueAt: Date; firstResponseDueAt: Date; replyDueAt: Date; yellowAt: Date }, parentId: number | null) {
    const repo = tx.em.getRepository(Assignment);
    return repo.save(repo.create({
      messageId: tx.message.id, unitId, role, state: AssignmentState.PENDING, parentId, assignedById: tx.actor.userId, assignedAt: tx.now,
      signDueAt: plan.signDueAt, firstResponseDueAt: plan.firstResponseDueAt, replyDueAt: plan.replyDueAt, yellowAt: plan.yellowAt,
    }));
  }

  /** Updates an assignment with its own optimistic version check. */
  async save(em: EntityManager, a: Assignment, patch: Partial<Assignment>) {
    const res = await em.createQueryBuilder().update(Assignment).set({ ...patch, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :v', { id: a.id, v: a.version }).execute();
    if (!res.affected) throw conflict('交办单已被他人修改 (assignment changed concurrently)');
    Object.assign(a, patch);
    a.version += 1;
  }

  private async activeUnits(em: EntityManager, ids: number[], field: string): Promise<Map<number, Unit>> {
    const units = await em.getRepository(Unit).findBy({ id: In(ids) });
    for (const id of ids) {
      const u = units.find((x) => x.id === id);
      if (!u || !u.isActive) throw badInput(field, `单位不存在或已停用 (no such active unit): ${id}`);
    }
    return new Map(units.map((u) => [u.id, u]));
  }
}

/**
 * One statement for an inbox page, its total and each row's message and unit: the page's ids and the total
 * (a window count) come from a derived table sorted and limited first, and only those rows are joined to
 * their message and unit (joining before the limit would read every matching message). The message and unit
 * go to the request's loaders, so the fields the inbox shows need no further query for them.
 */
async function pageWithRows(ds: DataSource, qb: SelectQueryBuilder<Assignment>, page: Page, loaders: Loaders) {
  const ids = qb.clone().select('a.id', 'pid').addSelect('COUNT(*) OVER ()', 'ptotal').offset(page.offset).limit(page.limit);
  const outer = ds.getRepository(Assignment).createQueryBuilder('a')
    .innerJoin(`(${ids.getQuery()})`, 'p', 'p.pid = a.id')
    .addSelect('p.ptotal', 'ptotal')
    .leftJoinAndMapOne('a.joinedMessage', Message, 'jm', 'jm.id = a.messageId')
    .leftJoinAndMapOne('a.joinedUnit', Unit, 'ju', 'ju.id = a.unitId')
    .orderBy('a.replyDueAt', 'ASC').addOrderBy('a.id', 'ASC')
    .setParameters(ids.getParameters());
  const { entities, raw } = await outer.getRawAndEntities();
  const total = raw.length ? Number(raw[0].ptotal) : page.offset > 0 ? await qb.getCount() : 0;
  for (const a of entities as Array<Assignment & { joinedMessage?: Message; joinedUnit?: Unit }>) {
    if (a.joinedMessage) loaders.message.prime(a.messageId, a.joinedMessage);
    if (a.joinedUnit) loaders.unit.prime(a.unitId, a.joinedUnit);
    delete a.joinedMessage;
    delete a.joinedUnit;
  }
  return toConnection(entities, total, page);
}
