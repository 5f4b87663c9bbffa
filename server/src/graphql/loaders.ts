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
import { Message } from '../modules/message/message.entity';
import { Assignment, ExtensionRequest } from '../modules/assignment/assignment.entity';
import { Reply } from '../modules/reply/reply.entity';
import { Evaluation } from '../modules/evaluation/evaluation.entity';
import { Supervision } from '../modules/supervision/supervision.entity';

/** Loads rows of an entity by id, in one `WHERE id IN (…)` per batch; missing ids load as null. */
export function byIdLoader<T extends ObjectLiteral & { id: number }>(ds: DataSource, entity: EntityTarget<T>) {
  return new DataLoader<number, T | null>(async (ids) => {
    const rows = await ds.getRepository(entity).findBy({ id: In([...new Set(ids)]) } as never);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  }, { maxBatchSize: 1000 });
}

/** Loads the rows of an entity that belong to each key (e.g. assignments by messageId), ordered by id. */
export function groupLoader<T extends ObjectLiteral & { id: number }>(ds: DataSource, entity: EntityTarget<T>, column: keyof T & string) {
  return new DataLoader<number, T[]>(async (keys) => {
    const rows = await ds.getRepository(entity).find({ where: { [column]: In([...new Set(keys)]) } as never, order: { id: 'ASC' } as never });
    const groups = new Map<number, T[]>();
    for (const r of rows) {
      const k = r[column] as unknown as number;
      (groups.get(k) ?? groups.set(k, []).get(k)!).push(r);
    }
    return keys.map((k) => groups.get(k) ?? []);
  }, { maxBatchSize: 1000 });
}

export function createLoaders(ds: DataSource) {
  return {
    unit: byIdLoader(ds, Unit),
    leader: byIdLoader(ds, Leader),
    category: byIdLoader(ds, Category),
    user: byIdLoader(ds, User),
    message: byIdLoader(ds, Message),
    assignmentsByMessage: groupLoader(ds, Assignment, 'messageId'),
    repliesByMessage: groupLoader(ds, Reply, 'messageId'),
    evaluationsByMessage: groupLoader(ds, Evaluation, 'messageId'),
    supervisionsByMessage: groupLoader(ds, Supervision, 'messageId'),
    extensionsByAssignment: groupLoader(ds, ExtensionRequest, 'assignmentId'),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
