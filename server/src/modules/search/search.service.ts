/**
 * Full-text search of messages (全文检索, docs/search.md): one service, the engine's SQL behind it.
 *
 *  - `restrict` narrows a query of messages (alias `m`) to those whose title or content hold a keyword, or that match it
 *    another way the caller names (a serial number, a citizen's name…), and gives the relevance to sort by;
 *  - `index` writes new messages' text into the index, in the caller's transaction;
 *  - `rebuild` writes the index anew from the messages (`npm run search:rebuild`).
 *
 * Engines: SQLite FTS5 over bigrams, MariaDB Mroonga, MySQL 8 InnoDB FULLTEXT with the ngram parser; without an index
 * (MariaDB without Mroonga) the search is the LIKE scan it always was. The engine is read from the database at start.
 */
import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { LIKE_ESCAPE, likeEscape } from '../../common/text';
import { availableEngine, createAndFill, dialectOf, Dialect, dropIndexTable, installedEngine, SEARCH_TABLE, SearchEngine } from './search.schema';
import { bigramText, booleanQuery, fts5Query, messageText, parseKeyword } from './search.text';

export type { SearchEngine } from './search.schema';

/** Another way a message may match the keyword: a condition on a message alias (`a`), e.g. `${a}.serialNo LIKE …`. */
export interface OtherMatch {
  where: (a: string) => string;
  params?: Record<string, unknown>;
}

export interface SearchLog {
  info: (m: string) => void;
  warn: (m: string) => void;
}

