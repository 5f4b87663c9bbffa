/**
 * Statistics facts (docs/statistics.md, domain.md §9): what the figures count, decided once at the transition that
 * decides it, in that transition's own transaction. The workflow runner calls `StatisticsFacts.record` with the
 * ledger rows a transition appends (a ledger hook, like the notifications), so a fact exists exactly when its
 * ledger row does, and the table below is the whole story: one entry per ledger action that decides something.
 * Nothing else writes these columns; `verify.ts` recomputes every figure from the ledger to prove it.
 *
 * The facts live on the assignment. A unit's cohort is its *kept* top-level lead assignments (not cancelled by a
 * reassignment, not returned): the message's one current lead (`keptLead`). Work done by a unit it handed the
 * message down to (下派) counts for it: the parent stays responsible.
 */
import { In, IsNull, Not } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '../../events/bus';
import { Assignment } from '../assignment/assignment.entity';
import { Message } from '../message/message.entity';
import type { DeadlinePlanner } from '../message/deadlines.port';
import { AssignmentRole } from '../message/message.enums';
import { LEFT_COHORT_STATES, OPEN_ASSIGNMENT_STATES } from '../message/message.states';
import { LedgerAction } from '../ledger/ledger-action';

/** States of an assignment that has left its unit's cohort: withdrawn by a reassignment (改派) or returned (退单). */
export const LEFT_COHORT = LEFT_COHORT_STATES;
const OPEN = OPEN_ASSIGNMENT_STATES;

interface FactContext {
  em: EntityManager;
  deadlines: DeadlinePlanner;
}
type FactWriter = (c: FactContext, e: DomainEvent) => Promise<void>;

/** The message's current lead: the top-level lead assignment its unit keeps (at most one). */
export function keptLead(em: EntityManager, messageId: number): Promise<Assignment | null> {
  return em.getRepository(Assignment).findOne({
    where: { messageId, role: AssignmentRole.LEAD, parentId: IsNull(), state: Not(In(LEFT_COHORT)) },
    order: { id: 'DESC' },
  });
}

async function set(em: EntityManager, id: number, facts: Partial<Assignment>) {
  await em
    .createQueryBuilder()
    .update(Assignment)
    .set({ ...facts, version: () => 'version + 1' } as never)
    .where('id = :id', { id })
    .execute();
}

/** The first response (contact, progress reply, published reply) on an assignment, with its working hours and timeliness. */
async function firstResponse(c: FactContext, a: Assignment | null, at: Date) {
  if (!a || a.firstResponseAt) return;
  const { workingHours } = await c.deadlines.elapsed(a.assignedAt, at);
  await set(c.em, a.id, { firstResponseAt: at, firstResponseWorkingHours: workingHours, respondedOnTime: at <= a.firstResponseDueAt });
}

/** Copies the message's hold (挂起) onto its open assignments: their reply clock stands still (or runs again). */
async function syncPause(c: FactContext, messageId: number) {
  const m = await c.em.getRepository(Message).findOne({ select: { id: true, onHoldSince: true }, where: { id: messageId } });
  await c.em
    .createQueryBuilder()
    .update(Assignment)
    .set({ pausedSince: m?.onHoldSince ?? null })
    .where('messageId = :messageId AND state IN (:...open)', { messageId, open: OPEN })
    .execute();
  if (!m?.onHoldSince)
    await c.em
      .createQueryBuilder()
      .update(Assignment)
      .set({ pausedSince: null })
      .where('messageId = :messageId AND pausedSince IS NOT NULL', { messageId })
      .execute();
}

const byId = (c: FactContext, id: number | null | undefined) => (id ? c.em.getRepository(Assignment).findOneBy({ id }) : Promise.resolve(null));

