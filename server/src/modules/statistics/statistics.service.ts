/**
 * Statistics (domain.md §9, docs/statistics.md) computed in SQL over the assignments, messages and replies.
 * Cohort metrics: the top-level lead assignments made in the period and kept by their unit (one per message), per
 * group. Activity metrics: what happened in the period. Periods are whole days in Asia/Shanghai. Unit roles and
 * leaders see their subtree only.
 *
 * Every figure is first summed per group (and time bucket) in SQL, then, for `includeSubtree`, added into
 * each ancestor unit, and only then turned into rates and averages: sums roll up exactly, rates do not.
 * What a figure counts was decided at the transition that decided it and recorded on the assignment
 * (statistics/facts.ts): on time at the first reply, the latest rating, the first response; so no calendar
 * arithmetic and no history runs here, and `verify.ts` recomputes it all from the ledger.
 */
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { In } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { isUnitScoped } from '../../auth/viewer';
import { whereInSubtree } from '../../common/listing';
import { badInput, ErrorReason } from '../../graphql/errors';
import { Assignment } from '../assignment/assignment.entity';
import { Category } from '../category/category.entity';
import { Leader } from '../leader/leader.entity';
import { Message } from '../message/message.entity';
import { Channel, CHANNEL_NAMES, MessageType, TYPE_NAMES } from '../message/message.enums';
import { Reply } from '../reply/reply.entity';
import type { RatingThresholds, SettingsService } from '../settings/settings.service';
import { DEFAULT_RANKING } from '../settings/settings.service';
import { Unit } from '../unit/unit.entity';
import { bucketExpression, Dialect, dialectOf, shanghaiDay } from './statistics.sql';
import { RankingRow, Rate, StatisticsBucket, StatisticsFilterInput, StatisticsGroupBy, StatisticsRow, StatisticsSortField } from './statistics.types';
import { SortDirection } from '../../graphql/connection';
import { LEFT_COHORT_STATES, RUNNING_ASSIGNMENT_STATES, sqlList } from '../message/message.states';
import { shanghaiTime } from '../../common/shanghai';

const COHORT_KEY: Record<StatisticsGroupBy, string> = {
  UNIT: 'a.unitId',
  REGION: 'm.regionUnitId',
  CATEGORY: 'm.categoryId',
  TYPE: 'm.type',
  CHANNEL: 'm.channel',
  LEADER: 'm.addressedLeaderId',
  ALL: "'all'",
};
const RECEIVED_KEY: Record<StatisticsGroupBy, string> = { ...COHORT_KEY, UNIT: 'm.leadUnitId' };
const RESPONSE_KEY: Record<StatisticsGroupBy, string> = { ...COHORT_KEY, UNIT: 'r.unitId' };

/** The additive figures of one row, before rates and averages are derived. */
export const SUM_FIELDS = [
  'leadReceived',
  'returned',
  'assigned',
  'replied',
  'closed',
  'onTime',
  'onTimeDue',
  'signedOnTime',
  'signDue',
  'responded',
  'reopened',
  'overdueOpen',
  'firstResponses',
  'firstResponseHours',
  'handled',
  'handlingDays',
  'rated',
  'satisfied',
  'solved',
  'overallSum',
  'received',
  'responses',
  'direct',
  'assignedMessages',
] as const;
export type Sums = Record<(typeof SUM_FIELDS)[number], number>;
/**
 * Zero sums, written out as a literal: one object shape for every row, where `Object.fromEntries` made each a
 * dictionary (at 9,104 unit rows of a month, the slow property writes and their garbage were a third of the service's time).
 */
export const emptySums = (): Sums => ({
  leadReceived: 0,
  returned: 0,
  assigned: 0,
  replied: 0,
  closed: 0,
  onTime: 0,
  onTimeDue: 0,
  signedOnTime: 0,
  signDue: 0,
  responded: 0,
  reopened: 0,
  overdueOpen: 0,
  firstResponses: 0,
  firstResponseHours: 0,
  handled: 0,
  handlingDays: 0,
  rated: 0,
  satisfied: 0,
  solved: 0,
  overallSum: 0,
  received: 0,
  responses: 0,
  direct: 0,
  assignedMessages: 0,
});

