/** The knowledge base through the staff API (thin: the rules are in knowledge.service.ts). */
import { In } from 'typeorm';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { isUnitScoped } from '../../auth/viewer';
import { BlockedAction } from '../../common/blockedAction';
import { parseId } from '../../common/text';
import { PageArgs, toPage } from '../../graphql/connection';
import { RequestContext, requireStaff } from '../../graphql/context';
import { badInput, forbidden, ErrorReason } from '../../graphql/errors';
import { Category } from '../category/category.entity';
import { Reply } from '../reply/reply.entity';
import { PeriodInput } from '../statistics/statistics.types';
import { Unit } from '../unit/unit.entity';
import { KnowledgeArticle, KnowledgeArticleVersion, KnowledgeEvent, KnowledgeSource } from './knowledge.entities';
import { KnowledgeStatus, KnowledgeVersionState, KnowledgeVisibility, KnowledgeWarning } from './knowledge.enums';
import {
  CreateKnowledgeArticleInput,
  KnowledgeActionInput,
  KnowledgeArticleConnection,
  KnowledgeArticleFilter,
  KnowledgeArticlePayload,
  KnowledgeDraftInput,
  KnowledgeHit,
  KnowledgeRating,
  MAX_HITS,
  QuotedArticle,
  ReviewKnowledgeArticleInput,
  UpdateKnowledgeArticleInput,
} from './knowledge.inputs';
import type { ArticleRating, ArticleView } from './knowledge.service';
import { KnowledgeStatistics, knowledgeFigures } from './knowledge.statistics';
import { KnowledgeAction } from './knowledge.transitions';

/** The view a node was read with (which versions its viewer reads), kept beside the entity object GraphQL resolves. */
const VIEWS = new WeakMap<KnowledgeArticle, ArticleView>();
export const asNode = (v: ArticleView): KnowledgeArticle => {
  VIEWS.set(v.article, v);
  return v.article;
};
const viewOf = (a: KnowledgeArticle): ArticleView => {
  const v = VIEWS.get(a);
  if (!v) throw new Error('knowledge article resolved without its view');
  return v;
};

/** One ratings query per request, for every article the request shows. */
const RATINGS = new WeakMap<RequestContext, Promise<Map<number, ArticleRating>>>();
const ratingsOf = (ctx: RequestContext) => {
  let p = RATINGS.get(ctx);
  if (!p) RATINGS.set(ctx, (p = ctx.services.knowledge.ratings()));
  return p;
};
const NO_RATING: ArticleRating = { uses: 0, rated: 0, satisfied: 0, averageOverall: null, poor: false };

const firstOf = (first: number) => {
  if (first < 1 || first > MAX_HITS)
    throw badInput('first', `first 须在 1-${MAX_HITS} 之间 (1-${MAX_HITS})`, { reason: ErrorReason.TOO_LARGE, params: { field: 'first', max: MAX_HITS } });
  return first;
};

@Resolver(() => KnowledgeArticle)
export class KnowledgeResolver {
  @Authorized(Permission.KNOWLEDGE_READ)
  @Query(() => KnowledgeArticleConnection, {
    description:
      "Knowledge articles (知识库) the viewer may read, newest change first; `filter.states: [IN_REVIEW]` is the review queue (待审核, oldest first), `filter.attention` what the viewer's units should look at.",
  })
  async knowledgeArticles(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('filter', () => KnowledgeArticleFilter, { nullable: true, description: 'Filter.' }) filter: KnowledgeArticleFilter | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const page = await ctx.services.knowledge.list(requireStaff(ctx), filter ?? {}, toPage(paging, ctx.config.limits));
    return { ...page, nodes: page.nodes.map(asNode), edges: page.edges.map((e) => ({ cursor: e.cursor, node: asNode(e.node) })) };
  }

  @Authorized(Permission.KNOWLEDGE_READ)
  @Query(() => KnowledgeArticle, {
    description: "One knowledge article; NOT_FOUND when missing or outside the viewer's reach (another unit's article with no version in force).",
  })
  async knowledgeArticle(@Arg('id', () => ID, { description: 'Article id.' }) id: string, @Ctx() ctx: RequestContext) {
    return asNode(await ctx.services.knowledge.get(requireStaff(ctx), parseId('id', id)));
  }

  @Authorized(Permission.KNOWLEDGE_READ)
  @Query(() => Int, {
    description: "Articles of the viewer's units that need looking at (需处理: expired, past or near their review date or end, sent back, poorly rated).",
  })
  knowledgeAttention(@Ctx() ctx: RequestContext) {
    return ctx.services.knowledge.attentionCount(requireStaff(ctx));
  }

