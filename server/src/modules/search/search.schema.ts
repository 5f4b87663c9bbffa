/**
 * The full-text index's table on each database (docs/search.md), created by the migration and by `npm run search:rebuild`:
 *  - SQLite: `message_search`, an FTS5 table (contentless: only the index; rowid = message id) over the text's bigrams;
 *  - MariaDB: `message_search (messageId, submittedAt, body)` in the Mroonga engine with a FULLTEXT index (bigrams of
 *    every script), when the engine is installed; without it no table, and the search falls back to LIKE;
 *  - MySQL 8: `message_search (messageId, submittedAt, body)` in InnoDB with `FULLTEXT … WITH PARSER ngram`
 *    (ngram_token_size=2).
 * On MariaDB and MySQL the row holds the message's submission time, so that a keyword's first page by time (or by
 * relevance) is read from the index alone, with a LIMIT, and only that page's messages are loaded (docs/search.md).
 */
import { bigramText, messageText } from './search.text';

/** What runs SQL: a TypeORM QueryRunner's or DataSource's `query`. */
export type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export type SearchEngine = 'fts5' | 'mroonga' | 'ngram' | 'like';

export const SEARCH_TABLE = 'message_search';

/** SQLite's tokenizer keeps every character but spaces, punctuation and controls in a token (the bigrams are made in search.text.ts). */
const FTS5_TABLE = (name: string) =>
  `CREATE VIRTUAL TABLE ${name} USING fts5(body, content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co Cn'")`;
/** The message's submission time in the index row (MariaDB/MySQL), as the message's own column. */
export const SUBMITTED_AT_COLUMN = 'submittedAt DATETIME(3) NOT NULL';
/** MariaDB's and MySQL's table, created without its FULLTEXT index: both build it much faster over the filled table. */
const PLAIN_TABLE = (
  name: string,
  engine: 'Mroonga' | 'InnoDB',
) => `CREATE TABLE \`${name}\` (messageId INT NOT NULL PRIMARY KEY, ${SUBMITTED_AT_COLUMN}, body MEDIUMTEXT NOT NULL)
  ENGINE=${engine} DEFAULT CHARSET=utf8mb4 COLLATE utf8mb4_unicode_ci`;
/** Mroonga: bigrams of every script (letters and digits too, so that a part of a word matches), NFKC-like normalisation. */
const ADD_FULLTEXT = (name: string, engine: 'mroonga' | 'ngram') =>
  engine === 'mroonga'
    ? `ALTER TABLE \`${name}\` ADD FULLTEXT INDEX ft_${name} (body) COMMENT 'tokenizer "TokenBigramSplitSymbolAlphaDigit", normalizer "NormalizerAuto"'`
    : `ALTER TABLE \`${name}\` ADD FULLTEXT INDEX ft_${name} (body) WITH PARSER ngram`;

export type Dialect = 'sqlite' | 'mariadb' | 'mysql';

export async function dialectOf(type: string, query: Query): Promise<Dialect> {
  if (type === 'better-sqlite3' || type === 'sqlite') return 'sqlite';
  const [row] = await query('SELECT VERSION() AS v');
  return /mariadb/i.test(String(row.v)) ? 'mariadb' : 'mysql';
}

/** The engine the database offers for a new index (MariaDB: Mroonga when installed, else none). */
export async function availableEngine(dialect: Dialect, query: Query): Promise<SearchEngine> {
  if (dialect === 'sqlite') return 'fts5';
  if (dialect === 'mysql') return 'ngram';
  const rows = await query("SELECT SUPPORT AS s FROM information_schema.ENGINES WHERE ENGINE = 'Mroonga'");
  return rows.length && ['YES', 'DEFAULT'].includes(String(rows[0].s)) ? 'mroonga' : 'like';
}

/** The engine of the index the database holds now ('like': none). */
export async function installedEngine(dialect: Dialect, query: Query): Promise<SearchEngine> {
  if (dialect === 'sqlite') {
    const rows = await query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${SEARCH_TABLE}'`);
    return rows.length ? 'fts5' : 'like';
  }
  const rows = await query(`SELECT ENGINE AS e FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${SEARCH_TABLE}'`);
  if (!rows.length) return 'like';
  if (String(rows[0].e).toLowerCase() === 'mroonga') return 'mroonga';
  const ft = await query(
    `SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${SEARCH_TABLE}' AND INDEX_TYPE = 'FULLTEXT'`,
  );
  return ft.length ? 'ngram' : 'like';
}

/**
 * Creates the index table `name` for `engine` and fills it with every message with an id above `afterId`, in id batches.
 * Returns how many messages it indexed. ('like' creates nothing.)
 */
export async function createAndFill(engine: SearchEngine, query: Query, name = SEARCH_TABLE, progress?: (done: number) => void): Promise<number> {
  if (engine === 'like') return 0;
  if (engine === 'fts5') {
    await query(FTS5_TABLE(name));
    let after = 0;
    let done = 0;
    for (;;) {
      const rows = (await query('SELECT id, title, content FROM message WHERE id > ? ORDER BY id LIMIT 2000', [after])) as Array<{
        id: number;
        title: string;
        content: string;
      }>;
      if (!rows.length) return done;
      for (const r of rows) await query(`INSERT INTO ${name} (rowid, body) VALUES (?, ?)`, [r.id, bigramText(messageText(r))]);
      done += rows.length;
      after = rows[rows.length - 1].id;
      progress?.(done);
    }
  }
  await query(PLAIN_TABLE(name, engine === 'mroonga' ? 'Mroonga' : 'InnoDB'));
  await query(`INSERT INTO \`${name}\` (messageId, submittedAt, body) SELECT id, submittedAt, CONCAT(title, '\\n', content) FROM message`);
  // Without InnoDB's (English) stopwords: with the ngram parser any pair holding one ("a", "i", "to"…) would never match.
  if (engine === 'ngram') await query('SET SESSION innodb_ft_enable_stopword = OFF');
  await query(ADD_FULLTEXT(name, engine));
  const [row] = await query(`SELECT COUNT(*) AS n FROM \`${name}\``);
  return Number(row.n);
}

export async function dropIndexTable(dialect: Dialect, query: Query, name = SEARCH_TABLE): Promise<void> {
  await query(dialect === 'sqlite' ? `DROP TABLE IF EXISTS ${name}` : `DROP TABLE IF EXISTS \`${name}\``);
}
