/**
 * The message state machine (domain.md §3), as one declared table. The services check every message
 * action against it; `Message.availableActions` is computed from the same rows.
 */
import { unitInScope } from '../../auth/scope';
import type { StaffViewer } from '../../auth/viewer';
import { archivedRefusal, refuse, StateMachine, Transition } from '../../common/stateMachine';
import { ErrorReason as R } from '../../graphql/errors';
import { Role } from '../user/user.entity';
import { PLATFORM_ROLES, UNIT_ROLES } from '../../auth/roles';
import type { Message } from './message.entity';
import { MessageState as S, MessageType } from './message.enums';
import { HANDLING_STATES, SCREENING_STATES } from './message.states';
import { registerLabelledEnum } from '../../common/labels';
import LABELS from './message.labels.data.json';

export enum MessageAction {
  ACCEPT = 'ACCEPT',
  MARK_INVALID = 'MARK_INVALID',
  MERGE = 'MERGE',
  ASSIGN = 'ASSIGN',
  REASSIGN = 'REASSIGN',
  DIRECT_ANSWER = 'DIRECT_ANSWER',
  HOLD = 'HOLD',
  RESUME = 'RESUME',
  URGE = 'URGE',
  SUPERVISE = 'SUPERVISE',
  INSTRUCT = 'INSTRUCT',
  RECORD_EVALUATION = 'RECORD_EVALUATION',
  REOPEN = 'REOPEN',
  CLOSE = 'CLOSE',
  REVEAL_PII = 'REVEAL_PII',
  CLASSIFY = 'CLASSIFY',
  GROUP = 'GROUP',
  UNGROUP = 'UNGROUP',
  ARCHIVE = 'ARCHIVE',
}
registerLabelledEnum(MessageAction, 'MessageAction', LABELS);

/** What a message action is judged against. */
export interface MessageEnv {
  message: Message;
  /** Unit paths of the current lead assignment and its delegated children. */
  leadChainPaths: string[];
  /** Unit paths of every active assignment (lead or assist). */
  assignedUnitPaths: string[];
  /** Unit paths of every assignment that lets its unit read the message (active or finished). */
  readerUnitPaths: string[];
  /** Paths of the message's region and addressed unit. */
  addressedPaths: string[];
  /** A direct answer (直办) being written or reviewed: continue it (read when judging DIRECT_ANSWER only). */
  unfinishedDirectAnswer?: boolean;
}

const OPEN = [S.ASSIGNED, S.IN_PROGRESS] as const;
/** Finished: nothing more is done with it unless it is reopened; archived the archive period after `closedAt`. */
export const FINISHED = [S.CLOSED, S.INVALID, S.MERGED] as const;

const platformOrLeadUnit = (env: MessageEnv, v: StaffViewer) => !UNIT_ROLES.includes(v.role) || env.leadChainPaths.some((p) => unitInScope(v, p));

/** A leader instructs on messages addressed to them or concerning their unit's subtree. */
const leaderConcerned = (env: MessageEnv, v: StaffViewer) =>
  v.role !== Role.LEADER ||
  (v.leaderId !== null && env.message.addressedLeaderId === v.leaderId) ||
  [...env.addressedPaths, ...env.assignedUnitPaths].some((p) => unitInScope(v, p));

