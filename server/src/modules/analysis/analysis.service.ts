/**
 * What the analysis offers (issue 15): similar messages (一事多诉), hot problems (热点问题) of any period
 * and scope, category suggestions (智能分类), lead-unit suggestions (智能派单) and reply checks (答复质量).
 * Reads only: the index is written by AnalysisIndex (on intake and transitions, and by the rebuild).
 */
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { isUnitScoped, StaffViewer } from '../../auth/viewer';
import { likeEscape, LIKE_ESCAPE } from '../../common/text';
import { filterNode, NO_SUCH } from '../../common/listing';
import { badInput } from '../../graphql/errors';
import { Category } from '../category/category.entity';
import { Message } from '../message/message.entity';
import { MessageState } from '../message/message.enums';
import type { MessageService } from '../message/message.service';
import { maskPiiInText } from '../message/pii';
import { Reply } from '../reply/reply.entity';
import { ReplyState } from '../message/message.enums';
import { shanghaiPeriod } from '../statistics/statistics.service';
import { Unit, UnitKind } from '../unit/unit.entity';
import { CatalogueService } from '../catalogue/catalogue.service';
import { AnalysisDoc, AnalysisTerm } from './analysis.entities';
import { ANALYSIS, AnalysisIndex, citizenKeyOf } from './analysis.index';
import type { AnalysisQueue } from './analysis.queue';
import { templateUses } from './analysis.queue';
import { suggestCategories } from './classifier';
import { checkReply, ReplyFlag, templateHash } from './replyChecks';
import type { Loaders } from '../../graphql/loaders';

/** The request's loaders the reply checks read through on a read (a page of replies costs what one does). */
export type ReplyFlagReads = Pick<Loaders, 'analysisDocByMessage' | 'analysisTerm' | 'replyTemplateUses' | 'message'>;
import { TermKind } from './segmenter';
import { decodeVector, Vec } from './vectors';
import { shanghaiDay } from '../../common/shanghai';

export interface SimilarResult {
  message: Message;
  score: number;
  sharedTerms: string[];
  sharedPlaces: string[];
  sameCitizen: boolean;
  sameCluster: boolean;
}

export enum ReasonKind {
  NAMED_IN_TEXT = 'NAMED_IN_TEXT',
  REGION_NAMED = 'REGION_NAMED',
  SIMILAR_HANDLED = 'SIMILAR_HANDLED',
  CATALOGUE = 'CATALOGUE',
}

export interface Reason {
  kind: ReasonKind;
  text: string;
  messageIds: number[];
  /** The dispatch catalogue entry a CATALOGUE reason rests on. */
  catalogueEntryId?: number | null;
}

export interface UnitSuggestionResult {
  unit: Unit;
  score: number;
  reasons: Reason[];
  /** The assist units the dispatch catalogue names with this lead unit. */
  assistUnits: Unit[];
}

export interface HotProblemResult {
  key: number;
  label: string;
  place: string | null;
  issue: string;
  terms: string[];
  messages: number;
  citizens: number;
  likes: number;
  previousMessages: number;
  growth: number | null;
  heat: number;
  firstAt: Date;
  lastAt: Date;
  representativeMessageId: number;
  representativeTitle: string;
  messageIds: number[];
}

export interface HotProblemFilterArgs {
  regionUnitId?: string | null;
  unitId?: string | null;
  categoryId?: string | null;
}

export interface HotProblemReportResult {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  totalMessages: number;
  problems: HotProblemResult[];
}

/** A catalogue entry's lead unit scores this (less its rank), above any score of the text or the history. */
export const CATALOGUE_SCORE = 1000;

/** Hot problems: clusters with at least this many messages in the period. */
export const HOT_MIN_MESSAGES = 2;
/** Members of a problem read to label it. */
const LABEL_SAMPLE = 300;

/**
 * The heat index (热度) of a problem in a period: distinct citizens count fully, further messages from the
 * same citizens half, likes logarithmically; then growth against the previous period of the same length
 * moves it by up to ±50 % (a problem new in the period counts as doubled: +50 %).
 *   heat = (citizens + 0.5 × (messages − citizens) + log2(1 + likes)) × (1 + 0.5 × clamp(growth, −1, 1))
 *   growth = (messages − previous) / previous, or 1 when previous = 0.
 */
