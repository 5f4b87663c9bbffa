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

/**
 * A set of message ids, e.g. the viewer's reach: `SELECT ${column} FROM ${from} WHERE ${where}` (a semi-join, which
 * MariaDB answers per match on the subquery's index).
 */
export interface IdSet {
  column: string;
  from: string;
  where: string;
  params?: Record<string, unknown>;
}

/** What `page` is asked: a keyword's page of message ids, newest first or by relevance, within a condition. */
export interface SearchPageRequest {
  keyword: string;
  /** Other ways a message matches (serial number, citizen's name…), as for `restrict`. */
  others?: OtherMatch[];
  /** The messages the list may show (the viewer's reach); none: all. */
  within?: IdSet;
  byRelevance: boolean;
  direction: 'ASC' | 'DESC';
  offset: number;
  limit: number;
  /** Count exactly up to this many; beyond, the total is `bound` and `capped`. */
  bound: number;
}

export interface SearchPage {
  ids: number[];
  total: number;
  capped: boolean;
}

export interface SearchLog {
  info: (m: string) => void;
  warn: (m: string) => void;
}

/** A keyword's matches as the index gave them: the first in the list's order (id, time, relevance) and their count. */
interface IndexAnswer {
  hits: ReadonlyArray<{ id: number; at: number; score: number }>;
  total: number;
}

/** How many keywords' answers `SearchService.page` keeps, and how long at most (docs/search.md, "Paging from the index"). */
const ANSWERS_KEPT = 200;
const ANSWER_MAX_AGE_MS = 10_000;

export class SearchService {
  private detected: Promise<{ dialect: Dialect; engine: SearchEngine }> | null = null;
  /** `answered`'s answers by keyword and page, with the index's state they were read at; least recently used first. */
  private readonly answers = new Map<string, { version: string; at: number; answer: IndexAnswer }>();

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
        this.log.warn(
          `[search] no full-text index (${dialect}${dialect === 'mariadb' ? ': the Mroonga engine is not installed' : ''}): keyword search scans with LIKE. See docs/search.md (npm run search:rebuild).`,
        );
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

