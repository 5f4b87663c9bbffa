/** The assignment state machine (domain.md §4), one declared table; `Assignment.availableActions` derives from it. */
import { unitInScope } from '../../auth/scope';
import type { StaffViewer } from '../../auth/viewer';
import { archivedRefusal, refuse, StateMachine, Transition } from '../../common/stateMachine';
import { ErrorReason as R } from '../../graphql/errors';
import { PLATFORM_ROLES, UNIT_ROLES } from '../../auth/roles';
import type { Message } from '../message/message.entity';
import type { SystemEnv } from '../message/message.transitions';
import { AssignmentRole, AssignmentState as S } from '../message/message.enums';
import type { Assignment } from './assignment.entity';
import { HANDLING_STATES, isIn, OPEN_ASSIGNMENT_STATES, REPLIED_ASSIGNMENT_STATES, RUNNING_ASSIGNMENT_STATES } from '../message/message.states';
import { registerLabelledEnum } from '../../common/labels';
import LABELS from './assignment.labels.data.json';

export enum AssignmentAction {
  SIGN = 'SIGN',
  DELEGATE = 'DELEGATE',
  REQUEST_RETURN = 'REQUEST_RETURN',
  APPROVE_RETURN = 'APPROVE_RETURN',
  REJECT_RETURN = 'REJECT_RETURN',
  REQUEST_EXTENSION = 'REQUEST_EXTENSION',
  APPROVE_EXTENSION = 'APPROVE_EXTENSION',
  REJECT_EXTENSION = 'REJECT_EXTENSION',
  RECORD_CONTACT = 'RECORD_CONTACT',
  DRAFT_REPLY = 'DRAFT_REPLY',
  RESPOND_SUPERVISION = 'RESPOND_SUPERVISION',
  CANCEL = 'CANCEL',
  OBJECT = 'OBJECT',
  UPHOLD_OBJECTION = 'UPHOLD_OBJECTION',
  REJECT_OBJECTION = 'REJECT_OBJECTION',
}
registerLabelledEnum(AssignmentAction, 'AssignmentAction', LABELS);

export interface AssignmentEnv {
  assignment: Assignment;
  message: Message;
  unitPath: string;
  hasPendingExtension: boolean;
  hasOpenSupervision: boolean;
  /** An objection of the unit waits for the platform's decision. */
  hasPendingObjection: boolean;
  /** The matter of a dispatch catalogue entry in force that names this unit for the message (派单目录), if any. */
  catalogueEntry: string | null;
  /** Whether the assignment's unit has an enabled unit directly below it not yet handed this assignment (下派 needs one). */
  hasUnitsBelow: boolean;
  /** Whether every kind of reply this assignment may draft already has an unfinished one (continue that one instead). */
  repliesUnfinished: boolean;
  maxExtensions: number;
  now: Date;
}

const ownUnit = (env: AssignmentEnv, v: StaffViewer) => unitInScope(v, env.unitPath);
const messageOpen = (env: AssignmentEnv) =>
  isIn(HANDLING_STATES, env.message.state) ? null : refuse(R.MESSAGE_NOT_OPEN, '留言不在办理中 (the message is not being handled)');

/** A decision on an extension or an objection needs one waiting for it. */
const extensionPending = (env: AssignmentEnv) =>
  env.hasPendingExtension ? null : refuse(R.NO_PENDING_EXTENSION, '没有待审批的延期申请 (no pending extension request)');
const objectionPending = (env: AssignmentEnv) =>
  env.hasPendingObjection ? null : refuse(R.NO_PENDING_OBJECTION, '没有待决定的派单异议 (no pending objection)');

