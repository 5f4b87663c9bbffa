/**
 * The public view (DESIGN §12): what third-party frontends and citizens see. These are separate types with
 * an explicit allow-list of fields, so that no staff-only field or private data can leak by accident.
 */
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsIn, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsPlainText, IsSingleLine } from '../../common/text';
import { Connection } from '../../graphql/connection';
import { AttachmentInput } from '../message/message.inputs';
import { Channel, MessageType, ReplyKind, SatisfactionBand } from '../message/message.enums';

export enum PublicStatus {
  ACCEPTED = 'ACCEPTED',
  HANDLING = 'HANDLING',
  REPLIED = 'REPLIED',
  CLOSED = 'CLOSED',
}
registerEnumType(PublicStatus, {
  name: 'PublicStatus',
  description: 'Where a public message stands, as shown to the public (办理状态).',
  valuesConfig: {
    ACCEPTED: { description: 'Accepted, being dispatched (已受理).' },
    HANDLING: { description: 'Being handled by a unit (办理中).' },
    REPLIED: { description: 'Answered (已答复).' },
    CLOSED: { description: 'Closed (已办结).' },
  },
});

@ObjectType({ description: 'A unit as shown to the public (单位).' })
export class PublicUnit {
  @Field(() => ID, { description: 'Unit id.' })
  id!: number;

  @Field({ description: 'Name.' })
  name!: string;
}

@ObjectType({ description: 'A category as shown to the public (领域).' })
export class PublicCategory {
  @Field(() => ID, { description: 'Category id.' })
  id!: number;

