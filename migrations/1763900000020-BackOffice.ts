import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { col, createTable } from './_portable';

/**
 * The back office: notifications (the console's bell), and the indexes of the platform's queues (pending
 * extension requests, open supervisions by due date) and of the unit tree's levels (children of a unit).
 */
export class BackOffice1763900000020 implements MigrationInterface {
  name = 'BackOffice1763900000020';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(
      qr,
      'notification',
      [
        col.id(),
        col.int('userId'),
        col.int('eventId'),
        col.int('messageId'),
        col.str('action', 32),
        col.int('unitId', { isNullable: true }),
        col.datetime('createdAt'),
        col.datetime('readAt', { isNullable: true }),
      ],
      [
        { name: 'ix_notification_user', columnNames: ['userId', 'id'] },
        { name: 'ix_notification_unread', columnNames: ['userId', 'readAt'] },
      ],
    );
    await qr.createIndex('extension_request', new TableIndex({ name: 'ix_extension_state', columnNames: ['state', 'assignmentId'] }));
    await qr.createIndex('unit', new TableIndex({ name: 'ix_unit_parent', columnNames: ['parentId', 'sortOrder'] }));
    await qr.createIndex('supervision', new TableIndex({ name: 'ix_supervision_kind_due', columnNames: ['kind', 'respondedAt', 'dueAt'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('supervision', 'ix_supervision_kind_due');
    await qr.dropIndex('unit', 'ix_unit_parent');
    await qr.dropIndex('extension_request', 'ix_extension_state');
    await qr.dropTable('notification');
  }
}
