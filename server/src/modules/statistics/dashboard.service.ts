/**
 * The dashboard (首页概览): today's and this month's intake, the open work and its warnings, a daily trend,
 * the satisfaction distribution, the best units and the hot topics, all within the viewer's scope.
 * Figures come from the statistics service where they are statistics (trend, ranking) and from small
 * counting queries otherwise; the console only draws them.
 */
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { isUnitScoped } from '../../auth/viewer';
import { whereInSubtree } from '../../common/listing';
import { Assignment } from '../assignment/assignment.entity';
import { Category } from '../category/category.entity';
import { Evaluation } from '../evaluation/evaluation.entity';
import { Message } from '../message/message.entity';
import { SatisfactionBand } from '../message/message.enums';
import { Reply } from '../reply/reply.entity';
import type { SettingsService } from '../settings/settings.service';
import type { AnalysisService } from '../analysis/analysis.service';
import { Unit } from '../unit/unit.entity';
import type { Dashboard, HotTopic, IntakeFigures } from './dashboard.types';
import { shanghaiDay } from './statistics.sql';
import type { StatisticsService } from './statistics.service';
import { StatisticsBucket, StatisticsGroupBy } from './statistics.types';
import { NOT_TAKEN_UP_STATES, RUNNING_ASSIGNMENT_STATES, sqlList } from '../message/message.states';
import { shanghaiTime } from '../../common/shanghai';

const BAND_LABELS: Record<SatisfactionBand, string> = {
  VERY_SATISFIED: '非常满意',
  SATISFIED: '满意',
  BASICALLY_SATISFIED: '基本满意',
  DISSATISFIED: '不满意',
  VERY_DISSATISFIED: '非常不满意',
};

/** Words too common in citizens' messages to say anything about the topic. */
const STOP_WORDS = new Set(
  (
    '关于 问题 咨询 投诉 建议 建言 求助 反映 希望 我们 你们 他们 请问 什么 如何 怎么 为什么 是否 可以 没有 一个 这个 那个 相关 有关 部门 情况 处理 解决 ' +
    '市民 领导 您好 你好 谢谢 感谢 已经 现在 目前 时间 一直 还是 但是 因为 所以 如果 这样 那么 进行 要求 尽快 能否 能不能 不能 已经 很多 非常 特别 附近 居民 调查 强烈 持续 ' +
    '编号 本人 自己 时候 以及 或者 并且 而且 多次 一下 给予 答复 回复 政府 有关部门 单位 工作人员 办理'
  ).split(/\s+/),
);

/** Messages scanned for keywords: the most recent ones of the period. */
const KEYWORD_SAMPLE = 1000;

/** Period figures kept at most (scopes × periods); the oldest goes first. */
const PERIOD_CACHE_ENTRIES = 500;

type PeriodFigures = Pick<Dashboard, 'trend' | 'topUnits' | 'hotCategories' | 'hotKeywords' | 'hotProblems'>;

export class DashboardService {
  private readonly segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  /** The period figures by scope, period and day, with when they were computed (a load in flight is shared). */
  private readonly periodCache = new Map<string, { at: number; figures: Promise<PeriodFigures> }>();

  constructor(
    private readonly ds: DataSource,
    private readonly statistics: StatisticsService,
    private readonly settings: SettingsService,
    private readonly analysis: AnalysisService,
    /** How long the period figures are reused (DASHBOARD_CACHE_SECONDS); 0: computed at every load. */
    private readonly cacheSeconds = 0,
  ) {}

  async dashboard(viewer: StaffViewer, days: number, now = new Date()): Promise<Dashboard> {
    const today = shanghaiDay(now);
    const monthStart = `${today.slice(0, 8)}01`;
    const since = shanghaiDay(new Date(now.getTime() - (days - 1) * 86400_000));
    const at = (day: string) => shanghaiTime(day);
    const [todayFigures, monthFigures, awaitingScreening, work, satisfaction, period] = await Promise.all([
      this.intake(viewer, at(today), now),
      this.intake(viewer, at(monthStart), now),
      isUnitScoped(viewer) ? Promise.resolve(0) : this.ds.getRepository(Message).countBy({ state: 'RECEIVED' as never }),
      this.openWork(viewer, now),
      this.satisfaction(viewer, at(monthStart), now),
      this.cachedPeriod(`${isUnitScoped(viewer) ? viewer.unitPath : '*'}|${days}|${today}`, () => this.period(viewer, since, today, monthStart, now)),
    ]);
    return {
      asOf: now,
      days,
      today: todayFigures,
      thisMonth: monthFigures,
      awaitingScreening,
      ...work,
      satisfaction,
      ...period,
    };
  }

