/** Deadlines: SLA policies, the working calendar's overrides and the deadline alerts (docs/domain.md, "Adding a module"). */
import type { Workflow } from '../ledger/ledger';
import { defineModule, type ModuleKernel } from '../module';
import { DeadlineAlerts } from './deadline.alerts';
import { HolidayOverride, SlaPolicy } from './deadline.entity';
import { DeadlineResolver } from './deadline.resolver';
import { DeadlineService } from './deadline.service';

export const deadlineModule = defineModule({
  name: 'deadline',
  entities: [SlaPolicy, HolidayOverride],
  resolvers: [DeadlineResolver],
  services: ({ ds, workflow }: ModuleKernel & { workflow: Workflow }) => ({
    deadlines: new DeadlineService(ds),
    deadlineAlerts: new DeadlineAlerts(ds, workflow),
  }),
  jobs: ({ config, deadlineAlerts }: ModuleKernel & { deadlineAlerts: DeadlineAlerts }) => [
    // DUE_SOON: past the YELLOW threshold, reply not yet due (once per reply deadline).
    { name: 'mark-due-soon', everySeconds: config.jobs.intervalSeconds, run: (now) => deadlineAlerts.markDueSoon(now) },
    // SIGN_OVERDUE: still not signed for after the sign-for deadline (once per sign-for deadline).
    { name: 'mark-sign-overdue', everySeconds: config.jobs.intervalSeconds, run: (now) => deadlineAlerts.markSignOverdue(now) },
  ],
});