  @Authorized(Permission.KNOWLEDGE_READ)
  @Query(() => [KnowledgeHit], { description: 'Full-text search of the articles in force (知识检索), Chinese words as the analysis cuts them, best first.' })
  async searchKnowledge(
    @Arg('query', { description: 'Words to look for (1-100 characters).' }) query: string,
    @Arg('first', () => Int, { defaultValue: 10, description: `How many (1-${MAX_HITS}).` }) first: number,
    @Arg('categoryId', () => ID, { nullable: true, description: 'Only this category subtree.' }) categoryId: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const viewer = requireStaff(ctx);
    if (!query.trim() || query.length > 100)
      throw badInput('query', '请输入 1-100 个字 (1-100 characters)', { reason: ErrorReason.LENGTH, params: { field: 'query', min: 1, max: 100 } });
    const hits = await ctx.services.knowledge.search(query, 'staff', firstOf(first), categoryId ? parseId('categoryId', categoryId) : null);
    return (await ctx.services.knowledge.hitsAsViews(viewer, hits)).map((h) => ({ article: asNode(h.view), score: h.score, matchedTerms: h.matchedTerms }));
  }

  @Authorized(Permission.KNOWLEDGE_READ)
  @Query(() => [KnowledgeHit], {
    description:
      'Articles in force that answer a message (知识推荐), from its title and text, for its region; for screening and drafting. Give the message, or the draft text (exactly one).',
  })
  async knowledgeSuggestions(
    @Arg('messageId', () => ID, { nullable: true, description: 'A message the viewer may read.' }) messageId: string | undefined,
    @Arg('draft', () => KnowledgeDraftInput, { nullable: true, description: 'Title and text of a message not yet entered.' })
    draft: KnowledgeDraftInput | undefined,
    @Arg('first', () => Int, { defaultValue: 5, description: `How many (1-${MAX_HITS}).` }) first: number,
    @Ctx() ctx: RequestContext,
  ) {
    const viewer = requireStaff(ctx);
    if (!!messageId === !!draft) throw badInput('messageId', '请给出留言或草稿之一 (give messageId or draft, exactly one)');
    const text = messageId ? await ctx.services.messages.getVisible(viewer, parseId('messageId', messageId)) : { ...draft!, regionUnitId: null };
    const hits = await ctx.services.knowledge.suggest(text, firstOf(first));
    return (await ctx.services.knowledge.hitsAsViews(viewer, hits)).map((h) => ({ article: asNode(h.view), score: h.score, matchedTerms: h.matchedTerms }));
  }

  @Authorized(Permission.STATS_READ)
  @Query(() => KnowledgeStatistics, {
    description:
      'How the knowledge base is used (知识库使用统计): direct answers and replies quoting an article, 直办率, uses and ratings per article. Platform roles and supervisors.',
  })
  async knowledgeStatistics(
    @Arg('period', () => PeriodInput, { description: 'Whole days in Asia/Shanghai, `to` inclusive.' }) period: PeriodInput,
    @Ctx() ctx: RequestContext,
  ) {
    const viewer = requireStaff(ctx);
    if (isUnitScoped(viewer))
      throw forbidden("知识库使用统计面向平台 (the platform's figures)", {
        reason: ErrorReason.ROLE_MAY_NOT,
        params: { role: viewer.role, action: 'knowledgeStatistics' },
      });
    const f = await knowledgeFigures(ctx.ds, ctx.services.knowledge, period.from, period.to);
    const ids = [...new Set([...f.articles, ...f.poorlyRated].map((a) => a.articleId))];
    const rows = ids.length ? await ctx.ds.getRepository(KnowledgeArticle).findBy({ id: In(ids) }) : [];
    const views = new Map((await ctx.services.knowledge.views(viewer, rows)).map((v) => [v.article.id, v]));
    const use = (a: { articleId: number; usesInPeriod: number; rating: ArticleRating }) => ({
      article: asNode(views.get(a.articleId)!),
      usesInPeriod: a.usesInPeriod,
      rating: a.rating ?? NO_RATING,
    });
    return {
      ...f,
      articles: f.articles.filter((a) => views.has(a.articleId)).map(use),
      poorlyRated: f.poorlyRated.filter((a) => views.has(a.articleId)).map(use),
    };
  }

  // ── changes ────────────────────────────────────────────────────────────────────────────────────

  @Authorized(Permission.KNOWLEDGE_WRITE)
  @Mutation(() => KnowledgeArticlePayload, {
    description: 'New knowledge article (新增知识条目): a draft of the owning unit, to be submitted and approved by a platform reviewer.',
  })
  async createKnowledgeArticle(
    @Arg('input', () => CreateKnowledgeArticleInput, { description: 'The first version.' }) input: CreateKnowledgeArticleInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { article: asNode(await ctx.services.knowledge.create(requireStaff(ctx), input)) };
  }

