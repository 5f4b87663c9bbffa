/**
 * DataLoaders, one set per request: every relation is batched into one query per type and tick,
 * so a page of N rows costs a fixed number of SQL statements.
 */
import DataLoader from 'dataloader';
import { DataSource, ObjectLiteral, EntityTarget } from 'typeorm';
import { rowsWhereIn } from '../db/rows';
import { buildModuleLoaders } from '../modules';

/*
 * The loaders read with db/rows.ts (their statement's text built once, rows hydrated without TypeORM's transformer):
 * the same entities as TypeORM's find, at a fraction of the CPU and garbage per request (issue 19).
 */

/** Loads rows of an entity by id, in one `WHERE id IN (…)` per batch; missing ids load as null. */
export function byIdLoader<T extends ObjectLiteral & { id: number }>(ds: DataSource, entity: EntityTarget<T>) {
  return new DataLoader<number, T | null>(
    async (ids) => {
      const rows = (await rowsWhereIn(ds, entity, 'id', [...new Set(ids)])).map((r) => r.row);
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    },
    { maxBatchSize: 1000 },
  );
}

/** A row with an id (the unit read with a row). */
type Row = ObjectLiteral & { id: number };

/** The unit row read with a row by groupLoader's `withUnit` (handed to the request's unit loader by createLoaders). */
const unitReadWith = new WeakMap<object, Row>();

/**
 * Loads the rows of an entity that belong to each key (e.g. assignments by messageId), ordered by id. With `withUnit`
 * (the row's unit column and the unit entity, named by the module: shared code knows no domain entity) the unit each
 * row names is read in the same statement and primes the request's unit loader (createLoaders), so that `unit` of the
 * rows, and guards that need the units' paths, cost no later statement of their own.
 */
export function groupLoader<T extends ObjectLiteral & { id: number }>(
  ds: DataSource,
  entity: EntityTarget<T>,
  column: keyof T & string,
  withUnit?: { column: keyof T & string; entity: new () => Row },
  /**
   * Rows that hang on each row read (their `column` names the row's id), read in the same statement (a left join each,
   * few rows per row) and handed to `prime` (the request's loader of them by row id), an empty list for none.
   */
  withRows: Array<{ entity: new () => Row; column: string; prime: (rowId: number, rows: Row[]) => void }> = [],
) {
  return new DataLoader<number, T[]>(
    async (keys) => {
      const wanted = [...new Set(keys)];
      const read = await rowsWhereIn(
        ds,
        entity,
        column,
        wanted,
        withUnit,
        withRows.map((w) => ({ entity: w.entity, column: w.column })),
      );
      const rows: T[] = [];
      for (const { row, one, many } of read) {
        if (one) unitReadWith.set(row, one as Row);
        withRows.forEach((w, i) => w.prime(row.id, many[i] as Row[]));
        rows.push(row);
      }
      const groups = new Map<number, T[]>();
      for (const r of rows) {
        const k = r[column] as unknown as number;
        (groups.get(k) ?? groups.set(k, []).get(k)!).push(r);
      }
      return keys.map((k) => groups.get(k) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}

/** Counts the rows of an entity that belong to each key (e.g. the units below each unit), in one `GROUP BY` per batch. */
export function countLoader<T extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<T>, column: keyof T & string) {
  return new DataLoader<number, number>(
    async (keys) => {
      const rows: Array<{ k: number | string; n: number | string }> = await ds
        .getRepository(entity)
        .createQueryBuilder('r')
        .select(`r.${column}`, 'k')
        .addSelect('COUNT(*)', 'n')
        .where(`r.${column} IN (:...keys)`, { keys: [...new Set(keys)] })
        .groupBy(`r.${column}`)
        .getRawMany();
      const counts = new Map(rows.map((r) => [Number(r.k), Number(r.n)]));
      return keys.map((k) => counts.get(k) ?? 0);
    },
    { maxBatchSize: 1000 },
  );
}

/** Makes the units read with the rows of `loader` (groupLoader's `withUnit`) answers of the request's unit loader. */
function primeUnitsFrom<T extends object, U extends Row>(loader: DataLoader<number, T[]>, units: DataLoader<number, U | null>) {
  const load = loader.load.bind(loader);
  loader.load = async (key: number) => {
    const rows = await load(key);
    for (const r of rows) {
      const u = unitReadWith.get(r);
      if (u) units.prime(u.id, u as U);
    }
    return rows;
  };
}

/** The DataLoaders of one request: every module's (server/src/modules/index.ts). */
export function createLoaders(ds: DataSource) {
  const loaders = buildModuleLoaders(ds);
  // a message's assignments and replies come with their units (the detail page shows and guards on them)
  primeUnitsFrom(loaders.assignmentsByMessage, loaders.unit);
  primeUnitsFrom(loaders.repliesByMessage, loaders.unit);
  return loaders;
}

export type Loaders = ReturnType<typeof createLoaders>;
