/**
 * Statistics (DESIGN §9) computed in SQL over the assignments, messages, replies and evaluations.
 * Cohort metrics: lead (top-level) assignments made in the period, per group. Activity metrics: what happened
 * in the period. Periods are whole days in Asia/Shanghai. Unit roles and leaders see their subtree only.
 */
import type { DataSource, SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { In } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { isUnitScoped } from '../../auth/viewer';
import { badInput } from '../../graphql/errors';
import { Assignment } from '../assignment/assignment.entity';
import { Category } from '../category/category.entity';
import { Evaluation } from '../evaluation/evaluation.entity';
import { Leader } from '../leader/leader.entity';
import { Message } from '../message/message.entity';
import { Reply } from '../reply/reply.entity';
import { Unit } from '../unit/unit.entity';
import { RankingRow, Rate, StatisticsGroupBy, StatisticsRow } from './statistics.types';

const COHORT_KEY: Record<StatisticsGroupBy, string> = {
  UNIT: 'a.unitId', REGION: 'm.regionUnitId', CATEGORY: 'm.categoryId', TYPE: 'm.type', CHANNEL: 'm.channel', LEADER: 'm.addressedLeaderId',
};
const RECEIVED_KEY: Record<StatisticsGroupBy, string> = { ...COHORT_KEY, UNIT: 'm.leadUnitId' };
const RESPONSE_KEY: Record<StatisticsGroupBy, string> = { ...COHORT_KEY, UNIT: 'r.unitId' };
const TYPE_NAMES: Record<string, string> = { CONSULT: '咨询', SUGGEST: '建言', COMPLAIN: '投诉', HELP: '求助' };
const CHANNEL_NAMES: Record<string, string> = { WEB: '网站', APP: '客户端', WECHAT: '微信', WEIBO: '微博', DOUYIN: '抖音', HOTLINE_12345: '12345热线', LETTER: '信件', API: '第三方接口', EXTERNAL_SITE: '网络舆情' };

const rate = (numerator: number, denominator: number): Rate => ({ numerator, denominator, value: denominator ? numerator / denominator : null });
const n = (v: unknown) => Number(v ?? 0);

/** The instants bounding whole Shanghai days from `from` to `to` inclusive. */
export function shanghaiPeriod(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86400_000);
  if (Number.isNaN(start.getTime())) throw badInput('period.from', 'from must be a date YYYY-MM-DD');
  if (Number.isNaN(end.getTime()) || end <= start) throw badInput('period.to', 'to must be a date YYYY-MM-DD not before from');
  if (end.getTime() - start.getTime() > 400 * 86400_000) throw badInput('period.to', 'a period is at most 400 days');
  return { start, end };
}

export class StatisticsService {
  constructor(private readonly ds: DataSource) {}

