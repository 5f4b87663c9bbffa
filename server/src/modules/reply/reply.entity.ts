import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, EnumColumn, JsonColumn, JsonListColumn } from '../../db/columns';
import { Attachment } from '../message/message.entity';
import { ReplyKind, ReplyState } from '../message/message.enums';
import { RECORD_STAMPS, Stamped } from '../../db/stamps';

/** 答复: a draft reply with its handling form (办理单), reviewed at unit level then platform level. */
@ObjectType({ description: 'A reply (答复) with its handling form, and where it stands in review.' })
@Entity('reply')
@Index('ix_reply_message', ['messageId'])
@Index('ix_reply_state', ['state', 'unitId'])
@Index('ix_reply_published', ['publishedAt'])
@Index('ix_reply_responses', ['publishedAt', 'kind', 'state', 'unitId', 'messageId'])
export class Reply extends Stamped(RECORD_STAMPS) {
  @Field(() => ID, { description: 'Reply id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: 'The message.' })
  @Column({ type: 'integer' })
  messageId!: number;

  @Field(() => ID, { nullable: true, description: 'The assignment it answers; null for a direct answer (直办).' })
  @Column({ type: 'integer', nullable: true })
  assignmentId!: number | null;

  @Field(() => ID, { nullable: true, description: 'The replying unit; null for a direct answer by the platform.' })
  @Column({ type: 'integer', nullable: true })
  unitId!: number | null;

  @Field(() => ReplyKind, { description: 'Final, progress or assist opinion.' })
  @EnumColumn(16)
  kind!: ReplyKind;

  @Field(() => ReplyState, { description: 'Review state.' })
  @EnumColumn(16)
  state!: ReplyState;

  @Field({ description: 'Text of the reply, plain text with line breaks (答复内容).' })
  @Column({ type: 'text' })
  content!: string;

  @Field({ description: 'The citizen was contacted before replying (先回访后回复).' })
  @Column({ type: 'boolean', default: false })
  contactedCitizen!: boolean;

  @Field(() => String, { nullable: true, description: 'How the citizen was contacted (联系方式: 电话/面谈/短信…).' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  contactMethod!: string | null;

  @Field({ description: 'The matter is resolved (问题是否解决).' })
  @Column({ type: 'boolean', default: false })
  resolved!: boolean;

  @Field(() => [Attachment], { description: 'Attachments.' })
  @JsonListColumn()
  attachments!: Attachment[];

  @Field(() => ID, { description: 'Author (staff user).' })
  @Column({ type: 'integer' })
  authorId!: number;

  /** Everyone who wrote it: the author and each user who edited it. None of them may approve it (separation of duties). */
  @JsonColumn({ nullable: true })
  writerIds!: number[] | null;

  @Field(() => Int, { description: 'Times it was sent back (退回次数).' })
  @Column({ type: 'integer', default: 0 })
  rejectionCount!: number;

  @Field(() => String, { nullable: true, description: 'Comment of the last review decision (审核意见).' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  reviewComment!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was last submitted for review.' })
  @DateTimeColumn({ nullable: true })
  submittedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was approved or published.' })
  @DateTimeColumn({ nullable: true })
  publishedAt!: Date | null;
}
