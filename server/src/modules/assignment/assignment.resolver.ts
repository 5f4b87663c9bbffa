import { BlockedAction } from '../../common/blockedAction';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { parseId } from '../../common/text';
import { PageArgs, toPage } from '../../graphql/connection';
import { RequestContext, requireStaff } from '../../graphql/context';
import { Message } from '../message/message.entity';
import { WarningLevel } from '../message/message.enums';
import { MessagePayload } from '../message/message.inputs';
import { warningOf } from '../message/warning';
import { DeadlineStatus } from '../message/deadline-status';
import { Unit } from '../unit/unit.entity';
import { Assignment, ExtensionRequest } from './assignment.entity';
import { AssignmentObjection } from './objection.entity';
import {
  AssignMessageInput,
  AssignmentActionInput,
  AssignmentConnection,
  AssignmentPayload,
  AssignmentReasonInput,
  DecisionInput,
  DelegateInput,
  InboxFilter,
  PendingRequestConnection,
  PendingRequestKind,
  ReassignMessageInput,
  RecordContactInput,
  RequestExtensionInput,
  ObjectionDecisionInput,
  ObjectionInput,
} from './assignment.inputs';
import { AssignmentAction } from './assignment.transitions';
import { OPEN_ASSIGNMENT_STATES } from '../message/message.states';

const OPEN = OPEN_ASSIGNMENT_STATES;