const T: Array<Transition<S, MessageAction, MessageEnv>> = [
  { action: MessageAction.ACCEPT, from: [S.RECEIVED], to: S.ACCEPTED, roles: PLATFORM_ROLES, description: '受理 accept' },
  { action: MessageAction.MARK_INVALID, from: [S.RECEIVED, S.ACCEPTED], to: S.INVALID, roles: PLATFORM_ROLES, description: '不予受理 mark invalid' },
  { action: MessageAction.MERGE, from: [S.RECEIVED, S.ACCEPTED], to: S.MERGED, roles: PLATFORM_ROLES, description: '并单 merge into another message' },
  { action: MessageAction.ASSIGN, from: [S.RECEIVED, S.ACCEPTED], to: S.ASSIGNED, roles: PLATFORM_ROLES, description: '交办 assign (accepts it if needed)' },
  { action: MessageAction.CLASSIFY, from: [S.RECEIVED, S.ACCEPTED, ...OPEN], to: null, roles: PLATFORM_ROLES, description: '设置领域 set the category' },
  { action: MessageAction.REASSIGN, from: [...OPEN], to: S.ASSIGNED, roles: PLATFORM_ROLES, description: '改派 replace the lead unit' },
  {
    action: MessageAction.GROUP,
    from: [S.RECEIVED, S.ACCEPTED, ...OPEN, S.REPLIED, S.CLOSED],
    to: null,
    roles: PLATFORM_ROLES,
    description: '相似件归并 link into a group of similar messages (docs/analysis.md)',
  },
  { action: MessageAction.UNGROUP, from: Object.values(S), to: null, roles: PLATFORM_ROLES, description: '移出归并组 take out of its group, or dissolve it' },
  {
    action: MessageAction.DIRECT_ANSWER,
    from: [S.RECEIVED, S.ACCEPTED],
    to: S.ACCEPTED,
    roles: PLATFORM_ROLES,
    guard: (env) =>
      (env.message.type === MessageType.CONSULT
        ? null
        : refuse(R.CONSULTATIONS_ONLY, '只有咨询类留言可以直办 (only consultations can be answered directly)')) ??
      (env.unfinishedDirectAnswer ? refuse(R.UNFINISHED_REPLY, '已有未完成的直办答复 (an unfinished direct answer exists)') : null),
    description: '直办 draft a direct answer (platform review only; accepts it if needed)',
  },
  {
    action: MessageAction.HOLD,
    from: [...OPEN],
    to: null,
    roles: [...PLATFORM_ROLES, ...UNIT_ROLES],
    scope: platformOrLeadUnit,
    guard: (env) => (env.message.onHoldSince ? refuse(R.ALREADY_ON_HOLD, '已在等待群众补充材料 (already on hold)') : null),
    description: '挂起 wait for the citizen; the clock pauses',
  },
  {
    action: MessageAction.RESUME,
    from: [...OPEN],
    to: null,
    roles: [...PLATFORM_ROLES, ...UNIT_ROLES],
    scope: platformOrLeadUnit,
    guard: (env) => (env.message.onHoldSince ? null : refuse(R.NOT_ON_HOLD, '未挂起 (not on hold)')),
    description: '恢复 resume; deadlines move by the paused time',
  },
  { action: MessageAction.URGE, from: [...OPEN], to: null, roles: [Role.SUPERVISOR, ...PLATFORM_ROLES], description: '催办 urge' },
  {
    action: MessageAction.SUPERVISE,
    from: [...OPEN, S.REPLIED],
    to: null,
    roles: [Role.SUPERVISOR, Role.PLATFORM_ADMIN],
    description: '督办 supervise formally',
  },
  {
    action: MessageAction.INSTRUCT,
    from: [S.ACCEPTED, ...OPEN, S.REPLIED],
    to: null,
    roles: [Role.LEADER, Role.PLATFORM_ADMIN],
    scope: leaderConcerned,
    description: '批示 leader instruction',
  },
  { action: MessageAction.RECORD_EVALUATION, from: [S.REPLIED], to: S.CLOSED, roles: PLATFORM_ROLES, description: '回访评价 record the rating; closes' },
  { action: MessageAction.REOPEN, from: [S.REPLIED, S.CLOSED], to: S.IN_PROGRESS, roles: PLATFORM_ROLES, description: '重办 reopen with a reason' },
  { action: MessageAction.CLOSE, from: [S.REPLIED], to: S.CLOSED, roles: PLATFORM_ROLES, description: '办结 close' },
  {
    action: MessageAction.REVEAL_PII,
    from: Object.values(S),
    to: null,
    roles: [...PLATFORM_ROLES, ...UNIT_ROLES],
    scope: platformOrLeadUnit,
    description: '查看隐私 reveal private data (logged)',
  },
  {
    action: MessageAction.ARCHIVE,
    from: [...FINISHED],
    to: null,
    roles: [],
    system: 'job',
    description: '归档 archive, the archive period after it finished (a scheduled job); read-only from then on',
  },
];

