import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * An assignment's handed-down children (下派) by parent: what the actions' guards read for every assignment a page
 * shows (the inbox, the message page: "may it hand down again, to whom"), and what parents follow when children
 * move. Without it MySQL/MariaDB found a page's children by walking every open assignment of the open-work index:
 * at 1M messages 57,005 index rows and 32-47 ms for 25 assignments; with it 75 rows and 0.8 ms (MariaDB, the bench
 * database, `SHOW PROFILES`, same machine minutes apart). Covering: (parentId, state, unitId).
 */
export class AssignmentChildren1763900000610 implements MigrationInterface {
  name = 'AssignmentChildren1763900000610';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('assignment', new TableIndex({ name: 'ix_assignment_parent', columnNames: ['parentId', 'state', 'unitId'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('assignment', 'ix_assignment_parent');
  }
}
