import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsOptional, Length, Max, Min } from 'class-validator';
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
