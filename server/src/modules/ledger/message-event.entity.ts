import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, EnumColumn, JsonColumn } from '../../db/columns';
import { ActorKind } from '../message/message.enums';
import { LedgerAction } from './ledger-action';

/**
 * 台账: one append-only row per change of a message or its assignments, replies, supervision and
 * evaluations, written in the same transaction as the change. Rows are never updated or deleted.
 */
@ObjectType({ description: 'A ledger entry (台账记录): who did what to a message, when, from which state to which.' })
@Entity('message_event')
@Index('ix_event_message', ['messageId', 'id'])
@Index('ix_event_action_time', ['action', 'createdAt'])
@Index('ix_event_time', ['createdAt'])
export class MessageEvent {
  @Field(() => ID, { description: 'Entry id; increases with time, usable as a resume point.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: 'The message.' })
  @Column({ type: 'integer' })
  messageId!: number;

  @Field(() => ID, { nullable: true, description: 'The assignment concerned, if any.' })
  @Column({ type: 'integer', nullable: true })
  assignmentId!: number | null;

  @Field(() => LedgerAction, { description: 'What happened (动作).' })
  @Column({ type: 'varchar', length: 32 })
  action!: LedgerAction;

  @Field(() => String, { nullable: true, description: 'State before (of the message, or of the assignment/reply for their actions).' })
  @Column({ type: 'varchar', length: 24, nullable: true })
  fromState!: string | null;

  @Field(() => String, { nullable: true, description: 'State after.' })
  @Column({ type: 'varchar', length: 24, nullable: true })
  toState!: string | null;

  @Field(() => ActorKind, { description: 'Kind of actor.' })
  @EnumColumn(16)
  actorKind!: ActorKind;

  @Field(() => ID, { nullable: true, description: 'Staff user who acted.' })
  @Column({ type: 'integer', nullable: true })
  actorUserId!: number | null;

  @Field(() => ID, { nullable: true, description: 'Unit on whose behalf they acted (or the unit concerned).' })
  @Column({ type: 'integer', nullable: true })
  actorUnitId!: number | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Details of the change (reason, units, due dates, comment…); never holds private data.' })
  @JsonColumn({ nullable: true })
  payload!: Record<string, unknown> | null;

  /** The units its live event notified (replays go to the same units); null for entries from before it was kept. */
  @JsonColumn({ nullable: true })
  notifyUnitIds!: number[] | null;

  @Field({ description: 'When it happened (时间).' })
  @CreatedAtColumn()
  createdAt!: Date;
}
