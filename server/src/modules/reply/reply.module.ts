/** Replies (答复): drafts, review and publication (docs/domain.md, "Adding a module"). */
import { Unit } from '../unit/unit.entity';
import { groupLoader } from '../../graphql/loaders';
import type { AssignmentService } from '../assignment/assignment.service';
import type { DeadlineService } from '../deadline/deadline.service';
import type { KnowledgeQuotes } from '../knowledge/knowledge.quotes';
import type { Workflow } from '../ledger/ledger';
import type { MessageService } from '../message/message.service';
import { defineModule, type ModuleKernel } from '../module';
import { Reply } from './reply.entity';
import { ReplyResolver } from './reply.resolver';
import { ReplyService } from './reply.service';

export const replyModule = defineModule({
  name: 'reply',
  entities: [Reply],
  resolvers: [ReplyResolver],
  loaders: (ds) => ({ repliesByMessage: groupLoader(ds, Reply, 'messageId', { column: 'unitId', entity: Unit }) }),
  services: (
    d: ModuleKernel & {
      workflow: Workflow;
      messages: MessageService;
      assignments: AssignmentService;
      deadlines: DeadlineService;
      knowledgeQuotes: KnowledgeQuotes;
    },
  ) => ({ replies: new ReplyService(d.ds, d.workflow, d.messages, d.assignments, d.deadlines, d.knowledgeQuotes) }),
});
