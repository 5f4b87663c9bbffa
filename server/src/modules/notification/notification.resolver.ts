import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { PageArgs, toPage } from '../../graphql/connection';
import { RequestContext, requireStaff } from '../../graphql/context';
import { LiveEventType } from '../realtime/realtime.resolver';
import type { LiveEvent } from '../realtime/realtime.service';
import { Notification } from './notification.entity';
import { MarkNotificationsReadInput, MarkNotificationsReadPayload, NotificationConnection } from './notification.inputs';

/** What a ledger payload says in words (the urge or supervision text, the reason, the decision's comment). */
const DETAIL_KEYS = ['content', 'reason', 'comment', 'note'] as const;

@Resolver(() => Notification)
export class NotificationResolver {
  @Authorized()
  @Query(() => NotificationConnection, { description: "The viewer's notifications (通知), newest first." })
  notifications(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('unreadOnly', { defaultValue: false, description: 'Only unread ones.' }) unreadOnly: boolean,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.notifications.list(requireStaff(ctx), unreadOnly, toPage(paging, ctx.config.limits));
  }

  @Authorized()
  @Query(() => Int, { description: "How many of the viewer's notifications are unread (未读通知数)." })
  unreadNotificationCount(@Ctx() ctx: RequestContext) {
    return ctx.services.notifications.unreadCount(requireStaff(ctx));
  }

  @Authorized()
  @Mutation(() => MarkNotificationsReadPayload, { description: "Mark some or all of the viewer's notifications read (标为已读)." })
  async markNotificationsRead(
    @Arg('input', () => MarkNotificationsReadInput, { description: 'Which ones.' }) input: MarkNotificationsReadInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { unreadCount: await ctx.services.notifications.markRead(requireStaff(ctx), input.ids, !!input.all) };
  }

  @Subscription(() => LiveEventType, {
    description: "The viewer's notifications as they are written (the ledger entry each tells of); read the list again for ids and read state.",
    subscribe: ({ context }: { context: RequestContext }) => context.services.realtime.userEvents(requireStaff(context).userId),
  })
  notificationAdded(@Root() e: LiveEvent): LiveEvent {
    return e;
  }

  @FieldResolver(() => Boolean, { description: 'Read already.' })
  read(@Root() n: Notification): boolean {
    return n.readAt !== null;
  }

  /**
   * The message's serial number and title. Told once, they stay readable to the recipient even after their unit lost
   * the message (e.g. a return approved); the message itself then answers NOT_FOUND as usual.
   */
  @FieldResolver(() => String, { description: 'Serial number of the message (留言编号).' })
  async serialNo(@Root() n: Notification, @Ctx() ctx: RequestContext): Promise<string> {
    return (await ctx.loaders.message.load(n.messageId))?.serialNo ?? '';
  }

  @FieldResolver(() => String, { description: 'Title of the message.' })
  async title(@Root() n: Notification, @Ctx() ctx: RequestContext): Promise<string> {
    return (await ctx.loaders.message.load(n.messageId))?.title ?? '';
  }

  @FieldResolver(() => String, { nullable: true, description: 'Name of the unit concerned.' })
  async unitName(@Root() n: Notification, @Ctx() ctx: RequestContext): Promise<string | null> {
    return n.unitId ? ((await ctx.loaders.unit.load(n.unitId))?.name ?? null) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'What the entry says in words: the urge or supervision text, the reason or the comment of a decision.',
  })
  async detail(@Root() n: Notification, @Ctx() ctx: RequestContext): Promise<string | null> {
    const p = (await ctx.loaders.event.load(n.eventId))?.payload ?? {};
    for (const k of DETAIL_KEYS) if (typeof p[k] === 'string' && p[k]) return p[k] as string;
    return null;
  }
}
