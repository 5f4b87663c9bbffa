/**
 * Notifications (通知, the console's bell): who is told of what is decided when the ledger row is written, in the
 * same transaction (a LedgerHook), so a notification exists exactly when its change does:
 *  - work arriving at or asked of a unit (new assignment, hand-down, reassignment, urge, supervision, instruction,
 *    a return or extension decided, a reply sent back, a redo, a withdrawn assignment, a deadline near or passed):
 *    the unit's handlers and reviewers;
 *  - requests the platform decides (return, extension): the dispatchers;
 *  - a unit's answer to a supervision: the supervisor who wrote it.
 * The person who acted is not told of their own action. Each recipient reads and marks their own rows.
 */
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { pageOf } from '../../common/listing';
import { parseId } from '../../common/text';
import type { DomainEvent } from '../../events/bus';
import { Page } from '../../graphql/connection';
import { insertRows } from '../../db/bulkInsert';
import { notFound } from '../../graphql/errors';
import type { Actor } from '../ledger/ledger';
import { Supervision } from '../supervision/supervision.entity';
import { Role, User } from '../user/user.entity';
import { UNIT_ROLES } from '../../auth/roles';
import { Notification } from './notification.entity';
import { LedgerAction } from '../ledger/ledger-action';

/**
 * Who hears of each ledger action in their bell: UNITS, the handlers and reviewers of the units concerned; PLATFORM, the
 * dispatchers (requests only the platform decides); SUPERVISION, whoever asked for the supervision answered; null, nobody.
 */
const NOTICE: Record<LedgerAction, 'UNITS' | 'PLATFORM' | 'SUPERVISION' | null> = {
  ASSIGNED: 'UNITS',
  REASSIGNED: 'UNITS',
  DELEGATED: 'UNITS',
  URGED: 'UNITS',
  SUPERVISED: 'UNITS',
  INSTRUCTED: 'UNITS',
  RETURN_APPROVED: 'UNITS',
  RETURN_REJECTED: 'UNITS',
  EXTENSION_APPROVED: 'UNITS',
  EXTENSION_REJECTED: 'UNITS',
  REPLY_REJECTED: 'UNITS',
  REOPENED: 'UNITS',
  ASSIGNMENT_CANCELLED: 'UNITS',
  DUE_SOON: 'UNITS',
  OVERDUE: 'UNITS',
  SIGN_OVERDUE: 'UNITS',
  RETURN_REQUESTED: 'PLATFORM',
  EXTENSION_REQUESTED: 'PLATFORM',
  SUPERVISION_ANSWERED: 'SUPERVISION',
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
  SIGNED: null,
  CITIZEN_CONTACTED: null,
  ON_HOLD: null,
  RESUMED: null,
  REPLY_DRAFTED: null,
  REPLY_EDITED: null,
  REPLY_REVISED: null,
  REPLY_SUBMITTED: null,
  REPLY_APPROVED: null,
  REPLY_PUBLISHED: null,
  PROGRESS_REPLIED: null,
  ASSIST_OPINION_GIVEN: null,
  EVALUATED: null,
  CLOSED: null,
  ARCHIVED: null,
  PII_VIEWED: null,
};
/** Notification rows per INSERT statement (7 values each: well under SQLite's and MySQL's placeholder limits). */
const NOTIFICATION_BATCH = 1000;

export class NotificationService {
  constructor(private readonly ds: DataSource) {}

  /** The ledger hook: writes the notifications of a transaction's ledger rows and names their recipients on the events. */
  readonly record = async (em: EntityManager, events: DomainEvent[], actor: Actor): Promise<void> => {
    const rows: Array<Partial<Notification>> = [];
    for (const e of events) {
      if (!e.eventId) continue;
      const recipients = (await this.recipients(em, e)).filter((r) => r.userId !== actor.userId);
      if (!recipients.length) continue;
      e.userIds = recipients.map((r) => r.userId);
      for (const r of recipients)
        rows.push({
          userId: r.userId,
          unitId: r.unitId,
          eventId: e.eventId,
          messageId: e.messageId,
          action: e.type as LedgerAction,
          createdAt: e.at,
          readAt: null,
        });
    }
    // Multi-row INSERTs without the query builder's per-value bookkeeping: an assignment to a unit of 2,000 users
    // writes 2,000 rows in its transaction (docs/realtime.md, "Fan-out cost").
    for (let k = 0; k < rows.length; k += NOTIFICATION_BATCH) await insertRows(em, Notification, rows.slice(k, k + NOTIFICATION_BATCH) as Notification[]);
  };

  private async recipients(em: EntityManager, e: DomainEvent): Promise<Array<{ userId: number; unitId: number | null }>> {
    const users = em.getRepository(User);
    const notice = NOTICE[e.type as LedgerAction];
    if (notice === 'UNITS') {
      // A hand-down tells the unit below; the unit that handed it down did it itself.
      const toUnit = e.type === LedgerAction.DELEGATED ? Number(e.payload?.toUnitId) : null;
      const unitIds = toUnit ? [toUnit] : [...new Set(e.unitIds)];
      if (!unitIds.length) return [];
      const found = await users.find({ select: { id: true, unitId: true }, where: { unitId: In(unitIds), role: In(UNIT_ROLES), isActive: true } });
      return found.map((u) => ({ userId: u.id, unitId: u.unitId }));
    }
    if (notice === 'PLATFORM') {
      const found = await users.find({ select: { id: true }, where: { role: Role.DISPATCHER, isActive: true } });
      return found.map((u) => ({ userId: u.id, unitId: e.unitIds[0] ?? null }));
    }
    if (notice === 'SUPERVISION' && e.payload?.supervisionId) {
      const s = await em.getRepository(Supervision).findOneBy({ id: Number(e.payload.supervisionId) });
      return s ? [{ userId: s.createdById, unitId: e.unitIds[0] ?? null }] : [];
    }
    return [];
  }

  /** The viewer's notifications, newest first. */
  list(viewer: StaffViewer, unreadOnly: boolean, page: Page) {
    const qb = this.ds.getRepository(Notification).createQueryBuilder('n').where('n.userId = :u', { u: viewer.userId });
    if (unreadOnly) qb.andWhere('n.readAt IS NULL');
    qb.orderBy('n.id', 'DESC');
    return pageOf(qb, page);
  }

  unreadCount(viewer: StaffViewer): Promise<number> {
    return this.ds.getRepository(Notification).countBy({ userId: viewer.userId, readAt: IsNull() });
  }

  /**
   * Marks the viewer's notifications read: the ones named, or all. Another user's notification answers like a
   * missing one (NOT_FOUND), and then nothing is marked. Returns the viewer's unread count after.
   */
  async markRead(viewer: StaffViewer, ids: string[] | undefined, all: boolean): Promise<number> {
    const repo = this.ds.getRepository(Notification);
    if (all) {
      await repo.update({ userId: viewer.userId, readAt: IsNull() }, { readAt: new Date() });
    } else if (ids?.length) {
      const wanted = [...new Set(ids.map((id) => parseId('ids', id)))];
      const mine = new Set((await repo.find({ select: { id: true }, where: { id: In(wanted), userId: viewer.userId } })).map((n) => n.id));
      const missing = wanted.find((id) => !mine.has(id));
      if (missing !== undefined) throw notFound('Notification', missing);
      await repo.update({ id: In(wanted), userId: viewer.userId, readAt: IsNull() }, { readAt: new Date() });
    }
    return this.unreadCount(viewer);
  }
}
