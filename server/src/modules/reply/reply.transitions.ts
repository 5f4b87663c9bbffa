/** The reply review machine (DESIGN §5): draft → unit review → platform review → approved/published. */
import { registerEnumType } from 'type-graphql';
import { unitInScope } from '../../auth/scope';
import type { StaffViewer } from '../../auth/viewer';
import { StateMachine, Transition } from '../../common/stateMachine';
import { Role } from '../user/user.entity';
import { ReplyKind, ReplyState as S } from '../message/message.enums';
import type { Reply } from './reply.entity';

export enum ReplyAction {
  EDIT = 'EDIT',
  SUBMIT = 'SUBMIT',
  UNIT_APPROVE = 'UNIT_APPROVE',
  UNIT_REJECT = 'UNIT_REJECT',
  PLATFORM_APPROVE = 'PLATFORM_APPROVE',
  PLATFORM_REJECT = 'PLATFORM_REJECT',
}
registerEnumType(ReplyAction, {
  name: 'ReplyAction',
  description: 'Actions on a reply (答复操作); `Reply.availableActions` lists those the viewer may take now.',
  valuesConfig: {
    EDIT: { description: 'Change the draft (修改).' },
    SUBMIT: { description: 'Submit for review (提交审核).' },
    UNIT_APPROVE: { description: 'Unit-level sign-off (单位审核通过).' },
    UNIT_REJECT: { description: 'Send back at unit level (单位退回).' },
    PLATFORM_APPROVE: { description: 'Platform approval; a final reply is published (平台审核通过并发布).' },
    PLATFORM_REJECT: { description: 'Send back at platform level (平台退回).' },
  },
});

export interface ReplyEnv {
  reply: Reply;
  /** Path of the replying unit; null for a direct answer. */
  unitPath: string | null;
  /** For a final reply: assist opinions still missing (when required). */
  missingAssistOpinions: number;
  messageOpen: boolean;
}

const PLATFORM = [Role.PLATFORM_ADMIN, Role.DISPATCHER] as const;
const UNIT_ROLES = [Role.UNIT_HANDLER, Role.UNIT_REVIEWER] as const;
/** Unit replies are worked by their unit's subtree; direct answers by the platform. */
const author = (env: ReplyEnv, v: StaffViewer) =>
  env.unitPath === null ? (PLATFORM as readonly Role[]).includes(v.role) : (UNIT_ROLES as readonly Role[]).includes(v.role) && unitInScope(v, env.unitPath);
const open = (env: ReplyEnv) => (env.messageOpen ? null : '留言已不在办理中 (the message is no longer being handled)');

const T: Array<Transition<S, ReplyAction, ReplyEnv>> = [
  { action: ReplyAction.EDIT, from: [S.DRAFT, S.REJECTED], to: null, roles: [...UNIT_ROLES, ...PLATFORM], scope: author, guard: open, description: '修改 edit' },
  { action: ReplyAction.SUBMIT, from: [S.DRAFT, S.REJECTED], to: S.UNIT_REVIEW, roles: [...UNIT_ROLES, ...PLATFORM], scope: author, guard: open, description: '提交 submit (skips levels not required)' },
  { action: ReplyAction.UNIT_APPROVE, from: [S.UNIT_REVIEW], to: S.PLATFORM_REVIEW, roles: [Role.UNIT_REVIEWER], scope: (env, v) => env.unitPath !== null && unitInScope(v, env.unitPath), guard: open, description: '单位审核通过 unit sign-off' },
  { action: ReplyAction.UNIT_REJECT, from: [S.UNIT_REVIEW], to: S.REJECTED, roles: [Role.UNIT_REVIEWER], scope: (env, v) => env.unitPath !== null && unitInScope(v, env.unitPath), description: '单位退回 send back' },
  {
    action: ReplyAction.PLATFORM_APPROVE, from: [S.PLATFORM_REVIEW], to: S.APPROVED, roles: PLATFORM,
    guard: (env) =>
      open(env) ??
      (env.reply.kind === ReplyKind.FINAL && env.missingAssistOpinions > 0
        ? `协办单位意见未齐 (${env.missingAssistOpinions} assist opinion(s) missing)`
        : null),
    description: '平台审核通过 approve; a final reply is published',
  },
  { action: ReplyAction.PLATFORM_REJECT, from: [S.PLATFORM_REVIEW], to: S.REJECTED, roles: PLATFORM, description: '平台退回 send back' },
];

export const REPLY_MACHINE = new StateMachine<S, ReplyAction, ReplyEnv>('Reply', T);
