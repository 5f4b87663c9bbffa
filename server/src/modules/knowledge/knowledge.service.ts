/**
 * The knowledge base (知识库, docs/knowledge.md): owning units draft and update articles, a platform reviewer who did
 * not write the version approves it, every version is kept and every change is a ledger row written in the same
 * transaction; articles past their validity or review date are flagged to their unit and hidden from citizens.
 * Finding: full-text search, suggestions from a message's text, and quoting by replies (knowledge.quotes.ts).
 *
 * Reach: platform roles and supervisors see every article; a unit role or a leader sees its subtree's articles
 * (working drafts included) and everyone's articles that have a version in force (that version only). Outside it an
 * article answers exactly like a missing one (NOT_FOUND).
 */
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { unitInScope } from '../../auth/scope';
import { isUnitScoped, StaffViewer } from '../../auth/viewer';
import { evaluationCache } from '../../common/blockedAction';
import { filterNode, NO_SUCH, pageOf, whereInSubtree } from '../../common/listing';
import { LIKE_ESCAPE, likeEscape, parseId } from '../../common/text';
import { inTransaction } from '../../db/transaction';
import { Page } from '../../graphql/connection';
import { badInput, conflict, ErrorReason, forbidden, notFound } from '../../graphql/errors';
import type { AnalysisIndex } from '../analysis/analysis.index';
import { Category } from '../category/category.entity';
import { moveRecord, moveVersioned, type Workflow } from '../ledger/ledger';
import type { SettingsService } from '../settings/settings.service';
import { Unit, UnitKind } from '../unit/unit.entity';
import { KnowledgeArticle, KnowledgeArticleVersion, KnowledgeEvent, KnowledgeSource, VERSION_FIELDS, VersionContent } from './knowledge.entities';
import {
  DUE_SOON_DAYS,
  KnowledgeState,
  KnowledgeStatus,
  KnowledgeVersionState,
  KnowledgeVisibility,
  KnowledgeWarning,
  POOR_MIN_RATED,
  POOR_SATISFIED_SHARE,
} from './knowledge.enums';
import { KnowledgeIndex, messageQuery, SearchHit, typedQuery } from './knowledge.index';
import type { CreateKnowledgeArticleInput, KnowledgeArticleFilter, KnowledgeContentInput, UpdateKnowledgeArticleInput } from './knowledge.inputs';
import { KNOWLEDGE_MACHINE, KnowledgeAction, KnowledgeEnv, VERSION_ROWS } from './knowledge.transitions';
import { shanghaiDay } from '../../common/shanghai';

