import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { IsPlainText } from '../../common/text';
import { Connection } from '../../graphql/connection';
import { AssignmentState, WarningLevel } from '../message/message.enums';
import { MessageActionInput } from '../message/message.inputs';
import { Assignment, ExtensionRequest } from './assignment.entity';

@InputType({ description: 'Input of `assignMessage` (交办): a lead unit and any assisting units.' })
export class AssignMessageInput extends MessageActionInput {
  @Field(() => ID, { description: 'Lead unit (主办单位).' })
  leadUnitId!: string;

  @Field(() => [ID], { nullable: true, description: 'Assisting units (协办单位), at most 10.' })
  @IsOptional()
  @ArrayMaxSize(10)
  assistUnitIds?: string[];

  @Field({
    nullable: true,
    description: 'Complex case (复杂件): true marks it, false clears it, omitted keeps the message as it is. Deadlines follow the SLA policy for it.',
  })
  @IsOptional()
  isComplex?: boolean;

  @Field({
    nullable: true,
    description: 'Urgent (紧急件): true marks it, false clears it, omitted keeps the message as it is. Deadlines follow the SLA policy for it.',
  })
  @IsOptional()
  isUrgent?: boolean;

  @Field({ nullable: true, description: 'Instructions for the units (交办意见).' })
  @IsOptional()
  @Length(1, 1000)
  @IsPlainText()
  note?: string;
}

@InputType({ description: 'Input of `reassignMessage` (改派).' })
export class ReassignMessageInput extends MessageActionInput {
  @Field(() => ID, { description: 'New lead unit.' })
  leadUnitId!: string;

  @Field({ description: 'Why (理由).' })
  @Length(2, 500)
  @IsPlainText()
  reason!: string;
}

@InputType({ description: 'Common part of an assignment action.' })
export class AssignmentActionInput {
  @Field(() => ID, { description: 'The assignment.' })
  assignmentId!: string;

  @Field(() => Int, { nullable: true, description: 'The message version the client saw; a different one is a CONFLICT.' })
  @IsOptional()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Input of `delegateAssignment` (下派).' })
export class DelegateInput extends AssignmentActionInput {
  @Field(() => ID, { description: "A unit below the assignment's unit." })
  unitId!: string;

  @Field({ nullable: true, description: 'Instructions (下派意见).' })
  @IsOptional()
  @Length(1, 1000)
  @IsPlainText()
  note?: string;
}

@InputType({ description: 'Input of `recordContact` (联系群众).' })
export class RecordContactInput extends AssignmentActionInput {
  @Field({ description: 'How the citizen was contacted (电话, 面谈, 短信 …), 1-50 characters.' })
  @Length(1, 50)
  @IsPlainText()
  method!: string;

  @Field({ nullable: true, description: 'What was said or agreed (沟通情况), up to 1000 characters.' })
  @IsOptional()
  @Length(1, 1000)
  @IsPlainText()
  note?: string;
}

@InputType({ description: 'An assignment action with a reason or comment.' })
export class AssignmentReasonInput extends AssignmentActionInput {
  @Field({ description: 'Reason or comment, 2-500 characters.' })
  @Length(2, 500)
  @IsPlainText()
  reason!: string;
}

@InputType({ description: 'Input of `requestExtension` (申请延期).' })
export class RequestExtensionInput extends AssignmentReasonInput {
  @Field(() => Int, { description: 'Working days asked for, 1-30.' })
  @Min(1)
  @Max(30)
  days!: number;
}

@InputType({ description: 'Input of `decideExtension` / `decideReturn` (审批).' })
export class DecisionInput extends AssignmentActionInput {
  @Field({ description: 'True approves, false refuses.' })
  approve!: boolean;

  @Field({ nullable: true, description: 'Comment; required when refusing.' })
  @IsOptional()
  @Length(2, 500)
  @IsPlainText()
  comment?: string;

  @Field(() => Int, { nullable: true, description: 'For extensions: grant a different number of working days than asked.' })
  @IsOptional()
  @Min(1)
  @Max(30)
  days?: number;
}

@InputType({ description: 'Input of `objectToAssignment` (派单异议).' })
export class ObjectionInput extends AssignmentActionInput {
  @Field({ description: "Why the matter is not the unit's, 2-1000 characters (异议理由)." })
  @Length(2, 1000)
  @IsPlainText()
  reason!: string;

