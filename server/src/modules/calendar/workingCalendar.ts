/**
 * Working-time calendar (工作日历) for deadlines, domain.md §6.
 *
 * Pure and synchronous: no database, no clock, no process time zone. Everything a deadline needs
 * (工作日 / 节假日 / 调休, working hours, warning levels 红黄灯, pauses) is computed here from
 * instants (JS `Date`) and an immutable table of admin overrides.
 *
 * ## Time zone
 * Every day computation is in Asia/Shanghai. China has had no daylight-saving time since 1991, so
 * Shanghai wall-clock time is UTC + 8 h exactly, and this module uses that fixed offset
 * ({@link SHANGHAI_UTC_OFFSET_MS}) instead of `Intl`/tz data. Results therefore do not depend on the
 * time zone of the server process (`TZ`), which matters because servers often run in UTC:
 * 2026-03-12T16:30Z is already Friday 00:30 in Shanghai.
 *
 * ## Source of the holiday data
 * Official holidays and 调休 working weekends come from the npm package `chinese-days` (2004-2026 in
 * v1.5.x). We read its published data file `chinese-days/dist/chinese-days.json` (documented in its
 * README as the JSON for non-JS users; the same tables its `isWorkday` / `isHoliday` / `isInLieu`
 * functions use) rather than calling those functions, because they take dates through the *process*
 * local time zone: in a time zone west of UTC (e.g. `TZ=America/New_York`) `isWorkday` answers for the
 * wrong day. The tests cross-check the JSON against the functions in a safe time zone.
 *
 * Precedence for one Shanghai calendar date:
 *   1. an admin {@link DayOverride} for that date (年度调整: used for years the library lacks, e.g. 2027,
 *      or to correct it);
 *   2. chinese-days: 调休 working day → working; official holiday → not working;
 *   3. otherwise Monday-Friday are working days, Saturday and Sunday are not. For a year the library
 *      does not cover ({@link libraryCoversYear} false) this is the fallback until admins enter the
 *      year's schedule as overrides.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { SHANGHAI_UTC_OFFSET_MS } from '../../common/shanghai';

// ---------------------------------------------------------------------------------------------
// Public types and constants
// ---------------------------------------------------------------------------------------------

/** An admin override of one Shanghai calendar date (节假日/调休 adjustment). */
export type DayOverride = {
  /** Calendar date in Shanghai, `YYYY-MM-DD`. */
  date: string;
  /** true: a working day (e.g. a 调休 Saturday); false: a day off (e.g. a holiday). */
  isWorkingDay: boolean;
  /** Free text shown to admins, e.g. "元旦" or "春节调休上班". */
  note?: string;
};

/** Daily working periods in Shanghai wall-clock time, e.g. 09:00-12:00 and 13:30-17:30. */
export interface WorkingHoursConfig {
  /** Sorted, non-overlapping periods; `start` and `end` are `'HH:MM'` (`end` may be `'24:00'`). */
  periods: ReadonlyArray<{ readonly start: string; readonly end: string }>;
}

/** 09:00-12:00 and 13:30-17:30: seven working hours a day (domain.md §6). */
export const DEFAULT_WORKING_HOURS: WorkingHoursConfig = Object.freeze({
  periods: Object.freeze([Object.freeze({ start: '09:00', end: '12:00' }), Object.freeze({ start: '13:30', end: '17:30' })]),
});

/** Where the answer for a day came from. */
export type DaySource = 'OVERRIDE' | 'LIBRARY' | 'FALLBACK';

/** Everything known about one Shanghai calendar date. */
export interface DayInfo {
  /** `YYYY-MM-DD` in Shanghai. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  isWorkingDay: boolean;
  /**
   * OVERRIDE: an admin override decided; LIBRARY: the year is covered by chinese-days (holiday,
   * 调休 working day, or an ordinary weekday/weekend of a covered year); FALLBACK: the year is not
   * covered and no override exists (Mon-Fri rule).
   */
  source: DaySource;
  /** Holiday name from chinese-days (e.g. '春节', also on its 调休 working days) or the override note. */
  name?: string;
  /** chinese-days 调休日: a day off that is paid back by a working weekend (only for LIBRARY days). */
  inLieu: boolean;
}

/** How a deadline or a pause is measured. */
export type DeadlineUnit = 'WORKING_DAYS' | 'WORKING_HOURS' | 'CALENDAR_HOURS';

