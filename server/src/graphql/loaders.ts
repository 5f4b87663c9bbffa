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
import { AssignmentObjection } from '../modules/assignment/objection.entity';
import { Reply } from '../modules/reply/reply.entity';
import { Evaluation } from '../modules/evaluation/evaluation.entity';
import { Supervision } from '../modules/supervision/supervision.entity';
import { MessageEvent } from '../modules/ledger/message-event.entity';
import { DispatchCatalogueEntry } from '../modules/catalogue/catalogue.entities';
import { activeCatalogueEntries } from '../modules/catalogue/catalogue.service';
import { MessageGroup, MessageGroupMember } from '../modules/grouping/message-group.entity';
import { UNFINISHED_REPLY_STATES } from '../modules/message/message.enums';
import { OPEN_ASSIGNMENT_STATES } from '../modules/message/message.states';

/** What the guards of an assignment's actions need to know of the rows that hang on it (see assignmentGuardFacts). */
/** A message's group as a list row shows it: the group, its lead and how many messages it holds. */
export interface GroupOfMessage {
  groupId: number;
  leadMessageId: number;
  leadSerialNo: string;
  size: number;
}

export interface AssignmentGuardFacts {
  extensionPending: boolean;
  objectionPending: boolean;
  /** Units holding an open hand-down (下派) of the assignment. */
  handedTo: Set<number>;
  /** Kinds of reply with an unfinished draft of the assignment. */
  unfinishedKinds: Set<string>;
}

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