  @Field(() => ID, { nullable: true, description: 'The unit held responsible (建议承办单位), if known.' })
  @IsOptional()
  proposedUnitId?: string;
}

@InputType({ description: 'Input of `decideObjection` (派单异议的决定).' })
export class ObjectionDecisionInput extends AssignmentActionInput {
  @Field({ description: 'True upholds it (异议成立: withdrawn, a lead assignment given to `newUnitId`); false rejects it (异议不成立: the unit keeps it).' })
  uphold!: boolean;

  @Field(() => ID, { nullable: true, description: "Upholding a lead assignment's objection: the unit that takes it over (改派单位)." })
  @IsOptional()
  newUnitId?: string;

  @Field({ nullable: true, description: 'Comment; required when rejecting (决定意见).' })
  @IsOptional()
  @Length(2, 500)
  @IsPlainText()
  comment?: string;
}

@ObjectType({ description: 'Payload of assignment actions.' })
export class AssignmentPayload {
  @Field(() => Assignment, { description: 'The assignment as changed.' })
  assignment!: Assignment;
}

@InputType({ description: 'Filter of the unit inbox (待办).' })
export class InboxFilter {
  @Field(() => ID, { nullable: true, description: "Unit whose inbox to read (default: the viewer's unit); must be within the viewer's reach." })
  @IsOptional()
  unitId?: string;

  @Field({ nullable: true, defaultValue: true, description: 'Include the units below it.' })
  @IsOptional()
  includeSubtree?: boolean;

  @Field(() => [AssignmentState], { nullable: true, description: 'States; default the open ones (PENDING, SIGNED, RETURN_REQUESTED).' })
  @IsOptional()
  @ArrayMaxSize(10)
  states?: AssignmentState[];

  @Field(() => WarningLevel, { nullable: true, description: 'Only this warning level.' })
  @IsOptional()
  warningLevel?: WarningLevel;

  @Field({
    nullable: true,
    description: 'Only the messages whose serial number (编号) or title contains this text: how a clerk finds the one a citizen calls about.',
  })
  @IsOptional()
  @MaxLength(100)
  search?: string;
}

export const AssignmentConnection = Connection(Assignment, 'Assignment', 'A page of assignments (交办单), e.g. a unit inbox sorted by due date.');
export { ExtensionRequest };

export enum PendingRequestKind {
  RETURN = 'RETURN',
  EXTENSION = 'EXTENSION',
  OBJECTION = 'OBJECTION',
}
registerEnumType(PendingRequestKind, {
  name: 'PendingRequestKind',
  description: 'A request a unit made that the platform decides (待审批申请).',
  valuesConfig: {
    RETURN: { description: 'Return the assignment (退单).' },
    EXTENSION: { description: 'More time (延期).' },
    OBJECTION: { description: 'An objection to the assignment (派单异议).' },
  },
});

@ObjectType({ description: "A request waiting for the platform's decision (待审批的退单/延期申请), with what the unit wrote." })
export class PendingRequest {
  @Field({ description: 'Stable key of the request: RETURN:<assignment id>, EXTENSION:<request id> or OBJECTION:<objection id>.' })
  id!: string;

  @Field(() => PendingRequestKind, { description: 'Return or extension.' })
  kind!: PendingRequestKind;

  @Field(() => Assignment, { description: 'The assignment concerned (its message, unit, due dates and the actions the viewer may take).' })
  assignment!: Assignment;

  @Field({ description: 'The reason the unit gave (理由).' })
  reason!: string;

  @Field(() => Int, { nullable: true, description: 'For an extension: the working days asked for (申请延期天数).' })
  requestedDays!: number | null;

  @Field({ description: 'When it was asked (the ledger time).' })
  requestedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Who asked (name of the staff user).' })
  requestedByName!: string | null;
}

export const PendingRequestConnection = Connection(PendingRequest, 'PendingRequest', 'A page of pending requests (待审批申请), oldest first.');
