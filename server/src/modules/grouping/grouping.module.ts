/** Grouping similar messages (相似件归并) (docs/domain.md, "Adding a module"). */
import type { AssignmentService } from '../assignment/assignment.service';
import type { Workflow } from '../ledger/ledger';
import type { MessageService } from '../message/message.service';
import { defineModule, type ModuleKernel } from '../module';
import { GROUPING_ENTITIES } from './message-group.entity';
import { groupingLoaders } from './message-group.loaders';
import { MessageGroupFieldResolver, MessageGroupResolver } from './message-group.resolver';
import { MessageGroupService } from './message-group.service';

export const groupingModule = defineModule({
  name: 'grouping',
  entities: GROUPING_ENTITIES,
  resolvers: [MessageGroupResolver, MessageGroupFieldResolver],
  loaders: groupingLoaders,
  services: (d: ModuleKernel & { workflow: Workflow; messages: MessageService; assignments: AssignmentService }) => ({
    messageGroups: new MessageGroupService(d.ds, d.workflow, d.messages, d.assignments),
  }),
});
