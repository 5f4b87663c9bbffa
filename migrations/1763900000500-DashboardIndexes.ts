import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The dashboard's figures read narrow index ranges instead of whole tables (docs/statistics.md, "The dashboard at
 * scale"): messages closed in a period, messages of a period with their state and category (hot categories, covering),
 * the running lead assignments with their deadlines (covering), the few messages on hold, and evaluations by time with
 * their band.
 */
export class DashboardIndexes1763900000500 implements MigrationInterface {
  name = 'DashboardIndexes1763900000500';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('message', new TableIndex({ name: 'ix_message_closed', columnNames: ['closedAt', 'leadUnitId'] }));
    await qr.createIndex('message', new TableIndex({ name: 'ix_message_on_hold', columnNames: ['onHoldSince'] }));
    await qr.createIndex('message', new TableIndex({ name: 'ix_message_topics', columnNames: ['submittedAt', 'state', 'categoryId', 'leadUnitId'] }));
    await qr.createIndex(
      'assignment',
      new TableIndex({ name: 'ix_assignment_open_work', columnNames: ['state', 'role', 'parentId', 'assignedAt', 'replyDueAt', 'yellowAt', 'unitId'] }),
    );
    await qr.createIndex('evaluation', new TableIndex({ name: 'ix_evaluation_created', columnNames: ['createdAt', 'band', 'unitId'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('evaluation', 'ix_evaluation_created');
    await qr.dropIndex('assignment', 'ix_assignment_open_work');
    await qr.dropIndex('message', 'ix_message_topics');
    await qr.dropIndex('message', 'ix_message_on_hold');
    await qr.dropIndex('message', 'ix_message_closed');
  }
}
