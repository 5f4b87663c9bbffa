/**
 * The dispatch catalogue (派单目录, docs/knowledge.md): entries kept by platform administrators, each change a new
 * version (who, when, each field before and after) written in one transaction with the entry; and the matching of a
 * message against the entries in force, which the lead-unit suggestion (智能派单) uses first.
 */
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { pageOf } from '../../common/listing';
import { LIKE_ESCAPE, likeEscape, parseId } from '../../common/text';
import { inTransaction } from '../../db/transaction';
import { Page } from '../../graphql/connection';
import { badInput, conflict, ErrorReason, notFound } from '../../graphql/errors';
import { Category } from '../category/category.entity';
import type { Workflow } from '../ledger/ledger';
import { canHandleMessages, Unit, UnitKind } from '../unit/unit.entity';
import { DispatchCatalogueEntry, DispatchCatalogueVersion, ENTRY_FIELDS } from './catalogue.entities';
import type { CatalogueEntryContentInput, CatalogueFilter, CreateCatalogueEntryInput, UpdateCatalogueEntryInput } from './catalogue.inputs';
import { shanghaiDay } from '../../common/shanghai';

type EntryContent = Pick<DispatchCatalogueEntry, (typeof ENTRY_FIELDS)[number]>;

const isRealDay = (s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** What a message is matched on. */
export interface MatterOf {
  title: string;
  content: string;
  categoryId?: number | null;
  regionUnitId?: number | null;
}

/** An entry in force that a message matches, and on what. */
export interface CatalogueMatch {
  entry: DispatchCatalogueEntry;
  /** The entry's keywords found in the message. */
  keywords: string[];
  /** The entry's category (the message's or one above it), if it names one. */
  category: Category | null;
  /** The entry's region (the message's or one above it), if it names one. */
  region: Unit | null;
}

export class CatalogueService {
  constructor(
    private readonly ds: DataSource,
    private readonly workflow: Workflow,
  ) {}

  today(): string {
    return shanghaiDay(this.workflow.now());
  }

  async list(filter: CatalogueFilter, page: Page) {
    const qb = this.ds.getRepository(DispatchCatalogueEntry).createQueryBuilder('e');
    if (filter.isActive !== undefined && filter.isActive !== null) qb.andWhere('e.isActive = :active', { active: filter.isActive });
    if (filter.search?.trim()) {
      const like = `%${likeEscape(filter.search.trim())}%`;
      qb.andWhere(new Brackets((w) => w.where(`e.matter LIKE :cs ${LIKE_ESCAPE}`, { cs: like }).orWhere(`e.keywords LIKE :cs ${LIKE_ESCAPE}`, { cs: like })));
    }
    if (filter.unitId) {
      const id = parseId('unitId', filter.unitId);
      // assistUnitIds is a JSON array of numbers: "[3,17]" holds 17 as "[17," ",17," ",17]" or "[17]"
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('e.leadUnitId = :cu', { cu: id })
            .orWhere('e.assistUnitIds LIKE :ca1', { ca1: `[${id},%` })
            .orWhere('e.assistUnitIds LIKE :ca2', { ca2: `%,${id},%` })
            .orWhere('e.assistUnitIds LIKE :ca3', { ca3: `%,${id}]` })
            .orWhere('e.assistUnitIds = :ca4', { ca4: `[${id}]` }),
        ),
      );
    }
    qb.orderBy('e.isActive', 'DESC').addOrderBy('e.updatedAt', 'DESC').addOrderBy('e.id', 'DESC');
    return pageOf(qb, page);
  }

  async get(id: number): Promise<DispatchCatalogueEntry> {
    const e = await this.ds.getRepository(DispatchCatalogueEntry).findOneBy({ id });
    if (!e) throw notFound('DispatchCatalogueEntry', id);
    return e;
  }

  versions(entryId: number): Promise<DispatchCatalogueVersion[]> {
    return this.ds.getRepository(DispatchCatalogueVersion).find({ where: { entryId }, order: { versionNo: 'DESC' } });
  }

  /** 新增: version 1 of a new entry. */
  async create(viewer: StaffViewer, input: CreateCatalogueEntryInput): Promise<DispatchCatalogueEntry> {
    for (const field of ['matter', 'leadUnitId'] as const) {
      if (!input[field]) throw badInput(field, `请填写 ${field} (${field} is required)`, { reason: ErrorReason.REQUIRED });
    }
    const content = await this.content(
      this.ds.manager,
      {
        matter: '',
        keywords: [],
        categoryId: null,
        regionUnitId: null,
        leadUnitId: 0,
        assistUnitIds: [],
        validFrom: null,
        validUntil: null,
        basis: null,
        isActive: true,
      },
      input,
    );
    const id = await inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(DispatchCatalogueEntry);
      const e = await repo.save(repo.create({ ...content, versionNo: 1, updatedById: viewer.userId }));
      await em.getRepository(DispatchCatalogueVersion).save({
        entryId: e.id,
        versionNo: 1,
        action: 'CREATED',
        snapshot: snapshotOf(content),
        changes: null,
        actorUserId: viewer.userId,
        createdAt: this.workflow.now(),
      });
      return e.id;
    });
    return this.get(id);
  }

  /** 修改 / 停用 / 启用: the next version, with what changed. A retired entry is enabled before it is changed. */
  async update(viewer: StaffViewer, input: UpdateCatalogueEntryInput): Promise<DispatchCatalogueEntry> {
    const id = parseId('id', input.id);
    await inTransaction(this.ds, async (em) => {
      const e = await em.getRepository(DispatchCatalogueEntry).findOneBy({ id });
      if (!e) throw notFound('DispatchCatalogueEntry', id);
      if (input.expectedVersion && input.expectedVersion !== e.version) {
        throw conflict(`派单目录条目已被他人修改，请刷新后重试 (entry changed: version ${e.version}, expected ${input.expectedVersion})`, {
          reason: ErrorReason.VERSION_CONFLICT,
        });
      }
      const before = pick(e);
      const enabling = input.isActive === true && !e.isActive;
      const editsContent = ENTRY_FIELDS.some((f) => f !== 'isActive' && input[f as keyof CatalogueEntryContentInput] !== undefined);
      if (!e.isActive && !enabling && editsContent)
        throw badInput('isActive', '派单目录条目已停用，请先启用 (the entry is retired; enable it first)', { reason: ErrorReason.ENTRY_RETIRED });
      const after = await this.content(em, before, input);
      if (input.isActive !== undefined && input.isActive !== null) after.isActive = input.isActive;
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const f of ENTRY_FIELDS) if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) changes[f] = { from: before[f], to: after[f] };
      if (!Object.keys(changes).length) throw badInput('matter', '内容没有改动 (nothing changed)', { reason: ErrorReason.TEXT_UNCHANGED });
      const action = changes.isActive ? (after.isActive ? 'ENABLED' : 'RETIRED') : 'EDITED';
      const versionNo = e.versionNo + 1;
      const res = await em
        .createQueryBuilder()
        .update(DispatchCatalogueEntry)
        .set({ ...after, versionNo, updatedById: viewer.userId, version: () => 'version + 1' })
        .where('id = :id AND version = :v', { id, v: e.version })
        .execute();
      if (!res.affected) throw conflict('派单目录条目已被他人修改，请刷新后重试 (entry changed concurrently)', { reason: ErrorReason.VERSION_CONFLICT });
      await em
        .getRepository(DispatchCatalogueVersion)
        .save({ entryId: id, versionNo, action, snapshot: snapshotOf(after), changes, actorUserId: viewer.userId, createdAt: this.workflow.now() });
    });
    return this.get(id);
  }

  /** The input over what the entry says, checked: units that handle messages, a region, a category, real days in order. */
  private async content(em: EntityManager, base: EntryContent, input: CatalogueEntryContentInput): Promise<EntryContent> {
    const out: EntryContent = { ...base, keywords: [...base.keywords], assistUnitIds: [...base.assistUnitIds] };
    if (input.matter !== undefined) out.matter = input.matter.trim();
    if (input.keywords !== undefined) out.keywords = [...new Set(input.keywords.map((k) => k.trim()).filter(Boolean))];
    if (input.basis !== undefined) out.basis = input.basis.trim() || null;
    if (input.categoryId !== undefined) {
      if (!input.categoryId) out.categoryId = null;
      else {
        const cid = parseId('categoryId', input.categoryId);
        if (!(await em.getRepository(Category).findOneBy({ id: cid, isActive: true })))
          throw badInput('categoryId', `领域不存在 (no such category): ${cid}`, { reason: ErrorReason.CATEGORY_NOT_FOUND });
        out.categoryId = cid;
      }
    }
    if (input.regionUnitId !== undefined) {
      if (!input.regionUnitId) out.regionUnitId = null;
      else {
        const rid = parseId('regionUnitId', input.regionUnitId);
        const r = await em.getRepository(Unit).findOneBy({ id: rid });
        if (!r) throw badInput('regionUnitId', `单位不存在 (no such unit): ${rid}`, { reason: ErrorReason.UNIT_NOT_FOUND });
        if (r.kind !== UnitKind.REGION) throw badInput('regionUnitId', `不是地区单位 (not a region): ${rid}`, { reason: ErrorReason.NOT_A_REGION });
        out.regionUnitId = rid;
      }
    }
    const handling = async (field: string, raw: string) => {
      const uid = parseId(field, raw);
      const u = await em.getRepository(Unit).findOneBy({ id: uid });
      if (!u) throw badInput(field, `单位不存在 (no such unit): ${uid}`, { reason: ErrorReason.UNIT_NOT_FOUND });
      if (!u.isActive) throw badInput(field, `单位已停用 (unit disabled): ${u.name}`, { reason: ErrorReason.UNIT_DISABLED, params: { unit: u.name } });
      if (!canHandleMessages(u))
        throw badInput(field, `“${u.name}”是平台本级，不承办留言 (the top of the organisation does not handle messages)`, {
          reason: ErrorReason.UNIT_DOES_NOT_HANDLE,
          params: { unit: u.name },
        });
      return uid;
    };
    if (input.leadUnitId !== undefined) out.leadUnitId = await handling('leadUnitId', input.leadUnitId);
    if (input.assistUnitIds !== undefined) {
      const ids: number[] = [];
      for (const raw of input.assistUnitIds) ids.push(await handling('assistUnitIds', raw));
      out.assistUnitIds = [...new Set(ids)];
    }
    if (out.assistUnitIds.includes(out.leadUnitId))
      throw badInput('assistUnitIds', '主办单位不能同时是协办单位 (the lead unit cannot also assist)', { reason: ErrorReason.LEAD_ALSO_ASSIST });
    for (const f of ['validFrom', 'validUntil'] as const) {
      const v = input[f];
      if (v === undefined) continue;
      if (v && !isRealDay(v)) throw badInput(f, `日期无效 (not a date): ${v}`, { reason: ErrorReason.BAD_DATE });
      out[f] = v || null;
    }
    if (out.validFrom && out.validUntil && out.validUntil < out.validFrom)
      throw badInput('validUntil', '失效日期不能早于生效日期 (validUntil before validFrom)', { reason: ErrorReason.DATES_OUT_OF_ORDER });
    if (!out.categoryId && !out.keywords.length)
      throw badInput('keywords', '派单目录条目须指定领域或至少一个关键词 (a category or a keyword)', { reason: ErrorReason.MATTER_REQUIRED });
    return out;
  }

  // ── matching ───────────────────────────────────────────────────────────────────────────────────

  /**
   * The entries in force today that the message matches, most specific first. An entry matches when the message is
   * in its region (or the entry names none), in its category or one below it (or it names none), and holds one of
   * its keywords (or it names none); an entry names a category or keywords, so none matches everything. Ranked by
   * what matched: keywords found, then a category, then the deeper region, then the most recently changed.
   */
  async match(message: MatterOf, from: EntityManager | CatalogueReads = this.ds.manager): Promise<CatalogueMatch[]> {
    const reads = 'getRepository' in from ? readsOf(from) : from;
    const today = this.today();
    const entries = (await reads.entries()).filter((e) => (!e.validFrom || e.validFrom <= today) && (!e.validUntil || e.validUntil >= today));
    if (!entries.length) return [];
    const catIds = [...new Set([...entries.map((e) => e.categoryId), message.categoryId].filter((x): x is number => !!x))];
    const unitIds = [...new Set([...entries.map((e) => e.regionUnitId), message.regionUnitId].filter((x): x is number => !!x))];
    const cats = new Map((catIds.length ? await reads.categories(catIds) : []).map((c) => [c.id, c]));
    const units = new Map((unitIds.length ? await reads.units(unitIds) : []).map((u) => [u.id, u]));
    const text = `${message.title}\n${message.content}`.toLowerCase();
    const msgCat = message.categoryId ? cats.get(message.categoryId) : undefined;
    const msgRegion = message.regionUnitId ? units.get(message.regionUnitId) : undefined;
    const out: CatalogueMatch[] = [];
    for (const e of entries) {
      const region = e.regionUnitId ? (units.get(e.regionUnitId) ?? null) : null;
      if (e.regionUnitId && (!region || !msgRegion || !msgRegion.path.startsWith(region.path))) continue;
      const category = e.categoryId ? (cats.get(e.categoryId) ?? null) : null;
      if (e.categoryId && (!category || !msgCat || !msgCat.path.startsWith(category.path))) continue;
      const keywords = e.keywords.filter((k) => text.includes(k.toLowerCase()));
      if (e.keywords.length && !keywords.length) continue;
      out.push({ entry: e, keywords, category, region });
    }
    const depth = (p: string | undefined) => (p ? p.split('/').length : 0);
    return out.sort(
      (a, b) =>
        b.keywords.length - a.keywords.length ||
        Number(!!b.category) - Number(!!a.category) ||
        depth(b.category?.path) - depth(a.category?.path) ||
        depth(b.region?.path) - depth(a.region?.path) ||
        b.entry.updatedAt.getTime() - a.entry.updatedAt.getTime() ||
        b.entry.id - a.entry.id,
    );
  }

  /** The reason in words of a match (shown with the suggestion). */
  static why(m: CatalogueMatch): string {
    const on: string[] = [];
    if (m.keywords.length) on.push(`关键词「${m.keywords.join('、')}」`);
    if (m.category) on.push(`领域「${m.category.name}」`);
    if (m.region) on.push(`地区「${m.region.name}」`);
    return `派单目录「${m.entry.matter}」：${on.join('，')}`;
  }
}

/**
 * Where matching reads the catalogue, categories and units: a transaction's entity manager, or a request's DataLoaders
 * (so that the actions of a page of assignments read the catalogue once per request, not once per row).
 */
export interface CatalogueReads {
  entries(): Promise<DispatchCatalogueEntry[]>;
  categories(ids: number[]): Promise<Category[]>;
  units(ids: number[]): Promise<Unit[]>;
}

/** The active entries (all of them; validity is decided when matching). */
export const activeCatalogueEntries = (em: EntityManager) => em.getRepository(DispatchCatalogueEntry).findBy({ isActive: true });

const readsOf = (em: EntityManager): CatalogueReads => ({
  entries: () => activeCatalogueEntries(em),
  categories: (ids) => em.getRepository(Category).findBy({ id: In(ids) }),
  units: (ids) => em.getRepository(Unit).findBy({ id: In(ids) }),
});

const pick = (e: DispatchCatalogueEntry): EntryContent => Object.fromEntries(ENTRY_FIELDS.map((f) => [f, e[f]])) as EntryContent;
const snapshotOf = (c: EntryContent): Record<string, unknown> => ({ ...c });
