/**
 * The public API for third-party frontends (domain.md §12), by API key with scopes. Every operation first
 * admits the caller's key and scope; the origin, the key's rate limit and the citizen limits per IP are checked once per
 * request before it runs (modules/apiclient/apiclient.http.ts).
 */
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs, toKeysetPage } from '../../graphql/connection';
import type { RequestContext } from '../../graphql/context';
import { ApiScope } from '../apiclient/apiclient.entity';
import { Category } from '../category/category.entity';
import { Unit, UnitKind } from '../unit/unit.entity';
import { Leader } from '../leader/leader.entity';
import { MonthlyReport, PublicStatisticsRow } from '../statistics/report.types';
import { PUBLIC_AUDIENCE } from '../statistics/statistics.service';
import { PeriodInput, StatisticsBucket, StatisticsFilterInput, StatisticsGroupBy } from '../statistics/statistics.types';
import {
  CitizenCredentials,
  CitizenMessageView,
  PublicBoard,
  PublicCategory,
  PublicLeader,
  PublicMessage,
  PublicMessageConnection,
  PublicMessageFilter,
  PublicMessageOrder,
  PublicUnit,
  RateMessageInput,
  RequestRedoInput,
  SubmitMessageInput,
  SubmitMessagePayload,
} from './public.types';
import { toPublicUnit } from './public.service';

/** The key and its scope (its origin, its per-minute limit and the citizen limits were checked before the request ran). */
function admit(ctx: RequestContext, scope: ApiScope) {
  if (ctx.clientError) throw ctx.clientError;
  return ctx.services.apiClients.admit(ctx.client, scope);
}

const admitCitizen = (ctx: RequestContext) => admit(ctx, ApiScope.MESSAGES_SUBMIT);

@Resolver()
export class PublicResolver {
  @Query(() => [PublicStatisticsRow], {
    description:
      'Public statistics (公开统计): per unit, region, category, type, channel or leader, counts and rates, same definitions as the staff statistics. Scope STATS_READ.',
  })
  async publicStatistics(
    @Arg('period', () => PeriodInput, { description: 'Whole days in Asia/Shanghai.' }) period: PeriodInput,
    @Arg('groupBy', () => StatisticsGroupBy, { defaultValue: StatisticsGroupBy.UNIT, description: 'Grouping.' }) groupBy: StatisticsGroupBy,
    @Arg('bucket', () => StatisticsBucket, { nullable: true, description: 'Split by day, week or month.' }) bucket: StatisticsBucket | undefined,
    @Arg('includeSubtree', { defaultValue: false, description: 'groupBy UNIT: each unit includes the units below it.' }) includeSubtree: boolean,
    @Arg('filter', () => StatisticsFilterInput, { nullable: true, description: 'Only some messages.' }) filter: StatisticsFilterInput | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    await admit(ctx, ApiScope.STATS_READ);
    return ctx.services.reports.publicStatistics(
      PUBLIC_AUDIENCE,
      { from: period.from, to: period.to, groupBy, bucket, includeSubtree, filter },
      ctx.services.workflow.now(),
    );
  }

  @Query(() => MonthlyReport, { description: "A region's monthly report (月度通报), as structured data. Scope STATS_READ." })
  async publicMonthlyReport(
    @Arg('regionUnitId', () => ID, { description: 'The region (or any unit).' }) regionUnitId: string,
    @Arg('month', { description: 'YYYY-MM (Asia/Shanghai).' }) month: string,
    @Ctx() ctx: RequestContext,
  ) {
    await admit(ctx, ApiScope.STATS_READ);
    return ctx.services.reports.monthlyReport(PUBLIC_AUDIENCE, regionUnitId, month, ctx.services.workflow.now());
  }

  @Query(() => PublicMessageConnection, { description: 'Public messages, newest first (公开留言). Scope PUBLIC_READ.' })
  async publicMessages(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('filter', () => PublicMessageFilter, { nullable: true, description: 'Filter.' }) filter: PublicMessageFilter | undefined,
    @Arg('order', () => PublicMessageOrder, { nullable: true, description: 'Order: NEWEST (default) or RELEVANCE to the keyword.' })
    order: PublicMessageOrder | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    await admit(ctx, ApiScope.PUBLIC_READ);
    return ctx.services.publicApi.list(filter ?? {}, toKeysetPage(paging, ctx.config.limits), order ?? PublicMessageOrder.NEWEST);
  }

  @Query(() => PublicMessage, { description: 'A public message by serial number, with its published replies and rating. Scope PUBLIC_READ.' })
  async publicMessage(@Arg('serialNo', { description: 'Serial number (留言编号).' }) serialNo: string, @Ctx() ctx: RequestContext) {
    await admit(ctx, ApiScope.PUBLIC_READ);
    return ctx.services.publicApi.bySerial(serialNo);
  }

  @Query(() => PublicBoard, { description: "A unit's board (单位留言板): messages received and answered by it and the units below. Scope PUBLIC_READ." })
  async unitBoard(@Arg('unitId', () => ID, { description: 'Unit id.' }) unitId: string, @Ctx() ctx: RequestContext) {
    await admit(ctx, ApiScope.PUBLIC_READ);
    return ctx.services.publicApi.board('unit', unitId);
  }

