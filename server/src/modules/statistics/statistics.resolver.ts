import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { RequestContext, requireStaff } from '../../graphql/context';
import { PeriodInput, RankingRow, RankingWeightsInput, StatisticsGroupBy, StatisticsRow } from './statistics.types';

@Resolver()
export class StatisticsResolver {
  @Authorized(Permission.STATS_READ)
  @Query(() => [StatisticsRow], { description: 'Statistics for a period, grouped (统计). Unit roles and leaders see their subtree only. Definitions: docs/statistics.md.' })
  statistics(
    @Arg('period', () => PeriodInput, { description: 'Whole days in Asia/Shanghai.' }) period: PeriodInput,
    @Arg('groupBy', () => StatisticsGroupBy, { defaultValue: StatisticsGroupBy.UNIT, description: 'Grouping.' }) groupBy: StatisticsGroupBy,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.statistics.statistics(requireStaff(ctx), groupBy, period.from, period.to);
  }

  @Authorized(Permission.STATS_READ)
  @Query(() => [RankingRow], { description: 'Units ranked by a weighted composite score with the rank change against the previous period (单位排名).' })
  unitRanking(
    @Arg('period', () => PeriodInput, { description: 'Whole days in Asia/Shanghai.' }) period: PeriodInput,
    @Arg('weights', () => RankingWeightsInput, { nullable: true, description: 'Weights; default 30/35/35.' }) weights: RankingWeightsInput | undefined,
    @Arg('minimumSample', () => Int, { defaultValue: 5, description: 'Units with fewer lead assignments are listed as insufficient data.' }) minimumSample: number,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.statistics.ranking(requireStaff(ctx), period.from, period.to, weights ?? { reply: 30, close: 35, satisfaction: 35 }, Math.max(0, minimumSample));
  }
}
