/**
 * Closing the loop (domain.md §3, §7): the citizen's rating (or staff recording it after a follow-up call)
 * closes the message; reopening (重办) sends it back to the lead unit with a fresh deadline; closing by
 * hand or automatically N days after publication; marking overdue assignments once.
 */
import { DataSource, EntityManager, In, IsNull, LessThan, LessThanOrEqual } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { badInput, ErrorReason } from '../../graphql/errors';
import { Assignment } from '../assignment/assignment.entity';
import { subjectOf } from '../assignment/assignment.service';
import { Actor, Move, moveAssignment, SYSTEM_ACTOR, Tx, Workflow } from '../ledger/ledger';
import { Message } from '../message/message.entity';
import { ActorKind, AssignmentRole, MessageState } from '../message/message.enums';
import type { DeadlinePlanner } from '../message/deadlines.port';
import { MessageService } from '../message/message.service';
import { DEFAULT_ARCHIVE, DEFAULT_RANKING, type SettingsService } from '../settings/settings.service';
import { FINISHED, MESSAGE_MACHINE, MessageAction, MessageSystemAction, systemMove } from '../message/message.transitions';
import { AssignmentSystemAction, assignmentSystemMove, systemMoveFrom } from '../assignment/assignment.transitions';
import { bandOf, Evaluation } from './evaluation.entity';
import { assertCitizenMayRate, assertCitizenMayRedo, CitizenStanding, overallOf } from './citizen.rules';
import { LedgerAction } from '../ledger/ledger-action';

export interface Scores {
  resolution: number;
  attitude: number;
  speed: number;
  comment?: string | null;
}

export { CITIZEN_REOPEN_BELOW } from './citizen.rules';

const DEFAULT_THRESHOLDS = { satisfactionThreshold: DEFAULT_RANKING.satisfactionThreshold };

export class ClosingService {
  constructor(
    private readonly ds: DataSource,
    private readonly workflow: Workflow,
    private readonly messages: MessageService,
    private readonly deadlines: DeadlinePlanner,
    private readonly settings?: SettingsService,
  ) {}

  /** Staff record the citizen's rating after a follow-up call (回访); the message closes. */
  recordEvaluation(viewer: StaffViewer, messageId: number, scores: Scores, expectedVersion?: number) {
    checkScores(scores);
    return this.messages.act(viewer, messageId, MessageAction.RECORD_EVALUATION, expectedVersion, async (tx, _env, row) => {
      await this.evaluateAndClose(tx, row, scores, ActorKind.STAFF, viewer.userId);
      return tx.message;
    });
  }

  /**
   * Where a message stands for its author (citizen.rules.ts): its state, redo, archiving, latest rating and, when merged,
   * the message it joined.
   */
  async standingOf(m: Message, em: EntityManager = this.ds.manager): Promise<CitizenStanding> {
    const [last, into] = await Promise.all([
      em.getRepository(Evaluation).findOne({ where: { messageId: m.id }, order: { id: 'DESC' } }),
      m.state === MessageState.MERGED && m.duplicateOfId ? em.getRepository(Message).findOneBy({ id: m.duplicateOfId }) : Promise.resolve(null),
    ]);
    return {
      state: m.state,
      reopenCount: m.reopenCount,
      citizenReopenUsed: m.citizenReopenUsed,
      archived: !!m.archivedAt,
      lastOverall: last ? Number(last.overall) : null,
      mergedIntoSerialNo: into?.serialNo ?? null,
    };
  }

  /**
   * The citizen rates the reply (by serial number + query code; checked by the caller): the message closes. Any other
   * moment is INVALID_TRANSITION with the reason (citizen.rules.ts).
   */
  citizenEvaluate(messageId: number, scores: Scores, actor: Actor) {
    checkScores(scores);
    return this.workflow.run(messageId, { actor }, async (tx) => {
      assertCitizenMayRate(await this.standingOf(tx.message, tx.em));
      await this.evaluateAndClose(tx, systemMove(MessageSystemAction.CITIZEN_EVALUATE, tx.message), scores, ActorKind.CITIZEN, null);
      return tx.message;
    });
  }

  /** The citizen asks for a redo once, when their rating was below 3 (重办); otherwise INVALID_TRANSITION with the reason. */
  citizenReopen(messageId: number, reason: string, actor: Actor) {
    return this.workflow.run(messageId, { actor }, async (tx) => {
      assertCitizenMayRedo(await this.standingOf(tx.message, tx.em));
      const row = systemMove(MessageSystemAction.CITIZEN_REOPEN, tx.message);
      tx.patch({ citizenReopenUsed: true });
      await this.reopenIn(tx, row, reason, 'CITIZEN');
      return tx.message;
    });
  }

