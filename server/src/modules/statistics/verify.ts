/**
 * `statistics:verify` (domain.md §9: "every figure can be recomputed from the ledger and the evaluations"): replays
 * every message's ledger (台账) in memory, computes each figure of a period by the rules of docs/statistics.md, and
 * compares it with what the statistics query answers (every grouping, a unit's subtree, day and week buckets, the
 * ranking, the public subset). It shares nothing with the facts the query reads (statistics/facts.ts) but the
 * working calendar: deadlines come from the ledger rows (assigned, reassigned, extension approved, resumed, reopened),
 * times from the ledger's own times, ratings from the EVALUATED rows.
 */
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { Assignment } from '../assignment/assignment.entity';
import { Evaluation } from '../evaluation/evaluation.entity';
import { MessageEvent } from '../ledger/message-event.entity';
import { Message } from '../message/message.entity';
import type { DeadlinePlanner } from '../message/deadlines.port';
import type { RankingSettings } from '../settings/settings.types';
import { Unit } from '../unit/unit.entity';
import type { ReportService } from './report.service';
import { emptySums, PUBLIC_AUDIENCE, shanghaiPeriod, type StatisticsService, type Sums } from './statistics.service';
import { shanghaiDay } from './statistics.sql';
import { Rate, StatisticsBucket, StatisticsGroupBy, StatisticsRow } from './statistics.types';
import { LedgerAction } from '../ledger/ledger-action';

/** One figure that the statistics query and the ledger do not agree on. */
export interface Difference {
  period: string;
  query: string;
  key: string;
  label: string;
  bucket: string | null;
  figure: string;
  statistics: number | null;
  ledger: number | null;
}

export interface VerifyResult {
  /** Figures compared. */
  checked: number;
  differences: Difference[];
}

/** What a lead assignment was, replayed from the ledger. */
interface Lead {
  id: number;
  messageId: number;
  unitId: number;
  assignedAt: Date;
  signDueAt: Date;
  firstResponseDueAt: Date;
  replyDueAt: Date;
  kept: boolean;
  returned: boolean;
  returnRequested: boolean;
  /** Answered since it was last (re)opened. */
  answered: boolean;
  closed: boolean;
  pausedSince: Date | null;
  signedAt: Date | null;
  firstResponseAt: Date | null;
  firstRepliedAt: Date | null;
  repliedOnTime: boolean | null;
  reopenCount: number;
  rating: { overall: number; resolution: number } | null;
}

/** What happened to one message, replayed from its ledger. */
interface Story {
  message: Message;
  leads: Lead[];
  current: Lead | null;
  submittedAt: Date;
  firstAssignedAt: Date | null;
  /** Final replies published: when, by which unit (null: the platform's own 直办). */
  replies: Array<{ at: Date; unitId: number | null }>;
}

const date = (v: unknown) => new Date(String(v));

