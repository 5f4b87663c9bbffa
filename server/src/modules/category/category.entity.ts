import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Stamped, entryStamps } from '../../db/stamps';

/** 领域: the subject-matter tree (城建, 交通, 教育 …) used to route and count messages. */
@ObjectType({ description: 'A category of messages (领域), arranged as a tree.' })
@Entity('category')
export class Category extends Stamped(entryStamps('category')) {
  @Field(() => ID, { description: 'Category id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: 'Stable short code, unique (编码).' })
  @Index('uq_category_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Field({ description: 'Name (名称).' })
  @Column({ type: 'varchar', length: 50 })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Parent category id; null at the top (上级领域).' })
  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  @Field({ description: 'Materialised path of ids, e.g. "/3/12/".' })
  @Index('ix_category_path')
  @Column({ type: 'varchar', length: 255 })
  path!: string;

  @Field(() => Int, { description: 'Depth; top categories are 0.' })
  @Column({ type: 'int' })
  level!: number;

  @Field(() => Int, { description: 'Order among siblings (排序).' })
  @Column({ type: 'int', default: 0 })
  sortOrder!: number;

  @Field({ description: 'False once disabled; kept for history (启用).' })
  @Column({ type: 'boolean', default: true })
  isActive!: boolean;
}
