/**
 * The error codes of the API (domain.md §10). Every error a client sees carries one of them in `extensions.code`.
 */
import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { getMetadataStorage } from 'class-validator';
import { registerEnumType } from 'type-graphql';
import { limitOf } from './limits';

export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  RATE_LIMITED = 'RATE_LIMITED',
  PROOF_OF_WORK_REQUIRED = 'PROOF_OF_WORK_REQUIRED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description: 'Error codes found in `extensions.code` of every GraphQL error (错误码).',
  valuesConfig: {
    UNAUTHENTICATED: { description: 'Not logged in, or the token expired or was revoked (未登录).' },
    FORBIDDEN: { description: 'Logged in and able to see the object, but this role or unit may not do this (无权限).' },
    NOT_FOUND: {
      description: 'No such object, or one the viewer may not know exists: outside its reach the answer (code and text) is that of a missing id (不存在).',
    },
    BAD_USER_INPUT: { description: 'Input is malformed or out of range; `extensions.field` names it (输入错误).' },
    CONFLICT: { description: 'Someone else changed the object first, or it already exists (冲突).' },
    INVALID_TRANSITION: { description: 'The action is not allowed in the current state (状态不允许).' },
    RATE_LIMITED: { description: 'Too many requests or failed logins; retry after `extensions.retryAfterSeconds` (限流).' },
    PROOF_OF_WORK_REQUIRED: {
      description:
        'Wrong query codes were tried on this serial number or from this address lately: solve `extensions.challenge` (a nonce whose SHA-256 of `<challenge>:<nonce>` starts with `extensions.difficulty` zero bits) and retry with it; the right code is then always accepted (工作量证明).',
    },
    SERVICE_UNAVAILABLE: {
      description: 'The database or Redis cannot be reached right now; nothing was changed, retry after `extensions.retryAfterSeconds` (服务暂不可用).',
    },
    INTERNAL_SERVER_ERROR: { description: 'An unexpected server error; details are logged, never returned (内部错误).' },
  },
});

/**
 * Why exactly (错误原因): sent as `extensions.reason` with `extensions.params` when the code alone does not say
 * it, so that a client words the error in its own language (the console has zh and en for every reason) instead
 * of showing the server's text. Also the reason of a `blockedActions` entry.
 */
