import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { RequestContext, requireStaff } from '../../graphql/context';
import { PeriodInput, StatisticsGroupBy, StatisticsRow } from './statistics.types';

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
}
