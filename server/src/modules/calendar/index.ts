/** Working-time calendar (工作日历): working days, working hours, deadlines, 红黄灯 and pauses. */
export {
  DEFAULT_WORKING_HOURS,
  DEFAULT_YELLOW_RATIO,
  DEFAULT_YELLOW_WORKING_DAYS_LEFT,
  SHANGHAI_UTC_OFFSET_MS,
  WorkingCalendar,
  libraryCoversYear,
  libraryYears,
  shiftForPause,
  warningLevel,
  yellowThreshold,
} from './workingCalendar';
export type { DayInfo, DayOverride, DaySource, DeadlineUnit, WarningLevel, WarningOptions, WorkingHoursConfig } from './workingCalendar';
