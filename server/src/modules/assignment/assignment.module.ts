/** Assignments (交办), extension requests and objections (派单异议) (docs/domain.md, "Adding a module"). */
import type { CatalogueService } from '../catalogue/catalogue.service';
import type { DeadlineService } from '../deadline/deadline.service';
import type { Workflow } from '../ledger/ledger';
import type { MessageService } from '../message/message.service';
import { defineModule, type ModuleKernel } from '../module';
import { Assignment, ExtensionRequest } from './assignment.entity';
import { assignmentLoaders } from './assignment.loaders';
import { AssignmentResolver } from './assignment.resolver';
import { AssignmentService } from './assignment.service';
import { AssignmentObjection } from './objection.entity';
import { ObjectionStatisticsResolver } from './objection.statistics';

export const assignmentModule = defineModule({
  name: 'assignment',
  entities: [Assignment, ExtensionRequest, AssignmentObjection],
  resolvers: [AssignmentResolver, ObjectionStatisticsResolver],
  loaders: assignmentLoaders,
  services: (d: ModuleKernel & { workflow: Workflow; messages: MessageService; deadlines: DeadlineService; catalogue: CatalogueService }) => ({
    assignments: new AssignmentService(d.ds, d.workflow, d.messages, d.deadlines, d.catalogue),
  }),
});
