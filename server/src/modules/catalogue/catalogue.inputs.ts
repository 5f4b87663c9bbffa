import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, Matches, Min } from 'class-validator';
import { IsPlainText, IsSingleLine } from '../../common/text';
import { Connection } from '../../graphql/connection';
import { DispatchCatalogueEntry } from './catalogue.entities';

const DAY_OR_EMPTY = /^(\d{4}-\d{2}-\d{2})?$/;

@InputType({ description: 'What a catalogue entry says; on update omitted fields keep their value.' })
export class CatalogueEntryContentInput {
  @Field({ nullable: true, description: 'The matter, 2-200 characters (事项). Required when creating.' })
  @IsOptional()
  @Length(2, 200)
  @IsSingleLine()
  matter?: string;

  @Field(() => [String], { nullable: true, description: 'Keywords, at most 30, 1-30 characters each (关键词).' })
  @IsOptional()
  @ArrayMaxSize(30)
  @Length(1, 30, { each: true })
  @IsSingleLine({ each: true })
  keywords?: string[];

  @Field(() => ID, { nullable: true, description: 'Category (领域); "" clears it.' })
  @IsOptional()
  categoryId?: string;

  @Field(() => ID, { nullable: true, description: 'Region (适用地区, a region unit); "" clears it (everywhere).' })
  @IsOptional()
  regionUnitId?: string;

  @Field(() => ID, { nullable: true, description: 'The lead unit (主办单位): a unit that handles messages. Required when creating.' })
  @IsOptional()
  leadUnitId?: string;

  @Field(() => [ID], { nullable: true, description: 'Assist units (协办单位), at most 10.' })
  @IsOptional()
  @ArrayMaxSize(10)
  assistUnitIds?: string[];

  @Field({ nullable: true, description: 'First valid day, YYYY-MM-DD (生效日期); "" clears it.' })
  @IsOptional()
  @Matches(DAY_OR_EMPTY)
  validFrom?: string;

  @Field({ nullable: true, description: 'Last valid day, YYYY-MM-DD (失效日期); "" clears it.' })
  @IsOptional()
  @Matches(DAY_OR_EMPTY)
  validUntil?: string;

  @Field({ nullable: true, description: 'What it rests on, up to 1000 characters (依据); "" clears it.' })
  @IsOptional()
  @Length(0, 1000)
  @IsPlainText()
  basis?: string;
}

@InputType({ description: 'Input of `createCatalogueEntry` (新增派单目录条目).' })
export class CreateCatalogueEntryInput extends CatalogueEntryContentInput {}

@InputType({ description: 'Input of `updateCatalogueEntry` (修改、停用或启用派单目录条目): each change is a new version.' })
export class UpdateCatalogueEntryInput extends CatalogueEntryContentInput {
  @Field(() => ID, { description: 'The entry.' })
  id!: string;

  @Field(() => Int, { nullable: true, description: "The entry's `version` the client saw (CONFLICT when it changed since)." })
  @IsOptional()
  @Min(1)
  expectedVersion?: number;

  @Field({ nullable: true, description: 'False retires the entry (停用), true enables it again (启用).' })
  @IsOptional()
  isActive?: boolean;
}

@InputType({ description: 'Which catalogue entries to list.' })
export class CatalogueFilter {
  @Field({ nullable: true, description: 'Words of the matter or a keyword.' })
  @IsOptional()
  @Length(1, 100)
  search?: string;

  @Field(() => ID, { nullable: true, description: 'Entries naming this unit as lead or assist unit.' })
  @IsOptional()
  unitId?: string;

  @Field({ nullable: true, description: 'True: entries in use; false: retired ones.' })
  @IsOptional()
  isActive?: boolean;
}

@ObjectType({ description: 'Payload of the catalogue mutations.' })
export class CatalogueEntryPayload {
  @Field(() => DispatchCatalogueEntry, { description: 'The entry as changed.' })
  entry!: DispatchCatalogueEntry;
}

export const CatalogueEntryConnection = Connection(DispatchCatalogueEntry, 'DispatchCatalogueEntry', 'A page of dispatch catalogue entries (派单目录).');
