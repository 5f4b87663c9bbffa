/**
 * Deadline planning with DESIGN §6's default rules and no policy table: used until the deadline
 * module's SLA policies are wired in (then this file goes).
 */
import { WorkingCalendar, yellowThreshold } from '../calendar';
import { MessageType, WarningLevel } from './message.enums';
import type { DeadlinePlan, DeadlinePlanner, DeadlineSubject } from './deadlines.port';
import { warningOf } from './warning';

const REPLY_DAYS: Record<MessageType, number> = { CONSULT: 5, SUGGEST: 10, HELP: 10, COMPLAIN: 20 };

export class InterimDeadlinePlanner implements DeadlinePlanner {
  private readonly cal = new WorkingCalendar();

  async plan(s: DeadlineSubject, at: Date): Promise<DeadlinePlan> {
    const replyDueAt = s.isUrgent ? this.cal.addCalendarHours(at, 24) : this.cal.addWorkingDays(at, s.isComplex ? 20 : REPLY_DAYS[s.type]);
    return {
      policyId: null,
      signDueAt: this.cal.addWorkingDays(at, 1),
      firstResponseDueAt: this.cal.addWorkingHours(at, 5),
      replyDueAt,
      yellowAt: yellowThreshold(at, replyDueAt, this.cal),
      unitReviewRequired: true,
      platformReviewRequired: true,
      assistOpinionRequired: true,
      maxExtensions: 2,
      autoCloseDays: 7,
    };
  }

  async extend(due: Date, startAt: Date, days: number) {
    const replyDueAt = this.cal.extendBy(due, days);
    return { replyDueAt, yellowAt: yellowThreshold(startAt, replyDueAt, this.cal) };
  }

  async resume(dueAt: Date, startAt: Date, pausedFrom: Date, resumedAt: Date) {
    const next = this.cal.extendBy(dueAt, this.cal.workingDaysBetween(pausedFrom, resumedAt) || 0);
    const moved = this.cal.workingDaysBetween(pausedFrom, resumedAt) > 0 ? next : dueAt;
    return { dueAt: moved, yellowAt: yellowThreshold(startAt, moved, this.cal) };
  }

  async warningLevel(startAt: Date, dueAt: Date, now: Date): Promise<WarningLevel> {
    return warningOf(dueAt, yellowThreshold(startAt, dueAt, this.cal), now)!;
  }

  async autoCloseAt(publishedAt: Date): Promise<Date> {
    return new Date(publishedAt.getTime() + 7 * 86400_000);
  }
}