  @Authorized(Permission.KNOWLEDGE_WRITE)
  @Mutation(() => KnowledgeArticlePayload, {
    description: 'Change an article (修改): a draft in place; after review the next version, the approved one staying in force until it is approved.',
  })
  async updateKnowledgeArticle(
    @Arg('input', () => UpdateKnowledgeArticleInput, { description: 'The changes.' }) input: UpdateKnowledgeArticleInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { article: asNode(await ctx.services.knowledge.update(requireStaff(ctx), input)) };
  }

  @Authorized(Permission.KNOWLEDGE_WRITE)
  @Mutation(() => KnowledgeArticlePayload, { description: 'Submit the working version for review (提交审核).' })
  async submitKnowledgeArticle(
    @Arg('input', () => KnowledgeActionInput, { description: 'The article.' }) input: KnowledgeActionInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { article: asNode(await ctx.services.knowledge.submit(requireStaff(ctx), parseId('id', input.id), input.expectedVersion)) };
  }

  @Authorized(Permission.KNOWLEDGE_WRITE)
  @Mutation(() => KnowledgeArticlePayload, {
    description: 'Approve the version in review, or send it back with a comment (审核); platform reviewers who did not write it.',
  })
  async reviewKnowledgeArticle(
    @Arg('input', () => ReviewKnowledgeArticleInput, { description: 'The decision.' }) input: ReviewKnowledgeArticleInput,
    @Ctx() ctx: RequestContext,
  ) {
    return {
      article: asNode(await ctx.services.knowledge.review(requireStaff(ctx), parseId('id', input.id), input.approve, input.comment, input.expectedVersion)),
    };
  }

  @Authorized(Permission.KNOWLEDGE_WRITE)
  @Mutation(() => KnowledgeArticlePayload, { description: 'Withdraw an article, with a reason (停用); versions and ledger stay.' })
  async withdrawKnowledgeArticle(
    @Arg('input', () => KnowledgeActionInput, { description: 'The article and the reason.' }) input: KnowledgeActionInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { article: asNode(await ctx.services.knowledge.withdraw(requireStaff(ctx), parseId('id', input.id), input.comment, input.expectedVersion)) };
  }

  @Authorized(Permission.KNOWLEDGE_WRITE)
  @Mutation(() => KnowledgeArticlePayload, { description: 'Take a withdrawn article up again as a new draft (重新启用).' })
  async restoreKnowledgeArticle(
    @Arg('input', () => KnowledgeActionInput, { description: 'The article.' }) input: KnowledgeActionInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { article: asNode(await ctx.services.knowledge.restore(requireStaff(ctx), parseId('id', input.id), input.expectedVersion)) };
  }

  // ── fields: what the viewer reads of the article ───────────────────────────────────────────────

  @FieldResolver(() => String, { description: 'Title (标题), of the working version for its unit and the platform, of the version in force for others.' })
  title(@Root() a: KnowledgeArticle) {
    return viewOf(a).shown.title;
  }

  @FieldResolver(() => [String], { description: 'How citizens ask it (常见问法).' })
  questions(@Root() a: KnowledgeArticle) {
    return viewOf(a).shown.questions;
  }