/** A cohort assignment is kept by its unit while not withdrawn by a reassignment (改派) nor returned (退单). */
const KEPT = `a.state NOT IN ${sqlList(LEFT_COHORT_STATES)}`;
/**
 * Rows for which `condition` holds: a comparison is 1, 0 or NULL in both dialects, and SUM skips NULL (a group where it is
 * NULL on every row sums to NULL, read as 0). At 1M messages, a month's cohort query took ~225 ms with
 * `SUM(CASE WHEN … THEN 1 ELSE 0 END)` and ~180 ms so (MariaDB, median of 6).
 */
const count = (condition: string) => `SUM(${condition})`;

export const rate = (numerator: number, denominator: number): Rate => ({ numerator, denominator, value: denominator ? numerator / denominator : null });
const round2 = (x: number) => Math.round(x * 100) / 100;
/** `a.localeCompare(b)`'s order (the default locale), made once: localeCompare builds a collator per call. */
const byDefault = new Intl.Collator();

/** Who asks: a staff member (scoped to their subtree when their role is), or the public API (everything, public subset of fields). */
export type StatisticsAudience = StaffViewer | { kind: 'public' };
export const PUBLIC_AUDIENCE: StatisticsAudience = { kind: 'public' };
/** The unit subtree the audience is limited to, or null for all units. */
const subtreeOf = (a: StatisticsAudience): string | null => (a.kind === 'staff' && isUnitScoped(a) ? a.unitPath : null);

export interface StatisticsQuery {
  from: string;
  to: string;
  groupBy: StatisticsGroupBy;
  bucket?: StatisticsBucket | null;
  includeSubtree?: boolean;
  filter?: StatisticsFilterInput | null;
}

/** The instants bounding whole Shanghai days from `from` to `to` inclusive. */
export function shanghaiPeriod(from: string, to: string): { start: Date; end: Date } {
  const start = shanghaiTime(from);
  const end = new Date(shanghaiTime(to).getTime() + 86400_000);
  if (Number.isNaN(start.getTime())) throw badInput('period.from', 'from must be a date YYYY-MM-DD');
  if (Number.isNaN(end.getTime()) || end <= start) throw badInput('period.to', 'to must be a date YYYY-MM-DD not before from');
  if (end.getTime() - start.getTime() > 400 * 86400_000) throw badInput('period.to', 'a period is at most 400 days');
  return { start, end };
}

/** Resolved filters: unit paths to match and id lists, computed once per query. */
interface Scope {
  unitPaths: string[];
  types: string[] | null;
  categoryIds: number[] | null;
  channels: string[] | null;
  regionIds: number[] | null;
  leaderId: number | null;
  /** Filters that need the message row. */
  onMessage: boolean;
}

export class StatisticsService {
  private readonly dialect: Dialect;

  constructor(
    private readonly ds: DataSource,
    private readonly settings?: SettingsService,
  ) {
    this.dialect = dialectOf(ds);
  }

  /** The thresholds of "satisfied" and "solved" (ranking settings). */
  private thresholds(): Promise<RatingThresholds> {
    return this.settings ? this.settings.thresholds() : Promise.resolve(DEFAULT_RANKING);
  }

  async statistics(viewer: StatisticsAudience, q: StatisticsQuery, now = new Date()): Promise<StatisticsRow[]> {
    return (await this.groups(viewer, q, now)).map((g) => groupRow(g, !!q.includeSubtree));
  }

  /**
   * The groups of the statistics query (key, label, bucket and their sums, before rates), in the query's order: by
   * bucket, most assigned first, then by key. The rows are made from them one at a time (`groupRow`): the CSV export
   * streams them, a page makes only its own.
   */
  async groups(viewer: StatisticsAudience, q: StatisticsQuery, now = new Date()): Promise<StatisticsGroup[]> {
    const { start, end } = shanghaiPeriod(q.from, q.to);
    if (q.includeSubtree && q.groupBy !== StatisticsGroupBy.UNIT) throw badInput('includeSubtree', 'includeSubtree applies to groupBy UNIT only');
    const scope = await this.scopeOf(viewer, q.filter ?? null);
    const sums = await this.sums(q.groupBy, q.bucket ?? null, scope, start, end, now, await this.thresholds());
    if (q.includeSubtree) await this.rollUp(sums, viewer);
    const labels = await this.labels(q.groupBy, [...new Set([...sums.keys()].map((k) => k.split('|')[0]))]);
    return [...sums.entries()]
      .map(([composite, s]) => {
        const [key, bucket] = composite.split('|');
        return { key, label: labels.get(key) ?? key, bucket: bucket || null, sums: s };
      })
      .sort((x, y) => byDefault.compare(x.bucket ?? '', y.bucket ?? '') || y.sums.assigned - x.sums.assigned || byDefault.compare(x.key, y.key));
  }

