import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { RequestContext, requireStaff } from '../../graphql/context';
import { RankingSettings, RankingSettingsInput } from './settings.types';

@Resolver()
export class SettingsResolver {
  @Authorized(Permission.STATS_READ)
  @Query(() => RankingSettings, { description: 'How units are ranked: weights and minimum sample (排名设置).' })
  rankingSettings(@Ctx() ctx: RequestContext) {
    requireStaff(ctx);
    return ctx.services.settings.ranking();
  }

  @Authorized(Permission.ORG_MANAGE)
  @Mutation(() => RankingSettings, { description: 'Platform admins: change the ranking weights and minimum sample.' })
  updateRankingSettings(@Arg('input', () => RankingSettingsInput, { description: 'Weights and minimum sample.' }) input: RankingSettingsInput, @Ctx() ctx: RequestContext) {
    return ctx.services.settings.updateRanking(requireStaff(ctx), input);
  }
}
