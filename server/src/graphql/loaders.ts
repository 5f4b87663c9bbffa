/**
 * DataLoaders, one set per request: every relation is batched into one query per type and tick,
 * so a page of N rows costs a fixed number of SQL statements.
 */
import DataLoader from 'dataloader';
import { DataSource, In, ObjectLiteral, EntityTarget } from 'typeorm';
import { Category } from '../modules/category/category.entity';
import { Leader } from '../modules/leader/leader.entity';
import { Unit } from '../modules/unit/unit.entity';
import { User } from '../modules/user/user.entity';

/** Loads rows of an entity by id, in one `WHERE id IN (…)` per batch; missing ids load as null. */
export function byIdLoader<T extends ObjectLiteral & { id: number }>(ds: DataSource, entity: EntityTarget<T>) {
  return new DataLoader<number, T | null>(async (ids) => {
    const rows = await ds.getRepository(entity).findBy({ id: In([...new Set(ids)]) } as never);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  }, { maxBatchSize: 1000 });
}

export function createLoaders(ds: DataSource) {
  return {
    unit: byIdLoader(ds, Unit),
    leader: byIdLoader(ds, Leader),
    category: byIdLoader(ds, Category),
    user: byIdLoader(ds, User),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