const T: Array<Transition<S, AssignmentAction, AssignmentEnv>> = [
  { action: AssignmentAction.SIGN, from: [S.PENDING], to: S.SIGNED, roles: UNIT_ROLES, scope: ownUnit, guard: messageOpen, description: '签收 sign for it' },
  {
    action: AssignmentAction.DELEGATE,
    from: [S.SIGNED],
    to: null,
    roles: UNIT_ROLES,
    scope: ownUnit,
    guard: (env) =>
      messageOpen(env) ?? (env.hasUnitsBelow ? null : refuse(R.NO_UNITS_BELOW, '本单位没有可下派的下级单位 (the unit has no enabled unit below it)')),
    description: '下派 hand down to a unit below',
  },
  {
    action: AssignmentAction.REQUEST_RETURN,
    from: [S.PENDING, S.SIGNED],
    to: S.RETURN_REQUESTED,
    roles: UNIT_ROLES,
    scope: ownUnit,
    guard: (env) =>
      messageOpen(env) ??
      (env.assignment.parentId
        ? refuse(R.DELEGATED_RETURNS_TO_PARENT, '下派件请由上级单位处理 (a delegated assignment goes back to its parent unit, not to the platform)')
        : null),
    description: '申请退单 ask to return it',
  },
  {
    action: AssignmentAction.APPROVE_RETURN,
    from: [S.RETURN_REQUESTED],
    to: S.RETURNED,
    roles: PLATFORM_ROLES,
    // the lead unit's return sends the message back to screening: not once it is answered (docs/domain.md §4)
    guard: (env) =>
      env.assignment.role === AssignmentRole.LEAD && !env.assignment.parentId && !isIn(HANDLING_STATES, env.message.state)
        ? refuse(R.MESSAGE_NOT_OPEN, "留言已答复，主办单位的退单申请只能驳回 (the message is answered: the lead unit's return can only be refused)")
        : null,
    description: "同意退单 approve the return (the lead unit's only while the message is being handled)",
  },
  {
    action: AssignmentAction.REJECT_RETURN,
    from: [S.RETURN_REQUESTED],
    to: null,
    alsoTo: [S.PENDING, S.SIGNED],
    roles: PLATFORM_ROLES,
    description: '驳回退单 refuse the return (back to the previous state)',
  },
  {
    action: AssignmentAction.REQUEST_EXTENSION,
    from: [S.SIGNED],
    to: null,
    roles: UNIT_ROLES,
    scope: ownUnit,
    guard: (env) =>
      messageOpen(env) ??
      (env.assignment.parentId ? refuse(R.EXTENSION_BY_TOP_ASSIGNMENT, '延期由主办单位申请 (the top assignment asks for extensions)') : null) ??
      (env.now >= env.assignment.replyDueAt
        ? refuse(R.EXTENSION_AFTER_DEADLINE, '已超过答复期限，不能申请延期 (extensions must be asked before the deadline)')
        : null) ??
      (env.hasPendingExtension ? refuse(R.EXTENSION_PENDING, '已有待审批的延期申请 (an extension request is pending)') : null) ??
      (env.assignment.extensionCount >= env.maxExtensions
        ? refuse(R.EXTENSION_LIMIT, `最多延期 ${env.maxExtensions} 次 (at most ${env.maxExtensions} extensions)`, { max: env.maxExtensions })
        : null),
    description: '申请延期 ask for more time',
  },
  { action: AssignmentAction.APPROVE_EXTENSION, from: [S.SIGNED], to: null, roles: PLATFORM_ROLES, guard: extensionPending, description: '同意延期 grant' },
  { action: AssignmentAction.REJECT_EXTENSION, from: [S.SIGNED], to: null, roles: PLATFORM_ROLES, guard: extensionPending, description: '驳回延期 refuse' },
  {
    action: AssignmentAction.RECORD_CONTACT,
    from: [S.SIGNED],
    to: null,
    roles: UNIT_ROLES,
    scope: ownUnit,
    guard: messageOpen,
    description: '联系群众 record a contact with the citizen',
  },
  {
    action: AssignmentAction.DRAFT_REPLY,
    from: [S.SIGNED],
    to: null,
    roles: UNIT_ROLES,
    scope: ownUnit,
    guard: (env) =>
      messageOpen(env) ??
      (env.message.onHoldSince ? refuse(R.RESUME_FIRST, '等待群众补充中，请先恢复 (resume the message first)') : null) ??
      (env.repliesUnfinished ? refuse(R.UNFINISHED_REPLY, '已有未完成的答复，请继续修改它 (an unfinished reply exists: continue with it)') : null),
    description: '拟写答复 draft a reply (lead: final or progress; assist: opinion)',
  },
  {
    action: AssignmentAction.RESPOND_SUPERVISION,
    from: [S.PENDING, S.SIGNED, S.REPLIED],
    to: null,
    roles: UNIT_ROLES,
    scope: ownUnit,
    guard: (env) => (env.hasOpenSupervision ? null : refuse(R.NO_OPEN_SUPERVISION, '没有待反馈的督办 (no supervision awaiting a response)')),
    description: '督办反馈 answer a supervision',
  },
  {
    action: AssignmentAction.CANCEL,
    from: [S.PENDING, S.SIGNED, S.RETURN_REQUESTED],
    to: S.CANCELLED,
    roles: PLATFORM_ROLES,
    guard: (env) =>
      env.assignment.role === AssignmentRole.LEAD && !env.assignment.parentId
        ? refuse(R.LEAD_USE_REASSIGN, '主办单位请用改派 (use reassign for the lead unit)')
        : null,
    description: '撤销 withdraw an assist or delegated assignment',
  },
  {
    action: AssignmentAction.OBJECT,
    from: [S.PENDING, S.SIGNED],
    to: null,
    roles: UNIT_ROLES,
    scope: ownUnit,
    guard: (env) =>
      messageOpen(env) ??
      (env.assignment.parentId
        ? refuse(R.OBJECTION_BY_TOP_ASSIGNMENT, '下派件请向上级单位提出 (a handed-down assignment is objected to its parent unit)')
        : null) ??
      (env.hasPendingObjection ? refuse(R.OBJECTION_PENDING, '已有待平台决定的派单异议 (an objection is pending)') : null) ??
      (env.catalogueEntry
        ? refuse(R.CATALOGUE_NAMES_UNIT, `派单目录已将本单位列为该事项的承办单位（${env.catalogueEntry}）(the catalogue names the unit)`, {
            entry: env.catalogueEntry,
          })
        : null),
    description: '派单异议 object: not ours (not when the dispatch catalogue names the unit)',
  },
  {
    action: AssignmentAction.UPHOLD_OBJECTION,
    from: [S.PENDING, S.SIGNED],
    to: S.CANCELLED,
    roles: PLATFORM_ROLES,
    guard: objectionPending,
    description: '异议成立 uphold: withdrawn and given to the unit decided',
  },
  {
    action: AssignmentAction.REJECT_OBJECTION,
    from: [S.PENDING, S.SIGNED],
    to: null,
    roles: PLATFORM_ROLES,
    guard: objectionPending,
    description: '异议不成立 reject: the unit keeps it',
  },
];

