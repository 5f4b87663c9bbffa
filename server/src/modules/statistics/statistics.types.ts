import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, Matches, Max, Min } from 'class-validator';
import { Channel, MessageType } from '../message/message.enums';
import { SortDirection } from '../../graphql/connection';

export enum StatisticsGroupBy {
  UNIT = 'UNIT',
  REGION = 'REGION',
  CATEGORY = 'CATEGORY',
  TYPE = 'TYPE',
  CHANNEL = 'CHANNEL',
  LEADER = 'LEADER',
  ALL = 'ALL',
}
registerEnumType(StatisticsGroupBy, {
  name: 'StatisticsGroupBy',
  description: 'How statistics rows are grouped (统计维度).',
  valuesConfig: {
    UNIT: { description: 'By lead unit (承办单位).' },
    REGION: { description: 'By the region the message concerns (地区).' },
    CATEGORY: { description: 'By category (领域).' },
    TYPE: { description: 'By kind of message (类型).' },
    CHANNEL: { description: 'By channel (渠道).' },
    LEADER: { description: 'By the leader addressed (领导).' },
    ALL: { description: 'One row for everything the viewer may see (合计); the platform-level figures such as 直办率 read best here.' },
  },
});

export enum StatisticsBucket {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}
registerEnumType(StatisticsBucket, {
  name: 'StatisticsBucket',
  description: 'Time buckets of a statistics series, in Asia/Shanghai (统计周期).',
  valuesConfig: {
    DAY: { description: 'Per day.' },
    WEEK: { description: 'Per week, Monday to Sunday; the bucket is named by its Monday.' },
    MONTH: { description: 'Per calendar month; the bucket is named by its first day.' },
  },
});

@InputType({ description: "Which messages statistics count (筛选条件). Filters combine with AND; the viewer's own scope always applies too." })
export class StatisticsFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only work of this unit and the units below it.' })
  unitId?: string;

  @Field(() => [MessageType], { nullable: true, description: 'Only these kinds of message.' })
  @ArrayMaxSize(10)
  types?: MessageType[];

  @Field(() => ID, { nullable: true, description: 'Only this category and the categories below it.' })
  categoryId?: string;

  @Field(() => [Channel], { nullable: true, description: 'Only these channels.' })
  @ArrayMaxSize(20)
  channels?: Channel[];

  @Field(() => ID, { nullable: true, description: 'Only messages about this region (or a unit below it).' })
  regionUnitId?: string;

  @Field(() => ID, { nullable: true, description: 'Only messages addressed to this leader.' })
  leaderId?: string;
}

@ObjectType({ description: 'A rate with its numerator and denominator, so a reader can check it; value is null over zero items.' })
export class Rate {
  @Field(() => Int, { description: 'Numerator.' })
  numerator!: number;

  @Field(() => Int, { description: 'Denominator.' })
  denominator!: number;

  @Field(() => Float, { nullable: true, description: 'numerator / denominator, or null when the denominator is 0.' })
  value!: number | null;
}

