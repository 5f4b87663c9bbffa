/** Runs a filtered, sorted query builder as one page of a connection (rows and total in two statements). */
import { Brackets, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { ConnectionShape, KeysetPage, KeysetPosition, Page, toConnection, toKeysetConnection } from '../graphql/connection';
import { badInput, type Why } from '../graphql/errors';
import { LIKE_ESCAPE, likeEscape, parseId } from './text';

export async function pageOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  page: Page,
  opts: { joinsRepeatNoRow?: boolean } = {},
): Promise<ConnectionShape<T>> {
  // offset/limit, not skip/take: lists join other tables to filter, or (joinsRepeatNoRow) one row each by primary key.
  const rows = await qb.clone().offset(page.offset).limit(page.limit).getMany();
  // a page that is not full, on rows no join repeats, ends the list: its total needs no statement of its own
  if (rows.length < page.limit && (rows.length > 0 || page.offset === 0) && (opts.joinsRepeatNoRow || !qb.expressionMap.joinAttributes.length)) {
    return toConnection(rows, page.offset + rows.length, page, false);
  }
  const { total, capped } = await cappedCount(qb, page.offset + page.limit, page.cap);
  return toConnection(rows, total, page, capped);
}

/**
 * A page of a query whose matches are many and sorted outside an index (a keyword search: the matches of the full-text
 * index, sorted by time or relevance): the page's ids are sorted first, on narrow rows, then only those rows are read.
 * Sorting whole rows (the content is long) would move thousands of texts through a temporary table for 25 rows.
 */
export async function pageByIds<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, page: Page): Promise<ConnectionShape<T>> {
  const { total, capped } = await cappedCount(qb, page.offset + page.limit, page.cap);
  return toConnection(await rowsByIds(qb, page.offset, page.limit), total, page, capped);
}

/** The rows `offset`…`offset + limit` of a sorted query: their ids first, then the rows, in the query's order. */
export async function rowsByIds<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, offset: number, limit: number): Promise<T[]> {
  const id = `${qb.alias}.id`;
  const ids = (await qb.clone().select(id, 'pageId').offset(offset).limit(limit).getRawMany<{ pageId: number | string }>()).map((r) => Number(r.pageId));
  if (!ids.length) return [];
  const rows = await qb
    .createQueryBuilder()
    .select(qb.alias)
    .from(qb.expressionMap.mainAlias!.target, qb.alias)
    .where(`${id} IN (:...pageIds)`, { pageIds: ids })
    .getMany();
  const byId = new Map(rows.map((r) => [Number((r as { id: unknown }).id), r]));
  return ids.map((i) => byId.get(i)).filter((r): r is T => r !== undefined);
}

/**
 * Totals are exact up to this many rows; beyond, a list says "10,000+" (`totalIsCapped`) instead of counting every row.
 * The default of LIST_TOTAL_CAP, which a page carries (`Page.cap`, from the configuration).
 */
export const TOTAL_CAP = 10_000;

/**
 * The number of rows of a query, counted up to `max(cap, atLeast)` (a page far down counts up to its own end, so
 * that whether a page follows is still known): `capped` when there are more, `total` then being that bound. The
 * count reads at most bound + 1 keys (COUNT over a LIMITed subquery), never the whole table.
 */
export async function cappedCount<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  atLeast = 0,
  cap = TOTAL_CAP,
): Promise<{ total: number; capped: boolean }> {
  const bound = Math.max(cap, atLeast);
  const primary = qb.expressionMap.mainAlias!.metadata.primaryColumns.map((c) => `${qb.alias}.${c.propertyPath}`);
  const rows = qb
    .clone()
    .select(primary)
    .orderBy()
    .offset(undefined)
    .limit(bound + 1);
  // Joins that filter may repeat a row (as getManyAndCount's COUNT(DISTINCT) allows for).
  if (qb.expressionMap.joinAttributes.length) rows.distinct(true);
  const counted = await qb
    .createQueryBuilder()
    .select('COUNT(*)', 'n')
    .from(`(${rows.getQuery()})`, 'counted')
    .setParameters(rows.getParameters())
    .getRawOne<{ n: number | string }>();
  const n = Number(counted?.n ?? 0);
  return n > bound ? { total: bound, capped: true } : { total: n, capped: false };
}

/**
 * A keyset page of a query sorted newest first by (`atColumn` DESC, `idColumn` DESC): the rows after the cursor's row (or
 * from `offset`), one more to know whether a page follows, and the total of the whole filter.
 */
export async function keysetPageOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  page: KeysetPage,
  atColumn: string,
  idColumn: string,
  positionOf: (row: T) => KeysetPosition,
  opts: { byIds?: boolean } = {},
): Promise<ConnectionShape<T>> {
  const { total, capped } = await cappedCount(qb, page.offset + page.limit, page.cap);
  qb.orderBy(atColumn, 'DESC').addOrderBy(idColumn, 'DESC');
  if (page.after) {
    const { at, id } = page.after;
    qb.andWhere(
      new Brackets((w) => w.where(`${atColumn} < :ksAt`, { ksAt: at }).orWhere(`(${atColumn} = :ksAt AND ${idColumn} < :ksId)`, { ksAt: at, ksId: id })),
    );
  }
  const offset = page.after ? 0 : page.offset;
  const rows = opts.byIds
    ? await rowsByIds(qb, offset, page.limit + 1)
    : await qb
        .offset(offset)
        .limit(page.limit + 1)
        .getMany();
  return toKeysetConnection(rows, total, page, positionOf, capped);
}

/** Adds "any of these columns contains the text" (case-insensitive where the collation is). */
export function whereContains<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, columns: string[], text: string | undefined, param = 'search') {
  const t = text?.trim();
  if (!t) return qb;
  const cond = columns.map((c) => `${c} LIKE :${param} ${LIKE_ESCAPE}`).join(' OR ');
  return qb.andWhere(`(${cond})`, { [param]: `%${likeEscape(t)}%` });
}

/** Adds "the unit/category path column is within the subtree rooted at `path`" (an indexed prefix match). */
export function whereInSubtree<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, pathColumn: string, path: string, param: string) {
  return qb.andWhere(`${pathColumn} LIKE :${param} ${LIKE_ESCAPE}`, { [param]: `${likeEscape(path)}%` });
}

/** What a filter's id that names no node of a tree is said to be (then the id). */
export const NO_SUCH = { unit: '单位不存在 (no such unit)', category: '领域不存在 (no such category)' } as const;
type Tree = new () => { id: number; path: string };

/** The node of a tree (a unit, a category) that a filter names by id; an id that names none is bad input. */
export async function filterNode(ds: DataSource, tree: Tree, field: string, id: string, missing: string, why?: Why) {
  const node = await ds.getRepository(tree).findOneBy({ id: parseId(field, id) });
  if (!node) throw badInput(field, `${missing}: ${id}`, why);
  return node;
}

/**
 * Restricts a query to the subtree of the node that a filter names (filterNode): joins the tree's table as `alias`
 * on `column` and keeps the rows below the node's path.
 */
export async function whereUnderNode<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  tree: Tree,
  filter: { field: string; id: string; missing: string },
  join: { column: string; alias: string; param: string },
) {
  const node = await filterNode(qb.connection, tree, filter.field, filter.id, filter.missing);
  whereInSubtree(qb.innerJoin(tree, join.alias, `${join.alias}.id = ${join.column}`), `${join.alias}.path`, node.path, join.param);
}
