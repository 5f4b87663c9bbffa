/**
 * The dispatch catalogue (派单目录, migration DispatchCatalogue1763900000300): which unit leads a matter (主办) and
 * which units assist (协办), for a category and/or keywords, in a region, between two days. Kept by platform
 * administrators; every change is a new version of the entry with who made it and what changed.
 */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn } from '../../db/columns';
import { KeptEntry } from '../../db/stamps';

@ObjectType({ description: 'An entry of the dispatch catalogue (派单目录条目): a matter and the units responsible for it.' })
@Entity('dispatch_catalogue_entry')
@Index('ix_catalogue_active', ['isActive', 'leadUnitId'])
export class DispatchCatalogueEntry extends KeptEntry {
  @Field(() => ID, { description: 'Entry id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: 'The matter in words (事项), e.g. 住宅专项维修资金使用.' })
  @Column({ type: 'varchar', length: 200 })
  matter!: string;

  @Field(() => [String], { description: 'Words of a message that make it this matter (关键词): any one of them in the title or text.' })
  @JsonColumn()
  keywords!: string[];

  @Field(() => ID, { nullable: true, description: "Category (领域): the message's category or one below it; null: any." })
  @Column({ type: 'integer', nullable: true })
  categoryId!: number | null;

  @Field(() => ID, { nullable: true, description: 'Region (适用地区): messages of this region or one below it; null: everywhere.' })
  @Column({ type: 'integer', nullable: true })
  regionUnitId!: number | null;

  @Field(() => ID, { description: 'The lead unit (主办单位).' })
  @Column({ type: 'integer' })
  leadUnitId!: number;

  @Field(() => [ID], { description: 'Assist units (协办单位).' })
  @JsonColumn()
  assistUnitIds!: number[];

  @Field(() => String, { nullable: true, description: 'First valid day, YYYY-MM-DD Asia/Shanghai (生效日期); null: from now.' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  validFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'Last valid day (失效日期); null: no end.' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  validUntil!: string | null;

  @Field(() => String, { nullable: true, description: 'What it rests on (依据): the 三定 provision or document.' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  basis!: string | null;

  @Field({ description: 'In use (启用); retired entries are kept with their versions.' })
  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @Field(() => Int, { description: 'Version number (版本号), from 1: every change makes the next.' })
  @Column({ type: 'integer' })
  versionNo!: number;

  @Field(() => ID, { description: 'Who keeps it (维护人): the administrator who made the last change.' })
  @Column({ type: 'integer' })
  updatedById!: number;
}

/** One version of an entry: the whole entry as it was after the change, who made it, and what changed. */
@ObjectType({ description: 'A version of a catalogue entry (派单目录版本): the entry after a change, who made it and what changed.' })
@Entity('dispatch_catalogue_version')
@Index('uq_catalogue_version', ['entryId', 'versionNo'], { unique: true })
export class DispatchCatalogueVersion {
  @Field(() => ID, { description: 'Version id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: 'The entry.' })
  @Column({ type: 'integer' })
  entryId!: number;

  @Field(() => Int, { description: 'Version number.' })
  @Column({ type: 'integer' })
  versionNo!: number;

  @Field({ description: 'What happened: CREATED, EDITED, RETIRED, ENABLED (动作).' })
  @Column({ type: 'varchar', length: 16 })
  action!: string;

  @Field(() => GraphQLJSONObject, {
    description: 'The entry after the change (matter, keywords, categoryId, regionUnitId, leadUnitId, assistUnitIds, validFrom, validUntil, basis, isActive).',
  })
  @JsonColumn()
  snapshot!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Each changed field with its value before and after: { field: { from, to } }.' })
  @JsonColumn({ nullable: true })
  changes!: Record<string, { from: unknown; to: unknown }> | null;

  @Field(() => ID, { description: 'Who made the change.' })
  @Column({ type: 'integer' })
  actorUserId!: number;

  @Field({ description: 'When.' })
  @DateTimeColumn()
  createdAt!: Date;
}

export const CATALOGUE_ENTITIES = [DispatchCatalogueEntry, DispatchCatalogueVersion];
/** The fields of an entry a version records. */
export const ENTRY_FIELDS = [
  'matter',
  'keywords',
  'categoryId',
  'regionUnitId',
  'leadUnitId',
  'assistUnitIds',
  'validFrom',
  'validUntil',
  'basis',
  'isActive',
] as const;