export class SearchService {
  private detected: Promise<{ dialect: Dialect; engine: SearchEngine }> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly log: SearchLog = { info: () => undefined, warn: () => undefined },
  ) {}

  private query = (sql: string, params?: unknown[]) => this.ds.query(sql, params);

  private detect() {
    this.detected ??= (async () => {
      const dialect = await dialectOf(String(this.ds.options.type), this.query);
      const engine = await installedEngine(dialect, this.query);
      if (engine === 'like') {
        this.log.warn(`[search] no full-text index (${dialect}${dialect === 'mariadb' ? ': the Mroonga engine is not installed' : ''}): keyword search scans with LIKE. See docs/search.md (npm run search:rebuild).`);
      } else {
        this.log.info(`[search] full-text index: ${engine}`);
      }
      return { dialect, engine };
    })();
    this.detected.catch(() => (this.detected = null));
    return this.detected;
  }

  /** The engine in use (read from the database once, at start). */
  async engine(): Promise<SearchEngine> {
    return (await this.detect()).engine;
  }

  /**
   * Narrows `qb` (messages as alias `m`) to those whose title or content hold `keyword` (as a substring, case-insensitive),
   * or that match one of `others`. Returns the column to sort by for relevance (higher is better), or null when the
   * engine has none (LIKE) or the keyword is empty.
   */
  async restrict<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, keyword: string | undefined, others: OtherMatch[] = []): Promise<string | null> {
    const k = keyword?.trim();
    if (!k) return null;
    const { engine } = await this.detect();
    const parsed = parseKeyword(k);
    const like = `%${likeEscape(k)}%`;
    const params = Object.assign({ kwText: like }, ...others.map((o) => o.params ?? {}));
    const textLike = (a: string) => `(${a}.title LIKE :kwText ${LIKE_ESCAPE} OR ${a}.content LIKE :kwText ${LIKE_ESCAPE})`;
    if (engine === 'like' || !parsed.runs.length) {
      qb.andWhere(`(${[textLike('m'), ...others.map((o) => o.where('m'))].join(' OR ')})`, params);
      return null;
    }
    // The index answers a plain keyword alone; one with spaces or punctuation is checked on the candidates it gives.
    const recheck = parsed.exact ? '' : ` AND ${textLike('tm')}`;
    const joinMessage = parsed.exact ? '' : ' INNER JOIN message tm ON tm.id = ';
    let text: string;
    if (engine === 'fts5') {
      Object.assign(params, { kwMatch: fts5Query(parsed.runs) });
      text = `SELECT ${SEARCH_TABLE}.rowid AS sid, -bm25(${SEARCH_TABLE}) AS score FROM ${SEARCH_TABLE}${joinMessage ? `${joinMessage}${SEARCH_TABLE}.rowid` : ''} WHERE ${SEARCH_TABLE} MATCH :kwMatch${recheck}`;
    } else {
      Object.assign(params, { kwMatch: booleanQuery(parsed.runs, engine) });
      const match = `MATCH(s.body) AGAINST(:kwMatch IN BOOLEAN MODE)`;
      text = `SELECT s.messageId AS sid, ${match} AS score FROM ${SEARCH_TABLE} s${joinMessage ? `${joinMessage}s.messageId` : ''} WHERE ${match}${recheck}`;
    }
    const branches = [text, ...others.map((o, i) => `SELECT o${i}.id AS sid, 0 AS score FROM message o${i} WHERE ${o.where(`o${i}`)}`)];
    const matched = branches.length === 1 ? text : `SELECT u.sid AS sid, MAX(u.score) AS score FROM (${branches.join(' UNION ALL ')}) u GROUP BY u.sid`;
    qb.innerJoin(`(${matched})`, 'ms', 'ms.sid = m.id').setParameters(params);
    return 'ms.score';
  }

  /** Writes new messages' text into the index, in the transaction `em` belongs to (their ids must be new to the index). */
  async index(em: EntityManager, messages: Array<{ id: number; title: string; content: string }>): Promise<void> {
    if (!messages.length) return;
    const { engine } = await this.detect();
    if (engine === 'like') return;
    for (let i = 0; i < messages.length; i += 200) {
      const batch = messages.slice(i, i + 200);
      const values = batch.map(() => '(?, ?)').join(', ');
      const params = batch.flatMap((m) => [m.id, engine === 'fts5' ? bigramText(messageText(m)) : messageText(m)]);
      await em.query(engine === 'fts5' ? `INSERT INTO ${SEARCH_TABLE} (rowid, body) VALUES ${values}` : `INSERT INTO ${SEARCH_TABLE} (messageId, body) VALUES ${values}`, params);
    }
  }

  /** Writes a message's text anew (after its title or content changed), in the transaction `em` belongs to. */
  async reindex(em: EntityManager, message: { id: number; title: string; content: string }): Promise<void> {
    const { engine } = await this.detect();
    if (engine === 'like') return;
    await em.query(`DELETE FROM ${SEARCH_TABLE} WHERE ${engine === 'fts5' ? 'rowid' : 'messageId'} = ?`, [message.id]);
    await this.index(em, [message]);
  }

  /**
   * Writes the index anew from the messages, with the best engine the database offers now (MariaDB: Mroonga once
   * installed; without it the index is dropped and the search scans). On MariaDB/MySQL the new index is built beside the
   * old one and swapped in, then messages that came meanwhile are added; on SQLite it is one transaction.
   */
  async rebuild(progress: (m: string) => void = () => undefined): Promise<{ engine: SearchEngine; indexed: number; seconds: number }> {
    const started = Date.now();
    const dialect = await dialectOf(String(this.ds.options.type), this.query);
    const engine = await availableEngine(dialect, this.query);
    let indexed = 0;
    if (dialect === 'sqlite') {
      await this.ds.transaction(async (em) => {
        const q = (sql: string, params?: unknown[]) => em.query(sql, params);
        await dropIndexTable(dialect, q);
        indexed = await createAndFill(engine, q, SEARCH_TABLE, (n) => progress(`${n} messages indexed`));
      });
    } else if (engine === 'like') {
      await dropIndexTable(dialect, this.query);
    } else {
      const [{ maxId }] = await this.query('SELECT COALESCE(MAX(id), 0) AS maxId FROM message');
      await dropIndexTable(dialect, this.query, `${SEARCH_TABLE}_new`);
      indexed = await createAndFill(engine, this.query, `${SEARCH_TABLE}_new`);
      await dropIndexTable(dialect, this.query, `${SEARCH_TABLE}_old`);
      const exists = (await installedEngine(dialect, this.query)) !== 'like' || (await this.query(`SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${SEARCH_TABLE}'`)).length;
      await this.query(exists ? `RENAME TABLE ${SEARCH_TABLE} TO ${SEARCH_TABLE}_old, ${SEARCH_TABLE}_new TO ${SEARCH_TABLE}` : `RENAME TABLE ${SEARCH_TABLE}_new TO ${SEARCH_TABLE}`);
      await dropIndexTable(dialect, this.query, `${SEARCH_TABLE}_old`);
      // Messages written while the new index was filled went to the old one: add those it lacks.
      const late = await this.query(`INSERT INTO ${SEARCH_TABLE} (messageId, body) SELECT m.id, CONCAT(m.title, '\\n', m.content) FROM message m
        WHERE m.id > ? AND NOT EXISTS (SELECT 1 FROM ${SEARCH_TABLE} s WHERE s.messageId = m.id)`, [Number(maxId)]);
      indexed += Number(late?.affectedRows ?? 0);
    }
    this.detected = null;
    await this.detect();
    return { engine, indexed, seconds: (Date.now() - started) / 1000 };
  }
}