  @Query(() => PublicBoard, { description: "A leader's board (领导留言板): messages addressed to them. Scope PUBLIC_READ." })
  async leaderBoard(@Arg('leaderId', () => ID, { description: 'Leader id.' }) leaderId: string, @Ctx() ctx: RequestContext) {
    await admit(ctx, ApiScope.PUBLIC_READ);
    return ctx.services.publicApi.board('leader', leaderId);
  }

  @Query(() => [PublicCategory], { description: 'Enabled categories, in tree order (领域). Scope PUBLIC_READ.' })
  async publicCategories(@Ctx() ctx: RequestContext): Promise<PublicCategory[]> {
    await admit(ctx, ApiScope.PUBLIC_READ);
    const rows = await ctx.ds.getRepository(Category).find({ where: { isActive: true }, order: { path: 'ASC' } });
    return rows.map((c) => ({ id: c.id, name: c.name, parentId: c.parentId }));
  }

  @Query(() => [PublicUnit], {
    description:
      'Enabled units, in tree order (单位); with parentId only those directly below that unit, with kind only that kind (e.g. the regions below a city: parentId and kind REGION). Scope PUBLIC_READ.',
  })
  async publicUnits(
    @Arg('parentId', () => ID, { nullable: true, description: 'Only the units directly below this one.' }) parentId: string | undefined,
    @Arg('kind', () => UnitKind, { nullable: true, description: 'Only units of this kind (REGION for a region picker).' }) kind: UnitKind | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<PublicUnit[]> {
    admit(ctx, ApiScope.PUBLIC_READ);
    return ctx.services.publicApi.units({ parentId, kind });
  }

  @Query(() => [PublicLeader], { description: 'Leaders in office (领导). Scope PUBLIC_READ.' })
  async publicLeaders(@Ctx() ctx: RequestContext): Promise<PublicLeader[]> {
    await admit(ctx, ApiScope.PUBLIC_READ);
    const rows = await ctx.ds.getRepository(Leader).find({ where: { isActive: true }, order: { sortOrder: 'ASC', id: 'ASC' } });
    const units = await ctx.loaders.unit.loadMany(rows.map((l) => l.unitId));
    return rows.map((l, i) => ({ id: l.id, name: l.name, title: l.title, unitName: (units[i] as Unit | null)?.name ?? '' }));
  }

  @Mutation(() => SubmitMessagePayload, { description: "Submit a citizen's message (网民留言); idempotent on externalId. Scope MESSAGES_SUBMIT." })
  async submitMessage(@Arg('input', () => SubmitMessageInput, { description: 'The message.' }) input: SubmitMessageInput, @Ctx() ctx: RequestContext) {
    return ctx.services.publicApi.submit(input, admitCitizen(ctx), ctx.ip);
  }

  @Query(() => CitizenMessageView, { description: 'A citizen looks up their message by serial number and query code (留言查询). Scope MESSAGES_SUBMIT.' })
  async lookupMessage(
    @Arg('credentials', () => CitizenCredentials, { description: 'Serial number and query code.' }) c: CitizenCredentials,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.publicApi.lookup(c, admitCitizen(ctx), ctx.ip);
  }

  @Mutation(() => CitizenMessageView, { description: 'The citizen rates the reply (评价); the message closes. Scope MESSAGES_SUBMIT.' })
  async rateMessage(@Arg('input', () => RateMessageInput, { description: 'Credentials and scores.' }) input: RateMessageInput, @Ctx() ctx: RequestContext) {
    return ctx.services.publicApi.rate(input, admitCitizen(ctx), ctx.ip);
  }

  @Mutation(() => CitizenMessageView, { description: 'The citizen asks for a redo once, after a rating below 3 (申请重办). Scope MESSAGES_SUBMIT.' })
  async requestRedo(@Arg('input', () => RequestRedoInput, { description: 'Credentials and reason.' }) input: RequestRedoInput, @Ctx() ctx: RequestContext) {
    return ctx.services.publicApi.redo(input, admitCitizen(ctx), ctx.ip);
  }
}

/** A public unit's place in the tree: its parent and the enabled units below it (batched per request). */
@Resolver(() => PublicUnit)
export class PublicUnitResolver {
  @FieldResolver(() => PublicUnit, { nullable: true, description: 'The unit above it (上级单位); null for a top unit.' })
  async parent(@Root() u: PublicUnit, @Ctx() ctx: RequestContext): Promise<PublicUnit | null> {
    if (!u.parentId) return null;
    const p = await ctx.loaders.unit.load(Number(u.parentId));
    return p && p.isActive ? toPublicUnit(p) : null;
  }

  @FieldResolver(() => [PublicUnit], { description: 'The enabled units directly below it, in tree order (下级单位).' })
  async children(@Root() u: PublicUnit, @Ctx() ctx: RequestContext): Promise<PublicUnit[]> {
    if (!u.id) return [];
    return (await ctx.loaders.activeChildren.load(Number(u.id))).map(toPublicUnit);
  }
}
