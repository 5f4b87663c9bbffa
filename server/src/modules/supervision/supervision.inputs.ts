import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, Max, Min } from 'class-validator';
import { Connection } from '../../graphql/connection';
import { SupervisionKind } from '../message/message.enums';
import { IsPlainText } from '../../common/text';
import { MessageActionInput } from '../message/message.inputs';
import { Supervision } from './supervision.entity';

@InputType({ description: 'Input of `urgeMessage` (催办) and `instructMessage` (批示).' })
export class SupervisionInput extends MessageActionInput {
  @Field(() => ID, { nullable: true, description: 'One unit on the message; omit for all its units.' })
  @IsOptional()
  unitId?: string;

  @Field({ description: 'Text, 2-2000 characters.' })
  @Length(2, 2000)
  @IsPlainText()
  content!: string;
}

@InputType({ description: 'Input of `superviseMessage` (督办): with a due date for the response.' })
export class SuperviseInput extends SupervisionInput {
  @Field(() => Date, { description: 'When the unit must respond (反馈期限).' })
  dueAt!: Date;
}

@InputType({ description: 'Input of `respondSupervision` (督办反馈).' })
export class RespondSupervisionInput {
  @Field(() => ID, { description: 'The supervision.' })
  supervisionId!: string;

  @Field({ description: 'Response, 2-2000 characters.' })
  @Length(2, 2000)
  @IsPlainText()
  response!: string;
}

@ObjectType({ description: 'Payload of supervision actions.' })
export class SupervisionPayload {
  @Field(() => Supervision, { description: 'The supervision entry.' })
  supervision!: Supervision;
}

@InputType({ description: "Input of `recordEvaluation` (回访评价): the citizen's three scores." })
export class RecordEvaluationInput extends MessageActionInput {
  @Field({ description: 'Resolution (解决程度), 1-5.' })
  @Min(1)
  @Max(5)
  resolution!: number;

  @Field({ description: 'Attitude (办理态度), 1-5.' })
  @Min(1)
  @Max(5)
  attitude!: number;

  @Field({ description: 'Speed (办理速度), 1-5.' })
  @Min(1)
  @Max(5)
  speed!: number;

  @Field({ nullable: true, description: 'Comment (评价内容).' })
  @IsOptional()
  @Length(1, 1000)
  @IsPlainText()
  comment?: string;
}

export enum SupervisionStatus {
  OPEN = 'OPEN',
  OVERDUE = 'OVERDUE',
  ANSWERED = 'ANSWERED',
}
registerEnumType(SupervisionStatus, {
  name: 'SupervisionStatus',
  description: 'Where a formal supervision (督办) stands.',
  valuesConfig: {
    OPEN: { description: "Waiting for the unit's response (待反馈), overdue or not." },
    OVERDUE: { description: 'Waiting, and past its due date (逾期未反馈).' },
    ANSWERED: { description: 'The unit responded (已反馈).' },
  },
});

@InputType({ description: 'Filter of `supervisions` (督办跟踪).' })
export class SupervisionFilter {
  @Field(() => [SupervisionKind], { nullable: true, description: 'Only these kinds (催办/督办/批示); default all.' })
  @IsOptional()
  @ArrayMaxSize(3)
  kinds?: SupervisionKind[];

  @Field(() => SupervisionStatus, {
    nullable: true,
    description: 'Only formal supervisions in this status: open ones earliest due first, answered ones latest first.',
  })
  @IsOptional()
  status?: SupervisionStatus;

  @Field(() => ID, { nullable: true, description: 'Only those addressed to this unit.' })
  @IsOptional()
  unitId?: string;
}

export const SupervisionConnection = Connection(Supervision, 'Supervision', 'A page of urging, supervision and instructions (督查督办).');
