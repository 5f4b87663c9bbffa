import { BlockedAction } from '../../common/blockedAction';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { parseId } from '../../common/text';
import { PageArgs, toPage } from '../../graphql/connection';
import { RequestContext, requireStaff } from '../../graphql/context';
import { Category } from '../category/category.entity';
import { Leader } from '../leader/leader.entity';
import { Unit } from '../unit/unit.entity';
import { Assignment } from '../assignment/assignment.entity';
import { Reply } from '../reply/reply.entity';
import { Evaluation } from '../evaluation/evaluation.entity';
import { Supervision } from '../supervision/supervision.entity';
import { RecordEvaluationInput, SuperviseInput, SupervisionInput, SupervisionPayload, RespondSupervisionInput } from '../supervision/supervision.inputs';
import { ActorKind, MessageState, ReplyState, SupervisionKind, WarningLevel } from './message.enums';
import { Message } from './message.entity';
import {
  CreateMessageInput,
  CreateMessagePayload,
  ImportMessagesInput,
  ImportMessagesPayload,
  MarkInvalidInput,
  MergeMessageInput,
  MessageActionInput,
  MessageConnection,
  MessageEventConnection,
  MessageFilter,
  MessagePayload,
  MessagePii,
  MessageReasonInput,
  SetMessageCategoryInput,
  MessageSort,
  RevealPiiPayload,
} from './message.inputs';
import { MessageAction } from './message.transitions';
import { warningOf } from './warning';
import { DeadlineStatus, ScreeningStatus } from './deadline-status';

import { forbidden } from '../../graphql/errors';
import { HANDLING_STATES, isIn } from './message.states';

@Resolver(() => Message)
export class MessageResolver {
  @Authorized(Permission.MESSAGE_READ)
  @Query(() => MessageConnection, { description: "Messages within the viewer's reach (留言列表), newest first by default." })
  messages(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('filter', () => MessageFilter, { nullable: true, description: 'Filter.' }) filter: MessageFilter | undefined,
    @Arg('sort', () => MessageSort, { nullable: true, description: 'Sort order.' }) sort: MessageSort | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.messages.list(requireStaff(ctx), filter ?? {}, sort, toPage(paging, ctx.config.limits));
  }

  @Authorized(Permission.MESSAGE_READ)
  @Query(() => Message, { description: "One message (留言详情); NOT_FOUND when outside the viewer's reach." })
  async message(@Arg('id', () => ID, { description: 'Message id.' }) id: string, @Ctx() ctx: RequestContext) {
    // the fields that need the message again (a reply's guards, a group's lead), its region or its category read them
    // from the request's loaders
    return ctx.services.messages.getVisibleForRequest(requireStaff(ctx), parseId('id', id), ctx.loaders);
  }

  @Authorized(Permission.MESSAGE_CREATE)
  @Mutation(() => CreateMessagePayload, { description: 'Enter a message (登记留言); idempotent on (channel, externalId).' })
  createMessage(@Arg('input', () => CreateMessageInput, { description: 'The message.' }) input: CreateMessageInput, @Ctx() ctx: RequestContext) {
    const v = requireStaff(ctx);
    return ctx.services.messages.create(input, { kind: ActorKind.STAFF, userId: v.userId, unitId: v.unitId }, null);
  }

