/**
 * The monthly report of a region (月度通报), and the public subset of statistics for API clients.
 * Both are views over the statistics service: the same definitions, the same numbers.
 */
import type { DataSource } from 'typeorm';
import { isUnitScoped } from '../../auth/viewer';
import { badInput, forbidden } from '../../graphql/errors';
import type { SettingsService } from '../settings/settings.service';
import { Unit } from '../unit/unit.entity';
import type { MonthlyReport, PublicStatisticsRow } from './report.types';
import { emptyRow, type StatisticsAudience, type StatisticsQuery, type StatisticsService } from './statistics.service';
import { StatisticsGroupBy, StatisticsRow } from './statistics.types';

export function publicRow(r: StatisticsRow): PublicStatisticsRow {
  return {
    key: r.key,
    label: r.label,
    bucket: r.bucket,
    received: r.received,
    assigned: r.assigned,
    replied: r.replied,
    responsesGiven: r.responsesGiven,
    replyRate: r.replyRate,
    closeRate: r.closeRate,
    onTimeRate: r.onTimeRate,
    responseRate: r.responseRate,
    resolutionRate: r.resolutionRate,
    satisfactionRate: r.satisfactionRate,
    averageSatisfaction: r.averageSatisfaction,
  };
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export class ReportService {
  constructor(
    private readonly ds: DataSource,
    private readonly statistics: StatisticsService,
    private readonly settings: SettingsService,
  ) {}

  /** Public statistics subset (scope STATS_READ): whole platform, no unit scoping, public fields only. */
  async publicStatistics(audience: StatisticsAudience, q: StatisticsQuery, now = new Date()): Promise<PublicStatisticsRow[]> {
    if (q.includeSubtree && q.groupBy !== StatisticsGroupBy.UNIT) throw badInput('includeSubtree', 'includeSubtree applies to groupBy UNIT only');
    return (await this.statistics.statistics(audience, q, now)).map(publicRow);
  }

  async monthlyReport(audience: StatisticsAudience, regionUnitId: string, month: string, now = new Date()): Promise<MonthlyReport> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badInput('month', 'month must be YYYY-MM');
    if (!/^\d+$/.test(regionUnitId)) throw badInput('regionUnitId', 'regionUnitId must be an id');
    const region = await this.ds.getRepository(Unit).findOneBy({ id: Number(regionUnitId) });
    if (!region) throw badInput('regionUnitId', `no unit ${regionUnitId}`);
    if (audience.kind === 'staff' && isUnitScoped(audience) && !region.path.startsWith(audience.unitPath)) {
      throw forbidden('只能查看本单位及下级单位的通报 (only your own subtree)');
    }
    const [y, m] = month.split('-').map(Number);
    const lastDay = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 0)).getUTCDate();
    const period = (yy: number, mm: number) => ({
      from: `${yy}-${String(mm).padStart(2, '0')}-01`,
      to: `${yy}-${String(mm).padStart(2, '0')}-${lastDay(yy, mm)}`,
    });
    const cur = period(y, m);
    const prev = m === 1 ? period(y - 1, 12) : period(y, m - 1);
    const filter = { unitId: regionUnitId };
    const settings = await this.settings.ranking();
    const [total, previous, units, categories] = await Promise.all([
      this.statistics.statistics(audience, { ...cur, groupBy: StatisticsGroupBy.ALL, filter }, now),
      this.statistics.statistics(audience, { ...prev, groupBy: StatisticsGroupBy.ALL, filter }, now),
      this.statistics.statistics(audience, { ...cur, groupBy: StatisticsGroupBy.UNIT, filter }, now),
      this.statistics.statistics(audience, { ...cur, groupBy: StatisticsGroupBy.CATEGORY, filter }, now),
    ]);
    const t = total[0] ?? emptyRow('all', '合计');
    const p = previous[0] ?? emptyRow('all', '合计');
    const realUnits = units.filter((u) => u.key !== 'none');
    const topUnitsByCloseRate = realUnits
      .filter((u) => u.assigned >= Math.max(1, settings.minimumSample) && u.closeRate.value !== null)
      .sort((a, b) => b.closeRate.value! - a.closeRate.value! || b.assigned - a.assigned || a.key.localeCompare(b.key))
      .slice(0, 5);
    const mostResponsiveUnits = realUnits
      .filter((u) => u.responsesGiven > 0)
      .sort((a, b) => b.responsesGiven - a.responsesGiven || a.key.localeCompare(b.key))
      .slice(0, 5);
    const topCategories = categories
      .filter((c) => c.key !== 'none' && c.assigned > 0)
      .sort((a, b) => b.assigned - a.assigned || a.key.localeCompare(b.key))
      .slice(0, 5);
    const change = p.received ? `，较上月${t.received >= p.received ? '增长' : '下降'}${pct(Math.abs(t.received - p.received) / p.received)}` : '';
    const summary =
      `${y}年${m}月，${region.name}共收到网民留言${t.received}件${change}；交办${t.assigned}件，已答复${t.replied}件，回复率${pct(t.replyRate.value)}，办结率${pct(t.closeRate.value)}，` +
      `按时办结率${pct(t.onTimeRate.value)}，响应率${pct(t.responseRate.value)}，解决率${pct(t.resolutionRate.value)}，满意率${pct(t.satisfactionRate.value)}；各单位共回应网民留言${t.responsesGiven}次。` +
      (topUnitsByCloseRate.length
        ? `办结率居前的单位：${topUnitsByCloseRate
            .slice(0, 3)
            .map((u) => `${u.label}（${pct(u.closeRate.value)}）`)
            .join('、')}。`
        : '') +
      (topCategories.length
        ? `留言较集中的领域：${topCategories
            .slice(0, 3)
            .map((c) => `${c.label}（${c.assigned}件）`)
            .join('、')}。`
        : '');
    return {
      regionUnitId: String(region.id),
      regionName: region.name,
      month,
      total: publicRow(t),
      previousMonth: publicRow(p),
      topUnitsByCloseRate: topUnitsByCloseRate.map(publicRow),
      mostResponsiveUnits: mostResponsiveUnits.map(publicRow),
      topCategories: topCategories.map(publicRow),
      summary,
    };
  }
}