@InputType({ description: 'A period of whole days in Asia/Shanghai, from the first day to the last day inclusive.' })
export class PeriodInput {
  @Field({ description: 'First day, YYYY-MM-DD (Asia/Shanghai).' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be YYYY-MM-DD' })
  from!: string;

  @Field({ description: 'Last day, YYYY-MM-DD (Asia/Shanghai), inclusive.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be YYYY-MM-DD' })
  to!: string;
}

@ObjectType({
  description:
    'One row of statistics (统计), counted by the rules of docs/statistics.md. Cohort figures count the lead assignments kept by their unit and made in the period: one per message, so a grouping by anything but the unit counts messages (回复率, 办结率, 按时办结率, 及时签收率, 响应率, 重办率, 满意率, 解决率; 回退率 counts what the units received). Activity figures count what happened in the period (received, responses given, 直办率).',
})
export class StatisticsRow {
  @Field({ description: 'Group key (unit id, type, channel …); "none" when the messages have no value for it; "all" with groupBy ALL.' })
  key!: string;

  @Field(() => String, { nullable: true, description: 'First Shanghai day (YYYY-MM-DD) of the time bucket of this row; null without a bucket.' })
  bucket!: string | null;

  @Field({ description: 'With includeSubtree: the row counts the unit and every unit below it.' })
  includesSubtree!: boolean;

  @Field({ description: 'Readable name of the group.' })
  label!: string;

  @Field(() => Int, {
    description: 'Cohort (交办量): lead assignments made in the period and kept by their unit (not withdrawn by 改派, not returned): one per message.',
  })
  assigned!: number;

  @Field(() => Int, { description: 'Cohort (答复量): of those, with a final reply published at least once (a redo in progress does not take it back).' })
  replied!: number;

  @Field(() => Rate, { description: 'Cohort: 回复率 = replied / assigned.' })
  replyRate!: Rate;

  @Field(() => Rate, { description: 'Cohort: 办结率 = closed now (the message is closed) / assigned.' })
  closeRate!: Rate;

  @Field(() => Rate, {
    description:
      'Cohort: 按时办结率 = first published reply by the reply deadline then in force (after extensions, less pauses) / (replied + unreplied past their deadline): what is not yet due is not late.',
  })
  onTimeRate!: Rate;

  @Field(() => Rate, { description: 'Cohort: 及时签收率 = signed by the sign deadline / (signed + unsigned past the sign deadline).' })
  timelySignRate!: Rate;

  @Field(() => Rate, {
    description: 'Cohort: 响应率 = first response (citizen contacted, progress reply or final reply) by the first-response deadline / assigned.',
  })
  responseRate!: Rate;

  @Field(() => Rate, {
    description: '回退率 = returns approved / lead assignments received in the period (kept or not); by messages when not grouped by unit.',
  })
  returnRate!: Rate;

  @Field(() => Rate, { description: 'Cohort: 重办率 = replied messages with a redo asked / replied.' })
  reopenRate!: Rate;

  @Field(() => Rate, {
    description: 'Cohort: 满意率 = rated messages whose latest rating is satisfied (overall above the satisfaction threshold, 3 by default) / rated messages.',
  })
  satisfactionRate!: Rate;

  @Field(() => Rate, {
    description: 'Cohort: 解决率 = rated messages whose latest rating says solved (解决程度 at least the resolution threshold, 4 by default) / rated messages.',
  })
  resolutionRate!: Rate;

  @Field(() => Float, { nullable: true, description: 'Cohort: average overall score of the latest ratings (1-5); null without ratings.' })
  averageSatisfaction!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Cohort: average working hours from assignment to the first response (平均首次响应时长, 工作小时); null without responses.',
  })
  averageFirstResponseWorkingHours!: number | null;

  @Field(() => Int, { description: 'Cohort: assignments with a first response (the denominator of the average above).' })
  firstResponses!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Cohort: average working days from assignment to the first published reply (平均办理时长, 工作日); null without replies.',
  })
  averageHandlingWorkingDays!: number | null;

  @Field(() => Int, {
    description: 'Cohort: still open (to sign or being handled) and past the reply deadline now, the clock stopped while on hold (超期未办结).',
  })
  overdueOpen!: number;

  @Field(() => Int, { description: 'Activity: messages received (submitted) in the period.' })
  received!: number;

  @Field(() => Int, { description: 'Activity: final replies published in the period (答复次数).' })
  responsesGiven!: number;

  @Field(() => Rate, {
    description:
      'Activity: 直办率 = messages the platform answered itself (直办, reply published in the period) / (those + messages assigned to a unit in the period). Platform-level: read it on groupBy ALL, TYPE, CATEGORY or CHANNEL.',
  })
  directAnswerRate!: Rate;
}

@InputType({ description: 'Weights of the composite score over the three rates of 接诉即办 (default 响应率 30, 解决率 35, 满意率 35).' })
export class RankingWeightsInput {
  @Field(() => Float, { defaultValue: 30, description: 'Weight of the response rate (响应率).' })
  @Min(0)
  @Max(100)
  response!: number;

  @Field(() => Float, { defaultValue: 35, description: 'Weight of the resolution rate (解决率).' })
  @Min(0)
  @Max(100)
  resolution!: number;

  @Field(() => Float, { defaultValue: 35, description: 'Weight of the satisfaction rate (满意率).' })
  @Min(0)
  @Max(100)
  satisfaction!: number;
}

@ObjectType({ description: 'A unit in the ranking (单位排名).' })
export class RankingRow {
  @Field({ description: 'Unit id.' })
  key!: string;

  @Field({ description: 'Unit name.' })
  label!: string;

  @Field(() => Int, { description: 'Lead assignments made in the period and kept (the sample).' })
  sample!: number;