export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
const isRealDay = (day: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;

/** Who reads the public part (citizens, third-party sites) or the staff part. */
export type Audience = 'staff' | 'public';

export interface ArticleRating {
  uses: number;
  rated: number;
  satisfied: number;
  averageOverall: number | null;
  poor: boolean;
}

/** Columns an article action may change directly; the state moves only along the action's row (ledger.ts `moveVersioned`). */
type ArticlePatch = Omit<Partial<KnowledgeArticle>, 'state' | 'version'>;

interface ArticleTx {
  em: EntityManager;
  article: KnowledgeArticle;
  working: KnowledgeArticleVersion;
  unit: Unit;
  now: Date;
  log(action: string, payload?: Record<string, unknown> | null, versionNo?: number): void;
  patch(p: ArticlePatch): void;
}

/** The article with the versions a viewer reads: the working one (its unit, the platform) and the one in force. */
export interface ArticleView {
  article: KnowledgeArticle;
  /** What this viewer is shown: the working version if they see drafts, else the version in force. */
  shown: KnowledgeArticleVersion;
  working: KnowledgeArticleVersion | null;
  published: KnowledgeArticleVersion | null;
  unitPath: string;
}

export class KnowledgeService {
  readonly index = new KnowledgeIndex();

  constructor(
    private readonly ds: DataSource,
    private readonly workflow: Workflow,
    private readonly analysis: AnalysisIndex,
    private readonly settings: SettingsService,
  ) {}

  today(): string {
    return shanghaiDay(this.workflow.now());
  }

  // ── reach ──────────────────────────────────────────────────────────────────────────────────────

  /** Whether the viewer reads the article's working version and ledger (its unit's subtree; platform roles and supervisors). */
  seesDrafts(viewer: StaffViewer, unitPath: string): boolean {
    return !isUnitScoped(viewer) || unitInScope(viewer, unitPath);
  }

  private findable(viewer: StaffViewer, a: KnowledgeArticle, unitPath: string): boolean {
    return this.seesDrafts(viewer, unitPath) || (a.publishedVersionNo !== null && a.state !== KnowledgeState.WITHDRAWN);
  }

  /** The article as the viewer may read it; NOT_FOUND when missing or outside their reach. */
  async get(viewer: StaffViewer, id: number, em: EntityManager = this.ds.manager): Promise<ArticleView> {
    const a = await em.getRepository(KnowledgeArticle).findOneBy({ id });
    const unit = a ? await em.getRepository(Unit).findOneBy({ id: a.unitId }) : null;
    if (!a || !unit || !this.findable(viewer, a, unit.path)) throw notFound('KnowledgeArticle', id);
    return (await this.views(viewer, [a], em))[0];
  }

  /** Views of articles the caller already knows the viewer may find. */
  async views(viewer: StaffViewer | null, articles: KnowledgeArticle[], em: EntityManager = this.ds.manager): Promise<ArticleView[]> {
    if (!articles.length) return [];
    const units = new Map(
      (await em.getRepository(Unit).find({ select: { id: true, path: true }, where: { id: In([...new Set(articles.map((a) => a.unitId))]) } })).map((u) => [
        u.id,
        u.path,
      ]),
    );
    const wanted = articles.flatMap((a) => [[a.id, a.versionNo], ...(a.publishedVersionNo ? [[a.id, a.publishedVersionNo]] : [])]);
    const versions = await em
      .getRepository(KnowledgeArticleVersion)
      .createQueryBuilder('v')
      .where('v.articleId IN (:...ids)', { ids: [...new Set(articles.map((a) => a.id))] })
      .andWhere(
        new Brackets((w) => {
          wanted.forEach(([id, no], i) => w.orWhere(`(v.articleId = :a${i} AND v.versionNo = :n${i})`, { [`a${i}`]: id, [`n${i}`]: no }));
        }),
      )
      .getMany();
    const key = (id: number, no: number) => `${id}:${no}`;
    const byKey = new Map(versions.map((v) => [key(v.articleId, v.versionNo), v]));
    return articles.map((article) => {
      const unitPath = units.get(article.unitId) ?? '';
      const working = byKey.get(key(article.id, article.versionNo)) ?? null;
      const published = article.publishedVersionNo ? (byKey.get(key(article.id, article.publishedVersionNo)) ?? null) : null;
      const drafts = viewer !== null && this.seesDrafts(viewer, unitPath);
      return { article, unitPath, working: drafts ? working : null, published, shown: (drafts ? working : published) ?? published ?? working! };
    });
  }

  // ── writing ────────────────────────────────────────────────────────────────────────────────────

  /** A new article: version 1, a draft of the owning unit (the viewer's, or one in their reach). */
  async create(viewer: StaffViewer, input: CreateKnowledgeArticleInput): Promise<ArticleView> {
    if (!KNOWLEDGE_MACHINE.transitions.find((t) => t.action === KnowledgeAction.EDIT)!.roles.includes(viewer.role)) {
      throw forbidden('该角色不能编写知识条目 (this role does not write articles)', {
        reason: ErrorReason.ROLE_MAY_NOT,
        params: { role: viewer.role, action: 'CREATE' },
      });
    }
    const unitId = input.unitId ? parseId('unitId', input.unitId) : viewer.unitId;
    const unit = await this.ds.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit || !unit.isActive || !unitInScope(viewer, unit.path))
      throw badInput('unitId', `单位不存在 (no such unit): ${unitId}`, { reason: ErrorReason.UNIT_NOT_FOUND });
    for (const field of ['title', 'questions', 'answer'] as const) {
      if (input[field] === undefined || input[field] === null)
        throw badInput(field, `请填写 ${field} (${field} is required)`, { reason: ErrorReason.REQUIRED });
    }
    const today = this.today();
    const content = await this.content(
      this.ds.manager,
      {
        title: '',
        questions: [],
        answer: '',
        categoryId: null,
        regionUnitId: null,
        visibility: KnowledgeVisibility.STAFF,
        sources: [],
        validFrom: null,
        validUntil: null,
        reviewBy: addDays(today, 365),
      },
      input,
    );
    const id = await inTransaction(this.ds, async (em) => {
      const now = this.workflow.now();
      const repo = em.getRepository(KnowledgeArticle);
      const a = await repo.save(
        repo.create({ unitId, state: KnowledgeState.DRAFT, versionNo: 1, publishedVersionNo: null, indexLength: null, createdById: viewer.userId }),
      );
      await em
        .getRepository(KnowledgeArticleVersion)
        .insert({ articleId: a.id, versionNo: 1, state: KnowledgeVersionState.DRAFT, ...content, authorId: viewer.userId, writerIds: [viewer.userId] });
      const events = em.getRepository(KnowledgeEvent);
      await events.save(
        events.create({
          articleId: a.id,
          versionNo: 1,
          action: 'CREATED',
          fromState: null,
          toState: KnowledgeState.DRAFT,
          actorUserId: viewer.userId,
          actorUnitId: viewer.unitId,
          payload: { unitId, title: content.title },
          createdAt: now,
        }),
      );
      return a.id;
    });
    return this.get(viewer, id);
  }

  /**
   * 修改: a draft never submitted is changed in place (the ledger keeps each field's value before and after); after
   * review (sent back, or approved and in force) the change starts the next version, and the approved one stays in
   * force until the new one is approved.
   */
  update(viewer: StaffViewer, input: UpdateKnowledgeArticleInput): Promise<ArticleView> {
    return this.act(viewer, parseId('id', input.id), KnowledgeAction.EDIT, input.expectedVersion, async (t) => {
      const before = pick(t.working);
      const after = await this.content(t.em, before, input);
      const changes = diff(before, after);
      if (!Object.keys(changes).length) throw badInput('title', '内容没有改动 (nothing changed)', { reason: ErrorReason.TEXT_UNCHANGED });
      const versions = t.em.getRepository(KnowledgeArticleVersion);
      if (t.working.state === KnowledgeVersionState.DRAFT) {
        await versions.update(t.working.id, { ...after, writerIds: [...new Set([...t.working.writerIds, viewer.userId])] });
        t.log('EDITED', { changes });
        return;
      }
      const next = t.article.versionNo + 1;
      await versions.insert({
        articleId: t.article.id,
        versionNo: next,
        state: KnowledgeVersionState.DRAFT,
        ...after,
        authorId: viewer.userId,
        writerIds: [viewer.userId],
      });
      t.patch({ versionNo: next });
      t.log('EDITED', { changes, newVersion: true, basedOn: t.working.versionNo }, next);
    });
  }

  submit(viewer: StaffViewer, id: number, expectedVersion?: number): Promise<ArticleView> {
    return this.act(viewer, id, KnowledgeAction.SUBMIT, expectedVersion, async (t) => {
      await moveRecord(t.em, KnowledgeArticleVersion, 'KnowledgeArticleVersion', t.working, VERSION_ROWS.submit, { submittedAt: t.now });
      t.log('SUBMITTED', { title: t.working.title });
    });
  }

  /** 审核: approve (the version comes into force and into the search index) or send back with a comment. */
  review(viewer: StaffViewer, id: number, approve: boolean, comment: string | undefined, expectedVersion?: number): Promise<ArticleView> {
    if (!approve && !comment?.trim())
      throw badInput('comment', '退回须填写审核意见 (a comment is required to send back)', { reason: ErrorReason.COMMENT_REQUIRED });
    return this.act(viewer, id, approve ? KnowledgeAction.APPROVE : KnowledgeAction.REJECT, expectedVersion, async (t) => {
      const versions = t.em.getRepository(KnowledgeArticleVersion);
      const decided = { reviewerId: viewer.userId, reviewedAt: t.now, reviewComment: comment?.trim() || null };
      if (!approve) {
        await moveRecord(t.em, KnowledgeArticleVersion, 'KnowledgeArticleVersion', t.working, VERSION_ROWS.reject, decided);
        t.log('REJECTED', { comment: comment!.trim() });
        return;
      }
      if (t.article.publishedVersionNo && t.article.publishedVersionNo !== t.working.versionNo) {
        const inForce = await versions.findOneByOrFail({ articleId: t.article.id, versionNo: t.article.publishedVersionNo });
        await moveRecord(t.em, KnowledgeArticleVersion, 'KnowledgeArticleVersion', inForce, VERSION_ROWS.supersede);
      }
      await moveRecord(t.em, KnowledgeArticleVersion, 'KnowledgeArticleVersion', t.working, VERSION_ROWS.approve, decided);
      t.patch({ publishedVersionNo: t.working.versionNo, indexLength: await this.index.write(t.em, await this.analysis.segmenter(), t.article.id, t.working) });
      t.log('APPROVED', { comment: decided.reviewComment, previousVersion: t.article.publishedVersionNo });
    });
  }

  /** 停用: nobody reads it any more but its unit and the platform; out of the index; versions and ledger stay. */
  withdraw(viewer: StaffViewer, id: number, reason: string | undefined, expectedVersion?: number): Promise<ArticleView> {
    if (!reason?.trim()) throw badInput('comment', '停用须说明理由 (a reason is required)', { reason: ErrorReason.COMMENT_REQUIRED });
    return this.act(viewer, id, KnowledgeAction.WITHDRAW, expectedVersion, async (t) => {
      // a version waiting for review goes back to its writers: nobody reviews a withdrawn article
      if (t.working.state === KnowledgeVersionState.IN_REVIEW)
        await moveRecord(t.em, KnowledgeArticleVersion, 'KnowledgeArticleVersion', t.working, VERSION_ROWS.backToWriters, { submittedAt: null });
      await this.index.remove(t.em, t.article.id);
      t.patch({ indexLength: null });
      t.log('WITHDRAWN', { reason: reason!.trim() });
    });
  }

  /** 重新启用: a new draft from the last text, reviewed before anything is in force again. */
  restore(viewer: StaffViewer, id: number, expectedVersion?: number): Promise<ArticleView> {
    return this.act(viewer, id, KnowledgeAction.RESTORE, expectedVersion, async (t) => {
      const versions = t.em.getRepository(KnowledgeArticleVersion);
      if (t.article.publishedVersionNo) {
        const inForce = await versions.findOneByOrFail({ articleId: t.article.id, versionNo: t.article.publishedVersionNo });
        await moveRecord(t.em, KnowledgeArticleVersion, 'KnowledgeArticleVersion', inForce, VERSION_ROWS.supersede);
      }
      const next = t.article.versionNo + 1;
      await versions.insert({
        articleId: t.article.id,
        versionNo: next,
        state: KnowledgeVersionState.DRAFT,
        ...pick(t.working),
        authorId: viewer.userId,
        writerIds: [viewer.userId],
      });
      t.patch({ versionNo: next, publishedVersionNo: null });
      t.log('RESTORED', { basedOn: t.working.versionNo }, next);
    });
  }

  /**
   * Runs an article action: the reach rule first (NOT_FOUND), the optimistic version, the state machine (FORBIDDEN,
   * INVALID_TRANSITION), the work, the article's version bump and the ledger rows, in one transaction.
   */
  private async act(
    viewer: StaffViewer,
    id: number,
    action: KnowledgeAction,
    expectedVersion: number | undefined,
    work: (t: ArticleTx) => Promise<void>,
  ): Promise<ArticleView> {
    await inTransaction(this.ds, async (em) => {
      const article = await em.getRepository(KnowledgeArticle).findOneBy({ id });
      const unit = article ? await em.getRepository(Unit).findOneBy({ id: article.unitId }) : null;
      if (!article || !unit || !this.findable(viewer, article, unit.path)) throw notFound('KnowledgeArticle', id);
      if (expectedVersion != null && expectedVersion !== article.version) {
        throw conflict(`知识条目已被他人修改，请刷新后重试 (article changed: version ${article.version}, expected ${expectedVersion})`, {
          reason: ErrorReason.VERSION_CONFLICT,
        });
      }
      const working = await em.getRepository(KnowledgeArticleVersion).findOneByOrFail({ articleId: id, versionNo: article.versionNo });
      const t = KNOWLEDGE_MACHINE.check(action, article.state, this.env(unit.path, working), viewer);
      const from = article.state;
      const entries: Array<{ action: string; payload: Record<string, unknown> | null; versionNo: number }> = [];
      const patch: ArticlePatch = {};
      const now = this.workflow.now();
      await work({
        em,
        article,
        working,
        unit,
        now,
        log: (a, payload = null, versionNo = article.versionNo) => entries.push({ action: a, payload, versionNo }),
        patch: (p) => Object.assign(patch, p),
      });
      // the row performed by the workflow runner: its from-states checked again, the state moved, the version bumped
      await moveVersioned(em, KnowledgeArticle, 'KnowledgeArticle', article, t, patch, () =>
        conflict('知识条目已被他人修改，请刷新后重试 (article changed concurrently)', { reason: ErrorReason.VERSION_CONFLICT }),
      );
      const events = em.getRepository(KnowledgeEvent);
      for (const e of entries) {
        await events.save(
          events.create({
            articleId: id,
            versionNo: e.versionNo,
            action: e.action,
            fromState: from,
            toState: article.state,
            actorUserId: viewer.userId,
            actorUnitId: viewer.unitId,
            payload: e.payload,
            createdAt: now,
          }),
        );
      }
    });
    return this.get(viewer, id);
  }

  private env(unitPath: string, working: KnowledgeArticleVersion): KnowledgeEnv {
    return { unitPath, writerIds: working.writerIds ?? [working.authorId] };
  }

  /** The content after applying an input to what it was: references checked, dates in order. */
  private async content(em: EntityManager, base: VersionContent, input: KnowledgeContentInput): Promise<VersionContent> {
    const out: VersionContent = { ...base, questions: [...base.questions], sources: [...base.sources] };
    if (input.title !== undefined && input.title !== null) out.title = input.title.trim();
    if (input.questions) {
      out.questions = [...new Set(input.questions.map((q) => q.trim()))];
    }
    if (input.answer !== undefined && input.answer !== null) out.answer = input.answer.replace(/\r\n?/g, '\n').trim();
    if (input.visibility) out.visibility = input.visibility;
    if (input.categoryId !== undefined && input.categoryId !== null) {
      if (input.categoryId === '') out.categoryId = null;
      else {
        const id = parseId('categoryId', input.categoryId);
        if (!(await em.getRepository(Category).findOneBy({ id, isActive: true })))
          throw badInput('categoryId', `领域不存在 (no such category): ${id}`, { reason: ErrorReason.CATEGORY_NOT_FOUND });
        out.categoryId = id;
      }
    }
    if (input.regionUnitId !== undefined && input.regionUnitId !== null) {
      if (input.regionUnitId === '') out.regionUnitId = null;
      else {
        const id = parseId('regionUnitId', input.regionUnitId);
        const region = await em.getRepository(Unit).findOneBy({ id });
        if (!region || region.kind !== UnitKind.REGION)
          throw badInput('regionUnitId', `不是地区单位 (not a region): ${id}`, { reason: ErrorReason.NOT_A_REGION });
        out.regionUnitId = id;
      }
    }
    if (input.sources) {
      input.sources.forEach((s, i) => {
        if (s.date && !isRealDay(s.date)) throw badInput(`sources.${i}.date`, `日期无效 (not a date): ${s.date}`, { reason: ErrorReason.BAD_DATE });
      });
      out.sources = input.sources.map((s): KnowledgeSource => ({
        title: s.title.trim(),
        number: s.number?.trim() || null,
        date: s.date || null,
        url: s.url?.trim() || null,
      }));
    }
    for (const field of ['validFrom', 'validUntil', 'reviewBy'] as const) {
      const v = input[field];
      if (v === undefined || v === null) continue;
      if (v === '' && field !== 'reviewBy') {
        out[field] = null;
        continue;
      }
      if (!isRealDay(v)) throw badInput(field, `日期无效 (not a date): ${v}`, { reason: ErrorReason.BAD_DATE });
      out[field] = v;
    }
    if (out.validFrom && out.validUntil && out.validUntil < out.validFrom)
      throw badInput('validUntil', '失效日期不能早于生效日期 (validUntil before validFrom)', { reason: ErrorReason.DATES_OUT_OF_ORDER });
    return out;
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────────

  async list(viewer: StaffViewer, filter: KnowledgeArticleFilter, page: Page) {
    const today = this.today();
    const qb = this.ds
      .getRepository(KnowledgeArticle)
      .createQueryBuilder('a')
      .innerJoin(Unit, 'u', 'u.id = a.unitId')
      .innerJoin(KnowledgeArticleVersion, 'wv', 'wv.articleId = a.id AND wv.versionNo = a.versionNo')
      .leftJoin(KnowledgeArticleVersion, 'pv', 'pv.articleId = a.id AND pv.versionNo = a.publishedVersionNo');
    const scoped = isUnitScoped(viewer);
    const scope = { kscope: `${likeEscape(viewer.unitPath)}%` };
    const inScope = `u.path LIKE :kscope ${LIKE_ESCAPE}`;
    if (scoped)
      qb.andWhere(
        new Brackets((w) =>
          w.where(inScope, scope).orWhere(`(a.publishedVersionNo IS NOT NULL AND a.state <> :kwithdrawn)`, { kwithdrawn: KnowledgeState.WITHDRAWN }),
        ),
      );
    if (filter.mine && scoped) qb.andWhere(inScope, scope);
    if (filter.states?.length) qb.andWhere('a.state IN (:...kstates)', { kstates: filter.states });
    if (filter.statuses?.length)
      qb.andWhere(
        new Brackets((w) => {
          for (const s of filter.statuses!) w.orWhere(statusSql(s), { today });
        }),
      );
    if (filter.unitId) {
      const u = await filterNode(this.ds, Unit, 'filter.unitId', filter.unitId, NO_SUCH.unit, { reason: ErrorReason.UNIT_NOT_FOUND });
      whereInSubtree(qb, 'u.path', u.path, 'kunit');
    }
    if (filter.categoryId) {
      const c = await filterNode(this.ds, Category, 'filter.categoryId', filter.categoryId, NO_SUCH.category, { reason: ErrorReason.CATEGORY_NOT_FOUND });
      qb.andWhere(
        `(CASE WHEN ${scoped ? inScope : '1 = 1'} THEN wv.categoryId ELSE pv.categoryId END) IN (SELECT kc.id FROM category kc WHERE kc.path LIKE :kcat ${LIKE_ESCAPE})`,
        { ...scope, kcat: `${likeEscape(c.path)}%` },
      );
    }
    if (filter.search?.trim()) {
      const like = `%${likeEscape(filter.search.trim())}%`;
      const fields = (v: string) =>
        `(${v}.title LIKE :ksearch ${LIKE_ESCAPE} OR ${v}.questions LIKE :ksearch ${LIKE_ESCAPE} OR ${v}.answer LIKE :ksearch ${LIKE_ESCAPE})`;
      // the working text only where the viewer reads it; elsewhere the text in force
      qb.andWhere(
        new Brackets((w) => {
          w.where(`(a.publishedVersionNo IS NOT NULL AND ${fields('pv')})`, { ksearch: like });
          if (scoped) w.orWhere(`(${inScope} AND ${fields('wv')})`, { ...scope, ksearch: like });
          else w.orWhere(fields('wv'), { ksearch: like });
        }),
      );
    }
    if (filter.attention) {
      const poor = [...(await this.ratings()).entries()].filter(([, r]) => r.poor).map(([id]) => id);
      if (scoped) qb.andWhere(inScope, scope);
      qb.andWhere(
        new Brackets((w) => {
          w.where('a.state = :krejected', { krejected: KnowledgeState.REJECTED }).orWhere(
            `(a.publishedVersionNo IS NOT NULL AND a.state <> :kwd2 AND (pv.validUntil <= :soon OR pv.reviewBy <= :soon))`,
            { kwd2: KnowledgeState.WITHDRAWN, soon: addDays(today, DUE_SOON_DAYS) },
          );
          if (poor.length) w.orWhere('(a.id IN (:...kpoor) AND a.state <> :kwd3)', { kpoor: poor, kwd3: KnowledgeState.WITHDRAWN });
        }),
      );
    }
    const queue = filter.states?.length === 1 && filter.states[0] === KnowledgeState.IN_REVIEW;
    qb.orderBy('a.updatedAt', queue ? 'ASC' : 'DESC').addOrderBy('a.id', queue ? 'ASC' : 'DESC');
    const conn = await pageOf(qb, page);
    const views = await this.views(viewer, conn.nodes);
    return { ...conn, nodes: views, edges: conn.edges.map((e, i) => ({ ...e, node: views[i] })) };
  }

  /** How many articles of the viewer's units need looking at (the console's badge). */
  async attentionCount(viewer: StaffViewer): Promise<number> {
    return (await this.list(viewer, { attention: true, mine: true }, { limit: 1, offset: 0 })).totalCount;
  }

  versions(articleId: number): Promise<KnowledgeArticleVersion[]> {
    return this.ds.getRepository(KnowledgeArticleVersion).find({ where: { articleId }, order: { versionNo: 'DESC' } });
  }

  history(articleId: number): Promise<KnowledgeEvent[]> {
    return this.ds.getRepository(KnowledgeEvent).find({ where: { articleId }, order: { id: 'ASC' } });
  }

  /** What an article is now, from its state and the dates of the version in force. */
  status(v: ArticleView, today = this.today()): KnowledgeStatus {
    return statusOf(v.article, v.published, today);
  }

  warnings(v: ArticleView, rating: ArticleRating | undefined, today = this.today()): KnowledgeWarning[] {
    const out: KnowledgeWarning[] = [];
    if (v.article.state === KnowledgeState.WITHDRAWN) return out;
    if (v.article.state === KnowledgeState.REJECTED) out.push(KnowledgeWarning.REJECTED);
    const p = v.published;
    if (p) {
      const soon = addDays(today, DUE_SOON_DAYS);
      if (p.validUntil && p.validUntil < today) out.push(KnowledgeWarning.EXPIRED);
      else if (p.validUntil && p.validUntil <= soon) out.push(KnowledgeWarning.EXPIRES_SOON);
      if (p.reviewBy < today) out.push(KnowledgeWarning.REVIEW_OVERDUE);
      else if (p.reviewBy <= soon) out.push(KnowledgeWarning.REVIEW_DUE_SOON);
    }
    if (rating?.poor) out.push(KnowledgeWarning.POOR_RATINGS);
    return out;
  }

  private readonly evaluations = evaluationCache<KnowledgeArticle, KnowledgeAction>();

  evaluate(viewer: StaffViewer, v: ArticleView) {
    return this.evaluations(v.article, `${viewer.userId}:${viewer.role}`, async () => {
      const working =
        v.working ?? (await this.ds.getRepository(KnowledgeArticleVersion).findOneByOrFail({ articleId: v.article.id, versionNo: v.article.versionNo }));
      return KNOWLEDGE_MACHINE.evaluate(v.article.state, this.env(v.unitPath, working), viewer);
    });
  }

  // ── finding ────────────────────────────────────────────────────────────────────────────────────

  /**
   * The ids among `ids` that are in force today for the audience (staff: any visibility; public: PUBLIC only),
   * optionally for a region: an article of a region applies to it and the regions below it.
   */
  async liveAmong(
    ids: number[],
    audience: Audience,
    regionPath: string | null = null,
    categoryIds: Set<number> | null = null,
    em: EntityManager = this.ds.manager,
  ): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const qb = em
      .getRepository(KnowledgeArticle)
      .createQueryBuilder('a')
      .select('a.id', 'id')
      .innerJoin(KnowledgeArticleVersion, 'pv', 'pv.articleId = a.id AND pv.versionNo = a.publishedVersionNo')
      .where('a.id IN (:...ids)', { ids })
      .andWhere(statusSql(KnowledgeStatus.LIVE), { today: this.today() });
    if (audience === 'public') qb.andWhere('pv.visibility = :pub', { pub: KnowledgeVisibility.PUBLIC });
    if (categoryIds) qb.andWhere('pv.categoryId IN (:...lcats)', { lcats: categoryIds.size ? [...categoryIds] : [-1] });
    if (regionPath) {
      qb.leftJoin(Unit, 'ru', 'ru.id = pv.regionUnitId').andWhere(`(pv.regionUnitId IS NULL OR :rpath LIKE ${concatLike(this.ds)})`, { rpath: regionPath });
    }
    return new Set((await qb.getRawMany()).map((r) => Number(r.id)));
  }

  /** Full-text search of the articles in force (staff: all; public: PUBLIC only), best first. */
  async search(text: string, audience: Audience, first: number, categoryId: number | null = null): Promise<SearchHit[]> {
    const q = text.trim();
    if (!q) return [];
    const categoryIds = categoryId ? await this.categorySubtree(categoryId) : null;
    const allowed = (ids: number[]) => this.liveAmong(ids, audience, null, categoryIds);
    const hits = await this.index.search(this.ds.manager, typedQuery(await this.analysis.segmenter(), q), allowed);
    if (hits.length) return hits.slice(0, first);
    // no indexed word matched (a rare word, a number, a single character): the text in force, literally
    const qb = this.ds
      .getRepository(KnowledgeArticle)
      .createQueryBuilder('a')
      .select('a.id', 'id')
      .innerJoin(KnowledgeArticleVersion, 'pv', 'pv.articleId = a.id AND pv.versionNo = a.publishedVersionNo')
      .where(`(pv.title LIKE :q ${LIKE_ESCAPE} OR pv.questions LIKE :q ${LIKE_ESCAPE} OR pv.answer LIKE :q ${LIKE_ESCAPE})`, {
        q: `%${likeEscape(q.slice(0, 100))}%`,
      })
      .orderBy('a.id', 'DESC')
      .limit(200);
    const ids = (await qb.getRawMany()).map((r) => Number(r.id));
    const ok = await allowed(ids);
    return ids
      .filter((id) => ok.has(id))
      .slice(0, first)
      .map((articleId) => ({ articleId, score: 0, matched: [q], terms: 1 }));
  }

  /** Articles for a message (a dispatcher screening it, a handler drafting): in force, for its region, best first. */
  async suggest(message: { title: string; content: string; regionUnitId?: number | null }, first: number): Promise<SearchHit[]> {
    const region = message.regionUnitId ? await this.ds.getRepository(Unit).findOneBy({ id: message.regionUnitId }) : null;
    const query = messageQuery(await this.analysis.segmenter(), message.title, message.content);
    const hits = await this.index.search(this.ds.manager, query, (ids) => this.liveAmong(ids, 'staff', region?.path ?? null));
    if (!hits.length) return [];
    // what shares only a word with the message, or scores far below the best, is noise
    const floor = hits[0].score * 0.25;
    return hits.filter((h) => h.score >= floor && h.terms >= 2).slice(0, first);
  }

  /** Loads articles by id in the order given (hits), as views for the viewer. */
  async hitsAsViews(viewer: StaffViewer | null, hits: SearchHit[]) {
    if (!hits.length) return [];
    const rows = await this.ds.getRepository(KnowledgeArticle).findBy({ id: In(hits.map((h) => h.articleId)) });
    const views = new Map((await this.views(viewer, rows)).map((v) => [v.article.id, v]));
    return hits.filter((h) => views.has(h.articleId)).map((h) => ({ view: views.get(h.articleId)!, score: h.score, matchedTerms: h.matched }));
  }

  private async categorySubtree(categoryId: number): Promise<Set<number>> {
    const c = await this.ds.getRepository(Category).findOneBy({ id: categoryId });
    if (!c) throw badInput('categoryId', `领域不存在 (no such category): ${categoryId}`, { reason: ErrorReason.CATEGORY_NOT_FOUND });
    const rows = await whereInSubtree(this.ds.getRepository(Category).createQueryBuilder('c').select('c.id', 'id'), 'c.path', c.path, 'csub').getRawMany();
    return new Set(rows.map((r) => Number(r.id)));
  }

  // ── public ─────────────────────────────────────────────────────────────────────────────────────

  /** Public articles in force, newest first (or by relevance with a search), optionally of a category subtree. */
  async publicList(
    search: string | undefined,
    categoryId: number | null,
    page: Page,
  ): Promise<{ rows: Array<{ view: ArticleView; matchedTerms: string[] }>; total: number }> {
    if (search?.trim()) {
      const hits = await this.search(search, 'public', 200, categoryId);
      const shown = await this.hitsAsViews(null, hits.slice(page.offset, page.offset + page.limit));
      return { rows: shown.map((h) => ({ view: h.view, matchedTerms: h.matchedTerms })), total: hits.length };
    }
    const qb = this.ds
      .getRepository(KnowledgeArticle)
      .createQueryBuilder('a')
      .innerJoin(KnowledgeArticleVersion, 'pv', 'pv.articleId = a.id AND pv.versionNo = a.publishedVersionNo')
      .where(statusSql(KnowledgeStatus.LIVE), { today: this.today() })
      .andWhere('pv.visibility = :pub', { pub: KnowledgeVisibility.PUBLIC });
    if (categoryId) qb.andWhere('pv.categoryId IN (:...pcats)', { pcats: [...(await this.categorySubtree(categoryId))] });
    qb.orderBy('pv.reviewedAt', 'DESC').addOrderBy('a.id', 'DESC');
    const conn = await pageOf(qb, page);
    return { rows: (await this.views(null, conn.nodes)).map((view) => ({ view, matchedTerms: [] })), total: conn.totalCount };
  }

  /** One public article in force; anything else (staff only, expired, withdrawn, missing) is NOT_FOUND. */
  async publicGet(id: number): Promise<ArticleView> {
    const ok = await this.liveAmong([id], 'public');
    if (!ok.has(id)) throw notFound('KnowledgeArticle', id);
    const a = await this.ds.getRepository(KnowledgeArticle).findOneByOrFail({ id });
    return (await this.views(null, [a]))[0];
  }

  // ── use and ratings ────────────────────────────────────────────────────────────────────────────

  /**
   * Per article: published final replies quoting it, and the ratings of their messages — the message's latest rating
   * given after that reply and before any later published reply of the message (a redo's new reply answers for
   * itself). Satisfied: overall above the settings' threshold. Poor: at least 3 rated, under half satisfied.
   */
  async ratings(articleIds?: number[]): Promise<Map<number, ArticleRating>> {
    const { satisfactionThreshold } = await this.settings.thresholds();
    const uses = this.ds
      .createQueryBuilder()
      .select('ra.articleId', 'articleId')
      .addSelect('COUNT(DISTINCT r.id)', 'n')
      .from('reply_article', 'ra')
      .innerJoin('reply', 'r', `r.id = ra.replyId AND r.kind = 'FINAL' AND r.state = 'PUBLISHED'`)
      .groupBy('ra.articleId');
    const rated = this.ds
      .createQueryBuilder()
      .select('ra.articleId', 'articleId')
      .addSelect('r.messageId', 'messageId')
      .addSelect('e.overall', 'overall')
      .from('reply_article', 'ra')
      .innerJoin('reply', 'r', `r.id = ra.replyId AND r.kind = 'FINAL' AND r.state = 'PUBLISHED'`)
      .innerJoin('evaluation', 'e', 'e.messageId = r.messageId AND e.createdAt >= r.publishedAt')
      .where('NOT EXISTS (SELECT 1 FROM evaluation e2 WHERE e2.messageId = e.messageId AND e2.id > e.id)')
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM reply r2 WHERE r2.messageId = r.messageId AND r2.kind = 'FINAL' AND r2.state = 'PUBLISHED' AND r2.publishedAt > r.publishedAt AND r2.publishedAt <= e.createdAt)`,
      );
    if (articleIds) {
      if (!articleIds.length) return new Map();
      uses.where('ra.articleId IN (:...ids)', { ids: articleIds });
      rated.andWhere('ra.articleId IN (:...ids)', { ids: articleIds });
    }
    const out = new Map<number, ArticleRating>();
    const entry = (id: number) => out.get(id) ?? out.set(id, { uses: 0, rated: 0, satisfied: 0, averageOverall: null, poor: false }).get(id)!;
    for (const r of await uses.getRawMany()) entry(Number(r.articleId)).uses = Number(r.n);
    const seen = new Set<string>();
    const sums = new Map<number, number>();
    for (const r of await rated.getRawMany()) {
      const key = `${r.articleId}:${r.messageId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const e = entry(Number(r.articleId));
      e.rated += 1;
      if (Number(r.overall) > satisfactionThreshold) e.satisfied += 1;
      sums.set(Number(r.articleId), (sums.get(Number(r.articleId)) ?? 0) + Number(r.overall));
    }
    for (const [id, e] of out) {
      if (e.rated) e.averageOverall = Math.round(((sums.get(id) ?? 0) / e.rated) * 100) / 100;
      e.poor = e.rated >= POOR_MIN_RATED && e.satisfied / e.rated < POOR_SATISFIED_SHARE;
    }
    return out;
  }
}

