import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** Statistics read lead assignments by assignment time, and replies by publication time. */
export class StatisticsIndexes1763900000004 implements MigrationInterface {
  name = 'StatisticsIndexes1763900000004';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('assignment', new TableIndex({ name: 'ix_assignment_assigned', columnNames: ['assignedAt', 'role'] }));
    await qr.createIndex('reply', new TableIndex({ name: 'ix_reply_published', columnNames: ['publishedAt'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('reply', 'ix_reply_published');
    await qr.dropIndex('assignment', 'ix_assignment_assigned');
  }
}
