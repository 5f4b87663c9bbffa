import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsPlainText } from '../../common/text';
import { Message } from '../message/message.entity';
import { MessageGroup } from './message-group.entity';

@ObjectType({ description: 'A message of a group of similar messages (归并组成员).' })
export class MessageGroupMemberView {
  @Field(() => Message, { description: 'The message.' })
  message!: Message;

  @Field({ description: 'Whether it is the lead message (主件).' })
  isLead!: boolean;

  @Field({ description: 'When it joined the group.' })
  addedAt!: Date;
}

@ObjectType({ description: "How a list row shows a message's group (归并标记): whether it leads it, how many it holds, and the lead's number." })
export class MessageGroupMark {
  @Field(() => ID, { description: 'The group.' })
  groupId!: number;

  @Field({ description: "The message is the group's lead (主件)." })
  isLead!: boolean;

  @Field(() => Int, { description: "Messages in the group, the lead included (also those outside the viewer's reach)." })
  size!: number;

  @Field(() => String, {
    nullable: true,
    description: "The lead's serial number (主件编号); null for unit roles and leaders when the message is not the lead (the lead may be outside their reach).",
  })
  leadSerialNo!: string | null;
}

@InputType({ description: 'Input of `createMessageGroup` (相似件归并): a lead message and some of its similar messages.' })
export class CreateMessageGroupInput {
  @Field(() => ID, { description: 'The lead message (主件): usually the one whose page the dispatcher is on.' })
  leadMessageId!: string;

  @Field(() => [ID], { description: 'The other messages about the same matter (1-49).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(49)
  memberMessageIds!: string[];

  @Field({ nullable: true, description: 'Why they are one matter (归并说明).' })
  @IsOptional()
  @Length(1, 500)
  @IsPlainText()
  note?: string;

  @Field(() => Int, { nullable: true, description: 'The version of the lead message the client saw; a different current version is a CONFLICT.' })
  @IsOptional()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Input of `addToMessageGroup`: messages to link into an existing group.' })
export class AddToMessageGroupInput {
  @Field(() => ID, { description: 'The group.' })
  groupId!: string;

  @Field(() => [ID], { description: 'Messages to add (1-49; a group holds at most 50).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(49)
  messageIds!: string[];

  @Field({ nullable: true, description: 'Why (归并说明).' })
  @IsOptional()
  @Length(1, 500)
  @IsPlainText()
  note?: string;
}

@InputType({ description: 'Input of `removeFromMessageGroup` (移出归并组).' })
export class RemoveFromMessageGroupInput {
  @Field(() => ID, { description: 'The message to take out (not the lead).' })
  messageId!: string;

  @Field({ nullable: true, description: 'Why (说明).' })
  @IsOptional()
  @Length(1, 500)
  @IsPlainText()
  note?: string;

  @Field(() => Int, { nullable: true, description: 'The version of the message the client saw; a different current version is a CONFLICT.' })
  @IsOptional()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Input of `dissolveMessageGroup` (解除归并).' })
export class DissolveMessageGroupInput {
  @Field(() => ID, { description: 'The group.' })
  groupId!: string;

  @Field({ nullable: true, description: 'Why (说明).' })
  @IsOptional()
  @Length(1, 500)
  @IsPlainText()
  note?: string;
}

@ObjectType({ description: 'Payload of the group mutations.' })
export class MessageGroupPayload {
  @Field(() => MessageGroup, { nullable: true, description: 'The group as changed; null once dissolved.' })
  group!: MessageGroup | null;
}

@ObjectType({ description: 'Payload of `assignMessageGroup`: the lead as assigned, the members assigned with it, and the members left as they were.' })
export class AssignMessageGroupPayload {
  @Field(() => Message, { description: 'The lead message as assigned.' })
  message!: Message;

  @Field(() => [Message], {
    description:
      'Members that were unassigned (待受理, 已受理) and are now assigned to the same units, each with its own assignment, deadlines and ledger row.',
  })
  assigned!: Message[];

  @Field(() => [Message], { description: 'Members left as they were: already assigned, answered, closed, merged or refused (their own handling goes on).' })
  skipped!: Message[];
}
