/**
 * The public view (domain.md §12): what third-party frontends and citizens see. These are separate types with
 * an explicit allow-list of fields, so that no staff-only field or private data can leak by accident.
 */
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsIn, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsPlainText, IsSingleLine } from '../../common/text';
import { Connection } from '../../graphql/connection';
import { AttachmentInput } from '../message/message.inputs';
import { IsPhoneNumber } from '../message/phone';
import { Channel, InvalidReason, MessageState, MessageType, ReplyKind, SatisfactionBand } from '../message/message.enums';
import { UnitKind } from '../unit/unit.entity';

export enum PublicStatus {
  RECEIVED = 'RECEIVED',
  ACCEPTED = 'ACCEPTED',
  HANDLING = 'HANDLING',
  REPLIED = 'REPLIED',
  CLOSED = 'CLOSED',
  NOT_ACCEPTED = 'NOT_ACCEPTED',
  MERGED = 'MERGED',
}
registerEnumType(PublicStatus, {
  name: 'PublicStatus',
  description:
    'Where a message stands, as shown to the public and to its author (办理状态). Public lists hold ACCEPTED, HANDLING, REPLIED and CLOSED; RECEIVED, NOT_ACCEPTED and MERGED are seen by the author only (lookupMessage).',
  valuesConfig: {
    RECEIVED: { description: 'Received, not yet screened (已收到，待受理).' },
    ACCEPTED: { description: 'Accepted, being dispatched to a unit (已受理).' },
    HANDLING: { description: 'Being handled by a unit, also again after a redo (办理中).' },
    REPLIED: { description: 'Answered: the reply is published and waits for the rating (已答复).' },
    CLOSED: { description: 'Closed: rated, or closed some days after the reply (已办结).' },
    NOT_ACCEPTED: { description: 'Not accepted (不予受理); `notAcceptedReason` says why.' },
    MERGED: { description: 'Merged into another message, handled there (已合并办理); `mergedIntoSerialNo` names it.' },
  },
});

/** A message's state as the public and its author see it. */
export function publicStatus(s: MessageState): PublicStatus {
  switch (s) {
    case MessageState.RECEIVED:
      return PublicStatus.RECEIVED;
    case MessageState.ACCEPTED:
      return PublicStatus.ACCEPTED;
    case MessageState.ASSIGNED:
    case MessageState.IN_PROGRESS:
      return PublicStatus.HANDLING;
    case MessageState.REPLIED:
      return PublicStatus.REPLIED;
    case MessageState.CLOSED:
      return PublicStatus.CLOSED;
    case MessageState.INVALID:
      return PublicStatus.NOT_ACCEPTED;
    case MessageState.MERGED:
      return PublicStatus.MERGED;
  }
}

/** What a site shows a citizen for each reason a message is not accepted (the dispatcher's own note stays internal). */
export const NOT_ACCEPTED_WORDS: Record<InvalidReason, string> = {
  EMPTY: '内容不完整，无法办理',
  DUPLICATE: '与已有留言重复',
  ABUSIVE: '含有辱骂或不文明内容',
  ADVERTISING: '属于广告或推广信息',
  NOT_GOVERNMENT: '不属于政府职责范围',
  OTHER: '其他原因，可拨打 12345 热线咨询',
};

@ObjectType({ description: 'A unit as shown to the public (单位): with `parent`, `children` and `kind` a site builds a region picker level by level.' })
export class PublicUnit {
  @Field(() => ID, { description: 'Unit id.' })
  id!: number;

  @Field({ description: 'Name.' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'The unit above it (null for a top unit); with `kind`, lets a site build a region picker.' })
  parentId?: number | null;

  @Field(() => UnitKind, {
    nullable: true,
    description:
      'Kind: REGION (行政区域: province, city, county, town) or DEPARTMENT, ENTERPRISE, OTHER (单位类型). Region filters (regionUnitId) and monthly reports take regions.',
  })
  kind?: UnitKind | null;
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

  @Field({ description: "Name of the leader's unit." })
  unitName!: string;
}

@ObjectType({ description: 'A published reply (答复).' })
export class PublicReply {
  @Field(() => ReplyKind, { description: 'FINAL (答复) or PROGRESS (阶段性答复).' })
  kind!: ReplyKind;

