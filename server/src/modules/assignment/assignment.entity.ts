import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, EnumColumn, RowVersionColumn, UpdatedAtColumn } from '../../db/columns';
import { AssignmentRole, AssignmentState } from '../message/message.enums';

/** 交办单: one unit's task on one message (lead or assist), with its deadlines; delegation makes a child. */
@ObjectType({ description: "An assignment (交办单): one unit's task on one message, with its deadlines." })
@Entity('assignment')
@Index('ix_assignment_message', ['messageId'])
@Index('ix_assignment_unit_state', ['unitId', 'state', 'replyDueAt'])
@Index('ix_assignment_due', ['state', 'replyDueAt'])
@Index('ix_assignment_assigned', ['assignedAt', 'role'])
// statistics: the cohort of a period is read from this index alone (migration StatisticsFacts)
@Index('ix_assignment_cohort', ['role', 'assignedAt', 'parentId', 'unitId', 'messageId', 'state', 'repliedAt', 'replyDueAt', 'signedAt', 'signDueAt',
  'firstResponseWorkingHours', 'handlingWorkingDays', 'reopenCount', 'ratingCount', 'satisfiedCount', 'ratingSum'])
export class Assignment {
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

  @Field(() => Date, { nullable: true, description: 'First response to the citizen on this assignment (首次响应时间): a progress reply or the final reply published.' })
  @DateTimeColumn({ nullable: true })
  firstResponseAt!: Date | null;

  @Field(() => Float, { nullable: true, description: 'Working hours from assignment to the first response (首次响应用时, 工作小时).' })
  @Column({ type: 'float', nullable: true })
  firstResponseWorkingHours!: number | null;

  @Field(() => Int, { nullable: true, description: 'Working days from assignment to the published reply (办理用时, 工作日).' })
  @Column({ type: 'integer', nullable: true })
  handlingWorkingDays!: number | null;

  @Field(() => Int, { description: 'Times the reply on this assignment was redone (重办次数).' })
  @Column({ type: 'integer', default: 0 })
  reopenCount!: number;

  @Field(() => Int, { description: 'Citizen ratings of the replies on this assignment (评价次数).' })
  @Column({ type: 'integer', default: 0 })
  ratingCount!: number;

  @Field(() => Int, { description: 'Of those, satisfied (满意).' })
  @Column({ type: 'integer', default: 0 })
  satisfiedCount!: number;

  /** Sum of the overall ratings (statistics fact; the average is ratingSum / ratingCount). */
  @Column({ type: 'float', default: 0 })
  ratingSum!: number;

  @Field({ description: 'When the record was created.' })
  @CreatedAtColumn()
  createdAt!: Date;

  @Field({ description: 'When the record last changed.' })
  @UpdatedAtColumn()
  updatedAt!: Date;

  @Field(() => Int, { description: 'Optimistic-lock version.' })
  @RowVersionColumn()
  version!: number;
}

/** 延期申请 */
@ObjectType({ description: 'A request for more time (延期申请).' })
@Entity('extension_request')
@Index('ix_extension_assignment', ['assignmentId'])
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