@Resolver(() => Assignment)
export class AssignmentResolver {
  @Authorized(Permission.MESSAGE_READ)
  @Query(() => AssignmentConnection, { description: "A unit's inbox (待办): its assignments (and its subtree's), earliest due first." })
  inbox(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('filter', () => InboxFilter, { nullable: true, description: 'Unit, states and warning level.' }) filter: InboxFilter | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.assignments.inbox(requireStaff(ctx), filter ?? {}, toPage(paging, ctx.config.limits), ctx.loaders);
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Query(() => PendingRequestConnection, {
    description:
      "Return and extension requests waiting for the platform's decision (待审批的退单/延期), oldest first, with their reasons. Platform admins and dispatchers.",
  })
  pendingRequests(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('kind', () => PendingRequestKind, { nullable: true, description: 'Only returns or only extensions.' }) kind: PendingRequestKind | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.assignments.pendingRequests(requireStaff(ctx), kind, toPage(paging, ctx.config.limits));
  }

  @Authorized(Permission.MESSAGE_READ)
  @Query(() => Assignment, { description: 'One assignment.' })
  assignment(@Arg('id', () => ID, { description: 'Assignment id.' }) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.assignments.get(requireStaff(ctx), parseId('id', id));
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessagePayload, { description: 'Assign a lead unit and assisting units (交办); accepts the message if needed.' })
  async assignMessage(@Arg('input', () => AssignMessageInput, { description: 'Message and units.' }) input: AssignMessageInput, @Ctx() ctx: RequestContext) {
    return { message: await ctx.services.assignments.assign(requireStaff(ctx), input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => MessagePayload, { description: 'Replace the lead unit (改派).' })
  async reassignMessage(
    @Arg('input', () => ReassignMessageInput, { description: 'Message, new lead unit and reason.' }) input: ReassignMessageInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { message: await ctx.services.assignments.reassign(requireStaff(ctx), input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Sign for an assignment (签收).' })
  async signAssignment(
    @Arg('input', () => AssignmentActionInput, { description: 'The assignment.' }) input: AssignmentActionInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { assignment: await ctx.services.assignments.sign(requireStaff(ctx), parseId('assignmentId', input.assignmentId), input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: "Hand an assignment down to a unit below (下派); the payload is the new child assignment's parent." })
  async delegateAssignment(@Arg('input', () => DelegateInput, { description: 'Assignment and unit.' }) input: DelegateInput, @Ctx() ctx: RequestContext) {
    return {
      assignment: await ctx.services.assignments.delegate(
        requireStaff(ctx),
        parseId('assignmentId', input.assignmentId),
        input.unitId,
        input.note,
        input.expectedVersion,
      ),
    };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Record a contact with the citizen (联系群众): on the lead unit, the first response that 响应率 counts.' })
  async recordContact(
    @Arg('input', () => RecordContactInput, { description: 'Assignment, how and what.' }) input: RecordContactInput,
    @Ctx() ctx: RequestContext,
  ) {
    return {
      assignment: await ctx.services.assignments.recordContact(
        requireStaff(ctx),
        parseId('assignmentId', input.assignmentId),
        input.method,
        input.note,
        input.expectedVersion,
      ),
    };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Ask to return an assignment (申请退单).' })
  async requestReturn(
    @Arg('input', () => AssignmentReasonInput, { description: 'Assignment and reason.' }) input: AssignmentReasonInput,
    @Ctx() ctx: RequestContext,
  ) {
    return {
      assignment: await ctx.services.assignments.requestReturn(
        requireStaff(ctx),
        parseId('assignmentId', input.assignmentId),
        input.reason,
        input.expectedVersion,
      ),
    };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Approve or refuse a return request (退单审批).' })
  async decideReturn(@Arg('input', () => DecisionInput, { description: 'Assignment and decision.' }) input: DecisionInput, @Ctx() ctx: RequestContext) {
    return {
      assignment: await ctx.services.assignments.decideReturn(
        requireStaff(ctx),
        parseId('assignmentId', input.assignmentId),
        input.approve,
        input.comment,
        input.expectedVersion,
      ),
    };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: "Object to an assignment (派单异议): not the unit's matter, with a reason; the platform decides." })
  async objectToAssignment(
    @Arg('input', () => ObjectionInput, { description: 'Assignment, reason and the unit held responsible.' }) input: ObjectionInput,
    @Ctx() ctx: RequestContext,
  ) {
    return {
      assignment: await ctx.services.assignments.object(
        requireStaff(ctx),
        parseId('assignmentId', input.assignmentId),
        input.reason,
        input.proposedUnitId,
        input.expectedVersion,
      ),
    };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Decide an objection (派单异议决定): uphold (reassign) or reject (the unit keeps it).' })
  async decideObjection(
    @Arg('input', () => ObjectionDecisionInput, { description: 'Assignment and decision.' }) input: ObjectionDecisionInput,
    @Ctx() ctx: RequestContext,
  ) {
    return {
      assignment: await ctx.services.assignments.decideObjection(
        requireStaff(ctx),
        parseId('assignmentId', input.assignmentId),
        input.uphold,
        input.comment,
        input.newUnitId,
        input.expectedVersion,
      ),
    };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Ask for more time, before the deadline (申请延期).' })
  async requestExtension(
    @Arg('input', () => RequestExtensionInput, { description: 'Assignment, days and reason.' }) input: RequestExtensionInput,
    @Ctx() ctx: RequestContext,
  ) {
    return {
      assignment: await ctx.services.assignments.requestExtension(
        requireStaff(ctx),
        parseId('assignmentId', input.assignmentId),
        input.days,
        input.reason,
        input.expectedVersion,
      ),
    };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Approve or refuse an extension request (延期审批).' })
  async decideExtension(@Arg('input', () => DecisionInput, { description: 'Assignment and decision.' }) input: DecisionInput, @Ctx() ctx: RequestContext) {
    return {
      assignment: await ctx.services.assignments.decideExtension(
        requireStaff(ctx),
        parseId('assignmentId', input.assignmentId),
        input.approve,
        input.comment,
        input.days,
        input.expectedVersion,
      ),
    };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Withdraw an assist or delegated assignment (撤销).' })
  async cancelAssignment(
    @Arg('input', () => AssignmentReasonInput, { description: 'Assignment and reason.' }) input: AssignmentReasonInput,
    @Ctx() ctx: RequestContext,
  ) {
    return {
      assignment: await ctx.services.assignments.cancel(requireStaff(ctx), parseId('assignmentId', input.assignmentId), input.reason, input.expectedVersion),
    };
  }

  @FieldResolver(() => Message, { description: 'The message.' })
  message(@Root() a: Assignment, @Ctx() ctx: RequestContext) {
    return ctx.loaders.message.load(a.messageId);
  }

  @FieldResolver(() => Unit, { description: 'The unit (承办单位).' })
  unit(@Root() a: Assignment, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(a.unitId);
  }

  @FieldResolver(() => [AssignmentAction], { description: 'Actions the viewer may take now, from the declared state machine (可执行操作).' })
  availableActions(@Root() a: Assignment, @Ctx() ctx: RequestContext) {
    return ctx.services.assignments.availableActions(requireStaff(ctx), a, ctx.loaders);
  }

  @FieldResolver(() => [BlockedAction], {
    description: "Actions the viewer's role, units and the state allow but a rule refuses now, with the reason (暂不可执行的操作).",
  })
  async blockedActions(@Root() a: Assignment, @Ctx() ctx: RequestContext) {
    return (await ctx.services.assignments.evaluate(requireStaff(ctx), a, ctx.loaders)).blocked;
  }

  @FieldResolver(() => WarningLevel, {
    nullable: true,
    description: "Deadline warning while open (红黄灯); while the message is on hold (挂起), as of the hold's start.",
  })
  async warningLevel(@Root() a: Assignment, @Ctx() ctx: RequestContext) {
    if (!OPEN.includes(a.state)) return null;
    const m = await ctx.loaders.message.load(a.messageId);
    return warningOf(a.replyDueAt, a.yellowAt, m?.onHoldSince ?? ctx.services.workflow.now());
  }

  @FieldResolver(() => DeadlineStatus, {
    nullable: true,
    description:
      "Where the reply deadline stands while open: working days left or overdue, by the working calendar, and the message's hold (挂起). Null once finished.",
  })
  async deadline(@Root() a: Assignment, @Ctx() ctx: RequestContext) {
    if (!OPEN.includes(a.state)) return null;
    const m = await ctx.loaders.message.load(a.messageId);
    return ctx.services.deadlines.status(a.replyDueAt, a.yellowAt, m?.onHoldSince ?? null, ctx.services.workflow.now());
  }

  @FieldResolver(() => [ExtensionRequest], { description: 'Extension requests (延期申请).' })
  extensionRequests(@Root() a: Assignment, @Ctx() ctx: RequestContext) {
    return ctx.loaders.extensionsByAssignment.load(a.id);
  }

  @FieldResolver(() => [AssignmentObjection], { description: 'Objections of its unit (派单异议) and their decisions.' })
  objections(@Root() a: Assignment, @Ctx() ctx: RequestContext) {
    return ctx.loaders.objectionsByAssignment.load(a.id);
  }
}