  @Field({ description: 'Name.' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Parent category id.' })
  parentId!: number | null;
}

@ObjectType({ description: 'A leader as shown on the leader board (领导).' })
export class PublicLeader {
  @Field(() => ID, { description: 'Leader id.' })
  id!: number;

  @Field({ description: 'Name.' })
  name!: string;

  @Field({ description: 'Public title.' })
  title!: string;

  @Field({ description: 'Name of the leader\'s unit.' })
  unitName!: string;
}

@ObjectType({ description: 'A published reply (答复).' })
export class PublicReply {
  @Field(() => ReplyKind, { description: 'FINAL (答复) or PROGRESS (阶段性答复).' })
  kind!: ReplyKind;

  @Field({ description: 'Text, plain text with line breaks.' })
  content!: string;

  @Field(() => String, { nullable: true, description: 'Replying unit; null when answered by the platform (直办).' })
  unitName!: string | null;

  @Field({ description: 'When it was published.' })
  publishedAt!: Date;
}

@ObjectType({ description: "The citizen's rating as shown to the public (评价)." })
export class PublicEvaluation {
  @Field(() => Float, { description: 'Overall score, 1-5.' })
  overall!: number;

  @Field(() => SatisfactionBand, { description: 'Band (满意度).' })
  band!: SatisfactionBand;

  @Field({ description: 'When it was rated.' })
  ratedAt!: Date;
}

@ObjectType({ description: 'A public message (公开留言): only messages the citizen agreed to publish, past screening; no private data.' })
export class PublicMessage {
  @Field({ description: 'Serial number (留言编号).' })
  serialNo!: string;

  @Field(() => MessageType, { description: 'Kind.' })
  type!: MessageType;

  @Field({ description: 'Title.' })
  title!: string;

  @Field({ description: 'Content; phone and ID numbers written in it are masked.' })
  content!: string;

  @Field({ description: 'Author as shown: a masked name (张*) or 匿名网友.' })
  authorName!: string;

  @Field(() => PublicCategory, { nullable: true, description: 'Category.' })
  category!: PublicCategory | null;

  @Field(() => PublicUnit, { nullable: true, description: 'Region concerned.' })
  region!: PublicUnit | null;

  @Field(() => PublicLeader, { nullable: true, description: 'Leader addressed.' })
  addressedLeader!: PublicLeader | null;

  @Field(() => PublicUnit, { nullable: true, description: 'Handling unit (办理单位).' })
  handlingUnit!: PublicUnit | null;

  @Field(() => PublicStatus, { description: 'Status.' })
  status!: PublicStatus;

  @Field({ description: 'When it was posted.' })
  submittedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was answered.' })
  repliedAt!: Date | null;

  @Field(() => [PublicReply], { description: 'Published replies, oldest first.' })
  replies!: PublicReply[];

  @Field(() => PublicEvaluation, { nullable: true, description: 'The latest rating.' })
  evaluation!: PublicEvaluation | null;
}

export const PublicMessageConnection = Connection(PublicMessage, 'PublicMessage', 'A page of public messages (公开留言).');

@InputType({ description: 'Filter for `publicMessages`.' })
export class PublicMessageFilter {
  @Field(() => ID, { nullable: true, description: 'Only this category and its subcategories.' })
  @IsOptional()
  categoryId?: string;

  @Field(() => ID, { nullable: true, description: 'Only messages about this region or below.' })
  @IsOptional()
  regionUnitId?: string;

  @Field(() => ID, { nullable: true, description: 'Only messages handled by this unit or below.' })
  @IsOptional()
  unitId?: string;

  @Field(() => ID, { nullable: true, description: 'Only messages addressed to this leader.' })
  @IsOptional()
  leaderId?: string;

  @Field(() => MessageType, { nullable: true, description: 'Only this kind.' })
  @IsOptional()
  type?: MessageType;

  @Field(() => PublicStatus, { nullable: true, description: 'Only this status.' })
  @IsOptional()
  status?: PublicStatus;

  @Field({ nullable: true, description: 'Words in the title or content.' })
  @IsOptional()
  @MaxLength(50)
  keyword?: string;
}

@ObjectType({ description: 'A board of a unit or leader (单位/领导留言板): counts and response rate, over public and non-public messages alike.' })
export class PublicBoard {
  @Field(() => Int, { description: 'Messages received (accepted) (留言数).' })
  received!: number;

  @Field(() => Int, { description: 'Of those, answered (回复数).' })
  replied!: number;

  @Field(() => Float, { nullable: true, description: 'replied / received; null when nothing was received (回复率).' })
  responseRate!: number | null;
}

@InputType({ description: "A citizen's message submitted through a third-party frontend (网民留言)." })
export class SubmitMessageInput {
  @Field({ description: "The frontend's own id for this submission: retries with the same id return the same message." })
  @Length(1, 100)
  @IsSingleLine()
  externalId!: string;

  @Field(() => Channel, { nullable: true, defaultValue: Channel.API, description: 'Channel: WEB, APP, WECHAT or API (default).' })
  @IsOptional()
  @IsIn([Channel.WEB, Channel.APP, Channel.WECHAT, Channel.API])
  channel?: Channel;

  @Field(() => MessageType, { description: 'Kind.' })
  type!: MessageType;

  @Field(() => ID, { nullable: true, description: 'Category.' })
  @IsOptional()
  categoryId?: string;

  @Field(() => ID, { nullable: true, description: 'Region concerned.' })
  @IsOptional()
  regionUnitId?: string;

  @Field(() => ID, { nullable: true, description: 'Leader addressed.' })
  @IsOptional()
  addressedLeaderId?: string;

  @Field(() => ID, { nullable: true, description: 'Unit addressed.' })
  @IsOptional()
  addressedUnitId?: string;

  @Field({ description: 'Title, 4-100 characters.' })
  @Length(4, 100)
  @IsSingleLine()
  title!: string;

  @Field({ description: 'Content, 10-5000 characters, plain text.' })
  @Length(10, 5000)
  @IsPlainText()
  content!: string;

  @Field({ description: 'Real name (kept private).' })
  @Length(1, 50)
  @IsSingleLine()
  realName!: string;

  @Field({ description: 'Phone (kept private).' })
  @Matches(/^\+?[0-9][0-9 -]{5,24}$/, { message: 'phone must be digits, spaces or dashes' })
  phone!: string;

  @Field({ nullable: true, description: 'Address (kept private).' })
  @IsOptional()
  @Length(1, 200)
  @IsSingleLine()
  address?: string;

  @Field({ defaultValue: true, description: 'Agree to publication (同意公开).' })
  isPublic!: boolean;

  @Field({ defaultValue: false, description: 'Publish without the name (匿名).' })
  isAnonymous!: boolean;

  @Field(() => [AttachmentInput], { nullable: true, description: 'Attachments, at most 10.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  attachments?: AttachmentInput[];
}

@ObjectType({ description: 'Result of `submitMessage`: give both to the citizen; the query code is needed to look the message up.' })
export class SubmitMessagePayload {
  @Field({ description: 'Serial number (留言编号).' })
  serialNo!: string;

  @Field({ description: 'Query code (查询码).' })
  queryCode!: string;

  @Field({ description: 'True when this externalId was submitted before (nothing new was created).' })
  deduplicated!: boolean;

  @Field({ description: 'When it was received.' })
  submittedAt!: Date;
}

@InputType({ description: 'Serial number and query code: how a citizen proves a message is theirs.' })
export class CitizenCredentials {
  @Field({ description: 'Serial number (留言编号).' })
  @Matches(/^WZ\d{14,20}$/, { message: 'serialNo must look like WZ20261123000123' })
  serialNo!: string;

  @Field({ description: 'Query code (查询码).' })
  @Matches(/^[A-Za-z0-9]{6,8}$/, { message: 'queryCode must be 6-8 letters or digits' })
  queryCode!: string;
}

@InputType({ description: 'Input of `rateMessage` (评价).' })
export class RateMessageInput extends CitizenCredentials {
  @Field(() => Int, { description: 'Resolution (解决程度), 1-5.' })
  @Min(1)
  @Max(5)
  resolution!: number;

  @Field(() => Int, { description: 'Attitude (办理态度), 1-5.' })
  @Min(1)
  @Max(5)
  attitude!: number;

  @Field(() => Int, { description: 'Speed (办理速度), 1-5.' })
  @Min(1)
  @Max(5)
  speed!: number;

  @Field({ nullable: true, description: 'Comment.' })
  @IsOptional()
  @Length(1, 1000)
  @IsPlainText()
  comment?: string;
}

@InputType({ description: 'Input of `requestRedo` (申请重办).' })
export class RequestRedoInput extends CitizenCredentials {
  @Field({ description: 'Why the answer did not solve the matter.' })
  @Length(2, 500)
  @IsPlainText()
  reason!: string;
}

@ObjectType({ description: 'A step of handling as shown to the citizen (办理进度).' })
export class CitizenProgressStep {
  @Field({ description: 'When.' })
  at!: Date;

  @Field({ description: 'What happened, in words (e.g. 已交办至长沙市住房和城乡建设局).' })
  step!: string;
}

@ObjectType({ description: "The citizen's own view of their message (我的留言)." })
export class CitizenMessageView {
  @Field(() => PublicMessage, { description: 'The message as published (even when it is not public, shown to its author).' })
  message!: PublicMessage;

  @Field(() => [CitizenProgressStep], { description: 'Handling progress, oldest first.' })
  progress!: CitizenProgressStep[];

  @Field({ description: 'The citizen may rate the reply now.' })
  canRate!: boolean;

  @Field({ description: 'The citizen may ask for a redo now (once, after a rating below 3).' })
  canRequestRedo!: boolean;
}
