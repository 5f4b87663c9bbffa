import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { parseId } from '../../common/text';
import { PageArgs, toPage } from '../../graphql/connection';
import { RequestContext } from '../../graphql/context';
import { Unit } from '../unit/unit.entity';
import { CreateLeaderInput, LeaderConnection, LeaderFilter, LeaderPayload, UpdateLeaderInput } from './leader.inputs';
import { Leader } from './leader.entity';

@Resolver(() => Leader)
export class LeaderResolver {
  @Authorized(Permission.ORG_READ)
  @Query(() => LeaderConnection, { description: 'Leaders (领导列表), in tree order of their units.' })
  leaders(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('filter', () => LeaderFilter, { nullable: true, description: 'Filter.' }) filter: LeaderFilter | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.leaders.list(filter ?? {}, toPage(paging, ctx.config.limits));
  }

  @Authorized(Permission.ORG_READ)
  @Query(() => Leader, { description: 'One leader by id.' })
  leader(@Arg('id', () => ID, { description: 'Leader id.' }) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.leaders.get(parseId('id', id));
  }

  @Authorized(Permission.ORG_MANAGE)
  @Mutation(() => LeaderPayload, { description: 'Add a leader (新增领导).' })
  async createLeader(@Arg('input', () => CreateLeaderInput, { description: 'The new leader.' }) input: CreateLeaderInput, @Ctx() ctx: RequestContext) {
    return { leader: await ctx.services.leaders.create(input) };
  }

  @Authorized(Permission.ORG_MANAGE)
  @Mutation(() => LeaderPayload, { description: "Change a leader's name, title, unit, order or office (修改领导)." })
  async updateLeader(@Arg('input', () => UpdateLeaderInput, { description: 'The changes.' }) input: UpdateLeaderInput, @Ctx() ctx: RequestContext) {
    return { leader: await ctx.services.leaders.update(input) };
  }

  @FieldResolver(() => Unit, { description: "The leader's unit (所属单位)." })
  unit(@Root() leader: Leader, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(leader.unitId);
  }
}
