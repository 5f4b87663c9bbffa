import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { RequestContext, requireStaff } from '../../graphql/context';
import { ArchiveSettings, ArchiveSettingsInput, RankingSettings, RankingSettingsInput } from './settings.types';

@Resolver()
export class SettingsResolver {
  @Authorized(Permission.STATS_READ)
  @Query(() => RankingSettings, {
    description: 'How units are ranked and ratings judged: weights, minimum sample, the satisfied and solved thresholds (排名设置).',
  })
  rankingSettings(@Ctx() ctx: RequestContext) {
    requireStaff(ctx);
    return ctx.services.settings.ranking();
  }

  @Authorized(Permission.STATS_READ)
  @Query(() => ArchiveSettings, { description: 'How long after it finished a message is archived (归档设置).' })
  archiveSettings(@Ctx() ctx: RequestContext) {
    requireStaff(ctx);
    return ctx.services.settings.archive();
  }

  @Authorized(Permission.ORG_MANAGE)
  @Mutation(() => ArchiveSettings, { description: 'Platform admins: change the archive period (归档期限).' })
  updateArchiveSettings(
    @Arg('input', () => ArchiveSettingsInput, { description: 'The archive period.' }) input: ArchiveSettingsInput,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.settings.updateArchive(requireStaff(ctx), input);
  }

  @Authorized(Permission.ORG_MANAGE)
  @Mutation(() => RankingSettings, { description: 'Platform admins: change the ranking weights, minimum sample and rating thresholds.' })
  updateRankingSettings(
    @Arg('input', () => RankingSettingsInput, { description: 'Weights, minimum sample and thresholds.' }) input: RankingSettingsInput,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.settings.updateRanking(requireStaff(ctx), input);
  }
}
