import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '../../auth/permissions';
import { parseId } from '../../common/text';
import { PageArgs, toPage } from '../../graphql/connection';
import { RequestContext, requireStaff } from '../../graphql/context';
import { Message } from '../message/message.entity';
import { AssignmentState, WarningLevel } from '../message/message.enums';
import { MessageActionInput, MessagePayload } from '../message/message.inputs';
import { warningOf } from '../message/warning';
import { Unit } from '../unit/unit.entity';
import { Assignment, ExtensionRequest } from './assignment.entity';
import {
  AssignMessageInput, AssignmentActionInput, AssignmentConnection, AssignmentPayload, AssignmentReasonInput, DecisionInput,
  DelegateInput, InboxFilter, ReassignMessageInput, RequestExtensionInput,
} from './assignment.inputs';
import { AssignmentAction } from './assignment.transitions';

const OPEN = [AssignmentState.PENDING, AssignmentState.SIGNED, AssignmentState.RETURN_REQUESTED];

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
  async reassignMessage(@Arg('input', () => ReassignMessageInput, { description: 'Message, new lead unit and reason.' }) input: ReassignMessageInput, @Ctx() ctx: RequestContext) {
    return { message: await ctx.services.assignments.reassign(requireStaff(ctx), input) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Sign for an assignment (签收).' })
  async signAssignment(@Arg('input', () => AssignmentActionInput, { description: 'The assignment.' }) input: AssignmentActionInput, @Ctx() ctx: RequestContext) {
    return { assignment: await ctx.services.assignments.sign(requireStaff(ctx), parseId('assignmentId', input.assignmentId), input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Hand an assignment down to a unit below (下派); the payload is the new child assignment\'s parent.' })
  async delegateAssignment(@Arg('input', () => DelegateInput, { description: 'Assignment and unit.' }) input: DelegateInput, @Ctx() ctx: RequestContext) {
    return { assignment: await ctx.services.assignments.delegate(requireStaff(ctx), parseId('assignmentId', input.assignmentId), input.unitId, input.note, input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Ask to return an assignment (申请退单).' })
  async requestReturn(@Arg('input', () => AssignmentReasonInput, { description: 'Assignment and reason.' }) input: AssignmentReasonInput, @Ctx() ctx: RequestContext) {
    return { assignment: await ctx.services.assignments.requestReturn(requireStaff(ctx), parseId('assignmentId', input.assignmentId), input.reason, input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Approve or refuse a return request (退单审批).' })
  async decideReturn(@Arg('input', () => DecisionInput, { description: 'Assignment and decision.' }) input: DecisionInput, @Ctx() ctx: RequestContext) {
    return { assignment: await ctx.services.assignments.decideReturn(requireStaff(ctx), parseId('assignmentId', input.assignmentId), input.approve, input.comment, input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Ask for more time, before the deadline (申请延期).' })
  async requestExtension(@Arg('input', () => RequestExtensionInput, { description: 'Assignment, days and reason.' }) input: RequestExtensionInput, @Ctx() ctx: RequestContext) {
    return { assignment: await ctx.services.assignments.requestExtension(requireStaff(ctx), parseId('assignmentId', input.assignmentId), input.days, input.reason, input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Approve or refuse an extension request (延期审批).' })
  async decideExtension(@Arg('input', () => DecisionInput, { description: 'Assignment and decision.' }) input: DecisionInput, @Ctx() ctx: RequestContext) {
    return { assignment: await ctx.services.assignments.decideExtension(requireStaff(ctx), parseId('assignmentId', input.assignmentId), input.approve, input.comment, input.days, input.expectedVersion) };
  }

  @Authorized(Permission.MESSAGE_ACT)
  @Mutation(() => AssignmentPayload, { description: 'Withdraw an assist or delegated assignment (撤销).' })
  async cancelAssignment(@Arg('input', () => AssignmentReasonInput, { description: 'Assignment and reason.' }) input: AssignmentReasonInput, @Ctx() ctx: RequestContext) {
    return { assignment: await ctx.services.assignments.cancel(requireStaff(ctx), parseId('assignmentId', input.assignmentId), input.reason, input.expectedVersion) };
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

  @FieldResolver(() => WarningLevel, { nullable: true, description: 'Deadline warning while open (红黄灯).' })
  warningLevel(@Root() a: Assignment) {
    return OPEN.includes(a.state) ? warningOf(a.replyDueAt, a.yellowAt, new Date()) : null;
  }

  @FieldResolver(() => [ExtensionRequest], { description: 'Extension requests (延期申请).' })
  extensionRequests(@Root() a: Assignment, @Ctx() ctx: RequestContext) {
    return ctx.loaders.extensionsByAssignment.load(a.id);
  }
}
