import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, Min, ValidateNested } from 'class-validator';
import { IsPlainText, IsSingleLine } from '../../common/text';
import { Connection } from '../../graphql/connection';
import { KnowledgeArticle } from './knowledge.entities';
import { KnowledgeState, KnowledgeStatus, KnowledgeVisibility } from './knowledge.enums';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

@InputType({ description: 'A policy source of an article (政策依据).' })
export class KnowledgeSourceInput {
  @Field({ description: 'The document, 2-200 characters (文件名称).' })
  @Length(2, 200)
  @IsSingleLine()
  title!: string;

  @Field({ nullable: true, description: 'Its number, up to 100 characters (文号).' })
  @IsOptional()
  @Length(1, 100)
  @IsSingleLine()
  number?: string;

  @Field({ nullable: true, description: 'Its date, YYYY-MM-DD (发文日期).' })
  @IsOptional()
  @Matches(DAY)
  date?: string;

  @Field({ nullable: true, description: 'Where to read it: an http(s) address (链接).' })
  @IsOptional()
  @Length(8, 500)
  @Matches(/^https?:\/\/\S+$/)
  url?: string;
}

/** The text and the facts of a version; every field of `updateKnowledgeArticle` is optional and keeps its value. */
@InputType({ description: 'What a version of an article says (知识条目内容).' })
export class KnowledgeContentInput {
  @Field({ nullable: true, description: 'Title, 2-100 characters (标题). Required when creating.' })
  @IsOptional()
  @Length(2, 100)
  @IsSingleLine()
  title?: string;