  /**
   * A keyword's page read from the index alone (MariaDB/MySQL, whose index rows hold the submission time): the ids of
   * the page, newest first (or by relevance, ties newest first), and the total up to `bound`. Only a keyword the index
   * answers exactly (no space or punctuation); otherwise, and on SQLite or without an index, null: the caller pages
   * with `restrict` and the message table. The index's matches are sorted and cut by the engine (ORDER BY … LIMIT on
   * the index table); the other matches (`others`, looked up on their own indexes) are merged in.
   */
  async page(req: SearchPageRequest): Promise<SearchPage | null> {
    const k = req.keyword.trim();
    if (!k) return null;
    const { engine } = await this.detect();
    if (engine !== 'mroonga' && engine !== 'ngram') return null;
    const parsed = parseKeyword(k);
    if (!parsed.exact) return null;
    const dir = req.direction;
    const end = req.offset + req.limit;
    const kwMatch = booleanQuery(parsed.runs, engine);
    const match = 'MATCH(s.body) AGAINST(:kwMatch IN BOOLEAN MODE)';
    const fromIndex = () => {
      const qb = this.ds.createQueryBuilder().from(SEARCH_TABLE, 's').where(match, { kwMatch });
      if (req.within) qb.andWhere(`s.messageId IN (SELECT ${req.within.column} FROM ${req.within.from} WHERE ${req.within.where})`, req.within.params ?? {});
      return qb;
    };
    // The index's matches in the list's order, sorted and cut by the engine: without a condition the first `end` of
    // them (Mroonga sorts and limits on its own columns) and their count apart (Mroonga counts without reading rows);
    // within the viewer's reach every match there up to the bound, in one statement, which gives the count too.
    const walk = async (): Promise<IndexAnswer> => {
      const top = fromIndex().select('s.messageId', 'id').addSelect('s.submittedAt', 'at');
      if (req.byRelevance) top.addSelect(match, 'score').orderBy('score', dir).addOrderBy('s.submittedAt', 'DESC');
      else top.orderBy('s.submittedAt', dir);
      const [rows, counted] = await Promise.all([
        top
          .addOrderBy('s.messageId', dir)
          .limit(req.within ? req.bound + 1 : end)
          .getRawMany<{ id: number | string; at: Date | string; score?: number | string }>(),
        req.within ? null : fromIndex().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>(),
      ]);
      const hits = rows.map((r) => ({ id: Number(r.id), at: new Date(r.at).getTime(), score: Number(r.score ?? 0) }));
      return { hits, total: counted ? Number(counted.n) : hits.length };
    };
    // Without a reach condition, on Mroonga, the index's answer is kept while the index stays as it was (see `answered`).
    const answer = req.within || engine !== 'mroonga' ? await walk() : await this.answered(JSON.stringify([kwMatch, req.byRelevance, dir, end]), walk);
    const hits = answer.hits.slice();
    let total = answer.total;
    // Other matches (a citizen's name…): few, on their own indexes; those the index matched too are counted once.
    const extra = new Map<number, { id: number; at: number; score: number }>();
    for (const [i, o] of (req.others ?? []).entries()) {
      const qb = this.ds
        .createQueryBuilder()
        .from('message', `o${i}`)
        .select(`o${i}.id`, 'id')
        .addSelect(`o${i}.submittedAt`, 'at')
        .where(o.where(`o${i}`), o.params ?? {});
      if (req.within) qb.andWhere(`o${i}.id IN (SELECT ${req.within.column} FROM ${req.within.from} WHERE ${req.within.where})`, req.within.params ?? {});
      const rows = await qb
        .orderBy(`o${i}.submittedAt`, dir)
        .addOrderBy(`o${i}.id`, dir)
        .limit(req.bound + 1)
        .getRawMany<{ id: number | string; at: Date | string }>();
      for (const r of rows) extra.set(Number(r.id), { id: Number(r.id), at: new Date(r.at).getTime(), score: 0 });
    }
    if (extra.size && total <= req.bound) {
      const inIndex = await fromIndex()
        .select('s.messageId', 'id')
        .andWhere('s.messageId IN (:...otherIds)', { otherIds: [...extra.keys()] })
        .getRawMany<{ id: number | string }>();
      total += extra.size - inIndex.length;
    }
    const seen = new Set(hits.map((h) => h.id));
    for (const r of extra.values()) if (!seen.has(r.id)) hits.push(r);
    const sign = dir === 'DESC' ? -1 : 1;
    hits.sort((a, b) => (req.byRelevance ? (a.score - b.score) * sign || b.at - a.at : (a.at - b.at) * sign) || (a.id - b.id) * sign);
    return { ids: hits.slice(req.offset, end).map((h) => h.id), total: Math.min(total, req.bound), capped: total > req.bound };
  }

  /**
   * The index's answer to a keyword's page (its first ids in the list's order and its count), kept while the index holds
   * the same rows: Mroonga walks every posting of the keyword twice per request (the sort and the count, ~1 µs per
   * match: 33,552 matches of "停车" at 1M messages), and a busy search box asks the same keywords again and again. The
   * index's state, its row count and highest message id (one statement that MariaDB answers from the table's
   * statistics and its primary key, ~0.3 ms), is read before the walk: any row written or removed since (intake,
   * `forget`, a rebuild) changes it, and the answer is walked anew. An answer also expires after
   * `ANSWER_MAX_AGE_MS` (a removal and an insertion between two requests that leave both figures as they were are then
   * seen at the latest that much later). A message's title and content never change once submitted, so an index row is
   * never written anew in place.
   */
  private async answered(key: string, walk: () => Promise<IndexAnswer>): Promise<IndexAnswer> {
    const [state] = await this.query(`SELECT COUNT(*) AS n, MAX(messageId) AS m FROM ${SEARCH_TABLE}`);
    const version = `${state?.n}:${state?.m}`;
    const now = Date.now();
    const kept = this.answers.get(key);
    if (kept && kept.version === version && now - kept.at < ANSWER_MAX_AGE_MS) {
      // most recently used last: the oldest goes first when the map is full
      this.answers.delete(key);
      this.answers.set(key, kept);
      return kept.answer;
    }
    const answer = await walk();
    this.answers.delete(key);
    this.answers.set(key, { version, at: now, answer });
    if (this.answers.size > ANSWERS_KEPT) this.answers.delete(this.answers.keys().next().value!);
    return answer;
  }

