/**
 * Assignments (交办单): assigning and reassigning (platform), signing, delegating, returns and extensions
 * (units and platform), and the unit inbox. Every action goes through the assignment state machine and
 * the workflow runner (one transaction with the message's version check and the ledger rows).
 */
import { evaluationCache } from '../../common/blockedAction';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Capability, roleCan } from '../../auth/capabilities';
import { unitInScope } from '../../auth/scope';
import type { StaffViewer } from '../../auth/viewer';
import { isUnitScoped } from '../../auth/viewer';
import { whereContains, whereInSubtree } from '../../common/listing';
import { LIKE_ESCAPE, likeEscape, parseId } from '../../common/text';
import { Page, toConnection } from '../../graphql/connection';
import type { Loaders } from '../../graphql/loaders';
import { entitySelect, placeholders, readEntity, sqlName, sqlOnce } from '../../db/rows';
import { badInput, conflict, forbidden, notFound, ErrorReason } from '../../graphql/errors';
import { AssignmentPatch, moveAssignment, saveAssignment, Step, Tx, Workflow } from '../ledger/ledger';
import { Message } from '../message/message.entity';
import { AssignmentRole, AssignmentState, draftableKinds, MessageState, UNFINISHED_REPLY_STATES, WarningLevel } from '../message/message.enums';
import { Reply } from '../reply/reply.entity';
import type { DeadlinePlanner, DeadlineSubject } from '../message/deadlines.port';
import { MessageService } from '../message/message.service';
import { MESSAGE_SYSTEM_MACHINE as MESSAGE_SYSTEM, MessageAction, MessageSystemAction, systemMove } from '../message/message.transitions';
import { canHandleMessages, Unit } from '../unit/unit.entity';
import { Supervision } from '../supervision/supervision.entity';
import { Assignment, ExtensionRequest } from './assignment.entity';
import { AssignMessageInput, InboxFilter, PendingRequestKind, ReassignMessageInput } from './assignment.inputs';
import { MessageEvent } from '../ledger/message-event.entity';
import { User } from '../user/user.entity';
import { ASSIGNMENT_MACHINE, AssignmentAction, AssignmentEnv, AssignmentSystemAction, assignmentSystemMove, systemMoveFrom } from './assignment.transitions';
import type { Transition } from '../../common/stateMachine';
import { OPEN_ASSIGNMENT_STATES, READABLE_ASSIGNMENT_STATES } from '../message/message.states';
import { AssignmentObjection } from './objection.entity';
import type { CatalogueReads, CatalogueService } from '../catalogue/catalogue.service';
import { Category } from '../category/category.entity';
import { LedgerAction } from '../ledger/ledger-action';

const OPEN_ASSIGNMENT = OPEN_ASSIGNMENT_STATES;

export const subjectOf = (m: Message): DeadlineSubject => ({ type: m.type, categoryId: m.categoryId, isUrgent: m.isUrgent, isComplex: m.isComplex });