/** The facts each ledger action decides (null: none; every action is named, so a new one is a decision here). */
const FACTS: Record<LedgerAction, FactWriter | null> = {
  // a new lead (or hand-down) on a message waiting for the citizen starts with its clock stopped
  ASSIGNED: (c, e) => syncPause(c, e.messageId),
  REASSIGNED: (c, e) => syncPause(c, e.messageId),
  DELEGATED: (c, e) => syncPause(c, e.messageId),
  ON_HOLD: (c, e) => syncPause(c, e.messageId),
  RESUMED: (c, e) => syncPause(c, e.messageId),

  // 及时签收率: signed by the sign deadline, decided when signing
  SIGNED: async (c, e) => {
    const a = await byId(c, e.assignmentId);
    if (a && a.signedOnTime === null) await set(c.em, a.id, { signedOnTime: e.at <= a.signDueAt });
  },

  // 响应率: the first response of the lead chain counts for the kept lead (and for the assignment that gave it)
  CITIZEN_CONTACTED: async (c, e) => {
    const a = await byId(c, e.assignmentId);
    await firstResponse(c, a, e.at);
    // an assisting unit's contact is recorded, not the message's first response
    if (a?.role === AssignmentRole.LEAD) await firstResponse(c, await keptLead(c.em, e.messageId), e.at);
  },
  PROGRESS_REPLIED: async (c, e) => {
    await firstResponse(c, await byId(c, e.assignmentId), e.at);
    await firstResponse(c, await keptLead(c.em, e.messageId), e.at);
  },

  // 回复率, 按时办结率, 平均办理时长: decided at the first published final reply, never again (a redo has its own deadline)
  REPLY_PUBLISHED: async (c, e) => {
    if (e.payload?.direct) return;
    const lead = await keptLead(c.em, e.messageId);
    if (lead && !lead.firstRepliedAt) {
      const { workingDays } = await c.deadlines.elapsed(lead.assignedAt, e.at);
      // the deadline then in force (extensions and resumed pauses have moved it); on hold, the clock stopped at the hold
      const clock = lead.pausedSince ?? e.at;
      await set(c.em, lead.id, { firstRepliedAt: e.at, repliedOnTime: clock <= lead.replyDueAt, handlingWorkingDays: workingDays });
    }
    await firstResponse(c, lead, e.at);
    // the units of the lead chain that published it (a hand-down) get their first response too
    const chain = await c.em
      .getRepository(Assignment)
      .findBy({ messageId: e.messageId, role: AssignmentRole.LEAD, repliedAt: e.at, firstResponseAt: IsNull() });
    for (const a of chain) await firstResponse(c, a, e.at);
  },

  // 重办率: a redo asked after the kept lead's reply
  REOPENED: async (c, e) => {
    const lead = (await byId(c, e.assignmentId)) ?? (await keptLead(c.em, e.messageId));
    if (lead && lead.firstRepliedAt) await set(c.em, lead.id, { reopenCount: lead.reopenCount + 1 });
  },

  // 满意率, 解决率, 平均满意度: the message's latest rating is the one that counts
  EVALUATED: async (c, e) => {
    const lead = await keptLead(c.em, e.messageId);
    if (!lead) return;
    await set(c.em, lead.id, { ratingOverall: Number(e.payload?.overall), ratingResolution: Number(e.payload?.resolution) });
  },

  // decide nothing counted: the figures read the message and assignment rows these steps leave behind
  CREATED: null,
  ACCEPTED: null,
  MARKED_INVALID: null,
  MERGED: null,
  CATEGORY_SET: null,
  GROUPED: null,
  UNGROUPED: null,
  GROUP_MEMBER_ADDED: null,
  GROUP_MEMBER_REMOVED: null,
  OBJECTION_RAISED: null,
  OBJECTION_UPHELD: null,
  OBJECTION_REJECTED: null,
  RETURN_REQUESTED: null,
  RETURN_APPROVED: null,
  RETURN_REJECTED: null,
  EXTENSION_REQUESTED: null,
  EXTENSION_APPROVED: null,
  EXTENSION_REJECTED: null,
  ASSIGNMENT_CANCELLED: null,
  REPLY_DRAFTED: null,
  REPLY_EDITED: null,
  REPLY_REVISED: null,
  REPLY_SUBMITTED: null,
  REPLY_APPROVED: null,
  REPLY_REJECTED: null,
  ASSIST_OPINION_GIVEN: null,
  URGED: null,
  SUPERVISED: null,
  INSTRUCTED: null,
  SUPERVISION_ANSWERED: null,
  CLOSED: null,
  ARCHIVED: null,
  PII_VIEWED: null,
  OVERDUE: null,
  DUE_SOON: null,
  SIGN_OVERDUE: null,
};

export class StatisticsFacts {
  constructor(private readonly deadlines: DeadlinePlanner) {}

  /** The ledger hook: writes the facts of a transition's ledger rows, in its transaction. */
  readonly record = async (em: EntityManager, events: DomainEvent[]): Promise<void> => {
    for (const e of events) {
      const write = FACTS[e.type as LedgerAction];
      if (write) await write({ em, deadlines: this.deadlines }, e);
    }
  };
}