  /**
   * One page of the statistics rows, sorted by a figure (rows whose figure is empty, such as a rate over zero items,
   * last in either direction; ties by key, then bucket), with the number of rows in all. The groups of a (period,
   * query, viewer's scope) are computed once and kept for PAGE_CACHE_MS of the workflow clock, so that the next page,
   * another sort or the same page for a colleague of the same scope costs a sort and a slice; `asOf` says when they
   * were computed (figures that depend on now, such as what is overdue, are as of then). At most PAGE_CACHE_ENTRIES
   * computations are kept (each holds one sums record per row, not the rows).
   */
  async statisticsPage(viewer: StatisticsAudience, q: StatisticsQuery, page: StatisticsPaging, now = new Date()): Promise<StatisticsPageResult> {
    if (!Number.isInteger(page.first) || page.first < 1 || page.first > MAX_STATISTICS_PAGE) throw badInput('first', `first must be 1-${MAX_STATISTICS_PAGE}`);
    if (!Number.isInteger(page.offset) || page.offset < 0) throw badInput('offset', 'offset must be 0 or more');
    const computed = await this.cachedGroups(viewer, q, now);
    const sorted = sortGroups(computed.groups, page.sort, page.direction);
    return {
      rows: sorted.slice(page.offset, page.offset + page.first).map((g) => groupRow(g, !!q.includeSubtree)),
      total: sorted.length,
      asOf: computed.asOf,
    };
  }

  private readonly pageCache = new Map<string, { asOf: Date; groups: Promise<StatisticsGroup[]> }>();

  private async cachedGroups(viewer: StatisticsAudience, q: StatisticsQuery, now: Date): Promise<{ asOf: Date; groups: StatisticsGroup[] }> {
    const thresholds = await this.thresholds();
    const f = q.filter ?? null;
    const cacheKey = JSON.stringify([
      subtreeOf(viewer),
      q.from,
      q.to,
      q.groupBy,
      q.bucket ?? null,
      !!q.includeSubtree,
      f && [f.unitId ?? null, f.types ?? null, f.categoryId ?? null, f.channels ?? null, f.regionUnitId ?? null, f.leaderId ?? null],
      thresholds.satisfactionThreshold,
      thresholds.resolutionThreshold,
    ]);
    const hit = this.pageCache.get(cacheKey);
    const age = hit ? now.getTime() - hit.asOf.getTime() : -1;
    if (hit && age >= 0 && age < PAGE_CACHE_MS) return { asOf: hit.asOf, groups: await hit.groups };
    this.pageCache.delete(cacheKey);
    const entry = { asOf: now, groups: this.groups(viewer, q, now) };
    this.pageCache.set(cacheKey, entry);
    while (this.pageCache.size > PAGE_CACHE_ENTRIES) this.pageCache.delete(this.pageCache.keys().next().value!);
    // a month of 10,000 units is megabytes: let it go when it can no longer be used, not when the next query comes
    setTimeout(() => this.pageCache.get(cacheKey) === entry && this.pageCache.delete(cacheKey), PAGE_CACHE_MS).unref();
    try {
      return { asOf: now, groups: await entry.groups };
    } catch (e) {
      if (this.pageCache.get(cacheKey) === entry) this.pageCache.delete(cacheKey);
      throw e;
    }
  }

