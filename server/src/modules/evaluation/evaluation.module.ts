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
});
