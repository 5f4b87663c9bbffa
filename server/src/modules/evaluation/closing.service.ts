/**
 * Closing the loop (DESIGN §3, §7): the citizen's rating (or staff recording it after a follow-up call)
 * closes the message; reopening (重办) sends it back to the lead unit with a fresh deadline; closing by
 * hand or automatically N days after publication; marking overdue assignments once.
 */
import { DataSource, In, IsNull, LessThan, LessThanOrEqual } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { badInput } from '../../graphql/errors';
import { Assignment } from '../assignment/assignment.entity';
import { AssignmentService, subjectOf } from '../assignment/assignment.service';
import { Actor, SYSTEM_ACTOR, Tx, Workflow } from '../ledger/ledger';
import { Message } from '../message/message.entity';
import { ActorKind, AssignmentRole, AssignmentState, MessageState } from '../message/message.enums';
import type { DeadlinePlanner } from '../message/deadlines.port';
import { MessageService } from '../message/message.service';
import { MessageAction } from '../message/message.transitions';
import { bandOf, Evaluation } from './evaluation.entity';

export interface Scores {
  resolution: number;
  attitude: number;
  speed: number;
  comment?: string | null;
}

/** Satisfied means overall above this (DESIGN §7, configurable). */
export const SATISFIED_ABOVE = 3;
/** A citizen may ask for a redo once when overall is below this. */
export const CITIZEN_REOPEN_BELOW = 3;

export class ClosingService {
  constructor(
    private readonly ds: DataSource,
    private readonly workflow: Workflow,
    private readonly messages: MessageService,
    private readonly assignments: AssignmentService,
    private readonly deadlines: DeadlinePlanner,
  ) {}

  /** Staff record the citizen's rating after a follow-up call (回访); the message closes. */
  recordEvaluation(viewer: StaffViewer, messageId: number, scores: Scores, expectedVersion?: number) {
    checkScores(scores);
    return this.messages.act(viewer, messageId, MessageAction.RECORD_EVALUATION, expectedVersion, async (tx) => {
      await this.evaluateAndClose(tx, scores, ActorKind.STAFF, viewer.userId);
      return tx.message;
    });
  }

  /** The citizen rates the reply (by serial number + query code; checked by the caller): the message closes. */
  citizenEvaluate(messageId: number, scores: Scores, actor: Actor) {
    checkScores(scores);
    return this.workflow.run(messageId, { actor }, async (tx) => {
      if (tx.message.state !== MessageState.REPLIED) throw badInput('serialNo', '留言尚未答复或已评价 (the message is not waiting for a rating)');
      await this.evaluateAndClose(tx, scores, ActorKind.CITIZEN, null);
      return tx.message;
    });
  }

  /** The citizen asks for a redo once, when their rating was below 3 (重办). */
  citizenReopen(messageId: number, reason: string, actor: Actor) {
    return this.workflow.run(messageId, { actor }, async (tx) => {
      if (tx.message.state !== MessageState.CLOSED && tx.message.state !== MessageState.REPLIED) throw badInput('serialNo', '当前状态不能申请重办 (not answered yet)');
      if (tx.message.citizenReopenUsed) throw badInput('serialNo', '每条留言只能申请一次重办 (a redo can be asked once)');
      if (tx.message.archivedAt) throw badInput('serialNo', '已归档 (archived)');
      const last = await tx.em.getRepository(Evaluation).findOne({ where: { messageId }, order: { id: 'DESC' } });
      if (!last || last.overall >= CITIZEN_REOPEN_BELOW) throw badInput('serialNo', '只有评价不满意时可以申请重办 (only after a rating below 3)');
      tx.patch({ citizenReopenUsed: true });
      await this.reopenIn(tx, reason, 'CITIZEN');
      return tx.message;
    });
  }

  reopen(viewer: StaffViewer, messageId: number, reason: string, expectedVersion?: number) {
    return this.messages.act(viewer, messageId, MessageAction.REOPEN, expectedVersion, async (tx) => {
      await this.reopenIn(tx, reason, 'DISPATCHER');
      return tx.message;
    });
  }

  close(viewer: StaffViewer, messageId: number, expectedVersion?: number) {
    return this.messages.act(viewer, messageId, MessageAction.CLOSE, expectedVersion, async (tx) => {
      await this.closeIn(tx, 'MANUAL');
      return tx.message;
    });
  }

  /** Job: closes REPLIED messages whose rating did not come within the policy's days. Returns how many. */
  async autoClose(now = new Date()): Promise<number> {
    const candidates = await this.ds.getRepository(Message).find({ where: { state: MessageState.REPLIED, repliedAt: LessThan(now) }, take: 500, order: { repliedAt: 'ASC' } });
    let closed = 0;
    for (const m of candidates) {
      if ((await this.deadlines.autoCloseAt(m.repliedAt!, subjectOf(m))) > now) continue;
      try {
        await this.workflow.run(m.id, { actor: SYSTEM_ACTOR, expectedVersion: m.version, now }, async (tx) => this.closeIn(tx, 'AUTO'));
        closed++;
      } catch {
        // Someone acted on it meanwhile (rating, reopen): leave it to them.
      }
    }
    return closed;
  }

