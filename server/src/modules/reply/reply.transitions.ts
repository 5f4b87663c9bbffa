/** The reply review machine (domain.md §5): draft → unit review → platform review → approved/published. */
import { unitInScope } from '../../auth/scope';
import type { StaffViewer } from '../../auth/viewer';
import { archivedRefusal, refuse, StateMachine, Transition } from '../../common/stateMachine';
import { ErrorReason as R } from '../../graphql/errors';
import { Role } from '../user/user.entity';
import { PLATFORM_ROLES, UNIT_ROLES } from '../../auth/roles';
import { ReplyKind, ReplyState as S } from '../message/message.enums';
import type { Reply } from './reply.entity';
import type { Message } from '../message/message.entity';
import type { SystemEnv } from '../message/message.transitions';
import { registerLabelledEnum } from '../../common/labels';
import LABELS from './reply.labels.data.json';

export enum ReplyAction {
  EDIT = 'EDIT',
  SUBMIT = 'SUBMIT',
  UNIT_APPROVE = 'UNIT_APPROVE',
  UNIT_REJECT = 'UNIT_REJECT',
  PLATFORM_APPROVE = 'PLATFORM_APPROVE',
  PLATFORM_REJECT = 'PLATFORM_REJECT',
  REVISE = 'REVISE',
}
registerLabelledEnum(ReplyAction, 'ReplyAction', LABELS);

export interface ReplyEnv {
  reply: Reply;
  /** Path of the replying unit; null for a direct answer. */
  unitPath: string | null;
  /** Users who wrote the reply (drafted or edited it). */
  writerIds: number[];
  /** For a final reply: assist opinions still missing (when required). */
  missingAssistOpinions: number;
  messageOpen: boolean;
  /** The reply's assignment was withdrawn or returned (撤销, 退单): its unit no longer holds the work. */
  assignmentLeft: boolean;
  /** When the message was archived (read-only from then on), or null. */
  messageArchivedAt: Date | null;
}

/** Unit replies are worked by their unit's subtree; direct answers by the platform. */
const author = (env: ReplyEnv, v: StaffViewer) =>
  env.unitPath === null ? PLATFORM_ROLES.includes(v.role) : UNIT_ROLES.includes(v.role) && unitInScope(v, env.unitPath);
/**
 * The reviewer of the level the reply waits at: the unit's reviewers at unit review, the platform at platform review
 * (outside review, any reviewer of the reply: the state, not the person, is then what refuses).
 */
const reviewerOfLevel = (env: ReplyEnv, v: StaffViewer) => {
  const unitReviewer = v.role === Role.UNIT_REVIEWER && env.unitPath !== null && unitInScope(v, env.unitPath);
  const platform = PLATFORM_ROLES.includes(v.role);
  if (env.reply.state === S.UNIT_REVIEW) return unitReviewer;
  if (env.reply.state === S.PLATFORM_REVIEW) return platform;
  return unitReviewer || platform;
};
/**
 * A reply moves on only while its message is handled and its assignment still holds the work: the reply of a withdrawn
 * or returned assignment can only be sent back (docs/domain.md §5).
 */
const open = (env: ReplyEnv) =>
  (env.messageOpen ? null : refuse(R.MESSAGE_NOT_OPEN, '留言已不在办理中 (the message is no longer being handled)')) ??
  (env.assignmentLeft ? refuse(R.ASSIGNMENT_LEFT, '交办单已撤销或退回，其答复只能退回 (the assignment was withdrawn or returned)') : null);
/**
 * Separation of duties: nobody approves, at any level, a reply they drafted or edited; somebody else has to. (Sending
 * it back stays open to them: it publishes nothing, and it is how an author takes back a draft it submitted too soon.)
 */
const notItsWriter = (env: ReplyEnv, v: StaffViewer) =>
  env.writerIds.includes(v.userId) ? refuse(R.OWN_REPLY, '不能审核通过自己拟写或修改的答复，须由他人审核 (the author of a reply may not approve it)') : null;

