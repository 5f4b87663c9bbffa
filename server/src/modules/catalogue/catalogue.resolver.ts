/** The dispatch catalogue through the staff API (thin: the rules are in catalogue.service.ts). */
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { parseId } from '../../common/text';
import { PageArgs, toPage } from '../../graphql/connection';
import { RequestContext, requireStaff } from '../../graphql/context';
import { Category } from '../category/category.entity';
import { Unit } from '../unit/unit.entity';
import { DispatchCatalogueEntry, DispatchCatalogueVersion } from './catalogue.entities';
import { CatalogueEntryConnection, CatalogueEntryPayload, CatalogueFilter, CreateCatalogueEntryInput, UpdateCatalogueEntryInput } from './catalogue.inputs';

@Resolver(() => DispatchCatalogueEntry)
export class CatalogueResolver {
  @Authorized(Permission.CATALOGUE_READ)
  @Query(() => CatalogueEntryConnection, { description: 'The dispatch catalogue (派单目录): entries in use first, most recently changed first.' })
  dispatchCatalogue(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('filter', () => CatalogueFilter, { nullable: true, description: 'Filter.' }) filter: CatalogueFilter | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    requireStaff(ctx);
    return ctx.services.catalogue.list(filter ?? {}, toPage(paging, ctx.config.limits));
  }

  @Authorized(Permission.CATALOGUE_READ)
  @Query(() => DispatchCatalogueEntry, { description: 'One catalogue entry.' })
  dispatchCatalogueEntry(@Arg('id', () => ID, { description: 'Entry id.' }) id: string, @Ctx() ctx: RequestContext) {
    requireStaff(ctx);
    return ctx.services.catalogue.get(parseId('id', id));
  }

  @Authorized(Permission.CATALOGUE_MANAGE)
  @Mutation(() => CatalogueEntryPayload, { description: 'New catalogue entry (新增派单目录条目); platform administrators.' })
  async createCatalogueEntry(
    @Arg('input', () => CreateCatalogueEntryInput, { description: 'The entry.' }) input: CreateCatalogueEntryInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { entry: await ctx.services.catalogue.create(requireStaff(ctx), input) };
  }

  @Authorized(Permission.CATALOGUE_MANAGE)
  @Mutation(() => CatalogueEntryPayload, {
    description: 'Change, retire or enable a catalogue entry (修改/停用/启用): the next version; platform administrators.',
  })
  async updateCatalogueEntry(
    @Arg('input', () => UpdateCatalogueEntryInput, { description: 'The changes.' }) input: UpdateCatalogueEntryInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { entry: await ctx.services.catalogue.update(requireStaff(ctx), input) };
  }

  @FieldResolver(() => Unit, { description: 'The lead unit (主办单位).' })
  leadUnit(@Root() e: DispatchCatalogueEntry, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(e.leadUnitId);
  }

  @FieldResolver(() => [Unit], { description: 'Assist units (协办单位).' })
  async assistUnits(@Root() e: DispatchCatalogueEntry, @Ctx() ctx: RequestContext) {
    return (await Promise.all(e.assistUnitIds.map((id) => ctx.loaders.unit.load(id)))).filter(Boolean);
  }

  @FieldResolver(() => Category, { nullable: true, description: 'Category (领域).' })
  category(@Root() e: DispatchCatalogueEntry, @Ctx() ctx: RequestContext) {
    return e.categoryId ? ctx.loaders.category.load(e.categoryId) : null;
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Region (适用地区).' })
  region(@Root() e: DispatchCatalogueEntry, @Ctx() ctx: RequestContext) {
    return e.regionUnitId ? ctx.loaders.unit.load(e.regionUnitId) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who made the last change (维护人).' })
  async updatedByName(@Root() e: DispatchCatalogueEntry, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.user.load(e.updatedById))?.displayName ?? null;
  }

  @FieldResolver(() => Boolean, { description: 'In force today: in use and within its valid days (生效中).' })
  inForce(@Root() e: DispatchCatalogueEntry, @Ctx() ctx: RequestContext) {
    const today = ctx.services.catalogue.today();
    return e.isActive && (!e.validFrom || e.validFrom <= today) && (!e.validUntil || e.validUntil >= today);
  }

  @FieldResolver(() => [DispatchCatalogueVersion], { description: 'Every version, newest first (历史版本).' })
  versions(@Root() e: DispatchCatalogueEntry, @Ctx() ctx: RequestContext) {
    return ctx.services.catalogue.versions(e.id);
  }
}

@Resolver(() => DispatchCatalogueVersion)
export class CatalogueVersionResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Who made the change.' })
  async actorName(@Root() v: DispatchCatalogueVersion, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.user.load(v.actorUserId))?.displayName ?? null;
  }
}