  @Field(() => Rate, { description: '响应率, as in statistics.' })
  responseRate!: Rate;

  @Field(() => Rate, { description: '解决率, as in statistics.' })
  resolutionRate!: Rate;

  @Field(() => Rate, { description: '满意率, as in statistics.' })
  satisfactionRate!: Rate;

  @Field(() => Float, {
    nullable: true,
    description:
      'Composite score 0-100: the weighted mean of 响应率, 解决率 and 满意率 over the rates the unit has (rates over zero items are left out); null with insufficient data.',
  })
  score!: number | null;

  @Field(() => Int, { nullable: true, description: 'Rank (1 = best); null with insufficient data.' })
  rank!: number | null;

  @Field(() => Int, { nullable: true, description: 'Rank in the previous period of the same length.' })
  previousRank!: number | null;

  @Field(() => Int, { nullable: true, description: 'previousRank - rank: positive means the unit moved up.' })
  rankChange!: number | null;

  @Field({ description: 'Fewer assignments than the minimum sample: listed, not ranked (样本不足).' })
  insufficientData!: boolean;
}

export enum StatisticsSortField {
  LABEL = 'LABEL',
  ASSIGNED = 'ASSIGNED',
  REPLIED = 'REPLIED',
  REPLY_RATE = 'REPLY_RATE',
  CLOSE_RATE = 'CLOSE_RATE',
  ON_TIME_RATE = 'ON_TIME_RATE',
  TIMELY_SIGN_RATE = 'TIMELY_SIGN_RATE',
  RESPONSE_RATE = 'RESPONSE_RATE',
  RETURN_RATE = 'RETURN_RATE',
  REOPEN_RATE = 'REOPEN_RATE',
  SATISFACTION_RATE = 'SATISFACTION_RATE',
  RESOLUTION_RATE = 'RESOLUTION_RATE',
  AVERAGE_SATISFACTION = 'AVERAGE_SATISFACTION',
  OVERDUE_OPEN = 'OVERDUE_OPEN',
  RECEIVED = 'RECEIVED',
  RESPONSES_GIVEN = 'RESPONSES_GIVEN',
  DIRECT_ANSWER_RATE = 'DIRECT_ANSWER_RATE',
}
registerEnumType(StatisticsSortField, {
  name: 'StatisticsSortField',
  description: 'What a page of statistics rows is sorted by: the name, or a figure of the row (a rate by its value).',
  valuesConfig: {
    LABEL: { description: 'By name (Chinese collation, by pinyin).' },
    ASSIGNED: { description: 'By 交办量.' },
    REPLIED: { description: 'By 答复量.' },
    REPLY_RATE: { description: 'By 回复率.' },
    CLOSE_RATE: { description: 'By 办结率.' },
    ON_TIME_RATE: { description: 'By 按时办结率.' },
    TIMELY_SIGN_RATE: { description: 'By 及时签收率.' },
    RESPONSE_RATE: { description: 'By 响应率.' },
    RETURN_RATE: { description: 'By 回退率.' },
    REOPEN_RATE: { description: 'By 重办率.' },
    SATISFACTION_RATE: { description: 'By 满意率.' },
    RESOLUTION_RATE: { description: 'By 解决率.' },
    AVERAGE_SATISFACTION: { description: 'By the average rating.' },
    OVERDUE_OPEN: { description: 'By 超期未办结.' },
    RECEIVED: { description: 'By messages received.' },
    RESPONSES_GIVEN: { description: 'By replies published (答复次数).' },
    DIRECT_ANSWER_RATE: { description: 'By 直办率.' },
  },
});

@InputType({
  description: 'Sort order of a page of statistics rows. Rows whose figure is empty (a rate over zero items) come last either way; ties by key, then bucket.',
})
export class StatisticsSortInput {
  @Field(() => StatisticsSortField, { description: 'Sort key.' })
  field!: StatisticsSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.DESC, description: 'Direction.' })
  direction!: SortDirection;
}

@ObjectType({ description: 'A page of statistics rows (统计分页) and how many rows the query has in all.' })
export class StatisticsPage {
  @Field(() => [StatisticsRow], { description: 'The rows of the page, in the order asked for.' })
  rows!: StatisticsRow[];

  @Field(() => Int, { description: 'Rows of the whole query (every page).' })
  total!: number;

  @Field({ description: 'When the figures were computed: pages of the same query are computed once and reused for up to 30 seconds.' })
  asOf!: Date;
}
