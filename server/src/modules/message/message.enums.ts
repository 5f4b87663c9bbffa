/** Enumerations of the message domain (domain.md §2-§8), registered with GraphQL with their Chinese terms. */
import { registerEnumType } from 'type-graphql';

/** 留言类型 */
export enum MessageType {
  CONSULT = 'CONSULT',
  SUGGEST = 'SUGGEST',
  COMPLAIN = 'COMPLAIN',
  HELP = 'HELP',
}
/** The Chinese names of the message types, the server's one source (the schema's documentation, statistics rows, exports). */
export const TYPE_NAMES: Record<MessageType, string> = { CONSULT: '咨询', SUGGEST: '建言', COMPLAIN: '投诉', HELP: '求助' };
registerEnumType(MessageType, {
  name: 'MessageType',
  description: 'Kind of message (留言类型).',
  valuesConfig: {
    CONSULT: { description: `A question (${TYPE_NAMES.CONSULT}).` },
    SUGGEST: { description: `A suggestion (${TYPE_NAMES.SUGGEST}).` },
    COMPLAIN: { description: `A complaint (${TYPE_NAMES.COMPLAIN}).` },
    HELP: { description: `A request for help (${TYPE_NAMES.HELP}).` },
  },
});

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
/** The Chinese names of the channels (渠道), the server's one source (the schema's documentation, statistics rows, exports). */
export const CHANNEL_NAMES: Record<Channel, string> = {
  WEB: '网站',
  APP: '客户端',
  WECHAT: '微信',
  WEIBO: '微博',
  DOUYIN: '抖音',
  HOTLINE_12345: '12345热线',
  LETTER: '信件',
  API: '第三方接口',
  EXTERNAL_SITE: '网络舆情',
};
registerEnumType(Channel, {
  name: 'Channel',
  description: 'Channel through which a message arrived (渠道).',
  valuesConfig: {
    WEB: { description: `The public website (${CHANNEL_NAMES.WEB}).` },
    APP: { description: `The mobile app (${CHANNEL_NAMES.APP}).` },
    WECHAT: { description: `WeChat (${CHANNEL_NAMES.WECHAT}).` },
    WEIBO: { description: `Weibo (${CHANNEL_NAMES.WEIBO}).` },
    DOUYIN: { description: `Douyin (${CHANNEL_NAMES.DOUYIN}).` },
    HOTLINE_12345: { description: `The 12345 hotline (${CHANNEL_NAMES.HOTLINE_12345}).` },
    LETTER: { description: `A letter (${CHANNEL_NAMES.LETTER}).` },
    API: { description: `A third-party frontend through the API (${CHANNEL_NAMES.API}).` },
    EXTERNAL_SITE: { description: `A post found on another site or forum, kept with its source URL (${CHANNEL_NAMES.EXTERNAL_SITE}).` },
  },
});

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
registerEnumType(MessageState, {
  name: 'MessageState',
  description: 'State of a message (留言状态).',
  valuesConfig: {
    RECEIVED: { description: 'Waiting for screening (待受理).' },
    ACCEPTED: { description: 'Accepted, waiting for dispatch (已受理).' },
    ASSIGNED: { description: 'Assigned to units, not yet signed by the lead unit (已交办).' },
    IN_PROGRESS: { description: 'The lead unit signed and is handling it (办理中).' },
    REPLIED: { description: 'The final reply is published (已答复).' },
    CLOSED: { description: 'Closed (已办结).' },
    INVALID: { description: 'Not accepted, with a reason (不予受理).' },
    MERGED: { description: 'Merged into another message (并单).' },
  },
});

/** 不予受理原因 */
export enum InvalidReason {
  EMPTY = 'EMPTY',
  DUPLICATE = 'DUPLICATE',
  ABUSIVE = 'ABUSIVE',
  ADVERTISING = 'ADVERTISING',
  NOT_GOVERNMENT = 'NOT_GOVERNMENT',
  OTHER = 'OTHER',
}
registerEnumType(InvalidReason, {
  name: 'InvalidReason',
  description: 'Why a message is not accepted (不予受理原因).',
  valuesConfig: {
    EMPTY: { description: 'No real content (内容空洞).' },
    DUPLICATE: { description: 'A repeat of another message (重复件).' },
    ABUSIVE: { description: 'Abusive language (辱骂).' },
    ADVERTISING: { description: 'Advertising or spam (广告).' },
    NOT_GOVERNMENT: { description: 'Not a matter for the government (非政务事项).' },
    OTHER: { description: 'Other, explained in the note (其他).' },
  },
});