export enum ErrorReason {
  // signing in
  LOGIN_FAILED = 'LOGIN_FAILED',
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
  SESSION_EXPIRED = 'SESSION_EXPIRED',
  TOO_MANY_LOGINS = 'TOO_MANY_LOGINS',
  // who may
  OUTSIDE_UNITS = 'OUTSIDE_UNITS',
  ROLE_MAY_NOT = 'ROLE_MAY_NOT',
  OWN_REPLY = 'OWN_REPLY',
  OWN_REPLY_REVISE = 'OWN_REPLY_REVISE',
  ONLY_SUPERVISED_UNIT_ANSWERS = 'ONLY_SUPERVISED_UNIT_ANSWERS',
  // someone else first, or already there
  VERSION_CONFLICT = 'VERSION_CONFLICT',
  CODE_TAKEN = 'CODE_TAKEN',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  ALREADY_DELEGATED = 'ALREADY_DELEGATED',
  UNFINISHED_REPLY = 'UNFINISHED_REPLY',
  CHILD_UNITS_ACTIVE = 'CHILD_UNITS_ACTIVE',
  PARENT_UNIT_DISABLED = 'PARENT_UNIT_DISABLED',
  OVERRIDE_EXISTS = 'OVERRIDE_EXISTS',
  EXTERNAL_ID_TAKEN = 'EXTERNAL_ID_TAKEN',
  // input rules (class-validator constraints and the services' own)
  INVALID_ID = 'INVALID_ID',
  LENGTH = 'LENGTH',
  TOO_SHORT = 'TOO_SHORT',
  TOO_LONG = 'TOO_LONG',
  TOO_SMALL = 'TOO_SMALL',
  TOO_LARGE = 'TOO_LARGE',
  TOO_MANY = 'TOO_MANY',
  TOO_FEW = 'TOO_FEW',
  SINGLE_LINE = 'SINGLE_LINE',
  PLAIN_TEXT = 'PLAIN_TEXT',
  BAD_FORMAT = 'BAD_FORMAT',
  PHONE_INVALID = 'PHONE_INVALID',
  PASSWORD_TOO_SHORT = 'PASSWORD_TOO_SHORT',
  PASSWORD_TOO_LONG = 'PASSWORD_TOO_LONG',
  PASSWORD_LETTER_AND_DIGIT = 'PASSWORD_LETTER_AND_DIGIT',
  WRONG_CURRENT_PASSWORD = 'WRONG_CURRENT_PASSWORD',
  SAME_PASSWORD = 'SAME_PASSWORD',
  CANNOT_DISABLE_SELF = 'CANNOT_DISABLE_SELF',
  CANNOT_DEMOTE_SELF = 'CANNOT_DEMOTE_SELF',
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  UNIT_DISABLED = 'UNIT_DISABLED',
  LEADER_NOT_FOUND = 'LEADER_NOT_FOUND',
  CATEGORY_NOT_FOUND = 'CATEGORY_NOT_FOUND',
  PARENT_NOT_FOUND = 'PARENT_NOT_FOUND',
  NOT_A_REGION = 'NOT_A_REGION',
  ONLY_LEADERS_NAME_A_LEADER = 'ONLY_LEADERS_NAME_A_LEADER',
  MOVE_UNDER_ITSELF = 'MOVE_UNDER_ITSELF',
  UNIT_DOES_NOT_HANDLE = 'UNIT_DOES_NOT_HANDLE',
  LEAD_ALSO_ASSIST = 'LEAD_ALSO_ASSIST',
  ALREADY_LEAD = 'ALREADY_LEAD',
  DELEGATE_BELOW_ONLY = 'DELEGATE_BELOW_ONLY',
  COMMENT_REQUIRED = 'COMMENT_REQUIRED',
  NOTE_REQUIRED = 'NOTE_REQUIRED',
  REPLY_KIND_NOT_ALLOWED = 'REPLY_KIND_NOT_ALLOWED',
  MERGE_TARGET_REQUIRED = 'MERGE_TARGET_REQUIRED',
  MERGE_INTO_ITSELF = 'MERGE_INTO_ITSELF',
  MERGE_TARGET_UNKNOWN = 'MERGE_TARGET_UNKNOWN',
  MERGE_TARGET_NOT_LIVE = 'MERGE_TARGET_NOT_LIVE',
  DUE_DATE_REQUIRED = 'DUE_DATE_REQUIRED',
  DUE_DATE_PAST = 'DUE_DATE_PAST',
  UNIT_NOT_ON_MESSAGE = 'UNIT_NOT_ON_MESSAGE',
  SUPERVISION_ANSWERED = 'SUPERVISION_ANSWERED',
  WEIGHTS_ALL_ZERO = 'WEIGHTS_ALL_ZERO',
  SCORE_RANGE = 'SCORE_RANGE',
  REQUIRED = 'REQUIRED',
  BAD_DATE = 'BAD_DATE',
  ORIGIN_INVALID = 'ORIGIN_INVALID',
  SOURCE_URL_REQUIRED = 'SOURCE_URL_REQUIRED',
  SUBMITTED_IN_FUTURE = 'SUBMITTED_IN_FUTURE',
  SUBMITTED_TOO_EARLY = 'SUBMITTED_TOO_EARLY',
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
  FILE_TYPE_NOT_ALLOWED = 'FILE_TYPE_NOT_ALLOWED',
  TOO_MANY_FILES = 'TOO_MANY_FILES',
  // workflow rules (state machine guards)
  MESSAGE_NOT_OPEN = 'MESSAGE_NOT_OPEN',
  DELEGATED_RETURNS_TO_PARENT = 'DELEGATED_RETURNS_TO_PARENT',
  EXTENSION_BY_TOP_ASSIGNMENT = 'EXTENSION_BY_TOP_ASSIGNMENT',
  EXTENSION_AFTER_DEADLINE = 'EXTENSION_AFTER_DEADLINE',
  EXTENSION_PENDING = 'EXTENSION_PENDING',
  EXTENSION_LIMIT = 'EXTENSION_LIMIT',
  NO_PENDING_EXTENSION = 'NO_PENDING_EXTENSION',
  RESUME_FIRST = 'RESUME_FIRST',
  NO_OPEN_SUPERVISION = 'NO_OPEN_SUPERVISION',
  LEAD_USE_REASSIGN = 'LEAD_USE_REASSIGN',
  NO_UNITS_BELOW = 'NO_UNITS_BELOW',
  CONSULTATIONS_ONLY = 'CONSULTATIONS_ONLY',
  ALREADY_ON_HOLD = 'ALREADY_ON_HOLD',
  NOT_ON_HOLD = 'NOT_ON_HOLD',
  ARCHIVED = 'ARCHIVED',
  TEXT_UNCHANGED = 'TEXT_UNCHANGED',
  ASSIST_OPINIONS_MISSING = 'ASSIST_OPINIONS_MISSING',
  NOT_REPLIED = 'NOT_REPLIED',
  ASSIGNMENT_LEFT = 'ASSIGNMENT_LEFT',
  // a citizen's rating and redo (evaluation/citizen.rules.ts)
  NOT_ANSWERED = 'NOT_ANSWERED',
  BEING_REDONE = 'BEING_REDONE',
  ALREADY_CLOSED = 'ALREADY_CLOSED',
  NOT_ACCEPTED = 'NOT_ACCEPTED',
  MERGED = 'MERGED',
  REDO_USED = 'REDO_USED',
  NOT_RATED = 'NOT_RATED',
  RATING_NOT_LOW = 'RATING_NOT_LOW',
  // API clients
  SERVER_KEY_ONLY = 'SERVER_KEY_ONLY',
  // knowledge base and dispatch catalogue
  OWN_ARTICLE = 'OWN_ARTICLE',
  ARTICLE_NOT_LIVE = 'ARTICLE_NOT_LIVE',
  DATES_OUT_OF_ORDER = 'DATES_OUT_OF_ORDER',
  MATTER_REQUIRED = 'MATTER_REQUIRED',
  CATALOGUE_NAMES_UNIT = 'CATALOGUE_NAMES_UNIT',
  OBJECTION_PENDING = 'OBJECTION_PENDING',
  NO_PENDING_OBJECTION = 'NO_PENDING_OBJECTION',
  OBJECTION_BY_TOP_ASSIGNMENT = 'OBJECTION_BY_TOP_ASSIGNMENT',
  NEW_UNIT_REQUIRED = 'NEW_UNIT_REQUIRED',
  ENTRY_RETIRED = 'ENTRY_RETIRED',
  // groups of similar messages (相似件归并, grouping/)
  ALREADY_GROUPED = 'ALREADY_GROUPED',
  NOT_GROUPED = 'NOT_GROUPED',
  GROUP_LEAD_STAYS = 'GROUP_LEAD_STAYS',
  NOT_GROUP_LEAD = 'NOT_GROUP_LEAD',
  GROUP_TOO_LARGE = 'GROUP_TOO_LARGE',
}