  /** The figures over the whole period (weeks of rows each): the trend, the ranking and the hot topics. */
  private async period(viewer: StaffViewer, since: string, today: string, monthStart: string, now: Date): Promise<PeriodFigures> {
    const [trend, topUnits, hotCategories, hotKeywords, hotProblems] = await Promise.all([
      this.trend(viewer, since, today, now),
      this.topUnits(viewer, monthStart, today, now),
      this.hotCategories(viewer, shanghaiTime(since), now),
      this.hotKeywords(viewer, shanghaiTime(since), now),
      this.analysis.hotProblems(viewer, since, today, {}, 10),
    ]);
    return { trend, topUnits, hotCategories, hotKeywords, hotProblems: hotProblems.problems };
  }

  /**
   * The period figures of a scope, period and day, reused for `cacheSeconds` (docs/statistics.md): every staff member lands
   * on the dashboard, and these figures sum weeks of rows, while the counts of today, the month and the open work are
   * read fresh at every load. Concurrent loads of the same key share one computation; a failed one is not kept.
   */
  private cachedPeriod(key: string, compute: () => Promise<PeriodFigures>): Promise<PeriodFigures> {
    if (this.cacheSeconds <= 0) return compute();
    const hit = this.periodCache.get(key);
    if (hit && Date.now() - hit.at < this.cacheSeconds * 1000) return hit.figures;
    const figures = compute();
    this.periodCache.delete(key);
    this.periodCache.set(key, { at: Date.now(), figures });
    figures.catch(() => {
      if (this.periodCache.get(key)?.figures === figures) this.periodCache.delete(key);
    });
    while (this.periodCache.size > PERIOD_CACHE_ENTRIES) this.periodCache.delete(this.periodCache.keys().next().value!);
    return figures;
  }

