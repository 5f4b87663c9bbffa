/**
 * Figures of the knowledge base (docs/knowledge.md, Figures), kept apart from the statistics facts: over the final
 * replies published in a period, the share of direct answers (直办) and of units' replies that quote an article;
 * 直办率 by the statistics' own definition (direct answers published / (direct answers published + messages
 * assigned), both in the period); per article its uses in the period and the ratings of the replies quoting it.
 */
import { Field, Int, ObjectType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { shanghaiPeriod } from '../statistics/statistics.service';
import { Rate } from '../statistics/statistics.types';
import { KnowledgeArticle } from './knowledge.entities';
import { KnowledgeRating } from './knowledge.inputs';
import type { ArticleRating, KnowledgeService } from './knowledge.service';

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  value: denominator ? Math.round((numerator / denominator) * 10000) / 10000 : null,
});

@ObjectType({ description: "One article's use (知识条目使用情况)." })
export class KnowledgeArticleUse {
  @Field(() => KnowledgeArticle, { description: 'The article.' })
  article!: KnowledgeArticle;

  @Field(() => Int, { description: 'Published final replies in the period quoting it (本期引用).' })
  usesInPeriod!: number;

  @Field(() => KnowledgeRating, { description: 'All its uses and their ratings, whenever published (累计).' })
  rating!: ArticleRating;
}

@ObjectType({ description: 'How the knowledge base is used (知识库使用统计) in a period.' })
export class KnowledgeStatistics {
  @Field({ description: 'First day, YYYY-MM-DD.' })
  from!: string;

  @Field({ description: 'Last day, YYYY-MM-DD.' })
  to!: string;

  @Field(() => Rate, { description: 'Direct answers (直办) published in the period that quote an article / direct answers published (直办引用率).' })
  directAnswersQuoting!: Rate;

  @Field(() => Rate, { description: "Units' final replies published in the period that quote an article / units' final replies published (答复引用率)." })
  unitRepliesQuoting!: Rate;

  @Field(() => Rate, { description: 'All final replies published in the period quoting an article / all published (引用率).' })
  repliesQuoting!: Rate;

  @Field(() => Rate, {
    description: '直办率 as the statistics define it: direct answers published / (direct answers published + messages assigned), in the period.',
  })
  directAnswerRate!: Rate;

  @Field(() => [KnowledgeArticleUse], { description: 'Articles quoted in the period, most used first (at most 50).' })
  articles!: KnowledgeArticleUse[];

  @Field(() => [KnowledgeArticleUse], {
    description: 'Articles whose quoting replies are poorly rated (评价偏低), whenever: at least 3 rated, fewer than half satisfied.',
  })
  poorlyRated!: KnowledgeArticleUse[];
}

export interface KnowledgeFigures {
  from: string;
  to: string;
  directAnswersQuoting: Rate;
  unitRepliesQuoting: Rate;
  repliesQuoting: Rate;
  directAnswerRate: Rate;
  articles: Array<{ articleId: number; usesInPeriod: number; rating: ArticleRating }>;
  poorlyRated: Array<{ articleId: number; usesInPeriod: number; rating: ArticleRating }>;
}

export async function knowledgeFigures(ds: DataSource, knowledge: KnowledgeService, from: string, to: string): Promise<KnowledgeFigures> {
  const { start, end } = shanghaiPeriod(from, to);
  const period = { start, end };
  const quoting = 'EXISTS (SELECT 1 FROM reply_article ra WHERE ra.replyId = r.id)';
  const row = await ds
    .createQueryBuilder()
    .from('reply', 'r')
    .select('SUM(CASE WHEN r.unitId IS NULL THEN 1 ELSE 0 END)', 'direct')
    .addSelect(`SUM(CASE WHEN r.unitId IS NULL AND ${quoting} THEN 1 ELSE 0 END)`, 'directQuoting')
    .addSelect('SUM(CASE WHEN r.unitId IS NOT NULL THEN 1 ELSE 0 END)', 'unit')
    .addSelect(`SUM(CASE WHEN r.unitId IS NOT NULL AND ${quoting} THEN 1 ELSE 0 END)`, 'unitQuoting')
    .where(`r.kind = 'FINAL' AND r.state = 'PUBLISHED' AND r.publishedAt >= :start AND r.publishedAt < :end`, period)
    .getRawOne();
  const assigned = await ds
    .createQueryBuilder()
    .from('message', 'm')
    .select('COUNT(*)', 'n')
    .where('m.assignedAt >= :start AND m.assignedAt < :end', period)
    .getRawOne();
  const n = (v: unknown) => Number(v ?? 0);
  const direct = n(row?.direct);
  const unit = n(row?.unit);
  const uses: Array<{ articleId: number; n: string }> = await ds
    .createQueryBuilder()
    .from('reply_article', 'ra')
    .innerJoin('reply', 'r', `r.id = ra.replyId AND r.kind = 'FINAL' AND r.state = 'PUBLISHED'`)
    .select('ra.articleId', 'articleId')
    .addSelect('COUNT(DISTINCT r.id)', 'n')
    .where('r.publishedAt >= :start AND r.publishedAt < :end', period)
    .groupBy('ra.articleId')
    .getRawMany();
  const ratings = await knowledge.ratings();
  const inPeriod = new Map(uses.map((u) => [Number(u.articleId), n(u.n)]));
  const entry = (articleId: number) => ({ articleId, usesInPeriod: inPeriod.get(articleId) ?? 0, rating: ratings.get(articleId)! });
  return {
    from,
    to,
    directAnswersQuoting: rate(n(row?.directQuoting), direct),
    unitRepliesQuoting: rate(n(row?.unitQuoting), unit),
    repliesQuoting: rate(n(row?.directQuoting) + n(row?.unitQuoting), direct + unit),
    directAnswerRate: rate(direct, direct + n(assigned?.n)),
    articles: [...inPeriod.keys()]
      .map(entry)
      .sort((a, b) => b.usesInPeriod - a.usesInPeriod || a.articleId - b.articleId)
      .slice(0, 50),
    poorlyRated: [...ratings]
      .filter(([, r]) => r.poor)
      .map(([id]) => entry(id))
      .sort((a, b) => a.rating.satisfied / a.rating.rated - b.rating.satisfied / b.rating.rated || a.articleId - b.articleId),
  };
}
