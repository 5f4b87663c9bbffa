/**
 * Deadlines (domain.md §6): the working calendar (holiday library + admin overrides), SLA policies, and the
 * due dates of an assignment. Implements the workflow's DeadlinePlanner.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Between } from 'typeorm';
import { isUniqueViolation } from '../../db/transaction';
import { badInput, conflict, notFound, ErrorReason } from '../../graphql/errors';
import { shiftForPause, WorkingCalendar, yellowThreshold } from '../calendar';
import { Category } from '../category/category.entity';
import type { DeadlinePlan, DeadlinePlanner, DeadlineSubject } from '../message/deadlines.port';
import { WarningLevel } from '../message/message.enums';
import { warningOf } from '../message/warning';
import type { DeadlineStatus, ScreeningStatus } from '../message/deadline-status';
import { DeadlineUnitKind, HolidayOverride, SlaPolicy } from './deadline.entity';

/** Finds a category (its path decides which policies apply). */
export type CategoryLookup = (id: number) => Promise<{ path: string } | null>;

/** Used when no policy matches (never with the migration's defaults in place). */
const FALLBACK: Omit<
  SlaPolicy,
  'id' | 'name' | 'createdAt' | 'updatedAt' | 'version' | 'messageType' | 'categoryId' | 'isUrgent' | 'isComplex' | 'priority' | 'isActive'
> = {
  signWorkingDays: 1,
  firstResponseWorkingHours: 5,
  replyAmount: 10,
  replyUnit: DeadlineUnitKind.WORKING_DAYS,
  unitReviewRequired: true,
  platformReviewRequired: true,
  assistOpinionRequired: true,
  maxExtensions: 2,
  autoCloseDays: 7,
};
const CACHE_MS = 60_000;
/** Screening (受理) is due by the end of this many working days after the day a message came in. */
export const SCREENING_WORKING_DAYS = 1;

export class DeadlineService implements DeadlinePlanner {
  private cal: { value: Promise<WorkingCalendar>; at: number } | null = null;
  private policies: { value: Promise<SlaPolicy[]>; at: number } | null = null;

  constructor(private readonly ds: DataSource) {}

  /** The working calendar, rebuilt at once after an override changes here and within a minute elsewhere. */
  async calendar(): Promise<WorkingCalendar> {
    // the promise is cached, so that concurrent callers share one load
    if (this.cal && Date.now() - this.cal.at < CACHE_MS) return this.cal.value;
    const value = this.ds
      .getRepository(HolidayOverride)
      .find({ order: { date: 'ASC' } })
      .then((overrides) => new WorkingCalendar(overrides.map((o) => ({ date: o.date, isWorkingDay: o.isWorkingDay, note: o.note ?? undefined }))));
    this.cal = { value, at: Date.now() };
    value.catch(() => {
      this.cal = null;
    });
    return value;
  }

  /** The policy for a message: active policies whose conditions hold, highest priority, then most specific. */
  async policyFor(s: DeadlineSubject, em: EntityManager = this.ds.manager, categoryOf?: CategoryLookup): Promise<typeof FALLBACK & { id: number | null }> {
    const all = await this.activePolicies(em);
    const lookup = categoryOf ?? ((id: number) => em.getRepository(Category).findOneBy({ id }));
    // the category's path matters only when some policy is for a category
    const categoryPath = s.categoryId && all.some((p) => p.categoryId !== null) ? ((await lookup(s.categoryId))?.path ?? null) : null;
    const matching = all.filter(
      (p) =>
        (p.messageType === null || p.messageType === s.type) &&
        (p.isUrgent === null || !!p.isUrgent === s.isUrgent) &&
        (p.isComplex === null || !!p.isComplex === s.isComplex) &&
        (p.categoryId === null || (categoryPath !== null && categoryPath.includes(`/${p.categoryId}/`))),
    );
    const specificity = (p: SlaPolicy) => [p.messageType, p.categoryId, p.isUrgent, p.isComplex].filter((x) => x !== null).length;
    matching.sort((a, b) => b.priority - a.priority || specificity(b) - specificity(a) || a.id - b.id);
    return matching[0] ?? { ...FALLBACK, id: null };
  }