registerEnumType(ErrorReason, {
  name: 'ErrorReason',
  description:
    'Why exactly an action is refused (错误原因): `extensions.reason` of an error (with `extensions.params`), and the reason of a `BlockedAction`. ' +
    "Clients word it in their own language; the server's message is a fallback in Chinese with English in brackets.",
  valuesConfig: {
    LOGIN_FAILED: { description: 'Wrong username or password. (用户名或密码错误。)' },
    ACCOUNT_DISABLED: { description: 'This account is disabled; ask an administrator. (该账号已停用，请联系管理员。)' },
    SESSION_EXPIRED: { description: 'Your session has expired; please log in again. (登录已失效，请重新登录。)' },
    TOO_MANY_LOGINS: { description: 'Too many failed logins; try again in <seconds> seconds. (登录失败次数过多，请 <seconds> 秒后再试。) params: seconds.' },
    OUTSIDE_UNITS: { description: "Outside the responsibility of the viewer's unit and the units below it (不在本单位及下级单位的职责范围内)." },
    OWN_REPLY: { description: 'Nobody approves a reply they drafted or edited: somebody else reviews it (不能审核通过自己拟写或修改的答复，须由他人审核).' },
    OWN_REPLY_REVISE: {
      description:
        'A writer of a reply does not revise it as its reviewer: they send it back and edit it (不能以审核人身份修改自己拟写或修改的答复，请退回后修改).',
    },
    ROLE_MAY_NOT: { description: 'Your role (<role>) may not "<action>". (您的角色（<role>）不能“<action>”。) params: action, role.' },
    ONLY_SUPERVISED_UNIT_ANSWERS: { description: 'Only the supervised unit answers. (只有被督办的单位可以反馈。)' },
    VERSION_CONFLICT: {
      description: 'Someone changed this message meanwhile; the page was refreshed, check and try again. (留言已被他人修改，页面已刷新，请核对后重试。)',
    },
    CODE_TAKEN: { description: 'The code "<code>" is taken. (编码“<code>”已被使用。) params: code.' },
    USERNAME_TAKEN: { description: 'The username "<username>" is taken. (登录名“<username>”已被使用。) params: username.' },
    ALREADY_DELEGATED: { description: 'Already handed down to this unit. (已下派给该单位。)' },
    UNFINISHED_REPLY: { description: 'An unfinished reply of this kind exists; continue with it. (已有未完成的同类答复，请继续修改它。)' },
    CHILD_UNITS_ACTIVE: { description: 'Disable the units below first. (请先停用下级单位。)' },
    PARENT_UNIT_DISABLED: { description: 'The parent unit is disabled. (上级单位已停用。)' },
    OVERRIDE_EXISTS: { description: '<date> already has an override. (<date> 已有调整。) params: date.' },
    EXTERNAL_ID_TAKEN: { description: 'This external id is used by another message. (该外部编号已用于另一条留言。)' },
    INVALID_ID: { description: '"<field>" is not a valid id. (“<field>”不是有效的编号。) params: field.' },
    LENGTH: { description: '"<field>" must have <min>-<max> characters. (“<field>”须为 <min>-<max> 个字。) params: field, max, min.' },
    TOO_SHORT: { description: '"<field>" needs at least <min> characters. (“<field>”至少 <min> 个字。) params: field, min.' },
    TOO_LONG: { description: '"<field>" may have at most <max> characters. (“<field>”最多 <max> 个字。) params: field, max.' },
    TOO_SMALL: { description: '"<field>" may not be less than <min>. (“<field>”不能小于 <min>。) params: field, min.' },
    TOO_LARGE: { description: '"<field>" may not be more than <max>. (“<field>”不能大于 <max>。) params: field, max.' },
    TOO_MANY: { description: '"<field>" may have at most <max> entries. (“<field>”最多 <max> 项。) params: field, max.' },
    TOO_FEW: { description: '"<field>" needs at least <min> entries. (“<field>”至少 <min> 项。) params: field, min.' },
    SINGLE_LINE: { description: '"<field>" must be one non-empty line. (“<field>”须为一行文字，不能为空。) params: field.' },
    PLAIN_TEXT: { description: '"<field>" contains control characters. (“<field>”含有不允许的控制字符。) params: field.' },
    BAD_FORMAT: { description: '"<field>" is not in the expected format. (“<field>”的格式不正确。) params: field.' },
    PHONE_INVALID: {
      description:
        'The phone must be a mobile number or a landline with its area code, e.g. 13812345678, 0731-88888888. (电话应为 11 位手机号或带区号的固定电话，如 13812345678、0731-88888888。)',
    },
    PASSWORD_TOO_SHORT: { description: 'The password needs at least <min> characters. (密码至少 <min> 位。) params: min.' },
    PASSWORD_TOO_LONG: { description: 'The password is too long. (密码过长。)' },
    PASSWORD_LETTER_AND_DIGIT: { description: 'The password needs a letter and a digit. (密码须同时包含字母和数字。)' },
    WRONG_CURRENT_PASSWORD: { description: 'The current password is wrong. (当前密码错误。)' },
    SAME_PASSWORD: { description: 'The new password equals the current one. (新密码不能与当前密码相同。)' },
    CANNOT_DISABLE_SELF: { description: 'You cannot disable your own account. (不能停用自己的账号。)' },
    CANNOT_DEMOTE_SELF: { description: 'You cannot remove your own administrator role. (不能取消自己的管理员角色。)' },
    UNIT_NOT_FOUND: { description: 'No such unit. (单位不存在。)' },
    UNIT_DISABLED: { description: 'No such unit, or it is disabled. (单位不存在或已停用。)' },
    LEADER_NOT_FOUND: { description: 'No such leader, or no longer in office. (领导不存在或已不在任。)' },
    CATEGORY_NOT_FOUND: { description: 'No such category. (领域不存在。)' },
    PARENT_NOT_FOUND: { description: 'No such parent. (上级不存在。)' },
    NOT_A_REGION: { description: 'The unit chosen is not a region. (所选单位不是地区。)' },
    ONLY_LEADERS_NAME_A_LEADER: { description: 'Only leader users name a leader. (只有领导角色可以关联领导。)' },
    MOVE_UNDER_ITSELF: { description: 'It cannot move under itself. (不能移动到自身或其下级之下。)' },
    UNIT_DOES_NOT_HANDLE: {
      description:
        '"<unit>" is the platform itself and handles no messages; choose a unit below. (“<unit>”是平台本级，不承办留言，请选择下级单位。) params: unit.',
    },
    LEAD_ALSO_ASSIST: { description: 'The lead unit cannot also assist. (主办单位不能同时为协办单位。)' },
    ALREADY_LEAD: { description: 'This unit already leads. (该单位已是主办单位。)' },
    DELEGATE_BELOW_ONLY: { description: 'Hand down only to a unit below yours. (只能下派给本单位的下级单位。)' },
    COMMENT_REQUIRED: { description: 'A comment is required. (请填写意见或理由。)' },
    NOTE_REQUIRED: { description: 'Explain the reason when choosing "other". (选择“其他”时须说明原因。)' },
    REPLY_KIND_NOT_ALLOWED: { description: 'This assignment may draft: <kinds>. (本单位只能拟写：<kinds>。) params: kinds.' },
    MERGE_TARGET_REQUIRED: { description: 'Give the serial number to merge into. (请填写要并入的留言编号。)' },
    MERGE_INTO_ITSELF: { description: 'A message cannot merge into itself. (不能并入自身。)' },
    MERGE_TARGET_UNKNOWN: { description: 'No message has the number <serialNo>. (没有编号为 <serialNo> 的留言。) params: serialNo.' },
    MERGE_TARGET_NOT_LIVE: { description: 'The target message does not exist or was not accepted. (目标留言不存在或不予受理。)' },
    DUE_DATE_REQUIRED: { description: 'A supervision needs a due date. (督办须设定反馈期限。)' },
    DUE_DATE_PAST: { description: 'The due date must be in the future. (反馈期限须晚于现在。)' },
    UNIT_NOT_ON_MESSAGE: { description: 'This unit has no assignment on the message. (该单位没有承办此留言。)' },
    SUPERVISION_ANSWERED: { description: 'This supervision was already answered. (该督办已反馈。)' },
    WEIGHTS_ALL_ZERO: { description: 'The weights must not all be 0. (权重之和须大于 0。)' },
    SCORE_RANGE: { description: '"<field>" must be from <min> to <max>. (“<field>”须为 <min>-<max> 分。) params: field, max, min.' },
    REQUIRED: { description: 'Fill in the required fields. (请填写必填项。)' },
    BAD_DATE: { description: 'The date must be year-month-day. (日期格式应为 年-月-日。)' },
    ORIGIN_INVALID: {
      description:
        '"<origin>" is not a web origin such as https://www.changsha.gov.cn. (“<origin>”不是有效的网页来源，应形如 https://www.changsha.gov.cn。) params: origin.',
    },
    SOURCE_URL_REQUIRED: { description: 'A post found online needs its address. (网络舆情须填写来源网址。)' },
    SUBMITTED_IN_FUTURE: { description: 'The time of the message cannot be in the future. (留言时间不能晚于现在。)' },
    SUBMITTED_TOO_EARLY: { description: 'The time of the message cannot be before 2000. (留言时间不能早于 2000 年。)' },
    FILE_TOO_LARGE: { description: 'The file "<name>" is larger than <maxMb> MB. (文件“<name>”超过 <maxMb> MB。) params: maxMb, name.' },
    FILE_TYPE_NOT_ALLOWED: {
      description:
        'The type of "<name>" is not accepted: images, PDF, Word, Excel or text. (不支持文件“<name>”的类型，可上传图片、PDF、Word、Excel 或文本文件。) params: name.',
    },
    TOO_MANY_FILES: { description: 'At most <max> attachments. (附件最多 <max> 个。) params: max.' },
    MESSAGE_NOT_OPEN: { description: 'The message is not being handled. (留言不在办理中。)' },
    DELEGATED_RETURNS_TO_PARENT: {
      description: 'A handed-down assignment goes back to its parent unit, not to the platform. (下派件请退回上级单位处理，不能向平台申请退单。)',
    },
    EXTENSION_BY_TOP_ASSIGNMENT: { description: 'The lead unit asks for extensions. (延期由主办单位申请。)' },
    EXTENSION_AFTER_DEADLINE: { description: 'The deadline has passed; no extension can be asked. (已超过答复期限，不能申请延期。)' },
    EXTENSION_PENDING: { description: 'An extension request is waiting for a decision. (已有待审批的延期申请。)' },
    EXTENSION_LIMIT: { description: 'At most <max> extensions, all used. (最多延期 <max> 次，已用完。) params: max.' },
    NO_PENDING_EXTENSION: { description: 'No extension request is waiting. (没有待审批的延期申请。)' },
    RESUME_FIRST: { description: 'The message is on hold (waiting for the citizen); resume it first. (留言挂起中（等待群众补充），请先恢复办理。)' },
    NO_OPEN_SUPERVISION: { description: 'No supervision is waiting for a response. (没有待反馈的督办。)' },
    LEAD_USE_REASSIGN: { description: 'The lead unit is not withdrawn: reassign instead. (主办单位不能撤销，请用“改派”。)' },
    NO_UNITS_BELOW: { description: 'Your unit has no enabled unit below it to hand the work down to. (本单位没有可下派的下级单位。)' },
    CONSULTATIONS_ONLY: { description: 'Only consultations can be answered directly. (只有咨询类留言可以直办。)' },
    ALREADY_ON_HOLD: { description: 'Already waiting for the citizen. (已在等待群众补充材料。)' },
    NOT_ON_HOLD: { description: 'The message is not on hold. (留言未挂起。)' },
    ARCHIVED: { description: 'The message is archived (read only). (留言已归档，只读。)' },
    TEXT_UNCHANGED: { description: 'A revision that changes nothing. (内容没有改动。)' },
    ASSIST_OPINIONS_MISSING: {
      description:
        '<count> assist opinion(s) missing; the reply can be approved once they are in. (还缺 <count> 个协办单位的意见，意见齐全后才能审核通过并发布。) params: count.',
    },
    NOT_REPLIED: { description: 'The message is not waiting for a rating. (留言尚未答复或已评价。)' },
    ASSIGNMENT_LEFT: {
      description: "The reply's assignment was withdrawn or returned: the reply can only be sent back. (交办单已撤销或退回，其答复只能退回。)",
    },
    NOT_ANSWERED: { description: 'Not answered yet: a rating or a redo comes after the reply is published. (留言尚未答复，答复发布后才能评价或申请重办。)' },
    BEING_REDONE: { description: 'Being handled again after a redo: wait for the new reply. (留言正在重新办理，请等待新的答复。)' },
    ALREADY_CLOSED: { description: 'Closed: rated already, or not rated in time after the reply. (留言已办结（已评价，或答复后逾期未评价），不能再评价。)' },
    NOT_ACCEPTED: { description: 'The message was not accepted. (留言未予受理。)' },
    MERGED: { description: 'Merged into <serialNo>: look that message up. (留言已并入 <serialNo> 合并办理，请查询该留言。) params: serialNo.' },
    REDO_USED: { description: 'A redo can be asked once, and was. (每条留言只能申请一次重办，已申请过。)' },
    NOT_RATED: { description: 'Rate first: a redo follows an overall score below <below>. (请先评价：平均分低于 <below> 分时可以申请重办。) params: below.' },
    SERVER_KEY_ONLY: {
      description:
        "A key that may pass end users' IP addresses is for servers only: it cannot have allowed origins. (可代传访问者 IP 的密钥只能用于服务器之间调用，不能设置允许的来源。)",
    },
    OWN_ARTICLE: {
      description: 'Nobody approves a version of an article they wrote: somebody else reviews it. (不能审核通过自己编写的知识条目，须由他人审核。)',
    },
    ARTICLE_NOT_LIVE: {
      description:
        'The article "<title>" is not in force (not approved, expired, past its review date or withdrawn) and cannot be quoted. (知识条目“<title>”未生效（未审核通过、已过期、已过复核日期或已停用），不能引用。) params: title.',
    },
    DATES_OUT_OF_ORDER: { description: 'The last valid day cannot be before the first. (失效日期不能早于生效日期。)' },
    MATTER_REQUIRED: { description: 'A catalogue entry names a category or at least one keyword. (派单目录条目须指定领域或至少一个关键词。)' },
    CATALOGUE_NAMES_UNIT: {
      description:
        'The dispatch catalogue names your unit for this matter (<entry>); an objection is for assignments outside it. Ask to return it if there is another reason. (派单目录已将本单位列为该事项的承办单位（<entry>），不能提出派单异议；如有其他原因请申请退单。) params: entry.',
    },
    OBJECTION_PENDING: { description: 'An objection to this assignment is waiting for the platform. (已有待平台决定的派单异议。)' },
    NO_PENDING_OBJECTION: { description: 'No objection is waiting for a decision. (没有待决定的派单异议。)' },
    OBJECTION_BY_TOP_ASSIGNMENT: {
      description: 'A handed-down assignment is objected to its parent unit, not to the platform. (下派件请向上级单位提出，不能向平台提出派单异议。)',
    },
    NEW_UNIT_REQUIRED: { description: 'Choose the unit that takes it over. (请选择改派的单位。)' },
    ENTRY_RETIRED: { description: 'The catalogue entry is retired; enable it again first. (派单目录条目已停用，请先启用。)' },
    ALREADY_GROUPED: {
      description:
        'The message <serialNo> is already in a group of similar messages (led by <leadSerialNo>): take it out of that group first. (留言 <serialNo> 已归并在以 <leadSerialNo> 为主件的一组中，请先移出。) params: serialNo, leadSerialNo.',
    },
    NOT_GROUPED: { description: 'The message is not in a group of similar messages. (该留言未归并。)' },
    GROUP_LEAD_STAYS: { description: 'The lead message stays in its group: dissolve the group instead. (主件不能移出，可解除归并。)' },
    NOT_GROUP_LEAD: {
      description:
        'Only the lead message of a group is assigned together with its group; the lead is <leadSerialNo>. (只有主件可以连同归并组一起交办，主件为 <leadSerialNo>。) params: leadSerialNo (absent when the message is in no group).',
    },
    GROUP_TOO_LARGE: { description: 'A group holds at most <max> messages. (一组最多归并 <max> 件留言。) params: max.' },
    RATING_NOT_LOW: {
      description:
        'The overall score is <overall>; a redo follows one below <below>. (评价平均分为 <overall>，低于 <below> 分时才能申请重办。) params: below, overall.',
    },
  },
});