export function heatIndex(messages: number, citizens: number, likes: number, previous: number): { heat: number; growth: number | null } {
  const growth = previous > 0 ? (messages - previous) / previous : null;
  const g = growth === null ? 1 : Math.max(-1, Math.min(1, growth));
  const heat = (citizens + 0.5 * (messages - citizens) + Math.log2(1 + Math.max(0, likes))) * (1 + 0.5 * g);
  return { heat: Math.round(heat * 10) / 10, growth: growth === null ? null : Math.round(growth * 1000) / 1000 };
}

export class AnalysisService {
  constructor(
    private readonly ds: DataSource,
    readonly index: AnalysisIndex,
    readonly queue: AnalysisQueue,
    private readonly messages: MessageService,
    private readonly catalogue: CatalogueService | null = null,
  ) {}

  get dataSource(): DataSource {
    return this.ds;
  }

  // ── similar messages ───────────────────────────────────────────────────────────────────────────

  /** The messages about the same matter as this one (within ± windowDays), visible to the viewer, best first. */
  async similar(viewer: StaffViewer, messageId: number, first = 10, windowDays = ANALYSIS.windowDays): Promise<SimilarResult[]> {
    if (first < 1 || first > 50) throw badInput('first', 'first 须在 1-50 之间 (1-50)');
    if (windowDays < 1 || windowDays > 366) throw badInput('windowDays', 'windowDays 须在 1-366 之间 (1-366)');
    const message = await this.messages.getVisible(viewer, messageId);
    const own = await this.ds.getRepository(AnalysisDoc).findOneBy({ messageId });
    const vector = own ? decodeVector(own.vector) : (await this.index.vectorOfText(message.title, message.content)).vector;
    const span = windowDays * 86400_000;
    const found = await this.index.candidates(
      this.ds.manager,
      vector,
      new Date(message.submittedAt.getTime() - span),
      new Date(message.submittedAt.getTime() + span),
      messageId,
      Math.max(ANALYSIS.candidatesScored, first * 4),
    );
    const relevant = found.filter((c) => c.score >= 0.1 && c.doc.state !== MessageState.INVALID);
    if (!relevant.length) return [];
    const ids = relevant.map((c) => c.doc.messageId);
    const qb = this.ds
      .getRepository(Message)
      .createQueryBuilder('m')
      .where({ id: In(ids) });
    this.messages.applyVisibility(qb, viewer);
    const visible = new Map((await qb.getMany()).map((m) => [m.id, m]));
    const picked = relevant.filter((c) => visible.has(c.doc.messageId)).slice(0, first);
    const terms = await this.termsOf(new Set(picked.flatMap((c) => c.vector.map(([t]) => t)).filter((t) => vector.some(([q]) => q === t))));
    const key = citizenKeyOf(message);
    return picked.map((c) => {
      const shared = vector
        .filter(([t]) => c.vector.some(([u]) => u === t))
        .map(([t]) => terms.get(t))
        .filter((t): t is AnalysisTerm => !!t);
      return {
        message: visible.get(c.doc.messageId)!,
        score: Math.round(c.score * 1000) / 1000,
        sharedTerms: shared
          .filter((t) => t.kind === TermKind.WORD || t.kind === TermKind.ORG)
          .map((t) => t.term)
          .slice(0, 8),
        sharedPlaces: shared
          .filter((t) => t.kind === TermKind.PLACE || t.kind === TermKind.ENTITY)
          .map((t) => t.term)
          .slice(0, 6),
        sameCitizen: c.doc.citizenKey === key,
        sameCluster: !!own && c.doc.clusterId === own.clusterId,
      };
    });
  }

  private async termsOf(ids: Set<number>): Promise<Map<number, AnalysisTerm>> {
    if (!ids.size) return new Map();
    const out = new Map<number, AnalysisTerm>();
    const all = [...ids];
    for (let i = 0; i < all.length; i += 500)
      for (const t of await this.ds.getRepository(AnalysisTerm).findBy({ id: In(all.slice(i, i + 500)) })) out.set(t.id, t);
    return out;
  }

  // ── category suggestions ───────────────────────────────────────────────────────────────────────

