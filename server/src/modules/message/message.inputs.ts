import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsOptional,
  IsUrl,
  isURL,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { IsPlainText, IsSingleLine } from '../../common/text';
import { IsPhoneNumber } from './phone';
import { Connection, SortDirection } from '../../graphql/connection';
import { MessageEvent } from '../ledger/message-event.entity';
import { Message } from './message.entity';
import { Channel, InvalidReason, MessageState, MessageType, WarningLevel } from './message.enums';

/** An http(s) URL, or the address of a file this server keeps (POST /attachments answers it). */
function IsAttachmentUrl(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isAttachmentUrl',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (v: unknown) =>
          typeof v === 'string' && (/^\/attachments\/[0-9a-f]{32}$/.test(v) || isURL(v, { protocols: ['http', 'https'], require_protocol: true })),
      },
    });
}

@InputType({ description: 'An attachment: a name and an http(s) URL, or a file uploaded to this server (附件).' })
export class AttachmentInput {
  @Field({ description: 'File name.' })
  @Length(1, 200)
  @IsSingleLine()
  name!: string;

  @Field({ description: 'http(s) URL of the file, or the address of a file uploaded to this server (/attachments/<token>, see POST /attachments).' })
  @MaxLength(500)
  @IsAttachmentUrl({ message: 'url must be an http(s) URL or /attachments/<token>' })
  url!: string;
}

@InputType({ description: 'A new message (新留言), entered by staff or submitted through a channel.' })
export class CreateMessageInput {
  @Field(() => Channel, { description: 'Channel (渠道).' })
  channel!: Channel;

  @Field({ nullable: true, description: "The channel's own id; a retry with the same (channel, externalId) returns the same message." })
  @IsOptional()
  @Length(1, 100)
  @IsSingleLine()
  externalId?: string;

