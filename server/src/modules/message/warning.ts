import { WarningLevel } from './message.enums';

/**
 * Warning level from the stored deadline columns: the same comparison the list filters make in SQL
 * (RED: due < now; YELLOW: yellowAt <= now <= due), so a row's colour and the filter always agree.
 */
export function warningOf(dueAt: Date | null, yellowAt: Date | null, now: Date): WarningLevel | null {
  if (!dueAt) return null;
  if (now > dueAt) return WarningLevel.RED;
  if (yellowAt && now >= yellowAt) return WarningLevel.YELLOW;
  return WarningLevel.GREEN;
}