  @Field(() => [String], { nullable: true, description: 'How citizens ask it: 1-20 lines of 2-200 characters (常见问法). Required when creating.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Length(2, 200, { each: true })
  @IsSingleLine({ each: true })
  questions?: string[];

  @Field({ nullable: true, description: 'The answer, 10-10000 characters of plain text; web addresses become links (答复口径). Required when creating.' })
  @IsOptional()
  @Length(10, 10000)
  @IsPlainText()
  answer?: string;

  @Field(() => ID, { nullable: true, description: 'Category (领域); "" clears it.' })
  @IsOptional()
  categoryId?: string;

  @Field(() => ID, { nullable: true, description: 'The region it applies to (适用地区, a region unit); "" clears it (everywhere).' })
  @IsOptional()
  regionUnitId?: string;

  @Field(() => KnowledgeVisibility, { nullable: true, description: 'Who may read it (公开范围); STAFF when creating without it.' })
  @IsOptional()
  visibility?: KnowledgeVisibility;

  @Field(() => [KnowledgeSourceInput], { nullable: true, description: 'Policy sources, at most 10 (政策依据).' })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  sources?: KnowledgeSourceInput[];

  @Field({ nullable: true, description: 'First valid day, YYYY-MM-DD (生效日期); "" clears it (from approval).' })
  @IsOptional()
  @Matches(/^(\d{4}-\d{2}-\d{2})?$/)
  validFrom?: string;

  @Field({ nullable: true, description: 'Last valid day, YYYY-MM-DD (失效日期); "" clears it (no end).' })
  @IsOptional()
  @Matches(/^(\d{4}-\d{2}-\d{2})?$/)
  validUntil?: string;

  @Field({ nullable: true, description: 'Review by this day, YYYY-MM-DD (复核日期); a year after today when creating without it.' })
  @IsOptional()
  @Matches(DAY)
  reviewBy?: string;
}

@InputType({ description: 'Input of `createKnowledgeArticle` (新增知识条目): the first version, a draft of the owning unit.' })
export class CreateKnowledgeArticleInput extends KnowledgeContentInput {
  @Field(() => ID, { nullable: true, description: "The owning unit (维护单位); the viewer's unit when omitted. Unit roles: their unit or one below it." })
  @IsOptional()
  unitId?: string;
}

@InputType({
  description:
    'Input of `updateKnowledgeArticle` (修改知识条目); omitted fields keep their value. After review (approved or sent back) it starts the next version.',
})
export class UpdateKnowledgeArticleInput extends KnowledgeContentInput {
  @Field(() => ID, { description: 'The article.' })
  id!: string;

  @Field(() => Int, { nullable: true, description: "The article's `version` the client saw (CONFLICT when it changed since)." })
  @IsOptional()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Input of the knowledge article actions (提交, 审核, 停用, 重新启用).' })
export class KnowledgeActionInput {
  @Field(() => ID, { description: 'The article.' })
  id!: string;

  @Field(() => Int, { nullable: true, description: "The article's `version` the client saw." })
  @IsOptional()
  @Min(1)
  expectedVersion?: number;

  @Field({ nullable: true, description: 'Comment or reason, 2-1000 characters: required to send back and to withdraw (意见/理由).' })
  @IsOptional()
  @Length(2, 1000)
  @IsPlainText()
  comment?: string;
}

@InputType({ description: 'Input of `reviewKnowledgeArticle` (审核): approve, or send back with a comment.' })
export class ReviewKnowledgeArticleInput extends KnowledgeActionInput {
  @Field({ description: 'True approves (the version comes into force); false sends it back.' })
  approve!: boolean;
}

@InputType({ description: 'Which articles `knowledgeArticles` lists.' })
export class KnowledgeArticleFilter {
  @Field({ nullable: true, description: 'Words of the title, questions or answer (of the working version).' })
  @IsOptional()
  @Length(1, 100)
  search?: string;

  @Field(() => [KnowledgeState], { nullable: true, description: 'Working-version states, e.g. IN_REVIEW for the review queue (待审核).' })
  @IsOptional()
  states?: KnowledgeState[];

  @Field(() => [KnowledgeStatus], { nullable: true, description: 'Statuses of the version in force (LIVE, EXPIRED, REVIEW_OVERDUE …).' })
  @IsOptional()
  statuses?: KnowledgeStatus[];

  @Field(() => ID, { nullable: true, description: 'Owning unit (and the units below it).' })
  @IsOptional()
  unitId?: string;

  @Field(() => ID, { nullable: true, description: 'Category subtree.' })
  @IsOptional()
  categoryId?: string;

  @Field({
    nullable: true,
    description:
      "Only articles of the viewer's units that need looking at (需处理): expired, past or near their review date or end, sent back, or poorly rated.",
  })
  @IsOptional()
  attention?: boolean;

  @Field({ nullable: true, description: "Only articles the viewer may edit (本单位维护): their unit's subtree; the platform: all." })
  @IsOptional()
  mine?: boolean;
}

@InputType({ description: 'A message not yet entered, for suggestions: its title and text.' })
export class KnowledgeDraftInput {
  @Field({ description: 'Title.' })
  @Length(1, 200)
  title!: string;

  @Field({ description: 'Text.' })
  @Length(0, 5000)
  @IsPlainText()
  content!: string;
}

@ObjectType({ description: 'An article found (检索结果), with why.' })
export class KnowledgeHit {
  @Field(() => KnowledgeArticle, { description: 'The article.' })
  article!: KnowledgeArticle;

  @Field(() => Float, { description: 'Relevance (BM25; only comparable within one answer).' })
  score!: number;

  @Field(() => [String], { description: 'The words it shares with the query, most telling first (匹配词).' })
  matchedTerms!: string[];
}

@ObjectType({ description: 'How replies quoting an article were rated (引用后的评价).' })
export class KnowledgeRating {
  @Field(() => Int, { description: 'Published replies quoting it (引用次数).' })
  uses!: number;

  @Field(() => Int, { description: 'Of their messages, rated after the reply (有评价).' })
  rated!: number;

  @Field(() => Int, { description: 'Rated satisfied (overall above the satisfaction threshold of the settings) (满意).' })
  satisfied!: number;

  @Field(() => Float, { nullable: true, description: 'Mean overall score of those ratings (平均分).' })
  averageOverall!: number | null;

  @Field({ description: 'Poorly rated: at least 3 rated and fewer than half satisfied (评价偏低).' })
  poor!: boolean;
}

@ObjectType({ description: 'An article a reply quoted (引用的知识条目), as the version quoted.' })
export class QuotedArticle {
  @Field(() => ID, { description: 'The article.' })
  articleId!: number;

  @Field(() => Int, { description: 'The version quoted.' })
  versionNo!: number;

  @Field({ description: 'Its title in that version.' })
  title!: string;
}

@ObjectType({ description: 'Payload of the knowledge article mutations.' })
export class KnowledgeArticlePayload {
  @Field(() => KnowledgeArticle, { description: 'The article as changed.' })
  article!: KnowledgeArticle;
}

export const KnowledgeArticleConnection = Connection(KnowledgeArticle, 'KnowledgeArticle', 'A page of knowledge articles (知识条目).');

/** Most hits a search or suggestion returns. */
export const MAX_HITS = 20;