  reopen(viewer: StaffViewer, messageId: number, reason: string, expectedVersion?: number) {
    return this.messages.act(viewer, messageId, MessageAction.REOPEN, expectedVersion, async (tx, _env, row) => {
      await this.reopenIn(tx, row, reason, 'DISPATCHER');
      return tx.message;
    });
  }

  close(viewer: StaffViewer, messageId: number, expectedVersion?: number) {
    return this.messages.act(viewer, messageId, MessageAction.CLOSE, expectedVersion, async (tx, _env, row) => {
      await this.closeIn(tx, row, 'MANUAL');
      return tx.message;
    });
  }

  /** Job: closes REPLIED messages whose rating did not come within the policy's days. Returns how many. */
  async autoClose(now = new Date()): Promise<number> {
    const candidates = await this.ds
      .getRepository(Message)
      .find({ where: { state: MessageState.REPLIED, repliedAt: LessThan(now) }, take: 500, order: { repliedAt: 'ASC' } });
    let closed = 0;
    for (const m of candidates) {
      if ((await this.deadlines.autoCloseAt(m.repliedAt!, subjectOf(m))) > now) continue;
      try {
        await this.workflow.run(m.id, { actor: SYSTEM_ACTOR, expectedVersion: m.version, now }, async (tx) =>
          this.closeIn(tx, systemMove(MessageSystemAction.AUTO_CLOSE, tx.message), 'AUTO'),
        );
        closed++;
      } catch {
        // Someone acted on it meanwhile (rating, reopen): leave it to them.
      }
    }
    return closed;
  }

  /**
   * Job (归档): archives finished messages (办结, 不予受理, 并单) whose closing lies the archive period (settings, default 30
   * days) before now, through the message machine's ARCHIVE row: `archivedAt` set and ARCHIVED in the ledger, one
   * transaction each; from then on every step on the message is refused (ledger.ts). Returns how many.
   */
  async archiveFinished(now = new Date()): Promise<number> {
    const { afterDays } = this.settings ? await this.settings.archive() : DEFAULT_ARCHIVE;
    const cutoff = new Date(now.getTime() - afterDays * 86_400_000);
    const due = await this.ds.getRepository(Message).find({
      select: { id: true, version: true },
      where: { state: In([...FINISHED]), archivedAt: IsNull(), closedAt: LessThanOrEqual(cutoff) },
      take: 500,
      order: { closedAt: 'ASC', id: 'ASC' },
    });
    let archived = 0;
    for (const m of due) {
      try {
        await this.workflow.run(m.id, { actor: SYSTEM_ACTOR, expectedVersion: m.version, now }, async (tx) => {
          MESSAGE_MACHINE.checkSystem(MessageAction.ARCHIVE, tx.message.state, await this.messages.env(tx.message, tx.em));
          tx.patch({ archivedAt: now });
          tx.log({
            action: LedgerAction.ARCHIVED,
            fromState: tx.message.state,
            toState: tx.message.state,
            payload: { afterDays, closedAt: tx.message.closedAt?.toISOString() ?? null },
          });
        });
        archived++;
      } catch {
        // Reopened or changed meanwhile: the next run looks again.
      }
    }
    return archived;
  }

  /** Job: records each overdue assignment once (OVERDUE in the ledger, pushed to the unit). Returns how many. */
  async markOverdue(now = new Date()): Promise<number> {
    // A message on hold (挂起) has its clock stopped: it does not become overdue while it waits.
    const due = await this.ds
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .innerJoin(Message, 'm', 'm.id = a.messageId AND m.onHoldSince IS NULL')
      .where('a.state IN (:...open) AND a.replyDueAt <= :now AND a.overdueAt IS NULL', { open: systemMoveFrom(AssignmentSystemAction.OVERDUE), now })
      .orderBy('a.id', 'ASC')
      .take(500)
      .getMany();
    let marked = 0;
    for (const a of due) {
      try {
        await this.workflow.run(a.messageId, { actor: SYSTEM_ACTOR, now }, async (tx) => {
          // refused when put on hold meanwhile (the row's rule)
          await moveAssignment(tx, a, assignmentSystemMove(AssignmentSystemAction.OVERDUE, a, tx.message), { overdueAt: now });
          tx.log({
            action: LedgerAction.OVERDUE,
            assignmentId: a.id,
            unitId: a.unitId,
            payload: { replyDueAt: a.replyDueAt.toISOString(), role: a.role },
            notifyUnitIds: [a.unitId],
          });
        });
        marked++;
      } catch {
        // Changed concurrently (e.g. another instance marked it): skip; the version check guarantees once.
      }
    }
    return marked;
  }

