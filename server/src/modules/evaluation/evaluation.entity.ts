import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, EnumColumn } from '../../db/columns';
import { ActorKind, SatisfactionBand } from '../message/message.enums';

/** 评价: three scores 1-5; overall = their mean; bands per domain.md §7. */
@ObjectType({ description: "The citizen's rating of a reply (评价): three scores from 1 to 5." })
@Entity('evaluation')
@Index('ix_evaluation_message', ['messageId'])
@Index('ix_evaluation_created', ['createdAt', 'band', 'unitId'])
export class Evaluation {
  @Field(() => ID, { description: 'Id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: 'The message.' })
  @Column({ type: 'integer' })
  messageId!: number;

  @Field(() => ID, { nullable: true, description: 'Lead unit at the time of rating (被评价单位).' })
  @Column({ type: 'integer', nullable: true })
  unitId!: number | null;

  @Field(() => Int, { description: 'Resolution (解决程度), 1-5.' })
  @Column({ type: 'integer' })
  resolution!: number;

  @Field(() => Int, { description: 'Attitude (办理态度), 1-5.' })
  @Column({ type: 'integer' })
  attitude!: number;

  @Field(() => Int, { description: 'Speed (办理速度), 1-5.' })
  @Column({ type: 'integer' })
  speed!: number;

  @Field(() => Float, { description: 'Overall: the mean of the three scores (综合评分).' })
  @Column({ type: 'float' })
  overall!: number;

  @Field(() => SatisfactionBand, { description: 'Band of the overall score (满意度).' })
  @EnumColumn(24)
  band!: SatisfactionBand;

  @Field({ description: 'Satisfied: overall above the configured threshold (default 3) (满意).' })
  @Column({ type: 'boolean' })
  satisfied!: boolean;

  @Field(() => String, { nullable: true, description: 'Comment (评价内容).' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment!: string | null;

  @Field(() => ActorKind, { description: 'Rated by the citizen, or recorded by staff after a follow-up call (回访).' })
  @EnumColumn(16)
  source!: ActorKind;

  @Field(() => ID, { nullable: true, description: 'Staff user who recorded it.' })
  @Column({ type: 'integer', nullable: true })
  recordedById!: number | null;

  @Field({ description: 'When.' })
  @CreatedAtColumn()
  createdAt!: Date;
}

export function bandOf(overall: number): SatisfactionBand {
  if (overall > 4) return SatisfactionBand.VERY_SATISFIED;
  if (overall > 3) return SatisfactionBand.SATISFIED;
  if (overall > 2) return SatisfactionBand.BASICALLY_SATISFIED;
  if (overall > 1) return SatisfactionBand.DISSATISFIED;
  return SatisfactionBand.VERY_DISSATISFIED;
}
