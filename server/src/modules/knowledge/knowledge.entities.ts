/**
 * Tables of the knowledge base (知识库, migration Knowledge1763900000070): articles, every version of their text,
 * their ledger, the search index of the versions in force, and which replies quoted which article.
 */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, EnumColumn, JsonColumn, UpdatedAtColumn } from '../../db/columns';
import { KnowledgeState, KnowledgeVersionState, KnowledgeVisibility } from './knowledge.enums';
import { KeptEntry } from '../../db/stamps';

@ObjectType({ description: 'A policy source an article rests on (依据): document, number, date.' })
export class KnowledgeSource {
  @Field({ description: 'The document (文件名称), e.g. 《长沙市住房公积金贷款管理办法》.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Its number (文号), e.g. 长公积金发〔2024〕3号.' })
  number!: string | null;

  @Field(() => String, { nullable: true, description: 'Its date, YYYY-MM-DD (发文日期).' })
  date!: string | null;

  @Field(() => String, { nullable: true, description: 'Where to read it (链接), http(s).' })
  url!: string | null;
}

/**
 * 知识条目: one matter citizens ask about and the platform's answer, owned by a unit. The text lives in versions;
 * the row says which version is being worked on (`versionNo`, in `state`) and which one is in force
 * (`publishedVersionNo`, the last approved).
 */