/** Warning level of a deadline (红黄灯). */
export type WarningLevel = 'GREEN' | 'YELLOW' | 'RED';

/** Tuning of {@link yellowThreshold} / {@link warningLevel}; defaults follow domain.md §6. */
export interface WarningOptions {
  /** Fraction of the calendar time from start to due after which the item is YELLOW. Default 0.8. */
  ratio?: number;
  /**
   * YELLOW once `cal.workingDaysBetween(now, dueAt) <= workingDaysLeft`. Default 1.
   * `null` disables the rule (sensible for hour-based deadlines such as the 5-working-hour first
   * response, where "1 working day left" is true from the start).
   */
  workingDaysLeft?: number | null;
}

export const DEFAULT_YELLOW_RATIO = 0.8;
export const DEFAULT_YELLOW_WORKING_DAYS_LEFT = 1;

export { SHANGHAI_UTC_OFFSET_MS };

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** Safety bound for scans over consecutive days without a working day (pathological overrides). */
const MAX_SCAN_DAYS = 3_660;

// ---------------------------------------------------------------------------------------------
// chinese-days data
// ---------------------------------------------------------------------------------------------

type DateTable = Readonly<Record<string, string>>;
interface ChineseDaysTables {
  /** Official days off (法定节假日 and the days moved around them), value "English,中文,days". */
  holidays: DateTable;
  /** 调休 working days (weekends worked to pay back a bridge day). */
  workdays: DateTable;
  /** 调休日: weekdays off that are paid back by a working weekend. */
  inLieuDays: DateTable;
}

const LIBRARY: ChineseDaysTables = loadLibraryTables(chineseDaysData as unknown);

function loadLibraryTables(raw: unknown): ChineseDaysTables {
  const obj = raw as Partial<Record<keyof ChineseDaysTables, unknown>> | null;
  const ok = (t: unknown): t is DateTable => typeof t === 'object' && t !== null;
  if (!obj || !ok(obj.holidays) || !ok(obj.workdays) || !ok(obj.inLieuDays)) {
    throw new Error('chinese-days/dist/chinese-days.json has an unexpected shape (holidays, workdays, inLieuDays)');
  }
  return { holidays: obj.holidays, workdays: obj.workdays, inLieuDays: obj.inLieuDays };
}

/** Years with at least one entry in the chinese-days tables (2004-2026 for v1.5.7). */
const LIBRARY_YEARS: ReadonlySet<number> = new Set([...Object.keys(LIBRARY.holidays), ...Object.keys(LIBRARY.workdays)].map((d) => Number(d.slice(0, 4))));

/** Whether chinese-days knows the official schedule of `year` (if not, add overrides for it). */
export function libraryCoversYear(year: number): boolean {
  return LIBRARY_YEARS.has(year);
}

/** The years chinese-days covers, ascending. */
export function libraryYears(): number[] {
  return [...LIBRARY_YEARS].sort((a, b) => a - b);
}

/** "Spring Festival,春节,4" → "春节". */
function holidayName(value: string): string {
  const parts = value.split(',');
  return parts.length >= 3 ? parts[parts.length - 2] : value;
}

// ---------------------------------------------------------------------------------------------
// Day arithmetic on "Shanghai day numbers" (days since 1970-01-01 in Shanghai wall time)
// ---------------------------------------------------------------------------------------------

function instantMs(d: Date, what: string): number {
  const ms = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(ms)) throw new TypeError(`${what} must be a valid Date`);
  return ms;
}

/** Shanghai day number of an instant. */
function dayOfMs(ms: number): number {
  return Math.floor((ms + SHANGHAI_UTC_OFFSET_MS) / MS_PER_DAY);
}

/** First instant (00:00:00.000 Shanghai) of a day number. */
function dayStartMs(day: number): number {
  return day * MS_PER_DAY - SHANGHAI_UTC_OFFSET_MS;
}

function dayToString(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayFromString(s: string): number {
  const m = typeof s === 'string' ? DATE_RE.exec(s) : null;
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const day = ms / MS_PER_DAY;
    if (dayToString(day) === s) return day;
  }
  throw new RangeError(`invalid calendar date ${JSON.stringify(s)}, expected YYYY-MM-DD`);
}

/** 0 = Sunday … 6 = Saturday (day 0 = 1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** A working period in milliseconds from 00:00 of the day. */
interface Period {
  startMs: number;
  endMs: number;
}

const HHMM_RE = /^(\d{1,2}):(\d{2})$/;

