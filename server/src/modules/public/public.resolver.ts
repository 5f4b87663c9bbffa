/**
 * The public API for third-party frontends (DESIGN §12), by API key with scopes. Every operation first
 * admits the caller (key, scope, origin, the client's rate limit); citizen operations are also limited per IP.
 */
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PageArgs, toPage } from '../../graphql/connection';
import type { RequestContext } from '../../graphql/context';
import { ApiScope } from '../apiclient/apiclient.entity';
import { Category } from '../category/category.entity';
import { Unit } from '../unit/unit.entity';
import { Leader } from '../leader/leader.entity';
import { MonthlyReport, PublicStatisticsRow } from '../statistics/report.types';
import { PUBLIC_AUDIENCE } from '../statistics/statistics.service';
import { PeriodInput, StatisticsBucket, StatisticsFilterInput, StatisticsGroupBy } from '../statistics/statistics.types';
import {
  CitizenCredentials, CitizenMessageView, PublicBoard, PublicCategory, PublicLeader, PublicMessage, PublicMessageConnection, PublicMessageFilter,
  PublicUnit, RateMessageInput, RequestRedoInput, SubmitMessageInput, SubmitMessagePayload,
} from './public.types';

async function admit(ctx: RequestContext, scope: ApiScope) {
  if (ctx.clientError) throw ctx.clientError;
  return ctx.services.apiClients.admit(ctx.client, scope, ctx.origin ?? undefined);
}

async function admitCitizen(ctx: RequestContext) {
  const client = await admit(ctx, ApiScope.MESSAGES_SUBMIT);
  await ctx.services.apiClients.admitCitizen(ctx.ip);
  return client;
}

@Resolver()
export class PublicResolver {
  @Query(() => [PublicStatisticsRow], { description: 'Public statistics (公开统计): per unit, region, category, type, channel or leader, counts and rates, same definitions as the staff statistics. Scope stats:read.' })
  async publicStatistics(
    @Arg('period', () => PeriodInput, { description: 'Whole days in Asia/Shanghai.' }) period: PeriodInput,
    @Arg('groupBy', () => StatisticsGroupBy, { defaultValue: StatisticsGroupBy.UNIT, description: 'Grouping.' }) groupBy: StatisticsGroupBy,
    @Arg('bucket', () => StatisticsBucket, { nullable: true, description: 'Split by day, week or month.' }) bucket: StatisticsBucket | undefined,
    @Arg('includeSubtree', { defaultValue: false, description: 'groupBy UNIT: each unit includes the units below it.' }) includeSubtree: boolean,
    @Arg('filter', () => StatisticsFilterInput, { nullable: true, description: 'Only some messages.' }) filter: StatisticsFilterInput | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    await admit(ctx, ApiScope.STATS_READ);
    return ctx.services.reports.publicStatistics(PUBLIC_AUDIENCE, { from: period.from, to: period.to, groupBy, bucket, includeSubtree, filter });
  }

  @Query(() => MonthlyReport, { description: 'A region\'s monthly report (月度通报), as structured data. Scope stats:read.' })
  async publicMonthlyReport(
    @Arg('regionUnitId', () => ID, { description: 'The region (or any unit).' }) regionUnitId: string,
    @Arg('month', { description: 'YYYY-MM (Asia/Shanghai).' }) month: string,
    @Ctx() ctx: RequestContext,
  ) {
    await admit(ctx, ApiScope.STATS_READ);
    return ctx.services.reports.monthlyReport(PUBLIC_AUDIENCE, regionUnitId, month);
  }

  @Query(() => PublicMessageConnection, { description: 'Public messages, newest first (公开留言). Scope public:read.' })
  async publicMessages(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('filter', () => PublicMessageFilter, { nullable: true, description: 'Filter.' }) filter: PublicMessageFilter | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    await admit(ctx, ApiScope.PUBLIC_READ);
    return ctx.services.publicApi.list(filter ?? {}, toPage(paging, ctx.config.limits));
  }

  @Query(() => PublicMessage, { description: 'A public message by serial number, with its published replies and rating. Scope public:read.' })
  async publicMessage(@Arg('serialNo', { description: 'Serial number (留言编号).' }) serialNo: string, @Ctx() ctx: RequestContext) {
    await admit(ctx, ApiScope.PUBLIC_READ);
    return ctx.services.publicApi.bySerial(serialNo);
  }

