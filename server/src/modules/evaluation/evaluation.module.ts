/** Citizens' ratings and redo, closing, auto-close, overdue and archiving (docs/domain.md, "Adding a module"). */
import { groupLoader } from '../../graphql/loaders';
import type { DeadlineService } from '../deadline/deadline.service';
import type { Workflow } from '../ledger/ledger';
import type { MessageService } from '../message/message.service';
import { defineModule, type ModuleKernel } from '../module';
import type { SettingsService } from '../settings/settings.service';
import { ClosingService } from './closing.service';
import { Evaluation } from './evaluation.entity';

export const evaluationModule = defineModule({
  name: 'evaluation',
  entities: [Evaluation],
  loaders: (ds) => ({ evaluationsByMessage: groupLoader(ds, Evaluation, 'messageId') }),
  services: (d: ModuleKernel & { workflow: Workflow; messages: MessageService; deadlines: DeadlineService; settings: SettingsService }) => ({
    closing: new ClosingService(d.ds, d.workflow, d.messages, d.deadlines, d.settings),
  }),
  jobs: ({ config, closing }: ModuleKernel & { closing: ClosingService }) => [
    // OVERDUE: an open assignment past its reply deadline (once; sets overdueAt, the RED colour).
    { name: 'mark-overdue', everySeconds: config.jobs.intervalSeconds, run: (now) => closing.markOverdue(now) },
    // CLOSED (AUTO): replied messages nobody rated within the policy's days.
    { name: 'auto-close', everySeconds: config.jobs.intervalSeconds, run: (now) => closing.autoClose(now) },
    // ARCHIVED: finished messages the archive period (settings) after they finished; read-only from then on.
    { name: 'archive', everySeconds: config.jobs.intervalSeconds, run: (now) => closing.archiveFinished(now) },
  ],
});