/** A reason and its parameters (numbers, names, serial numbers: never private data). */
export interface Why {
  reason: ErrorReason;
  params?: Record<string, unknown>;
}
const whyOf = (why?: Why) => (why ? { reason: why.reason, ...(why.params ? { params: why.params } : {}) } : {});

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const unauthenticated = (message = '请先登录 (authentication required)', why?: Why) => new AppError(ErrorCode.UNAUTHENTICATED, message, whyOf(why));
export const forbidden = (message = '无权执行此操作 (forbidden)', why?: Why) => new AppError(ErrorCode.FORBIDDEN, message, whyOf(why));
/** NOT_FOUND; `extensions.entity` names what was looked for (the same for a missing id and one outside the viewer's reach). */
export const notFound = (what: string, id?: string | number) =>
  new AppError(ErrorCode.NOT_FOUND, `${what} not found${id !== undefined ? `: ${id}` : ''}`, { entity: what });
export const badInput = (field: string, message: string, why?: Why) => new AppError(ErrorCode.BAD_USER_INPUT, message, { field, ...whyOf(why) });
export const conflict = (message: string, why?: Why) => new AppError(ErrorCode.CONFLICT, message, whyOf(why));
export const invalidTransition = (message: string, extra: Record<string, unknown> = {}, why?: Why) =>
  new AppError(ErrorCode.INVALID_TRANSITION, message, { ...extra, ...whyOf(why) });