  @Query(() => PublicBoard, { description: "A unit's board (单位留言板): messages received and answered by it and the units below. Scope public:read." })
  async unitBoard(@Arg('unitId', () => ID, { description: 'Unit id.' }) unitId: string, @Ctx() ctx: RequestContext) {
    await admit(ctx, ApiScope.PUBLIC_READ);
    return ctx.services.publicApi.board('unit', unitId);
  }

  @Query(() => PublicBoard, { description: "A leader's board (领导留言板): messages addressed to them. Scope public:read." })
  async leaderBoard(@Arg('leaderId', () => ID, { description: 'Leader id.' }) leaderId: string, @Ctx() ctx: RequestContext) {
    await admit(ctx, ApiScope.PUBLIC_READ);
    return ctx.services.publicApi.board('leader', leaderId);
  }

  @Query(() => [PublicCategory], { description: 'Enabled categories, in tree order (领域). Scope public:read.' })
  async publicCategories(@Ctx() ctx: RequestContext): Promise<PublicCategory[]> {
    await admit(ctx, ApiScope.PUBLIC_READ);
    const rows = await ctx.ds.getRepository(Category).find({ where: { isActive: true }, order: { path: 'ASC' } });
    return rows.map((c) => ({ id: c.id, name: c.name, parentId: c.parentId }));
  }

  @Query(() => [PublicUnit], { description: 'Enabled units that take messages, in tree order (单位). Scope public:read.' })
  async publicUnits(@Ctx() ctx: RequestContext): Promise<PublicUnit[]> {
    await admit(ctx, ApiScope.PUBLIC_READ);
    const rows = await ctx.ds.getRepository(Unit).find({ where: { isActive: true }, order: { path: 'ASC' } });
    return rows.map((u) => ({ id: u.id, name: u.name }));
  }

  @Query(() => [PublicLeader], { description: 'Leaders in office (领导). Scope public:read.' })
  async publicLeaders(@Ctx() ctx: RequestContext): Promise<PublicLeader[]> {
    await admit(ctx, ApiScope.PUBLIC_READ);
    const rows = await ctx.ds.getRepository(Leader).find({ where: { isActive: true }, order: { sortOrder: 'ASC', id: 'ASC' } });
    const units = await ctx.loaders.unit.loadMany(rows.map((l) => l.unitId));
    return rows.map((l, i) => ({ id: l.id, name: l.name, title: l.title, unitName: (units[i] as Unit | null)?.name ?? '' }));
  }

  @Mutation(() => SubmitMessagePayload, { description: "Submit a citizen's message (网民留言); idempotent on externalId. Scope messages:submit." })
  async submitMessage(@Arg('input', () => SubmitMessageInput, { description: 'The message.' }) input: SubmitMessageInput, @Ctx() ctx: RequestContext) {
    const client = await admitCitizen(ctx);
    return ctx.services.publicApi.submit(input, client, ctx.ip);
  }

  @Query(() => CitizenMessageView, { description: 'A citizen looks up their message by serial number and query code (留言查询). Scope messages:submit.' })
  async lookupMessage(@Arg('credentials', () => CitizenCredentials, { description: 'Serial number and query code.' }) c: CitizenCredentials, @Ctx() ctx: RequestContext) {
    await admitCitizen(ctx);
    return ctx.services.publicApi.citizenView(await ctx.services.publicApi.authenticateCitizen(c.serialNo, c.queryCode));
  }

  @Mutation(() => CitizenMessageView, { description: 'The citizen rates the reply (评价); the message closes. Scope messages:submit.' })
  async rateMessage(@Arg('input', () => RateMessageInput, { description: 'Credentials and scores.' }) input: RateMessageInput, @Ctx() ctx: RequestContext) {
    await admitCitizen(ctx);
    const m = await ctx.services.publicApi.authenticateCitizen(input.serialNo, input.queryCode);
    return ctx.services.publicApi.rate(m, input);
  }

  @Mutation(() => CitizenMessageView, { description: 'The citizen asks for a redo once, after a rating below 3 (申请重办). Scope messages:submit.' })
  async requestRedo(@Arg('input', () => RequestRedoInput, { description: 'Credentials and reason.' }) input: RequestRedoInput, @Ctx() ctx: RequestContext) {
    await admitCitizen(ctx);
    const m = await ctx.services.publicApi.authenticateCitizen(input.serialNo, input.queryCode);
    return ctx.services.publicApi.redo(m, input.reason);
  }
}
