import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, EnumColumn } from '../../db/columns';
import { AssignmentRole, AssignmentState } from '../message/message.enums';
import { RECORD_STAMPS, Stamped } from '../../db/stamps';

/** The columns of the statistics cohort index (docs/statistics.md): every figure of a unit's cohort is read from them. */
export const COHORT_INDEX_COLUMNS = [
  'role',
  'assignedAt',
  'parentId',
  'unitId',
  'state',
  'signedOnTime',
  'signDueAt',
  'respondedOnTime',
  'firstResponseWorkingHours',
  'repliedOnTime',
  'replyDueAt',
  'pausedSince',
  'handlingWorkingDays',
  'reopenCount',
  'ratingOverall',
  'ratingResolution',
];

/** 交办单: one unit's task on one message (lead or assist), with its deadlines; delegation makes a child. */
@ObjectType({ description: "An assignment (交办单): one unit's task on one message, with its deadlines." })
@Entity('assignment')
@Index('ix_assignment_message', ['messageId'])
@Index('ix_assignment_unit_state', ['unitId', 'state', 'replyDueAt'])
@Index('ix_assignment_due', ['state', 'replyDueAt'])
@Index('ix_assignment_assigned', ['assignedAt', 'role'])
// the children handed down from an assignment (guards of every page's actions; migration AssignmentChildren1763900000610)
@Index('ix_assignment_parent', ['parentId', 'state', 'unitId'])
@Index('ix_assignment_open_work', ['state', 'role', 'parentId', 'assignedAt', 'replyDueAt', 'yellowAt', 'unitId'])
// statistics: the cohort of a period is read from this index alone (migration FairStatistics; 16 columns, MySQL's most)
@Index('ix_assignment_cohort', COHORT_INDEX_COLUMNS)
export class Assignment extends Stamped(RECORD_STAMPS) {
  @Field(() => ID, { description: 'Assignment id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: 'The message.' })
  @Column({ type: 'integer' })
  messageId!: number;

  @Field(() => ID, { description: 'The unit that must act (承办单位).' })
  @Column({ type: 'integer' })
  unitId!: number;

  @Field(() => AssignmentRole, { description: 'Lead or assist (主办/协办).' })
  @EnumColumn(8)
  role!: AssignmentRole;

  @Field(() => AssignmentState, { description: 'State (状态).' })
  @EnumColumn(20)
  state!: AssignmentState;

  @Column({ type: 'varchar', length: 20, nullable: true })
  stateBeforeReturn!: AssignmentState | null;

  @Field(() => ID, { nullable: true, description: 'The assignment this one was delegated from (下派来源).' })
  @Column({ type: 'integer', nullable: true })
  parentId!: number | null;

  @Field(() => ID, { nullable: true, description: 'Staff user who assigned or delegated it.' })
  @Column({ type: 'integer', nullable: true })
  assignedById!: number | null;

  @Field({ description: 'When it was assigned (交办时间).' })
  @DateTimeColumn()
  assignedAt!: Date;

  @Field({ description: 'Sign-for deadline (签收期限).' })
  @DateTimeColumn()
  signDueAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was signed for (签收时间).' })
  @DateTimeColumn({ nullable: true })
  signedAt!: Date | null;

  @Field({ description: 'First-response deadline in working hours (首次响应期限).' })
  @DateTimeColumn()
  firstResponseDueAt!: Date;

  @Field({ description: 'Reply deadline (答复期限).' })
  @DateTimeColumn()
  replyDueAt!: Date;

  @Field({ description: 'From this instant the assignment is due soon (黄灯时间).' })
  @DateTimeColumn()
  yellowAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was found overdue (recorded once).' })
  @DateTimeColumn({ nullable: true })
  overdueAt!: Date | null;

  @Field(() => Int, { description: 'Extensions granted so far (已延期次数).' })
  @Column({ type: 'integer', default: 0 })
  extensionCount!: number;

  @Field(() => String, { nullable: true, description: 'Reason of the last return request (退单理由).' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  returnReason!: string | null;

  @Field(() => Date, { nullable: true, description: 'When its reply or opinion was approved.' })
  @DateTimeColumn({ nullable: true })
  repliedAt!: Date | null;

  // ── statistics facts (docs/statistics.md), written by statistics/facts.ts in the transaction of the transition ──

  @Field(() => Boolean, { nullable: true, description: 'Signed by the sign deadline (按时签收); null while not signed.' })
  @Column({ type: 'boolean', nullable: true })
  signedOnTime!: boolean | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'First response to the citizen on this assignment (首次响应时间): the citizen contacted, a progress reply approved or the final reply published (by this unit or a unit it handed the work down to).',
  })
  @DateTimeColumn({ nullable: true })
  firstResponseAt!: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'The first response came by the first-response deadline (按时响应); null without a response.' })
  @Column({ type: 'boolean', nullable: true })
  respondedOnTime!: boolean | null;