/** A revision is a reviewer's correction of someone else's text: a writer of the reply sends it back and edits it. */
const notItsWriterToRevise = (env: ReplyEnv, v: StaffViewer) =>
  env.writerIds.includes(v.userId)
    ? refuse(R.OWN_REPLY_REVISE, '不能以审核人身份修改自己拟写或修改的答复，请退回后修改 (a writer of a reply sends it back and edits it)')
    : null;

const T: Array<Transition<S, ReplyAction, ReplyEnv>> = [
  {
    action: ReplyAction.EDIT,
    from: [S.DRAFT, S.REJECTED],
    to: null,
    roles: [...UNIT_ROLES, ...PLATFORM_ROLES],
    scope: author,
    guard: open,
    description: '修改 edit',
  },
  {
    action: ReplyAction.SUBMIT,
    from: [S.DRAFT, S.REJECTED],
    to: S.UNIT_REVIEW,
    alsoTo: [S.PLATFORM_REVIEW, S.APPROVED],
    roles: [...UNIT_ROLES, ...PLATFORM_ROLES],
    scope: author,
    guard: open,
    description: '提交 submit (skips levels not required)',
  },
  {
    action: ReplyAction.UNIT_APPROVE,
    from: [S.UNIT_REVIEW],
    to: S.PLATFORM_REVIEW,
    alsoTo: [S.APPROVED],
    roles: [Role.UNIT_REVIEWER],
    scope: (env, v) => env.unitPath !== null && unitInScope(v, env.unitPath),
    forbid: notItsWriter,
    guard: open,
    description: '单位审核通过 unit sign-off (not by its writers)',
  },
  {
    action: ReplyAction.UNIT_REJECT,
    from: [S.UNIT_REVIEW],
    to: S.REJECTED,
    roles: [Role.UNIT_REVIEWER],
    scope: (env, v) => env.unitPath !== null && unitInScope(v, env.unitPath),
    description: '单位退回 send back',
  },
  {
    action: ReplyAction.PLATFORM_APPROVE,
    from: [S.PLATFORM_REVIEW],
    to: S.APPROVED,
    roles: PLATFORM_ROLES,
    forbid: notItsWriter,
    guard: (env) =>
      open(env) ??
      (env.reply.kind === ReplyKind.FINAL && env.missingAssistOpinions > 0
        ? refuse(R.ASSIST_OPINIONS_MISSING, `协办单位意见未齐 (${env.missingAssistOpinions} assist opinion(s) missing)`, { count: env.missingAssistOpinions })
        : null),
    description: '平台审核通过 approve (not by its writers); a final reply is published',
  },
  { action: ReplyAction.PLATFORM_REJECT, from: [S.PLATFORM_REVIEW], to: S.REJECTED, roles: PLATFORM_ROLES, description: '平台退回 send back' },
  {
    action: ReplyAction.REVISE,
    from: [S.UNIT_REVIEW, S.PLATFORM_REVIEW],
    to: null,
    roles: [Role.UNIT_REVIEWER, ...PLATFORM_ROLES],
    scope: reviewerOfLevel,
    forbid: notItsWriterToRevise,
    guard: open,
    description: '审核修改 the reviewer of the level corrects the text (not its writers; the ledger keeps the text before)',
  },
];

export const REPLY_MACHINE = new StateMachine<S, ReplyAction, ReplyEnv>('Reply', T, (env) => archivedRefusal(env.messageArchivedAt));

/** Moves of a reply the system makes (the runner performs them, modules/ledger/ledger.ts): publishing a final reply. */
export enum ReplySystemAction {
  PUBLISH = 'PUBLISH',
}

export const REPLY_SYSTEM_MACHINE = new StateMachine<S, ReplySystemAction, SystemEnv>(
  'Reply',
  [
    {
      action: ReplySystemAction.PUBLISH,
      from: [S.APPROVED],
      to: S.PUBLISHED,
      roles: [],
      system: 'effect',
      description: '发布 a final reply approved is published (the message becomes REPLIED)',
    },
  ],
  (env) => archivedRefusal(env.message.archivedAt),
);

/** The row of a move of the system on a reply, checked against it and its message now. */
export const replySystemMove = (action: ReplySystemAction, r: Reply, message: Message) => REPLY_SYSTEM_MACHINE.checkSystem(action, r.state, { message });