  async statistics(viewer: StaffViewer, groupBy: StatisticsGroupBy, from: string, to: string, now = new Date()): Promise<StatisticsRow[]> {
    const { start, end } = shanghaiPeriod(from, to);
    const scope = isUnitScoped(viewer) ? `${viewer.unitPath}%` : null;
    const key = COHORT_KEY[groupBy];

    const cohort = this.ds.getRepository(Assignment).createQueryBuilder('a').innerJoin(Message, 'm', 'm.id = a.messageId')
      .select(`${key}`, 'k')
      .addSelect('COUNT(*)', 'assigned')
      .addSelect('SUM(CASE WHEN a.repliedAt IS NOT NULL THEN 1 ELSE 0 END)', 'replied')
      .addSelect(`SUM(CASE WHEN m.state = 'CLOSED' THEN 1 ELSE 0 END)`, 'closed')
      .addSelect('SUM(CASE WHEN a.repliedAt IS NOT NULL AND a.repliedAt <= a.replyDueAt THEN 1 ELSE 0 END)', 'onTime')
      .addSelect('SUM(CASE WHEN a.signedAt IS NOT NULL AND a.signedAt <= a.signDueAt THEN 1 ELSE 0 END)', 'signedOnTime')
      .addSelect(`SUM(CASE WHEN a.state = 'RETURNED' THEN 1 ELSE 0 END)`, 'returned')
      .addSelect('SUM(CASE WHEN a.repliedAt IS NOT NULL AND m.reopenCount > 0 THEN 1 ELSE 0 END)', 'reopened')
      .addSelect(`SUM(CASE WHEN a.state IN ('PENDING','SIGNED') AND a.replyDueAt < :now THEN 1 ELSE 0 END)`, 'overdueOpen')
      .where(`a.role = 'LEAD' AND a.parentId IS NULL AND a.assignedAt >= :start AND a.assignedAt < :end`, { start, end, now })
      .groupBy(key);
    this.scoped(cohort, 'a.unitId', scope);

    const ratings = this.ds.getRepository(Evaluation).createQueryBuilder('e')
      .innerJoin(Assignment, 'a', `a.messageId = e.messageId AND a.unitId = e.unitId AND a.role = 'LEAD' AND a.parentId IS NULL`)
      .innerJoin(Message, 'm', 'm.id = e.messageId')
      .select(`${key}`, 'k')
      .addSelect('COUNT(*)', 'rated')
      .addSelect('SUM(CASE WHEN e.satisfied = 1 THEN 1 ELSE 0 END)', 'satisfied')
      .addSelect('SUM(e.overall)', 'overallSum')
      .where('a.assignedAt >= :start AND a.assignedAt < :end', { start, end })
      .groupBy(key);
    this.scoped(ratings, 'a.unitId', scope);

    const received = this.ds.getRepository(Message).createQueryBuilder('m').select(RECEIVED_KEY[groupBy], 'k').addSelect('COUNT(*)', 'received')
      .where('m.submittedAt >= :start AND m.submittedAt < :end', { start, end }).groupBy(RECEIVED_KEY[groupBy]);
    this.scoped(received, 'm.leadUnitId', scope);

    const responses = this.ds.getRepository(Reply).createQueryBuilder('r').innerJoin(Message, 'm', 'm.id = r.messageId')
      .select(RESPONSE_KEY[groupBy], 'k').addSelect('COUNT(*)', 'responses')
      .where(`r.kind = 'FINAL' AND r.state = 'PUBLISHED' AND r.publishedAt >= :start AND r.publishedAt < :end`, { start, end }).groupBy(RESPONSE_KEY[groupBy]);
    this.scoped(responses, 'r.unitId', scope);

    const [c, r, rec, resp] = await Promise.all([cohort.getRawMany(), ratings.getRawMany(), received.getRawMany(), responses.getRawMany()]);
    const keyOf = (v: unknown) => (v === null || v === undefined ? 'none' : String(v));
    const keys = new Set([...c, ...r, ...rec, ...resp].map((row) => keyOf(row.k)));
    const byKey = <T extends { k: unknown }>(rows: T[]) => new Map(rows.map((row) => [keyOf(row.k), row]));
    const [cm, rm, recm, respm] = [byKey(c), byKey(r), byKey(rec), byKey(resp)];
    const labels = await this.labels(groupBy, [...keys]);
    return [...keys].map((k) => {
      const co = cm.get(k) ?? {};
      const ra = rm.get(k) ?? {};
      const assigned = n((co as ObjectLiteral).assigned);
      const replied = n((co as ObjectLiteral).replied);
      const rated = n((ra as ObjectLiteral).rated);
      return {
        key: k,
        label: labels.get(k) ?? k,
        assigned,
        replied,
        replyRate: rate(replied, assigned),
        closeRate: rate(n((co as ObjectLiteral).closed), assigned),
        onTimeRate: rate(n((co as ObjectLiteral).onTime), replied),
        timelySignRate: rate(n((co as ObjectLiteral).signedOnTime), assigned),
        returnRate: rate(n((co as ObjectLiteral).returned), assigned),
        reopenRate: rate(n((co as ObjectLiteral).reopened), replied),
        satisfactionRate: rate(n((ra as ObjectLiteral).satisfied), rated),
        averageSatisfaction: rated ? Math.round((n((ra as ObjectLiteral).overallSum) / rated) * 100) / 100 : null,
        overdueOpen: n((co as ObjectLiteral).overdueOpen),
        received: n((recm.get(k) as ObjectLiteral | undefined)?.received),
        responsesGiven: n((respm.get(k) as ObjectLiteral | undefined)?.responses),
      };
    }).sort((x, y) => y.assigned - x.assigned || x.key.localeCompare(y.key));
  }