/** The fields of a version that make its content. */
function pick(v: KnowledgeArticleVersion): VersionContent {
  return {
    title: v.title,
    questions: [...v.questions],
    answer: v.answer,
    categoryId: v.categoryId,
    regionUnitId: v.regionUnitId,
    visibility: v.visibility,
    sources: v.sources.map((s) => ({ ...s })),
    validFrom: v.validFrom,
    validUntil: v.validUntil,
    reviewBy: v.reviewBy,
  };
}

/** Each field that changed, with its value before and after (the ledger's "what"). */
function diff(before: VersionContent, after: VersionContent): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const f of VERSION_FIELDS) {
    if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) out[f] = { from: before[f], to: after[f] };
  }
  return out;
}

/** The status of an article from its state and the version in force. */
export function statusOf(
  a: KnowledgeArticle,
  published: Pick<KnowledgeArticleVersion, 'validFrom' | 'validUntil' | 'reviewBy'> | null,
  today: string,
): KnowledgeStatus {
  if (a.state === KnowledgeState.WITHDRAWN) return KnowledgeStatus.WITHDRAWN;
  if (!a.publishedVersionNo || !published) return KnowledgeStatus.UNPUBLISHED;
  if (published.validUntil && published.validUntil < today) return KnowledgeStatus.EXPIRED;
  if (published.reviewBy < today) return KnowledgeStatus.REVIEW_OVERDUE;
  if (published.validFrom && published.validFrom > today) return KnowledgeStatus.SCHEDULED;
  return KnowledgeStatus.LIVE;
}