function replay(message: Message, events: MessageEvent[], rows: Map<number, Assignment>, ratings: Map<number, Evaluation>): Story {
  const story: Story = { message, leads: [], current: null, submittedAt: message.submittedAt, firstAssignedAt: null, replies: [] };
  let chain = new Set<number>();
  let onHoldSince: Date | null = null;
  const newLead = (e: MessageEvent): Lead => {
    const p = e.payload ?? {};
    const row = rows.get(e.assignmentId!);
    // deadlines as the ledger recorded them (rows written before the ledger carried them: the assignment's own)
    const due = (k: 'signDueAt' | 'firstResponseDueAt' | 'replyDueAt') => (p[k] ? date(p[k]) : row![k]);
    const lead: Lead = {
      id: e.assignmentId!,
      messageId: message.id,
      unitId: Number(p.leadUnitId ?? row?.unitId),
      assignedAt: e.createdAt,
      signDueAt: due('signDueAt'),
      firstResponseDueAt: due('firstResponseDueAt'),
      replyDueAt: due('replyDueAt'),
      kept: true,
      returned: false,
      returnRequested: false,
      answered: false,
      closed: false,
      pausedSince: onHoldSince,
      signedAt: null,
      firstResponseAt: null,
      firstRepliedAt: null,
      repliedOnTime: null,
      reopenCount: 0,
      rating: null,
    };
    story.leads.push(lead);
    story.current = lead;
    chain = new Set([lead.id]);
    return lead;
  };
  for (const e of events) {
    const cur = story.current;
    const p = e.payload ?? {};
    switch (e.action) {
      case LedgerAction.ASSIGNED:
        story.firstAssignedAt ??= e.createdAt;
        newLead(e);
        break;
      case LedgerAction.REASSIGNED:
        if (cur) cur.kept = false;
        newLead(e);
        break;
      case LedgerAction.SIGNED:
        if (cur && e.assignmentId === cur.id) cur.signedAt ??= e.createdAt;
        break;
      case LedgerAction.DELEGATED:
        if (chain.has(Number(p.fromAssignmentId))) chain.add(e.assignmentId!);
        break;
      case LedgerAction.RETURN_REQUESTED:
        if (cur && e.assignmentId === cur.id) cur.returnRequested = true;
        break;
      case LedgerAction.RETURN_REJECTED:
        if (cur && e.assignmentId === cur.id) cur.returnRequested = false;
        break;
      case LedgerAction.RETURN_APPROVED:
        if (cur && e.assignmentId === cur.id) {
          cur.kept = false;
          cur.returned = true;
          story.current = null;
          chain = new Set();
        }
        break;
      case LedgerAction.EXTENSION_APPROVED:
        if (cur && e.assignmentId === cur.id) cur.replyDueAt = date(p.replyDueAt);
        break;
      case LedgerAction.ON_HOLD:
        onHoldSince = e.createdAt;
        if (cur && !cur.answered) cur.pausedSince = e.createdAt;
        break;
      case LedgerAction.RESUMED:
        onHoldSince = null;
        if (cur) {
          cur.pausedSince = null;
          if (p.replyDueAt) cur.replyDueAt = date(p.replyDueAt);
        }
        break;
      case LedgerAction.CITIZEN_CONTACTED:
      case LedgerAction.PROGRESS_REPLIED:
        if (cur && e.assignmentId && chain.has(e.assignmentId)) cur.firstResponseAt ??= e.createdAt;
        break;
      case LedgerAction.REPLY_PUBLISHED:
        story.replies.push({ at: e.createdAt, unitId: p.direct ? null : e.actorUnitId });
        if (cur && !p.direct) {
          if (!cur.firstRepliedAt) {
            cur.firstRepliedAt = e.createdAt;
            // on time against the deadline then in force; while on hold the clock stopped at the hold
            cur.repliedOnTime = (cur.pausedSince ?? e.createdAt) <= cur.replyDueAt;
          }
          cur.firstResponseAt ??= e.createdAt;
          cur.answered = true;
          cur.pausedSince = null;
        }
        break;
      case LedgerAction.REOPENED:
        if (cur) {
          if (cur.firstRepliedAt) cur.reopenCount += 1;
          cur.answered = false;
          cur.closed = false;
          if (p.replyDueAt) cur.replyDueAt = date(p.replyDueAt);
        }
        break;
      case LedgerAction.EVALUATED:
        if (cur) {
          const resolution = p.resolution ?? ratings.get(Number(p.evaluationId))?.resolution;
          cur.rating = { overall: Number(p.overall), resolution: Number(resolution) };
        }
        break;
      case LedgerAction.CLOSED:
        if (cur) cur.closed = true;
        break;
    }
  }
  return story;
}

/**
 * The additive figures of one row, counted from replayed stories: the statistics' sums (statistics.service.ts), with the
 * lead assignments received and returned as sets of ids (of assignments, or of messages when grouped by message).
 */
type Counts = Omit<Sums, 'leadReceived' | 'returned'> & { leadReceived: Set<string>; returned: Set<string> };
const emptyCounts = (): Counts => ({ ...emptySums(), leadReceived: new Set(), returned: new Set() });