  /**
   * Units ranked by a weighted composite of 回复率, 办结率 and 满意率 (DESIGN §9); units with fewer lead
   * assignments than the minimum sample are listed as insufficient data. Rank change compares with the
   * previous period of the same length.
   */
  async ranking(viewer: StaffViewer, from: string, to: string, weights: { reply: number; close: number; satisfaction: number }, minimumSample: number): Promise<RankingRow[]> {
    if (weights.reply + weights.close + weights.satisfaction <= 0) throw badInput('weights', '权重之和须大于 0 (weights must not all be 0)');
    const { start, end } = shanghaiPeriod(from, to);
    const days = Math.round((end.getTime() - start.getTime()) / 86400_000);
    const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const prevFrom = day(new Date(start.getTime() - days * 86400_000));
    const prevTo = day(new Date(start.getTime() - 86400_000));
    const rank = (rows: StatisticsRow[]) => {
      const scored = rows.filter((r) => r.key !== 'none').map((r) => {
        const candidates: Array<[number, number | null]> = [[weights.reply, r.replyRate.value], [weights.close, r.closeRate.value], [weights.satisfaction, r.satisfactionRate.value]];
        const parts = candidates.filter((p): p is [number, number] => p[1] !== null && p[0] > 0);
        const total = parts.reduce((a, [wt]) => a + wt, 0);
        const score = total ? Math.round((parts.reduce((a, [wt, v]) => a + wt * v, 0) / total) * 10000) / 100 : null;
        return { row: r, score: r.assigned >= minimumSample ? score : null, insufficientData: r.assigned < minimumSample };
      });
      const ranked = scored.filter((x) => x.score !== null).sort((a, b) => b.score! - a.score! || a.row.key.localeCompare(b.row.key));
      const ranks = new Map<string, number>();
      ranked.forEach((x, i) => ranks.set(x.row.key, i > 0 && x.score === ranked[i - 1].score ? ranks.get(ranked[i - 1].row.key)! : i + 1));
      return { scored, ranks };
    };
    const [now, prev] = await Promise.all([this.statistics(viewer, StatisticsGroupBy.UNIT, from, to), this.statistics(viewer, StatisticsGroupBy.UNIT, prevFrom, prevTo)]);
    const cur = rank(now);
    const before = rank(prev).ranks;
    return cur.scored.map(({ row, score, insufficientData }) => {
      const r = cur.ranks.get(row.key) ?? null;
      const p = before.get(row.key) ?? null;
      return { key: row.key, label: row.label, sample: row.assigned, score, rank: r, previousRank: p, rankChange: r !== null && p !== null ? p - r : null, insufficientData };
    }).sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.sample - a.sample || a.key.localeCompare(b.key));
  }

  /** Unit roles and leaders: only work of units in their subtree. */
  private scoped<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, unitColumn: string, scope: string | null) {
    if (!scope) return;
    qb.innerJoin(Unit, 'su', `su.id = ${unitColumn}`).andWhere('su.path LIKE :scope', { scope });
  }

  private async labels(groupBy: StatisticsGroupBy, keys: string[]): Promise<Map<string, string>> {
    const ids = keys.filter((k) => /^\d+$/.test(k)).map(Number);
    const m = new Map<string, string>([['none', '未指定']]);
    if (groupBy === StatisticsGroupBy.TYPE) for (const k of keys) m.set(k, TYPE_NAMES[k] ?? k);
    else if (groupBy === StatisticsGroupBy.CHANNEL) for (const k of keys) m.set(k, CHANNEL_NAMES[k] ?? k);
    else if (ids.length) {
      const entity = groupBy === StatisticsGroupBy.CATEGORY ? Category : groupBy === StatisticsGroupBy.LEADER ? Leader : Unit;
      const rows = (await this.ds.getRepository(entity).findBy({ id: In(ids) })) as Array<{ id: number; name: string }>;
      for (const row of rows) m.set(String(row.id), row.name);
    }
    return m;
  }
}
