import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SETTING_STAMPS, Stamped } from '../../db/stamps';

/**
 * 常用语: a reply template of a unit. Handlers start a reply from the templates of their unit and of the units
 * above it (the platform's apply to everyone); reviewers keep their unit's, administrators any unit's.
 */
@ObjectType({ description: 'A reply template (常用语) of a unit: handlers of that unit and of the units below it may start a reply from it.' })
@Entity('reply_template')
@Index('ix_reply_template_unit', ['unitId', 'sortOrder'])
export class ReplyTemplate extends Stamped(SETTING_STAMPS) {
  @Field(() => ID, { description: 'Template id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: 'The unit it belongs to (所属单位).' })
  @Column({ type: 'integer' })
  unitId!: number;

  @Field({ description: 'Short name shown in the picker (名称).' })
  @Column({ type: 'varchar', length: 50 })
  title!: string;

  @Field({ description: 'The text put into the reply (内容).' })
  @Column({ type: 'varchar', length: 2000 })
  text!: string;

  @Field(() => Int, { description: 'Order in the picker (排序).' })
  @Column({ type: 'integer', default: 0 })
  sortOrder!: number;

  @Field({ description: 'Only active templates are offered (启用).' })
  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @Field(() => ID, { description: 'Who created it.' })
  @Column({ type: 'integer' })
  createdById!: number;
}
