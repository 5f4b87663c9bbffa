import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, Min, ValidateNested } from 'class-validator';
import { IsPlainText, IsSingleLine } from '../../common/text';
import { Connection } from '../../graphql/connection';
import { ReplyKind } from '../message/message.enums';
import { AttachmentInput } from '../message/message.inputs';
import { Reply } from './reply.entity';

@InputType({ description: 'The handling form (办理单) of a reply.' })
export class ReplyFormInput {
  @Field({ description: 'Text of the reply, 10-5000 characters, plain text (答复内容).' })
  @Length(10, 5000)
  @IsPlainText()
  content!: string;

  @Field({ defaultValue: false, description: 'The citizen was contacted before replying (先回访后回复).' })
  contactedCitizen!: boolean;

  @Field({ nullable: true, description: 'How the citizen was contacted (电话/面谈/短信…).' })
  @IsOptional()
  @Length(1, 50)
  @IsSingleLine()
  contactMethod?: string;

  @Field({ defaultValue: false, description: 'The matter is resolved (问题已解决).' })
  resolved!: boolean;

  @Field(() => [AttachmentInput], { nullable: true, description: 'Attachments, at most 10.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  attachments?: AttachmentInput[];

  @Field(() => [ID], {
    nullable: true,
    description:
      'Knowledge articles the reply quotes (引用知识), at most 5, each in force; recorded with the reply. On `updateReply` omitted keeps what it quoted, [] quotes none.',
  })
  @IsOptional()
  @ArrayMaxSize(5)
  articleIds?: string[];
}

@InputType({ description: 'Input of `draftReply` (拟写答复) on an assignment.' })
export class DraftReplyInput extends ReplyFormInput {
  @Field(() => ID, { description: 'The assignment answered.' })
  assignmentId!: string;

  @Field(() => ReplyKind, { description: 'FINAL or PROGRESS for the lead unit; ASSIST_OPINION for an assisting unit.' })
  kind!: ReplyKind;
}

@InputType({ description: 'Input of `directAnswer` (直办): the platform answers a consultation itself.' })
export class DirectAnswerInput extends ReplyFormInput {
  @Field(() => ID, { description: 'The message.' })
  messageId!: string;

  @Field(() => Int, { nullable: true, description: 'The message version the client saw.' })
  @IsOptional()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Input of `updateReply`: the new handling form of a draft or a sent-back reply.' })
export class UpdateReplyInput extends ReplyFormInput {
  @Field(() => ID, { description: 'The reply.' })
  replyId!: string;
}

@InputType({ description: "Input of `reviseReply` (审核修改): the reviewer's corrected text of a reply waiting for their review." })
export class ReviseReplyInput {
  @Field(() => ID, { description: 'The reply.' })
  replyId!: string;

  @Field({ description: 'The corrected text, 10-5000 characters, plain text (答复内容).' })
  @Length(10, 5000)
  @IsPlainText()
  content!: string;
}

@InputType({ description: 'Input of `submitReply` (提交审核).' })
export class SubmitReplyInput {
  @Field(() => ID, { description: 'The reply.' })
  replyId!: string;
}

@InputType({ description: 'Input of `reviewReply` (审核): approve, or send back with a comment.' })
export class ReviewReplyInput {
  @Field(() => ID, { description: 'The reply.' })
  replyId!: string;

  @Field({ description: 'True approves; false sends it back (退回).' })
  approve!: boolean;

  @Field({ nullable: true, description: 'Comment; required when sending back (审核意见).' })
  @IsOptional()
  @Length(2, 1000)
  @IsPlainText()
  comment?: string;
}

@ObjectType({ description: 'Payload of reply actions.' })
export class ReplyPayload {
  @Field(() => Reply, { description: 'The reply as changed.' })
  reply!: Reply;
}

export const ReplyConnection = Connection(Reply, 'Reply', 'A page of replies, e.g. a review queue (审核队列).');
