/**
 * Groups of similar messages (相似件归并, migration MessageGroups1763900000400): messages about the same matter from
 * different citizens, linked by a dispatcher to be handled together, one of them the lead (主件). A message is in at
 * most one group (the member's primary key). The ledger of each message records its joining and leaving.
 */
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, UpdatedAtColumn } from '../../db/columns';

@ObjectType({ description: 'A group of similar messages handled together (相似件归并组): the same matter from several citizens, with a lead message (主件).' })
@Entity('message_group')
@Index('uq_message_group_lead', ['leadMessageId'], { unique: true })
export class MessageGroup {
  @Field(() => ID, { description: 'Group id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** The lead message (主件): its assignment can carry the other open members along (assignMessageGroup). */
  @Column({ type: 'int' })
  leadMessageId!: number;

  @Field(() => String, { nullable: true, description: 'Why these messages were linked (归并说明).' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Column({ type: 'int', nullable: true })
  createdById!: number | null;

  @Field({ description: 'When the group was made.' })
  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** A message of a group. */
@Entity('message_group_member')
@Index('ix_message_group_member_group', ['groupId'])
export class MessageGroupMember {
  @PrimaryColumn({ type: 'int' })
  messageId!: number;

  @Column({ type: 'int' })
  groupId!: number;

  @Column({ type: 'int', nullable: true })
  addedById!: number | null;

  @DateTimeColumn()
  addedAt!: Date;
}

export const GROUPING_ENTITIES = [MessageGroup, MessageGroupMember];