  /**
   * Units ranked by a weighted composite of the three rates of 接诉即办 — 响应率, 解决率, 满意率 (domain.md §9); units
   * with fewer kept lead assignments than the minimum sample are listed as insufficient data. Rank change compares
   * with the previous period of the same length.
   */
  async ranking(
    viewer: StatisticsAudience,
    from: string,
    to: string,
    weights: { response: number; resolution: number; satisfaction: number },
    minimumSample: number,
    now = new Date(),
  ): Promise<RankingRow[]> {
    if (weights.response + weights.resolution + weights.satisfaction <= 0)
      throw badInput('weights', '权重之和须大于 0 (weights must not all be 0)', { reason: ErrorReason.WEIGHTS_ALL_ZERO });
    const { start, end } = shanghaiPeriod(from, to);
    const days = Math.round((end.getTime() - start.getTime()) / 86400_000);
    const prevFrom = shanghaiDay(new Date(start.getTime() - days * 86400_000));
    const prevTo = shanghaiDay(new Date(start.getTime() - 86400_000));
    const [cur0, prev0] = await Promise.all([
      this.statistics(viewer, { from, to, groupBy: StatisticsGroupBy.UNIT }, now),
      this.statistics(viewer, { from: prevFrom, to: prevTo, groupBy: StatisticsGroupBy.UNIT }, now),
    ]);
    return rankRows(cur0, prev0, weights, minimumSample);
  }

  // ── sums ───────────────────────────────────────────────────────────────────────────────────────