export class AssignmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly workflow: Workflow,
    private readonly messages: MessageService,
    private readonly deadlines: DeadlinePlanner,
    private readonly catalogue: CatalogueService | null = null,
  ) {}

  // ── platform: assign and reassign ──────────────────────────────────────────────────────────────

  /**
   * 交办. `opts.step` runs it as one step of a shared transaction (a group of similar messages assigned together,
   * grouping/message-group.service.ts); `opts.payload` adds to its ledger row (the group it was assigned with).
   */
  async assign(viewer: StaffViewer, input: AssignMessageInput, opts: { step?: Step; payload?: Record<string, unknown> } = {}) {
    const messageId = parseId('messageId', input.messageId);
    const leadUnitId = parseId('leadUnitId', input.leadUnitId);
    const assistIds = [...new Set((input.assistUnitIds ?? []).map((id) => parseId('assistUnitIds', id)))];
    if (assistIds.includes(leadUnitId))
      throw badInput('assistUnitIds', '主办单位不能同时为协办单位 (the lead unit cannot also assist)', { reason: ErrorReason.LEAD_ALSO_ASSIST });
    return this.messages.act(
      viewer,
      messageId,
      MessageAction.ASSIGN,
      input.expectedVersion,
      async (tx) => {
        const units = await this.assignableUnits(tx.em, [leadUnitId], 'leadUnitId');
        for (const [id, u] of await this.assignableUnits(tx.em, assistIds, 'assistUnitIds')) units.set(id, u);
        const from = tx.message.state;
        if (input.isComplex !== undefined && input.isComplex !== null) tx.patch({ isComplex: input.isComplex });
        if (input.isUrgent !== undefined && input.isUrgent !== null) tx.patch({ isUrgent: input.isUrgent });
        const plan = await this.deadlines.plan(subjectOf(tx.message), tx.now, tx.em);
        const lead = await this.create(tx, leadUnitId, AssignmentRole.LEAD, plan, null);
        for (const id of assistIds) await this.create(tx, id, AssignmentRole.ASSIST, plan, null);
        // whether the dispatch catalogue covered the matter when it was assigned (catalogue gaps, docs/knowledge.md)
        const covered = this.catalogue ? (await this.catalogue.match(tx.message, tx.em))[0] : undefined;
        tx.patch({
          acceptedAt: tx.message.acceptedAt ?? tx.now,
          assignedAt: tx.message.assignedAt ?? tx.now,
          leadUnitId,
          replyDueAt: lead.replyDueAt,
          yellowAt: lead.yellowAt,
        });
        tx.log({
          action: LedgerAction.ASSIGNED,
          fromState: from,
          toState: MessageState.ASSIGNED,
          assignmentId: lead.id,
          payload: {
            leadUnitId,
            leadUnitName: units.get(leadUnitId)!.name,
            assistUnitIds: assistIds,
            assistUnitNames: assistIds.map((id) => units.get(id)!.name),
            signDueAt: lead.signDueAt.toISOString(),
            firstResponseDueAt: lead.firstResponseDueAt.toISOString(),
            replyDueAt: lead.replyDueAt.toISOString(),
            isUrgent: tx.message.isUrgent,
            isComplex: tx.message.isComplex,
            note: input.note ?? null,
            ...(this.catalogue ? { catalogueEntryId: covered?.entry.id ?? null, catalogueMatter: covered?.entry.matter ?? null } : {}),
            ...opts.payload,
          },
          notifyUnitIds: [leadUnitId, ...assistIds],
        });
        return tx.message;
      },
      { step: opts.step },
    );
  }

  async reassign(viewer: StaffViewer, input: ReassignMessageInput) {
    const messageId = parseId('messageId', input.messageId);
    const leadUnitId = parseId('leadUnitId', input.leadUnitId);
    return this.messages.act(viewer, messageId, MessageAction.REASSIGN, input.expectedVersion, async (tx) => {
      await this.assignableUnits(tx.em, [leadUnitId], 'leadUnitId');
      const from = tx.message.state;
      const old = await tx.em.getRepository(Assignment).findBy({ messageId, role: AssignmentRole.LEAD, state: In(OPEN_ASSIGNMENT) });
      if (old.some((a) => a.unitId === leadUnitId && !a.parentId))
        throw badInput('leadUnitId', '已是主办单位 (already the lead unit)', { reason: ErrorReason.ALREADY_LEAD });
      for (const a of old) await moveAssignment(tx, a, assignmentSystemMove(AssignmentSystemAction.WITHDRAWN, a, tx.message));
      const plan = await this.deadlines.plan(subjectOf(tx.message), tx.now, tx.em);
      const lead = await this.create(tx, leadUnitId, AssignmentRole.LEAD, plan, null);
      tx.patch({ leadUnitId, replyDueAt: lead.replyDueAt, yellowAt: lead.yellowAt });
      tx.log({
        action: LedgerAction.REASSIGNED,
        fromState: from,
        toState: MessageState.ASSIGNED,
        assignmentId: lead.id,
        payload: {
          leadUnitId,
          previousUnitIds: old.map((a) => a.unitId),
          cancelledAssignmentIds: old.map((a) => a.id),
          reason: input.reason,
          signDueAt: lead.signDueAt.toISOString(),
          firstResponseDueAt: lead.firstResponseDueAt.toISOString(),
          replyDueAt: lead.replyDueAt.toISOString(),
        },
        notifyUnitIds: [leadUnitId, ...old.map((a) => a.unitId)],
      });
      return tx.message;
    });
  }

  // ── units: sign, delegate, return, extension ───────────────────────────────────────────────────

  sign(viewer: StaffViewer, assignmentId: number, expectedVersion?: number) {
    return this.act(viewer, assignmentId, AssignmentAction.SIGN, expectedVersion, async (tx, a, _env, t) => {
      await moveAssignment(tx, a, t, { signedAt: tx.now });
      const fromMsg = tx.message.state;
      if (a.role === AssignmentRole.LEAD && !a.parentId && MESSAGE_SYSTEM.appliesIn(MessageSystemAction.LEAD_SIGNED, tx.message.state)) {
        tx.move(systemMove(MessageSystemAction.LEAD_SIGNED, tx.message));
      }
      tx.log({
        action: LedgerAction.SIGNED,
        assignmentId: a.id,
        unitId: a.unitId,
        fromState: fromMsg,
        toState: tx.message.state,
        payload: { role: a.role, onTime: tx.now <= a.signDueAt },
        notifyUnitIds: [a.unitId],
      });
    });
  }

  delegate(viewer: StaffViewer, assignmentId: number, unitIdRaw: string, note: string | undefined, expectedVersion?: number) {
    const unitId = parseId('unitId', unitIdRaw);
    return this.act(viewer, assignmentId, AssignmentAction.DELEGATE, expectedVersion, async (tx, a, env) => {
      const target = await tx.em.getRepository(Unit).findOneBy({ id: unitId });
      if (!target || !target.isActive) throw badInput('unitId', `单位不存在或已停用 (no such active unit): ${unitId}`, { reason: ErrorReason.UNIT_DISABLED });
      if (target.id === a.unitId || !target.path.startsWith(env.unitPath))
        throw badInput('unitId', '只能下派给本单位的下级单位 (delegate only to a unit below yours)', { reason: ErrorReason.DELEGATE_BELOW_ONLY });
      const open = await tx.em.getRepository(Assignment).countBy({ parentId: a.id, unitId, state: In(OPEN_ASSIGNMENT) });
      if (open) throw conflict('已下派给该单位 (already delegated to this unit)', { reason: ErrorReason.ALREADY_DELEGATED });
      const child = await tx.em.getRepository(Assignment).save(
        tx.em.getRepository(Assignment).create({
          messageId: a.messageId,
          unitId,
          role: a.role,
          state: AssignmentState.PENDING,
          parentId: a.id,
          assignedById: viewer.userId,
          assignedAt: tx.now,
          signDueAt: a.signDueAt,
          firstResponseDueAt: a.firstResponseDueAt,
          replyDueAt: a.replyDueAt,
          yellowAt: a.yellowAt,
        }),
      );
      tx.log({
        action: LedgerAction.DELEGATED,
        assignmentId: child.id,
        unitId: a.unitId,
        payload: { fromAssignmentId: a.id, toUnitId: unitId, toUnitName: target.name, note: note ?? null },
        notifyUnitIds: [unitId, a.unitId],
      });
    });
  }

  /**
   * 联系群众: the unit records that it contacted the citizen. On the lead unit's chain it is the message's first
   * response (响应率, statistics/facts.ts); an assisting unit's contact is recorded, not counted.
   */
  recordContact(viewer: StaffViewer, assignmentId: number, method: string, note: string | undefined, expectedVersion?: number) {
    return this.act(viewer, assignmentId, AssignmentAction.RECORD_CONTACT, expectedVersion, async (tx, a) => {
      if (a.role === AssignmentRole.LEAD && !tx.message.firstResponseAt) tx.patch({ firstResponseAt: tx.now });
      tx.log({
        action: LedgerAction.CITIZEN_CONTACTED,
        assignmentId: a.id,
        unitId: a.unitId,
        payload: { role: a.role, method: method.trim(), note: note?.trim() || null },
      });
    });
  }

  requestReturn(viewer: StaffViewer, assignmentId: number, reason: string, expectedVersion?: number) {
    return this.act(viewer, assignmentId, AssignmentAction.REQUEST_RETURN, expectedVersion, async (tx, a, _env, t) => {
      const from = a.state;
      await moveAssignment(tx, a, t, { stateBeforeReturn: from, returnReason: reason });
      tx.log({
        action: LedgerAction.RETURN_REQUESTED,
        assignmentId: a.id,
        unitId: a.unitId,
        fromState: from,
        toState: AssignmentState.RETURN_REQUESTED,
        payload: { reason },
        notifyUnitIds: [a.unitId],
      });
    });
  }

  decideReturn(viewer: StaffViewer, assignmentId: number, approve: boolean, comment: string | undefined, expectedVersion?: number) {
    if (!approve && !comment) throw badInput('comment', '驳回须说明理由 (a comment is required to refuse)', { reason: ErrorReason.COMMENT_REQUIRED });
    const action = approve ? AssignmentAction.APPROVE_RETURN : AssignmentAction.REJECT_RETURN;
    return this.act(viewer, assignmentId, action, expectedVersion, async (tx, a, _env, t) => {
      if (!approve) {
        const back = a.stateBeforeReturn ?? AssignmentState.PENDING;
        await moveAssignment(tx, a, t, { stateBeforeReturn: null }, back);
        tx.log({
          action: LedgerAction.RETURN_REJECTED,
          assignmentId: a.id,
          unitId: a.unitId,
          fromState: AssignmentState.RETURN_REQUESTED,
          toState: back,
          payload: { comment: comment ?? null },
          notifyUnitIds: [a.unitId],
        });
        return;
      }
      await moveAssignment(tx, a, t);
      await this.withdrawChildren(tx, a);
      const fromMsg = tx.message.state;
      if (a.role === AssignmentRole.LEAD && !a.parentId) {
        // The lead is gone: the message waits for the dispatcher to assign it again (改派).
        tx.move(systemMove(MessageSystemAction.LEAD_RETURNED, tx.message), { leadUnitId: null, replyDueAt: null, yellowAt: null });
      }
      tx.log({
        action: LedgerAction.RETURN_APPROVED,
        assignmentId: a.id,
        unitId: a.unitId,
        fromState: fromMsg,
        toState: tx.message.state,
        payload: { comment: comment ?? null, reason: a.returnReason },
        notifyUnitIds: [a.unitId],
      });
    });
  }

  requestExtension(viewer: StaffViewer, assignmentId: number, days: number, reason: string, expectedVersion?: number) {
    return this.act(viewer, assignmentId, AssignmentAction.REQUEST_EXTENSION, expectedVersion, async (tx, a) => {
      const req = await tx.em.getRepository(ExtensionRequest).save(
        tx.em.getRepository(ExtensionRequest).create({
          assignmentId: a.id,
          requestedDays: days,
          reason,
          state: 'PENDING',
          requestedById: viewer.userId,
          previousDueAt: a.replyDueAt,
        }),
      );
      tx.log({
        action: LedgerAction.EXTENSION_REQUESTED,
        assignmentId: a.id,
        unitId: a.unitId,
        payload: { requestId: req.id, days, reason, replyDueAt: a.replyDueAt.toISOString() },
        notifyUnitIds: [a.unitId],
      });
    });
  }

  decideExtension(
    viewer: StaffViewer,
    assignmentId: number,
    approve: boolean,
    comment: string | undefined,
    days: number | undefined,
    expectedVersion?: number,
  ) {
    if (!approve && !comment) throw badInput('comment', '驳回须说明理由 (a comment is required to refuse)', { reason: ErrorReason.COMMENT_REQUIRED });
    const action = approve ? AssignmentAction.APPROVE_EXTENSION : AssignmentAction.REJECT_EXTENSION;
    return this.act(viewer, assignmentId, action, expectedVersion, async (tx, a) => {
      const req = await tx.em.getRepository(ExtensionRequest).findOneByOrFail({ assignmentId: a.id, state: 'PENDING' });
      if (!approve) {
        await tx.em
          .getRepository(ExtensionRequest)
          .update(req.id, { state: 'REJECTED', decidedById: viewer.userId, decisionNote: comment ?? null, decidedAt: tx.now });
        tx.log({
          action: LedgerAction.EXTENSION_REJECTED,
          assignmentId: a.id,
          unitId: a.unitId,
          payload: { requestId: req.id, comment: comment ?? null },
          notifyUnitIds: [a.unitId],
        });
        return;
      }
      const granted = days ?? req.requestedDays;
      const next = await this.deadlines.extend(a.replyDueAt, a.assignedAt, granted);
      await tx.em
        .getRepository(ExtensionRequest)
        .update(req.id, { state: 'APPROVED', decidedById: viewer.userId, decisionNote: comment ?? null, decidedAt: tx.now, newDueAt: next.replyDueAt });
      await this.save(tx.em, a, { replyDueAt: next.replyDueAt, yellowAt: next.yellowAt, extensionCount: a.extensionCount + 1, overdueAt: null });
      const children = await tx.em.getRepository(Assignment).findBy({ parentId: a.id, state: In(OPEN_ASSIGNMENT) });
      for (const c of children) await this.save(tx.em, c, { replyDueAt: next.replyDueAt, yellowAt: next.yellowAt });
      if (a.role === AssignmentRole.LEAD) tx.patch({ replyDueAt: next.replyDueAt, yellowAt: next.yellowAt });
      tx.log({
        action: LedgerAction.EXTENSION_APPROVED,
        assignmentId: a.id,
        unitId: a.unitId,
        payload: {
          requestId: req.id,
          days: granted,
          previousDueAt: a.replyDueAt.toISOString(),
          replyDueAt: next.replyDueAt.toISOString(),
          comment: comment ?? null,
        },
        notifyUnitIds: [a.unitId],
      });
    });
  }

  cancel(viewer: StaffViewer, assignmentId: number, reason: string, expectedVersion?: number) {
    return this.act(viewer, assignmentId, AssignmentAction.CANCEL, expectedVersion, async (tx, a, _env, t) => {
      const from = a.state;
      await moveAssignment(tx, a, t);
      tx.log({
        action: LedgerAction.ASSIGNMENT_CANCELLED,
        assignmentId: a.id,
        unitId: a.unitId,
        fromState: from,
        toState: AssignmentState.CANCELLED,
        payload: { reason },
        notifyUnitIds: [a.unitId],
      });
    });
  }

  // ── 派单异议: a unit objects, the platform decides ─────────────────────────────────────────────────

  /** 派单异议: the unit says the matter is not theirs, why, and (optionally) which unit is responsible. */
  object(viewer: StaffViewer, assignmentId: number, reason: string, proposedUnitIdRaw: string | undefined, expectedVersion?: number) {
    const proposedUnitId = proposedUnitIdRaw ? parseId('proposedUnitId', proposedUnitIdRaw) : null;
    return this.act(viewer, assignmentId, AssignmentAction.OBJECT, expectedVersion, async (tx, a) => {
      const units = proposedUnitId ? await this.assignableUnits(tx.em, [proposedUnitId], 'proposedUnitId') : new Map<number, Unit>();
      const repo = tx.em.getRepository(AssignmentObjection);
      const o = await repo.save(
        repo.create({
          assignmentId: a.id,
          messageId: a.messageId,
          unitId: a.unitId,
          reason,
          proposedUnitId,
          state: 'PENDING',
          raisedById: viewer.userId,
          createdAt: tx.now,
        }),
      );
      tx.log({
        action: LedgerAction.OBJECTION_RAISED,
        assignmentId: a.id,
        unitId: a.unitId,
        payload: { objectionId: o.id, role: a.role, reason, proposedUnitId, proposedUnitName: proposedUnitId ? units.get(proposedUnitId)!.name : null },
        notifyUnitIds: [a.unitId],
      });
    });
  }

  /**
   * The platform decides an objection. Upheld (异议成立): the assignment is withdrawn; a lead assignment goes to the
   * unit decided (`newUnitId`, required) as a reassignment (the ledger's REASSIGNED row follows, so the statistics
   * count it like one); an assist assignment is withdrawn. Rejected (异议不成立, with a reason): the unit keeps it.
   */
  decideObjection(
    viewer: StaffViewer,
    assignmentId: number,
    uphold: boolean,
    comment: string | undefined,
    newUnitIdRaw: string | undefined,
    expectedVersion?: number,
  ) {
    if (!uphold && !comment) throw badInput('comment', '驳回须说明理由 (a comment is required to reject)', { reason: ErrorReason.COMMENT_REQUIRED });
    const newUnitId = newUnitIdRaw ? parseId('newUnitId', newUnitIdRaw) : null;
    const action = uphold ? AssignmentAction.UPHOLD_OBJECTION : AssignmentAction.REJECT_OBJECTION;
    return this.act(viewer, assignmentId, action, expectedVersion, async (tx, a, _env, t) => {
      const repo = tx.em.getRepository(AssignmentObjection);
      const o = await repo.findOneByOrFail({ assignmentId: a.id, state: 'PENDING' });
      const decided = { decidedById: viewer.userId, decidedAt: tx.now, decisionNote: comment ?? null };
      if (!uphold) {
        await repo.update(o.id, { state: 'REJECTED', ...decided });
        tx.log({
          action: LedgerAction.OBJECTION_REJECTED,
          assignmentId: a.id,
          unitId: a.unitId,
          payload: { objectionId: o.id, role: a.role, reason: o.reason, comment: comment ?? null },
          notifyUnitIds: [a.unitId],
        });
        return;
      }
      const lead = a.role === AssignmentRole.LEAD;
      if (lead && !newUnitId) throw badInput('newUnitId', '请选择改派的单位 (choose the unit that takes it over)', { reason: ErrorReason.NEW_UNIT_REQUIRED });
      const units = lead ? await this.assignableUnits(tx.em, [newUnitId!], 'newUnitId') : new Map<number, Unit>();
      if (lead && newUnitId === a.unitId) throw badInput('newUnitId', '已是主办单位 (already the lead unit)', { reason: ErrorReason.ALREADY_LEAD });
      const from = a.state;
      const fromMsg = tx.message.state;
      await moveAssignment(tx, a, t);
      const children = await this.withdrawChildren(tx, a);
      await repo.update(o.id, { state: 'UPHELD', ...decided, newUnitId: lead ? newUnitId : null });
      tx.log({
        action: LedgerAction.OBJECTION_UPHELD,
        assignmentId: a.id,
        unitId: a.unitId,
        fromState: from,
        toState: AssignmentState.CANCELLED,
        payload: {
          objectionId: o.id,
          role: a.role,
          reason: o.reason,
          comment: comment ?? null,
          newUnitId: lead ? newUnitId : null,
          newUnitName: lead ? units.get(newUnitId!)!.name : null,
        },
        notifyUnitIds: [a.unitId],
      });
      if (!lead) return;
      const plan = await this.deadlines.plan(subjectOf(tx.message), tx.now, tx.em);
      const next = await this.create(tx, newUnitId!, AssignmentRole.LEAD, plan, null);
      tx.move(systemMove(MessageSystemAction.REASSIGNED_ON_OBJECTION, tx.message), {
        leadUnitId: newUnitId,
        replyDueAt: next.replyDueAt,
        yellowAt: next.yellowAt,
      });
      tx.log({
        action: LedgerAction.REASSIGNED,
        fromState: fromMsg,
        toState: MessageState.ASSIGNED,
        assignmentId: next.id,
        payload: {
          leadUnitId: newUnitId,
          previousUnitIds: [a.unitId],
          cancelledAssignmentIds: [a.id, ...children.map((c) => c.id)],
          reason: comment ?? o.reason,
          objectionId: o.id,
          signDueAt: next.signDueAt.toISOString(),
          firstResponseDueAt: next.firstResponseDueAt.toISOString(),
          replyDueAt: next.replyDueAt.toISOString(),
        },
        notifyUnitIds: [newUnitId!, a.unitId],
      });
    });
  }

  /**
   * The matter of a dispatch catalogue entry in force that names the assignment's unit for its message (as lead for a
   * lead assignment, as an assist for an assist), or null: such an assignment follows the catalogue, not an objection.
   */
  async catalogueEntryFor(a: Assignment, message: Message, from: EntityManager | CatalogueReads = this.ds.manager): Promise<string | null> {
    if (!this.catalogue) return null;
    const hit = (await this.catalogue.match(message, from)).find((m) =>
      a.role === AssignmentRole.LEAD ? m.entry.leadUnitId === a.unitId : m.entry.assistUnitIds.includes(a.unitId),
    );
    return hit ? hit.entry.matter : null;
  }

  // ── waiting for the citizen (挂起): the clock pauses ─────────────────────────────────────────────

  hold(viewer: StaffViewer, messageId: number, reason: string, expectedVersion?: number) {
    return this.messages.act(viewer, messageId, MessageAction.HOLD, expectedVersion, async (tx) => {
      tx.patch({ onHoldSince: tx.now });
      tx.log({ action: LedgerAction.ON_HOLD, payload: { reason } });
      return tx.message;
    });
  }

  /** Resuming moves every open deadline of the message later by the paused time (domain.md §6). */
  resume(viewer: StaffViewer, messageId: number, reason: string, expectedVersion?: number) {
    return this.messages.act(viewer, messageId, MessageAction.RESUME, expectedVersion, async (tx) => {
      const pausedFrom = tx.message.onHoldSince!;
      const open = await tx.em.getRepository(Assignment).findBy({ messageId, state: In(OPEN_ASSIGNMENT) });
      for (const a of open) {
        const next = await this.deadlines.resume(a.replyDueAt, a.assignedAt, pausedFrom, tx.now);
        // no longer overdue once the deadline has moved past now (like an extension)
        await this.save(tx.em, a, { replyDueAt: next.dueAt, yellowAt: next.yellowAt, ...(next.dueAt > tx.now ? { overdueAt: null } : {}) });
      }
      const lead = open.find((a) => a.role === AssignmentRole.LEAD && !a.parentId);
      tx.patch({ onHoldSince: null, ...(lead ? { replyDueAt: lead.replyDueAt, yellowAt: lead.yellowAt } : {}) });
      tx.log({ action: LedgerAction.RESUMED, payload: { reason, pausedFrom: pausedFrom.toISOString(), replyDueAt: lead?.replyDueAt.toISOString() ?? null } });
      return tx.message;
    });
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────────

  /** The unit inbox (待办): assignments of a unit (and its subtree), due dates first. */
  async inbox(viewer: StaffViewer, filter: InboxFilter = {}, page: Page, loaders: Loaders) {
    const unitId = filter.unitId ? parseId('filter.unitId', filter.unitId) : viewer.unitId;
    const unit = unitId === viewer.unitId ? { id: viewer.unitId, path: viewer.unitPath } : await this.ds.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit) throw notFound('Unit', unitId);
    if (isUnitScoped(viewer) && !unitInScope(viewer, unit.path)) throw forbidden("无权查看其他单位的待办 (another unit's inbox)");
    // A withdrawn or returned assignment no longer lets its unit read the message (reach rule): a unit role's inbox
    // does not list it (it would show the message), whatever states are asked for.
    const asked = filter.states?.length ? filter.states : OPEN_ASSIGNMENT;
    const states = isUnitScoped(viewer) ? asked.filter((st) => READABLE_ASSIGNMENT_STATES.includes(st)) : asked;
    const subtree = filter.includeSubtree !== false;
    const query = (): SelectQueryBuilder<Assignment> => {
      const qb = this.ds.getRepository(Assignment).createQueryBuilder('a');
      if (!subtree) qb.where('a.unitId = :unitId', { unitId: unit.id });
      else {
        qb.innerJoin(Unit, 'u', 'u.id = a.unitId');
        whereInSubtree(qb, 'u.path', unit.path, 'inboxPath');
      }
      if (states.length) qb.andWhere('a.state IN (:...states)', { states });
      else qb.andWhere('1 = 0');
      if (filter.warningLevel) {
        const now = this.workflow.now();
        // on the deadline clock, which stops while the message is on hold (as the rows' warningLevel)
        const clock = 'COALESCE((SELECT hm.onHoldSince FROM message hm WHERE hm.id = a.messageId), :now)';
        if (filter.warningLevel === WarningLevel.RED) qb.andWhere(`a.replyDueAt < ${clock}`, { now });
        else if (filter.warningLevel === WarningLevel.YELLOW) qb.andWhere(`a.yellowAt <= ${clock} AND a.replyDueAt >= ${clock}`, { now });
        else qb.andWhere(`a.yellowAt > ${clock}`, { now });
      }
      if (filter.search?.trim()) {
        qb.innerJoin(Message, 'sm', 'sm.id = a.messageId');
        whereContains(qb, ['sm.serialNo', 'sm.title'], filter.search, 'inboxSearch');
      }
      return qb.orderBy('a.replyDueAt', 'ASC').addOrderBy('a.id', 'ASC');
    };
    // the usual inbox (a unit or its subtree, some states, no warning level or search): the page's statement from a
    // text built once per shape (TypeORM's query builder costs more CPU than the statement on every request; issue 19)
    const ids =
      states.length && !filter.warningLevel && !filter.search?.trim()
        ? { sql: plainInboxIdsSql(this.ds, subtree, states.length), params: [subtree ? `${likeEscape(unit.path)}%` : unit.id, ...states] }
        : null;
    return pageWithRows(this.ds, query, ids, page, loaders);
  }

  /**
   * The platform's queue of requests to decide (待审批): returns asked for and extensions pending, oldest first, each
   * with the unit's reason, the days asked and who asked when (from the ledger). Only those who decide see it.
   * Both sets are small (open work waiting for a decision), so they are read whole and merged.
   */
  async pendingRequests(viewer: StaffViewer, kind: PendingRequestKind | undefined, page: Page) {
    if (!roleCan(viewer.role, Capability.REQUEST_DECIDE))
      throw forbidden('只有平台受理交办人员审批退单、延期和派单异议 (only the platform decides returns, extensions and objections)');
    const repo = this.ds.getRepository(Assignment);
    const wants = (k: PendingRequestKind) => !kind || kind === k;
    const returns = wants(PendingRequestKind.RETURN) ? await repo.findBy({ state: AssignmentState.RETURN_REQUESTED }) : [];
    const extensions = wants(PendingRequestKind.EXTENSION) ? await this.ds.getRepository(ExtensionRequest).findBy({ state: 'PENDING' }) : [];
    const objections = wants(PendingRequestKind.OBJECTION) ? await this.ds.getRepository(AssignmentObjection).findBy({ state: 'PENDING' }) : [];
    const extended =
      extensions.length || objections.length ? await repo.findBy({ id: In([...new Set([...extensions, ...objections].map((e) => e.assignmentId))]) }) : [];
    const byId = new Map([...returns, ...extended].map((a) => [a.id, a]));
    const messageIds = [...new Set([...byId.values()].map((a) => a.messageId))];
    const events = messageIds.length
      ? await this.ds.getRepository(MessageEvent).find({
          select: { id: true, assignmentId: true, action: true, createdAt: true, actorUserId: true, payload: true },
          where: { messageId: In(messageIds), action: In([LedgerAction.RETURN_REQUESTED, LedgerAction.EXTENSION_REQUESTED]) },
          order: { id: 'ASC' },
        })
      : [];
    const lastReturn = new Map<number, MessageEvent>();
    const extensionEvent = new Map<number, MessageEvent>();
    for (const e of events) {
      if (e.action === LedgerAction.RETURN_REQUESTED && e.assignmentId) lastReturn.set(e.assignmentId, e);
      else if (e.action === LedgerAction.EXTENSION_REQUESTED && e.payload?.requestId) extensionEvent.set(Number(e.payload.requestId), e);
    }
    const rows = [
      ...returns.map((a) => ({
        id: `RETURN:${a.id}`,
        kind: PendingRequestKind.RETURN,
        assignment: a,
        reason: a.returnReason ?? '',
        requestedDays: null,
        requestedAt: lastReturn.get(a.id)?.createdAt ?? a.updatedAt,
        requestedById: lastReturn.get(a.id)?.actorUserId ?? null,
      })),
      ...extensions
        .filter((x) => byId.has(x.assignmentId))
        .map((x) => ({
          id: `EXTENSION:${x.id}`,
          kind: PendingRequestKind.EXTENSION,
          assignment: byId.get(x.assignmentId)!,
          reason: x.reason,
          requestedDays: x.requestedDays,
          requestedAt: extensionEvent.get(x.id)?.createdAt ?? x.createdAt,
          requestedById: x.requestedById,
        })),
      ...objections
        .filter((x) => byId.has(x.assignmentId))
        .map((x) => ({
          id: `OBJECTION:${x.id}`,
          kind: PendingRequestKind.OBJECTION,
          assignment: byId.get(x.assignmentId)!,
          reason: x.reason,
          requestedDays: null,
          requestedAt: x.createdAt,
          requestedById: x.raisedById,
        })),
    ].sort((x, y) => x.requestedAt.getTime() - y.requestedAt.getTime() || x.id.localeCompare(y.id));
    const shown = rows.slice(page.offset, page.offset + page.limit);
    const userIds = [...new Set(shown.map((r) => r.requestedById).filter((id): id is number => id !== null))];
    const names = new Map(
      (userIds.length ? await this.ds.getRepository(User).find({ select: { id: true, displayName: true }, where: { id: In(userIds) } }) : []).map((u) => [
        u.id,
        u.displayName,
      ]),
    );
    return toConnection(
      shown.map(({ requestedById, ...r }) => ({ ...r, requestedByName: requestedById ? (names.get(requestedById) ?? null) : null })),
      rows.length,
      page,
    );
  }

  /**
   * What the viewer may do with an assignment now. On a page of assignments the request's DataLoaders batch
   * what the guards read (message, unit, extension requests, supervision, category), so the page costs a
   * fixed number of statements whatever its length.
   */
  private readonly evaluations = evaluationCache<Assignment, AssignmentAction>();

  async availableActions(viewer: StaffViewer, a: Assignment, loaders: Loaders): Promise<AssignmentAction[]> {
    return (await this.evaluate(viewer, a, loaders)).available;
  }

  /** What the state machine says about every action on this assignment for this viewer (allowed, and refused by a rule with why). */
  evaluate(viewer: StaffViewer, a: Assignment, loaders: Loaders) {
    return this.evaluations(a, `${viewer.userId}:${viewer.role}`, () => this.computeEvaluation(viewer, a, loaders));
  }

  private async computeEvaluation(viewer: StaffViewer, a: Assignment, loaders: Loaders) {
    const [message, unit, facts] = await Promise.all([loaders.message.load(a.messageId), loaders.unit.load(a.unitId), loaders.assignmentGuardFacts.load(a.id)]);
    const { unfinishedKinds: unfinished } = facts;
    if (!message || !unit) return { available: [], blocked: [] };
    const env: AssignmentEnv = {
      assignment: a,
      message,
      unitPath: unit.path,
      now: this.workflow.now(),
      hasPendingExtension: facts.extensionPending,
      hasOpenSupervision: facts.openSupervision,
      hasPendingObjection: facts.objectionPending,
      // the catalogue is read only where an objection could be offered (a unit's own top assignment, open)
      catalogueEntry:
        isUnitScoped(viewer) && !a.parentId && (a.state === AssignmentState.PENDING || a.state === AssignmentState.SIGNED)
          ? await this.catalogueEntryFor(a, message, {
              entries: () => loaders.catalogueEntries.load(0),
              categories: async (ids) => (await loaders.category.loadMany(ids)).filter((c): c is Category => !!c && !(c instanceof Error)),
              units: async (ids) => (await loaders.unit.loadMany(ids)).filter((u): u is Unit => !!u && !(u instanceof Error)),
            })
          : null,
      hasUnitsBelow: facts.freeUnitBelow,
      repliesUnfinished: draftableKinds(a.role).every((k) => unfinished.has(k)),
      maxExtensions: await this.deadlines.maxExtensions(subjectOf(message), (id) => loaders.category.load(id)),
    };
    return ASSIGNMENT_MACHINE.evaluate(a.state, env, viewer);
  }

  /** One assignment; missing or on a message outside the viewer's reach, the same NOT_FOUND. */
  get(viewer: StaffViewer, id: number): Promise<Assignment> {
    return this.messages.findInReach(viewer, 'Assignment', id, (em) => em.getRepository(Assignment).findOneBy({ id }));
  }

  // ── machinery ──────────────────────────────────────────────────────────────────────────────────

  /** Runs an assignment action: state machine check, the work, the message's version bump and ledger, one transaction. */
  private async act(
    viewer: StaffViewer,
    assignmentId: number,
    action: AssignmentAction,
    expectedVersion: number | undefined,
    work: (tx: Tx, a: Assignment, env: AssignmentEnv, row: Transition<AssignmentState, AssignmentAction, AssignmentEnv>) => Promise<void>,
  ): Promise<Assignment> {
    await this.messages.actOnRecord(
      viewer,
      'Assignment',
      assignmentId,
      (em) => em.getRepository(Assignment).findOneBy({ id: assignmentId }),
      { expectedVersion },
      async (tx, a) => {
        const env = await this.env(tx.em, a, tx.message);
        const t = ASSIGNMENT_MACHINE.check(action, a.state, env, viewer);
        await work(tx, a, env, t);
      },
    );
    return this.ds.getRepository(Assignment).findOneByOrFail({ id: assignmentId });
  }

  async env(em: EntityManager, a: Assignment, message: Message): Promise<AssignmentEnv> {
    const [unit, pending, openSupervision, plan, below, objections, catalogueEntry, handedTo, unfinished] = await Promise.all([
      em.getRepository(Unit).findOneByOrFail({ id: a.unitId }),
      em.getRepository(ExtensionRequest).countBy({ assignmentId: a.id, state: 'PENDING' }),
      em
        .getRepository(Supervision)
        .createQueryBuilder('s')
        .where('s.messageId = :m AND s.kind = :k AND s.respondedAt IS NULL', { m: a.messageId, k: 'SUPERVISE' })
        .andWhere('(s.unitId IS NULL OR s.unitId = :u)', { u: a.unitId })
        .getCount(),
      this.deadlines.plan(subjectOf(message), a.assignedAt, em),
      em.getRepository(Unit).findBy({ parentId: a.unitId, isActive: true }),
      em.getRepository(AssignmentObjection).countBy({ assignmentId: a.id, state: 'PENDING' }),
      this.catalogueEntryFor(a, message, em),
      em.getRepository(Assignment).findBy({ parentId: a.id, state: In(OPEN_ASSIGNMENT) }),
      em.getRepository(Reply).findBy({ assignmentId: a.id, state: In(UNFINISHED_REPLY_STATES) }),
    ]);
    const handed = new Set(handedTo.map((c) => c.unitId));
    const kinds = new Set(unfinished.map((r) => r.kind));
    return {
      assignment: a,
      message,
      unitPath: unit.path,
      hasPendingExtension: pending > 0,
      hasOpenSupervision: openSupervision > 0,
      hasUnitsBelow: below.some((u) => !handed.has(u.id)),
      repliesUnfinished: draftableKinds(a.role).every((k) => kinds.has(k)),
      hasPendingObjection: objections > 0,
      catalogueEntry,
      maxExtensions: plan.maxExtensions,
      now: this.workflow.now(),
    };
  }

  private async create(
    tx: Tx,
    unitId: number,
    role: AssignmentRole,
    plan: { signDueAt: Date; firstResponseDueAt: Date; replyDueAt: Date; yellowAt: Date },
    parentId: number | null,
  ) {
    const repo = tx.em.getRepository(Assignment);
    return repo.save(
      repo.create({
        messageId: tx.message.id,
        unitId,
        role,
        state: AssignmentState.PENDING,
        parentId,
        assignedById: tx.actor.userId,
        assignedAt: tx.now,
        signDueAt: plan.signDueAt,
        firstResponseDueAt: plan.firstResponseDueAt,
        replyDueAt: plan.replyDueAt,
        yellowAt: plan.yellowAt,
      }),
    );
  }

  /** Updates an assignment's columns (its state moves through the runner) with its own optimistic version check. */
  save(em: EntityManager, a: Assignment, patch: AssignmentPatch) {
    return saveAssignment(em, a, patch);
  }

  /** Delegated work follows its parent: the parent's open children are withdrawn with it (returned or withdrawn). */
  private async withdrawChildren(tx: Tx, parent: Assignment): Promise<Assignment[]> {
    const children = await tx.em.getRepository(Assignment).findBy({ parentId: parent.id, state: In(systemMoveFrom(AssignmentSystemAction.WITHDRAWN)) });
    for (const c of children) await moveAssignment(tx, c, assignmentSystemMove(AssignmentSystemAction.WITHDRAWN, c, tx.message));
    return children;
  }

  /**
   * Units that may receive an assignment: existing, enabled, and not a root of the organisation tree. A root
   * (the province: 湖南省) is the platform itself, which screens and assigns; it does not handle messages.
   */
  private async assignableUnits(em: EntityManager, ids: number[], field: string): Promise<Map<number, Unit>> {
    const units = ids.length ? await em.getRepository(Unit).findBy({ id: In(ids) }) : [];
    for (const id of ids) {
      const u = units.find((x) => x.id === id);
      if (!u || !u.isActive) throw badInput(field, `单位不存在或已停用 (no such active unit): ${id}`, { reason: ErrorReason.UNIT_DISABLED });
      if (!canHandleMessages(u))
        throw badInput(field, `“${u.name}”是平台本级，不承办留言，请选择下级单位 (the top of the organisation does not handle messages)`, {
          reason: ErrorReason.UNIT_DOES_NOT_HANDLE,
          params: { unit: u.name },
        });
    }
    return new Map(units.map((u) => [u.id, u]));
  }
}

