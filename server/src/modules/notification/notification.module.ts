/** Staff notifications (the bell) (docs/domain.md, "Adding a module"). */
import type { Workflow } from '../ledger/ledger';
import { defineModule, type ModuleKernel } from '../module';
import { Notification } from './notification.entity';
import { NotificationResolver } from './notification.resolver';
import { NotificationService } from './notification.service';

export const notificationModule = defineModule({
  name: 'notification',
  entities: [Notification],
  resolvers: [NotificationResolver],
  services: ({ ds, workflow }: ModuleKernel & { workflow: Workflow }) => {
    const notifications = new NotificationService(ds);
    workflow.onLedger(notifications.record);
    return { notifications };
  },
});
