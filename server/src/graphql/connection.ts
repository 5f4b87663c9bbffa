/**
 * Connections (domain.md §10): every list is `edges { cursor node }`, `nodes`, `pageInfo` and `totalCount`,
 * paged by cursor (`first`/`after`) or by offset (`first`/`offset`). Cursors are opaque offsets.
 */
import { ArgsType, ClassType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { AppConfig } from '../config/config';
import { badInput, ErrorReason } from './errors';

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Sort direction (排序方向).',
  valuesConfig: { ASC: { description: 'Ascending (升序).' }, DESC: { description: 'Descending (降序).' } },
});

@ObjectType({ description: 'Paging state of a connection (分页信息).' })
export class PageInfo {
  @Field({ description: 'True when there are rows after this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when there are rows before this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first row of the page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last row; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

/** The furthest row a page may start at, by offset or by cursor: far beyond any real list, well within every database's integers. */
export const MAX_OFFSET = 10_000_000;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (每页条数); default 25, at most 100.' })
  @Min(1)
  @Max(1000)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Return rows after this cursor (游标).' })
  after?: string;

  @Field(() => Int, { nullable: true, description: 'Skip this many rows (offset paging; ignored when `after` is given); at most 10,000,000.' })
  @Min(0)
  @Max(MAX_OFFSET)
  offset?: number;
}

export interface Page {
  limit: number;
  offset: number;
  /** Totals are counted up to this many rows (LIST_TOTAL_CAP, default 10,000); beyond, `totalIsCapped`. */
  cap?: number;
}

const CURSOR_PREFIX = 'o:';
export const encodeCursor = (offset: number) => Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
/** A cursor is exactly what encodeCursor makes: `o:` and a plain row number up to MAX_OFFSET; anything else is refused. */
const CURSOR_SHAPE = /^[A-Za-z0-9_-]{1,16}$/;
const CURSOR_TEXT = /^o:(0|[1-9]\d{0,7})$/;
export function decodeCursor(cursor: string): number {
  const raw = CURSOR_SHAPE.test(cursor) ? Buffer.from(cursor, 'base64url').toString('latin1') : '';
  const m = CURSOR_TEXT.exec(raw);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 0 && n < MAX_OFFSET)) throw badInput('after', '无效的游标 (invalid cursor)');
  return n;
}

/**
 * Keyset cursors (lists in a fixed order by a time and an id, such as the public messages, newest first): a cursor names
 * the last row seen, `k:<epoch ms>:<id>`, and the next page starts after that row whatever was added meanwhile (stable under
 * inserts, unlike an offset). Exactly what encodeKeysetCursor makes is accepted; anything else is BAD_USER_INPUT `after`.
 */
export interface KeysetPosition {
  at: Date;
  id: number;
}
export const encodeKeysetCursor = (p: KeysetPosition) => Buffer.from(`k:${p.at.getTime()}:${p.id}`).toString('base64url');
const KEYSET_SHAPE = /^[A-Za-z0-9_-]{1,48}$/;
const KEYSET_TEXT = /^k:(0|[1-9]\d{0,14}):([1-9]\d{0,9})$/;
export function decodeKeysetCursor(cursor: string): KeysetPosition {
  const raw = KEYSET_SHAPE.test(cursor) ? Buffer.from(cursor, 'base64url').toString('latin1') : '';
  const m = KEYSET_TEXT.exec(raw);
  const at = m ? Number(m[1]) : NaN;
  const id = m ? Number(m[2]) : NaN;
  // Dates from 2000 to 2100, ids within a 32-bit integer: what rows hold.
  if (!(at >= 946_684_800_000 && at < 4_102_444_800_000 && id >= 1 && id <= 2_147_483_647))
    throw badInput('after', '无效的游标 (invalid cursor)', { reason: ErrorReason.BAD_FORMAT, params: { field: 'after' } });
  return { at: new Date(at), id };
}

/** Keyset paging: `first`, and `after` (a keyset cursor) or else `offset`. */
export interface KeysetPage extends Page {
  after: KeysetPosition | null;
}

export function toKeysetPage(args: PageArgs, limits: AppConfig['limits']): KeysetPage {
  const { limit } = toPage({ first: args.first }, limits);
  if (args.after) return { limit, offset: 0, cap: limits.totalCap, after: decodeKeysetCursor(args.after) };
  return { ...toPage({ first: args.first, offset: args.offset }, limits), after: null };
}

/** A keyset page's connection: `rows` holds up to limit + 1 rows (the extra one says there is a next page). */
export function toKeysetConnection<T>(
  rows: T[],
  totalCount: number,
  page: KeysetPage,
  positionOf: (row: T) => KeysetPosition,
  totalIsCapped = false,
): ConnectionShape<T> {
  const nodes = rows.slice(0, page.limit);
  const edges = nodes.map((node) => ({ cursor: encodeKeysetCursor(positionOf(node)), node }));
  return {
    edges,
    nodes,
    totalCount,
    totalIsCapped,
    pageInfo: {
      hasNextPage: rows.length > page.limit,
      hasPreviousPage: page.after !== null || page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Turns paging arguments into limit/offset within the configured bounds. */
export function toPage(args: PageArgs, limits: AppConfig['limits']): Page {
  const limit = args.first ?? limits.defaultPageSize;
  if (limit > limits.maxPageSize) throw badInput('first', `每页最多 ${limits.maxPageSize} 条 (page size at most ${limits.maxPageSize})`);
  const offset = args.after ? decodeCursor(args.after) + 1 : (args.offset ?? 0);
  // Bounded here too, so that no caller can hand the database an offset it cannot hold (class-validator checks `offset` first).
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > MAX_OFFSET)
    throw badInput('offset', `偏移量须在 0 到 ${MAX_OFFSET} 之间 (offset between 0 and ${MAX_OFFSET})`);
  return { limit, offset, cap: limits.totalCap };
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
  /** True when there are more rows than `totalCount` says (it counts up to 10,000, or to the page's end beyond). */
  totalIsCapped: boolean;
}

export function toConnection<T>(rows: T[], totalCount: number, page: Page, totalIsCapped = false): ConnectionShape<T> {
  const edges = rows.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node }));
  return {
    edges,
    nodes: rows,
    totalCount,
    totalIsCapped,
    pageInfo: {
      hasNextPage: page.offset + rows.length < totalCount,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Declares `XConnection` and `XEdge` object types for a node type. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string, description: string) {
  @ObjectType(`${name}Edge`, { description: `An edge of ${name}Connection.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this row.' })
    cursor!: string;

    @Field(() => nodeType, { description: 'The row.' })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description })
  class ConnectionType {
    @Field(() => [Edge], { description: 'Rows with their cursors.' })
    edges!: Edge[];

    @Field(() => [nodeType], { description: 'Rows of this page.' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Paging state.' })
    pageInfo!: PageInfo;

    @Field(() => Int, {
      description:
        'Number of rows matching the filter, over all pages (总数); exact up to 10,000 (for a page further down, up to its end), beyond that the bound with `totalIsCapped` true.',
    })
    totalCount!: number;

    @Field({ description: 'True when more rows match than `totalCount` (shown as "10,000+"): the total is counted only up to 10,000 (or the page\'s end).' })
    totalIsCapped!: boolean;
  }
  return ConnectionType;
}