  @Field({ description: 'Text, plain text with line breaks; private data written in it is masked like the message.' })
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

  @Field({ description: 'Title; private data written in it (phone, ID and bank card numbers, e-mail addresses, licence plates) is masked.' })
  title!: string;

  @Field({ description: 'Content; private data written in it (phone, ID and bank card numbers, e-mail addresses, licence plates) is masked.' })
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

  @Field(() => PublicStatus, { description: 'Status (办理状态).' })
  status!: PublicStatus;

  @Field(() => InvalidReason, {
    nullable: true,
    description: "When NOT_ACCEPTED: why (不予受理原因); the words to show are in the enum's description and in the progress.",
  })
  notAcceptedReason!: InvalidReason | null;

  @Field(() => String, {
    nullable: true,
    description: 'When MERGED: the serial number of the message it was merged into and is handled with (并入的留言编号).',
  })
  mergedIntoSerialNo!: string | null;

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

  @Field({
    nullable: true,
    description: 'Words in the title or content; fragments of private data (five digits in a row, an @, a phone or plate) are refused with BAD_USER_INPUT.',
  })
  @IsOptional()
  @MaxLength(50)
  keyword?: string;
}

/** The order of `publicMessages`. */
export enum PublicMessageOrder {
  NEWEST = 'NEWEST',
  RELEVANCE = 'RELEVANCE',
}
registerEnumType(PublicMessageOrder, {
  name: 'PublicMessageOrder',
  description: 'Order of public messages (排序).',
  valuesConfig: {
    NEWEST: { description: 'Newest first (the default), paged by keyset cursor (`after`) or offset.' },
    RELEVANCE: {
      description:
        'By relevance to `filter.keyword` (相关度), ties newest first; paged by `offset` only (`after` is refused). Without a keyword, or where the database has no full-text index, newest first.',
    },
  },
});

@ObjectType({
  description:
    'A board of a unit (with the units below, by handling unit) or of a leader (messages addressed to them) (单位/领导留言板). received, replied and responseRate count every accepted message, public or not, like the statistics; publicReceived is how many of them are public (what publicMessages lists with the same unitId or leaderId).',
})
export class PublicBoard {
  @Field(() => Int, { description: 'Messages accepted for handling, public or not (留言数).' })
  received!: number;

  @Field(() => Int, { description: 'Of those, answered: REPLIED or CLOSED (回复数).' })
  replied!: number;

  @Field(() => Float, { nullable: true, description: 'replied / received; null when nothing was received (回复率).' })
  responseRate!: number | null;

  @Field(() => Int, { description: 'Of `received`, the public ones: publicMessages(filter: { unitId or leaderId }).totalCount (公开留言数).' })
  publicReceived!: number;
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

  @Field({ description: 'Phone (kept private): a mobile number or a landline with its area code.' })
  @IsPhoneNumber()
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

@InputType({
  description:
    'A proof of work (工作量证明), asked for with PROOF_OF_WORK_REQUIRED after wrong query codes: the challenge received and a nonce such that SHA-256 of `<challenge>:<nonce>` starts with `difficulty` zero bits.',
})
export class ProofOfWorkInput {
  @Field({ description: 'The challenge from `extensions.challenge`, as received.' })
  @MaxLength(400)
  challenge!: string;

  @Field({ description: 'The nonce found (at most 64 characters).' })
  @MaxLength(64)
  nonce!: string;
}

@InputType({
  description: 'Serial number and query code: how a citizen proves a message is theirs. Spaces around them are ignored and letters may be in any case.',
})
export class CitizenCredentials {
  @Field({ description: 'Serial number (留言编号): WZ and 14 or more digits, e.g. WZ20261102000001.' })
  @MaxLength(40)
  serialNo!: string;

  @Field({ description: 'Query code (查询码): 8 letters and digits from A-Z and 2-9 without I and O, case-insensitive.' })
  @MaxLength(40)
  queryCode!: string;

  @Field(() => ProofOfWorkInput, { nullable: true, description: 'Only when asked for (PROOF_OF_WORK_REQUIRED): the solved challenge.' })
  @IsOptional()
  @ValidateNested()
  proofOfWork?: ProofOfWorkInput;
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