  async categorySuggestions(title: string, content: string, k = 3): Promise<Array<{ category: Category; confidence: number; path: Category[] }>> {
    const x = await this.index.featuresOf(title, content);
    const { tree, source } = await this.index.statsSource();
    const s = await suggestCategories(x, tree, source, k);
    const cats = new Map((await this.ds.getRepository(Category).findBy({ id: In([...new Set(s.flatMap((r) => r.path))]) })).map((c) => [c.id, c]));
    return s
      .filter((r) => cats.has(r.categoryId))
      .map((r) => ({
        category: cats.get(r.categoryId)!,
        confidence: Math.round(r.confidence * 1000) / 1000,
        path: r.path.map((id) => cats.get(id)!).filter(Boolean),
      }));
  }

  // ── lead-unit suggestions ──────────────────────────────────────────────────────────────────────

  /**
   * Up to `k` units to lead the message: units named in the text (full or short names, an ambiguous short
   * name resolved to the region the message names or concerns), the region itself, and the units that led
   * the most similar earlier messages. Units that screen (the root) and disabled units are never suggested.
   * The dispatch catalogue comes first: the lead units of the entries in force the message matches (most specific
   * first) rank above anything the text or history suggests, with the entry as the reason and its assist units.
   */
  async unitSuggestions(viewer: StaffViewer, message: Message, k = 3): Promise<UnitSuggestionResult[]> {
    const seg = await this.index.segmenter();
    const units = new Map((await this.ds.getRepository(Unit).findBy({ isActive: true })).map((u) => [u.id, u]));
    const eligible = (u: Unit | undefined): u is Unit => !!u && u.level > 0;
    const scores = new Map<number, { score: number; reasons: Reason[] }>();
    const credit = (unitId: number, score: number, reason: Reason) => {
      const e = scores.get(unitId) ?? { score: 0, reasons: [] };
      e.score += score;
      if (!e.reasons.some((r) => r.kind === reason.kind && r.text === reason.text)) e.reasons.push(reason);
      scores.set(unitId, e);
    };
    // the dispatch catalogue first (派单目录)
    const assists = new Map<number, Unit[]>();
    const matches = this.catalogue ? await this.catalogue.match(message) : [];
    for (const [i, m] of matches.slice(0, k).entries()) {
      if (!eligible(units.get(m.entry.leadUnitId))) continue;
      credit(m.entry.leadUnitId, CATALOGUE_SCORE - i, {
        kind: ReasonKind.CATALOGUE,
        text: CatalogueService.why(m),
        messageIds: [],
        catalogueEntryId: m.entry.id,
      });
      if (!assists.has(m.entry.leadUnitId)) assists.set(m.entry.leadUnitId, m.entry.assistUnitIds.map((id) => units.get(id)).filter(eligible));
    }
    // names in the text
    const words = seg.words(`${message.title}\n${message.content.slice(0, 3000)}`);
    const named = [...new Set(words.filter((w) => this.index.unitNames.has(w)))];
    const regions = named
      .flatMap((w) => this.index.unitNames.get(w)!)
      .map((id) => units.get(id))
      .filter((u): u is Unit => !!u && u.kind === UnitKind.REGION);
    const regionPaths = [
      ...regions.map((r) => r.path),
      ...(message.regionUnitId && units.get(message.regionUnitId) ? [units.get(message.regionUnitId)!.path] : []),
    ];
    // the deepest region named (or the message's region), for resolving short names
    const context = regionPaths.sort((a, b) => b.length - a.length)[0] ?? null;
    for (const w of named) {
      const candidates = this.index.unitNames
        .get(w)!
        .map((id) => units.get(id))
        .filter(eligible);
      if (!candidates.length) continue;
      let chosen = candidates;
      if (candidates.length > 1) {
        // an ambiguous short name (住建局): the one of the region named (or concerned), else of the nearest region above it
        const parentPath = (u: Unit) => u.path.replace(/\d+\/$/, '');
        chosen = context
          ? candidates
              .filter((u) => context.startsWith(parentPath(u)))
              .sort((a, b) => b.path.length - a.path.length)
              .slice(0, 1)
          : [];
      }
      for (const u of chosen) {
        const region = u.kind === UnitKind.REGION;
        credit(u.id, region ? 1 : 3, { kind: region ? ReasonKind.REGION_NAMED : ReasonKind.NAMED_IN_TEXT, text: `留言提到「${w}」`, messageIds: [] });
      }
    }
    // units that led the most similar earlier messages
    const own = await this.ds.getRepository(AnalysisDoc).findOneBy({ messageId: message.id });
    const vector: Vec = own ? decodeVector(own.vector) : (await this.index.vectorOfText(message.title, message.content)).vector;
    const past = (
      await this.index.candidates(this.ds.manager, vector, new Date(message.submittedAt.getTime() - 365 * 86400_000), message.submittedAt, message.id, 60)
    )
      .filter((c) => c.score >= 0.2 && c.doc.leadUnitId && c.doc.state !== MessageState.INVALID)
      .slice(0, 20);
    const byUnit = new Map<number, { sum: number; ids: number[] }>();
    for (const c of past) {
      const e = byUnit.get(c.doc.leadUnitId!) ?? { sum: 0, ids: [] };
      e.sum += c.score;
      e.ids.push(c.doc.messageId);
      byUnit.set(c.doc.leadUnitId!, e);
    }
    for (const [unitId, e] of byUnit) {
      if (!eligible(units.get(unitId))) continue;
      credit(unitId, 4 * e.sum, { kind: ReasonKind.SIMILAR_HANDLED, text: `${e.ids.length} 件相似留言由该单位办理`, messageIds: e.ids.slice(0, 5) });
    }
    return [...scores]
      .sort((a, b) => b[1].score - a[1].score || a[0] - b[0])
      .slice(0, k)
      .map(([id, e]) => ({ unit: units.get(id)!, score: Math.round(e.score * 100) / 100, reasons: e.reasons, assistUnits: assists.get(id) ?? [] }));
  }

