import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { Max, Min } from 'class-validator';

@ObjectType({ description: "Weights of the ranking's composite score over the three rates of 接诉即办 (综合得分权重)." })
export class RankingWeights {
  @Field(() => Float, { description: 'Weight of the response rate (响应率).' })
  response!: number;

  @Field(() => Float, { description: 'Weight of the resolution rate (解决率).' })
  resolution!: number;

  @Field(() => Float, { description: 'Weight of the satisfaction rate (满意率).' })
  satisfaction!: number;
}

@ObjectType({
  description:
    'How units are ranked and rated (排名设置): weights, the minimum sample below which a unit is not ranked, and the thresholds that say when a rating is "satisfied" and "solved" (they apply to every statistic).',
})
export class RankingSettings {
  @Field(() => RankingWeights, { description: 'Composite score weights.' })
  weights!: RankingWeights;

  @Field(() => Int, { description: 'Minimum lead assignments kept in the period to be ranked (最小样本量).' })
  minimumSample!: number;

  @Field(() => Float, { description: 'A rating is satisfied when its overall score (the mean of the three scores) is above this (满意阈值, default 3).' })
  satisfactionThreshold!: number;

  @Field(() => Int, { description: 'A rated message is solved when its resolution score (解决程度) is at least this (解决阈值, default 4).' })
  resolutionThreshold!: number;

  @Field(() => Date, { nullable: true, description: 'When an admin last changed them; null while the defaults apply.' })
  updatedAt!: Date | null;
}

@ObjectType({
  description: 'Archiving (归档设置): a finished message (办结, 不予受理 or 并单) is archived this many days after it finished, and is read-only from then on.',
})
export class ArchiveSettings {
  @Field(() => Int, { description: 'Days after a message finished (its closing time) before the archive job archives it (归档期限, default 30).' })
  afterDays!: number;

  @Field(() => Date, { nullable: true, description: 'When an admin last changed it; null while the default applies.' })
  updatedAt!: Date | null;
}

@InputType({ description: 'New archive settings.' })
export class ArchiveSettingsInput {
  @Field(() => Int, { description: 'Days after a message finished before it is archived, 1-3650.' })
  @Min(1)
  @Max(3650)
  afterDays!: number;
}

@InputType({ description: 'New ranking settings.' })
export class RankingSettingsInput {
  @Field(() => Float, { description: 'Weight of the response rate (响应率), 0-100.' })
  @Min(0)
  @Max(100)
  response!: number;

  @Field(() => Float, { description: 'Weight of the resolution rate (解决率), 0-100.' })
  @Min(0)
  @Max(100)
  resolution!: number;

  @Field(() => Float, { description: 'Weight of the satisfaction rate (满意率), 0-100.' })
  @Min(0)
  @Max(100)
  satisfaction!: number;

  @Field(() => Int, { description: 'Minimum sample, 0-10000.' })
  @Min(0)
  @Max(10000)
  minimumSample!: number;

  @Field(() => Float, { nullable: true, description: 'Satisfied when the overall score is above this, 1-5 (满意阈值); omitted: unchanged.' })
  @Min(1)
  @Max(5)
  satisfactionThreshold?: number;

  @Field(() => Int, { nullable: true, description: 'Solved when the resolution score is at least this, 1-5 (解决阈值); omitted: unchanged.' })
  @Min(1)
  @Max(5)
  resolutionThreshold?: number;
}
