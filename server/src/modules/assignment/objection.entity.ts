/** 派单异议: a unit's objection to an assignment (not ours), decided by the platform (migration AssignmentObjections1763900000301). */
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn } from '../../db/columns';

@ObjectType({ description: "A unit's objection to an assignment (派单异议): why it is not theirs, and the platform's decision." })
@Entity('assignment_objection')
@Index('ix_objection_assignment', ['assignmentId'])
@Index('ix_objection_state', ['state', 'unitId'])
export class AssignmentObjection {
  @Field(() => ID, { description: 'Objection id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: 'The assignment objected to.' })
  @Column({ type: 'integer' })
  assignmentId!: number;

  @Field(() => ID, { description: 'Its message.' })
  @Column({ type: 'integer' })
  messageId!: number;

  @Field(() => ID, { description: "The objecting unit (the assignment's unit)." })
  @Column({ type: 'integer' })
  unitId!: number;

  @Field({ description: 'Why it is not theirs (异议理由).' })
  @Column({ type: 'varchar', length: 1000 })
  reason!: string;

  @Field(() => ID, { nullable: true, description: 'The unit the objecting unit holds responsible (建议承办单位), if it named one.' })
  @Column({ type: 'integer', nullable: true })
  proposedUnitId!: number | null;

  @Field({ description: 'PENDING (待决定), UPHELD (异议成立: reassigned) or REJECTED (异议不成立: the unit keeps it).' })
  @Column({ type: 'varchar', length: 12 })
  state!: 'PENDING' | 'UPHELD' | 'REJECTED';

  @Field(() => ID, { description: 'Who objected.' })
  @Column({ type: 'integer' })
  raisedById!: number;

  @Field({ description: 'When.' })
  @CreatedAtColumn()
  createdAt!: Date;

  @Field(() => ID, { nullable: true, description: 'Who decided.' })
  @Column({ type: 'integer', nullable: true })
  decidedById!: number | null;

  @Field(() => Date, { nullable: true, description: 'When decided.' })
  @DateTimeColumn({ nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The decision's comment (决定意见)." })
  @Column({ type: 'varchar', length: 500, nullable: true })
  decisionNote!: string | null;

  @Field(() => ID, { nullable: true, description: 'Upheld: the unit that took it over (改派单位).' })
  @Column({ type: 'integer', nullable: true })
  newUnitId!: number | null;
}
