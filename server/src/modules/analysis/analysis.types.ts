import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Length, MaxLength } from 'class-validator';
import { IsPlainText } from '../../common/text';
import { Category } from '../category/category.entity';
import { Message } from '../message/message.entity';
import { Unit } from '../unit/unit.entity';
import { ReasonKind } from './analysis.service';
import { ReplyFlagCode } from './replyChecks';

registerEnumType(ReasonKind, {
  name: 'SuggestionReasonKind',
  description: 'Why a unit is suggested (推荐理由).',
  valuesConfig: {
    NAMED_IN_TEXT: { description: 'The message names the unit, by full or short name (留言提到该单位).' },
    REGION_NAMED: { description: 'The message names the region (留言提到该地区).' },
    SIMILAR_HANDLED: { description: 'The unit led similar earlier messages (相似留言由该单位办理).' },
    CATALOGUE: { description: 'The dispatch catalogue names the unit as lead for the matter (派单目录): ranked first.' },
  },
});

@ObjectType({ description: 'A message about the same matter as another (相似留言, 一事多诉), with why they match.' })
export class SimilarMessage {
  @Field(() => Message, { description: 'The similar message.' })
  message!: Message;

  @Field(() => Float, { description: 'Cosine similarity of their key-term vectors, 0-1 (相似度).' })
  score!: number;

  @Field(() => [String], { description: 'Key words both messages share (共同关键词).' })
  sharedTerms!: string[];

  @Field(() => [String], { description: 'Places and named things both messages mention (共同地点).' })
  sharedPlaces!: string[];

  @Field({ description: 'Written by the same citizen (same phone, ID number or name on the channel): a repeat rather than another voice (同一人).' })
  sameCitizen!: boolean;

  @Field({ description: 'In the same hot-problem cluster (同一热点).' })
  sameCluster!: boolean;
}

@ObjectType({ description: 'A suggested category (智能分类) with its confidence.' })
export class CategorySuggestion {
  @Field(() => Category, { description: 'The suggested category.' })
  category!: Category;

  @Field(() => Float, { description: 'Confidence 0-1, relative to the other categories (置信度).' })
  confidence!: number;

  @Field(() => [Category], { description: 'From the top-level category down to the suggested one (分类路径).' })
  path!: Category[];
}

@ObjectType({ description: 'Why a unit is suggested (推荐理由).' })
export class SuggestionReason {
  @Field(() => ReasonKind, { description: 'Kind of reason.' })
  kind!: ReasonKind;

  @Field({ description: 'The reason in words (Chinese).' })
  text!: string;

  @Field(() => [ID], { description: 'The similar messages this reason rests on, if any.' })
  messageIds!: number[];

  @Field(() => ID, { nullable: true, description: 'The dispatch catalogue entry a CATALOGUE reason rests on.' })
  catalogueEntryId?: number | null;
}

@ObjectType({ description: 'A suggested lead unit (智能派单) with the reasons.' })
export class UnitSuggestion {
  @Field(() => Unit, { description: 'The suggested unit.' })
  unit!: Unit;

  @Field(() => Float, {
    description:
      'Score: 1000 (less its rank) for the lead unit of a dispatch catalogue entry the message matches, 3 for a unit named in the text, 1 for a region named, 4 × the similarity of each similar message it led.',
  })
  score!: number;

  @Field(() => [SuggestionReason], { description: 'Why (推荐理由).' })
  reasons!: SuggestionReason[];

  @Field(() => [Unit], { description: 'Assist units the dispatch catalogue names with it (协办单位); empty without a catalogue entry.' })
  assistUnits!: Unit[];
}

@ObjectType({ description: 'A hot problem (热点问题): messages of a period about one matter (a place or a group of people and an issue).' })
export class HotProblem {
  @Field(() => ID, { description: 'The problem: the id of the message that started its cluster.' })
  key!: number;

  @Field({ description: 'Place and issue, e.g. "A2区 丽发新城：搅拌站、噪音" (热点名称).' })
  label!: string;

  @Field(() => String, { nullable: true, description: 'The place or named thing (地点/对象).' })
  place!: string | null;

