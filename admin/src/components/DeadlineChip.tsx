/**
 * Where a deadline stands, in words and colour: working days left or overdue, on hold (挂起: the clock is
 * stopped, never shown as overdue), or how long a message has waited for screening (待受理). Everything comes
 * from the server (`deadline`, `screening`: computed with the working calendar); nothing is computed here.
 */
import { Chip, Tooltip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { DeadlineFields } from '../generated/graphql';
import { fmt } from './common';

const COLORS = { GREEN: 'success', YELLOW: 'warning', RED: 'error' } as const;
type Screening = { waitingWorkingDays: number; dueAt: string; level: string };

/** The chip of a reply deadline (a message's or an assignment's). */
export function DeadlineChip({ deadline }: { deadline?: DeadlineFields | null }) {
  const t = useTranslate();
  if (!deadline) return null;
  const d = deadline;
  if (d.paused) {
    return (
      <Tooltip title={t('wz.deadline.pausedHint', { since: fmt(d.pausedSince), due: fmt(d.dueAt) })}>
        <Chip
          size="small"
          color="info"
          variant="outlined"
          data-deadline="paused"
          data-testid="deadline-chip"
          label={t('wz.deadline.paused', { smart_count: d.workingDaysLeft })}
        />
      </Tooltip>
    );
  }
  const label = d.overdue
    ? d.workingDaysOverdue > 0
      ? t('wz.deadline.overdueDays', { smart_count: d.workingDaysOverdue })
      : t('wz.deadline.overdue')
    : d.workingDaysLeft > 0
      ? t('wz.deadline.left', { smart_count: d.workingDaysLeft })
      : t('wz.deadline.dueToday');
  return (
    <Tooltip title={t('wz.deadline.dueAt', { due: fmt(d.dueAt) })}>
      <Chip
        size="small"
        color={COLORS[d.level as keyof typeof COLORS] ?? 'default'}
        label={label}
        data-deadline={d.overdue ? 'overdue' : d.level}
        data-testid="deadline-chip"
      />
    </Tooltip>
  );
}

/** How long a message has waited for screening (待受理), coloured by its age. */
export function ScreeningChip({ screening }: { screening?: Screening | null }) {
  const t = useTranslate();
  if (!screening) return null;
  const s = screening;
  const label = s.waitingWorkingDays > 0 ? t('wz.deadline.waiting', { smart_count: s.waitingWorkingDays }) : t('wz.deadline.waitingToday');
  return (
    <Tooltip title={t('wz.deadline.screenBy', { due: fmt(s.dueAt) })}>
      <Chip
        size="small"
        variant={s.level === 'GREEN' ? 'outlined' : 'filled'}
        color={COLORS[s.level as keyof typeof COLORS] ?? 'default'}
        label={label}
        data-screening={s.level}
        data-testid="screening-chip"
      />
    </Tooltip>
  );
}

/** A list column: the message's screening age while it waits, else where its reply deadline stands. */
export function DeadlineField(_props: { source?: string; label?: string; sortable?: boolean }) {
  const r = useRecordContext<{ screening?: Screening | null; deadline?: DeadlineFields | null }>();
  if (!r) return null;
  return r.screening ? <ScreeningChip screening={r.screening} /> : <DeadlineChip deadline={r.deadline} />;
}
DeadlineField.defaultProps = { label: 'resources.messages.fields.deadline', sortable: false };