  /** Writes new messages' text into the index, in the transaction `em` belongs to (their ids must be new to the index). */
  async index(em: EntityManager, messages: Array<{ id: number; title: string; content: string; submittedAt: Date }>): Promise<void> {
    const bodies = await this.bodies(messages);
    await this.write(
      em,
      messages.map((m, i) => ({ id: m.id, submittedAt: m.submittedAt, body: bodies[i] })),
    );
  }

  /**
   * What the index stores for these texts (SQLite: the bigrams, the costly part; MariaDB/MySQL: the text), made before a
   * transaction (intake), so that the transaction only writes them (`write`). Null without an index.
   */
  async bodies(messages: Array<{ title: string; content: string }>): Promise<Array<string | null>> {
    const { engine } = await this.detect();
    if (engine === 'like') return messages.map(() => null);
    return messages.map((m) => (engine === 'fts5' ? bigramText(messageText(m)) : messageText(m)));
  }

  /** Writes index rows made by `bodies`, in the transaction `em` belongs to: one statement per 500 messages. */
  async write(em: EntityManager, rows: Array<{ id: number; submittedAt: Date; body: string | null }>): Promise<void> {
    const { engine } = await this.detect();
    if (engine === 'like' || !rows.length) return;
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      if (engine === 'fts5') {
        await em.query(
          `INSERT INTO ${SEARCH_TABLE} (rowid, body) VALUES ${batch.map(() => '(?, ?)').join(', ')}`,
          batch.flatMap((m) => [m.id, m.body ?? '']),
        );
      } else {
        await em.query(
          `INSERT INTO ${SEARCH_TABLE} (messageId, submittedAt, body) VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}`,
          batch.flatMap((m) => [m.id, m.submittedAt, m.body ?? '']),
        );
      }
    }
  }

  /**
   * After a transaction that indexed these messages rolled back: removes their rows from an index that is not
   * transactional (Mroonga keeps what was written), so that no index row stands for a message that does not exist
   * (a keyword's total is counted on the index alone). Never throws: the caller rethrows the transaction's error.
   */
  async forget(ids: number[]): Promise<void> {
    if (!ids.length) return;
    const { engine } = await this.detect();
    if (engine !== 'mroonga') return;
    try {
      await this.query(
        `DELETE FROM ${SEARCH_TABLE} WHERE messageId IN (${ids.map(() => '?').join(', ')}) AND NOT EXISTS (SELECT 1 FROM message m WHERE m.id = ${SEARCH_TABLE}.messageId)`,
        ids,
      );
    } catch (e) {
      // The caller reports the transaction's own error; a row left stays unseen by joined lists and goes at a rebuild.
      this.log.warn(`[search] could not remove the index rows of rolled-back messages ${ids.join(', ')}: ${(e as Error).message}`);
    }
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
      const exists =
        (await installedEngine(dialect, this.query)) !== 'like' ||
        (await this.query(`SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${SEARCH_TABLE}'`)).length;
      await this.query(
        exists
          ? `RENAME TABLE ${SEARCH_TABLE} TO ${SEARCH_TABLE}_old, ${SEARCH_TABLE}_new TO ${SEARCH_TABLE}`
          : `RENAME TABLE ${SEARCH_TABLE}_new TO ${SEARCH_TABLE}`,
      );
      await dropIndexTable(dialect, this.query, `${SEARCH_TABLE}_old`);
      // Messages written while the new index was filled went to the old one: add those it lacks.
      const late = await this.query(
        `INSERT INTO ${SEARCH_TABLE} (messageId, submittedAt, body) SELECT m.id, m.submittedAt, CONCAT(m.title, '\\n', m.content) FROM message m
        WHERE m.id > ? AND NOT EXISTS (SELECT 1 FROM ${SEARCH_TABLE} s WHERE s.messageId = m.id)`,
        [Number(maxId)],
      );
      indexed += Number(late?.affectedRows ?? 0);
    }
    this.detected = null;
    this.answers.clear();
    await this.detect();
    return { engine, indexed, seconds: (Date.now() - started) / 1000 };
  }
}
