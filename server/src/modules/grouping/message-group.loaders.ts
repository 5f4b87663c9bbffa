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
  return {
    /** Groups of similar messages (相似件归并) by id. */
    messageGroup: byIdLoader(ds, MessageGroup),
    messageGroupSize,
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
        // the sizes read here answer Group.size too
        for (const g of byMessage.values()) messageGroupSize.prime(g.groupId, g.size);
        return keys.map((id) => byMessage.get(id) ?? null);
      },
      { maxBatchSize: 1000 },
    ),
  };
}
