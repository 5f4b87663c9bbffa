import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, Max, Min } from 'class-validator';
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

  @Field({ nullable: true, description: 'Mark the case complex: the longest deadline (复杂件).' })
  @IsOptional()
  isComplex?: boolean;

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

  @Field(() => Int, { nullable: true, description: "The message version the client saw; a different one is a CONFLICT." })
  @IsOptional()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Input of `delegateAssignment` (下派).' })
export class DelegateInput extends AssignmentActionInput {
  @Field(() => ID, { description: 'A unit below the assignment\'s unit.' })
  unitId!: string;

  @Field({ nullable: true, description: 'Instructions (下派意见).' })
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
}

export const AssignmentConnection = Connection(Assignment, 'Assignment', 'A page of assignments (交办单), e.g. a unit inbox sorted by due date.');
export { ExtensionRequest };