function parseHHMM(s: string): number {
  const m = typeof s === 'string' ? HHMM_RE.exec(s) : null;
  if (m) {
    const h = Number(m[1]);
    const min = Number(m[2]);
    if (min < 60 && (h < 24 || (h === 24 && min === 0))) return (h * 60 + min) * MS_PER_MINUTE;
  }
  throw new RangeError(`invalid time ${JSON.stringify(s)}, expected HH:MM between 00:00 and 24:00`);
}

function parsePeriods(config: WorkingHoursConfig): Period[] {
  if (!config || !Array.isArray(config.periods) || config.periods.length === 0) {
    throw new RangeError('working hours need at least one period');
  }
  const periods = config.periods.map((p) => ({ startMs: parseHHMM(p.start), endMs: parseHHMM(p.end) }));
  periods.forEach((p, i) => {
    if (p.endMs <= p.startMs) throw new RangeError(`working period ${i} ends before it starts`);
    if (i > 0 && p.startMs < periods[i - 1].endMs) {
      throw new RangeError(`working period ${i} overlaps or precedes period ${i - 1}: periods must be sorted`);
    }
  });
  return periods;
}

// ---------------------------------------------------------------------------------------------
// The calendar
// ---------------------------------------------------------------------------------------------

/**
 * Working-day and working-hour arithmetic for Asia/Shanghai.
 *
 * Immutable once built (overrides and hours are copied); answers per day are memoised, so one
 * instance can be shared by all requests and rebuilt when the admin override table changes.
 *
 * Conventions (domain.md §6): "Day 1 is the first working day after the day of assignment; a deadline
 * of N working days ends at 23:59:59 of day N". Day boundaries are Shanghai midnights; a deadline
 * returned here is 23:59:59.999 Shanghai of its last day.
 */
export class WorkingCalendar {
  /** The working hours this calendar uses (a frozen copy). */
  readonly hours: WorkingHoursConfig;
  private readonly overrides: ReadonlyMap<number, DayOverride>;
  private readonly periods: readonly Period[];
  private readonly workingCache = new Map<number, boolean>();

  /**
   * @param overrides admin overrides (they win over chinese-days and the Mon-Fri fallback); when a
   *   date appears twice the last entry wins.
   * @param hours daily working periods, Shanghai wall-clock time.
   * @throws RangeError on a malformed override date or working-hours config.
   */
  constructor(overrides: DayOverride[] = [], hours: WorkingHoursConfig = DEFAULT_WORKING_HOURS) {
    const map = new Map<number, DayOverride>();
    for (const o of overrides) {
      if (typeof o.isWorkingDay !== 'boolean') {
        throw new RangeError(`override ${JSON.stringify(o.date)}: isWorkingDay must be a boolean`);
      }
      const day = dayFromString(o.date);
      const note = o.note !== undefined ? { note: o.note } : {};
      map.set(day, Object.freeze({ date: o.date, isWorkingDay: o.isWorkingDay, ...note }));
    }
    this.overrides = map;
    this.periods = parsePeriods(hours);
    this.hours = Object.freeze({
      periods: hours.periods.map((p) => Object.freeze({ start: p.start, end: p.end })),
    });
  }

  // ----- days ------------------------------------------------------------------------------

  /** Shanghai calendar date (`YYYY-MM-DD`) of an instant. */
  shanghaiDate(d: Date): string {
    return dayToString(dayOfMs(instantMs(d, 'date')));
  }

  /** 00:00:00.000 Shanghai of the day containing `d`. */
  startOfShanghaiDay(d: Date): Date {
    return new Date(dayStartMs(dayOfMs(instantMs(d, 'date'))));
  }

  /** 23:59:59.999 Shanghai of the day containing `d`. */
  endOfShanghaiDay(d: Date): Date {
    return new Date(dayStartMs(dayOfMs(instantMs(d, 'date')) + 1) - 1);
  }

  /**
   * Whether a day is a working day (工作日).
   * @param d an instant (its Shanghai date is used) or a Shanghai calendar date `YYYY-MM-DD`.
   */
  isWorkingDay(d: Date | string): boolean {
    return this.isWorkingDayNumber(this.toDay(d));
  }

