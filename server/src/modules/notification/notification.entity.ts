import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn } from '../../db/columns';
import { LedgerAction } from '../ledger/ledger-action';

/**
 * 通知: one row per staff user told of a ledger entry that asks something of them (a new assignment, an urge,
 * a supervision, a return decided, a deadline near…). Written in the transaction of the change itself; only
 * its read time ever changes.
 */
@ObjectType({ description: 'A notification (通知) for the viewer: a ledger entry that concerns them or their unit, read or unread.' })
@Entity('notification')
@Index('ix_notification_user', ['userId', 'id'])
@Index('ix_notification_unread', ['userId', 'readAt'])
export class Notification {
  @Field(() => ID, { description: 'Notification id; newer ones have higher ids.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  userId!: number;

  @Field(() => ID, { description: 'The ledger entry it tells of.' })
  @Column({ type: 'integer' })
  eventId!: number;

  @Field(() => ID, { description: 'The message.' })
  @Column({ type: 'integer' })
  messageId!: number;

  @Field(() => LedgerAction, { description: 'Ledger action it tells of, e.g. ASSIGNED, URGED, SUPERVISED, RETURN_APPROVED, DUE_SOON (动作).' })
  @Column({ type: 'varchar', length: 32 })
  action!: LedgerAction;

  @Field(() => ID, { nullable: true, description: "The unit concerned (the viewer's unit, or the unit that asked)." })
  @Column({ type: 'integer', nullable: true })
  unitId!: number | null;

  @Field({ description: "When it happened (the ledger entry's time)." })
  @DateTimeColumn()
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the viewer marked it read; null while unread.' })
  @DateTimeColumn({ nullable: true })
  readAt!: Date | null;
}
