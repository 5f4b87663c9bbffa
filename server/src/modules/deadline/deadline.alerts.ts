/**
 * Deadline alerts for the units that must act (domain.md §6, §11), written to the ledger and pushed to the
 * unit's inbox after commit:
 *  - DUE_SOON: an open assignment (pending or signed, not overdue) has passed its YELLOW threshold
 *    (`yellowAt`: 80% of the time used or one working day left, as its SLA policy says) and its reply is
 *    not due yet. Announced once per assignment and reply deadline: an extension or a hold moves
 *    `yellowAt`, and the new deadline is announced again when it comes near.
 *  - SIGN_OVERDUE: an assignment still waiting to be signed for (PENDING) after its sign-for deadline.
 *    Announced once per sign-for deadline.
 * A message on hold (clock paused) is skipped. "Once" comes from the ledger: an alert is written only if
 * the assignment has no entry of that action since the threshold, checked again inside the workflow's
 * transaction, whose message version check makes the loser of two racing runs roll back.
 */
import type { DataSource } from 'typeorm';
import { AppError, ErrorCode } from '../../graphql/errors';
import { Assignment } from '../assignment/assignment.entity';
import { SYSTEM_ACTOR, Workflow } from '../ledger/ledger';
import { MessageEvent } from '../ledger/message-event.entity';
import { Message } from '../message/message.entity';
import { AssignmentState } from '../message/message.enums';
import { RUNNING_ASSIGNMENT_STATES } from '../message/message.states';
import { LedgerAction } from '../ledger/ledger-action';

interface Alert {
  action: LedgerAction.DUE_SOON | LedgerAction.SIGN_OVERDUE;
  /** The assignment's column from which an alert counts as given for the current deadline. */
  since: 'yellowAt' | 'signDueAt';
  states: readonly AssignmentState[];
  /** SQL condition on `a` (the assignment) meaning "the alert is due now" (parameter :now). */
  condition: string;
  /** The same in code, checked again inside the transaction. */
  holds(a: Assignment, now: Date): boolean;
  payload(a: Assignment): Record<string, unknown>;
}

const OPEN = RUNNING_ASSIGNMENT_STATES;

const DUE_SOON: Alert = {
  action: LedgerAction.DUE_SOON,
  since: 'yellowAt',
  states: OPEN,
  condition: 'a.yellowAt <= :now AND a.replyDueAt > :now AND a.overdueAt IS NULL',
  holds: (a, now) => OPEN.includes(a.state) && a.yellowAt <= now && a.replyDueAt > now && !a.overdueAt,
  payload: (a) => ({ replyDueAt: a.replyDueAt.toISOString(), role: a.role }),
};

const SIGN_OVERDUE: Alert = {
  action: LedgerAction.SIGN_OVERDUE,
  since: 'signDueAt',
  states: [AssignmentState.PENDING],
  condition: 'a.signDueAt <= :now',
  holds: (a, now) => a.state === AssignmentState.PENDING && a.signDueAt <= now,
  payload: (a) => ({ signDueAt: a.signDueAt.toISOString(), role: a.role }),
};

/** Thrown inside the transaction to roll it back without a version bump when there is nothing to do. */
class NothingToDo extends Error {}

export class DeadlineAlerts {
  /** Candidates examined per run; the next run takes the rest. */
  static readonly BATCH = 500;

  constructor(
    private readonly ds: DataSource,
    private readonly workflow: Workflow,
  ) {}

  /** Job: announces assignments that are due soon. Returns how many it announced. */
  markDueSoon(now = new Date()): Promise<number> {
    return this.announce(DUE_SOON, now);
  }

  /** Job: announces assignments not signed for by their sign-for deadline. Returns how many it announced. */
  markSignOverdue(now = new Date()): Promise<number> {
    return this.announce(SIGN_OVERDUE, now);
  }

  private async announce(alert: Alert, now: Date): Promise<number> {
    const candidates = await this.ds
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .innerJoin(Message, 'm', 'm.id = a.messageId AND m.onHoldSince IS NULL')
      .where('a.state IN (:...states)', { states: alert.states })
      .andWhere(alert.condition, { now })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM message_event e WHERE e.messageId = a.messageId AND e.assignmentId = a.id AND e.action = :action AND e.createdAt >= a.${alert.since})`,
        { action: alert.action },
      )
      .orderBy('a.id', 'ASC')
      .take(DeadlineAlerts.BATCH)
      .getMany();
    let announced = 0;
    let failure: unknown = null;
    for (const c of candidates) {
      try {
        await this.workflow.run(c.messageId, { actor: SYSTEM_ACTOR, now }, async (tx) => {
          const a = await tx.em.getRepository(Assignment).findOneBy({ id: c.id });
          if (!a || tx.message.onHoldSince || !alert.holds(a, now)) throw new NothingToDo();
          const given = await tx.em
            .getRepository(MessageEvent)
            .createQueryBuilder('e')
            .where('e.messageId = :m AND e.assignmentId = :a AND e.action = :action AND e.createdAt >= :since', {
              m: a.messageId,
              a: a.id,
              action: alert.action,
              since: a[alert.since],
            })
            .getCount();
          if (given) throw new NothingToDo();
          tx.log({ action: alert.action, assignmentId: a.id, unitId: a.unitId, payload: alert.payload(a), notifyUnitIds: [a.unitId] });
        });
        announced++;
      } catch (e) {
        // Nothing to do after all, or changed concurrently (another instance announced it): the ledger has it once.
        if (e instanceof NothingToDo || (e instanceof AppError && e.extensions.code === ErrorCode.CONFLICT)) continue;
        failure ??= e;
      }
    }
    // Anything else (database down…) fails the run after the others were tried, so that the queue retries it.
    if (failure) throw failure;
    return announced;
  }
}