  @Field(() => Float, { nullable: true, description: 'Working hours from assignment to the first response (首次响应用时, 工作小时).' })
  @Column({ type: 'float', nullable: true })
  firstResponseWorkingHours!: number | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When a final reply was first published while this assignment led the message (首次答复时间); a redo never changes it.',
  })
  @DateTimeColumn({ nullable: true })
  firstRepliedAt!: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'The first published reply came by the reply deadline then in force, after extensions and pauses (按时答复); a redo never changes it; null before a reply.',
  })
  @Column({ type: 'boolean', nullable: true })
  repliedOnTime!: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Working days from assignment to the first published reply (办理用时, 工作日).' })
  @Column({ type: 'integer', nullable: true })
  handlingWorkingDays!: number | null;

  @Field(() => Date, { nullable: true, description: 'The message is on hold (挂起) since then: the reply clock is stopped; null otherwise.' })
  @DateTimeColumn({ nullable: true })
  pausedSince!: Date | null;

  @Field(() => Int, { description: 'Redos (重办) asked while this assignment led the message, after its reply (重办次数).' })
  @Column({ type: 'integer', default: 0 })
  reopenCount!: number;

  @Field(() => Float, {
    nullable: true,
    description: "Overall score of the message's latest rating while this assignment led it: the one rating that counts (最新评价综合分).",
  })
  @Column({ type: 'double', nullable: true })
  ratingOverall!: number | null;

  @Field(() => Int, { nullable: true, description: 'Resolution score (解决程度, 1-5) of that latest rating.' })
  @Column({ type: 'integer', nullable: true })
  ratingResolution!: number | null;
}

/** 延期申请 */
@ObjectType({ description: 'A request for more time (延期申请).' })
@Entity('extension_request')
@Index('ix_extension_assignment', ['assignmentId'])
@Index('ix_extension_state', ['state', 'assignmentId'])
export class ExtensionRequest {
  @Field(() => ID, { description: 'Request id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: 'The assignment.' })
  @Column({ type: 'integer' })
  assignmentId!: number;

  @Field(() => Int, { description: 'Working days asked for.' })
  @Column({ type: 'integer' })
  requestedDays!: number;

  @Field({ description: 'Why (理由).' })
  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Field({ description: 'PENDING, APPROVED or REJECTED.' })
  @Column({ type: 'varchar', length: 12 })
  state!: 'PENDING' | 'APPROVED' | 'REJECTED';

  @Field(() => ID, { description: 'Who asked.' })
  @Column({ type: 'integer' })
  requestedById!: number;

  @Field(() => ID, { nullable: true, description: 'Who decided.' })
  @Column({ type: 'integer', nullable: true })
  decidedById!: number | null;

  @Field(() => String, { nullable: true, description: 'Comment of the decision.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  decisionNote!: string | null;

  @Field({ description: 'Reply deadline when asked.' })
  @DateTimeColumn()
  previousDueAt!: Date;

  @Field(() => Date, { nullable: true, description: 'New reply deadline, once approved.' })
  @DateTimeColumn({ nullable: true })
  newDueAt!: Date | null;

  @Field({ description: 'When asked.' })
  @CreatedAtColumn()
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When decided.' })
  @DateTimeColumn({ nullable: true })
  decidedAt!: Date | null;
}
