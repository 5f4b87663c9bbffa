import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsSingleLine } from '../../common/text';
import { Connection, SortDirection } from '../../graphql/connection';
import { Unit, UnitKind } from './unit.entity';

export const CODE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const CODE_MESSAGE = 'code must be 1-64 lower-case letters, digits, "-" or "_"';
/** The stable short code of a unit or a category. */
export const CodeMatches = () => Matches(CODE_PATTERN, { message: CODE_MESSAGE });

/** The optional order among siblings of a unit or a category (0 to 1,000,000). */
export const SortOrderField = (): PropertyDecorator => (target, key) => {
  for (const d of [Field(() => Int, { nullable: true, description: 'Order among siblings.' }), IsOptional(), Min(0), Max(1_000_000)]) d(target, key);
};

@InputType({ description: 'Input of `createUnit` (新建单位).' })
export class CreateUnitInput {
  @Field({ description: 'Stable short code, unique (单位编码).' })
  @CodeMatches()
  code!: string;

  @Field({ description: 'Full name (单位名称).' })
  @Length(2, 100)
  @IsSingleLine()
  name!: string;

  @Field(() => UnitKind, { description: 'Kind of unit (单位类型).' })
  kind!: UnitKind;

  @Field(() => ID, { nullable: true, description: 'Parent unit; omit for a root unit.' })
  @IsOptional()
  parentId?: string;

  @SortOrderField()
  sortOrder?: number;
}

@InputType({ description: 'Input of `updateUnit` (修改单位); omitted fields stay as they are.' })
export class UpdateUnitInput {
  @Field(() => ID, { description: 'The unit.' })
  id!: string;

  @Field({ nullable: true, description: 'New name (更名).' })
  @IsOptional()
  @Length(2, 100)
  @IsSingleLine()
  name?: string;

  @Field(() => UnitKind, { nullable: true, description: 'New kind.' })
  @IsOptional()
  kind?: UnitKind;

  @SortOrderField()
  sortOrder?: number;
}

@InputType({ description: 'Input of `moveUnit` (调整隶属关系).' })
export class MoveUnitInput {
  @Field(() => ID, { description: 'The unit to move, with its subtree.' })
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The new parent; null makes it a root.' })
  @IsOptional()
  parentId?: string | null;
}

@InputType({ description: 'Input of `setUnitActive` (启用/停用单位).' })
export class SetUnitActiveInput {
  @Field(() => ID, { description: 'The unit.' })
  id!: string;

  @Field({ description: 'False disables the unit (and it receives no new work); true enables it again.' })
  isActive!: boolean;
}

@ObjectType({ description: 'Payload of unit mutations.' })
export class UnitPayload {
  @Field(() => Unit, { description: 'The unit as changed.' })
  unit!: Unit;
}

export enum UnitSortField {
  PATH = 'PATH',
  NAME = 'NAME',
  SORT_ORDER = 'SORT_ORDER',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(UnitSortField, {
  name: 'UnitSortField',
  description: 'Sort keys for units.',
  valuesConfig: {
    PATH: { description: 'Tree order: parents before children.' },
    NAME: { description: 'By name.' },
    SORT_ORDER: { description: 'By sibling order, then name.' },
    CREATED_AT: { description: 'By creation time.' },
  },
});

@InputType({ description: 'Filter for `units`.' })
export class UnitFilter {
  @Field(() => ID, { nullable: true, description: 'Only direct children of this unit.' })
  @IsOptional()
  parentId?: string;

  @Field({ nullable: true, description: 'Only root units (no parent).' })
  @IsOptional()
  rootsOnly?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only this unit and its subtree (本级及下级).' })
  @IsOptional()
  subtreeOf?: string;

  @Field({
    nullable: true,
    description: 'True: only units that can be given messages to handle (主办/协办), i.e. not a root of the tree (the platform itself); false: only the roots.',
  })
  @IsOptional()
  handlesMessages?: boolean;

  @Field(() => [UnitKind], { nullable: true, description: 'Only these kinds.' })
  @IsOptional()
  kinds?: UnitKind[];

  @Field({ nullable: true, description: 'Only enabled (true) or disabled (false) units.' })
  @IsOptional()
  isActive?: boolean;

  @Field({ nullable: true, description: 'Text found in the name or code.' })
  @IsOptional()
  @MaxLength(50)
  search?: string;

  @Field(() => [ID], { nullable: true, description: 'Only these ids.' })
  @IsOptional()
  ids?: string[];
}

@InputType({ description: 'Sort order for `units`.' })
export class UnitSort {
  @Field(() => UnitSortField, { description: 'Sort key.' })
  field!: UnitSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Direction.' })
  direction!: SortDirection;
}

export const UnitConnection = Connection(Unit, 'Unit', 'A page of units (单位列表).');