  private async sums(
    groupBy: StatisticsGroupBy,
    bucket: StatisticsBucket | null,
    scope: Scope,
    start: Date,
    end: Date,
    now: Date,
    thresholds: RatingThresholds,
  ): Promise<Map<string, Sums>> {
    const bucketOf = (column: string) => (bucket ? bucketExpression(this.dialect, column, bucket) : "''");
    const period = { start, end };
    // The message row is joined only when a key or a filter reads it: grouped by unit or not grouped at all (the dashboard's
    // trend), the assignment and reply rows alone answer from their covering indexes (every one has its message: messages
    // are never deleted), where joining a million message rows took seconds.
    const cohortJoinsMessage = (groupBy !== StatisticsGroupBy.UNIT && groupBy !== StatisticsGroupBy.ALL) || scope.onMessage;

    // Cohort: top-level lead assignments made in the period; the figures count those their unit kept (KEPT).
    // 回退率 counts every lead assignment received; grouped by anything but the unit, by message. Two queries: what was
    // received (every lead assignment; by unit, those that left the cohort), and the figures of the kept ones, with KEPT in the
    // WHERE clause once rather than in each of the twenty sums (at 1M messages that halved the cohort's time).
    const byMessage = groupBy !== StatisticsGroupBy.UNIT;
    const cohortWhere = `a.role = 'LEAD' AND a.assignedAt >= :start AND a.assignedAt < :end AND a.parentId IS NULL`;
    const leadReceived = this.ds
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .select(COHORT_KEY[groupBy], 'k')
      .addSelect(bucketOf('a.assignedAt'), 'b')
      .addSelect(byMessage ? 'COUNT(DISTINCT a.messageId)' : 'COUNT(*)', 'leadReceived')
      .addSelect(byMessage ? `COUNT(DISTINCT CASE WHEN a.state = 'RETURNED' THEN a.messageId END)` : count(`a.state = 'RETURNED'`), 'returned')
      // by unit, every lead assignment is counted once: the kept ones by the cohort query below (its COUNT(*) is also
      // leadReceived), so this one reads only those that left the cohort (returned is one of them), a few rows found
      // through the state-first indexes (1M messages, a month: 1 ms, where the whole range took ~130 ms)
      .where(byMessage ? cohortWhere : `${cohortWhere} AND a.state IN ${sqlList(LEFT_COHORT_STATES)}`, period)
      .groupBy('k')
      .addGroupBy('b');
    const cohort = this.ds
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .select(COHORT_KEY[groupBy], 'k')
      .addSelect(bucketOf('a.assignedAt'), 'b')
      .addSelect('COUNT(*)', 'assigned')
      .addSelect(byMessage ? '0' : 'COUNT(*)', 'leadReceived')
      // replied: a final reply published at least once (repliedOnTime is decided at that first reply, and only then)
      .addSelect(count('a.repliedOnTime IS NOT NULL'), 'replied')
      .addSelect(count(`a.state = 'DONE'`), 'closed')
      .addSelect(count('a.repliedOnTime = 1'), 'onTime')
      // not yet due is not late: replied, or past the deadline (the clock stopped while on hold)
      .addSelect(count('(a.repliedOnTime IS NOT NULL OR a.replyDueAt < COALESCE(a.pausedSince, :now))'), 'onTimeDue')
      .addSelect(count('a.signedOnTime = 1'), 'signedOnTime')
      .addSelect(count('(a.signedOnTime IS NOT NULL OR a.signDueAt < :now)'), 'signDue')
      .addSelect(count('a.respondedOnTime = 1'), 'responded')
      .addSelect(count('a.repliedOnTime IS NOT NULL AND a.reopenCount > 0'), 'reopened')
      .addSelect(count(`a.state IN ${sqlList(RUNNING_ASSIGNMENT_STATES)} AND a.replyDueAt < COALESCE(a.pausedSince, :now)`), 'overdueOpen')
      .addSelect('COUNT(a.firstResponseWorkingHours)', 'firstResponses')
      .addSelect('SUM(a.firstResponseWorkingHours)', 'firstResponseHours')
      .addSelect('COUNT(a.handlingWorkingDays)', 'handled')
      .addSelect('SUM(a.handlingWorkingDays)', 'handlingDays')
      // the latest rating of each message (one per message counts)
      .addSelect('COUNT(a.ratingOverall)', 'rated')
      .addSelect(count('a.ratingOverall > :satisfiedAbove'), 'satisfied')
      .addSelect(count('a.ratingResolution >= :solvedFrom'), 'solved')
      .addSelect('SUM(a.ratingOverall)', 'overallSum')
      .where(`${cohortWhere} AND ${KEPT}`, {
        ...period,
        now,
        satisfiedAbove: thresholds.satisfactionThreshold,
        solvedFrom: thresholds.resolutionThreshold,
      })
      .groupBy('k')
      .addGroupBy('b');
    for (const qb of [leadReceived, cohort]) {
      if (cohortJoinsMessage) qb.innerJoin(Message, 'm', 'm.id = a.messageId');
      this.restrict(qb, scope, 'a.unitId');
    }

    // Activity: received, assigned (for 直办率), responses published.
    const received = this.ds
      .getRepository(Message)
      .createQueryBuilder('m')
      .select(RECEIVED_KEY[groupBy], 'k')
      .addSelect(bucketOf('m.submittedAt'), 'b')
      .addSelect('COUNT(*)', 'received')
      .where('m.submittedAt >= :start AND m.submittedAt < :end', period)
      .groupBy('k')
      .addGroupBy('b');
    this.restrict(received, scope, 'm.leadUnitId');

    const assignedMessages = this.ds
      .getRepository(Message)
      .createQueryBuilder('m')
      .select(RECEIVED_KEY[groupBy], 'k')
      .addSelect(bucketOf('m.assignedAt'), 'b')
      .addSelect('COUNT(*)', 'assignedMessages')
      .where('m.assignedAt >= :start AND m.assignedAt < :end', period)
      .groupBy('k')
      .addGroupBy('b');
    this.restrict(assignedMessages, scope, 'm.leadUnitId');

    const responses = this.ds
      .getRepository(Reply)
      .createQueryBuilder('r')
      .select(RESPONSE_KEY[groupBy], 'k')
      .addSelect(bucketOf('r.publishedAt'), 'b')
      .addSelect('COUNT(*)', 'responses')
      .addSelect(count('r.unitId IS NULL'), 'direct')
      .where(`r.kind = 'FINAL' AND r.state = 'PUBLISHED' AND r.publishedAt >= :start AND r.publishedAt < :end`, period)
      .groupBy('k')
      .addGroupBy('b');
    if (cohortJoinsMessage) responses.innerJoin(Message, 'm', 'm.id = r.messageId');
    this.restrict(responses, scope, 'r.unitId');

    const results = await Promise.all([leadReceived, cohort, received, assignedMessages, responses].map((qb) => qb.getRawMany()));
    const out = new Map<string, Sums>();
    const keyOf = (v: unknown) => (v === null || v === undefined ? 'none' : String(v));
    for (const rows of results as ObjectLiteral[][]) {
      if (!rows.length) continue;
      const fields = SUM_FIELDS.filter((f) => f in rows[0]); // the figures this query gives
      for (const row of rows) {
        const composite = `${keyOf(row.k)}|${row.b ?? ''}`;
        let s = out.get(composite);
        if (!s) out.set(composite, (s = emptySums()));
        for (const f of fields) s[f] += Number(row[f] ?? 0);
      }
    }
    return out;
  }