/** The usual inbox's ids and total (see AssignmentService.inbox), its text built once per shape and data source. */
function plainInboxIdsSql(ds: DataSource, subtree: boolean, states: number): string {
  return sqlOnce(ds, `inbox.ids|${subtree}|${states}`, () => {
    const a = (property: string) => `a.${sqlName(ds, Assignment, property)}`;
    return (
      `SELECT ${a('id')} AS pid, COUNT(*) OVER () AS ptotal FROM ${sqlName(ds, Assignment)} a` +
      (subtree
        ? ` INNER JOIN ${sqlName(ds, Unit)} u ON u.${sqlName(ds, Unit, 'id')} = ${a('unitId')} WHERE u.${sqlName(ds, Unit, 'path')} LIKE ${placeholders(ds, [0])} ${LIKE_ESCAPE}`
        : ` WHERE ${a('unitId')} = ${placeholders(ds, [0])}`) +
      ` AND ${a('state')} IN (${Array.from({ length: states }, (_, i) => ds.driver.createParameter(`s${i}`, i + 1)).join(', ')})` +
      ` ORDER BY ${a('replyDueAt')} ASC, ${a('id')} ASC`
    );
  });
}

/** The inbox page's statement around its ids' derived table, built once per data source. */
function pageSqlOf(ds: DataSource): readonly [string, string] {
  return sqlOnce(ds, 'inbox.page', () => {
    const a = (property: string) => `a.${sqlName(ds, Assignment, property)}`;
    return [
      `SELECT ${entitySelect(ds, Assignment, 'a')}, ${entitySelect(ds, Message, 'jm')}, ${entitySelect(ds, Unit, 'ju')}, p.ptotal AS ptotal
       FROM ${sqlName(ds, Assignment)} a INNER JOIN (`,
      `) p ON p.pid = ${a('id')}
       LEFT JOIN ${sqlName(ds, Message)} jm ON jm.${sqlName(ds, Message, 'id')} = ${a('messageId')}
       LEFT JOIN ${sqlName(ds, Unit)} ju ON ju.${sqlName(ds, Unit, 'id')} = ${a('unitId')}
      ORDER BY ${a('replyDueAt')} ASC, ${a('id')} ASC`,
    ] as const;
  });
}

