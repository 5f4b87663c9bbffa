import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, timestamps } from './_portable';

/**
 * Groups of similar messages handled together (相似件归并, docs/analysis.md): `message_group` (its lead message and
 * a note) and `message_group_member` (a message is in at most one group: the message id is the key). Joining and
 * leaving are recorded in the ledger (`message_event`), so nothing is lost when a group is dissolved (its rows go).
 */
export class MessageGroups1763900000400 implements MigrationInterface {
  name = 'MessageGroups1763900000400';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'message_group',
      [col.id(), col.int('leadMessageId'), col.str('note', 500, { isNullable: true }), col.int('createdById', { isNullable: true }), ...timestamps(qr)],
      [{ name: 'uq_message_group_lead', columnNames: ['leadMessageId'], isUnique: true }],
    );
    await createTable(
      qr,
      'message_group_member',
      [col.int('messageId', { isPrimary: true }), col.int('groupId'), col.int('addedById', { isNullable: true }), col.datetime('addedAt')],
      [{ name: 'ix_message_group_member_group', columnNames: ['groupId'] }],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('message_group_member');
    await qr.dropTable('message_group');
  }
}
