/** The words of the knowledge base (知识库): states, visibility, the status an article shows, its warnings. */
import { registerLabelledEnum } from '../../common/labels';

/** Where the article's working version stands (the state machine's states, knowledge.transitions.ts). */
export enum KnowledgeState {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  REJECTED = 'REJECTED',
  APPROVED = 'APPROVED',
  WITHDRAWN = 'WITHDRAWN',
}
registerLabelledEnum(KnowledgeState, {
  name: 'KnowledgeState',
  description:
    'Where the working version of a knowledge article stands (知识条目状态). A version once approved stays in force while a newer one is drafted and reviewed.',
  labels: {
    DRAFT: { zh: '草稿', en: 'Draft', description: 'Being written by its unit' },
    IN_REVIEW: { zh: '待审核', en: 'In review', description: 'Submitted, waiting for a platform reviewer' },
    REJECTED: { zh: '已退回', en: 'Sent back', description: 'Sent back by the reviewer with a comment' },
    APPROVED: { zh: '已通过', en: 'Approved', description: 'Approved: this version is the one in force' },
    WITHDRAWN: { zh: '已停用', en: 'Withdrawn', description: 'Withdrawn: nobody sees or quotes it; its versions and ledger stay' },
  },
});

/** A version's own state: what happened to that text. */
export enum KnowledgeVersionState {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  REJECTED = 'REJECTED',
  APPROVED = 'APPROVED',
  SUPERSEDED = 'SUPERSEDED',
}
registerLabelledEnum(KnowledgeVersionState, {
  name: 'KnowledgeVersionState',
  description: 'What happened to one version of an article (版本状态).',
  labels: {
    DRAFT: { zh: '草稿', en: 'Draft', description: 'Not yet submitted' },
    IN_REVIEW: { zh: '待审核', en: 'In review', description: 'Submitted, waiting for review' },
    REJECTED: { zh: '已退回', en: 'Sent back', description: 'Sent back; its text is kept as it was reviewed' },
    APPROVED: { zh: '现行版本', en: 'In force', description: 'The version in force' },
    SUPERSEDED: { zh: '已被替代', en: 'Superseded', description: 'Was in force, replaced by a later approved version' },
  },
});

export enum KnowledgeVisibility {
  PUBLIC = 'PUBLIC',
  STAFF = 'STAFF',
}
registerLabelledEnum(KnowledgeVisibility, {
  name: 'KnowledgeVisibility',
  description: 'Who may read an article (公开范围).',
  labels: {
    PUBLIC: { zh: '公开', en: 'Public', description: 'Citizens too: the public API and the citizen site' },
    STAFF: { zh: '仅内部', en: 'Staff only', description: 'Staff only' },
  },
});

/** What an article is now, from its state and the dates of the version in force. */
export enum KnowledgeStatus {
  UNPUBLISHED = 'UNPUBLISHED',
  SCHEDULED = 'SCHEDULED',
  LIVE = 'LIVE',
  EXPIRED = 'EXPIRED',
  REVIEW_OVERDUE = 'REVIEW_OVERDUE',
  WITHDRAWN = 'WITHDRAWN',
}
registerLabelledEnum(KnowledgeStatus, {
  name: 'KnowledgeStatus',
  description:
    'What an article is now (生效状态), from its state and the dates of the version in force. Only LIVE articles are suggested, quoted and shown to citizens (PUBLIC ones).',
  labels: {
    UNPUBLISHED: { zh: '未发布', en: 'Unpublished', description: 'No version approved yet' },
    SCHEDULED: { zh: '未到生效日期', en: 'Scheduled', description: 'Approved, valid from a later day' },
    LIVE: { zh: '生效中', en: 'Live', description: 'In force' },
    EXPIRED: { zh: '已过有效期', en: 'Expired', description: 'Past its last valid day: hidden from citizens, no longer suggested; flagged to its unit' },
    REVIEW_OVERDUE: {
      zh: '已过复核日期',
      en: 'Review overdue',
      description: 'Past its review date: hidden from citizens, no longer suggested until a reviewed version is approved; flagged to its unit',
    },
    WITHDRAWN: { zh: '已停用', en: 'Withdrawn', description: 'Withdrawn' },
  },
});

export enum KnowledgeWarning {
  EXPIRED = 'EXPIRED',
  EXPIRES_SOON = 'EXPIRES_SOON',
  REVIEW_OVERDUE = 'REVIEW_OVERDUE',
  REVIEW_DUE_SOON = 'REVIEW_DUE_SOON',
  POOR_RATINGS = 'POOR_RATINGS',
  REJECTED = 'REJECTED',
}
registerLabelledEnum(KnowledgeWarning, {
  name: 'KnowledgeWarning',
  description: 'What the owning unit should look at (需处理): shown in the console and counted in `knowledgeAttention`.',
  labels: {
    EXPIRED: { zh: '已过有效期', en: 'Expired', description: 'The version in force is past its last valid day' },
    EXPIRES_SOON: { zh: '即将到期', en: 'Expires soon', description: 'The version in force ends within 30 days' },
    REVIEW_OVERDUE: { zh: '已过复核日期', en: 'Review overdue', description: 'Past its review date' },
    REVIEW_DUE_SOON: { zh: '即将复核', en: 'Review due soon', description: 'Review date within 30 days' },
    POOR_RATINGS: { zh: '答复评价偏低', en: 'Poorly rated', description: 'Replies quoting it are rated poorly: at least 3 rated, fewer than half satisfied' },
    REJECTED: { zh: '审核退回', en: 'Sent back', description: 'The reviewer sent the working version back' },
  },
});

/** Days before validity or review ends that an article is flagged as due soon. */
export const DUE_SOON_DAYS = 30;
/** Poor ratings: at least this many rated replies quoting the article … */
export const POOR_MIN_RATED = 3;
/** … and fewer than this share of them satisfied. */
export const POOR_SATISFIED_SHARE = 0.5;
