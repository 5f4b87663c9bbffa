/** The per-request DataLoaders of the groups (相似件归并) of a page of messages and of their members. */
import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { byIdLoader, countLoader } from '../../graphql/loaders';
import { entitySelect, placeholders, readEntity, sqlName, sqlOnce } from '../../db/rows';
import { Message } from '../message/message.entity';
import { applyMessageVisibility } from '../message/message.visibility';
import { MessageGroup, MessageGroupMember } from './message-group.entity';

/** A message's group as a list row shows it: the group, its lead and how many messages it holds. */
export interface GroupOfMessage {
  groupId: number;
  leadMessageId: number;
  leadSerialNo: string;
  size: number;
}

/** A member of a group as `members` shows it. */
export interface GroupMemberView {
  message: Message;
  isLead: boolean;
  addedAt: Date;
}

/**
 * The members of these groups that the viewer may read (the reach rule in SQL: message.visibility.ts), each group's
 * lead first, then by submission: one statement for any number of groups.
 */
export async function visibleMembersOf(em: EntityManager, viewer: StaffViewer, groupIds: readonly number[]): Promise<Map<number, GroupMemberView[]>> {
  const out = new Map<number, GroupMemberView[]>(groupIds.map((id) => [id, []]));
  if (!groupIds.length) return out;
  const qb = em
    .getRepository(Message)
    .createQueryBuilder('m')
    .innerJoinAndMapOne('m.membership', MessageGroupMember, 'gm', 'gm.messageId = m.id')
    .innerJoinAndMapOne('m.groupReadWith', MessageGroup, 'mg', 'mg.id = gm.groupId')
    .where('gm.groupId IN (:...groupIds)', { groupIds: [...new Set(groupIds)] });
  applyMessageVisibility(qb, viewer);
  for (const m of (await qb.getMany()) as Array<Message & { membership?: MessageGroupMember; groupReadWith?: MessageGroup }>) {
    const membership = m.membership!;
    const group = m.groupReadWith!;
    delete m.membership;
    delete m.groupReadWith;
    out.get(group.id)?.push({ message: m, isLead: m.id === group.leadMessageId, addedAt: membership.addedAt });
  }
  for (const members of out.values())
    members.sort(
      (a, b) => Number(b.isLead) - Number(a.isLead) || a.message.submittedAt.getTime() - b.message.submittedAt.getTime() || a.message.id - b.message.id,
    );
  return out;
}

export function groupingLoaders(ds: DataSource) {
  /** How many messages each group holds, in one statement for a page's groups. */
  const messageGroupSize = countLoader(ds, MessageGroupMember, 'groupId');
  /** Groups of similar messages (相似件归并) by id. */
  const messageGroup = byIdLoader(ds, MessageGroup);
  /** One loader of members per viewer (a request has one). */
  const members = new WeakMap<StaffViewer, DataLoader<number, GroupMemberView[]>>();
  return {
    messageGroup,
    messageGroupSize,
    /**
     * The members of each group within the viewer's reach (Group.members), in one statement for all the groups a
     * request asks about, whatever their number.
     */
    groupMembersFor(viewer: StaffViewer): DataLoader<number, GroupMemberView[]> {
      let loader = members.get(viewer);
      if (!loader)
        members.set(
          viewer,
          (loader = new DataLoader<number, GroupMemberView[]>(
            async (ids) => {
              const byGroup = await visibleMembersOf(ds.manager, viewer, ids);
              return ids.map((id) => byGroup.get(id) ?? []);
            },
            { maxBatchSize: 1000 },
          )),
        );
      return loader;
    },
    /**
     * The group of each message of a page (相似件归并), with its lead's number and its size, in one statement; the group
     * rows read there answer messageGroup too.
     */
    groupOfMessage: new DataLoader<number, GroupOfMessage | null>(
      async (keys) => {
        // read by db/rows.ts: the statement's text built once, the rows hydrated without TypeORM's transformer (issue 19)
        const wanted = [...new Set(keys)];
        const sql = sqlOnce(ds, 'grouping.groupOfMessage', () => {
          const g = (property: string) => `g.${sqlName(ds, MessageGroup, property)}`;
          const member = (alias: string, property: string) => `${alias}.${sqlName(ds, MessageGroupMember, property)}`;
          return `SELECT ${entitySelect(ds, MessageGroup, 'g')}, ${member('mm', 'messageId')} AS memberMessageId, lm.${sqlName(ds, Message, 'serialNo')} AS leadSerialNo,
                  (SELECT COUNT(*) FROM ${sqlName(ds, MessageGroupMember)} gm WHERE ${member('gm', 'groupId')} = ${g('id')}) AS groupSize
             FROM ${sqlName(ds, MessageGroup)} g
            INNER JOIN ${sqlName(ds, MessageGroupMember)} mm ON ${member('mm', 'groupId')} = ${g('id')}
            INNER JOIN ${sqlName(ds, Message)} lm ON lm.${sqlName(ds, Message, 'id')} = ${g('leadMessageId')}
            WHERE ${member('mm', 'messageId')} IN (`;
        });
        const raw: Array<Record<string, unknown> & { memberMessageId: number | string; leadSerialNo: string; groupSize: number | string }> = await ds.query(
          `${sql}${placeholders(ds, wanted)})`,
          wanted,
        );
        const groups = new Map<number, MessageGroup>();
        const byMessage = new Map<number, GroupOfMessage>();
        for (const r of raw) {
          const read = readEntity(ds, MessageGroup, 'g', r);
          if (!read) continue;
          const group = groups.get(read.id) ?? groups.set(read.id, read).get(read.id)!;
          byMessage.set(Number(r.memberMessageId), {
            groupId: group.id,
            leadMessageId: group.leadMessageId,
            leadSerialNo: r.leadSerialNo,
            size: Number(r.groupSize),
          });
        }
        // the groups and sizes read here answer Message.group and Group.size too
        for (const g of groups.values()) messageGroup.prime(g.id, g);
        for (const g of byMessage.values()) messageGroupSize.prime(g.groupId, g.size);
        return keys.map((id) => byMessage.get(id) ?? null);
      },
      { maxBatchSize: 1000 },
    ),
  };
}
