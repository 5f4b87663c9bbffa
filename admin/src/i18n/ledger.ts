/**
 * The ledger's actions in words (台账动作), zh and en side by side: the timeline, the printed 办理单 and the bell.
 * Every LedgerAction of the schema must be here (the compiler checks it).
 */
import type { LedgerAction } from '../generated/graphql';
import { pick, type Words } from './errors';

export const LEDGER: Record<LedgerAction, Words> = {
  CREATED: { zh: '留言提交', en: 'Submitted' },
  ACCEPTED: { zh: '受理', en: 'Accepted' },
  MARKED_INVALID: { zh: '不予受理', en: 'Marked invalid' },
  MERGED: { zh: '并单', en: 'Merged' },
  CATEGORY_SET: { zh: '设置领域', en: 'Category set' },
  GROUPED: { zh: '相似件归并', en: 'Linked into a group' },
  UNGROUPED: { zh: '移出归并组', en: 'Left its group' },
  GROUP_MEMBER_ADDED: { zh: '归并组加入留言', en: 'A message joined its group' },
  GROUP_MEMBER_REMOVED: { zh: '归并组移出留言', en: 'A message left its group' },
  ASSIGNED: { zh: '交办', en: 'Assigned' },
  REASSIGNED: { zh: '改派', en: 'Reassigned' },
  SIGNED: { zh: '签收', en: 'Signed' },
  DELEGATED: { zh: '下派', en: 'Handed down' },
  CITIZEN_CONTACTED: { zh: '联系群众', en: 'Citizen contacted' },
  RETURN_REQUESTED: { zh: '申请退单', en: 'Return asked' },
  RETURN_APPROVED: { zh: '同意退单', en: 'Return approved' },
  RETURN_REJECTED: { zh: '驳回退单', en: 'Return refused' },
  EXTENSION_REQUESTED: { zh: '申请延期', en: 'Extension asked' },
  EXTENSION_APPROVED: { zh: '同意延期', en: 'Extension granted' },
  EXTENSION_REJECTED: { zh: '驳回延期', en: 'Extension refused' },
  ASSIGNMENT_CANCELLED: { zh: '撤销交办', en: 'Withdrawn' },
  OBJECTION_RAISED: { zh: '派单异议', en: 'Objection raised' },
  OBJECTION_UPHELD: { zh: '异议成立', en: 'Objection upheld' },
  OBJECTION_REJECTED: { zh: '异议不成立', en: 'Objection rejected' },
  ON_HOLD: { zh: '挂起', en: 'On hold' },
  RESUMED: { zh: '恢复办理', en: 'Resumed' },
  REPLY_DRAFTED: { zh: '拟写答复', en: 'Reply drafted' },
  REPLY_EDITED: { zh: '修改答复', en: 'Reply edited' },
  REPLY_REVISED: { zh: '审核修改', en: 'Revised in review' },
  REPLY_SUBMITTED: { zh: '提交审核', en: 'Reply submitted' },
  REPLY_APPROVED: { zh: '审核通过', en: 'Reply approved' },
  REPLY_REJECTED: { zh: '退回修改', en: 'Reply sent back' },
  REPLY_PUBLISHED: { zh: '答复发布', en: 'Reply published' },
  PROGRESS_REPLIED: { zh: '阶段性答复', en: 'Progress reply' },
  ASSIST_OPINION_GIVEN: { zh: '协办意见', en: 'Assist opinion' },
  URGED: { zh: '催办', en: 'Urged' },
  SUPERVISED: { zh: '督办', en: 'Supervised' },
  INSTRUCTED: { zh: '批示', en: 'Instructed' },
  SUPERVISION_ANSWERED: { zh: '督办反馈', en: 'Supervision answered' },
  EVALUATED: { zh: '评价', en: 'Rated' },
  REOPENED: { zh: '重办', en: 'Reopened' },
  CLOSED: { zh: '办结', en: 'Closed' },
  ARCHIVED: { zh: '归档', en: 'Archived' },
  PII_VIEWED: { zh: '查看隐私信息', en: 'Private data viewed' },
  OVERDUE: { zh: '超期', en: 'Overdue' },
  DUE_SOON: { zh: '临期', en: 'Due soon' },
  SIGN_OVERDUE: { zh: '签收超期', en: 'Not signed in time' },
};

/** The `wz.ledger` messages of one language. */
export const ledgerLabels = (lang: 'zh' | 'en') => pick(LEDGER, lang) as Record<LedgerAction, string>;
