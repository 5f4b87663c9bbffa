/**
 * DataLoaders, one set per request: every relation is batched into one query per type and tick,
 * so a page of N rows costs a fixed number of SQL statements.
 */
import DataLoader from 'dataloader';
import { DataSource, In, ObjectLiteral, EntityTarget } from 'typeorm';
import { buildModuleLoaders } from '../modules';

/** Loads rows of an entity by id, in one `WHERE id IN (…)` per batch; missing ids load as null. */
export function byIdLoader<T extends ObjectLiteral & { id: number }>(ds: DataSource, entity: EntityTarget<T>) {
  return new DataLoader<number, T | null>(
    async (ids) => {
      const rows = await ds.getRepository(entity).findBy({ id: In([...new Set(ids)]) } as never);
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    },
    { maxBatchSize: 1000 },
  );
}

/** Loads the rows of an entity that belong to each key (e.g. assignments by messageId), ordered by id. */
export function groupLoader<T extends ObjectLiteral & { id: number }>(ds: DataSource, entity: EntityTarget<T>, column: keyof T & string) {
  return new DataLoader<number, T[]>(
    async (keys) => {
      const rows = await ds.getRepository(entity).find({ where: { [column]: In([...new Set(keys)]) } as never, order: { id: 'ASC' } as never });
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

/** The DataLoaders of one request: every module's (server/src/modules/index.ts). */
export function createLoaders(ds: DataSource) {
  return buildModuleLoaders(ds);
}

export type Loaders = ReturnType<typeof createLoaders>;
