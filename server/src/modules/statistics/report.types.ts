import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Rate } from './statistics.types';

@ObjectType({ description: 'The public subset of a statistics row (公开统计): counts and rates, no personal data, no internal figures.' })
export class PublicStatisticsRow {
  @Field({ description: 'Group key (unit id, category id, type …); "all" for the total.' })
  key!: string;

  @Field({ description: 'Readable name of the group.' })
  label!: string;

  @Field(() => String, { nullable: true, description: 'First day of the time bucket; null without a bucket.' })
  bucket!: string | null;

  @Field(() => Int, { description: 'Messages received in the period.' })
  received!: number;

  @Field(() => Int, { description: 'Messages assigned to units in the period and kept by the unit (交办量; docs/statistics.md).' })
  assigned!: number;

  @Field(() => Int, { description: 'Of those, replied (a final reply published at least once).' })
  replied!: number;

  @Field(() => Int, { description: 'Replies published in the period (答复次数, "responded N times").' })
  responsesGiven!: number;

  @Field(() => Rate, { description: '回复率 = replied / assigned.' })
  replyRate!: Rate;

  @Field(() => Rate, { description: '办结率 = closed / assigned.' })
  closeRate!: Rate;

  @Field(() => Rate, { description: '按时办结率 = first reply by the deadline then in force / (replied + unreplied past their deadline).' })
  onTimeRate!: Rate;

  @Field(() => Rate, { description: '响应率 = first response by the first-response deadline / assigned.' })
  responseRate!: Rate;

  @Field(() => Rate, { description: '解决率 = rated messages whose latest rating says solved / rated messages.' })
  resolutionRate!: Rate;

  @Field(() => Rate, { description: '满意率 = rated messages whose latest rating is satisfied / rated messages.' })
  satisfactionRate!: Rate;

  @Field(() => Float, { nullable: true, description: 'Average of the latest ratings (1-5); null without ratings.' })
  averageSatisfaction!: number | null;
}

@ObjectType({
  description:
    "A region's monthly report (月度通报), in the style of 《问政湖南》: structured figures a console or a public site renders, plus a summary sentence.",
})
export class MonthlyReport {
  @Field({ description: 'The region (or any unit): the report covers it and every unit below it.' })
  regionUnitId!: string;

  @Field({ description: 'Its name.' })
  regionName!: string;

  @Field({ description: 'The month, YYYY-MM (Asia/Shanghai).' })
  month!: string;

  @Field(() => PublicStatisticsRow, { description: 'Totals of the month for the region.' })
  total!: PublicStatisticsRow;

  @Field(() => PublicStatisticsRow, { description: 'Totals of the month before, for comparison.' })
  previousMonth!: PublicStatisticsRow;

  @Field(() => [PublicStatisticsRow], { description: "Units with the highest closing rate (at least the ranking's minimum sample), best first, up to 5." })
  topUnitsByCloseRate!: PublicStatisticsRow[];

  @Field(() => [PublicStatisticsRow], { description: 'Units that responded most often, up to 5.' })
  mostResponsiveUnits!: PublicStatisticsRow[];

  @Field(() => [PublicStatisticsRow], { description: 'Categories with the most messages assigned, up to 5.' })
  topCategories!: PublicStatisticsRow[];

  @Field({ description: 'One paragraph in Chinese summarising the figures (通报摘要).' })
  summary!: string;
}
