/** Supervision (督办) of messages (docs/domain.md, "Adding a module"). */
import { groupLoader } from '../../graphql/loaders';
import type { AssignmentService } from '../assignment/assignment.service';
import type { Workflow } from '../ledger/ledger';
import type { MessageService } from '../message/message.service';
import { defineModule, type ModuleKernel } from '../module';
import { Supervision } from './supervision.entity';
import { SupervisionResolver } from './supervision.resolver';
import { SupervisionService } from './supervision.service';

export const supervisionModule = defineModule({
  name: 'supervision',
  entities: [Supervision],
  resolvers: [SupervisionResolver],
  loaders: (ds) => ({ supervisionsByMessage: groupLoader(ds, Supervision, 'messageId') }),
  services: (d: ModuleKernel & { workflow: Workflow; messages: MessageService; assignments: AssignmentService }) => ({
    supervision: new SupervisionService(d.ds, d.workflow, d.messages, d.assignments),
  }),
});
