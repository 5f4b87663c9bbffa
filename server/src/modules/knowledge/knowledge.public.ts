/**
 * Public knowledge (公开知识) for third-party sites and the citizen page: articles in force whose version in force is
 * PUBLIC, by an allow-list of fields (no unit-internal text, no staff-only article, no drafts, no ledger). Scope
 * PUBLIC_READ.
 */
import { Arg, Args, Ctx, Field, ID, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { parseId } from '../../common/text';
import { Connection, PageArgs, toConnection, toPage } from '../../graphql/connection';
import type { RequestContext } from '../../graphql/context';
import { badInput, ErrorReason } from '../../graphql/errors';
import { ApiScope } from '../apiclient/apiclient.entity';
import { Category } from '../category/category.entity';
import { Unit } from '../unit/unit.entity';
import type { ArticleView } from './knowledge.service';
import { shanghaiDay } from '../../common/shanghai';

@ObjectType({ description: 'A policy source as shown to the public (政策依据).' })
export class PublicKnowledgeSource {
  @Field({ description: 'The document (文件名称).' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Its number (文号).' })
  number!: string | null;

  @Field(() => String, { nullable: true, description: 'Its date, YYYY-MM-DD.' })
  date!: string | null;

  @Field(() => String, { nullable: true, description: 'Where to read it.' })
  url!: string | null;
}

@ObjectType({ description: 'A public knowledge article in force (公开知识): a question citizens ask and the answer.' })
export class PublicKnowledgeArticle {
  @Field(() => ID, { description: 'Article id.' })
  id!: number;

  @Field({ description: 'Title (标题).' })
  title!: string;

  @Field(() => [String], { description: 'How it is asked (常见问法).' })
  questions!: string[];

  @Field({ description: 'The answer, plain text with line breaks; web addresses in it may be shown as links (答复).' })
  answer!: string;

  @Field(() => String, { nullable: true, description: 'Category name (领域).' })
  category!: string | null;

  @Field(() => ID, { nullable: true, description: 'Category id.' })
  categoryId!: number | null;

  @Field(() => String, { nullable: true, description: 'The region it applies to (适用地区); null: everywhere.' })
  region!: string | null;

  @Field({ description: 'The unit that answers for it (发布单位).' })
  unitName!: string;

  @Field(() => [PublicKnowledgeSource], { description: 'Policy sources (政策依据).' })
  sources!: PublicKnowledgeSource[];

  @Field(() => String, { nullable: true, description: 'Last valid day, YYYY-MM-DD (有效期至); null: no end.' })
  validUntil!: string | null;

  @Field(() => String, { description: 'When this text was approved, YYYY-MM-DD (更新日期).' })
  updatedOn!: string;

  @Field(() => [String], { description: 'With a search: the words it matched (匹配词).' })
  matchedTerms!: string[];
}

export const PublicKnowledgeConnection = Connection(PublicKnowledgeArticle, 'PublicKnowledgeArticle', 'A page of public knowledge articles (公开知识).');

@InputType({ description: 'Which public articles `publicKnowledgeArticles` lists.' })
export class PublicKnowledgeFilter {
  @Field({ nullable: true, description: 'Words to look for (1-100 characters): then best match first (知识检索).' })
  @IsOptional()
  @Length(1, 100)
  search?: string;

  @Field(() => ID, { nullable: true, description: 'Only this category and those below it.' })
  @IsOptional()
  categoryId?: string;
}

function admit(ctx: RequestContext, scope: ApiScope) {
  if (ctx.clientError) throw ctx.clientError;
  return ctx.services.apiClients.admit(ctx.client, scope);
}

@Resolver()
export class PublicKnowledgeResolver {
  @Query(() => PublicKnowledgeConnection, {
    description:
      'Public knowledge articles in force (公开知识, 看看是否已有答案): newest first, or best match first with `filter.search`; by category. Scope PUBLIC_READ.',
  })
  async publicKnowledgeArticles(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('filter', () => PublicKnowledgeFilter, { nullable: true, description: 'Search and category.' }) filter: PublicKnowledgeFilter | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    await admit(ctx, ApiScope.PUBLIC_READ);
    if (filter?.search !== undefined && !filter.search.trim())
      throw badInput('filter.search', '请输入要查找的字词 (search words are required)', { reason: ErrorReason.REQUIRED });
    const page = toPage(paging, ctx.config.limits);
    const categoryId = filter?.categoryId ? parseId('filter.categoryId', filter.categoryId) : null;
    const { rows, total } = await ctx.services.knowledge.publicList(filter?.search, categoryId, page);
    const nodes = await Promise.all(rows.map((r) => toPublic(ctx, r.view, r.matchedTerms)));
    return toConnection(nodes, total, page);
  }

  @Query(() => PublicKnowledgeArticle, {
    description: 'One public knowledge article in force; NOT_FOUND for anything else (staff only, expired, withdrawn, missing). Scope PUBLIC_READ.',
  })
  async publicKnowledgeArticle(@Arg('id', () => ID, { description: 'Article id.' }) id: string, @Ctx() ctx: RequestContext) {
    await admit(ctx, ApiScope.PUBLIC_READ);
    return toPublic(ctx, await ctx.services.knowledge.publicGet(parseId('id', id)), []);
  }
}

async function toPublic(ctx: RequestContext, v: ArticleView, matchedTerms: string[]): Promise<PublicKnowledgeArticle> {
  const p = v.published!;
  const [category, region, unit] = (await Promise.all([
    p.categoryId ? ctx.loaders.category.load(p.categoryId) : null,
    p.regionUnitId ? ctx.loaders.unit.load(p.regionUnitId) : null,
    ctx.loaders.unit.load(v.article.unitId),
  ])) as [Category | null, Unit | null, Unit | null];
  return {
    id: v.article.id,
    title: p.title,
    questions: p.questions,
    answer: p.answer,
    category: category?.name ?? null,
    categoryId: p.categoryId,
    region: region?.name ?? null,
    unitName: unit?.name ?? '',
    sources: p.sources.map((s) => ({ title: s.title, number: s.number, date: s.date, url: s.url })),
    validUntil: p.validUntil,
    updatedOn: shanghaiDay(p.reviewedAt ?? p.updatedAt),
    matchedTerms,
  };
}
