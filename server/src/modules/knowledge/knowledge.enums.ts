/** The words of the knowledge base (知识库): states, visibility, the status an article shows, its warnings. */
import { registerEnumType } from 'type-graphql';

/** Where the article's working version stands (the state machine's states, knowledge.transitions.ts). */
export enum KnowledgeState {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  REJECTED = 'REJECTED',
  APPROVED = 'APPROVED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(KnowledgeState, {
  name: 'KnowledgeState',
  description:
    'Where the working version of a knowledge article stands (知识条目状态). A version once approved stays in force while a newer one is drafted and reviewed.',
  valuesConfig: {
    DRAFT: { description: 'Being written by its unit (草稿).' },
    IN_REVIEW: { description: 'Submitted, waiting for a platform reviewer (待审核).' },
    REJECTED: { description: 'Sent back by the reviewer with a comment (已退回).' },
    APPROVED: { description: 'Approved: this version is the one in force (已通过).' },
    WITHDRAWN: { description: 'Withdrawn (停用): nobody sees or quotes it; its versions and ledger stay.' },
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
registerEnumType(KnowledgeVersionState, {
  name: 'KnowledgeVersionState',
  description: 'What happened to one version of an article (版本状态).',
  valuesConfig: {
    DRAFT: { description: 'Not yet submitted (草稿).' },
    IN_REVIEW: { description: 'Submitted, waiting for review (待审核).' },
    REJECTED: { description: 'Sent back; its text is kept as it was reviewed (已退回).' },
    APPROVED: { description: 'The version in force (现行版本).' },
    SUPERSEDED: { description: 'Was in force, replaced by a later approved version (已被替代).' },
  },
});

export enum KnowledgeVisibility {
  PUBLIC = 'PUBLIC',
  STAFF = 'STAFF',
}
registerEnumType(KnowledgeVisibility, {
  name: 'KnowledgeVisibility',
  description: 'Who may read an article (公开范围).',
  valuesConfig: {
    PUBLIC: { description: 'Citizens too: the public API and the citizen site (公开).' },
    STAFF: { description: 'Staff only (仅内部).' },
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
registerEnumType(KnowledgeStatus, {
  name: 'KnowledgeStatus',
  description:
    'What an article is now (生效状态), from its state and the dates of the version in force. Only LIVE articles are suggested, quoted and shown to citizens (PUBLIC ones).',
  valuesConfig: {
    UNPUBLISHED: { description: 'No version approved yet (未发布).' },
    SCHEDULED: { description: 'Approved, valid from a later day (未到生效日期).' },
    LIVE: { description: 'In force (生效中).' },
    EXPIRED: { description: 'Past its last valid day (已过有效期): hidden from citizens, no longer suggested; flagged to its unit.' },
    REVIEW_OVERDUE: {
      description: 'Past its review date (已过复核日期): hidden from citizens, no longer suggested until a reviewed version is approved; flagged to its unit.',
    },
    WITHDRAWN: { description: 'Withdrawn (已停用).' },
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
registerEnumType(KnowledgeWarning, {
  name: 'KnowledgeWarning',
  description: 'What the owning unit should look at (需处理): shown in the console and counted in `knowledgeAttention`.',
  valuesConfig: {
    EXPIRED: { description: 'The version in force is past its last valid day (已过有效期).' },
    EXPIRES_SOON: { description: 'The version in force ends within 30 days (即将到期).' },
    REVIEW_OVERDUE: { description: 'Past its review date (已过复核日期).' },
    REVIEW_DUE_SOON: { description: 'Review date within 30 days (即将复核).' },
    POOR_RATINGS: { description: 'Replies quoting it are rated poorly: at least 3 rated, fewer than half satisfied (答复评价偏低).' },
    REJECTED: { description: 'The reviewer sent the working version back (审核退回).' },
  },
});

/** Days before validity or review ends that an article is flagged as due soon. */
export const DUE_SOON_DAYS = 30;
/** Poor ratings: at least this many rated replies quoting the article … */
export const POOR_MIN_RATED = 3;
/** … and fewer than this share of them satisfied. */
export const POOR_SATISFIED_SHARE = 0.5;
