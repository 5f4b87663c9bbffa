import { MigrationInterface, QueryRunner } from 'typeorm';
import { availableEngine, createAndFill, dialectOf, dropIndexTable, installedEngine } from '../server/src/modules/search/search.schema';

/**
 * The submission time in the full-text index's rows (docs/search.md, issue 19): on MariaDB (Mroonga) and MySQL 8
 * (InnoDB ngram) `message_search` gains `submittedAt`, so that a keyword's first page by time or by relevance is sorted
 * and cut by the index alone and only that page's messages are read.
 *
 * Up writes the index anew (as `npm run search:rebuild` does): adding a column to a Mroonga table copies it and builds
 * its FULLTEXT index again row by row, which took five times as long as a fresh fill on the bench (100,000 messages:
 * 5 min against 1 min). Down drops the column again. SQLite's FTS5 table is contentless and holds no column besides the
 * text: nothing changes there (the page joins the message table's submission-time index, as before).
 * (On a new database `MessageSearch` already creates the table with the column, search.schema.ts being shared: then
 * there is nothing to do.)
 */
const hasTime = async (query: (sql: string) => Promise<Array<Record<string, unknown>>>) =>
  (await query("SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'message_search' AND COLUMN_NAME = 'submittedAt'"))
    .length > 0;

export class MessageSearchTime1763900000210 implements MigrationInterface {
  name = 'MessageSearchTime1763900000210';

  async up(qr: QueryRunner): Promise<void> {
    const query = (sql: string, params?: unknown[]) => qr.query(sql, params);
    const dialect = await dialectOf(String(qr.connection.options.type), query);
    if (dialect === 'sqlite' || (await installedEngine(dialect, query)) === 'like' || (await hasTime(query))) return;
    await dropIndexTable(dialect, query);
    await createAndFill(await availableEngine(dialect, query), query);
  }

  async down(qr: QueryRunner): Promise<void> {
    const query = (sql: string, params?: unknown[]) => qr.query(sql, params);
    const dialect = await dialectOf(String(qr.connection.options.type), query);
    if (dialect === 'sqlite' || !(await hasTime(query))) return;
    await query('ALTER TABLE `message_search` DROP COLUMN submittedAt');
  }
}
