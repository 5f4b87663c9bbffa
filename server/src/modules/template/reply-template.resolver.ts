import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { RequestContext, requireStaff } from '../../graphql/context';
import { Unit } from '../unit/unit.entity';
import { ReplyTemplate } from './reply-template.entity';
import { CreateReplyTemplateInput, ReplyTemplateFilter, ReplyTemplatePayload, UpdateReplyTemplateInput } from './reply-template.inputs';

@Resolver(() => ReplyTemplate)
export class ReplyTemplateResolver {
  @Authorized(Permission.MESSAGE_READ)
  @Query(() => [ReplyTemplate], {
    description:
      "Reply templates (常用语): by default those the viewer may use (their unit's and the units' above it), own unit first; with `manage`, those the viewer keeps.",
  })
  replyTemplates(
    @Arg('filter', () => ReplyTemplateFilter, { nullable: true, description: 'Which templates.' }) filter: ReplyTemplateFilter | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.replyTemplates.list(requireStaff(ctx), filter ?? {});
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => ReplyTemplatePayload, { description: 'Add a reply template (新增常用语); unit reviewers for their unit and below, administrators for any.' })
  async createReplyTemplate(
    @Arg('input', () => CreateReplyTemplateInput, { description: 'The template.' }) input: CreateReplyTemplateInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { template: await ctx.services.replyTemplates.create(requireStaff(ctx), input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => ReplyTemplatePayload, { description: 'Change or disable a reply template (修改/停用常用语).' })
  async updateReplyTemplate(
    @Arg('input', () => UpdateReplyTemplateInput, { description: 'The changes.' }) input: UpdateReplyTemplateInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { template: await ctx.services.replyTemplates.update(requireStaff(ctx), input) };
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'The unit it belongs to.' })
  unit(@Root() t: ReplyTemplate, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(t.unitId);
  }
}