/** 主办 / 协办 */
export enum AssignmentRole {
  LEAD = 'LEAD',
  ASSIST = 'ASSIST',
}
registerEnumType(AssignmentRole, {
  name: 'AssignmentRole',
  description: 'Role of a unit on a message (承办角色).',
  valuesConfig: {
    LEAD: { description: 'Lead unit, answers the citizen (主办).' },
    ASSIST: { description: 'Assisting unit, gives an opinion to the lead (协办).' },
  },
});

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
registerEnumType(AssignmentState, {
  name: 'AssignmentState',
  description: 'State of an assignment (交办单状态).',
  valuesConfig: {
    PENDING: { description: 'Waiting to be signed (待签收).' },
    SIGNED: { description: 'Signed, being handled (办理中).' },
    RETURN_REQUESTED: { description: 'The unit asked to return it (退单申请中).' },
    RETURNED: { description: 'Return approved; the dispatcher reassigns (已退回).' },
    REPLIED: { description: 'Its reply or assist opinion was approved (已答复).' },
    DONE: { description: 'Finished: the message closed (已完成).' },
    CANCELLED: { description: 'Withdrawn, or the message was merged or marked invalid (已撤销).' },
  },
});

/** 答复类型 */
export enum ReplyKind {
  FINAL = 'FINAL',
  PROGRESS = 'PROGRESS',
  ASSIST_OPINION = 'ASSIST_OPINION',
}
registerEnumType(ReplyKind, {
  name: 'ReplyKind',
  description: 'Kind of reply (答复类型).',
  valuesConfig: {
    FINAL: { description: 'The final reply to the citizen (答复).' },
    PROGRESS: { description: 'A progress reply; counts as the first response (阶段性答复).' },
    ASSIST_OPINION: { description: "An assisting unit's opinion for the lead unit (协办意见)." },
  },
});

/** 答复审核状态 */
export enum ReplyState {
  DRAFT = 'DRAFT',
  UNIT_REVIEW = 'UNIT_REVIEW',
  PLATFORM_REVIEW = 'PLATFORM_REVIEW',
  REJECTED = 'REJECTED',
  APPROVED = 'APPROVED',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(ReplyState, {
  name: 'ReplyState',
  description: 'Review state of a reply (答复审核状态).',
  valuesConfig: {
    DRAFT: { description: 'Being written (草稿).' },
    UNIT_REVIEW: { description: "Waiting for the unit reviewer's sign-off (待单位审核)." },
    PLATFORM_REVIEW: { description: 'Waiting for platform review (待平台审核).' },
    REJECTED: { description: 'Sent back to the handler with a comment (退回修改).' },
    APPROVED: { description: 'Approved (progress replies and assist opinions) (已通过).' },
    PUBLISHED: { description: 'Final reply approved and published (已发布).' },
  },
});

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
registerEnumType(SupervisionKind, {
  name: 'SupervisionKind',
  description: 'Kind of supervision (督查类型).',
  valuesConfig: {
    URGE: { description: 'A reminder to hurry (催办).' },
    SUPERVISE: { description: 'Formal supervision with a due date and a required response (督办).' },
    INSTRUCTION: { description: "A leader's instruction, shown to the units (批示)." },
  },
});

/** 红黄绿灯 */
export enum WarningLevel {
  GREEN = 'GREEN',
  YELLOW = 'YELLOW',
  RED = 'RED',
}
registerEnumType(WarningLevel, {
  name: 'WarningLevel',
  description: 'Deadline warning (红黄绿灯).',
  valuesConfig: {
    GREEN: { description: 'In time (正常).' },
    YELLOW: { description: 'Due soon: 80% of the time passed or 1 working day left (临期).' },
    RED: { description: 'Overdue (超期).' },
  },
});

/** 满意度档次 (domain.md §7) */
export enum SatisfactionBand {
  VERY_SATISFIED = 'VERY_SATISFIED',
  SATISFIED = 'SATISFIED',
  BASICALLY_SATISFIED = 'BASICALLY_SATISFIED',
  DISSATISFIED = 'DISSATISFIED',
  VERY_DISSATISFIED = 'VERY_DISSATISFIED',
}
registerEnumType(SatisfactionBand, {
  name: 'SatisfactionBand',
  description: 'Band of the overall score (满意度档次): >4, >3, >2, >1, else.',
  valuesConfig: {
    VERY_SATISFIED: { description: 'Overall above 4 (非常满意).' },
    SATISFIED: { description: 'Overall above 3 (满意).' },
    BASICALLY_SATISFIED: { description: 'Overall above 2 (基本满意).' },
    DISSATISFIED: { description: 'Overall above 1 (不满意).' },
    VERY_DISSATISFIED: { description: 'Overall 1 (非常不满意).' },
  },
});

/** Who did something recorded in the ledger. */
export enum ActorKind {
  STAFF = 'STAFF',
  CITIZEN = 'CITIZEN',
  SYSTEM = 'SYSTEM',
  API_CLIENT = 'API_CLIENT',
}
registerEnumType(ActorKind, {
  name: 'ActorKind',
  description: 'Kind of actor of a ledger entry (操作人类型).',
  valuesConfig: {
    STAFF: { description: 'A staff user (工作人员).' },
    CITIZEN: { description: 'The citizen, by serial number and query code (网民).' },
    SYSTEM: { description: 'The system: deadlines, automatic closing (系统).' },
    API_CLIENT: { description: 'A third-party frontend by API key (第三方).' },
  },
});
