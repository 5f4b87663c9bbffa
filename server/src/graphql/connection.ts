/**
 * Connections (DESIGN §10): every list is `edges { cursor node }`, `nodes`, `pageInfo` and `totalCount`,
 * paged by cursor (`first`/`after`) or by offset (`first`/`offset`). Cursors are opaque offsets.
 */
import { ArgsType, ClassType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { AppConfig } from '../config/config';
import { badInput } from './errors';

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

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (每页条数); default 25, at most 100.' })
  @Min(1)
  @Max(1000)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Return rows after this cursor (游标).' })
  after?: string;

  @Field(() => Int, { nullable: true, description: 'Skip this many rows (offset paging; ignored when `after` is given).' })
  @Min(0)
  @Max(10_000_000)
  offset?: number;
}

export interface Page {
  limit: number;
  offset: number;
}

const CURSOR_PREFIX = 'o:';
export const encodeCursor = (offset: number) => Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
export function decodeCursor(cursor: string): number {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const n = Number(raw.slice(CURSOR_PREFIX.length));
  if (!raw.startsWith(CURSOR_PREFIX) || !Number.isInteger(n) || n < 0) throw badInput('after', '无效的游标 (invalid cursor)');
  return n;
}

/** Turns paging arguments into limit/offset within the configured bounds. */
export function toPage(args: PageArgs, limits: AppConfig['limits']): Page {
  const limit = args.first ?? limits.defaultPageSize;
  if (limit > limits.maxPageSize) throw badInput('first', `每页最多 ${limits.maxPageSize} 条 (page size at most ${limits.maxPageSize})`);
  const offset = args.after ? decodeCursor(args.after) + 1 : args.offset ?? 0;
  return { limit, offset };
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function toConnection<T>(rows: T[], totalCount: number, page: Page): ConnectionShape<T> {
  const edges = rows.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node }));
  return {
    edges,
    nodes: rows,
    totalCount,
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

    @Field(() => Int, { description: 'Number of rows matching the filter, over all pages (总数).' })
    totalCount!: number;
  }
  return ConnectionType;
}