/** The same as statusOf, as SQL over `a` (article) and `pv` (the version in force), with :today. */
export function statusSql(s: KnowledgeStatus): string {
  const published = `a.state <> 'WITHDRAWN' AND a.publishedVersionNo IS NOT NULL`;
  const notExpired = '(pv.validUntil IS NULL OR pv.validUntil >= :today)';
  switch (s) {
    case KnowledgeStatus.WITHDRAWN:
      return `(a.state = 'WITHDRAWN')`;
    case KnowledgeStatus.UNPUBLISHED:
      return `(a.state <> 'WITHDRAWN' AND a.publishedVersionNo IS NULL)`;
    case KnowledgeStatus.EXPIRED:
      return `(${published} AND pv.validUntil < :today)`;
    case KnowledgeStatus.REVIEW_OVERDUE:
      return `(${published} AND ${notExpired} AND pv.reviewBy < :today)`;
    case KnowledgeStatus.SCHEDULED:
      return `(${published} AND ${notExpired} AND pv.reviewBy >= :today AND pv.validFrom > :today)`;
    case KnowledgeStatus.LIVE:
      return `(${published} AND ${notExpired} AND pv.reviewBy >= :today AND (pv.validFrom IS NULL OR pv.validFrom <= :today))`;
  }
}

/** `ru.path || '%'` in the dialect (a region's path as a LIKE prefix). */
function concatLike(ds: DataSource): string {
  return ds.options.type === 'better-sqlite3' ? `(ru.path || '%')` : `CONCAT(ru.path, '%')`;
}