/**
 * One statement for an inbox page, its total and each row's message and unit: the page's ids and the total
 * (a window count) come from a derived table sorted and limited first, and only those rows are joined to
 * their message and unit (joining before the limit would read every matching message). The message and unit
 * go to the request's loaders, so the fields the inbox shows need no further query for them. The outer statement's
 * select lists are built once and its rows hydrated by db/rows.ts (TypeORM's query builder and result transformer
 * cost more than the statement itself on a page of 25; issue 19).
 */
async function pageWithRows(
  ds: DataSource,
  query: () => SelectQueryBuilder<Assignment>,
  plain: { sql: string; params: unknown[] } | null,
  page: Page,
  loaders: Loaders,
) {
  const offset = Math.max(0, Math.trunc(page.offset));
  const limit = Math.max(0, Math.trunc(page.limit));
  const [idsSql, params] = plain
    ? [`${plain.sql} LIMIT ${limit} OFFSET ${offset}`, plain.params]
    : query().select('a.id', 'pid').addSelect('COUNT(*) OVER ()', 'ptotal').offset(offset).limit(limit).getQueryAndParameters();
  const [before, after] = pageSqlOf(ds);
  const rows: Array<Record<string, unknown>> = await ds.query(`${before}${idsSql}${after}`, params);
  const total = rows.length ? Number(rows[0].ptotal) : page.offset > 0 ? await query().getCount() : 0;
  const entities: Assignment[] = [];
  for (const row of rows) {
    const a = readEntity(ds, Assignment, 'a', row)!;
    const message = readEntity(ds, Message, 'jm', row);
    const unit = readEntity(ds, Unit, 'ju', row);
    if (message) loaders.message.prime(a.messageId, message);
    if (unit) loaders.unit.prime(a.unitId, unit);
    entities.push(a);
  }
  return toConnection(entities, total, page);
}
