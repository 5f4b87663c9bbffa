/**
 * Catalogue gaps (派单目录空白, docs/knowledge.md): messages assigned in a period whose matter no dispatch catalogue
 * entry in force covered when they were assigned, so that the platform sees which matters to add to the catalogue.
 * Read from the ASSIGNED ledger rows, which record the entry that covered the message at that moment
 * (`catalogueEntryId`, null when none did; assignment.service.ts) — not re-matched against today's catalogue, which
 * would hide the gaps the catalogue has since closed and invent ones for entries retired later.
 */
import { Arg, Authorized, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { DataSource, In, IsNull } from 'typeorm';
import { jsonTransformer } from '../../db/columns';
import { Permission } from '../../auth/permissions';
import { isUnitScoped } from '../../auth/viewer';
import { whereInSubtree } from '../../common/listing';
import { parseId } from '../../common/text';
import { RequestContext, requireStaff } from '../../graphql/context';
import { badInput, ErrorReason, forbidden } from '../../graphql/errors';
import { Category } from '../category/category.entity';
import { LedgerAction } from '../ledger/ledger-action';
import { MessageEvent } from '../ledger/message-event.entity';
import { Message } from '../message/message.entity';
import { HotTopic } from '../statistics/dashboard.types';
import { topKeywords } from '../statistics/dashboard.service';
import { shanghaiPeriod } from '../statistics/statistics.service';
import { PeriodInput } from '../statistics/statistics.types';
import { Unit, UnitKind } from '../unit/unit.entity';

/** Gap messages whose words are counted: the most recently assigned ones. */
const KEYWORD_SAMPLE = 1000;

@ObjectType({ description: 'Catalogue coverage of a region below the one asked for (派单目录覆盖情况·分地区): the region and everything below it.' })
export class CatalogueGapRegion {
  @Field(() => Unit, { description: 'The region.' })
  region!: Unit;

  @Field(() => Int, { description: "Messages of the region's subtree assigned in the period (with the catalogue check recorded)." })
  assigned!: number;

  @Field(() => Int, { description: 'Of them, no catalogue entry covered (目录空白).' })
  gaps!: number;

  @Field(() => Float, { nullable: true, description: 'gaps / assigned; null when none was assigned (空白率).' })
  gapRate!: number | null;
}

@ObjectType({ description: 'Catalogue gaps in a period (派单目录空白): assigned messages whose matter no entry in force covered at assignment.' })
export class CatalogueGaps {
  @Field(() => Int, {
    description:
      'Messages assigned (交办) in the period whose assignment recorded the catalogue check; a message assigned twice counts once, by its last assignment in the period.',
  })
  assigned!: number;

  @Field(() => Int, { description: 'Of them, covered by a catalogue entry in force when assigned (目录覆盖).' })
  covered!: number;

  @Field(() => Int, { description: 'Of them, covered by no entry (目录空白).' })
  gaps!: number;

  @Field(() => Float, { nullable: true, description: 'gaps / assigned; null when none was assigned (空白率).' })
  gapRate!: number | null;

  @Field(() => Int, { description: 'Messages assigned in the period before the check was recorded (not counted above).' })
  unrecorded!: number;

  @Field(() => [HotTopic], {
    description: 'The categories most frequent among the gaps (key: category id), at most 10; messages without a category are left out.',
  })
  topCategories!: HotTopic[];

  @Field(() => [HotTopic], {
    description: `The words found in most gap messages (title and the start of the text; the ${KEYWORD_SAMPLE} most recently assigned), at most 20: candidates for keywords of new entries.`,
  })
  topKeywords!: HotTopic[];

  @Field(() => [CatalogueGapRegion], {
    description: "Each region directly below the region asked for (or below the top of the organisation), its subtree's figures; most gaps first.",
  })
  regions!: CatalogueGapRegion[];
}

interface Row {
  messageId: number;
  eventId: number;
  payload: string | Record<string, unknown> | null;
  categoryId: number | null;
  regionPath: string | null;
}

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);