  /** Job: records each overdue assignment once (OVERDUE in the ledger, pushed to the unit). Returns how many. */
  async markOverdue(now = new Date()): Promise<number> {
    const due = await this.ds.getRepository(Assignment).find({
      where: { state: In([AssignmentState.PENDING, AssignmentState.SIGNED]), replyDueAt: LessThanOrEqual(now), overdueAt: IsNull() },
      take: 500,
    });
    let marked = 0;
    for (const a of due) {
      try {
        await this.workflow.run(a.messageId, { actor: SYSTEM_ACTOR, now }, async (tx) => {
          await this.assignments.save(tx.em, a, { overdueAt: now });
          tx.log({ action: 'OVERDUE', assignmentId: a.id, unitId: a.unitId, payload: { replyDueAt: a.replyDueAt.toISOString(), role: a.role }, notifyUnitIds: [a.unitId] });
        });
        marked++;
      } catch {
        // Changed concurrently (e.g. another instance marked it): skip; the version check guarantees once.
      }
    }
    return marked;
  }

  private async evaluateAndClose(tx: Tx, s: Scores, source: ActorKind, userId: number | null) {
    const overall = Math.round(((s.resolution + s.attitude + s.speed) / 3) * 100) / 100;
    const ev = await tx.em.getRepository(Evaluation).save(tx.em.getRepository(Evaluation).create({
      messageId: tx.message.id, unitId: tx.message.leadUnitId, resolution: s.resolution, attitude: s.attitude, speed: s.speed,
      overall, band: bandOf(overall), satisfied: overall > SATISFIED_ABOVE, comment: s.comment?.trim() || null, source, recordedById: userId, createdAt: tx.now,
    }));
    // statistics fact: the rating counts for the lead unit's current top-level assignment (满意率, 平均满意度)
    const lead = await tx.em.getRepository(Assignment).findOne({ where: { messageId: tx.message.id, role: AssignmentRole.LEAD, parentId: IsNull(), unitId: tx.message.leadUnitId ?? -1 }, order: { id: 'DESC' } });
    if (lead) {
      await this.assignments.save(tx.em, lead, { ratingCount: lead.ratingCount + 1, satisfiedCount: lead.satisfiedCount + (ev.satisfied ? 1 : 0), ratingSum: lead.ratingSum + overall });
    }
    tx.log({ action: 'EVALUATED', unitId: tx.message.leadUnitId, payload: { evaluationId: ev.id, overall, band: ev.band, satisfied: ev.satisfied, source }, notifyUnitIds: tx.message.leadUnitId ? [tx.message.leadUnitId] : [] });
    await this.closeIn(tx, 'RATED');
  }

  private async closeIn(tx: Tx, how: 'RATED' | 'MANUAL' | 'AUTO') {
    if (tx.message.state !== MessageState.REPLIED) throw badInput('messageId', '只有已答复的留言可以办结 (only replied messages close)');
    const open = await tx.em.getRepository(Assignment).findBy({ messageId: tx.message.id, state: In([AssignmentState.PENDING, AssignmentState.SIGNED, AssignmentState.REPLIED]) });
    for (const a of open) await this.assignments.save(tx.em, a, { state: AssignmentState.DONE });
    tx.patch({ state: MessageState.CLOSED, closedAt: tx.now });
    tx.log({ action: 'CLOSED', fromState: MessageState.REPLIED, toState: MessageState.CLOSED, payload: { how } });
  }

  private async reopenIn(tx: Tx, reason: string, by: 'CITIZEN' | 'DISPATCHER') {
    const from = tx.message.state;
    const plan = await this.deadlines.plan(subjectOf(tx.message), tx.now, tx.em);
    const lead = await tx.em.getRepository(Assignment).findOne({ where: { messageId: tx.message.id, role: AssignmentRole.LEAD, parentId: IsNull(), state: In([AssignmentState.REPLIED, AssignmentState.DONE]) }, order: { id: 'DESC' } });
    if (lead) {
      await this.assignments.save(tx.em, lead, {
        state: AssignmentState.SIGNED, repliedAt: null, handlingWorkingDays: null, reopenCount: lead.reopenCount + 1, replyDueAt: plan.replyDueAt, yellowAt: plan.yellowAt, firstResponseDueAt: plan.firstResponseDueAt, overdueAt: null,
      });
    }
    tx.patch({ state: MessageState.IN_PROGRESS, reopenCount: tx.message.reopenCount + 1, closedAt: null, replyDueAt: plan.replyDueAt, yellowAt: plan.yellowAt });
    tx.log({ action: 'REOPENED', assignmentId: lead?.id ?? null, unitId: lead?.unitId ?? null, fromState: from, toState: MessageState.IN_PROGRESS, payload: { reason, by, replyDueAt: plan.replyDueAt.toISOString() }, notifyUnitIds: lead ? [lead.unitId] : [] });
  }
}

function checkScores(s: Scores) {
  for (const k of ['resolution', 'attitude', 'speed'] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1 || s[k] > 5) throw badInput(k, `${k} 须为 1-5 的整数 (must be an integer from 1 to 5)`);
  }
  if (s.comment && s.comment.length > 1000) throw badInput('comment', '评价内容过长 (comment longer than 1000 characters)');
}