  @Field({ description: 'The issue (问题).' })
  issue!: string;

  @Field(() => [String], { description: 'Its key terms (关键词).' })
  terms!: string[];

  @Field(() => Int, { description: 'Messages in the period (留言数).' })
  messages!: number;

  @Field(() => Int, { description: 'Distinct citizens who wrote them (人数).' })
  citizens!: number;

  @Field(() => Int, { description: 'Likes on the channels that count them (点赞数).' })
  likes!: number;

  @Field(() => Int, { description: 'Messages of this problem in the previous period of the same length (上期留言数).' })
  previousMessages!: number;

  @Field(() => Float, { nullable: true, description: 'Growth against the previous period: (messages − previous) / previous; null when it is new (环比).' })
  growth!: number | null;

  @Field(() => Float, {
    description:
      'Heat index (热度): (citizens + 0.5 × further messages + log2(1 + likes)) × (1 + 0.5 × growth clamped to ±1; a new problem counts +1). See docs/analysis.md.',
  })
  heat!: number;

  @Field(() => Date, { description: 'First message of the problem in the period.' })
  firstAt!: Date;

  @Field(() => Date, { description: 'Last message of the problem in the period.' })
  lastAt!: Date;

  @Field(() => ID, { description: 'The message closest to the whole problem (代表性留言).' })
  representativeMessageId!: number;

  @Field({ description: 'Its title, private data masked (代表性标题).' })
  representativeTitle!: string;

  @Field(() => [ID], { description: 'The messages of the period, oldest first.' })
  messageIds!: number[];
}

@ObjectType({ description: 'The hot problems of a period (热点问题).' })
export class HotProblemReport {
  @Field({ description: 'First day (YYYY-MM-DD, Asia/Shanghai).' })
  from!: string;

  @Field({ description: 'Last day, inclusive.' })
  to!: string;

  @Field({ description: 'First day of the previous period of the same length (growth is against it).' })
  previousFrom!: string;

  @Field({ description: 'Last day of the previous period.' })
  previousTo!: string;

  @Field(() => Int, { description: 'Messages of the period in scope (invalid ones left out).' })
  totalMessages!: number;

  @Field(() => [HotProblem], { description: 'The problems, hottest first.' })
  problems!: HotProblem[];
}

@InputType({ description: 'Narrows hot problems to a region, a unit or a category subtree.' })
export class HotProblemFilter {
  @Field(() => ID, { nullable: true, description: 'Region (所属地区) and the regions below it.' })
  @IsOptional()
  regionUnitId?: string;

  @Field(() => ID, { nullable: true, description: 'Lead unit (主办单位) and the units below it.' })
  @IsOptional()
  unitId?: string;

  @Field(() => ID, { nullable: true, description: 'Category (领域) and the categories below it.' })
  @IsOptional()
  categoryId?: string;
}

@InputType({ description: 'Text to classify before a message exists (at intake: 登记时的智能分类).' })
export class DraftTextInput {
  @Field({ description: 'Title (标题).' })
  @Length(1, 200)
  title!: string;

  @Field({ description: 'Content (内容).' })
  @MaxLength(5000)
  @IsPlainText()
  content!: string;
}

@ObjectType({ description: 'A reply check that found something (答复质量提示); informs the reviewer, never blocks.' })
export class ReplyFlag {
  @Field(() => ReplyFlagCode, { description: 'What was found.' })
  code!: ReplyFlagCode;

  @Field({ description: 'Why, in words (Chinese).' })
  detail!: string;
}

@ObjectType({ description: 'Where the analysis index stands (分析索引状态).' })
export class AnalysisStatus {
  @Field(() => Int, { description: 'Messages on the platform.' })
  messages!: number;

  @Field(() => Int, { description: 'Messages in the index.' })
  indexed!: number;

  @Field(() => Int, { description: 'Messages and replies waiting on this instance to be indexed.' })
  pending!: number;

  @Field(() => Int, {
    description: 'Indexing batches that failed on this instance since it started (picked up again by the next catch-up or `npm run analysis:rebuild`).',
  })
  failures!: number;
}