  @Field({ nullable: true, description: 'For EXTERNAL_SITE: where the post was found.' })
  @IsOptional()
  @MaxLength(500)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'sourceUrl must be an http(s) URL' })
  sourceUrl?: string;

  @Field(() => MessageType, { description: 'Kind (留言类型).' })
  type!: MessageType;

  @Field(() => ID, { nullable: true, description: 'Category (领域).' })
  @IsOptional()
  categoryId?: string;

  @Field(() => ID, { nullable: true, description: 'Region concerned (地区): a REGION unit.' })
  @IsOptional()
  regionUnitId?: string;

  @Field(() => ID, { nullable: true, description: 'Leader addressed (留言对象: 领导).' })
  @IsOptional()
  addressedLeaderId?: string;

  @Field(() => ID, { nullable: true, description: 'Unit addressed (留言对象: 单位).' })
  @IsOptional()
  addressedUnitId?: string;

  @Field({ description: 'Title, 4-100 characters (标题).' })
  @Length(4, 100)
  @IsSingleLine()
  title!: string;

  @Field({ description: 'Content, 10-5000 characters, plain text (内容).' })
  @Length(10, 5000)
  @IsPlainText()
  content!: string;

  @Field({ nullable: true, description: 'Real name (姓名); private.' })
  @IsOptional()
  @Length(1, 50)
  @IsSingleLine()
  realName?: string;

  @Field({
    nullable: true,
    description:
      'Phone (电话); private. A mobile number (13812345678) or a landline with its area code (0731-88888888, optionally -extension); stored normalised.',
  })
  @IsOptional()
  @IsPhoneNumber()
  phone?: string;

  @Field({ nullable: true, description: 'ID card number (身份证号); private.' })
  @IsOptional()
  @Matches(/^[0-9]{17}[0-9Xx]$|^[0-9]{15}$/, { message: 'idNumber must be a 15- or 18-character ID number' })
  idNumber?: string;

  @Field({ nullable: true, description: 'Address (地址); private.' })
  @IsOptional()
  @Length(1, 200)
  @IsSingleLine()
  address?: string;

  @Field({ nullable: true, description: 'Public: the citizen agrees to publication (同意公开).' })
  @IsOptional()
  isPublic?: boolean;

  @Field({ nullable: true, description: 'Anonymous on the public board (匿名).' })
  @IsOptional()
  isAnonymous?: boolean;

  @Field({ nullable: true, description: 'Urgent (紧急).' })
  @IsOptional()
  isUrgent?: boolean;

  @Field(() => [AttachmentInput], { nullable: true, description: 'Attachments, at most 10.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  attachments?: AttachmentInput[];

  @Field(() => Date, { nullable: true, description: 'When the citizen submitted it, for messages entered later (hotline, letters); defaults to now.' })
  @IsOptional()
  submittedAt?: Date;

  @Field(() => Int, {
    nullable: true,
    description:
      'Support the message has on its channel where the channel counts it, e.g. likes on a public board (点赞数); weighs in the heat of hot problems.',
  })
  @IsOptional()
  @Min(0)
  @Max(100_000_000)
  likes?: number;
}

@ObjectType({ description: 'Result of creating or submitting a message.' })
export class CreateMessagePayload {
  @Field(() => Message, { description: 'The message.' })
  message!: Message;

  @Field(() => String, {
    nullable: true,
    description: 'Query code (查询码) for the citizen, shown once; null when this was a repeat of an earlier submission whose code was already given.',
  })
  queryCode!: string | null;

  @Field({ description: 'True when (channel, externalId) matched an existing message: nothing new was created.' })
  deduplicated!: boolean;
}

@InputType({ description: 'Input of `importMessages` (批量导入): up to 500 messages, e.g. from a hotline system.' })
export class ImportMessagesInput {
  @Field(() => [CreateMessageInput], { description: 'The messages; a repeat of an existing (channel, externalId) is skipped.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  messages!: CreateMessageInput[];
}

@ObjectType({ description: 'One message created by a bulk import.' })
export class ImportedMessage {
  @Field(() => ID, { description: 'The new message.' })
  id!: string;

  @Field({ description: 'Its serial number (留言编号).' })
  serialNo!: string;

  @Field(() => String, { nullable: true, description: 'The external id it was imported with.' })
  externalId!: string | null;

  @Field({ description: 'Query code (查询码) for the citizen, shown once.' })
  queryCode!: string;
}

@ObjectType({ description: 'Result of a bulk import: every message created, in one transaction, and the external ids skipped as repeats.' })
export class ImportMessagesPayload {
  @Field(() => [ImportedMessage], { description: 'Created messages.' })
  created!: ImportedMessage[];

  @Field(() => [String], { description: 'channel:externalId of the inputs skipped because they already exist.' })
  skipped!: string[];
}

@InputType({ description: 'Common part of a message action: the message and, optionally, the version the client saw.' })
export class MessageActionInput {
  @Field(() => ID, { description: 'The message.' })
  messageId!: string;

  @Field(() => Int, { nullable: true, description: 'The version the client saw; a different current version is a CONFLICT.' })
  @IsOptional()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Input of `setMessageCategory` (设置领域).' })
export class SetMessageCategoryInput extends MessageActionInput {
  @Field(() => ID, { description: 'The category (领域), active.' })
  categoryId!: string;
}

@InputType({ description: 'Input of `markMessageInvalid` (不予受理).' })
export class MarkInvalidInput extends MessageActionInput {
  @Field(() => InvalidReason, { description: 'Reason (原因).' })
  reason!: InvalidReason;

  @Field({ nullable: true, description: 'Explanation, required for OTHER.' })
  @IsOptional()
  @Length(1, 500)
  @IsPlainText()
  note?: string;
}

@InputType({ description: 'Input of `mergeMessage` (并单).' })
export class MergeMessageInput extends MessageActionInput {
  @Field(() => ID, { nullable: true, description: 'The message it repeats, by id; it follows that one from now on. Give this or targetSerialNo.' })
  @IsOptional()
  targetMessageId?: string;

  @Field({ nullable: true, description: 'The message it repeats, by its serial number (留言编号, e.g. WZ20261123000123). Give this or targetMessageId.' })
  @IsOptional()
  @MaxLength(30)
  @IsSingleLine()
  targetSerialNo?: string;

  @Field({ nullable: true, description: 'Explanation.' })
  @IsOptional()
  @Length(1, 500)
  @IsPlainText()
  note?: string;
}

@InputType({ description: 'Input of actions that need a reason (重办, 挂起…).' })
export class MessageReasonInput extends MessageActionInput {
  @Field({ description: 'Reason, 2-500 characters.' })
  @Length(2, 500)
  @IsPlainText()
  reason!: string;
}

@ObjectType({ description: 'Payload of message actions.' })
export class MessagePayload {
  @Field(() => Message, { description: 'The message as changed.' })
  message!: Message;
}

@ObjectType({ description: "The citizen's private data (隐私信息): masked unless revealed by someone allowed (the reveal is logged)." })
export class MessagePii {
  @Field(() => String, { nullable: true, description: 'Real name (姓名).' })
  realName!: string | null;

  @Field(() => String, { nullable: true, description: 'Phone (电话).' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'ID number (身份证号).' })
  idNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Address (地址).' })
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'IP address the message came from.' })
  ip!: string | null;

  @Field({ description: 'True when these values are masked.' })
  masked!: boolean;
}

@ObjectType({ description: 'Payload of `revealMessagePii`.' })
export class RevealPiiPayload {
  @Field(() => MessagePii, { description: 'Unmasked private data.' })
  pii!: MessagePii;
}

export enum MessageSortField {
  SUBMITTED_AT = 'SUBMITTED_AT',
  REPLY_DUE_AT = 'REPLY_DUE_AT',
  UPDATED_AT = 'UPDATED_AT',
  RELEVANCE = 'RELEVANCE',
}
registerEnumType(MessageSortField, {
  name: 'MessageSortField',
  description: 'Sort keys for messages.',
  valuesConfig: {
    SUBMITTED_AT: { description: 'By submission time (留言时间).' },
    REPLY_DUE_AT: { description: 'By reply deadline (答复期限).' },
    UPDATED_AT: { description: 'By last change.' },
    RELEVANCE: {
      description:
        'By relevance to the keyword (相关度), DESC most relevant first, ties newest first; without a keyword, or where the database has no full-text index (docs/search.md), by submission time.',
    },
  },
});

@InputType({ description: 'Sort order for messages.' })
export class MessageSort {
  @Field(() => MessageSortField, { description: 'Sort key.' })
  field!: MessageSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.DESC, description: 'Direction.' })
  direction!: SortDirection;
}