export function createLoaders(ds: DataSource) {
  return {
    unit: byIdLoader(ds, Unit),
    leader: byIdLoader(ds, Leader),
    category: byIdLoader(ds, Category),
    user: byIdLoader(ds, User),
    message: byIdLoader(ds, Message),
    event: byIdLoader(ds, MessageEvent),
    /** How many units sit directly below each unit (the tree draws no expand arrow on a leaf). */
    childCount: new DataLoader<number, number>(
      async (ids) => {
        const rows: Array<{ parentId: number; n: string | number }> = await ds
          .getRepository(Unit)
          .createQueryBuilder('u')
          .select('u.parentId', 'parentId')
          .addSelect('COUNT(*)', 'n')
          .where('u.parentId IN (:...ids)', { ids: [...new Set(ids)] })
          .groupBy('u.parentId')
          .getRawMany();
        const counts = new Map(rows.map((r) => [Number(r.parentId), Number(r.n)]));
        return ids.map((id) => counts.get(id) ?? 0);
      },
      { maxBatchSize: 1000 },
    ),
    /** The enabled units directly below each unit, in tree order (public unit pickers). */
    activeChildren: new DataLoader<number, Unit[]>(
      async (ids) => {
        const rows = await ds.getRepository(Unit).find({ where: { parentId: In([...new Set(ids)]), isActive: true }, order: { sortOrder: 'ASC', id: 'ASC' } });
        return ids.map((id) => rows.filter((u) => u.parentId === id));
      },
      { maxBatchSize: 1000 },
    ),
    assignmentsByMessage: groupLoader(ds, Assignment, 'messageId'),
    repliesByMessage: groupLoader(ds, Reply, 'messageId'),
    evaluationsByMessage: groupLoader(ds, Evaluation, 'messageId'),
    supervisionsByMessage: groupLoader(ds, Supervision, 'messageId'),
    extensionsByAssignment: groupLoader(ds, ExtensionRequest, 'assignmentId'),
    objectionsByAssignment: groupLoader(ds, AssignmentObjection, 'assignmentId'),
    /**
     * The guard facts of a page of assignments in one statement (pending extension, pending objection, open hand-downs,
     * unfinished replies), so that availableActions of N rows costs the same few statements as of one.
     */
    assignmentGuardFacts: new DataLoader<number, AssignmentGuardFacts>(
      async (keys) => {
        const ids = [...new Set(keys)].filter((id) => Number.isSafeInteger(id)).join(',') || '0';
        const table = (e: EntityTarget<ObjectLiteral>) => ds.driver.escape(ds.getMetadata(e).tableName);
        const col = (e: EntityTarget<ObjectLiteral>, property: string) =>
          ds.driver.escape(ds.getMetadata(e).findColumnWithPropertyName(property)!.databaseName);
        const list = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
        const rows: Array<{ t: string; k: number | string; u: number | string | null; v: string | null }> = await ds.query(
          `SELECT 'E' AS t, ${col(ExtensionRequest, 'assignmentId')} AS k, NULL AS u, NULL AS v FROM ${table(ExtensionRequest)}
           WHERE ${col(ExtensionRequest, 'state')} = 'PENDING' AND ${col(ExtensionRequest, 'assignmentId')} IN (${ids})
         UNION ALL SELECT 'O', ${col(AssignmentObjection, 'assignmentId')}, NULL, NULL FROM ${table(AssignmentObjection)}
           WHERE ${col(AssignmentObjection, 'state')} = 'PENDING' AND ${col(AssignmentObjection, 'assignmentId')} IN (${ids})
         UNION ALL SELECT 'A', ${col(Assignment, 'parentId')}, ${col(Assignment, 'unitId')}, NULL FROM ${table(Assignment)}
           WHERE ${col(Assignment, 'parentId')} IN (${ids}) AND ${col(Assignment, 'state')} IN (${list(OPEN_ASSIGNMENT_STATES)})
         UNION ALL SELECT 'R', ${col(Reply, 'assignmentId')}, NULL, ${col(Reply, 'kind')} FROM ${table(Reply)}
           WHERE ${col(Reply, 'assignmentId')} IN (${ids}) AND ${col(Reply, 'state')} IN (${list(UNFINISHED_REPLY_STATES)})`,
        );
        const facts = new Map<number, AssignmentGuardFacts>();
        const of = (id: number) => {
          let f = facts.get(id);
          if (!f) facts.set(id, (f = { extensionPending: false, objectionPending: false, handedTo: new Set(), unfinishedKinds: new Set() }));
          return f;
        };
        for (const r of rows) {
          const f = of(Number(r.k));
          if (r.t === 'E') f.extensionPending = true;
          else if (r.t === 'O') f.objectionPending = true;
          else if (r.t === 'A') f.handedTo.add(Number(r.u));
          else if (r.t === 'R' && r.v) f.unfinishedKinds.add(r.v);
        }
        return keys.map((id) => of(id));
      },
      { maxBatchSize: 1000 },
    ),
    /** The dispatch catalogue's active entries, read once per request (key: always 0). */
    catalogueEntries: new DataLoader<0, DispatchCatalogueEntry[]>(async (keys) => {
      const rows = await activeCatalogueEntries(ds.manager);
      return keys.map(() => rows);
    }),
    /** Groups of similar messages (相似件归并) by id. */
    messageGroup: byIdLoader(ds, MessageGroup),
    /** How many messages each group holds, in one statement for a page's groups. */
    messageGroupSize: new DataLoader<number, number>(
      async (ids) => {
        const rows: Array<{ groupId: number | string; n: number | string }> = await ds
          .getRepository(MessageGroupMember)
          .createQueryBuilder('gm')
          .select('gm.groupId', 'groupId')
          .addSelect('COUNT(*)', 'n')
          .where('gm.groupId IN (:...ids)', { ids: [...new Set(ids)] })
          .groupBy('gm.groupId')
          .getRawMany();
        const counts = new Map(rows.map((r) => [Number(r.groupId), Number(r.n)]));
        return ids.map((id) => counts.get(id) ?? 0);
      },
      { maxBatchSize: 1000 },
    ),
    /** The group of each message of a page (相似件归并), with its lead's number and its size, in one statement. */
    groupOfMessage: new DataLoader<number, GroupOfMessage | null>(
      async (keys) => {
        const rows: Array<{
          messageId: number | string;
          groupId: number | string;
          leadMessageId: number | string;
          leadSerialNo: string;
          size: number | string;
        }> = await ds
          .getRepository(MessageGroupMember)
          .createQueryBuilder('mm')
          .innerJoin(MessageGroup, 'g', 'g.id = mm.groupId')
          .innerJoin(Message, 'lm', 'lm.id = g.leadMessageId')
          .select('mm.messageId', 'messageId')
          .addSelect('g.id', 'groupId')
          .addSelect('g.leadMessageId', 'leadMessageId')
          .addSelect('lm.serialNo', 'leadSerialNo')
          .addSelect((q) => q.select('COUNT(*)').from(MessageGroupMember, 'gm').where('gm.groupId = g.id'), 'size')
          .where('mm.messageId IN (:...ids)', { ids: [...new Set(keys)] })
          .getRawMany();
        const byMessage = new Map(
          rows.map((r) => [
            Number(r.messageId),
            { groupId: Number(r.groupId), leadMessageId: Number(r.leadMessageId), leadSerialNo: r.leadSerialNo, size: Number(r.size) },
          ]),
        );
        return keys.map((id) => byMessage.get(id) ?? null);
      },
      { maxBatchSize: 1000 },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