const ratio = (numerator: number, denominator: number): Rate => ({ numerator, denominator, value: denominator ? numerator / denominator : null });
const avg = (sum: number, n: number) => (n ? Math.round((sum / n) * 100) / 100 : null);

/** The figures of a row by the definitions of docs/statistics.md. */
function figures(c: Counts): Record<string, number | Rate | null> {
  return {
    assigned: c.assigned,
    replied: c.replied,
    replyRate: ratio(c.replied, c.assigned),
    closeRate: ratio(c.closed, c.assigned),
    onTimeRate: ratio(c.onTime, c.onTimeDue),
    timelySignRate: ratio(c.signedOnTime, c.signDue),
    responseRate: ratio(c.responded, c.assigned),
    returnRate: ratio(c.returned.size, c.leadReceived.size),
    reopenRate: ratio(c.reopened, c.replied),
    satisfactionRate: ratio(c.satisfied, c.rated),
    resolutionRate: ratio(c.solved, c.rated),
    averageSatisfaction: avg(c.overallSum, c.rated),
    averageFirstResponseWorkingHours: avg(c.firstResponseHours, c.firstResponses),
    firstResponses: c.firstResponses,
    averageHandlingWorkingDays: avg(c.handlingDays, c.handled),
    overdueOpen: c.overdueOpen,
    received: c.received,
    responsesGiven: c.responses,
    directAnswerRate: ratio(c.direct, c.direct + c.assignedMessages),
  };
}

export interface VerifyServices {
  statistics: StatisticsService;
  reports: ReportService;
  deadlines: DeadlinePlanner;
  settings: { ranking(): Promise<RankingSettings> };
}

/** The queries compared for each period. */
const QUERIES: Array<{ groupBy: StatisticsGroupBy; bucket?: StatisticsBucket; includeSubtree?: boolean }> = [
  ...Object.values(StatisticsGroupBy).map((groupBy) => ({ groupBy })),
  { groupBy: StatisticsGroupBy.UNIT, includeSubtree: true },
  { groupBy: StatisticsGroupBy.ALL, bucket: StatisticsBucket.DAY },
  { groupBy: StatisticsGroupBy.UNIT, bucket: StatisticsBucket.WEEK },
];

export class StatisticsVerifier {
  /** The replayed messages of the current verification. */
  private stories: Story[] = [];
  private unitPaths = new Map<number, string>();
  /** Working time per (from, to), from the working calendar. */
  private elapsed = new Map<string, { workingHours: number; workingDays: number }>();

  constructor(
    private readonly ds: DataSource,
    private readonly services: VerifyServices,
  ) {}

