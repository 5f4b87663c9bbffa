/** What the workflow needs from the deadline module (modules/deadline), kept narrow on purpose. */
import type { EntityManager } from 'typeorm';
import type { MessageType, WarningLevel } from './message.enums';
import type { DeadlineStatus, ScreeningStatus } from './deadline-status';

export interface DeadlineSubject {
  type: MessageType;
  categoryId: number | null;
  isUrgent: boolean;
  isComplex: boolean;
}

export interface DeadlinePlan {
  policyId: number | null;
  signDueAt: Date;
  firstResponseDueAt: Date;
  replyDueAt: Date;
  yellowAt: Date;
  unitReviewRequired: boolean;
  platformReviewRequired: boolean;
  assistOpinionRequired: boolean;
  maxExtensions: number;
  autoCloseDays: number;
}

export interface DeadlinePlanner {
  plan(subject: DeadlineSubject, assignedAt: Date, em?: EntityManager): Promise<DeadlinePlan>;
  extend(currentReplyDueAt: Date, startAt: Date, days: number): Promise<{ replyDueAt: Date; yellowAt: Date }>;
  resume(dueAt: Date, startAt: Date, pausedFrom: Date, resumedAt: Date): Promise<{ dueAt: Date; yellowAt: Date }>;
  warningLevel(startAt: Date, dueAt: Date, now: Date): Promise<WarningLevel>;
  autoCloseAt(publishedAt: Date, subject: DeadlineSubject): Promise<Date>;
  /** Working time between two instants (statistics facts: first-response hours, handling days). */
  maxExtensions(subject: DeadlineSubject, categoryOf?: (id: number) => Promise<{ path: string } | null>): Promise<number>;
  elapsed(from: Date, to: Date): Promise<{ workingHours: number; workingDays: number }>;
  /** Where a reply deadline stands now; while on hold (pausedSince), as of the hold's start. */
  status(dueAt: Date, yellowAt: Date | null, pausedSince: Date | null, now: Date): Promise<DeadlineStatus>;
  /** How long a message received at `receivedAt` has waited for screening. */
  screening(receivedAt: Date, now: Date): Promise<ScreeningStatus>;
}
