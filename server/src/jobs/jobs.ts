/** The scheduled jobs of wenzheng, and what each does. */
import type { AppConfig } from '../config/config';
import type { Services } from '../services';
import type { ScheduledJob } from './scheduler';

export function jobsOf(services: Services, config: AppConfig): ScheduledJob[] {
  const every = config.jobs.intervalSeconds;
  return [
    // OVERDUE: an open assignment past its reply deadline (once; sets overdueAt, the RED colour).
    { name: 'mark-overdue', everySeconds: every, run: (now) => services.closing.markOverdue(now) },
    // DUE_SOON: past the YELLOW threshold, reply not yet due (once per reply deadline).
    { name: 'mark-due-soon', everySeconds: every, run: (now) => services.deadlineAlerts.markDueSoon(now) },
    // SIGN_OVERDUE: still not signed for after the sign-for deadline (once per sign-for deadline).
    { name: 'mark-sign-overdue', everySeconds: every, run: (now) => services.deadlineAlerts.markSignOverdue(now) },
    // CLOSED (AUTO): replied messages nobody rated within the policy's days.
    { name: 'auto-close', everySeconds: every, run: (now) => services.closing.autoClose(now) },
    // ARCHIVED: finished messages the archive period (settings) after they finished; read-only from then on.
    { name: 'archive', everySeconds: every, run: (now) => services.closing.archiveFinished(now) },
    // The analysis index picks up messages an instance committed but stopped before indexing.
    { name: 'analysis-catch-up', everySeconds: every, run: () => services.analysis.queue.catchUp() },
  ];
}
