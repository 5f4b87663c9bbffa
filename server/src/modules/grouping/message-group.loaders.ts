/** The per-request DataLoaders of the groups (相似件归并) of a page of messages and of their members. */
import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { byIdLoader, countLoader } from '../../graphql/loaders';
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
        const { entities, raw } = await ds
          .getRepository(MessageGroup)
          .createQueryBuilder('g')
          .innerJoin(MessageGroupMember, 'mm', 'mm.groupId = g.id')
          .innerJoin(Message, 'lm', 'lm.id = g.leadMessageId')
          .addSelect('mm.messageId', 'memberMessageId')
          .addSelect('lm.serialNo', 'leadSerialNo')
          .addSelect((q) => q.select('COUNT(*)').from(MessageGroupMember, 'gm').where('gm.groupId = g.id'), 'groupSize')
          .where('mm.messageId IN (:...ids)', { ids: [...new Set(keys)] })
          .getRawAndEntities<{ memberMessageId: number | string; leadSerialNo: string; groupSize: number | string }>();
        const groups = new Map(entities.map((g) => [g.id, g]));
        const byMessage = new Map<number, GroupOfMessage>();
        for (const r of raw as Array<{ memberMessageId: number | string; leadSerialNo: string; groupSize: number | string; g_id: number | string }>) {
          const group = groups.get(Number(r.g_id));
          if (!group) continue;
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