  /** How many extensions the message's policy allows (read path: `categoryOf` may be a request's DataLoader). */
  async maxExtensions(s: DeadlineSubject, categoryOf?: CategoryLookup): Promise<number> {
    return (await this.policyFor(s, this.ds.manager, categoryOf)).maxExtensions;
  }

  async plan(s: DeadlineSubject, at: Date, em?: EntityManager): Promise<DeadlinePlan> {
    const [cal, p] = await Promise.all([this.calendar(), this.policyFor(s, em)]);
    const replyDueAt = cal.addDuration(at, p.replyAmount, p.replyUnit);
    return {
      policyId: p.id,
      signDueAt: cal.addWorkingDays(at, p.signWorkingDays),
      firstResponseDueAt: cal.addWorkingHours(at, p.firstResponseWorkingHours),
      replyDueAt,
      // Hour-based deadlines: "one working day left" would be true from the start, so only the 80% rule applies.
      yellowAt: yellowThreshold(at, replyDueAt, cal, p.replyUnit === DeadlineUnitKind.WORKING_DAYS ? {} : { workingDaysLeft: null }),
      unitReviewRequired: p.unitReviewRequired,
      platformReviewRequired: p.platformReviewRequired,
      assistOpinionRequired: p.assistOpinionRequired,
      maxExtensions: p.maxExtensions,
      autoCloseDays: p.autoCloseDays,
    };
  }

  /** An extension: N more working days after the old due day. */
  async extend(currentReplyDueAt: Date, startAt: Date, days: number) {
    const cal = await this.calendar();
    const replyDueAt = cal.extendBy(currentReplyDueAt, days);
    return { replyDueAt, yellowAt: yellowThreshold(startAt, replyDueAt, cal) };
  }

  /** A paused clock (挂起): the due date moves later by the working days the pause took. */
  async resume(dueAt: Date, startAt: Date, pausedFrom: Date, resumedAt: Date) {
    const cal = await this.calendar();
    const moved = shiftForPause(dueAt, pausedFrom, resumedAt, cal, 'WORKING_DAYS');
    return { dueAt: moved, yellowAt: yellowThreshold(startAt, moved, cal) };
  }

  async warningLevel(startAt: Date, dueAt: Date, now: Date): Promise<WarningLevel> {
    return warningOf(dueAt, yellowThreshold(startAt, dueAt, await this.calendar()), now)!;
  }

  /** Automatic closing: N calendar days after publication (domain.md §3 says "some days"; calendar days, as citizens count them). */
  async elapsed(from: Date, to: Date) {
    const cal = await this.calendar();
    return { workingHours: Math.round(cal.workingHoursBetween(from, to) * 100) / 100, workingDays: cal.workingDaysBetween(from, to) };
  }

  /** Where a reply deadline stands: on the deadline clock, which stops while the message is on hold. */
  async status(dueAt: Date, yellowAt: Date | null, pausedSince: Date | null, now: Date): Promise<DeadlineStatus> {
    const cal = await this.calendar();
    const at = pausedSince && pausedSince < now ? pausedSince : now;
    const overdue = at > dueAt;
    return {
      dueAt,
      level: warningOf(dueAt, yellowAt, at)!,
      overdue,
      workingDaysLeft: overdue ? 0 : cal.workingDaysBetween(at, dueAt),
      workingDaysOverdue: overdue ? cal.workingDaysBetween(dueAt, at) : 0,
      paused: pausedSince !== null,
      pausedSince,
    };
  }

  /** Screening (受理) is due by the end of the first working day after the day a message came in. */
  async screening(receivedAt: Date, now: Date): Promise<ScreeningStatus> {
    const cal = await this.calendar();
    const dueAt = cal.addWorkingDays(receivedAt, SCREENING_WORKING_DAYS);
    const waitingWorkingDays = cal.workingDaysBetween(receivedAt, now);
    const level = now > dueAt ? WarningLevel.RED : waitingWorkingDays >= SCREENING_WORKING_DAYS ? WarningLevel.YELLOW : WarningLevel.GREEN;
    return { waitingWorkingDays, dueAt, level };
  }

