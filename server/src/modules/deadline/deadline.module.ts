/** Deadlines: SLA policies, the working calendar's overrides and the deadline alerts (docs/domain.md, "Adding a module"). */
import { DeadlineAlerts } from '../../jobs/deadlineAlerts';
import type { Workflow } from '../ledger/ledger';
import { defineModule, type ModuleKernel } from '../module';
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
});
