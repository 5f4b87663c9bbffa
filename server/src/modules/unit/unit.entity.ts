import { Field, ID, Int, ObjectType } from 'type-graphql';
import { registerLabelledEnum } from '../../common/labels';
import LABELS from './unit.labels.data.json';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EnumColumn } from '../../db/columns';
import { Stamped, entryStamps } from '../../db/stamps';

/** 单位类型 */
export enum UnitKind {
  REGION = 'REGION',
  DEPARTMENT = 'DEPARTMENT',
  ENTERPRISE = 'ENTERPRISE',
  OTHER = 'OTHER',
}
registerLabelledEnum(UnitKind, 'UnitKind', LABELS);

/**
 * 单位: a node of the organisation tree. `path` is the materialised path of ids ("/1/4/17/"), so that
 * "this unit and its subtree" is one indexed prefix match. Units with history are disabled, never deleted.
 */
@ObjectType({ description: 'A unit of the organisation tree (单位): region, department, enterprise or other.' })
@Entity('unit')
@Index('ix_unit_parent', ['parentId', 'sortOrder'])
export class Unit extends Stamped(entryStamps('unit')) {
  @Field(() => ID, { description: 'Unit id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: 'Stable short code, unique (单位编码).' })
  @Index('uq_unit_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Field({ description: 'Full name (单位名称).' })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Field(() => UnitKind, { description: 'Kind of unit (单位类型).' })
  @EnumColumn(16)
  kind!: UnitKind;

  @Field(() => ID, { nullable: true, description: 'Parent unit id; null for the root (上级单位).' })
  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  @Field({ description: 'Materialised path of ids from the root, e.g. "/1/4/17/" (路径).' })
  @Index('ix_unit_path')
  @Column({ type: 'varchar', length: 255 })
  path!: string;

  @Field(() => Int, { description: 'Depth in the tree; the root is 0 (层级).' })
  @Column({ type: 'int' })
  level!: number;

  @Field(() => Int, { description: 'Order among siblings (排序).' })
  @Column({ type: 'int', default: 0 })
  sortOrder!: number;

  @Field({ description: 'False once disabled; disabled units receive no new assignments (启用).' })
  @Column({ type: 'boolean', default: true })
  isActive!: boolean;
}

/**
 * Whether a unit can be given messages to handle (主办/协办). The roots of the organisation tree (level 0: the
 * province, where the platform office sits) screen and assign; they are never a lead or assist unit.
 */
export const canHandleMessages = (u: Pick<Unit, 'level' | 'parentId'>) => u.parentId !== null && u.level > 0;
