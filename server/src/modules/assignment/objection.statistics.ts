/**
 * 派单异议 in figures (docs/statistics.md): per unit, the objections raised in a period, how many were upheld (the
 * platform agreed the matter was not the unit's: a dispatch error, or a gap in the dispatch catalogue), rejected, or
 * still waiting. Counted from the objections themselves (assignment_objection), by the day they were raised.
 */
import { Arg, Authorized, Ctx, Field, Float, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { Permission } from '../../auth/permissions';
import { isUnitScoped, StaffViewer } from '../../auth/viewer';
import { LIKE_ESCAPE, likeEscape } from '../../common/text';
import { RequestContext, requireStaff } from '../../graphql/context';
import { shanghaiPeriod } from '../statistics/statistics.service';
import { PeriodInput } from '../statistics/statistics.types';
import { Unit } from '../unit/unit.entity';
import { AssignmentObjection } from './objection.entity';

@ObjectType({ description: "A unit's objections to assignments in a period (派单异议统计)." })
export class ObjectionFigures {
  @Field(() => Unit, { description: 'The objecting unit.' })
  unit!: Unit;

  @Field(() => Int, { description: 'Objections raised in the period (提出).' })
  raised!: number;

  @Field(() => Int, { description: 'Of them upheld: reassigned or withdrawn (成立).' })
  upheld!: number;

  @Field(() => Int, { description: 'Of them rejected: the unit kept it (不成立).' })
  rejected!: number;

  @Field(() => Int, { description: 'Of them still waiting for a decision (待决定).' })
  pending!: number;

  @Field(() => Float, { nullable: true, description: 'upheld / (upheld + rejected); null before any decision (异议成立率).' })
  upheldRate!: number | null;
}

export async function objectionFigures(
  ds: DataSource,
  viewer: StaffViewer,
  from: string,
  to: string,
): Promise<Array<Omit<ObjectionFigures, 'unit'> & { unitId: number }>> {
  const { start, end } = shanghaiPeriod(from, to);
  const qb = ds
    .getRepository(AssignmentObjection)
    .createQueryBuilder('o')
    .innerJoin(Unit, 'u', 'u.id = o.unitId')
    .select('o.unitId', 'unitId')
    .addSelect('o.state', 'state')
    .addSelect('COUNT(*)', 'n')
    .where('o.createdAt >= :start AND o.createdAt < :end', { start, end })
    .groupBy('o.unitId')
    .addGroupBy('o.state');
  // a unit role or a leader: their subtree's objections
  if (isUnitScoped(viewer)) qb.andWhere(`u.path LIKE :scope ${LIKE_ESCAPE}`, { scope: `${likeEscape(viewer.unitPath)}%` });
  const rows = await qb.getRawMany<{ unitId: number; state: string; n: number | string }>();
  const byUnit = new Map<number, { raised: number; upheld: number; rejected: number; pending: number }>();
  for (const r of rows) {
    const f = byUnit.get(Number(r.unitId)) ?? { raised: 0, upheld: 0, rejected: 0, pending: 0 };
    const n = Number(r.n);
    f.raised += n;
    if (r.state === 'UPHELD') f.upheld += n;
    else if (r.state === 'REJECTED') f.rejected += n;
    else f.pending += n;
    byUnit.set(Number(r.unitId), f);
  }
  return [...byUnit]
    .map(([unitId, f]) => ({ unitId, ...f, upheldRate: f.upheld + f.rejected ? Math.round((f.upheld / (f.upheld + f.rejected)) * 1000) / 1000 : null }))
    .sort((a, b) => b.raised - a.raised || a.unitId - b.unitId);
}

@Resolver()
export class ObjectionStatisticsResolver {
  @Authorized(Permission.STATS_READ)
  @Query(() => [ObjectionFigures], {
    description:
      'Objections to assignments per unit (派单异议统计): raised in the period, upheld, rejected, waiting; most first. Unit roles and leaders: their subtree.',
  })
  async objectionStatistics(
    @Arg('period', () => PeriodInput, { description: 'Whole days in Asia/Shanghai, `to` inclusive.' }) period: PeriodInput,
    @Ctx() ctx: RequestContext,
  ) {
    const rows = await objectionFigures(ctx.ds, requireStaff(ctx), period.from, period.to);
    return Promise.all(rows.map(async (r) => ({ ...r, unit: await ctx.loaders.unit.load(r.unitId) })));
  }
}
