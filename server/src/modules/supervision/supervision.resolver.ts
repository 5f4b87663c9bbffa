import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { PageArgs, toPage } from '../../graphql/connection';
import { RequestContext, requireStaff } from '../../graphql/context';
import { Message } from '../message/message.entity';
import { SupervisionKind } from '../message/message.enums';
import { Unit } from '../unit/unit.entity';
import { Supervision } from './supervision.entity';
import { SupervisionConnection, SupervisionFilter } from './supervision.inputs';

@Resolver(() => Supervision)
export class SupervisionResolver {
  @Authorized(Permission.MESSAGE_READ)
  @Query(() => SupervisionConnection, {
    description: "Urging, supervision and instructions on the messages within the viewer's reach (督办跟踪); formal supervisions by status.",
  })
  supervisions(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('filter', () => SupervisionFilter, { nullable: true, description: 'Kinds, status, unit.' }) filter: SupervisionFilter | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.supervision.list(requireStaff(ctx), filter ?? {}, toPage(paging, ctx.config.limits));
  }

  @FieldResolver(() => Message, { description: 'The message.' })
  message(@Root() s: Supervision, @Ctx() ctx: RequestContext) {
    return ctx.loaders.message.load(s.messageId);
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'The unit addressed; null for every unit on the message.' })
  unit(@Root() s: Supervision, @Ctx() ctx: RequestContext) {
    return s.unitId ? ctx.loaders.unit.load(s.unitId) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Name of the staff user who wrote it (e.g. the leader who instructed).' })
  async authorName(@Root() s: Supervision, @Ctx() ctx: RequestContext): Promise<string | null> {
    return (await ctx.loaders.user.load(s.createdById))?.displayName ?? null;
  }

  @FieldResolver(() => Boolean, { description: 'A formal supervision still unanswered after its due date (逾期未反馈).' })
  overdue(@Root() s: Supervision, @Ctx() ctx: RequestContext): boolean {
    return s.kind === SupervisionKind.SUPERVISE && s.respondedAt === null && s.dueAt !== null && s.dueAt.getTime() < ctx.services.workflow.now().getTime();
  }
}