export const MESSAGE_MACHINE = new StateMachine<S, MessageAction, MessageEnv>('Message', T, (env) => archivedRefusal(env.message.archivedAt));

/**
 * Moves of a message the system makes, never offered to a viewer: side effects of a step on an assignment or a reply,
 * a citizen's own requests (their rules: evaluation/citizen.rules.ts) and scheduled jobs. The runner performs them
 * like the rows above (modules/ledger/ledger.ts); the step that causes one writes the ledger row.
 */
export enum MessageSystemAction {
  LEAD_SIGNED = 'LEAD_SIGNED',
  LEAD_RETURNED = 'LEAD_RETURNED',
  REASSIGNED_ON_OBJECTION = 'REASSIGNED_ON_OBJECTION',
  REPLY_PUBLISHED = 'REPLY_PUBLISHED',
  CITIZEN_EVALUATE = 'CITIZEN_EVALUATE',
  CITIZEN_REOPEN = 'CITIZEN_REOPEN',
  AUTO_CLOSE = 'AUTO_CLOSE',
}

/** What a move of the system is judged against: the message (and, for an assignment's move, the message it belongs to). */
export interface SystemEnv {
  message: Message;
}

const SYSTEM_ROWS: Array<Transition<S, MessageSystemAction, SystemEnv>> = [
  {
    action: MessageSystemAction.LEAD_SIGNED,
    from: [S.ASSIGNED],
    to: S.IN_PROGRESS,
    roles: [],
    system: 'effect',
    description: '办理中 the lead unit signs its (top) assignment: the message is being handled',
  },
  {
    // only while handled: once answered, the lead unit's pending return can only be refused (APPROVE_RETURN's guard)
    action: MessageSystemAction.LEAD_RETURNED,
    from: [...HANDLING_STATES],
    to: S.ACCEPTED,
    roles: [],
    system: 'effect',
    description: "退回待交办 the lead unit's return is approved: back to the dispatcher, without a lead unit or deadline",
  },
  {
    action: MessageSystemAction.REASSIGNED_ON_OBJECTION,
    from: [...HANDLING_STATES],
    to: S.ASSIGNED,
    roles: [],
    system: 'effect',
    description: '异议改派 an objection of the lead unit is upheld: assigned to the unit decided',
  },
  {
    action: MessageSystemAction.REPLY_PUBLISHED,
    from: [...SCREENING_STATES, ...HANDLING_STATES],
    to: S.REPLIED,
    roles: [],
    system: 'effect',
    description: '已答复 a final reply (or a direct answer) is approved and published',
  },
  {
    action: MessageSystemAction.CITIZEN_EVALUATE,
    from: [S.REPLIED],
    to: S.CLOSED,
    roles: [],
    system: 'citizen',
    description: '群众评价 the citizen rates the reply; closes',
  },
  {
    action: MessageSystemAction.CITIZEN_REOPEN,
    from: [S.REPLIED, S.CLOSED],
    to: S.IN_PROGRESS,
    roles: [],
    system: 'citizen',
    description: '群众申请重办 the citizen asks once for a redo after a low rating',
  },
  {
    action: MessageSystemAction.AUTO_CLOSE,
    from: [S.REPLIED],
    to: S.CLOSED,
    roles: [],
    system: 'job',
    description: "自动办结 closes when no rating came within the policy's days after the reply",
  },
];

export const MESSAGE_SYSTEM_MACHINE = new StateMachine<S, MessageSystemAction, SystemEnv>('Message', SYSTEM_ROWS, (env) =>
  archivedRefusal(env.message.archivedAt),
);

/** The row of a move of the system, checked against the message now (its from-states, the archive rule, its guard). */
export const systemMove = (action: MessageSystemAction, message: Message) => MESSAGE_SYSTEM_MACHINE.checkSystem(action, message.state, { message });