  // ── hot problems ───────────────────────────────────────────────────────────────────────────────

  /** The hot problems of a period (Shanghai days, `to` inclusive) in the viewer's scope, hottest first. */
  async hotProblems(viewer: StaffViewer, from: string, to: string, filter: HotProblemFilterArgs = {}, first = 20): Promise<HotProblemReportResult> {
    if (first < 1 || first > 100) throw badInput('first', 'first 须在 1-100 之间 (1-100)');
    const { start, end } = shanghaiPeriod(from, to);
    const length = end.getTime() - start.getTime();
    const prevStart = new Date(start.getTime() - length);
    const scoped = async (qb: ReturnType<typeof this.docs>) => {
      if (isUnitScoped(viewer))
        qb.andWhere(`d.leadUnitId IN (SELECT vu.id FROM unit vu WHERE vu.path LIKE :vpath ${LIKE_ESCAPE})`, { vpath: `${likeEscape(viewer.unitPath)}%` });
      for (const [key, column] of [
        ['regionUnitId', 'd.regionUnitId'],
        ['unitId', 'd.leadUnitId'],
      ] as const) {
        const raw = filter[key];
        if (!raw) continue;
        const u = await filterNode(this.ds, Unit, `filter.${key}`, raw, NO_SUCH.unit);
        qb.andWhere(`${column} IN (SELECT fu.id FROM unit fu WHERE fu.path LIKE :${key}P ${LIKE_ESCAPE})`, { [`${key}P`]: `${likeEscape(u.path)}%` });
      }
      if (filter.categoryId) {
        const c = await filterNode(this.ds, Category, 'filter.categoryId', filter.categoryId, NO_SUCH.category);
        qb.andWhere(`d.categoryId IN (SELECT fc.id FROM category fc WHERE fc.path LIKE :catP ${LIKE_ESCAPE})`, { catP: `${likeEscape(c.path)}%` });
      }
      return qb;
    };
    const groups: Array<{ clusterId: number; n: string; c: string; l: string | null; f: string | Date; t: string | Date }> = await (
      await scoped(this.docs())
    )
      .select('d.clusterId', 'clusterId')
      .addSelect('COUNT(*)', 'n')
      .addSelect('COUNT(DISTINCT d.citizenKey)', 'c')
      .addSelect('SUM(d.likes)', 'l')
      .addSelect('MIN(d.submittedAt)', 'f')
      .addSelect('MAX(d.submittedAt)', 't')
      .andWhere('d.submittedAt >= :start AND d.submittedAt < :end', { start, end })
      .groupBy('d.clusterId')
      // MySQL/MariaDB otherwise walk the whole (clusterId, submittedAt) index to save the grouping's sort: 17.3 s for a
      // month at 1M messages against 2.3 s by the period's range (docs/analysis.md); SQLite ignores the hint
      .useIndex('ix_analysis_doc_period')
      .getRawMany();
    const totalMessages = groups.reduce((a, g) => a + Number(g.n), 0);
    const multi = groups.filter((g) => Number(g.n) >= HOT_MIN_MESSAGES);
    const previous = new Map<number, number>();
    for (let i = 0; i < multi.length; i += 500) {
      const rows = await (
        await scoped(this.docs())
      )
        .select('d.clusterId', 'clusterId')
        .addSelect('COUNT(*)', 'n')
        .andWhere('d.submittedAt >= :ps AND d.submittedAt < :start', { ps: prevStart, start })
        .andWhere({ clusterId: In(multi.slice(i, i + 500).map((g) => Number(g.clusterId))) })
        .groupBy('d.clusterId')
        .getRawMany();
      for (const r of rows) previous.set(Number(r.clusterId), Number(r.n));
    }
    const ranked = multi
      .map((g) => {
        const messages = Number(g.n);
        const prev = previous.get(Number(g.clusterId)) ?? 0;
        const { heat, growth } = heatIndex(messages, Number(g.c), Number(g.l ?? 0), prev);
        return { g, messages, prev, heat, growth };
      })
      .sort((a, b) => b.heat - a.heat || b.messages - a.messages || Number(a.g.clusterId) - Number(b.g.clusterId))
      .slice(0, first);
    const problems: HotProblemResult[] = [];
    for (const r of ranked) {
      const clusterId = Number(r.g.clusterId);
      const members = await (
        await scoped(this.docs())
      )
        .select(['d.messageId', 'd.vector', 'd.submittedAt', 'd.regionUnitId'])
        .andWhere({ clusterId })
        .andWhere('d.submittedAt >= :start AND d.submittedAt < :end', { start, end })
        .orderBy('d.submittedAt', 'ASC')
        .addOrderBy('d.messageId', 'ASC')
        .getMany();
      const label = await this.label(
        members.slice(0, LABEL_SAMPLE).map((m) => ({ id: m.messageId, vector: decodeVector(m.vector), regionUnitId: m.regionUnitId })),
      );
      const rep = await this.ds.getRepository(Message).findOne({ select: { id: true, title: true }, where: { id: label.representative } });
      problems.push({
        key: clusterId,
        label: label.label,
        place: label.place,
        issue: label.issue,
        terms: label.terms,
        messages: r.messages,
        citizens: Number(r.g.c),
        likes: Number(r.g.l ?? 0),
        previousMessages: r.prev,
        growth: r.growth,
        heat: r.heat,
        firstAt: toDate(r.g.f),
        lastAt: toDate(r.g.t),
        representativeMessageId: label.representative,
        representativeTitle: maskPiiInText(rep?.title ?? ''),
        messageIds: members.map((m) => m.messageId),
      });
    }
    return { from, to, previousFrom: shanghaiDay(prevStart), previousTo: shanghaiDay(new Date(start.getTime() - 86400_000)), totalMessages, problems };
  }

