import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, EnumColumn } from '../../db/columns';
import { SupervisionKind } from '../message/message.enums';

/** 催办 / 督办 / 批示 on a message, addressed to a unit (or to all its units). */
@ObjectType({ description: 'Urging, supervision or a leader instruction on a message (催办/督办/批示).' })
@Entity('supervision')
@Index('ix_supervision_message', ['messageId'])
@Index('ix_supervision_unit', ['unitId', 'kind'])
@Index('ix_supervision_kind_due', ['kind', 'respondedAt', 'dueAt'])
export class Supervision {
  @Field(() => ID, { description: 'Id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: 'The message.' })
  @Column({ type: 'integer' })
  messageId!: number;

  @Field(() => ID, { nullable: true, description: 'The unit addressed; null for every unit on the message.' })
  @Column({ type: 'integer', nullable: true })
  unitId!: number | null;

  @Field(() => SupervisionKind, { description: 'Kind.' })
  @EnumColumn(12)
  kind!: SupervisionKind;

  @Field({ description: 'Text (内容).' })
  @Column({ type: 'varchar', length: 2000 })
  content!: string;

  @Field(() => Date, { nullable: true, description: 'For SUPERVISE: when the unit must respond (督办期限).' })
  @DateTimeColumn({ nullable: true })
  dueAt!: Date | null;

  @Field(() => String, { nullable: true, description: "For SUPERVISE: the unit's response (督办反馈)." })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  response!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the unit responded.' })
  @DateTimeColumn({ nullable: true })
  respondedAt!: Date | null;

  @Field(() => ID, { description: 'Who wrote it.' })
  @Column({ type: 'integer' })
  createdById!: number;

  @Field({ description: 'When.' })
  @CreatedAtColumn()
  createdAt!: Date;
}