@InputType({ description: 'Filter for `messages` (all conditions must hold).' })
export class MessageFilter {
  @Field(() => [MessageState], { nullable: true, description: 'Only these states.' })
  @IsOptional()
  @ArrayMaxSize(20)
  states?: MessageState[];

  @Field(() => [MessageType], { nullable: true, description: 'Only these kinds.' })
  @IsOptional()
  @ArrayMaxSize(10)
  types?: MessageType[];

  @Field(() => [Channel], { nullable: true, description: 'Only these channels.' })
  @IsOptional()
  @ArrayMaxSize(20)
  channels?: Channel[];

  @Field(() => ID, { nullable: true, description: 'Only this category and its subcategories.' })
  @IsOptional()
  categoryId?: string;

  @Field(() => ID, { nullable: true, description: 'Only messages whose lead unit is this unit or below (主办单位).' })
  @IsOptional()
  unitId?: string;

  @Field(() => ID, { nullable: true, description: 'Only messages addressed to this leader.' })
  @IsOptional()
  leaderId?: string;

  @Field(() => ID, { nullable: true, description: 'Only messages about this region or below.' })
  @IsOptional()
  regionUnitId?: string;

  @Field(() => Date, { nullable: true, description: 'Submitted at or after.' })
  @IsOptional()
  submittedFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'Submitted before.' })
  @IsOptional()
  submittedTo?: Date;

  @Field(() => WarningLevel, { nullable: true, description: 'Only open messages at this warning level.' })
  @IsOptional()
  warningLevel?: WarningLevel;

  @Field({
    nullable: true,
    description:
      'Search (关键词): a serial number (or its beginning), a phone number, a full citizen name, or words of the title or content. Phone and name match only for those who may see them; they are never shown.',
  })
  @IsOptional()
  @MaxLength(50)
  keyword?: string;

  @Field({ nullable: true, description: 'Only messages addressed to the viewer, a leader (致我的留言); none for a user who is no leader.' })
  @IsOptional()
  addressedToMe?: boolean;

  @Field({ nullable: true, description: 'Search by serial number.' })
  @IsOptional()
  @MaxLength(20)
  serialNo?: string;

  @Field(() => [ID], { nullable: true, description: 'Only these ids.' })
  @IsOptional()
  @ArrayMaxSize(100)
  ids?: string[];
}

export const MessageConnection = Connection(Message, 'Message', 'A page of messages (留言列表).');
export const MessageEventConnection = Connection(MessageEvent, 'MessageEvent', 'A page of ledger entries (台账).');
