/** Every TypeORM entity, registered once. A module adds its entities here. */
import { Category } from '../modules/category/category.entity';
import { Leader } from '../modules/leader/leader.entity';
import { Unit } from '../modules/unit/unit.entity';
import { User, UserSession } from '../modules/user/user.entity';
import { Message } from '../modules/message/message.entity';
import { MessageEvent } from '../modules/ledger/message-event.entity';
import { Assignment, ExtensionRequest } from '../modules/assignment/assignment.entity';
import { Reply } from '../modules/reply/reply.entity';
import { Supervision } from '../modules/supervision/supervision.entity';
import { Evaluation } from '../modules/evaluation/evaluation.entity';
import { ApiClient } from '../modules/apiclient/apiclient.entity';
import { HolidayOverride, SlaPolicy } from '../modules/deadline/deadline.entity';
import { AppSetting } from '../modules/settings/setting.entity';
import { Notification } from '../modules/notification/notification.entity';
import { ANALYSIS_ENTITIES } from '../modules/analysis/analysis.entities';
import { ReplyTemplate } from '../modules/template/reply-template.entity';
import { StoredFile } from '../modules/attachment/stored-file.entity';
import { SandboxMessage } from '../modules/sandbox/sandbox-message.entity';
import { KNOWLEDGE_ENTITIES } from '../modules/knowledge/knowledge.entities';
import { CATALOGUE_ENTITIES } from '../modules/catalogue/catalogue.entities';
import { GROUPING_ENTITIES } from '../modules/grouping/message-group.entity';
import { AssignmentObjection } from '../modules/assignment/objection.entity';

export const ENTITIES = [
  Unit,
  Leader,
  Category,
  User,
  UserSession,
  Message,
  MessageEvent,
  Assignment,
  ExtensionRequest,
  AssignmentObjection,
  Reply,
  Supervision,
  Evaluation,
  ApiClient,
  SlaPolicy,
  HolidayOverride,
  AppSetting,
  Notification,
  ReplyTemplate,
  StoredFile,
  ...ANALYSIS_ENTITIES,
  SandboxMessage,
  ...KNOWLEDGE_ENTITIES,
  ...CATALOGUE_ENTITIES,
  ...GROUPING_ENTITIES,
];
