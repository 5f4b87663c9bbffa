import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Stamped, entryStamps } from '../../db/stamps';

/** 领导: a person with a public title, attached to a unit; citizens may address a message to them. */
@ObjectType({ description: 'A leader (领导) with a public title, attached to a unit; messages may be addressed to one.' })
@Entity('leader')
@Index('ix_leader_unit', ['unitId'])
export class Leader extends Stamped(entryStamps('leader')) {
  @Field(() => ID, { description: 'Leader id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: 'Name (姓名).' })
  @Column({ type: 'varchar', length: 50 })
  name!: string;

  @Field({ description: 'Public title, e.g. 市长 (职务).' })
  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Field(() => ID, { description: 'Unit the leader belongs to (所属单位).' })
  @Column({ type: 'int' })
  unitId!: number;

  @Field(() => Int, { description: 'Order on the leader board (排序).' })
  @Column({ type: 'int', default: 0 })
  sortOrder!: number;

  @Field({ description: 'False when the leader no longer takes messages (在任).' })
  @Column({ type: 'boolean', default: true })
  isActive!: boolean;
}