export const ASSIGNMENT_MACHINE = new StateMachine<S, AssignmentAction, AssignmentEnv>('Assignment', T, (env) => archivedRefusal(env.message.archivedAt));

/**
 * Moves of an assignment the system makes, never offered to a viewer: side effects of steps on its message, its parent
 * or a reply, and the overdue job. The runner performs them (modules/ledger/ledger.ts); the causing step writes the
 * ledger row.
 */
export enum AssignmentSystemAction {
  WITHDRAWN = 'WITHDRAWN',
  REPLIED = 'REPLIED',
  OPINION_GIVEN = 'OPINION_GIVEN',
  DONE = 'DONE',
  REDO = 'REDO',
  OVERDUE = 'OVERDUE',
}

const SYSTEM_ROWS: Array<Transition<S, AssignmentSystemAction, SystemEnv>> = [
  {
    action: AssignmentSystemAction.WITHDRAWN,
    from: [...OPEN_ASSIGNMENT_STATES],
    to: S.CANCELLED,
    roles: [],
    system: 'effect',
    description: '随之撤销 withdrawn with what it hangs on: the lead replaced (改派), or its parent returned or withdrawn (delegated work follows its parent)',
  },
  {
    action: AssignmentSystemAction.REPLIED,
    from: [...RUNNING_ASSIGNMENT_STATES],
    to: S.REPLIED,
    roles: [],
    system: 'effect',
    description: '已答复 the final reply is published: every running assignment of the lead chain',
  },
  {
    // drafted while SIGNED; a return asked for meanwhile is overtaken by the opinion. Withdrawn or returned, the
    // assignment's replies can no longer be approved (reply.transitions.ts, docs/domain.md §5)
    action: AssignmentSystemAction.OPINION_GIVEN,
    from: [S.SIGNED, S.RETURN_REQUESTED],
    to: S.REPLIED,
    roles: [],
    system: 'effect',
    description: '已出具意见 its assist opinion is approved',
  },
  {
    action: AssignmentSystemAction.DONE,
    from: [S.PENDING, S.SIGNED, S.REPLIED],
    to: S.DONE,
    roles: [],
    system: 'effect',
    description: '办结 the message closes: every assignment still carrying or having replied (a return asked for stays)',
  },
  {
    action: AssignmentSystemAction.REDO,
    from: [...REPLIED_ASSIGNMENT_STATES],
    to: S.SIGNED,
    roles: [],
    system: 'effect',
    description: '重办 the message is reopened: the top lead assignment takes it back with a fresh deadline',
  },
  {
    action: AssignmentSystemAction.OVERDUE,
    from: [...RUNNING_ASSIGNMENT_STATES],
    to: null,
    roles: [],
    system: 'job',
    guard: (env) => (env.message.onHoldSince ? refuse(R.ALREADY_ON_HOLD, '等待群众补充中，期限暂停 (on hold: the clock is stopped)') : null),
    description: '逾期 past its reply deadline, recorded once (not while the message is on hold)',
  },
];

export const ASSIGNMENT_SYSTEM_MACHINE = new StateMachine<S, AssignmentSystemAction, SystemEnv>('Assignment', SYSTEM_ROWS, (env) =>
  archivedRefusal(env.message.archivedAt),
);

/** The row of a move of the system on an assignment, checked against it and its message now. */
export const assignmentSystemMove = (action: AssignmentSystemAction, a: Assignment, message: Message) =>
  ASSIGNMENT_SYSTEM_MACHINE.checkSystem(action, a.state, { message });
/** States an assignment is found in to be moved by a row of the system (the row's own from-states). */
export const systemMoveFrom = (action: AssignmentSystemAction): S[] => [...ASSIGNMENT_SYSTEM_MACHINE.systemRow(action).from];
