import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { IsSingleLine } from '../../common/text';
import { Connection } from '../../graphql/connection';
import { Leader } from './leader.entity';

@InputType({ description: 'Input of `createLeader` (新增领导).' })
export class CreateLeaderInput {
  @Field({ description: 'Name (姓名).' })
  @Length(1, 50)
  @IsSingleLine()
  name!: string;

  @Field({ description: 'Public title (职务).' })
  @Length(1, 100)
  @IsSingleLine()
  title!: string;

  @Field(() => ID, { description: 'Unit of the leader.' })
  unitId!: string;

  @Field(() => Int, { nullable: true, description: 'Order on the leader board.' })
  @IsOptional()
  @Min(0)
  @Max(1_000_000)
  sortOrder?: number;
}

@InputType({ description: 'Input of `updateLeader`; omitted fields stay as they are.' })
export class UpdateLeaderInput {
  @Field(() => ID, { description: 'The leader.' })
  id!: string;

  @Field({ nullable: true, description: 'Name (姓名).' })
  @IsOptional()
  @Length(1, 50)
  @IsSingleLine()
  name?: string;

  @Field({ nullable: true, description: 'Public title (职务).' })
  @IsOptional()
  @Length(1, 100)
  @IsSingleLine()
  title?: string;

  @Field(() => ID, { nullable: true, description: 'Unit of the leader.' })
  @IsOptional()
  unitId?: string;

  @Field(() => Int, { nullable: true, description: 'Order on the leader board.' })
  @IsOptional()
  @Min(0)
  @Max(1_000_000)
  sortOrder?: number;

  @Field({ nullable: true, description: 'False when the leader no longer takes messages (离任).' })
  @IsOptional()
  isActive?: boolean;
}

@InputType({ description: 'Filter for `leaders`.' })
export class LeaderFilter {
  @Field(() => ID, { nullable: true, description: 'Only leaders of this unit and its subtree.' })
  @IsOptional()
  unitId?: string;

  @Field({ nullable: true, description: 'Only leaders in office (true) or not (false).' })
  @IsOptional()
  isActive?: boolean;

  @Field({ nullable: true, description: 'Text found in the name or title.' })
  @IsOptional()
  @MaxLength(50)
  search?: string;
}

@ObjectType({ description: 'Payload of leader mutations.' })
export class LeaderPayload {
  @Field(() => Leader, { description: 'The leader as changed.' })
  leader!: Leader;
}

export const LeaderConnection = Connection(Leader, 'Leader', 'A page of leaders (领导列表), ordered by unit and board order.');