  /** Unit roles: only messages led by a unit of their subtree. */
  private scoped<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, viewer: StaffViewer, unitColumn: string): SelectQueryBuilder<T> {
    if (isUnitScoped(viewer)) whereInSubtree(qb.innerJoin(Unit, 'du', `du.id = ${unitColumn}`), 'du.path', viewer.unitPath, 'dpath');
    return qb;
  }

  /** Counts of what happened from `from` up to `now` (figures are "as of now"). */
  private async intake(viewer: StaffViewer, from: Date, now: Date): Promise<IntakeFigures> {
    const count = (qb: SelectQueryBuilder<ObjectLiteral>) => qb.getCount();
    const span = { from, now };
    const [received, responsesGiven, closed] = await Promise.all([
      count(
        this.scoped(
          this.ds.getRepository(Message).createQueryBuilder('m').where('m.submittedAt >= :from AND m.submittedAt <= :now', span),
          viewer,
          'm.leadUnitId',
        ),
      ),
      count(
        this.scoped(
          this.ds
            .getRepository(Reply)
            .createQueryBuilder('r')
            .where(`r.kind = 'FINAL' AND r.state = 'PUBLISHED' AND r.publishedAt >= :from AND r.publishedAt <= :now`, span),
          viewer,
          'r.unitId',
        ),
      ),
      count(
        this.scoped(this.ds.getRepository(Message).createQueryBuilder('m').where('m.closedAt >= :from AND m.closedAt <= :now', span), viewer, 'm.leadUnitId'),
      ),
    ]);
    return { received, responsesGiven, closed };
  }

  /**
   * Open lead work, overdue and due soon on the deadline clock, which stops while a message is on hold (挂起): the clock
   * of an assignment is COALESCE(message.onHoldSince, now). Counted in two narrow reads instead of joining every running
   * assignment to its message row (seconds at a million messages): all running lead assignments as if none were on
   * hold, from the covering index ix_assignment_open_work; then the few whose message is on hold (ix_message_on_hold),
   * whose figures on the stopped clock replace those on `now`. The sums are exactly those of the joined query.
   */
  private async openWork(viewer: StaffViewer, now: Date) {
    const running = `a.state IN ${sqlList(RUNNING_ASSIGNMENT_STATES)} AND a.role = 'LEAD' AND a.parentId IS NULL AND a.assignedAt <= :now`;
    const overdue = (clock: string) => `SUM(CASE WHEN a.replyDueAt < ${clock} THEN 1 ELSE 0 END)`;
    const dueSoon = (clock: string) => `SUM(CASE WHEN a.yellowAt <= ${clock} AND a.replyDueAt >= ${clock} THEN 1 ELSE 0 END)`;
    const [all, held] = await Promise.all([
      this.scoped(this.ds.getRepository(Assignment).createQueryBuilder('a'), viewer, 'a.unitId')
        .select('COUNT(*)', 'open')
        .addSelect(overdue(':now'), 'overdue')
        .addSelect(dueSoon(':now'), 'dueSoon')
        .andWhere(running)
        .setParameter('now', now)
        .getRawOne(),
      this.scoped(this.ds.getRepository(Message).createQueryBuilder('dm').innerJoin(Assignment, 'a', 'a.messageId = dm.id'), viewer, 'a.unitId')
        .select(overdue(':now'), 'overdueNow')
        .addSelect(overdue('dm.onHoldSince'), 'overdueHeld')
        .addSelect(dueSoon(':now'), 'dueSoonNow')
        .addSelect(dueSoon('dm.onHoldSince'), 'dueSoonHeld')
        .andWhere(`dm.onHoldSince IS NOT NULL AND ${running}`)
        .setParameter('now', now)
        .getRawOne(),
    ]);
    const n = (v: unknown) => Number(v ?? 0);
    return {
      open: n(all?.open),
      overdue: n(all?.overdue) - n(held?.overdueNow) + n(held?.overdueHeld),
      dueSoon: n(all?.dueSoon) - n(held?.dueSoonNow) + n(held?.dueSoonHeld),
    };
  }

  private async trend(viewer: StaffViewer, from: string, to: string, now: Date) {
    const rows = await this.statistics.statistics(viewer, { from, to, groupBy: StatisticsGroupBy.ALL, bucket: StatisticsBucket.DAY }, now);
    const byDay = new Map(rows.map((r) => [r.bucket, r]));
    const points = [];
    for (let t = shanghaiTime(from, '12:00:00').getTime(); shanghaiDay(new Date(t)) <= to; t += 86400_000) {
      const day = shanghaiDay(new Date(t));
      const r = byDay.get(day);
      points.push({ day, received: r?.received ?? 0, assigned: r?.assigned ?? 0, responsesGiven: r?.responsesGiven ?? 0 });
    }
    return points;
  }

  private async satisfaction(viewer: StaffViewer, from: Date, now: Date) {
    const rows = await this.scoped(this.ds.getRepository(Evaluation).createQueryBuilder('e'), viewer, 'e.unitId')
      .select('e.band', 'band')
      .addSelect('COUNT(*)', 'n')
      .andWhere('e.createdAt >= :from AND e.createdAt <= :now', { from, now })
      .groupBy('e.band')
      .getRawMany();
    const counts = new Map(rows.map((r) => [r.band as string, Number(r.n)]));
    return Object.values(SatisfactionBand).map((band) => ({ band, label: BAND_LABELS[band], count: counts.get(band) ?? 0 }));
  }

  private async topUnits(viewer: StaffViewer, from: string, to: string, now: Date) {
    const s = await this.settings.ranking();
    return (await this.statistics.ranking(viewer, from, to, s.weights, s.minimumSample, now)).filter((r) => r.rank !== null).slice(0, 5);
  }

  private async hotCategories(viewer: StaffViewer, from: Date, now: Date): Promise<HotTopic[]> {
    const rows = await this.scoped(this.ds.getRepository(Message).createQueryBuilder('m'), viewer, 'm.leadUnitId')
      .innerJoin(Category, 'c', 'c.id = m.categoryId')
      .select('c.id', 'id')
      .addSelect('c.name', 'name')
      .addSelect('COUNT(*)', 'n')
      .andWhere(`m.submittedAt >= :from AND m.submittedAt <= :now AND m.state NOT IN ${sqlList(NOT_TAKEN_UP_STATES)}`, { from, now })
      .groupBy('c.id')
      .addGroupBy('c.name')
      .orderBy('n', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .limit(10)
      .getRawMany();
    return rows.map((r) => ({ key: String(r.id), label: r.name, count: Number(r.n) }));
  }

  private async hotKeywords(viewer: StaffViewer, from: Date, now: Date): Promise<HotTopic[]> {
    const rows = await this.scoped(this.ds.getRepository(Message).createQueryBuilder('m'), viewer, 'm.leadUnitId')
      .select('m.title', 'title')
      .addSelect('m.content', 'content')
      .andWhere(`m.submittedAt >= :from AND m.submittedAt <= :now AND m.state NOT IN ${sqlList(NOT_TAKEN_UP_STATES)}`, { from, now })
      .orderBy('m.submittedAt', 'DESC')
      .limit(KEYWORD_SAMPLE)
      .getRawMany();
    return topKeywords(
      this.segmenter,
      rows.map((r) => `${r.title} ${String(r.content ?? '').slice(0, 300)}`),
      20,
    );
  }
}

/** The words found in most texts (each text counts a word once), Chinese segmented by ICU's dictionary. */
export function topKeywords(segmenter: Intl.Segmenter, texts: string[], limit: number): HotTopic[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set<string>();
    for (const s of segmenter.segment(text)) {
      const w = s.segment.trim();
      if (!s.isWordLike || w.length < 2 || /^\d+$/.test(w) || STOP_WORDS.has(w)) continue;
      seen.add(w);
    }
    for (const w of seen) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([w, n]) => ({ key: w, label: w, count: n }));
}
