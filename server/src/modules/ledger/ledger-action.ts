/**
 * What a ledger entry (台账记录) records: one closed vocabulary, written by the workflow's services and jobs and read
 * by the timeline, the live events, the notifications, the statistics facts and the console (a label in zh and en for
 * each). A new action is added here first; the compiler then names every consumer that must handle it.
 */
import { registerLabelledEnum } from '../../common/labels';
import LABELS from './ledger.labels.data.json';

export enum LedgerAction {
  CREATED = 'CREATED',
  ACCEPTED = 'ACCEPTED',
  MARKED_INVALID = 'MARKED_INVALID',
  MERGED = 'MERGED',
  CATEGORY_SET = 'CATEGORY_SET',
  GROUPED = 'GROUPED',
  UNGROUPED = 'UNGROUPED',
  GROUP_MEMBER_ADDED = 'GROUP_MEMBER_ADDED',
  GROUP_MEMBER_REMOVED = 'GROUP_MEMBER_REMOVED',
  ASSIGNED = 'ASSIGNED',
  REASSIGNED = 'REASSIGNED',
  SIGNED = 'SIGNED',
  DELEGATED = 'DELEGATED',
  CITIZEN_CONTACTED = 'CITIZEN_CONTACTED',
  RETURN_REQUESTED = 'RETURN_REQUESTED',
  RETURN_APPROVED = 'RETURN_APPROVED',
  RETURN_REJECTED = 'RETURN_REJECTED',
  EXTENSION_REQUESTED = 'EXTENSION_REQUESTED',
  EXTENSION_APPROVED = 'EXTENSION_APPROVED',
  EXTENSION_REJECTED = 'EXTENSION_REJECTED',
  ASSIGNMENT_CANCELLED = 'ASSIGNMENT_CANCELLED',
  OBJECTION_RAISED = 'OBJECTION_RAISED',
  OBJECTION_UPHELD = 'OBJECTION_UPHELD',
  OBJECTION_REJECTED = 'OBJECTION_REJECTED',
  ON_HOLD = 'ON_HOLD',
  RESUMED = 'RESUMED',
  REPLY_DRAFTED = 'REPLY_DRAFTED',
  REPLY_EDITED = 'REPLY_EDITED',
  REPLY_REVISED = 'REPLY_REVISED',
  REPLY_SUBMITTED = 'REPLY_SUBMITTED',
  REPLY_APPROVED = 'REPLY_APPROVED',
  REPLY_REJECTED = 'REPLY_REJECTED',
  REPLY_PUBLISHED = 'REPLY_PUBLISHED',
  PROGRESS_REPLIED = 'PROGRESS_REPLIED',
  ASSIST_OPINION_GIVEN = 'ASSIST_OPINION_GIVEN',
  URGED = 'URGED',
  SUPERVISED = 'SUPERVISED',
  INSTRUCTED = 'INSTRUCTED',
  SUPERVISION_ANSWERED = 'SUPERVISION_ANSWERED',
  EVALUATED = 'EVALUATED',
  REOPENED = 'REOPENED',
  CLOSED = 'CLOSED',
  ARCHIVED = 'ARCHIVED',
  PII_VIEWED = 'PII_VIEWED',
  OVERDUE = 'OVERDUE',
  DUE_SOON = 'DUE_SOON',
  SIGN_OVERDUE = 'SIGN_OVERDUE',
}

registerLabelledEnum(LedgerAction, 'LedgerAction', LABELS);

/** Throws at compile time when a switch over the actions misses one (an exhaustive `default:`). */
export function unhandledAction(action: never): never {
  throw new Error(`unhandled ledger action ${String(action)}`);
}
