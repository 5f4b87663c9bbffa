import { Field, Int, ObjectType } from 'type-graphql';
import { SatisfactionBand } from '../message/message.enums';
import { RankingRow } from './statistics.types';
import { HotProblem } from '../analysis/analysis.types';

@ObjectType({ description: 'Intake and output over a span of time (收办情况).' })
export class IntakeFigures {
  @Field(() => Int, { description: 'Messages received (submitted) (收件).' })
  received!: number;

  @Field(() => Int, { description: 'Final replies published (答复).' })
  responsesGiven!: number;

  @Field(() => Int, { description: 'Messages closed (办结).' })
  closed!: number;
}

@ObjectType({ description: 'One day of the dashboard trend (Asia/Shanghai).' })
export class TrendPoint {
  @Field({ description: 'The day, YYYY-MM-DD.' })
  day!: string;

  @Field(() => Int, { description: 'Messages received that day.' })
  received!: number;

  @Field(() => Int, { description: 'Lead assignments made that day (交办).' })
  assigned!: number;

  @Field(() => Int, { description: 'Final replies published that day.' })
  responsesGiven!: number;
}

@ObjectType({ description: 'How many ratings fell in one satisfaction band (满意度分布).' })
export class SatisfactionCount {
  @Field(() => SatisfactionBand, { description: 'The band.' })
  band!: SatisfactionBand;

  @Field({ description: 'Its name (非常满意 …).' })
  label!: string;

  @Field(() => Int, { description: 'Ratings in the band.' })
  count!: number;
}

@ObjectType({ description: 'A hot topic: a category or a keyword and how often it came up (热点).' })
export class HotTopic {
  @Field({ description: 'Category id, or the keyword itself.' })
  key!: string;

  @Field({ description: 'Category name, or the keyword.' })
  label!: string;

  @Field(() => Int, { description: 'Messages in the category, or messages whose title or text contain the keyword.' })
  count!: number;
}

@ObjectType({ description: "What a leader or a dispatcher wants to see first (首页概览), within the viewer's scope. Computed by the server." })
export class Dashboard {
  @Field({ description: 'When the figures were computed.' })
  asOf!: Date;

  @Field(() => Int, { description: 'Days covered by the trend and the hot topics.' })
  days!: number;

  @Field(() => IntakeFigures, { description: 'Today (Asia/Shanghai).' })
  today!: IntakeFigures;

  @Field(() => IntakeFigures, { description: 'This calendar month so far.' })
  thisMonth!: IntakeFigures;

  @Field(() => Int, { description: 'Messages waiting for screening (待受理); 0 for unit roles.' })
  awaitingScreening!: number;

  @Field(() => Int, { description: 'Open lead assignments: to sign for or being handled (在办).' })
  open!: number;

  @Field(() => Int, { description: 'Of those, past the reply deadline (超期).' })
  overdue!: number;

  @Field(() => Int, { description: 'Of those, due soon: past the yellow-light instant, not yet overdue (临期).' })
  dueSoon!: number;

  @Field(() => [TrendPoint], { description: 'One point per day, oldest first, ending today.' })
  trend!: TrendPoint[];

  @Field(() => [SatisfactionCount], { description: 'Ratings given this month, per band (every band listed).' })
  satisfaction!: SatisfactionCount[];

  @Field(() => [RankingRow], { description: 'The best-ranked units this month (up to 5), per the ranking settings.' })
  topUnits!: RankingRow[];

  @Field(() => [HotTopic], { description: 'Categories with the most messages received in the last `days` days (up to 10).' })
  hotCategories!: HotTopic[];

  @Field(() => [HotTopic], {
    description: 'Words that come up most in the messages of the last `days` days (up to 20; Chinese text segmented into words, common words left out).',
  })
  hotKeywords!: HotTopic[];

  @Field(() => [HotProblem], {
    description:
      'Hot problems (热点问题) of the last `days` days: messages about one matter grouped, hottest first (up to 10); the same as `hotProblems` for that period.',
  })
  hotProblems!: HotProblem[];
}