  @Authorized(Permission.MESSAGE_CREATE)
  @Mutation(() => ImportMessagesPayload, {
    description: 'Bulk intake (批量导入): up to 500 messages in one transaction; all or nothing; repeats of (channel, externalId) skipped.',
  })
  async importMessages(@Arg('input', () => ImportMessagesInput, { description: 'The messages.' }) input: ImportMessagesInput, @Ctx() ctx: RequestContext) {
    const v = requireStaff(ctx);
    const res = await ctx.services.messages.importMany(input.messages, { kind: ActorKind.STAFF, userId: v.userId, unitId: v.unitId });
    return {
      created: res.created.map(({ message, queryCode }) => ({ id: String(message.id), serialNo: message.serialNo, externalId: message.externalId, queryCode })),
      skipped: res.skipped,
    };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessagePayload, { description: 'Accept a message after screening (受理).' })
  async acceptMessage(@Arg('input', () => MessageActionInput, { description: 'The message.' }) input: MessageActionInput, @Ctx() ctx: RequestContext) {
    return { message: await ctx.services.messages.accept(requireStaff(ctx), parseId('messageId', input.messageId), input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessagePayload, {
    description: 'Set or change the category of a message (设置领域), e.g. accepting a category suggestion at screening; platform roles, before it is replied.',
  })
  async setMessageCategory(
    @Arg('input', () => SetMessageCategoryInput, { description: 'Message and category.' }) input: SetMessageCategoryInput,
    @Ctx() ctx: RequestContext,
  ) {
    return {
      message: await ctx.services.messages.classify(
        requireStaff(ctx),
        parseId('messageId', input.messageId),
        parseId('categoryId', input.categoryId),
        input.expectedVersion,
      ),
    };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessagePayload, { description: 'Do not accept a message, with a reason (不予受理).' })
  async markMessageInvalid(@Arg('input', () => MarkInvalidInput, { description: 'Message and reason.' }) input: MarkInvalidInput, @Ctx() ctx: RequestContext) {
    return {
      message: await ctx.services.messages.markInvalid(
        requireStaff(ctx),
        parseId('messageId', input.messageId),
        input.reason,
        input.note,
        input.expectedVersion,
      ),
    };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessagePayload, { description: 'Merge a repeated message into another (并单); it follows the target from now on.' })
  async mergeMessage(@Arg('input', () => MergeMessageInput, { description: 'Message and target.' }) input: MergeMessageInput, @Ctx() ctx: RequestContext) {
    const target = input.targetMessageId ? { id: parseId('targetMessageId', input.targetMessageId) } : { serialNo: input.targetSerialNo };
    return {
      message: await ctx.services.messages.merge(
        requireStaff(ctx),
        parseId('messageId', input.messageId),
        { ...target, both: !!input.targetMessageId && !!input.targetSerialNo },
        input.note,
        input.expectedVersion,
      ),
    };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessagePayload, { description: 'Wait for the citizen (挂起): the clock pauses until resumed.' })
  async holdMessage(@Arg('input', () => MessageReasonInput, { description: 'Message and reason.' }) input: MessageReasonInput, @Ctx() ctx: RequestContext) {
    return { message: await ctx.services.assignments.hold(requireStaff(ctx), parseId('messageId', input.messageId), input.reason, input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessagePayload, { description: 'Resume after waiting (恢复): open deadlines move later by the paused time.' })
  async resumeMessage(@Arg('input', () => MessageReasonInput, { description: 'Message and note.' }) input: MessageReasonInput, @Ctx() ctx: RequestContext) {
    return { message: await ctx.services.assignments.resume(requireStaff(ctx), parseId('messageId', input.messageId), input.reason, input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => SupervisionPayload, { description: 'Urge the units (催办).' })
  async urgeMessage(@Arg('input', () => SupervisionInput, { description: 'Message, unit and text.' }) input: SupervisionInput, @Ctx() ctx: RequestContext) {
    return { supervision: await ctx.services.supervision.add(requireStaff(ctx), SupervisionKind.URGE, input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => SupervisionPayload, { description: 'Supervise formally, with a due date for the response (督办).' })
  async superviseMessage(
    @Arg('input', () => SuperviseInput, { description: 'Message, unit, text and due date.' }) input: SuperviseInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { supervision: await ctx.services.supervision.add(requireStaff(ctx), SupervisionKind.SUPERVISE, input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => SupervisionPayload, { description: "A leader's instruction (批示), shown to the units." })
  async instructMessage(@Arg('input', () => SupervisionInput, { description: 'Message, unit and text.' }) input: SupervisionInput, @Ctx() ctx: RequestContext) {
    return { supervision: await ctx.services.supervision.add(requireStaff(ctx), SupervisionKind.INSTRUCTION, input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => SupervisionPayload, { description: 'A unit answers a formal supervision (督办反馈).' })
  async respondSupervision(
    @Arg('input', () => RespondSupervisionInput, { description: 'Supervision and response.' }) input: RespondSupervisionInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { supervision: await ctx.services.supervision.respond(requireStaff(ctx), parseId('supervisionId', input.supervisionId), input.response) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessagePayload, { description: "Record the citizen's rating after a follow-up call (回访评价); the message closes." })
  async recordEvaluation(
    @Arg('input', () => RecordEvaluationInput, { description: 'Message and scores.' }) input: RecordEvaluationInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { message: await ctx.services.closing.recordEvaluation(requireStaff(ctx), parseId('messageId', input.messageId), input, input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessagePayload, { description: 'Reopen for handling again, with a reason (重办).' })
  async reopenMessage(@Arg('input', () => MessageReasonInput, { description: 'Message and reason.' }) input: MessageReasonInput, @Ctx() ctx: RequestContext) {
    return { message: await ctx.services.closing.reopen(requireStaff(ctx), parseId('messageId', input.messageId), input.reason, input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessagePayload, { description: 'Close a replied message (办结).' })
  async closeMessage(@Arg('input', () => MessageActionInput, { description: 'The message.' }) input: MessageActionInput, @Ctx() ctx: RequestContext) {
    return { message: await ctx.services.closing.close(requireStaff(ctx), parseId('messageId', input.messageId), input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => RevealPiiPayload, {
    description: "Reveal the citizen's private data (查看隐私); allowed to the platform and the lead unit, and logged (PII_VIEWED).",
  })
  async revealMessagePii(@Arg('input', () => MessageActionInput, { description: 'The message.' }) input: MessageActionInput, @Ctx() ctx: RequestContext) {
    return { pii: await ctx.services.messages.revealPii(requireStaff(ctx), parseId('messageId', input.messageId)) };
  }

  // ── fields ──

  @FieldResolver(() => MessagePii, { description: 'Private data, always masked here; use `revealMessagePii` to see it (logged).' })
  pii(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return ctx.services.messages.masked(m);
  }

  @FieldResolver(() => [MessageAction], { description: 'Actions the viewer may take now, from the declared state machine (可执行操作).' })
  availableActions(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return ctx.services.messages.availableActions(requireStaff(ctx), m, ctx.loaders);
  }

  @FieldResolver(() => [BlockedAction], {
    description: "Actions the viewer's role, units and the state allow but a rule refuses now, with the reason (暂不可执行的操作).",
  })
  async blockedActions(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return (await ctx.services.messages.evaluate(requireStaff(ctx), m, ctx.loaders)).blocked;
  }

  @FieldResolver(() => WarningLevel, {
    nullable: true,
    description:
      "Deadline warning of the lead assignment while the message is being handled (红黄灯); during a hold (挂起) as of the hold's start, since the clock is stopped.",
  })
  warningLevel(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return isIn(HANDLING_STATES, m.state) ? warningOf(m.replyDueAt, m.yellowAt, m.onHoldSince ?? ctx.services.workflow.now()) : null;
  }

  @FieldResolver(() => DeadlineStatus, {
    nullable: true,
    description:
      "Where the lead unit's reply deadline stands while the message is being handled (ASSIGNED, IN_PROGRESS): working days left or overdue, by the working calendar, and the hold (挂起). Null otherwise.",
  })
  deadline(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return isIn(HANDLING_STATES, m.state) && m.replyDueAt
      ? ctx.services.deadlines.status(m.replyDueAt, m.yellowAt, m.onHoldSince, ctx.services.workflow.now())
      : null;
  }

  @FieldResolver(() => ScreeningStatus, {
    nullable: true,
    description: 'How long a message waiting for screening (RECEIVED, 待受理) has waited, by the working calendar; null in other states.',
  })
  screening(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return m.state === MessageState.RECEIVED ? ctx.services.deadlines.screening(m.submittedAt, ctx.services.workflow.now()) : null;
  }

  @FieldResolver(() => Category, { nullable: true, description: 'Category (领域).' })
  category(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return m.categoryId ? ctx.loaders.category.load(m.categoryId) : null;
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Region (地区).' })
  region(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return m.regionUnitId ? ctx.loaders.unit.load(m.regionUnitId) : null;
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Unit addressed.' })
  addressedUnit(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return m.addressedUnitId ? ctx.loaders.unit.load(m.addressedUnitId) : null;
  }

  @FieldResolver(() => Leader, { nullable: true, description: 'Leader addressed.' })
  addressedLeader(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return m.addressedLeaderId ? ctx.loaders.leader.load(m.addressedLeaderId) : null;
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Current lead unit (主办单位).' })
  leadUnit(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return m.leadUnitId ? ctx.loaders.unit.load(m.leadUnitId) : null;
  }

  @FieldResolver(() => Message, { nullable: true, description: "The message this one was merged into; null when it is outside the viewer's reach." })
  async duplicateOf(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return m.duplicateOfId ? ctx.services.messages.visibleOrNull(requireStaff(ctx), await ctx.loaders.message.load(m.duplicateOfId)) : null;
  }

  @FieldResolver(() => [Assignment], { description: 'Assignments, oldest first (交办记录).' })
  assignments(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return ctx.loaders.assignmentsByMessage.load(m.id);
  }

  @FieldResolver(() => [Reply], { description: 'Replies: published ones for every reader; drafts and reviews only for their unit chain and the platform.' })
  async replies(@Root() m: Message, @Ctx() ctx: RequestContext) {
    const viewer = requireStaff(ctx);
    const all = await ctx.loaders.repliesByMessage.load(m.id);
    const units = await ctx.loaders.unit.loadMany([...new Set(all.map((r) => r.unitId).filter((x): x is number => !!x))]);
    const pathOf = new Map(units.filter((u): u is Unit => !!u && !(u instanceof Error)).map((u) => [u.id, u.path]));
    return all.filter(
      (r) =>
        r.state === ReplyState.PUBLISHED ||
        r.state === ReplyState.APPROVED ||
        ['PLATFORM_ADMIN', 'DISPATCHER', 'SUPERVISOR'].includes(viewer.role) ||
        (r.unitId !== null && ctx.services.replies.canSeeDraft(viewer, pathOf.get(r.unitId) ?? '/none/')),
    );
  }

  @FieldResolver(() => [Evaluation], { description: 'Ratings (评价).' })
  evaluations(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return ctx.loaders.evaluationsByMessage.load(m.id);
  }

  @FieldResolver(() => [Supervision], { description: 'Urging, supervision and instructions (催办/督办/批示).' })
  supervisions(@Root() m: Message, @Ctx() ctx: RequestContext) {
    return ctx.loaders.supervisionsByMessage.load(m.id);
  }

  @FieldResolver(() => MessageEventConnection, { description: 'The ledger of this message, oldest first (办理过程/台账).' })
  timeline(@Root() m: Message, @Args(() => PageArgs) paging: PageArgs, @Ctx() ctx: RequestContext) {
    return ctx.services.messages.timeline(
      m.id,
      toPage({ first: paging.first ?? 100, after: paging.after, offset: paging.offset }, ctx.config.limits),
      ctx.loaders,
    );
  }

  @FieldResolver(() => [Message], {
    description: 'Likely repeats (疑似重复件): same contact or the same title with near-identical text, within 30 days. Platform roles only.',
  })
  async duplicateSuggestions(
    @Root() m: Message,
    @Ctx() ctx: RequestContext,
    @Arg('windowDays', () => Int, { defaultValue: 30, description: 'Days before and after.' }) windowDays: number,
  ) {
    const v = requireStaff(ctx);
    if (!['PLATFORM_ADMIN', 'DISPATCHER', 'SUPERVISOR'].includes(v.role)) throw forbidden('只有平台人员可以查看疑似重复件 (platform roles only)');
    return ctx.services.messages.duplicateSuggestions(m, Math.min(Math.max(windowDays, 1), 365));
  }
}