  /** Compares every figure of each period (whole Shanghai days) as of `now`. */
  async verify(periods: Array<{ from: string; to: string }>, now: Date): Promise<VerifyResult> {
    if (!periods.length) return { checked: 0, differences: [] };
    const bounds = periods.map((p) => shanghaiPeriod(p.from, p.to));
    await this.load(new Date(Math.min(...bounds.map((b) => b.start.getTime()))), new Date(Math.max(...bounds.map((b) => b.end.getTime()))));
    const settings = await this.services.settings.ranking();
    const out: VerifyResult = { checked: 0, differences: [] };
    for (const period of periods) {
      const { start, end } = shanghaiPeriod(period.from, period.to);
      const name = `${period.from}..${period.to}`;
      for (const q of QUERIES) {
        const query = `${q.groupBy}${q.bucket ? ` by ${q.bucket}` : ''}${q.includeSubtree ? ' with subtrees' : ''}`;
        const actual = await this.services.statistics.statistics(PUBLIC_AUDIENCE, { ...period, ...q }, now);
        const expected = await this.expected(q.groupBy, q.bucket ?? null, !!q.includeSubtree, start, end, now, settings);
        this.compare(name, query, actual, expected, out);
        if (q.groupBy === StatisticsGroupBy.UNIT && !q.bucket) {
          // the public subset says the same numbers (issue 17)
          const pub = await this.services.reports.publicStatistics(PUBLIC_AUDIENCE, { ...period, ...q }, now);
          this.compare(
            name,
            `public ${query}`,
            pub as unknown as StatisticsRow[],
            actual.map((r) => [`${r.key}|${r.bucket ?? ''}`, r as unknown as Record<string, unknown>] as const),
            out,
            true,
          );
          if (!q.includeSubtree) {
            // the ranking, scored from the recomputed rates
            const ranked = await this.services.statistics.ranking(PUBLIC_AUDIENCE, period.from, period.to, settings.weights, settings.minimumSample, now);
            for (const r of ranked) {
              const row = expected.find(([k]) => k === `${r.key}|`)?.[1] as Record<string, Rate> | undefined;
              const sample = Number(row?.assigned ?? 0);
              const parts = (
                [
                  [settings.weights.response, row?.responseRate],
                  [settings.weights.resolution, row?.resolutionRate],
                  [settings.weights.satisfaction, row?.satisfactionRate],
                ] as Array<[number, Rate | undefined]>
              ).filter(([wt, rt]) => wt > 0 && rt && rt.value !== null) as Array<[number, Rate]>;
              const total = parts.reduce((a, [wt]) => a + wt, 0);
              const score =
                sample >= settings.minimumSample && total ? Math.round((parts.reduce((a, [wt, rt]) => a + wt * rt.value!, 0) / total) * 10000) / 100 : null;
              for (const [figure, a, b] of [
                ['sample', r.sample, sample],
                ['score', r.score, score],
              ] as Array<[string, number | null, number | null]>) {
                out.checked++;
                if (a !== b)
                  out.differences.push({ period: name, query: 'ranking', key: r.key, label: r.label, bucket: null, figure, statistics: a, ledger: b });
              }
            }
          }
        }
      }
    }
    return out;
  }