  /** Applies the scope: unit subtree (viewer's and filter's) on `unitColumn`, and the message filters. */
  private restrict<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, scope: Scope, unitColumn: string) {
    if (scope.unitPaths.length) {
      qb.innerJoin(Unit, 'su', `su.id = ${unitColumn}`);
      scope.unitPaths.forEach((p, i) => whereInSubtree(qb, 'su.path', p, `sp${i}`));
    }
    if (scope.types) qb.andWhere('m.type IN (:...ftypes)', { ftypes: scope.types });
    if (scope.channels) qb.andWhere('m.channel IN (:...fchannels)', { fchannels: scope.channels });
    if (scope.categoryIds) qb.andWhere('m.categoryId IN (:...fcats)', { fcats: scope.categoryIds.length ? scope.categoryIds : [-1] });
    if (scope.regionIds) qb.andWhere('m.regionUnitId IN (:...fregions)', { fregions: scope.regionIds.length ? scope.regionIds : [-1] });
    if (scope.leaderId !== null) qb.andWhere('m.addressedLeaderId = :fleader', { fleader: scope.leaderId });
  }

  private async scopeOf(viewer: StatisticsAudience, f: StatisticsFilterInput | null): Promise<Scope> {
    const own = subtreeOf(viewer);
    const unitPaths: string[] = own ? [own] : [];
    const idOf = (v: string | undefined, field: string) => {
      if (v === undefined || v === null) return null;
      if (!/^\d+$/.test(v)) throw badInput(`filter.${field}`, `${field} must be an id`);
      return Number(v);
    };
    const unitId = idOf(f?.unitId, 'unitId');
    if (unitId !== null) {
      const u = await this.ds.getRepository(Unit).findOneBy({ id: unitId });
      if (!u) throw badInput('filter.unitId', `no unit ${unitId}`);
      unitPaths.push(u.path);
    }
    const subtreeIds = async (entity: typeof Unit | typeof Category, id: number | null, field: string) => {
      if (id === null) return null;
      const root = await this.ds.getRepository(entity).findOneBy({ id });
      if (!root) throw badInput(`filter.${field}`, `no such ${field} ${id}`);
      const rows = await whereInSubtree(this.ds.getRepository(entity).createQueryBuilder('x').select('x.id', 'id'), 'x.path', root.path, 'p').getRawMany();
      return rows.map((r) => Number(r.id));
    };
    const categoryIds = await subtreeIds(Category, idOf(f?.categoryId, 'categoryId'), 'categoryId');
    const regionIds = await subtreeIds(Unit, idOf(f?.regionUnitId, 'regionUnitId'), 'regionUnitId');
    const leaderId = idOf(f?.leaderId, 'leaderId');
    const types = f?.types?.length ? f.types : null;
    const channels = f?.channels?.length ? f.channels : null;
    return { unitPaths, types, categoryIds, channels, regionIds, leaderId, onMessage: !!(types || channels || categoryIds || regionIds || leaderId !== null) };
  }

  /** includeSubtree: adds each unit's sums into every ancestor's (within what the viewer may see). */
  private async rollUp(sums: Map<string, Sums>, viewer: StatisticsAudience) {
    const ids = [
      ...new Set(
        [...sums.keys()]
          .map((k) => k.split('|')[0])
          .filter((k) => /^\d+$/.test(k))
          .map(Number),
      ),
    ];
    if (!ids.length) return;
    const units = await this.ds.getRepository(Unit).find({ select: { id: true, path: true }, where: { id: In(ids) } });
    const limit = subtreeOf(viewer);
    const visible = (path: string) => !limit || path.startsWith(limit);
    const pathOf = new Map(units.map((u) => [String(u.id), u.path]));
    // each unit's own sums, copied before any is added to: a unit's row and its ancestor's may both be in the map
    const own = [...sums.entries()].map(([composite, s]) => [composite, { ...s }] as const);
    for (const [composite, s] of own) {
      const [key, bucket] = composite.split('|');
      const path = pathOf.get(key);
      if (!path) continue;
      const chain = path.split('/').filter(Boolean);
      for (let i = 0; i < chain.length - 1; i++) {
        const ancestorPath = `/${chain.slice(0, i + 1).join('/')}/`;
        if (!visible(ancestorPath)) continue;
        const target = `${chain[i]}|${bucket}`;
        let t = sums.get(target);
        if (!t) sums.set(target, (t = emptySums()));
        for (const f of SUM_FIELDS) t[f] += s[f];
      }
    }
  }

  private async labels(groupBy: StatisticsGroupBy, keys: string[]): Promise<Map<string, string>> {
    const ids = keys.filter((k) => /^\d+$/.test(k)).map(Number);
    const m = new Map<string, string>([
      ['none', '未指定'],
      ['all', '合计'],
    ]);
    if (groupBy === StatisticsGroupBy.TYPE) for (const k of keys) m.set(k, TYPE_NAMES[k as MessageType] ?? k);
    else if (groupBy === StatisticsGroupBy.CHANNEL) for (const k of keys) m.set(k, CHANNEL_NAMES[k as Channel] ?? k);
    else if (ids.length) {
      const entity = groupBy === StatisticsGroupBy.CATEGORY ? Category : groupBy === StatisticsGroupBy.LEADER ? Leader : Unit;
      // raw rows: at 10,000 units, hydrating entities cost more than the query
      const rows: Array<{ id: number | string; name: string }> = await this.ds
        .getRepository(entity)
        .createQueryBuilder('x')
        .select('x.id', 'id')
        .addSelect('x.name', 'name')
        .where('x.id IN (:...ids)', { ids })
        .getRawMany();
      for (const row of rows) m.set(String(row.id), row.name);
    }
    return m;
  }
}

