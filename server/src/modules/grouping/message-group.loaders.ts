/** The per-request DataLoader of the groups (相似件归并) of a page of messages. */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { byIdLoader, countLoader } from '../../graphql/loaders';
import { Message } from '../message/message.entity';
import { MessageGroup, MessageGroupMember } from './message-group.entity';

/** A message's group as a list row shows it: the group, its lead and how many messages it holds. */
export interface GroupOfMessage {
  groupId: number;
  leadMessageId: number;
  leadSerialNo: string;
  size: number;
}

export function groupingLoaders(ds: DataSource) {
  /** How many messages each group holds, in one statement for a page's groups. */
  const messageGroupSize = countLoader(ds, MessageGroupMember, 'groupId');
  /** Groups of similar messages (相似件归并) by id. */
  const messageGroup = byIdLoader(ds, MessageGroup);
  return {
    messageGroup,
    messageGroupSize,
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
