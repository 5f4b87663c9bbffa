import { Field, ID, Int, ObjectType } from 'type-graphql';
import { registerLabelledEnum } from '../../common/labels';
import LABELS from './deadline.labels.data.json';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, EnumColumn, UpdatedAtColumn } from '../../db/columns';
import { MessageType } from '../message/message.enums';
import { SETTING_STAMPS, Stamped } from '../../db/stamps';

/** How a reply deadline is counted. */
export enum DeadlineUnitKind {
  WORKING_DAYS = 'WORKING_DAYS',
  WORKING_HOURS = 'WORKING_HOURS',
  CALENDAR_HOURS = 'CALENDAR_HOURS',
}
registerLabelledEnum(DeadlineUnitKind, 'DeadlineUnit', LABELS);

/**
 * 时限规则: deadlines and review levels for messages matching its conditions (null = any). The most
 * specific active rule wins: highest priority first, then the one with the most conditions.
 */
@ObjectType({ description: 'An SLA policy (时限规则): deadlines and review levels for the messages it matches.' })
@Entity('sla_policy')
@Index('ix_sla_policy_active', ['isActive', 'priority'])
export class SlaPolicy extends Stamped(SETTING_STAMPS) {
  @Field(() => ID, { description: 'Policy id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: 'Name (名称).' })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Field(() => MessageType, { nullable: true, description: 'Only this kind of message; null for any.' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  messageType!: MessageType | null;

  @Field(() => ID, { nullable: true, description: 'Only this category and its subcategories; null for any.' })
  @Column({ type: 'integer', nullable: true })
  categoryId!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Only urgent (true) or non-urgent (false) messages; null for any.' })
  @Column({ type: 'boolean', nullable: true })
  isUrgent!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only complex (true) or ordinary (false) cases; null for any.' })
  @Column({ type: 'boolean', nullable: true })
  isComplex!: boolean | null;

  @Field(() => Int, { description: 'Higher wins when several policies match (优先级).' })
  @Column({ type: 'integer', default: 0 })
  priority!: number;

  @Field(() => Int, { description: 'Sign within this many working days (签收时限).' })
  @Column({ type: 'integer', default: 1 })
  signWorkingDays!: number;

  @Field(() => Int, { description: 'First response within this many working hours (首次响应时限, 黄金五小时).' })
  @Column({ type: 'integer', default: 5 })
  firstResponseWorkingHours!: number;

  @Field(() => Int, { description: 'Reply deadline amount (答复时限).' })
  @Column({ type: 'integer' })
  replyAmount!: number;

  @Field(() => DeadlineUnitKind, { description: 'Unit of the reply deadline.' })
  @EnumColumn(16)
  replyUnit!: DeadlineUnitKind;

  @Field({ description: "Replies need the unit reviewer's sign-off (单位审核)." })
  @Column({ type: 'boolean', default: true })
  unitReviewRequired!: boolean;

  @Field({ description: 'Replies need platform review (平台审核).' })
  @Column({ type: 'boolean', default: true })
  platformReviewRequired!: boolean;

  @Field({ description: 'Assist opinions are required before the final reply passes platform review (协办意见必填).' })
  @Column({ type: 'boolean', default: true })
  assistOpinionRequired!: boolean;

  @Field(() => Int, { description: 'Extensions allowed per assignment (最多延期次数).' })
  @Column({ type: 'integer', default: 2 })
  maxExtensions!: number;

  @Field(() => Int, { description: 'Close automatically this many calendar days after the reply if not rated (自动办结天数).' })
  @Column({ type: 'integer', default: 7 })
  autoCloseDays!: number;

  @Field({ description: 'Only active policies apply (启用).' })
  @Column({ type: 'boolean', default: true })
  isActive!: boolean;
}

/** 节假日调整: an admin override of one date, for years the holiday library lacks or to correct it. */
@ObjectType({ description: 'An override of one date in the working calendar (节假日调整).' })
@Entity('holiday_override')
@Index('uq_holiday_override_date', ['date'], { unique: true })
export class HolidayOverride {
  @Field(() => ID, { description: 'Id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: 'Date in Asia/Shanghai, YYYY-MM-DD.' })
  @Column({ type: 'varchar', length: 10 })
  date!: string;

  @Field({ description: 'True: a working day (调休上班); false: a day off (放假).' })
  @Column({ type: 'boolean' })
  isWorkingDay!: boolean;

  @Field(() => String, { nullable: true, description: 'Note, e.g. 春节.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  note!: string | null;

  @Field({ description: 'When created.' })
  @CreatedAtColumn()
  createdAt!: Date;

  @Field({ description: 'When last changed.' })
  @UpdatedAtColumn()
  updatedAt!: Date;
}
