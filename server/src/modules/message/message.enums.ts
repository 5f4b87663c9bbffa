/**
 * Enumerations of the message domain (domain.md §2-§8), registered with GraphQL with their labels in zh and en
 * (message.labels.data.json): the one source of the schema's value descriptions, the server's Chinese names and the
 * console's labels (common/labels.ts).
 */
import { registerLabelledEnum, wordsOf } from '../../common/labels';
import LABELS from './message.labels.data.json';

/** 留言类型 */
export enum MessageType {
  CONSULT = 'CONSULT',
  SUGGEST = 'SUGGEST',
  COMPLAIN = 'COMPLAIN',
  HELP = 'HELP',
}
/** The Chinese names of the message types (statistics rows, exports), from the labels. */
export const TYPE_NAMES = wordsOf(registerLabelledEnum(MessageType, 'MessageType', LABELS), 'zh');

/** 渠道 */
export enum Channel {
  WEB = 'WEB',
  APP = 'APP',
  WECHAT = 'WECHAT',
  WEIBO = 'WEIBO',
  DOUYIN = 'DOUYIN',
  HOTLINE_12345 = 'HOTLINE_12345',
  LETTER = 'LETTER',
  API = 'API',
  EXTERNAL_SITE = 'EXTERNAL_SITE',
}
/** The Chinese names of the channels (渠道) (statistics rows, exports), from the labels. */
export const CHANNEL_NAMES = wordsOf(registerLabelledEnum(Channel, 'Channel', LABELS), 'zh');

/** 留言状态 (domain.md §3) */
export enum MessageState {
  RECEIVED = 'RECEIVED',
  ACCEPTED = 'ACCEPTED',
  ASSIGNED = 'ASSIGNED',
  IN_PROGRESS = 'IN_PROGRESS',
  REPLIED = 'REPLIED',
  CLOSED = 'CLOSED',
  INVALID = 'INVALID',
  MERGED = 'MERGED',
}
registerLabelledEnum(MessageState, 'MessageState', LABELS);

/** 不予受理原因 */
export enum InvalidReason {
  EMPTY = 'EMPTY',
  DUPLICATE = 'DUPLICATE',
  ABUSIVE = 'ABUSIVE',
  ADVERTISING = 'ADVERTISING',
  NOT_GOVERNMENT = 'NOT_GOVERNMENT',
  OTHER = 'OTHER',
}
registerLabelledEnum(InvalidReason, 'InvalidReason', LABELS);

/** 主办 / 协办 */
export enum AssignmentRole {
  LEAD = 'LEAD',
  ASSIST = 'ASSIST',
}
registerLabelledEnum(AssignmentRole, 'AssignmentRole', LABELS);

/** 交办单状态 (domain.md §4) */
export enum AssignmentState {
  PENDING = 'PENDING',
  SIGNED = 'SIGNED',
  RETURN_REQUESTED = 'RETURN_REQUESTED',
  RETURNED = 'RETURNED',
  REPLIED = 'REPLIED',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerLabelledEnum(AssignmentState, 'AssignmentState', LABELS);

/** 答复类型 */
export enum ReplyKind {
  FINAL = 'FINAL',
  PROGRESS = 'PROGRESS',
  ASSIST_OPINION = 'ASSIST_OPINION',
}
registerLabelledEnum(ReplyKind, 'ReplyKind', LABELS);

/** 答复审核状态 */
export enum ReplyState {
  DRAFT = 'DRAFT',
  UNIT_REVIEW = 'UNIT_REVIEW',
  PLATFORM_REVIEW = 'PLATFORM_REVIEW',
  REJECTED = 'REJECTED',
  APPROVED = 'APPROVED',
  PUBLISHED = 'PUBLISHED',
}
registerLabelledEnum(ReplyState, 'ReplyState', LABELS);

/** A reply not finished yet (being written or reviewed): a unit continues it rather than drafting another of its kind. */
export const UNFINISHED_REPLY_STATES = [ReplyState.DRAFT, ReplyState.REJECTED, ReplyState.UNIT_REVIEW, ReplyState.PLATFORM_REVIEW];

/** The kinds of reply an assignment drafts: the lead chain FINAL and PROGRESS, assisting units their opinion. */
export const draftableKinds = (role: AssignmentRole): ReplyKind[] =>
  role === AssignmentRole.LEAD ? [ReplyKind.FINAL, ReplyKind.PROGRESS] : [ReplyKind.ASSIST_OPINION];

/** 督办类型 */
export enum SupervisionKind {
  URGE = 'URGE',
  SUPERVISE = 'SUPERVISE',
  INSTRUCTION = 'INSTRUCTION',
}
registerLabelledEnum(SupervisionKind, 'SupervisionKind', LABELS);

/** 红黄绿灯 */
export enum WarningLevel {
  GREEN = 'GREEN',
  YELLOW = 'YELLOW',
  RED = 'RED',
}
registerLabelledEnum(WarningLevel, 'WarningLevel', LABELS);

/** 满意度档次 (domain.md §7) */
export enum SatisfactionBand {
  VERY_SATISFIED = 'VERY_SATISFIED',
  SATISFIED = 'SATISFIED',
  BASICALLY_SATISFIED = 'BASICALLY_SATISFIED',
  DISSATISFIED = 'DISSATISFIED',
  VERY_DISSATISFIED = 'VERY_DISSATISFIED',
}
registerLabelledEnum(SatisfactionBand, 'SatisfactionBand', LABELS);

/** Who did something recorded in the ledger. */
export enum ActorKind {
  STAFF = 'STAFF',
  CITIZEN = 'CITIZEN',
  SYSTEM = 'SYSTEM',
  API_CLIENT = 'API_CLIENT',
}
registerLabelledEnum(ActorKind, 'ActorKind', LABELS);
