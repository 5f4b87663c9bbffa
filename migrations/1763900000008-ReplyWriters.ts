import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './_portable';

/**
 * Separation of duties (issue 13): who wrote a reply, the user who drafted it and everyone who edited it, so that
 * none of them approves it. Replies from before count their author only (`authorId`).
 */
export class ReplyWriters1763900000008 implements MigrationInterface {
  name = 'ReplyWriters1763900000008';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('reply', new TableColumn(col.text('writerIds', { isNullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('reply', 'writerIds');
  }
}
