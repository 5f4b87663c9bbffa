import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, Length, Max, Min } from 'class-validator';
import { IsPlainText, IsSingleLine } from '../../common/text';
import { ReplyTemplate } from './reply-template.entity';

@InputType({ description: 'Which templates `replyTemplates` lists.' })
export class ReplyTemplateFilter {
  @Field({
    nullable: true,
    description:
      "True: the templates the viewer may manage, disabled ones included (reviewers: their unit's subtree; administrators: all). False or omitted: those the viewer may use when replying.",
  })
  @IsOptional()
  manage?: boolean;

  @Field(() => ID, { nullable: true, description: "Only this unit's (with manage)." })
  @IsOptional()
  unitId?: string;
}

@InputType({ description: 'Input of `createReplyTemplate` (新增常用语).' })
export class CreateReplyTemplateInput {
  @Field(() => ID, { nullable: true, description: "The unit it belongs to; the viewer's unit when omitted." })
  @IsOptional()
  unitId?: string;

  @Field({ description: 'Short name, 1-50 characters.' })
  @Length(1, 50)
  @IsSingleLine()
  title!: string;

  @Field({ description: 'Text, 2-2000 characters.' })
  @Length(2, 2000)
  @IsPlainText()
  text!: string;

  @Field(() => Int, { nullable: true, description: 'Order in the picker.' })
  @IsOptional()
  @Min(0)
  @Max(1_000_000)
  sortOrder?: number;
}

@InputType({ description: 'Input of `updateReplyTemplate`; omitted fields stay as they are. Templates are disabled, never deleted.' })
export class UpdateReplyTemplateInput {
  @Field(() => ID, { description: 'The template.' })
  id!: string;

  @Field({ nullable: true, description: 'Short name, 1-50 characters.' })
  @IsOptional()
  @Length(1, 50)
  @IsSingleLine()
  title?: string;

  @Field({ nullable: true, description: 'Text, 2-2000 characters.' })
  @IsOptional()
  @Length(2, 2000)
  @IsPlainText()
  text?: string;

  @Field(() => Int, { nullable: true, description: 'Order in the picker.' })
  @IsOptional()
  @Min(0)
  @Max(1_000_000)
  sortOrder?: number;

  @Field({ nullable: true, description: 'False disables it (停用).' })
  @IsOptional()
  isActive?: boolean;
}

@ObjectType({ description: 'Payload of the template mutations.' })
export class ReplyTemplatePayload {
  @Field(() => ReplyTemplate, { description: 'The template.' })
  template!: ReplyTemplate;
}