  /**
   * What assigning now would set (交办时限预览): the policy that applies to the subject and the due dates it
   * gives from `at`, computed exactly as `plan` does when the assignment is made.
   */
  async preview(s: DeadlineSubject, at: Date) {
    const [plan, policy] = await Promise.all([this.plan(s, at), this.policyFor(s)]);
    const named = policy.id !== null ? (await this.activePolicies(this.ds.manager)).find((p) => p.id === policy.id) : undefined;
    return {
      ...plan,
      asOf: at,
      policyName: named?.name ?? null,
      replyAmount: policy.replyAmount,
      replyUnit: policy.replyUnit,
      signWorkingDays: policy.signWorkingDays,
      type: s.type,
      isUrgent: s.isUrgent,
      isComplex: s.isComplex,
    };
  }

  async autoCloseAt(publishedAt: Date, s: DeadlineSubject): Promise<Date> {
    const p = await this.policyFor(s);
    return new Date(publishedAt.getTime() + p.autoCloseDays * 86400_000);
  }

  // ── administration ──

  listPolicies() {
    return this.ds.getRepository(SlaPolicy).find({ order: { priority: 'DESC', id: 'ASC' } });
  }

  async savePolicy(id: number | null, fields: Partial<SlaPolicy>): Promise<SlaPolicy> {
    const repo = this.ds.getRepository(SlaPolicy);
    const row = id ? await repo.findOneBy({ id }) : repo.create({ ...FALLBACK, priority: 0, isActive: true });
    if (!row) throw notFound('SlaPolicy', id!);
    if (fields.categoryId && !(await this.ds.getRepository(Category).findOneBy({ id: fields.categoryId })))
      throw badInput('categoryId', `领域不存在 (no such category): ${fields.categoryId}`, { reason: ErrorReason.CATEGORY_NOT_FOUND });
    Object.assign(row, fields);
    if (!row.name || row.replyAmount == null)
      throw badInput('name', '须填写名称和答复时限 (name and replyAmount are required)', { reason: ErrorReason.REQUIRED });
    const saved = await repo.save(row);
    this.policies = null;
    return repo.findOneByOrFail({ id: saved.id });
  }

  overrides(year: number) {
    return this.ds.getRepository(HolidayOverride).find({ where: { date: Between(`${year}-01-01`, `${year}-12-31`) }, order: { date: 'ASC' } });
  }

  async setOverride(date: string, isWorkingDay: boolean, note: string | null): Promise<HolidayOverride> {
    assertDate(date);
    const repo = this.ds.getRepository(HolidayOverride);
    const existing = await repo.findOneBy({ date });
    try {
      const saved = await repo.save(existing ? Object.assign(existing, { isWorkingDay, note }) : repo.create({ date, isWorkingDay, note }));
      this.cal = null;
      return saved;
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`该日期已有调整 (an override exists for ${date})`, { reason: ErrorReason.OVERRIDE_EXISTS, params: { date } });
      throw e;
    }
  }

  async deleteOverride(date: string): Promise<boolean> {
    assertDate(date);
    const res = await this.ds.getRepository(HolidayOverride).delete({ date });
    this.cal = null;
    return !!res.affected;
  }

  private async activePolicies(em: EntityManager): Promise<SlaPolicy[]> {
    if (this.policies && Date.now() - this.policies.at < CACHE_MS) return this.policies.value;
    const value = em.getRepository(SlaPolicy).findBy({ isActive: true });
    this.policies = { value, at: Date.now() };
    value.catch(() => {
      this.policies = null;
    });
    return value;
  }
}

function assertDate(date: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw badInput('date', `日期格式应为 YYYY-MM-DD (bad date): ${date}`, { reason: ErrorReason.BAD_DATE });
  }
}
