import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsOptional, Length, MaxLength } from 'class-validator';
import { IsSingleLine } from '../../common/text';
import { Connection } from '../../graphql/connection';
import { CodeMatches, SortOrderField } from '../unit/unit.inputs';
import { Category } from './category.entity';

@InputType({ description: 'Input of `createCategory` (新增领域).' })
export class CreateCategoryInput {
  @Field({ description: 'Stable short code, unique.' })
  @CodeMatches()
  code!: string;

  @Field({ description: 'Name (名称).' })
  @Length(1, 50)
  @IsSingleLine()
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Parent category; omit for a top category.' })
  @IsOptional()
  parentId?: string;

  @SortOrderField()
  sortOrder?: number;
}

@InputType({ description: 'Input of `updateCategory`; omitted fields stay as they are. Setting `parentId` moves the subtree.' })
export class UpdateCategoryInput {
  @Field(() => ID, { description: 'The category.' })
  id!: string;

  @Field({ nullable: true, description: 'New name.' })
  @IsOptional()
  @Length(1, 50)
  @IsSingleLine()
  name?: string;

  @Field(() => ID, { nullable: true, description: 'New parent (moves the subtree); use `moveToTop` to make it a top category.' })
  @IsOptional()
  parentId?: string;

  @Field({ nullable: true, description: 'Make it a top category.' })
  @IsOptional()
  moveToTop?: boolean;

  @SortOrderField()
  sortOrder?: number;

  @Field({ nullable: true, description: 'Disable (false) or enable (true); disabled categories are kept for history.' })
  @IsOptional()
  isActive?: boolean;
}

@InputType({ description: 'Filter for `categories`.' })
export class CategoryFilter {
  @Field(() => ID, { nullable: true, description: 'Only direct children of this category.' })
  @IsOptional()
  parentId?: string;

  @Field({ nullable: true, description: 'Only top categories.' })
  @IsOptional()
  topOnly?: boolean;

  @Field({ nullable: true, description: 'Only enabled (true) or disabled (false) categories.' })
  @IsOptional()
  isActive?: boolean;

  @Field({ nullable: true, description: 'Text found in the name or code.' })
  @IsOptional()
  @MaxLength(50)
  search?: string;
}

@ObjectType({ description: 'Payload of category mutations.' })
export class CategoryPayload {
  @Field(() => Category, { description: 'The category as changed.' })
  category!: Category;
}

export const CategoryConnection = Connection(Category, 'Category', 'A page of categories (领域列表), in tree order.');