export const rateLimited = (retryAfterSeconds: number, message = '操作过于频繁，请稍后再试 (rate limited)', why?: Why, extra: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds, ...whyOf(why), ...extra });
/** The message a version mismatch gives, everywhere. */
export const versionConflict = (detail = 'message changed concurrently') =>
  conflict(`留言已被他人修改，请刷新后重试 (${detail})`, { reason: ErrorReason.VERSION_CONFLICT });

export const SERVICE_UNAVAILABLE_MESSAGE = '服务暂时不可用，请稍后重试 (service temporarily unavailable)';
/** Seconds a client is told to wait before retrying after SERVICE_UNAVAILABLE. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

export const serviceUnavailable = () =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS });

/** Driver error codes meaning "the database or Redis cannot be reached" (not a bug, not the caller's fault). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_GONE_ERROR',
  'ER_SERVER_LOST',
  'ER_CLIENT_INTERACTION_TIMEOUT',
  'SQLITE_BUSY',
  'DB_ACQUIRE_TIMEOUT',
]);
const UNAVAILABLE_MESSAGES = [
  /^Pool is closed/i,
  /^Queue limit reached/i,
  /connection is in closed state/i,
  /^Connection lost/i,
  /enableOfflineQueue options is false/i,
  /^Connection is closed\.?$/i,
  /max retries per request/i,
  /^connect ETIMEDOUT/i,
];

/**
 * True when an error (or what it wraps: TypeORM's driverError, an Error's cause, GraphQL's originalError) says the
 * database or Redis is unreachable, so that the client gets SERVICE_UNAVAILABLE instead of an internal error.
 */