/** The largest page of statistics rows a request may ask for. */
export const MAX_STATISTICS_PAGE = 200;
/** How long (workflow clock) a page's computed groups are reused for the next pages and sorts of the same query. */
export const PAGE_CACHE_MS = 30_000;
/** How many computations of statistics pages one server keeps at most. */
export const PAGE_CACHE_ENTRIES = 8;

/** One group of the statistics query before its rates are derived. */
export interface StatisticsGroup {
  key: string;
  label: string;
  bucket: string | null;
  sums: Sums;
}

export interface StatisticsPaging {
  sort: StatisticsSortField;
  direction: SortDirection;
  first: number;
  offset: number;
}

export interface StatisticsPageResult {
  rows: StatisticsRow[];
  total: number;
  asOf: Date;
}

export const groupRow = (g: StatisticsGroup, includesSubtree: boolean): StatisticsRow => toRow(g.key, g.label, g.bucket, includesSubtree, g.sums);

const ratio = (n: number, d: number) => (d ? n / d : null);
/** The figure each sort orders by, read from the sums as the row shows it (a rate's value, null over zero items). */
const SORT_VALUE: Record<Exclude<StatisticsSortField, StatisticsSortField.LABEL>, (s: Sums) => number | null> = {
  ASSIGNED: (s) => s.assigned,
  REPLIED: (s) => s.replied,
  REPLY_RATE: (s) => ratio(s.replied, s.assigned),
  CLOSE_RATE: (s) => ratio(s.closed, s.assigned),
  ON_TIME_RATE: (s) => ratio(s.onTime, s.onTimeDue),
  TIMELY_SIGN_RATE: (s) => ratio(s.signedOnTime, s.signDue),
  RESPONSE_RATE: (s) => ratio(s.responded, s.assigned),
  RETURN_RATE: (s) => ratio(s.returned, s.leadReceived),
  REOPEN_RATE: (s) => ratio(s.reopened, s.replied),
  SATISFACTION_RATE: (s) => ratio(s.satisfied, s.rated),
  RESOLUTION_RATE: (s) => ratio(s.solved, s.rated),
  AVERAGE_SATISFACTION: (s) => ratio(s.overallSum, s.rated),
  OVERDUE_OPEN: (s) => s.overdueOpen,
  RECEIVED: (s) => s.received,
  RESPONSES_GIVEN: (s) => s.responses,
  DIRECT_ANSWER_RATE: (s) => ratio(s.direct, s.direct + s.assignedMessages),
};
const byName = new Intl.Collator('zh-Hans-CN');