  private compare(
    period: string,
    query: string,
    actual: StatisticsRow[],
    expected: ReadonlyArray<readonly [string, Record<string, unknown>]>,
    out: VerifyResult,
    onlyActualFields = false,
  ) {
    const got = new Map(actual.map((r) => [`${r.key}|${r.bucket ?? ''}`, r as unknown as Record<string, unknown>]));
    const want = new Map(expected);
    const zero = figures(emptyCounts()) as Record<string, unknown>;
    for (const composite of new Set([...got.keys(), ...want.keys()])) {
      const a = got.get(composite);
      const b = want.get(composite) ?? zero;
      const [key, bucket] = composite.split('|');
      for (const [figure, expectedValue] of Object.entries(b)) {
        if (onlyActualFields && !(a && figure in a)) continue;
        const actualValue = (a ?? zero)[figure];
        const pairs: Array<[string, number | null, number | null]> =
          typeof expectedValue === 'object' && expectedValue !== null
            ? [
                [`${figure}.numerator`, (actualValue as Rate).numerator, (expectedValue as Rate).numerator],
                [`${figure}.denominator`, (actualValue as Rate).denominator, (expectedValue as Rate).denominator],
              ]
            : [[figure, actualValue as number | null, expectedValue as number | null]];
        for (const [name, x, y] of pairs) {
          out.checked++;
          const same = x === y || (typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) <= 0.011); // averages: 2 decimals of float sums
          if (!same)
            out.differences.push({
              period,
              query,
              key,
              label: String(a?.label ?? key),
              bucket: bucket || null,
              figure: name,
              statistics: x ?? null,
              ledger: y ?? null,
            });
        }
      }
    }
  }

  /** The rows a query should give, from the replayed stories. */
  private async expected(
    groupBy: StatisticsGroupBy,
    bucket: StatisticsBucket | null,
    includeSubtree: boolean,
    start: Date,
    end: Date,
    now: Date,
    settings: RankingSettings,
  ) {
    const rows = new Map<string, Counts>();
    const inPeriod = (d: Date | null) => !!d && d >= start && d < end;
    const bucketOf = (d: Date) => (bucket ? bucketDay(d, bucket) : '');
    const keysOf = (s: Story, unitId: number | null): string[] => {
      const m = s.message;
      const v =
        groupBy === StatisticsGroupBy.UNIT
          ? unitId
          : groupBy === StatisticsGroupBy.REGION
            ? m.regionUnitId
            : groupBy === StatisticsGroupBy.CATEGORY
              ? m.categoryId
              : groupBy === StatisticsGroupBy.TYPE
                ? m.type
                : groupBy === StatisticsGroupBy.CHANNEL
                  ? m.channel
                  : groupBy === StatisticsGroupBy.LEADER
                    ? m.addressedLeaderId
                    : 'all';
      const key = v === null || v === undefined ? 'none' : String(v);
      if (!includeSubtree || key === 'none') return [key];
      const path = this.unitPaths.get(Number(key)) ?? '';
      return path.split('/').filter(Boolean); // the unit and every unit above it
    };
    const add = (keys: string[], at: Date, f: (c: Counts) => void) => {
      for (const k of keys) {
        const composite = `${k}|${bucketOf(at)}`;
        let c = rows.get(composite);
        if (!c) rows.set(composite, (c = emptyCounts()));
        f(c);
      }
    };
    const byMessage = groupBy !== StatisticsGroupBy.UNIT;
    for (const s of this.stories) {
      const leadUnit = s.current?.unitId ?? null;
      if (inPeriod(s.submittedAt))
        add(keysOf(s, leadUnit), s.submittedAt, (c) => {
          c.received++;
        });
      if (inPeriod(s.firstAssignedAt))
        add(keysOf(s, leadUnit), s.firstAssignedAt!, (c) => {
          c.assignedMessages++;
        });
      for (const r of s.replies) {
        if (!inPeriod(r.at)) continue;
        add(keysOf(s, r.unitId), r.at, (c) => {
          c.responses++;
          if (r.unitId === null) c.direct++;
        });
      }
      for (const l of s.leads) {
        if (!inPeriod(l.assignedAt)) continue;
        const id = byMessage ? `m${l.messageId}` : `a${l.id}`;
        const facts = l.kept ? await this.facts(l) : null;
        add(keysOf(s, l.unitId), l.assignedAt, (c) => {
          c.leadReceived.add(id);
          if (l.returned) c.returned.add(id);
          if (!l.kept || !facts) return;
          c.assigned++;
          const replied = l.firstRepliedAt !== null;
          if (replied) c.replied++;
          if (l.closed) c.closed++;
          if (l.repliedOnTime) c.onTime++;
          // what is not yet due is not late; the reply clock stands still while on hold
          if (replied || l.replyDueAt < (l.pausedSince ?? now)) c.onTimeDue++;
          if (l.signedAt && l.signedAt <= l.signDueAt) c.signedOnTime++;
          if (l.signedAt || l.signDueAt < now) c.signDue++;
          if (l.firstResponseAt && l.firstResponseAt <= l.firstResponseDueAt) c.responded++;
          if (replied && l.reopenCount > 0) c.reopened++;
          if (!l.answered && !l.closed && !l.returnRequested && l.replyDueAt < (l.pausedSince ?? now)) c.overdueOpen++;
          if (facts.firstResponseHours !== null) {
            c.firstResponses++;
            c.firstResponseHours += facts.firstResponseHours;
          }
          if (facts.handlingDays !== null) {
            c.handled++;
            c.handlingDays += facts.handlingDays;
          }
          if (l.rating) {
            c.rated++;
            c.overallSum += l.rating.overall;
            if (l.rating.overall > settings.satisfactionThreshold) c.satisfied++;
            if (l.rating.resolution >= settings.resolutionThreshold) c.solved++;
          }
        });
      }
    }
    return [...rows.entries()].map(([k, c]) => [k, figures(c)] as const);
  }

  /** Working hours to the first response and working days to the first reply, on the working calendar. */
  private async facts(l: Lead) {
    const span = async (to: Date | null) => {
      if (!to) return null;
      const k = `${l.assignedAt.getTime()}-${to.getTime()}`;
      let v = this.elapsed.get(k);
      if (!v) this.elapsed.set(k, (v = await this.services.deadlines.elapsed(l.assignedAt, to)));
      return v;
    };
    return { firstResponseHours: (await span(l.firstResponseAt))?.workingHours ?? null, handlingDays: (await span(l.firstRepliedAt))?.workingDays ?? null };
  }

  /**
   * Reads the ledger of every message the periods can count (received, assigned or answered between `start` and `end`),
   * 1,000 messages at a time, and replays it whole.
   */
  private async load(start: Date, end: Date) {
    this.unitPaths = new Map((await this.ds.getRepository(Unit).find({ select: { id: true, path: true } })).map((u) => [u.id, u.path]));
    const span = { start, end };
    const idSets = await Promise.all([
      this.ds.getRepository(Message).createQueryBuilder('m').select('m.id', 'id').where('m.submittedAt >= :start AND m.submittedAt < :end', span).getRawMany(),
      this.ds.getRepository(Message).createQueryBuilder('m').select('m.id', 'id').where('m.assignedAt >= :start AND m.assignedAt < :end', span).getRawMany(),
      this.ds
        .getRepository(Assignment)
        .createQueryBuilder('a')
        .select('DISTINCT a.messageId', 'id')
        .where('a.assignedAt >= :start AND a.assignedAt < :end', span)
        .getRawMany(),
      this.ds
        .getRepository(MessageEvent)
        .createQueryBuilder('e')
        .select('DISTINCT e.messageId', 'id')
        .where(`e.action = :published AND e.createdAt >= :start AND e.createdAt < :end`, { ...span, published: LedgerAction.REPLY_PUBLISHED })
        .getRawMany(),
    ]);
    const all = [...new Set(idSets.flat().map((r) => Number(r.id)))].sort((a, b) => a - b);
    const stories: Story[] = [];
    for (let i = 0; i < all.length; i += 1000) {
      const ids = all.slice(i, i + 1000);
      const messages = await this.ds.getRepository(Message).find({ where: { id: In(ids) }, order: { id: 'ASC' } });
      const [events, assignments, evaluations] = await Promise.all([
        this.ds.getRepository(MessageEvent).find({ where: { messageId: In(ids) }, order: { id: 'ASC' } }),
        this.ds
          .getRepository(Assignment)
          .find({ select: { id: true, unitId: true, signDueAt: true, firstResponseDueAt: true, replyDueAt: true }, where: { messageId: In(ids) } }),
        this.ds.getRepository(Evaluation).find({ select: { id: true, resolution: true }, where: { messageId: In(ids) } }),
      ]);
      const byMessage = new Map<number, MessageEvent[]>();
      for (const e of events) (byMessage.get(e.messageId) ?? byMessage.set(e.messageId, []).get(e.messageId)!).push(e);
      const rows = new Map(assignments.map((a) => [a.id, a]));
      const ratings = new Map(evaluations.map((e) => [e.id, e]));
      for (const m of messages) stories.push(replay(m, byMessage.get(m.id) ?? [], rows, ratings));
    }
    this.stories = stories;
  }
}

/** The first Shanghai day of the bucket holding an instant (as statistics.sql.ts does in SQL). */
function bucketDay(d: Date, bucket: StatisticsBucket): string {
  const day = shanghaiDay(d);
  if (bucket === StatisticsBucket.DAY) return day;
  if (bucket === StatisticsBucket.MONTH) return `${day.slice(0, 7)}-01`;
  const noon = new Date(`${day}T12:00:00Z`);
  const monday = new Date(noon.getTime() - ((noon.getUTCDay() + 6) % 7) * 86400_000);
  return monday.toISOString().slice(0, 10);
}

/** Whole months from the first to the last, as periods (the CLI's default). */
export function monthsBetween(first: Date, last: Date): Array<{ from: string; to: string }> {
  const out: Array<{ from: string; to: string }> = [];
  let [y, m] = shanghaiDay(first).split('-').map(Number);
  const [ly, lm] = shanghaiDay(last).split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
    out.push({ from: `${y}-${String(m).padStart(2, '0')}-01`, to: `${y}-${String(m).padStart(2, '0')}-${lastDay}` });
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}