  @FieldResolver(() => String, { description: 'The answer (答复口径), plain text; web addresses are links.' })
  answer(@Root() a: KnowledgeArticle) {
    return viewOf(a).shown.answer;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'Category (领域).' })
  categoryId(@Root() a: KnowledgeArticle) {
    return viewOf(a).shown.categoryId;
  }

  @FieldResolver(() => Category, { nullable: true, description: 'Category (领域).' })
  category(@Root() a: KnowledgeArticle, @Ctx() ctx: RequestContext) {
    const id = viewOf(a).shown.categoryId;
    return id ? ctx.loaders.category.load(id) : null;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The region it applies to (适用地区); null: everywhere.' })
  regionUnitId(@Root() a: KnowledgeArticle) {
    return viewOf(a).shown.regionUnitId;
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'The region it applies to.' })
  region(@Root() a: KnowledgeArticle, @Ctx() ctx: RequestContext) {
    const id = viewOf(a).shown.regionUnitId;
    return id ? ctx.loaders.unit.load(id) : null;
  }

  @FieldResolver(() => KnowledgeVisibility, { description: 'Who may read it (公开范围).' })
  visibility(@Root() a: KnowledgeArticle) {
    return viewOf(a).shown.visibility;
  }

  @FieldResolver(() => [KnowledgeSource], { description: 'Policy sources (政策依据).' })
  sources(@Root() a: KnowledgeArticle) {
    return viewOf(a).shown.sources;
  }

  @FieldResolver(() => String, { nullable: true, description: 'First valid day (生效日期).' })
  validFrom(@Root() a: KnowledgeArticle) {
    return viewOf(a).shown.validFrom;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Last valid day (失效日期).' })
  validUntil(@Root() a: KnowledgeArticle) {
    return viewOf(a).shown.validUntil;
  }

  @FieldResolver(() => String, { description: 'Review by this day (复核日期).' })
  reviewBy(@Root() a: KnowledgeArticle) {
    return viewOf(a).shown.reviewBy;
  }

  @FieldResolver(() => Unit, { description: 'The owning unit (维护单位).' })
  unit(@Root() a: KnowledgeArticle, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(a.unitId);
  }

  @FieldResolver(() => KnowledgeStatus, { description: 'What it is now (生效状态): only LIVE articles are suggested, quoted and shown to citizens.' })
  status(@Root() a: KnowledgeArticle, @Ctx() ctx: RequestContext) {
    return ctx.services.knowledge.status(viewOf(a));
  }

  @FieldResolver(() => [KnowledgeWarning], { description: 'What the owning unit should look at (需处理).' })
  async warnings(@Root() a: KnowledgeArticle, @Ctx() ctx: RequestContext) {
    return ctx.services.knowledge.warnings(viewOf(a), (await ratingsOf(ctx)).get(a.id));
  }

  @FieldResolver(() => KnowledgeArticleVersion, {
    nullable: true,
    description: 'The working version (当前版本); its unit and the platform only, null for others.',
  })
  working(@Root() a: KnowledgeArticle) {
    return viewOf(a).working;
  }

  @FieldResolver(() => KnowledgeArticleVersion, { nullable: true, description: 'The version in force (现行版本); null before the first approval.' })
  published(@Root() a: KnowledgeArticle) {
    return viewOf(a).published;
  }

  @FieldResolver(() => [KnowledgeArticleVersion], {
    description: 'Every version, newest first (历史版本); others than its unit and the platform see the approved ones.',
  })
  async versions(@Root() a: KnowledgeArticle, @Ctx() ctx: RequestContext) {
    const all = await ctx.services.knowledge.versions(a.id);
    return viewOf(a).working ? all : all.filter((v) => v.state === KnowledgeVersionState.APPROVED || v.state === KnowledgeVersionState.SUPERSEDED);
  }

  @FieldResolver(() => [KnowledgeEvent], {
    description: 'The ledger of the article (台账: who changed what, when), oldest first; its unit and the platform (others see the approvals).',
  })
  async history(@Root() a: KnowledgeArticle, @Ctx() ctx: RequestContext) {
    const all = await ctx.services.knowledge.history(a.id);
    return viewOf(a).working ? all : all.filter((e) => e.action === 'APPROVED');
  }

  @FieldResolver(() => KnowledgeRating, { description: 'Its uses by published replies and their ratings (引用与评价).' })
  async rating(@Root() a: KnowledgeArticle, @Ctx() ctx: RequestContext) {
    return (await ratingsOf(ctx)).get(a.id) ?? NO_RATING;
  }

  @FieldResolver(() => [KnowledgeAction], { description: 'Actions the viewer may take now (可执行操作).' })
  async availableActions(@Root() a: KnowledgeArticle, @Ctx() ctx: RequestContext) {
    return (await ctx.services.knowledge.evaluate(requireStaff(ctx), viewOf(a))).available;
  }

  @FieldResolver(() => [BlockedAction], {
    description: 'Actions the role, units and state allow but a rule refuses now, with why (e.g. APPROVE by its writer: OWN_ARTICLE).',
  })
  async blockedActions(@Root() a: KnowledgeArticle, @Ctx() ctx: RequestContext) {
    return (await ctx.services.knowledge.evaluate(requireStaff(ctx), viewOf(a))).blocked;
  }
}

@Resolver(() => KnowledgeArticleVersion)
export class KnowledgeVersionResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Who wrote it (编写人).' })
  async authorName(@Root() v: KnowledgeArticleVersion, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.user.load(v.authorId))?.displayName ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who reviewed it (审核人).' })
  async reviewerName(@Root() v: KnowledgeArticleVersion, @Ctx() ctx: RequestContext) {
    return v.reviewerId ? ((await ctx.loaders.user.load(v.reviewerId))?.displayName ?? null) : null;
  }
}

@Resolver(() => KnowledgeEvent)
export class KnowledgeEventResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Who acted (操作人).' })
  async actorName(@Root() e: KnowledgeEvent, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.user.load(e.actorUserId))?.displayName ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Their unit.' })
  async actorUnit(@Root() e: KnowledgeEvent, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.unit.load(e.actorUnitId))?.name ?? null;
  }
}

@Resolver(() => Reply)
export class ReplyArticlesResolver {
  @FieldResolver(() => [QuotedArticle], { description: 'Knowledge articles the reply quotes (引用知识), as the versions quoted.' })
  quotedArticles(@Root() r: Reply, @Ctx() ctx: RequestContext) {
    return ctx.services.knowledgeQuotes.ofReply(ctx.ds.manager, r.id);
  }
}
