import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { parseId } from '../../common/text';
import { PageArgs, toPage } from '../../graphql/connection';
import { RequestContext } from '../../graphql/context';
import { CategoryConnection, CategoryFilter, CategoryPayload, CreateCategoryInput, UpdateCategoryInput } from './category.inputs';
import { Category } from './category.entity';

@Resolver(() => Category)
export class CategoryResolver {
  @Authorized(Permission.ORG_READ)
  @Query(() => CategoryConnection, { description: 'Categories (领域), in tree order.' })
  categories(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('filter', () => CategoryFilter, { nullable: true, description: 'Filter.' }) filter: CategoryFilter | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.categories.list(filter ?? {}, toPage(paging, ctx.config.limits));
  }

  @Authorized(Permission.ORG_READ)
  @Query(() => Category, { description: 'One category by id.' })
  category(@Arg('id', () => ID, { description: 'Category id.' }) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.categories.get(parseId('id', id));
  }

  @Authorized(Permission.ORG_MANAGE)
  @Mutation(() => CategoryPayload, { description: 'Add a category (新增领域).' })
  async createCategory(@Arg('input', () => CreateCategoryInput, { description: 'The new category.' }) input: CreateCategoryInput, @Ctx() ctx: RequestContext) {
    return { category: await ctx.services.categories.create(input) };
  }

  @Authorized(Permission.ORG_MANAGE)
  @Mutation(() => CategoryPayload, { description: 'Rename, move, reorder, disable or enable a category (修改领域).' })
  async updateCategory(@Arg('input', () => UpdateCategoryInput, { description: 'The changes.' }) input: UpdateCategoryInput, @Ctx() ctx: RequestContext) {
    return { category: await ctx.services.categories.update(input) };
  }

  @FieldResolver(() => Category, { nullable: true, description: 'The parent category.' })
  parent(@Root() c: Category, @Ctx() ctx: RequestContext) {
    return c.parentId ? ctx.loaders.category.load(c.parentId) : null;
  }
}
