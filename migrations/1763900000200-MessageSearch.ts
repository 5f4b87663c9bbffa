import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { availableEngine, createAndFill, dialectOf, dropIndexTable } from '../server/src/modules/search/search.schema';

/**
 * The full-text index of messages' titles and contents (docs/search.md), filled from the messages there are:
 *  - SQLite: an FTS5 table over bigrams; MySQL 8: InnoDB FULLTEXT WITH PARSER ngram (the server needs ngram_token_size=2);
 *  - MariaDB: a Mroonga table when the engine is installed (`INSTALL SONAME 'ha_mroonga'`); without it nothing, and the
 *    search scans with LIKE until `npm run search:rebuild` is run once Mroonga is there.
 * And an index on the citizen's name, which the console's search matches exactly (for those who may see it).
 */
export class MessageSearch1763900000200 implements MigrationInterface {
  name = 'MessageSearch1763900000200';

  async up(qr: QueryRunner): Promise<void> {
    const query = (sql: string, params?: unknown[]) => qr.query(sql, params);
    const dialect = await dialectOf(String(qr.connection.options.type), query);
    await createAndFill(await availableEngine(dialect, query), query);
    await qr.createIndex('message', new TableIndex({ name: 'ix_message_real_name', columnNames: ['realName'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('message', 'ix_message_real_name');
    const query = (sql: string, params?: unknown[]) => qr.query(sql, params);
    await dropIndexTable(await dialectOf(String(qr.connection.options.type), query), query);
  }
}