/** The figures; `regionUnitId`: only messages of that region's subtree. */
export async function catalogueGaps(
  ds: DataSource,
  from: string,
  to: string,
  regionUnitId: number | null,
): Promise<Omit<CatalogueGaps, 'regions'> & { regions: Array<Omit<CatalogueGapRegion, 'region'> & { regionId: number }> }> {
  const { start, end } = shanghaiPeriod(from, to);
  let top: Unit | null;
  if (regionUnitId) {
    top = await ds.getRepository(Unit).findOneBy({ id: regionUnitId });
    if (!top) throw badInput('regionUnitId', `单位不存在 (no such unit): ${regionUnitId}`, { reason: ErrorReason.UNIT_NOT_FOUND });
    if (top.kind !== UnitKind.REGION) throw badInput('regionUnitId', `不是地区单位 (not a region): ${regionUnitId}`, { reason: ErrorReason.NOT_A_REGION });
  } else {
    top = await ds.getRepository(Unit).findOne({ where: { parentId: IsNull() }, order: { id: 'ASC' } });
  }
  const qb = ds
    .getRepository(MessageEvent)
    .createQueryBuilder('e')
    .innerJoin(Message, 'm', 'm.id = e.messageId')
    .leftJoin(Unit, 'r', 'r.id = m.regionUnitId')
    .select('e.messageId', 'messageId')
    .addSelect('e.id', 'eventId')
    .addSelect('e.payload', 'payload')
    .addSelect('m.categoryId', 'categoryId')
    .addSelect('r.path', 'regionPath')
    // the last assignment of each message in the period, chosen in SQL: a year at a province's scale holds millions
    .where((w) => {
      const lastOfEach = w
        .subQuery()
        .select('MAX(e2.id)')
        .from(MessageEvent, 'e2')
        .where('e2.action = :action AND e2.createdAt >= :start AND e2.createdAt < :end')
        .groupBy('e2.messageId')
        .getQuery();
      return `e.id IN ${lastOfEach}`;
    })
    .setParameters({ action: LedgerAction.ASSIGNED, start, end });
  if (regionUnitId && top) whereInSubtree(qb, 'r.path', top.path, 'gapRegion');
  const last = await qb.getRawMany<Row>();

  const children = top ? await ds.getRepository(Unit).find({ where: { parentId: top.id, kind: UnitKind.REGION }, order: { sortOrder: 'ASC', id: 'ASC' } }) : [];
  const byRegion = new Map(children.map((c) => [c.id, { regionId: c.id, path: c.path, assigned: 0, gaps: 0 }]));
  const gapCategories = new Map<number, number>();
  const gapMessages: Array<{ id: number; eventId: number }> = [];
  let assigned = 0;
  let gaps = 0;
  let unrecorded = 0;
  for (const r of last) {
    const payload = (typeof r.payload === 'string' ? jsonTransformer.from(r.payload) : r.payload) as Record<string, unknown> | null;
    if (!payload || !('catalogueEntryId' in payload)) {
      unrecorded++;
      continue;
    }
    const gap = payload.catalogueEntryId === null;
    assigned++;
    const region = r.regionPath ? [...byRegion.values()].find((x) => r.regionPath!.startsWith(x.path)) : undefined;
    if (region) region.assigned++;
    if (!gap) continue;
    gaps++;
    if (region) region.gaps++;
    if (r.categoryId) gapCategories.set(Number(r.categoryId), (gapCategories.get(Number(r.categoryId)) ?? 0) + 1);
    gapMessages.push({ id: Number(r.messageId), eventId: Number(r.eventId) });
  }

  const catIds = [...gapCategories.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10);
  const names = new Map((catIds.length ? await ds.getRepository(Category).findBy({ id: In(catIds.map(([id]) => id)) }) : []).map((c) => [c.id, c.name]));
  const sample = gapMessages
    .sort((a, b) => b.eventId - a.eventId)
    .slice(0, KEYWORD_SAMPLE)
    .map((g) => g.id);
  const texts = sample.length ? await ds.getRepository(Message).find({ select: { id: true, title: true, content: true }, where: { id: In(sample) } }) : [];
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  return {
    assigned,
    covered: assigned - gaps,
    gaps,
    gapRate: rate(gaps, assigned),
    unrecorded,
    topCategories: catIds.map(([id, n]) => ({ key: String(id), label: names.get(id) ?? String(id), count: n })),
    topKeywords: topKeywords(
      segmenter,
      texts.map((m) => `${m.title} ${String(m.content ?? '').slice(0, 300)}`),
      20,
    ),
    regions: [...byRegion.values()]
      .filter((x) => x.assigned > 0)
      .sort((a, b) => b.gaps - a.gaps || b.assigned - a.assigned || a.regionId - b.regionId)
      .map((x) => ({ regionId: x.regionId, assigned: x.assigned, gaps: x.gaps, gapRate: rate(x.gaps, x.assigned) })),
  };
}

@Resolver()
export class CatalogueGapsResolver {
  @Authorized(Permission.STATS_READ)
  @Query(() => CatalogueGaps, {
    description:
      'Catalogue gaps (派单目录空白): messages assigned in the period that no dispatch catalogue entry in force covered when assigned, their share, the categories and words most frequent among them, per region. Platform roles only.',
  })
  async catalogueGaps(
    @Arg('period', () => PeriodInput, { description: 'Whole days in Asia/Shanghai, `to` inclusive.' }) period: PeriodInput,
    @Arg('regionUnitId', () => ID, {
      nullable: true,
      description: 'Only messages of this region and the regions below it; its rows are the regions directly below it.',
    })
    regionUnitId: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const viewer = requireStaff(ctx);
    if (isUnitScoped(viewer))
      throw forbidden("派单目录空白统计面向平台 (the platform's figures)", {
        reason: ErrorReason.ROLE_MAY_NOT,
        params: { role: viewer.role, action: 'catalogueGaps' },
      });
    const f = await catalogueGaps(ctx.ds, period.from, period.to, regionUnitId ? parseId('regionUnitId', regionUnitId) : null);
    return { ...f, regions: await Promise.all(f.regions.map(async (r) => ({ ...r, region: await ctx.loaders.unit.load(r.regionId) }))) };
  }
}