  /** Full description of a day: working or not, and why. */
  describeDay(d: Date | string): DayInfo {
    const day = this.toDay(d);
    const date = dayToString(day);
    const weekday = weekdayOf(day);
    const override = this.overrides.get(day);
    if (override) {
      return {
        date,
        weekday,
        isWorkingDay: override.isWorkingDay,
        source: 'OVERRIDE',
        ...(override.note !== undefined ? { name: override.note } : {}),
        inLieu: false,
      };
    }
    const tagged = LIBRARY.workdays[date] ?? LIBRARY.holidays[date];
    return {
      date,
      weekday,
      isWorkingDay: this.isWorkingDayNumber(day),
      source: libraryCoversYear(Number(date.slice(0, 4))) ? 'LIBRARY' : 'FALLBACK',
      ...(tagged !== undefined ? { name: holidayName(tagged) } : {}),
      inLieu: LIBRARY.inLieuDays[date] !== undefined,
    };
  }

  /**
   * The deadline of `n` working days counted from the day of `from` (domain.md §6): day 1 is the first
   * working day after the Shanghai day of `from` (whatever the time of day, and whether or not that
   * day is itself a working day); the result is 23:59:59.999 Shanghai of working day `n`.
   * @param n integer >= 1
   */
  addWorkingDays(from: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be an integer >= 1, got ${n}`);
    let day = dayOfMs(instantMs(from, 'from'));
    for (let counted = 0; counted < n;) {
      day = this.nextWorkingDay(day);
      counted++;
    }
    return new Date(dayStartMs(day + 1) - 1);
  }

  /**
   * Working days elapsed from `from` to `to`, counted like {@link addWorkingDays}: the number of
   * working days `d` with `shanghaiDate(from) < d <= shanghaiDate(to)`. 0 on the same Shanghai day and
   * when `to` is earlier than `from`. Invariant: `workingDaysBetween(x, addWorkingDays(x, n)) === n`.
   */
  workingDaysBetween(from: Date, to: Date): number {
    const a = dayOfMs(instantMs(from, 'from'));
    const b = dayOfMs(instantMs(to, 'to'));
    let count = 0;
    for (let day = a + 1; day <= b; day++) if (this.isWorkingDayNumber(day)) count++;
    return count;
  }

  /**
   * New due date after an extension (延期) of `days` working days: the same rule as
   * {@link addWorkingDays}, counted from the Shanghai day of the old due date, so a due date of
   * 23:59:59.999 on day N becomes 23:59:59.999 on the `days`-th working day after day N.
   */
  extendBy(due: Date, days: number): Date {
    return this.addWorkingDays(due, days);
  }

  /**
   * Earliest instant `t` with `workingDaysBetween(t, due) <= k`: 00:00 Shanghai of the (k+1)-th
   * latest working day on or before the Shanghai day of `due`. With k = 1 and a due date at the end
   * of working day N, this is the start of the working day before day N.
   */
  earliestWithWorkingDaysLeft(due: Date, k: number): Date {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be an integer >= 0, got ${k}`);
    let day = dayOfMs(instantMs(due, 'due')) + 1;
    for (let found = 0; found <= k; found++) day = this.previousWorkingDay(day);
    return new Date(dayStartMs(day));
  }

  // ----- hours -----------------------------------------------------------------------------

  /** Working hours in one working day (7 with the defaults). */
  get dailyWorkingHours(): number {
    return this.periods.reduce((sum, p) => sum + p.endMs - p.startMs, 0) / MS_PER_HOUR;
  }

  /**
   * The instant when `hours` working hours have passed after `from`, walking the working periods of
   * working days only (lunch breaks, evenings, weekends and holidays do not count). A start outside
   * working time begins at the next working period; a result that falls exactly on the end of a
   * period stays there (Friday 16:00 + 1.5 h = Friday 17:30, not Monday 09:00).
   * Example with the default hours: Friday 16:00 + 5 h = 1.5 h on Friday + 3 h Monday morning
   * + 0.5 h after lunch = Monday 14:00 (if Monday is a working day).
   * Milliseconds are the resolution: `hours` is rounded to whole milliseconds.
   * @param hours >= 0; 0 returns `from` unchanged.
   */
  addWorkingHours(from: Date, hours: number): Date {
    if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`working hours must be >= 0, got ${hours}`);
    return new Date(this.addWorkingMs(instantMs(from, 'from'), Math.round(hours * MS_PER_HOUR)));
  }

  /**
   * Working hours elapsed between two instants (fractional; 0 if `to <= from`): the total overlap of
   * [from, to] with the working periods of working days. Inverse of {@link addWorkingHours}:
   * `workingHoursBetween(x, addWorkingHours(x, h)) === h` up to a millisecond.
   */
  workingHoursBetween(from: Date, to: Date): number {
    return this.workingMsBetween(instantMs(from, 'from'), instantMs(to, 'to')) / MS_PER_HOUR;
  }

  /** `from` plus `hours` of wall time (urgent messages: "24 calendar hours"). Any finite number. */
  addCalendarHours(from: Date, hours: number): Date {
    if (!Number.isFinite(hours)) throw new RangeError(`hours must be finite, got ${hours}`);
    return new Date(instantMs(from, 'from') + Math.round(hours * MS_PER_HOUR));
  }

  /** Due date of a deadline given as an amount and a unit (dispatches to the methods above). */
  addDuration(from: Date, amount: number, unit: DeadlineUnit): Date {
    switch (unit) {
      case 'WORKING_DAYS':
        return this.addWorkingDays(from, amount);
      case 'WORKING_HOURS':
        return this.addWorkingHours(from, amount);
      case 'CALENDAR_HOURS':
        return this.addCalendarHours(from, amount);
      default:
        throw new RangeError(`unknown deadline unit ${String(unit)}`);
    }
  }

  // ----- internals -------------------------------------------------------------------------

  private toDay(d: Date | string): number {
    return typeof d === 'string' ? dayFromString(d) : dayOfMs(instantMs(d, 'date'));
  }

  private isWorkingDayNumber(day: number): boolean {
    const cached = this.workingCache.get(day);
    if (cached !== undefined) return cached;
    let working: boolean;
    const override = this.overrides.get(day);
    if (override) {
      working = override.isWorkingDay;
    } else {
      const date = dayToString(day);
      if (LIBRARY.workdays[date] !== undefined)
        working = true; // 调休上班
      else if (LIBRARY.holidays[date] !== undefined)
        working = false; // 法定节假日
      else {
        const wd = weekdayOf(day);
        working = wd >= 1 && wd <= 5;
      }
    }
    this.workingCache.set(day, working);
    return working;
  }

  /** First working day strictly after `day`. */
  private nextWorkingDay(day: number): number {
    for (let i = 1; i <= MAX_SCAN_DAYS; i++) if (this.isWorkingDayNumber(day + i)) return day + i;
    throw new Error(`no working day within ${MAX_SCAN_DAYS} days after ${dayToString(day)}`);
  }

  /** Last working day strictly before `day`. */
  private previousWorkingDay(day: number): number {
    for (let i = 1; i <= MAX_SCAN_DAYS; i++) if (this.isWorkingDayNumber(day - i)) return day - i;
    throw new Error(`no working day within ${MAX_SCAN_DAYS} days before ${dayToString(day)}`);
  }

  private addWorkingMs(fromMs: number, amountMs: number): number {
    if (amountMs === 0) return fromMs;
    let remaining = amountMs;
    let t = fromMs;
    let day = dayOfMs(fromMs);
    if (!this.isWorkingDayNumber(day)) day = this.nextWorkingDay(day);
    for (;;) {
      const base = dayStartMs(day);
      for (const p of this.periods) {
        const end = base + p.endMs;
        if (t >= end) continue;
        const start = Math.max(t, base + p.startMs);
        const available = end - start;
        if (remaining <= available) return start + remaining;
        remaining -= available;
        t = end;
      }
      day = this.nextWorkingDay(day);
    }
  }

  private workingMsBetween(fromMs: number, toMs: number): number {
    if (toMs <= fromMs) return 0;
    let total = 0;
    const last = dayOfMs(toMs);
    for (let day = dayOfMs(fromMs); day <= last; day++) {
      if (!this.isWorkingDayNumber(day)) continue;
      const base = dayStartMs(day);
      for (const p of this.periods) {
        const overlap = Math.min(base + p.endMs, toMs) - Math.max(base + p.startMs, fromMs);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }
}

// ---------------------------------------------------------------------------------------------
// Warning levels (红黄灯) and pauses
// ---------------------------------------------------------------------------------------------

/**
 * The instant from which an item due at `dueAt` is YELLOW (临期), so that a stored column `yellowAt`
 * can be compared with now in SQL exactly as {@link warningLevel} does in code:
 *
 *   yellowAt = max(startAt, min(t80, tDays))
 *
 * - t80: the instant when `ratio` (default 80%) of the calendar time from `startAt` to `dueAt` has
 *   passed (rounded up to the millisecond, so `now >= t80` ⇔ `now - startAt >= ratio × span`);
 * - tDays: `cal.earliestWithWorkingDaysLeft(dueAt, workingDaysLeft)`, the first instant at which
 *   `cal.workingDaysBetween(now, dueAt) <= workingDaysLeft` (default 1: at most one working day is
 *   left after today). For a due date at the end of working day N that is 00:00 of the working day
 *   before day N; omitted when `workingDaysLeft` is null.
 *
 * Clamped to `startAt` (an item is never YELLOW "before it started"; e.g. a 1-working-day deadline
 * is YELLOW from assignment). If `dueAt <= startAt` the result is `startAt`.
 */
export function yellowThreshold(startAt: Date, dueAt: Date, cal: WorkingCalendar, options: WarningOptions = {}): Date {
  const start = instantMs(startAt, 'startAt');
  const due = instantMs(dueAt, 'dueAt');
  const ratio = options.ratio ?? DEFAULT_YELLOW_RATIO;
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new RangeError(`ratio must be within [0, 1], got ${ratio}`);
  const k = options.workingDaysLeft === undefined ? DEFAULT_YELLOW_WORKING_DAYS_LEFT : options.workingDaysLeft;

  let threshold = start + Math.ceil(ratio * Math.max(0, due - start));
  if (k !== null) threshold = Math.min(threshold, cal.earliestWithWorkingDaysLeft(dueAt, k).getTime());
  return new Date(Math.max(start, threshold));
}

/**
 * Warning level of a deadline at `now` (domain.md §6), defined through {@link yellowThreshold}:
 *
 *   RED    when now > dueAt (overdue, 超期);
 *   YELLOW when now >= yellowThreshold(startAt, dueAt) (临期): 80% of the calendar time from start to
 *          due has passed, or `cal.workingDaysBetween(now, dueAt) <= 1` (at most one working day is
 *          left after today, i.e. today is the working day before the due day, or the due day itself);
 *   GREEN  otherwise.
 *
 * For `now >= startAt` this equals the direct reading of the two rules (tested).
 */
export function warningLevel(startAt: Date, dueAt: Date, now: Date, cal: WorkingCalendar, options: WarningOptions = {}): WarningLevel {
  const t = instantMs(now, 'now');
  if (t > instantMs(dueAt, 'dueAt')) return 'RED';
  return t >= yellowThreshold(startAt, dueAt, cal, options).getTime() ? 'YELLOW' : 'GREEN';
}

/**
 * Due date after a pause (挂起, e.g. waiting for the citizen to supply information): the clock stops
 * while paused, so the due date moves later by the time the pause consumed, measured in the unit of
 * the deadline:
 *
 * - WORKING_DAYS (default): k = `cal.workingDaysBetween(pausedFrom, resumedAt)`, the working days
 *   elapsed during the pause counted like deadlines (the pause day itself does not count, the day of
 *   resumption does). The new due date is `cal.extendBy(dueAt, k)`, i.e. the end of the k-th working
 *   day after the old due day. A pause inside one Shanghai day moves nothing; a pause from Friday
 *   evening to Monday morning moves the due date by one working day (Monday).
 * - WORKING_HOURS: the due date moves by `cal.workingHoursBetween(pausedFrom, resumedAt)` working hours.
 * - CALENDAR_HOURS: the due date moves by the wall-clock length of the pause.
 *
 * @throws RangeError if `resumedAt < pausedFrom`.
 */
export function shiftForPause(dueAt: Date, pausedFrom: Date, resumedAt: Date, cal: WorkingCalendar, unit: DeadlineUnit = 'WORKING_DAYS'): Date {
  const due = instantMs(dueAt, 'dueAt');
  const from = instantMs(pausedFrom, 'pausedFrom');
  const to = instantMs(resumedAt, 'resumedAt');
  if (to < from) throw new RangeError('resumedAt is before pausedFrom');
  switch (unit) {
    case 'WORKING_DAYS': {
      const k = cal.workingDaysBetween(pausedFrom, resumedAt);
      return k === 0 ? new Date(due) : cal.extendBy(dueAt, k);
    }
    case 'WORKING_HOURS':
      return cal.addWorkingHours(dueAt, cal.workingHoursBetween(pausedFrom, resumedAt));
    case 'CALENDAR_HOURS':
      return new Date(due + (to - from));
    default:
      throw new RangeError(`unknown deadline unit ${String(unit)}`);
  }
}
