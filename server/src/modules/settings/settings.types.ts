import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { Max, Min } from 'class-validator';

@ObjectType({ description: 'Weights of the ranking\'s composite score (综合得分权重).' })
export class RankingWeights {
  @Field(() => Float, { description: 'Weight of the reply rate (响应率).' })
  reply!: number;

  @Field(() => Float, { description: 'Weight of the closing rate (解决率).' })
  close!: number;

  @Field(() => Float, { description: 'Weight of the satisfaction rate (满意率).' })
  satisfaction!: number;
}

@ObjectType({ description: 'How units are ranked (排名设置): weights and the minimum sample below which a unit is not ranked.' })
export class RankingSettings {
  @Field(() => RankingWeights, { description: 'Composite score weights.' })
  weights!: RankingWeights;

  @Field(() => Int, { description: 'Minimum lead assignments in the period to be ranked (最小样本量).' })
  minimumSample!: number;

  @Field(() => Date, { nullable: true, description: 'When an admin last changed them; null while the defaults apply.' })
  updatedAt!: Date | null;
}

@InputType({ description: 'New ranking settings.' })
export class RankingSettingsInput {
  @Field(() => Float, { description: 'Weight of the reply rate, 0-100.' })
  @Min(0)
  @Max(100)
  reply!: number;

  @Field(() => Float, { description: 'Weight of the closing rate, 0-100.' })
  @Min(0)
  @Max(100)
  close!: number;

  @Field(() => Float, { description: 'Weight of the satisfaction rate, 0-100.' })
  @Min(0)
  @Max(100)
  satisfaction!: number;

  @Field(() => Int, { description: 'Minimum sample, 0-10000.' })
  @Min(0)
  @Max(10000)
  minimumSample!: number;
}