  private async evaluateAndClose(tx: Tx, row: Move<MessageState>, s: Scores, source: ActorKind, userId: number | null) {
    const overall = overallOf(s);
    // satisfied: overall above the threshold in the ranking settings (domain.md §7; statistics judge by the setting of the day)
    const { satisfactionThreshold } = this.settings ? await this.settings.thresholds() : DEFAULT_THRESHOLDS;
    const ev = await tx.em.getRepository(Evaluation).save(
      tx.em.getRepository(Evaluation).create({
        messageId: tx.message.id,
        unitId: tx.message.leadUnitId,
        resolution: s.resolution,
        attitude: s.attitude,
        speed: s.speed,
        overall,
        band: bandOf(overall),
        satisfied: overall > satisfactionThreshold,
        comment: s.comment?.trim() || null,
        source,
        recordedById: userId,
        createdAt: tx.now,
      }),
    );
    tx.log({
      action: LedgerAction.EVALUATED,
      unitId: tx.message.leadUnitId,
      payload: { evaluationId: ev.id, overall, resolution: s.resolution, band: ev.band, satisfied: ev.satisfied, source },
      notifyUnitIds: tx.message.leadUnitId ? [tx.message.leadUnitId] : [],
    });
    await this.closeIn(tx, row, 'RATED');
  }

  /** Closes along `row` (a viewer's CLOSE or RECORD_EVALUATION, the citizen's rating, the job's AUTO_CLOSE): its assignments are done. */
  private async closeIn(tx: Tx, row: Move<MessageState>, how: 'RATED' | 'MANUAL' | 'AUTO') {
    const open = await tx.em.getRepository(Assignment).findBy({ messageId: tx.message.id, state: In(systemMoveFrom(AssignmentSystemAction.DONE)) });
    for (const a of open) await moveAssignment(tx, a, assignmentSystemMove(AssignmentSystemAction.DONE, a, tx.message));
    tx.move(row, { closedAt: tx.now });
    tx.log({ action: LedgerAction.CLOSED, fromState: MessageState.REPLIED, toState: MessageState.CLOSED, payload: { how } });
  }

  /** Reopens along `row` (a viewer's REOPEN or the citizen's redo): the top lead assignment takes it back. */
  private async reopenIn(tx: Tx, row: Move<MessageState>, reason: string, by: 'CITIZEN' | 'DISPATCHER') {
    const from = tx.message.state;
    const plan = await this.deadlines.plan(subjectOf(tx.message), tx.now, tx.em);
    const lead = await tx.em.getRepository(Assignment).findOne({
      where: { messageId: tx.message.id, role: AssignmentRole.LEAD, parentId: IsNull(), state: In(systemMoveFrom(AssignmentSystemAction.REDO)) },
      order: { id: 'DESC' },
    });
    if (lead) {
      await moveAssignment(tx, lead, assignmentSystemMove(AssignmentSystemAction.REDO, lead, tx.message), {
        // the redo's own deadline; what was decided at the first reply (on time, handling time) stays (statistics/facts.ts)
        repliedAt: null,
        replyDueAt: plan.replyDueAt,
        yellowAt: plan.yellowAt,
        overdueAt: null,
      });
    }
    tx.move(row, { reopenCount: tx.message.reopenCount + 1, closedAt: null, replyDueAt: plan.replyDueAt, yellowAt: plan.yellowAt });
    tx.log({
      action: LedgerAction.REOPENED,
      assignmentId: lead?.id ?? null,
      unitId: lead?.unitId ?? null,
      fromState: from,
      toState: MessageState.IN_PROGRESS,
      payload: { reason, by, replyDueAt: plan.replyDueAt.toISOString() },
      notifyUnitIds: lead ? [lead.unitId] : [],
    });
  }
}

function checkScores(s: Scores) {
  for (const k of ['resolution', 'attitude', 'speed'] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1 || s[k] > 5)
      throw badInput(k, `${k} 须为 1-5 的整数 (must be an integer from 1 to 5)`, { reason: ErrorReason.SCORE_RANGE, params: { field: k, min: 1, max: 5 } });
  }
  if (s.comment && s.comment.length > 1000)
    throw badInput('comment', '评价内容过长 (comment longer than 1000 characters)', { reason: ErrorReason.TOO_LONG, params: { field: 'comment', max: 1000 } });
}
