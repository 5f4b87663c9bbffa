/**
 * How a deadline stands now (剩余/超期工作日, 挂起), as the API shows it on messages and assignments, and how
 * long a message has waited for screening (待受理). Computed by the deadline module's working calendar
 * (DeadlinePlanner.status / .screening); the console shows these and computes nothing itself.
 */
import { Field, Int, ObjectType } from 'type-graphql';
import { WarningLevel } from './message.enums';

@ObjectType({
  description:
    'Where a reply deadline stands (办理时限), by the working calendar. While the message is on hold (挂起) the clock is stopped: everything is as of the moment the hold began.',
})
export class DeadlineStatus {
  @Field({ description: 'The reply deadline (答复期限).' })
  dueAt!: Date;

  @Field(() => WarningLevel, { description: 'Warning level (红黄灯) on the deadline clock: now, or when the hold began.' })
  level!: WarningLevel;

  @Field({ description: 'True when the deadline has passed on the deadline clock (超期); never becomes true during a hold.' })
  overdue!: boolean;

  @Field(() => Int, { description: "Working days after the clock's day up to the due day (剩余工作日): 0 on the due day itself, and when overdue." })
  workingDaysLeft!: number;

  @Field(() => Int, { description: 'Working days since the due day (超期工作日): 0 when not overdue, and when overdue since earlier the same day.' })
  workingDaysOverdue!: number;

  @Field({ description: 'True while the message is on hold waiting for the citizen (挂起): the clock is stopped.' })
  paused!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the hold began (挂起时间); null when not on hold.' })
  pausedSince!: Date | null;
}

@ObjectType({
  description:
    'How long a message has waited for screening (待受理): to be accepted, marked invalid, merged or assigned within one working day after the day it came in.',
})
export class ScreeningStatus {
  @Field(() => Int, { description: 'Working days since the day it came in (已等待工作日): 0 on that day.' })
  waitingWorkingDays!: number;

  @Field({ description: 'Screening should be done by then: the end of the first working day after the day it came in (受理期限).' })
  dueAt!: Date;

  @Field(() => WarningLevel, { description: 'GREEN on the day it came in, YELLOW on the due day, RED after it (受理红黄灯).' })
  level!: WarningLevel;
}
