/** The words of the knowledge base (知识库): states, visibility, the status an article shows, its warnings. */
import { registerLabelledEnum } from '../../common/labels';
import LABELS from './knowledge.labels.data.json';

/** Where the article's working version stands (the state machine's states, knowledge.transitions.ts). */
export enum KnowledgeState {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  REJECTED = 'REJECTED',
  APPROVED = 'APPROVED',
  WITHDRAWN = 'WITHDRAWN',
}
registerLabelledEnum(KnowledgeState, 'KnowledgeState', LABELS);

/** A version's own state: what happened to that text. */
export enum KnowledgeVersionState {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  REJECTED = 'REJECTED',
  APPROVED = 'APPROVED',
  SUPERSEDED = 'SUPERSEDED',
}
registerLabelledEnum(KnowledgeVersionState, 'KnowledgeVersionState', LABELS);

export enum KnowledgeVisibility {
  PUBLIC = 'PUBLIC',
  STAFF = 'STAFF',
}
registerLabelledEnum(KnowledgeVisibility, 'KnowledgeVisibility', LABELS);

/** What an article is now, from its state and the dates of the version in force. */
export enum KnowledgeStatus {
  UNPUBLISHED = 'UNPUBLISHED',
  SCHEDULED = 'SCHEDULED',
  LIVE = 'LIVE',
  EXPIRED = 'EXPIRED',
  REVIEW_OVERDUE = 'REVIEW_OVERDUE',
  WITHDRAWN = 'WITHDRAWN',
}
registerLabelledEnum(KnowledgeStatus, 'KnowledgeStatus', LABELS);

export enum KnowledgeWarning {
  EXPIRED = 'EXPIRED',
  EXPIRES_SOON = 'EXPIRES_SOON',
  REVIEW_OVERDUE = 'REVIEW_OVERDUE',
  REVIEW_DUE_SOON = 'REVIEW_DUE_SOON',
  POOR_RATINGS = 'POOR_RATINGS',
  REJECTED = 'REJECTED',
}
registerLabelledEnum(KnowledgeWarning, 'KnowledgeWarning', LABELS);

/** Days before validity or review ends that an article is flagged as due soon. */
export const DUE_SOON_DAYS = 30;
/** Poor ratings: at least this many rated replies quoting the article … */
export const POOR_MIN_RATED = 3;
/** … and fewer than this share of them satisfied. */
export const POOR_SATISFIED_SHARE = 0.5;