  private docs() {
    return this.ds.getRepository(AnalysisDoc).createQueryBuilder('d').where('d.state <> :invalid', { invalid: MessageState.INVALID });
  }

  /**
   * A problem's label from its messages' vectors: the place (a named place or thing, with the region when
   * most messages name one) and the issue (the two heaviest other words), each present in at least a third
   * of the messages; and the message closest to the whole (its title represents the problem).
   */
  private async label(
    members: Array<{ id: number; vector: Vec; regionUnitId: number | null }>,
  ): Promise<{ label: string; place: string | null; issue: string; terms: string[]; representative: number }> {
    const weight = new Map<number, number>();
    const present = new Map<number, number>();
    for (const m of members) {
      for (const [t, w] of m.vector) {
        weight.set(t, (weight.get(t) ?? 0) + w);
        present.set(t, (present.get(t) ?? 0) + 1);
      }
    }
    const top = [...weight]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([t]) => t);
    const terms = await this.termsOf(new Set(top));
    const common = top
      .filter((t) => (present.get(t) ?? 0) >= Math.max(1, members.length / 3))
      .map((t) => terms.get(t)!)
      .filter(Boolean);
    const entity = common.find((t) => t.kind === TermKind.ENTITY);
    let region: { term: string } | undefined = common.find((t) => t.kind === TermKind.PLACE);
    if (!region) {
      // the region most of its messages concern (所属地区), when the texts name none often enough
      const counts = new Map<number, number>();
      for (const m of members) if (m.regionUnitId) counts.set(m.regionUnitId, (counts.get(m.regionUnitId) ?? 0) + 1);
      const [top] = [...counts].sort((a, b) => b[1] - a[1]);
      if (top && top[1] >= members.length / 2) {
        const u = await this.ds.getRepository(Unit).findOneBy({ id: top[0] });
        if (u) region = { term: u.name };
      }
    }
    const covered = (s: string) => [entity?.term, region?.term].some((p) => p && (p.includes(s) || s.includes(p)));
    const issues = common
      .filter((t) => (t.kind === TermKind.WORD || t.kind === TermKind.ORG) && !covered(t.term))
      .slice(0, 2)
      .map((t) => t.term);
    const placeParts = [region?.term, entity?.term].filter((x): x is string => !!x);
    const place = placeParts.length ? placeParts.join(' ') : null;
    const issue = issues.length ? issues.join('、') : (common.find((t) => !covered(t.term))?.term ?? '');
    let representative = members[0]?.id ?? 0;
    let best = -1;
    for (const m of members) {
      let s = 0;
      for (const [t, w] of m.vector) s += w * (weight.get(t) ?? 0);
      if (s > best) {
        best = s;
        representative = m.id;
      }
    }
    return { label: place ? `${place}：${issue}` : issue, place, issue, terms: common.slice(0, 8).map((t) => t.term), representative };
  }

  // ── reply checks ───────────────────────────────────────────────────────────────────────────────

  /** The checks on a reply (final replies and direct answers; other kinds get none). */
  async replyFlags(reply: Reply, reads?: ReplyFlagReads): Promise<ReplyFlag[]> {
    if (reply.kind !== 'FINAL') return [];
    // on a read the request's loaders batch a page of replies: the documents, the terms and the templates, a statement each
    const usesOf = reads ? reads.replyTemplateUses.load(templateHash(reply.content)) : templateUses(this.ds, reply.content);
    usesOf.catch(() => undefined);
    const doc = reads
      ? await reads.analysisDocByMessage.load(reply.messageId)
      : await this.ds.getRepository(AnalysisDoc).findOneBy({ messageId: reply.messageId });
    let vector: Vec;
    if (doc) vector = decodeVector(doc.vector);
    else {
      const m = reads ? await reads.message.load(reply.messageId) : await this.ds.getRepository(Message).findOneBy({ id: reply.messageId });
      vector = m ? (await this.index.vectorOfText(m.title, m.content)).vector : [];
    }
    const ids = new Set(vector.slice(0, 12).map(([t]) => t));
    const terms = reads
      ? new Map((await reads.analysisTerm.loadMany([...ids])).filter((t): t is AnalysisTerm => !!t && !(t instanceof Error)).map((t) => [t.id, t]))
      : await this.termsOf(ids);
    const keyTerms = vector
      .map(([t, w]) => ({ term: terms.get(t)?.term ?? '', weight: w }))
      .filter((k) => k.term)
      .slice(0, 8);
    const uses = await usesOf;
    return checkReply(reply.content, keyTerms, reply.state === ReplyState.PUBLISHED ? uses - 1 : uses);
  }

  // ── status ─────────────────────────────────────────────────────────────────────────────────────

  async status(): Promise<{ messages: number; indexed: number; pending: number; failures: number }> {
    const [messages, indexed] = await Promise.all([this.ds.getRepository(Message).count(), this.ds.getRepository(AnalysisDoc).count()]);
    return { messages, indexed, pending: this.queue.pending, failures: this.queue.failures };
  }
}

const toDate = (v: string | Date) => (v instanceof Date ? v : new Date(/Z|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`));
