import { BlockedAction } from '../../common/blockedAction';
import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { parseId } from '../../common/text';
import { PageArgs, toPage } from '../../graphql/connection';
import { RequestContext, requireStaff } from '../../graphql/context';
import { Message } from '../message/message.entity';
import { Unit } from '../unit/unit.entity';
import { Reply } from './reply.entity';
import {
  DirectAnswerInput,
  DraftReplyInput,
  ReplyConnection,
  ReplyPayload,
  ReviewReplyInput,
  ReviseReplyInput,
  SubmitReplyInput,
  UpdateReplyInput,
} from './reply.inputs';
import { ReplyAction } from './reply.transitions';

@Resolver(() => Reply)
export class ReplyResolver {
  @Authorized(Permission.MESSAGE_READ)
  @Query(() => ReplyConnection, {
    description: "Replies waiting for the viewer's review level (审核队列): unit reviewers their subtree's, the platform its own.",
  })
  reviewQueue(@Args(() => PageArgs) paging: PageArgs, @Ctx() ctx: RequestContext) {
    return ctx.services.replies.reviewQueue(requireStaff(ctx), toPage(paging, ctx.config.limits));
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => ReplyPayload, { description: 'Draft a reply on an assignment (拟写答复): final/progress for the lead unit, an opinion for assisting units.' })
  async draftReply(
    @Arg('input', () => DraftReplyInput, { description: 'Assignment, kind and handling form.' }) input: DraftReplyInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { reply: await ctx.services.replies.draft(requireStaff(ctx), input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => ReplyPayload, { description: 'Draft a direct answer by the platform to a consultation (直办).' })
  async directAnswer(
    @Arg('input', () => DirectAnswerInput, { description: 'Message and handling form.' }) input: DirectAnswerInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { reply: await ctx.services.replies.directAnswer(requireStaff(ctx), input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => ReplyPayload, { description: 'Change a draft or a sent-back reply (修改答复).' })
  async updateReply(@Arg('input', () => UpdateReplyInput, { description: 'Reply and new form.' }) input: UpdateReplyInput, @Ctx() ctx: RequestContext) {
    return { reply: await ctx.services.replies.update(requireStaff(ctx), input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => ReplyPayload, {
    description: 'The reviewer corrects the text of a reply waiting for their review (审核修改); the ledger keeps the text before.',
  })
  async reviseReply(@Arg('input', () => ReviseReplyInput, { description: 'Reply and corrected text.' }) input: ReviseReplyInput, @Ctx() ctx: RequestContext) {
    return { reply: await ctx.services.replies.revise(requireStaff(ctx), parseId('replyId', input.replyId), input.content) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => ReplyPayload, { description: 'Submit a reply for review (提交审核).' })
  async submitReply(@Arg('input', () => SubmitReplyInput, { description: 'The reply.' }) input: SubmitReplyInput, @Ctx() ctx: RequestContext) {
    return { reply: await ctx.services.replies.submit(requireStaff(ctx), parseId('replyId', input.replyId)) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => ReplyPayload, { description: "Approve a reply at the viewer's level, or send it back with a comment (审核/退回)." })
  async reviewReply(@Arg('input', () => ReviewReplyInput, { description: 'Reply and decision.' }) input: ReviewReplyInput, @Ctx() ctx: RequestContext) {
    return { reply: await ctx.services.replies.review(requireStaff(ctx), parseId('replyId', input.replyId), input.approve, input.comment) };
  }

  @FieldResolver(() => Message, { description: 'The message.' })
  message(@Root() r: Reply, @Ctx() ctx: RequestContext) {
    return ctx.loaders.message.load(r.messageId);
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'The replying unit; null for a direct answer.' })
  unit(@Root() r: Reply, @Ctx() ctx: RequestContext) {
    return r.unitId ? ctx.loaders.unit.load(r.unitId) : null;
  }

  @FieldResolver(() => [BlockedAction], {
    description:
      "Actions the viewer's role, units and the state allow but a rule refuses now, with the reason (暂不可执行的操作), e.g. PLATFORM_APPROVE while assist opinions are missing.",
  })
  async blockedActions(@Root() r: Reply, @Ctx() ctx: RequestContext) {
    return (await ctx.services.replies.evaluate(requireStaff(ctx), r, ctx.loaders)).blocked;
  }

  @FieldResolver(() => [ReplyAction], { description: 'Actions the viewer may take now (可执行操作).' })
  availableActions(@Root() r: Reply, @Ctx() ctx: RequestContext) {
    return ctx.services.replies.availableActions(requireStaff(ctx), r, ctx.loaders);
  }
}
