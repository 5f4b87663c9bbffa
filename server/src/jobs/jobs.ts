/** The scheduled jobs of wenzheng, and what each does. */
import type { AppConfig } from '../config/config';
import type { Services } from '../services';
import type { ScheduledJob } from './scheduler';

export function jobsOf(services: Services, config: AppConfig): ScheduledJob[] {
  const every = config.jobs.intervalSeconds;
  return [
    { name: 'mark-overdue', everySeconds: every, run: (now) => services.closing.markOverdue(now) },
    { name: 'auto-close', everySeconds: every, run: (now) => services.closing.autoClose(now) },
  ];
}