export function isServiceUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    driverError?: unknown;
    cause?: unknown;
    originalError?: unknown;
    extensions?: { code?: unknown };
  };
  if (e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE) return true;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(e.message as string))) return true;
  return [e.driverError, e.cause, e.originalError].some((inner) => inner !== err && isServiceUnavailable(inner, depth + 1));
}

/** Builds a request context; an unreachable database or Redis while doing so is a 503 SERVICE_UNAVAILABLE. */
export async function unavailableInContext<T>(build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (e) {
    if (!isServiceUnavailable(e)) throw e;
    throw new GraphQLError(SERVICE_UNAVAILABLE_MESSAGE, {
      originalError: e instanceof Error ? e : undefined,
      extensions: {
        code: ErrorCode.SERVICE_UNAVAILABLE,
        retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
        http: { status: 503, headers: new HeaderMap([['retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS)]]) },
      },
    });
  }
}

/** A response with no data whose errors are all SERVICE_UNAVAILABLE is sent as HTTP 503 with Retry-After. */
export const serviceUnavailableStatus: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (data == null && errors?.length && errors.every((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) {
          response.http.status = 503;
          response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
        }
      },
    };
  },
};

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * Shapes every error that leaves the server. Errors raised on purpose keep their code and message;
 * class-validator failures become BAD_USER_INPUT with the offending field; GraphQL validation and
 * parse errors keep their code; an unreachable database or Redis is SERVICE_UNAVAILABLE; anything else is an INTERNAL_SERVER_ERROR whose message and stack
 * never leave the server outside development.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  opts: { exposeDetails: boolean; log: (e: unknown) => void },
): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  const code = formatted.extensions?.code as string | undefined;
  const validation =
    (original as { extensions?: { validationErrors?: unknown[] } })?.extensions?.validationErrors ??
    (formatted.extensions?.validationErrors as unknown[] | undefined);
  if (validation && Array.isArray(validation) && validation.length > 0) {
    const problems = flattenValidation(validation);
    const first = problems[0];
    return {
      message: first ? `${first.field}: ${first.message}` : 'Argument validation error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: ErrorCode.BAD_USER_INPUT,
        field: first?.field,
        ...(first ? { reason: first.reason, params: first.params } : {}),
        problems,
      },
    };
  }
  if (isServiceUnavailable(original)) {
    // The database or Redis is down or restarting: a clear, typed error that says to retry, not a bug report.
    return {
      message: SERVICE_UNAVAILABLE_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
    };
  }
  if (code && KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
    return { ...formatted, extensions: opts.exposeDetails ? formatted.extensions : ext };
  }
  if (
    code === 'GRAPHQL_VALIDATION_FAILED' ||
    code === 'GRAPHQL_PARSE_FAILED' ||
    code === 'BAD_REQUEST' ||
    code === 'PERSISTED_QUERY_NOT_FOUND' ||
    code === 'OPERATION_RESOLUTION_FAILURE'
  ) {
    // Malformed documents and variables are the client's input errors; a request over a limit says which.
    const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
    const limit = limitOf(formatted.message);
    return { ...formatted, extensions: { ...ext, code: ErrorCode.BAD_USER_INPUT, graphqlCode: code, ...(limit ? { limit } : {}) } };
  }
  opts.log(original);
  if (opts.exposeDetails) {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
  return {
    message: '服务器内部错误 (internal server error)',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

interface ValidationLike {
  property: string;
  target?: object;
  constraints?: Record<string, string>;
  children?: ValidationLike[];
}

interface Problem {
  field: string;
  message: string;
  reason: ErrorReason;
  params: Record<string, unknown>;
}

/** The arguments a decorator was declared with (e.g. @Length(2, 2000) → [2, 2000]), read from class-validator's metadata. */
function constraintArgs(target: object | undefined, property: string, constraint: string): unknown[] {
  if (!target) return [];
  const metas = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return metas.find((m) => m.propertyName === property && (m.name === constraint || m.type === constraint))?.constraints ?? [];
}

/** A class-validator constraint as a reason with its figures, for clients to word in their language. */
function reasonOf(constraint: string, args: unknown[]): { reason: ErrorReason; params: Record<string, unknown> } {
  switch (constraint) {
    case 'isLength':
      return { reason: ErrorReason.LENGTH, params: { min: args[0], max: args[1] } };
    case 'minLength':
      return { reason: ErrorReason.TOO_SHORT, params: { min: args[0] } };
    case 'maxLength':
      return { reason: ErrorReason.TOO_LONG, params: { max: args[0] } };
    case 'min':
      return { reason: ErrorReason.TOO_SMALL, params: { min: args[0] } };
    case 'max':
      return { reason: ErrorReason.TOO_LARGE, params: { max: args[0] } };
    case 'arrayMaxSize':
      return { reason: ErrorReason.TOO_MANY, params: { max: args[0] } };
    case 'arrayMinSize':
      return { reason: ErrorReason.TOO_FEW, params: { min: args[0] } };
    case 'isSingleLine':
      return { reason: ErrorReason.SINGLE_LINE, params: {} };
    case 'isPlainText':
      return { reason: ErrorReason.PLAIN_TEXT, params: {} };
    case 'isPhoneNumber':
      return { reason: ErrorReason.PHONE_INVALID, params: {} };
    default:
      return { reason: ErrorReason.BAD_FORMAT, params: {} };
  }
}

function flattenValidation(errors: unknown[], prefix = ''): Problem[] {
  const out: Problem[] = [];
  for (const raw of errors as ValidationLike[]) {
    const field = prefix ? `${prefix}.${raw.property}` : raw.property;
    for (const [constraint, message] of Object.entries(raw.constraints ?? {})) {
      const { reason, params } = reasonOf(constraint, constraintArgs(raw.target, raw.property, constraint));
      out.push({ field, message, reason, params: { field, ...params } });
    }
    if (raw.children?.length) out.push(...flattenValidation(raw.children, field));
  }
  return out;
}
