import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, EnumColumn, JsonListColumn } from '../../db/columns';
import { Channel, InvalidReason, MessageState, MessageType } from './message.enums';
import { RECORD_STAMPS, Stamped } from '../../db/stamps';

@ObjectType({ description: 'An attachment: a name and a URL; files are stored elsewhere (附件).' })
export class Attachment {
  @Field({ description: 'File name shown to readers.' })
  name!: string;

  @Field({ description: 'Where the file can be fetched (http/https).' })
  url!: string;
}

/**
 * 留言: a citizen's message. Private data (real name, phone, ID number, address, IP) is stored here but
 * never exposed as plain fields: the API shows it masked, and reveals it only to those allowed, logging
 * each reveal in the ledger.
 */
@ObjectType({ description: "A citizen's message (留言). Private data is exposed only masked; see `pii` and `revealMessagePii`." })
@Entity('message')
@Index('uq_message_serial', ['serialNo'], { unique: true })
@Index('uq_message_external', ['channel', 'externalId'], { unique: true })
@Index('ix_message_state', ['state', 'submittedAt'])
@Index('ix_message_lead_unit', ['leadUnitId', 'state'])
@Index('ix_message_submitted', ['submittedAt'])
@Index('ix_message_phone', ['phone'])
@Index('ix_message_real_name', ['realName'])
@Index('ix_message_closed', ['closedAt', 'leadUnitId'])
@Index('ix_message_on_hold', ['onHoldSince'])
@Index('ix_message_topics', ['submittedAt', 'state', 'categoryId', 'leadUnitId'])
// statistics: covering indexes over the grouping dimensions (migration StatisticsFacts)
@Index('ix_message_received', ['submittedAt', 'leadUnitId', 'type', 'categoryId', 'channel', 'regionUnitId', 'addressedLeaderId'])
@Index('ix_message_assigned', ['assignedAt', 'leadUnitId', 'type', 'categoryId', 'channel', 'regionUnitId', 'addressedLeaderId'])
export class Message extends Stamped({ ...RECORD_STAMPS, version: 'Optimistic-lock version: changes with every transition.' }) {
  @Field(() => ID, { description: 'Message id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: 'Serial number shown to the citizen, e.g. WZ20261123000123 (留言编号).' })
  @Column({ type: 'varchar', length: 20 })
  serialNo!: string;

  @Column({ type: 'varchar', length: 64, select: true })
  queryCodeHash!: string;

  @Field(() => Channel, { description: 'Channel (渠道).' })
  @EnumColumn(16)
  channel!: Channel;

  @Field(() => String, { nullable: true, description: "The submitting system's own id; submissions are idempotent on (channel, externalId)." })
  @Column({ type: 'varchar', length: 100, nullable: true })
  externalId!: string | null;

  @Field(() => String, { nullable: true, description: 'For EXTERNAL_SITE: where the post was found (来源网址).' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  sourceUrl!: string | null;

  @Field(() => MessageType, { description: 'Kind of message (留言类型).' })
  @EnumColumn(16)
  type!: MessageType;

  @Field(() => ID, { nullable: true, description: 'Category (领域).' })
  @Column({ type: 'integer', nullable: true })
  categoryId!: number | null;

  @Field(() => ID, { nullable: true, description: 'Region the message concerns (所属地区).' })
  @Column({ type: 'integer', nullable: true })
  regionUnitId!: number | null;

  @Field(() => ID, { nullable: true, description: 'Leader the message is addressed to (留言对象: 领导).' })
  @Column({ type: 'integer', nullable: true })
  addressedLeaderId!: number | null;

  @Field(() => ID, { nullable: true, description: 'Unit the message is addressed to (留言对象: 单位).' })
  @Column({ type: 'integer', nullable: true })
  addressedUnitId!: number | null;

  @Field({ description: 'Title (标题), plain text.' })
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field({ description: 'Content (内容), plain text with line breaks: render as text, never as HTML.' })
  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  realName!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  idNumber!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Field({ description: 'The citizen agreed to publish the message (公开).' })
  @Column({ type: 'boolean', default: false })
  isPublic!: boolean;

  @Field({ description: 'Publish without the name even to the public board (匿名).' })
  @Column({ type: 'boolean', default: false })
  isAnonymous!: boolean;

  @Field({ description: 'Urgent: deadlines in hours (紧急).' })
  @Column({ type: 'boolean', default: false })
  isUrgent!: boolean;

  @Field({ description: 'Marked complex by the platform: the longest deadline (复杂件).' })
  @Column({ type: 'boolean', default: false })
  isComplex!: boolean;

  @Field(() => [Attachment], { description: 'Attachments (附件).' })
  @JsonListColumn()
  attachments!: Attachment[];

  @Field(() => MessageState, { description: 'State (状态).' })
  @EnumColumn(16)
  state!: MessageState;

  @Field(() => InvalidReason, { nullable: true, description: 'Why it was not accepted (不予受理原因).' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  invalidReason!: InvalidReason | null;

  @Field(() => String, { nullable: true, description: 'Explanation given when marking invalid or merging.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  screeningNote!: string | null;

  @Field(() => ID, { nullable: true, description: 'The message this one was merged into (并入).' })
  @Column({ type: 'integer', nullable: true })
  duplicateOfId!: number | null;

  @Field(() => ID, { nullable: true, description: 'Current lead unit (主办单位).' })
  @Column({ type: 'integer', nullable: true })
  leadUnitId!: number | null;

  @Field(() => Date, { description: 'When the citizen submitted it (留言时间).' })
  @DateTimeColumn()
  submittedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was accepted (受理时间).' })
  @DateTimeColumn({ nullable: true })
  acceptedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was first assigned (交办时间).' })
  @DateTimeColumn({ nullable: true })
  assignedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the first response (progress or final reply) was approved (首次响应时间).' })
  @DateTimeColumn({ nullable: true })
  firstResponseAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the final reply was published (答复时间).' })
  @DateTimeColumn({ nullable: true })
  repliedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it closed (办结时间).' })
  @DateTimeColumn({ nullable: true })
  closedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was archived: read-only from then on (归档时间).' })
  @DateTimeColumn({ nullable: true })
  archivedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Reply due date of the current lead assignment (答复期限).' })
  @DateTimeColumn({ nullable: true })
  replyDueAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  yellowAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Since when the message waits for the citizen; the clock is paused (挂起).' })
  @DateTimeColumn({ nullable: true })
  onHoldSince!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Support on its channel where the channel counts it, e.g. likes on a public board (点赞数).' })
  @Column({ type: 'int', nullable: true })
  likes!: number | null;

  @Field(() => Int, { description: 'How many times it was reopened (重办次数).' })
  @Column({ type: 'integer', default: 0 })
  reopenCount!: number;

  @Field({ description: 'The citizen already used their one redo request (网民已申请重办).' })
  @Column({ type: 'boolean', default: false })
  citizenReopenUsed!: boolean;

  @Column({ type: 'integer', nullable: true })
  createdById!: number | null;

  /** SHA-256 of the submitted fields as stored: a repeat of (channel, externalId) must match it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  submissionHash!: string | null;

  /** The API client that submitted it (public API); null for staff entries. A repeat gets the query code only from it. */
  @Column({ type: 'integer', nullable: true })
  apiClientId!: number | null;
}