/** The groups in the order a page asks for: by the figure (empty figures last either way), then key, then bucket. */
export function sortGroups(groups: StatisticsGroup[], field: StatisticsSortField, direction: SortDirection): StatisticsGroup[] {
  const sign = direction === SortDirection.DESC ? -1 : 1;
  const tie = (x: StatisticsGroup, y: StatisticsGroup) => byDefault.compare(x.key, y.key) || byDefault.compare(x.bucket ?? '', y.bucket ?? '');
  if (field === StatisticsSortField.LABEL) return [...groups].sort((x, y) => sign * byName.compare(x.label, y.label) || tie(x, y));
  const valueOf = SORT_VALUE[field];
  return groups
    .map((g) => ({ g, v: valueOf(g.sums) }))
    .sort((x, y) => (x.v === null ? (y.v === null ? 0 : 1) : y.v === null ? -1 : sign * (x.v - y.v)) || tie(x.g, y.g))
    .map((x) => x.g);
}

/** A row with nothing counted (a period without work). */
export const emptyRow = (key: string, label: string): StatisticsRow => toRow(key, label, null, false, emptySums());

export function toRow(key: string, label: string, bucket: string | null, includesSubtree: boolean, s: Sums): StatisticsRow {
  return {
    key,
    label,
    bucket,
    includesSubtree,
    assigned: s.assigned,
    replied: s.replied,
    replyRate: rate(s.replied, s.assigned),
    closeRate: rate(s.closed, s.assigned),
    onTimeRate: rate(s.onTime, s.onTimeDue),
    timelySignRate: rate(s.signedOnTime, s.signDue),
    responseRate: rate(s.responded, s.assigned),
    returnRate: rate(s.returned, s.leadReceived),
    reopenRate: rate(s.reopened, s.replied),
    satisfactionRate: rate(s.satisfied, s.rated),
    resolutionRate: rate(s.solved, s.rated),
    averageSatisfaction: s.rated ? round2(s.overallSum / s.rated) : null,
    averageFirstResponseWorkingHours: s.firstResponses ? round2(s.firstResponseHours / s.firstResponses) : null,
    firstResponses: s.firstResponses,
    averageHandlingWorkingDays: s.handled ? round2(s.handlingDays / s.handled) : null,
    overdueOpen: s.overdueOpen,
    received: s.received,
    responsesGiven: s.responses,
    directAnswerRate: rate(s.direct, s.direct + s.assignedMessages),
  };
}

/**
 * The ranking of statistics rows (by unit): score = the weighted mean of 响应率, 解决率 and 满意率 over the rates a unit
 * has (a rate over zero items is left out, the weights renormalised), on a scale of 100; units below the minimum
 * sample are listed, not ranked; ties share a rank; the change against the previous period's ranks.
 */
export function rankRows(
  current: StatisticsRow[],
  previous: StatisticsRow[],
  weights: { response: number; resolution: number; satisfaction: number },
  minimumSample: number,
): RankingRow[] {
  const rank = (rows: StatisticsRow[]) => {
    const scored = rows
      .filter((r) => r.key !== 'none')
      .map((r) => {
        const candidates: Array<[number, number | null]> = [
          [weights.response, r.responseRate.value],
          [weights.resolution, r.resolutionRate.value],
          [weights.satisfaction, r.satisfactionRate.value],
        ];
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
  const cur = rank(current);
  const before = rank(previous).ranks;
  return cur.scored
    .map(({ row, score, insufficientData }) => {
      const r = cur.ranks.get(row.key) ?? null;
      const p = before.get(row.key) ?? null;
      return {
        key: row.key,
        label: row.label,
        sample: row.assigned,
        responseRate: row.responseRate,
        resolutionRate: row.resolutionRate,
        satisfactionRate: row.satisfactionRate,
        score,
        rank: r,
        previousRank: p,
        rankChange: r !== null && p !== null ? p - r : null,
        insufficientData,
      };
    })
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.sample - a.sample || a.key.localeCompare(b.key));
}
