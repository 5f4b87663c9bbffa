/** The assignment state machine (DESIGN §4), one declared table; `Assignment.availableActions` derives from it. */
import { registerEnumType } from 'type-graphql';
import { unitInScope } from '../../auth/scope';
import type { StaffViewer } from '../../auth/viewer';
import { StateMachine, Transition } from '../../common/stateMachine';
import { Role } from '../user/user.entity';
import type { Message } from '../message/message.entity';
import { AssignmentRole, AssignmentState as S, MessageState } from '../message/message.enums';
import type { Assignment } from './assignment.entity';

export enum AssignmentAction {
  SIGN = 'SIGN',
  DELEGATE = 'DELEGATE',
  REQUEST_RETURN = 'REQUEST_RETURN',
  APPROVE_RETURN = 'APPROVE_RETURN',
  REJECT_RETURN = 'REJECT_RETURN',
  REQUEST_EXTENSION = 'REQUEST_EXTENSION',
  APPROVE_EXTENSION = 'APPROVE_EXTENSION',
  REJECT_EXTENSION = 'REJECT_EXTENSION',
  DRAFT_REPLY = 'DRAFT_REPLY',
  RESPOND_SUPERVISION = 'RESPOND_SUPERVISION',
  CANCEL = 'CANCEL',
}
registerEnumType(AssignmentAction, {
  name: 'AssignmentAction',
  description: 'Actions on an assignment (交办单操作); `Assignment.availableActions` lists those the viewer may take now.',
  valuesConfig: {
    SIGN: { description: 'Sign for it (签收).' },
    DELEGATE: { description: 'Hand it down to a unit below, keeping responsibility (下派).' },
    REQUEST_RETURN: { description: 'Ask to return it: not ours (申请退单).' },
    APPROVE_RETURN: { description: 'Approve the return; then reassign (同意退单).' },
    REJECT_RETURN: { description: 'Refuse the return, with a reason (驳回退单).' },
    REQUEST_EXTENSION: { description: 'Ask for more time, before the deadline (申请延期).' },
    APPROVE_EXTENSION: { description: 'Grant the extension (同意延期).' },
    REJECT_EXTENSION: { description: 'Refuse the extension (驳回延期).' },
    DRAFT_REPLY: { description: 'Write a reply or assist opinion (拟写答复).' },
    RESPOND_SUPERVISION: { description: 'Answer a formal supervision (督办反馈).' },
    CANCEL: { description: 'Withdraw the assignment (撤销交办).' },
  },
});

export interface AssignmentEnv {
  assignment: Assignment;
  message: Message;
  unitPath: string;
  hasPendingExtension: boolean;
  hasOpenSupervision: boolean;
  maxExtensions: number;
  now: Date;
}

const PLATFORM = [Role.PLATFORM_ADMIN, Role.DISPATCHER] as const;
const UNIT_ROLES = [Role.UNIT_HANDLER, Role.UNIT_REVIEWER] as const;
const ownUnit = (env: AssignmentEnv, v: StaffViewer) => unitInScope(v, env.unitPath);
const messageOpen = (env: AssignmentEnv) =>
  [MessageState.ASSIGNED, MessageState.IN_PROGRESS].includes(env.message.state) ? null : '留言不在办理中 (the message is not being handled)';

const T: Array<Transition<S, AssignmentAction, AssignmentEnv>> = [
  { action: AssignmentAction.SIGN, from: [S.PENDING], to: S.SIGNED, roles: UNIT_ROLES, scope: ownUnit, guard: messageOpen, description: '签收 sign for it' },
  {
    action: AssignmentAction.DELEGATE, from: [S.SIGNED], to: null, roles: UNIT_ROLES, scope: ownUnit, guard: messageOpen,
    description: '下派 hand down to a unit below',
  },
  { action: AssignmentAction.REQUEST_RETURN, from: [S.PENDING, S.SIGNED], to: S.RETURN_REQUESTED, roles: UNIT_ROLES, scope: ownUnit,
    guard: (env) => messageOpen(env) ?? (env.assignment.parentId ? '下派件请由上级单位处理 (a delegated assignment goes back to its parent unit, not to the platform)' : null),
    description: '申请退单 ask to return it' },
  { action: AssignmentAction.APPROVE_RETURN, from: [S.RETURN_REQUESTED], to: S.RETURNED, roles: PLATFORM, description: '同意退单 approve the return' },
  { action: AssignmentAction.REJECT_RETURN, from: [S.RETURN_REQUESTED], to: null, roles: PLATFORM, description: '驳回退单 refuse the return (back to the previous state)' },
  {
    action: AssignmentAction.REQUEST_EXTENSION, from: [S.SIGNED], to: null, roles: UNIT_ROLES, scope: ownUnit,
    guard: (env) =>
      messageOpen(env) ??
      (env.assignment.parentId ? '延期由主办单位申请 (the top assignment asks for extensions)' : null) ??
      (env.now >= env.assignment.replyDueAt ? '已超过答复期限，不能申请延期 (extensions must be asked before the deadline)' : null) ??
      (env.hasPendingExtension ? '已有待审批的延期申请 (an extension request is pending)' : null) ??
      (env.assignment.extensionCount >= env.maxExtensions ? `最多延期 ${env.maxExtensions} 次 (at most ${env.maxExtensions} extensions)` : null),
    description: '申请延期 ask for more time',
  },
  { action: AssignmentAction.APPROVE_EXTENSION, from: [S.SIGNED], to: null, roles: PLATFORM, guard: (env) => (env.hasPendingExtension ? null : '没有待审批的延期申请 (no pending extension request)'), description: '同意延期 grant' },
  { action: AssignmentAction.REJECT_EXTENSION, from: [S.SIGNED], to: null, roles: PLATFORM, guard: (env) => (env.hasPendingExtension ? null : '没有待审批的延期申请 (no pending extension request)'), description: '驳回延期 refuse' },
  {
    action: AssignmentAction.DRAFT_REPLY, from: [S.SIGNED], to: null, roles: UNIT_ROLES, scope: ownUnit,
    guard: (env) => messageOpen(env) ?? (env.message.onHoldSince ? '等待群众补充中，请先恢复 (resume the message first)' : null),
    description: '拟写答复 draft a reply (lead: final or progress; assist: opinion)',
  },
  {
    action: AssignmentAction.RESPOND_SUPERVISION, from: [S.PENDING, S.SIGNED, S.REPLIED], to: null, roles: UNIT_ROLES, scope: ownUnit,
    guard: (env) => (env.hasOpenSupervision ? null : '没有待反馈的督办 (no supervision awaiting a response)'),
    description: '督办反馈 answer a supervision',
  },
  { action: AssignmentAction.CANCEL, from: [S.PENDING, S.SIGNED, S.RETURN_REQUESTED], to: S.CANCELLED, roles: PLATFORM,
    guard: (env) => (env.assignment.role === AssignmentRole.LEAD && !env.assignment.parentId ? '主办单位请用改派 (use reassign for the lead unit)' : null),
    description: '撤销 withdraw an assist or delegated assignment' },
];

export const ASSIGNMENT_MACHINE = new StateMachine<S, AssignmentAction, AssignmentEnv>('Assignment', T);
