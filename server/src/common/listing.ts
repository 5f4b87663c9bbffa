/** Runs a filtered, sorted query builder as one page of a connection (rows and total in two statements). */
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ConnectionShape, Page, toConnection } from '../graphql/connection';
import { LIKE_ESCAPE, likeEscape } from './text';

export async function pageOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, page: Page): Promise<ConnectionShape<T>> {
  // offset/limit, not skip/take: lists join other tables only to filter, never to load relations.
  const [rows, total] = await qb.offset(page.offset).limit(page.limit).getManyAndCount();
  return toConnection(rows, total, page);
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