@ObjectType({
  description: 'A knowledge article (知识条目): a question citizens ask and the answer, owned by a unit, reviewed by the platform, every version kept.',
})
@Entity('knowledge_article')
@Index('ix_knowledge_article_unit', ['unitId', 'state'])
@Index('ix_knowledge_article_state', ['state', 'updatedAt'])
export class KnowledgeArticle extends KeptEntry {
  @Field(() => ID, { description: 'Article id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: 'The owning unit (维护单位): its handlers and reviewers draft and update it.' })
  @Column({ type: 'integer' })
  unitId!: number;

  @Field(() => KnowledgeState, { description: 'Where the working version stands (状态).' })
  @EnumColumn(16)
  state!: KnowledgeState;

  @Field(() => Int, { description: 'Number of the working version (当前版本号), from 1.' })
  @Column({ type: 'integer' })
  versionNo!: number;

  @Field(() => Int, { nullable: true, description: 'Number of the version in force (现行版本号): the last approved; null before the first approval.' })
  @Column({ type: 'integer', nullable: true })
  publishedVersionNo!: number | null;

  /** Length of the version in force as indexed (weighted terms), for ranking; null when it is not in the index. */
  @Column({ type: 'integer', nullable: true })
  indexLength!: number | null;

  @Field(() => ID, { description: 'Who created it.' })
  @Column({ type: 'integer' })
  createdById!: number;
}

/** One version of an article's text. A version once submitted never changes: an edit after review starts the next one. */
@ObjectType({ description: 'One version of a knowledge article (版本): the text as it was written, reviewed and (maybe) put in force.' })
@Entity('knowledge_article_version')
@Index('uq_knowledge_version', ['articleId', 'versionNo'], { unique: true })
export class KnowledgeArticleVersion {
  @Field(() => ID, { description: 'Version id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: 'The article.' })
  @Column({ type: 'integer' })
  articleId!: number;

  @Field(() => Int, { description: 'Version number (版本号), from 1.' })
  @Column({ type: 'integer' })
  versionNo!: number;

  @Field(() => KnowledgeVersionState, { description: 'What happened to this version (版本状态).' })
  @EnumColumn(16)
  state!: KnowledgeVersionState;

  @Field({ description: 'Title: the matter in a line (标题).' })
  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Field(() => [String], { description: 'The ways citizens ask it (常见问法).' })
  @JsonColumn()
  questions!: string[];

  @Field({ description: 'The answer, plain text with line breaks; web addresses in it are shown as links (答复口径).' })
  @Column({ type: 'text' })
  answer!: string;

  @Field(() => ID, { nullable: true, description: 'Category (领域).' })
  @Column({ type: 'integer', nullable: true })
  categoryId!: number | null;

  @Field(() => ID, { nullable: true, description: 'The region it applies to (适用地区); null: everywhere.' })
  @Column({ type: 'integer', nullable: true })
  regionUnitId!: number | null;

  @Field(() => KnowledgeVisibility, { description: 'Who may read it (公开范围).' })
  @EnumColumn(8)
  visibility!: KnowledgeVisibility;

  @Field(() => [KnowledgeSource], { description: 'Policy sources (政策依据).' })
  @JsonColumn()
  sources!: KnowledgeSource[];

  @Field(() => String, { nullable: true, description: 'First valid day, YYYY-MM-DD Asia/Shanghai (生效日期); null: from approval.' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  validFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'Last valid day, YYYY-MM-DD (失效日期); null: no end.' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  validUntil!: string | null;

  @Field({ description: 'Review by this day, YYYY-MM-DD (复核日期): after it the article is hidden from citizens until a reviewed version is approved.' })
  @Column({ type: 'varchar', length: 10 })
  reviewBy!: string;

  @Field(() => ID, { description: 'Who wrote this version.' })
  @Column({ type: 'integer' })
  authorId!: number;

  /** Everyone who wrote this version: none of them may approve it. */
  @JsonColumn()
  writerIds!: number[];

  @Field(() => Date, { nullable: true, description: 'When it was submitted for review.' })
  @DateTimeColumn({ nullable: true })
  submittedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The platform reviewer who decided (审核人).' })
  @Column({ type: 'integer', nullable: true })
  reviewerId!: number | null;

  @Field(() => Date, { nullable: true, description: 'When it was reviewed (审核时间).' })
  @DateTimeColumn({ nullable: true })
  reviewedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The reviewer's comment (审核意见)." })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  reviewComment!: string | null;

  @Field({ description: 'When this version was started.' })
  @CreatedAtColumn()
  createdAt!: Date;

  @Field({ description: 'When this version last changed.' })
  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** 知识库台账: one append-only row per change of an article, written in the transaction of the change. */
@ObjectType({ description: 'A ledger entry of a knowledge article (知识条目台账): who did what, to which version, and what changed.' })
@Entity('knowledge_event')
@Index('ix_knowledge_event_article', ['articleId', 'id'])
export class KnowledgeEvent {
  @Field(() => ID, { description: 'Entry id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: 'The article.' })
  @Column({ type: 'integer' })
  articleId!: number;

  @Field(() => Int, { description: 'The version concerned.' })
  @Column({ type: 'integer' })
  versionNo!: number;

  @Field({ description: 'What happened: CREATED, EDITED, SUBMITTED, APPROVED, REJECTED, WITHDRAWN, RESTORED (动作).' })
  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Field(() => String, { nullable: true, description: 'State before.' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  fromState!: string | null;

  @Field(() => String, { nullable: true, description: 'State after.' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  toState!: string | null;

  @Field(() => ID, { description: 'Who acted.' })
  @Column({ type: 'integer' })
  actorUserId!: number;

  @Field(() => ID, { description: 'Their unit.' })
  @Column({ type: 'integer' })
  actorUnitId!: number;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'What changed: `changes` maps each field to { from, to }; a comment or reason.' })
  @JsonColumn({ nullable: true })
  payload!: Record<string, unknown> | null;

  @Field({ description: 'When.' })
  @DateTimeColumn()
  createdAt!: Date;
}

/** The search index of the versions in force: an article under each of its terms (weighted by the field it is in). */
@Entity('knowledge_posting')
@Index('ix_knowledge_posting_article', ['articleId'])
export class KnowledgePosting {
  @PrimaryColumn({ type: 'varchar', length: 48 })
  term!: string;

  @PrimaryColumn({ type: 'int' })
  articleId!: number;

  /** The term's weighted frequency in the article × 100 (title 3×, questions 2×, answer and sources 1×). */
  @Column({ type: 'int' })
  weight!: number;
}

/** A reply quoted an article (引用知识): which version, on which message. Written with the reply's draft or edit. */
@Entity('reply_article')
@Index('uq_reply_article', ['replyId', 'articleId'], { unique: true })
@Index('ix_reply_article_article', ['articleId', 'replyId'])
export class ReplyArticle {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  replyId!: number;

  @Column({ type: 'integer' })
  articleId!: number;

  @Column({ type: 'integer' })
  versionNo!: number;

  @Column({ type: 'integer' })
  messageId!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}

export const KNOWLEDGE_ENTITIES = [KnowledgeArticle, KnowledgeArticleVersion, KnowledgeEvent, KnowledgePosting, ReplyArticle];

/** Fields of a version the ledger compares on an edit. */
export const VERSION_FIELDS = [
  'title',
  'questions',
  'answer',
  'categoryId',
  'regionUnitId',
  'visibility',
  'sources',
  'validFrom',
  'validUntil',
  'reviewBy',
] as const;
export type VersionField = (typeof VERSION_FIELDS)[number];
export type VersionContent = Pick<KnowledgeArticleVersion, VersionField>;
