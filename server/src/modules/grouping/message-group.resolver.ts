import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { parseId } from '../../common/text';
import { isUnitScoped } from '../../auth/viewer';
import { RequestContext, requireStaff } from '../../graphql/context';
import { AssignMessageInput } from '../assignment/assignment.inputs';
import { Message } from '../message/message.entity';
import { MessageGroup } from './message-group.entity';
import {
  AddToMessageGroupInput,
  AssignMessageGroupPayload,
  CreateMessageGroupInput,
  DissolveMessageGroupInput,
  MessageGroupMark,
  MessageGroupMemberView,
  MessageGroupPayload,
  RemoveFromMessageGroupInput,
} from './message-group.types';

/** Groups of similar messages handled together (相似件归并): grouping/message-group.service.ts, docs/analysis.md. */
@Resolver(() => MessageGroup)
export class MessageGroupResolver {
  @Authorized(Permission.MESSAGE_READ)
  @Query(() => MessageGroup, { description: "A group of similar messages (归并组). NOT_FOUND when none of its messages is within the viewer's reach." })
  messageGroup(@Arg('id', () => ID, { description: 'Group id.' }) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.messageGroups.get(requireStaff(ctx), parseId('id', id));
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessageGroupPayload, {
    description:
      "Link a lead message and some of its similar messages into a group handled together (相似件归并); each message's ledger records it (GROUPED). Platform admins and dispatchers; a message already in a group is a CONFLICT (ALREADY_GROUPED).",
  })
  async createMessageGroup(
    @Arg('input', () => CreateMessageGroupInput, { description: 'Lead and members.' }) input: CreateMessageGroupInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { group: await ctx.services.messageGroups.create(requireStaff(ctx), input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessageGroupPayload, { description: "Link more messages into a group (GROUPED in each one's ledger)." })
  async addToMessageGroup(
    @Arg('input', () => AddToMessageGroupInput, { description: 'Group and messages.' }) input: AddToMessageGroupInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { group: await ctx.services.messageGroups.add(requireStaff(ctx), input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessageGroupPayload, {
    description:
      "Take a message out of its group (移出归并组; UNGROUPED in its ledger). The lead stays (GROUP_LEAD_STAYS: dissolve instead); a group left with its lead alone is dissolved (the payload's group is then null).",
  })
  async removeFromMessageGroup(
    @Arg('input', () => RemoveFromMessageGroupInput, { description: 'The message.' }) input: RemoveFromMessageGroupInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { group: await ctx.services.messageGroups.remove(requireStaff(ctx), input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessageGroupPayload, {
    description: "Dissolve a group (解除归并): every message leaves it (UNGROUPED in each ledger); their handling is untouched. The payload's group is null.",
  })
  async dissolveMessageGroup(
    @Arg('input', () => DissolveMessageGroupInput, { description: 'The group.' }) input: DissolveMessageGroupInput,
    @Ctx() ctx: RequestContext,
  ) {
    await ctx.services.messageGroups.dissolve(requireStaff(ctx), input);
    return { group: null };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignMessageGroupPayload, {
    description:
      "Assign a group's lead message (交办) and, in the same transaction, every member still unassigned (待受理, 已受理) to the same units with the same instructions: each through its own ASSIGN transition, ledger row (naming the group) and deadlines. Members already assigned, answered, closed, merged or refused are skipped. NOT_GROUP_LEAD for a message that leads no group.",
  })
  assignMessageGroup(
    @Arg('input', () => AssignMessageInput, { description: 'The lead message and the units, as for assignMessage.' }) input: AssignMessageInput,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.messageGroups.assignGroup(requireStaff(ctx), input);
  }

  @FieldResolver(() => Message, { nullable: true, description: "The lead message (主件); null when it is outside the viewer's reach." })
  async lead(@Root() g: MessageGroup, @Ctx() ctx: RequestContext) {
    const m = await ctx.loaders.message.load(g.leadMessageId);
    return ctx.services.messages.visibleOrNull(requireStaff(ctx), m ?? null);
  }

  @FieldResolver(() => [MessageGroupMemberView], { description: "Its messages within the viewer's reach, the lead first, then by submission." })
  members(@Root() g: MessageGroup, @Ctx() ctx: RequestContext) {
    // through the request's loader: a page of groups reads its members in one statement, within the viewer's reach
    return ctx.loaders.groupMembersFor(requireStaff(ctx)).load(g.id);
  }

  @FieldResolver(() => Int, { description: "How many messages the group holds (also those outside the viewer's reach)." })
  size(@Root() g: MessageGroup, @Ctx() ctx: RequestContext) {
    return ctx.loaders.messageGroupSize.load(g.id);
  }
}

@Resolver(() => Message)
export class MessageGroupFieldResolver {
  @FieldResolver(() => MessageGroup, { nullable: true, description: 'The group of similar messages it is linked into (相似件归并), or null.' })
  async group(@Root() m: Message, @Ctx() ctx: RequestContext): Promise<MessageGroup | null> {
    // through the request's loaders, as groupMark: a list of N messages asking for their group costs what one does
    const g = await ctx.loaders.groupOfMessage.load(m.id);
    return g ? ctx.loaders.messageGroup.load(g.groupId) : null;
  }

  @FieldResolver(() => MessageGroupMark, {
    nullable: true,
    description: 'Its group as a list row shows it (归并标记: 归并 N 件 / 并入 主件编号), or null; a page of messages reads it in one statement.',
  })
  async groupMark(@Root() m: Message, @Ctx() ctx: RequestContext): Promise<MessageGroupMark | null> {
    const g = await ctx.loaders.groupOfMessage.load(m.id);
    if (!g) return null;
    const isLead = g.leadMessageId === m.id;
    return { groupId: g.groupId, isLead, size: g.size, leadSerialNo: isLead || !isUnitScoped(requireStaff(ctx)) ? g.leadSerialNo : null };
  }
}
