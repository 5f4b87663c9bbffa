import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Int, Query, Resolver } from 'type-graphql';
import { IsOptional, ValidateNested } from 'class-validator';
import { Permission } from '../../auth/permissions';
import { RequestContext, requireStaff } from '../../graphql/context';
import { badInput } from '../../graphql/errors';
import { Dashboard } from './dashboard.types';
import { MonthlyReport } from './report.types';
import { SortDirection } from '../../graphql/connection';
import { MAX_STATISTICS_PAGE } from './statistics.service';
import {
  PeriodInput,
  RankingRow,
  RankingWeightsInput,
  StatisticsBucket,
  StatisticsFilterInput,
  StatisticsGroupBy,
  StatisticsPage,
  StatisticsRow,
  StatisticsSortField,
  StatisticsSortInput,
} from './statistics.types';

/** The arguments `statistics` and `statisticsPage` share: which messages, grouped how. */
@ArgsType()
class StatisticsArgs {
  @Field(() => PeriodInput, { description: 'Whole days in Asia/Shanghai.' })
  @ValidateNested()
  period!: PeriodInput;

  @Field(() => StatisticsGroupBy, { defaultValue: StatisticsGroupBy.UNIT, description: 'Grouping.' })
  groupBy!: StatisticsGroupBy;

  @Field(() => StatisticsBucket, { nullable: true, description: 'Split each group by day, week or month (a series).' })
  bucket?: StatisticsBucket;

  @Field({ defaultValue: false, description: "groupBy UNIT only: each unit's row includes the units below it (下辖单位合计)." })
  includeSubtree!: boolean;

  @Field(() => StatisticsFilterInput, { nullable: true, description: 'Only some messages.' })
  @IsOptional()
  @ValidateNested()
  filter?: StatisticsFilterInput;
}

@Resolver()
export class StatisticsResolver {
  @Authorized(Permission.STATS_READ)
  @Query(() => [StatisticsRow], {
    description:
      'Statistics for a period, grouped and optionally bucketed by time (统计). Unit roles and leaders see their subtree only. Definitions: docs/statistics.md.',
  })
  statistics(@Args(() => StatisticsArgs) { period, groupBy, bucket, includeSubtree, filter }: StatisticsArgs, @Ctx() ctx: RequestContext) {
    return ctx.services.statistics.statistics(
      requireStaff(ctx),
      { from: period.from, to: period.to, groupBy, bucket, includeSubtree, filter },
      ctx.services.workflow.now(),
    );
  }

  @Authorized(Permission.STATS_READ)
  @Query(() => StatisticsPage, {
    description: `A page of the statistics rows (统计), sorted by the name or a figure, with the number of rows in all: what the console shows. Same arguments, rows and definitions as \`statistics\`; pages of one query are computed once and reused for up to 30 seconds (asOf). At most ${MAX_STATISTICS_PAGE} rows a page; the CSV export has every row.`,
  })
  statisticsPage(
    @Args(() => StatisticsArgs) { period, groupBy, bucket, includeSubtree, filter }: StatisticsArgs,
    @Arg('sort', () => StatisticsSortInput, { nullable: true, description: 'Sort order; default: most assigned (交办量) first.' })
    sort: StatisticsSortInput | undefined,
    @Arg('first', () => Int, { defaultValue: 50, description: `Rows of the page (1-${MAX_STATISTICS_PAGE}).` }) first: number,
    @Arg('offset', () => Int, { defaultValue: 0, description: 'Rows skipped before the page.' }) offset: number,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.statistics.statisticsPage(
      requireStaff(ctx),
      { from: period.from, to: period.to, groupBy, bucket, includeSubtree, filter },
      { sort: sort?.field ?? StatisticsSortField.ASSIGNED, direction: sort?.direction ?? SortDirection.DESC, first, offset },
      ctx.services.workflow.now(),
    );
  }

  @Authorized(Permission.STATS_READ)
  @Query(() => [RankingRow], {
    description:
      'Units ranked by a weighted composite of 响应率, 解决率 and 满意率 (the three rates of 接诉即办) with the rank change against the previous period (单位排名). Weights and minimum sample default to the platform settings (rankingSettings).',
  })
  async unitRanking(
    @Arg('period', () => PeriodInput, { description: 'Whole days in Asia/Shanghai.' }) period: PeriodInput,
    @Arg('weights', () => RankingWeightsInput, {
      nullable: true,
      description: 'Weights of 响应率, 解决率, 满意率; default: the platform settings (30/35/35 out of the box).',
    })
    weights: RankingWeightsInput | undefined,
    @Arg('minimumSample', () => Int, {
      nullable: true,
      description: 'Units with fewer kept lead assignments are listed as insufficient data; default: the platform setting (5).',
    })
    minimumSample: number | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const settings = await ctx.services.settings.ranking();
    return ctx.services.statistics.ranking(
      requireStaff(ctx),
      period.from,
      period.to,
      weights ?? settings.weights,
      Math.max(0, minimumSample ?? settings.minimumSample),
      ctx.services.workflow.now(),
    );
  }

  @Authorized(Permission.STATS_READ)
  @Query(() => Dashboard, {
    description: 'The dashboard (首页概览): intake, open work and warnings, trend, satisfaction, top units, hot topics; unit roles see their subtree.',
  })
  dashboard(
    @Arg('days', () => Int, { defaultValue: 30, description: 'Days of the trend and the hot topics (1-90).' }) days: number,
    @Ctx() ctx: RequestContext,
  ) {
    if (!Number.isInteger(days) || days < 1 || days > 90) throw badInput('days', 'days must be 1-90');
    return ctx.services.dashboard.dashboard(requireStaff(ctx), days, ctx.services.workflow.now());
  }

  @Authorized(Permission.STATS_READ)
  @Query(() => MonthlyReport, {
    description:
      "A region's monthly report (月度通报): totals, the month before, top units and categories, and a summary sentence. Unit roles: their own subtree only.",
  })
  monthlyReport(
    @Arg('regionUnitId', () => ID, { description: 'The region (or any unit); the report covers it and the units below it.' }) regionUnitId: string,
    @Arg('month', { description: 'YYYY-MM (Asia/Shanghai).' }) month: string,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.reports.monthlyReport(requireStaff(ctx), regionUnitId, month, ctx.services.workflow.now());
  }
}
