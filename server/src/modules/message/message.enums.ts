/**
 * Enumerations of the message domain (domain.md §2-§8), registered with GraphQL with their labels in zh and en: the one
 * source of the schema's value descriptions, the server's Chinese names and the console's labels (common/labels.ts).
 */
import { registerLabelledEnum, wordsOf, type EnumLabels } from '../../common/labels';

/** 留言类型 */
export enum MessageType {
  CONSULT = 'CONSULT',
  SUGGEST = 'SUGGEST',
  COMPLAIN = 'COMPLAIN',
  HELP = 'HELP',
}
const TYPE_LABELS: EnumLabels<MessageType> = {
  CONSULT: { zh: '咨询', en: 'Question', description: 'A question' },
  SUGGEST: { zh: '建言', en: 'Suggestion', description: 'A suggestion' },
  COMPLAIN: { zh: '投诉', en: 'Complaint', description: 'A complaint' },
  HELP: { zh: '求助', en: 'Help', description: 'A request for help' },
};
/** The Chinese names of the message types (statistics rows, exports), from the labels. */
export const TYPE_NAMES = wordsOf(TYPE_LABELS, 'zh');
registerLabelledEnum(MessageType, { name: 'MessageType', description: 'Kind of message (留言类型).', labels: TYPE_LABELS });

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
const CHANNEL_LABELS: EnumLabels<Channel> = {
  WEB: { zh: '网站', en: 'Website', description: 'The public website' },
  APP: { zh: '客户端', en: 'App', description: 'The mobile app' },
  WECHAT: { zh: '微信', en: 'WeChat', description: 'WeChat' },
  WEIBO: { zh: '微博', en: 'Weibo', description: 'Weibo' },
  DOUYIN: { zh: '抖音', en: 'Douyin', description: 'Douyin' },
  HOTLINE_12345: { zh: '12345热线', en: '12345 hotline', description: 'The 12345 hotline' },
  LETTER: { zh: '信件', en: 'Letter', description: 'A letter' },
  API: { zh: '第三方接口', en: 'API', description: 'A third-party frontend through the API' },
  EXTERNAL_SITE: { zh: '网络舆情', en: 'Found online', description: 'A post found on another site or forum, kept with its source URL' },
};
/** The Chinese names of the channels (渠道) (statistics rows, exports), from the labels. */
export const CHANNEL_NAMES = wordsOf(CHANNEL_LABELS, 'zh');
registerLabelledEnum(Channel, { name: 'Channel', description: 'Channel through which a message arrived (渠道).', labels: CHANNEL_LABELS });

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
registerLabelledEnum(MessageState, {
  name: 'MessageState',
  description: 'State of a message (留言状态).',
  labels: {
    RECEIVED: { zh: '待受理', en: 'Received', description: 'Waiting for screening' },
    ACCEPTED: { zh: '已受理', en: 'Accepted', description: 'Accepted, waiting for dispatch' },
    ASSIGNED: { zh: '已交办', en: 'Assigned', description: 'Assigned to units, not yet signed by the lead unit' },
    IN_PROGRESS: { zh: '办理中', en: 'In progress', description: 'The lead unit signed and is handling it' },
    REPLIED: { zh: '已答复', en: 'Replied', description: 'The final reply is published' },
    CLOSED: { zh: '已办结', en: 'Closed', description: 'Closed' },
    INVALID: { zh: '不予受理', en: 'Invalid', description: 'Not accepted, with a reason' },
    MERGED: { zh: '已并单', en: 'Merged', description: 'Merged into another message' },
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
registerLabelledEnum(InvalidReason, {
  name: 'InvalidReason',
  description: 'Why a message is not accepted (不予受理原因).',
  labels: {
    EMPTY: { zh: '内容空洞', en: 'Empty', description: 'No real content' },
    DUPLICATE: { zh: '重复件', en: 'Duplicate', description: 'A repeat of another message' },
    ABUSIVE: { zh: '辱骂', en: 'Abusive', description: 'Abusive language' },
    ADVERTISING: { zh: '广告', en: 'Advertising', description: 'Advertising or spam' },
    NOT_GOVERNMENT: { zh: '非政务事项', en: 'Not a government matter', description: 'Not a matter for the government' },
    OTHER: { zh: '其他', en: 'Other', description: 'Other, explained in the note' },
  },
});

/** 主办 / 协办 */
export enum AssignmentRole {
  LEAD = 'LEAD',
  ASSIST = 'ASSIST',
}
registerLabelledEnum(AssignmentRole, {
  name: 'AssignmentRole',
  description: 'Role of a unit on a message (承办角色).',
  labels: {
    LEAD: { zh: '主办', en: 'Lead', description: 'Lead unit, answers the citizen' },
    ASSIST: { zh: '协办', en: 'Assist', description: 'Assisting unit, gives an opinion to the lead' },
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
registerLabelledEnum(AssignmentState, {
  name: 'AssignmentState',
  description: 'State of an assignment (交办单状态).',
  labels: {
    PENDING: { zh: '待签收', en: 'To sign', description: 'Waiting to be signed' },
    SIGNED: { zh: '办理中', en: 'In progress', description: 'Signed, being handled' },
    RETURN_REQUESTED: { zh: '退单申请中', en: 'Return asked', description: 'The unit asked to return it' },
    RETURNED: { zh: '已退回', en: 'Returned', description: 'Return approved; the dispatcher reassigns' },
    REPLIED: { zh: '已答复', en: 'Replied', description: 'Its reply or assist opinion was approved' },
    DONE: { zh: '已完成', en: 'Done', description: 'Finished: the message closed' },
    CANCELLED: { zh: '已撤销', en: 'Withdrawn', description: 'Withdrawn, or the message was merged or marked invalid' },
  },
});

/** 答复类型 */
export enum ReplyKind {
  FINAL = 'FINAL',
  PROGRESS = 'PROGRESS',
  ASSIST_OPINION = 'ASSIST_OPINION',
}
registerLabelledEnum(ReplyKind, {
  name: 'ReplyKind',
  description: 'Kind of reply (答复类型).',
  labels: {
    FINAL: { zh: '答复', en: 'Reply', description: 'The final reply to the citizen' },
    PROGRESS: { zh: '阶段性答复', en: 'Progress reply', description: 'A progress reply; counts as the first response' },
    ASSIST_OPINION: { zh: '协办意见', en: 'Assist opinion', description: "An assisting unit's opinion for the lead unit" },
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
registerLabelledEnum(ReplyState, {
  name: 'ReplyState',
  description: 'Review state of a reply (答复审核状态).',
  labels: {
    DRAFT: { zh: '草稿', en: 'Draft', description: 'Being written' },
    UNIT_REVIEW: { zh: '待单位审核', en: 'Unit review', description: "Waiting for the unit reviewer's sign-off" },
    PLATFORM_REVIEW: { zh: '待平台审核', en: 'Platform review', description: 'Waiting for platform review' },
    REJECTED: { zh: '已退回', en: 'Sent back', description: 'Sent back to the handler with a comment' },
    APPROVED: { zh: '已通过', en: 'Approved', description: 'Approved (progress replies and assist opinions)' },
    PUBLISHED: { zh: '已发布', en: 'Published', description: 'Final reply approved and published' },
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
registerLabelledEnum(SupervisionKind, {
  name: 'SupervisionKind',
  description: 'Kind of supervision (督查类型).',
  labels: {
    URGE: { zh: '催办', en: 'Urge', description: 'A reminder to hurry' },
    SUPERVISE: { zh: '督办', en: 'Supervise', description: 'Formal supervision with a due date and a required response' },
    INSTRUCTION: { zh: '批示', en: 'Instruction', description: "A leader's instruction, shown to the units" },
  },
});

/** 红黄绿灯 */
export enum WarningLevel {
  GREEN = 'GREEN',
  YELLOW = 'YELLOW',
  RED = 'RED',
}
registerLabelledEnum(WarningLevel, {
  name: 'WarningLevel',
  description: 'Deadline warning (红黄绿灯).',
  labels: {
    GREEN: { zh: '正常', en: 'In time', description: 'In time' },
    YELLOW: { zh: '临期', en: 'Due soon', description: 'Due soon: 80% of the time passed or 1 working day left' },
    RED: { zh: '超期', en: 'Overdue', description: 'Overdue' },
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
registerLabelledEnum(SatisfactionBand, {
  name: 'SatisfactionBand',
  description: 'Band of the overall score (满意度档次): >4, >3, >2, >1, else.',
  labels: {
    VERY_SATISFIED: { zh: '非常满意', en: 'Very satisfied', description: 'Overall above 4' },
    SATISFIED: { zh: '满意', en: 'Satisfied', description: 'Overall above 3' },
    BASICALLY_SATISFIED: { zh: '基本满意', en: 'Basically satisfied', description: 'Overall above 2' },
    DISSATISFIED: { zh: '不满意', en: 'Dissatisfied', description: 'Overall above 1' },
    VERY_DISSATISFIED: { zh: '非常不满意', en: 'Very dissatisfied', description: 'Overall 1' },
  },
});

/** Who did something recorded in the ledger. */
export enum ActorKind {
  STAFF = 'STAFF',
  CITIZEN = 'CITIZEN',
  SYSTEM = 'SYSTEM',
  API_CLIENT = 'API_CLIENT',
}
registerLabelledEnum(ActorKind, {
  name: 'ActorKind',
  description: 'Kind of actor of a ledger entry (操作人类型).',
  labels: {
    STAFF: { zh: '工作人员', en: 'staff', description: 'A staff user' },
    CITIZEN: { zh: '群众', en: 'citizen', description: 'The citizen, by serial number and query code' },
    SYSTEM: { zh: '系统', en: 'system', description: 'The system: deadlines, automatic closing' },
    API_CLIENT: { zh: '第三方接入', en: 'API client', description: 'A third-party frontend by API key' },
  },
});
