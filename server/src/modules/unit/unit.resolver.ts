import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { parseId } from '../../common/text';
import { PageArgs, toPage } from '../../graphql/connection';
import { RequestContext } from '../../graphql/context';
import { CreateUnitInput, MoveUnitInput, SetUnitActiveInput, UnitConnection, UnitFilter, UnitPayload, UnitSort, UpdateUnitInput } from './unit.inputs';
import { Unit } from './unit.entity';

@Resolver(() => Unit)
export class UnitResolver {
  @Authorized(Permission.ORG_READ)
  @Query(() => UnitConnection, { description: 'Units of the organisation tree (单位列表); default order is the tree order.' })
  units(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('filter', () => UnitFilter, { nullable: true, description: 'Filter.' }) filter: UnitFilter | undefined,
    @Arg('sort', () => UnitSort, { nullable: true, description: 'Sort order.' }) sort: UnitSort | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.units.list(filter ?? {}, sort, toPage(paging, ctx.config.limits));
  }

  @Authorized(Permission.ORG_READ)
  @Query(() => Unit, { description: 'One unit by id (单位).' })
  unit(@Arg('id', () => ID, { description: 'Unit id.' }) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.units.get(parseId('id', id));
  }

  @Authorized(Permission.ORG_MANAGE)
  @Mutation(() => UnitPayload, { description: 'Create a unit under a parent (新建单位).' })
  async createUnit(@Arg('input', () => CreateUnitInput, { description: 'The new unit.' }) input: CreateUnitInput, @Ctx() ctx: RequestContext) {
    return { unit: await ctx.services.units.create(input) };
  }

  @Authorized(Permission.ORG_MANAGE)
  @Mutation(() => UnitPayload, { description: 'Rename a unit or change its kind or order (修改单位).' })
  async updateUnit(@Arg('input', () => UpdateUnitInput, { description: 'The changes.' }) input: UpdateUnitInput, @Ctx() ctx: RequestContext) {
    return { unit: await ctx.services.units.update(input) };
  }

  @Authorized(Permission.ORG_MANAGE)
  @Mutation(() => UnitPayload, { description: 'Move a unit and its subtree under another parent (调整隶属).' })
  async moveUnit(@Arg('input', () => MoveUnitInput, { description: 'Unit and new parent.' }) input: MoveUnitInput, @Ctx() ctx: RequestContext) {
    return { unit: await ctx.services.units.move(input) };
  }

  @Authorized(Permission.ORG_MANAGE)
  @Mutation(() => UnitPayload, { description: 'Disable or enable a unit (停用/启用). Units are never deleted: their history stays.' })
  async setUnitActive(@Arg('input', () => SetUnitActiveInput, { description: 'Unit and state.' }) input: SetUnitActiveInput, @Ctx() ctx: RequestContext) {
    return { unit: await ctx.services.units.setActive(input.id, input.isActive) };
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'The parent unit (上级单位).' })
  parent(@Root() unit: Unit, @Ctx() ctx: RequestContext) {
    return unit.parentId ? ctx.loaders.unit.load(unit.parentId) : null;
  }

  @FieldResolver(() => Int, { description: 'How many units sit directly below it, enabled or not (下级单位数); 0 for a leaf.' })
  childCount(@Root() unit: Unit, @Ctx() ctx: RequestContext) {
    return ctx.loaders.childCount.load(unit.id);
  }

  @FieldResolver(() => [Unit], { description: 'Ancestors from the root down to the parent (上级链).' })
  async ancestors(@Root() unit: Unit, @Ctx() ctx: RequestContext) {
    const ids = unit.path
      .split('/')
      .filter(Boolean)
      .map(Number)
      .filter((id) => id !== unit.id);
    return (await ctx.loaders.unit.loadMany(ids)).filter((u): u is Unit => !!u && !(u instanceof Error));
  }
}
