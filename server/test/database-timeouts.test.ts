/**
 * A database that makes the server wait (issue 13, item 16; the frozen-server case is in the reliability suite,
 * test/reliability/database-hang.test.ts): a statement that gets no answer within DB_QUERY_TIMEOUT_MS (MySQL/MariaDB),
 * or a write that waits for SQLite's lock longer than DB_BUSY_TIMEOUT_MS, is answered SERVICE_UNAVAILABLE; nothing is
 * written, the pool is not left with connections stuck behind the wait, and the same request succeeds once the
 * database answers again.
 */
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { createDataSource } from '../src/db/dataSource';
import { QUERY_TIMEOUT_CODE } from '../src/db/timeouts';
import { codeOf, serverPerFile, usingMysql } from './helpers';

const TIMEOUT_MS = 1000;
let dispatcher: string;
const s = serverPerFile({
  DB_QUERY_TIMEOUT_MS: String(TIMEOUT_MS),
  DB_ACQUIRE_TIMEOUT_MS: String(TIMEOUT_MS),
  DB_BUSY_TIMEOUT_MS: '300',
  LOGIN_MAX_FAILURES_PER_IP: '1000',
});
beforeAll(async () => {
  dispatcher = await s.login('dispatcher');
});

const BUSY_MS = 300;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;
const login = (username: string) => s.gql(LOGIN, { i: { username, password: 'wenzheng2026' } });
const timed = async <T>(work: () => Promise<T>) => {
  const t0 = Date.now();
  const result = await work();
  return { result, ms: Date.now() - t0 };
};
const lastLoginOf = async (username: string) =>
  String((await s.app.ds.query(`SELECT lastLoginAt FROM app_user WHERE username = '${username}'`))[0].lastLoginAt);

/**
 * Another client of the database holds what logging in writes (the user's row on MySQL, the write lock of the whole
 * file on SQLite), so that the server's statement waits; `release` lets go.
 */
async function holdLock(username: string): Promise<{ release(): Promise<void> }> {
  const db = s.config.database;
  if (db.type === 'mysql') {
    const c = await mysql.createConnection(db.url);
    await c.query('START TRANSACTION');
    await c.query('SELECT id FROM app_user WHERE username = ? FOR UPDATE', [username]);
    return {
      release: async () => {
        await c.query('ROLLBACK');
        await c.end();
      },
    };
  }
  const other = new Database(db.file);
  other.prepare('BEGIN IMMEDIATE').run();
  return {
    release: async () => {
      other.prepare('ROLLBACK').run();
      other.close();
    },
  };
}
const limit = usingMysql() ? TIMEOUT_MS : BUSY_MS;

test(`a write the database keeps waiting is SERVICE_UNAVAILABLE once the ${usingMysql() ? 'statement timeout (DB_QUERY_TIMEOUT_MS)' : 'busy timeout (DB_BUSY_TIMEOUT_MS)'} is over, nothing written; it succeeds once the database answers`, async () => {
  const before = await lastLoginOf('supervisor');
  const lock = await holdLock('supervisor');
  try {
    const { result, ms } = await timed(() => login('supervisor'));
    expect(codeOf(result)).toBe('SERVICE_UNAVAILABLE');
    expect(result.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(ms).toBeGreaterThanOrEqual(limit - 50);
    expect(ms).toBeLessThan(limit + 1500);
  } finally {
    await lock.release();
  }
  expect(await lastLoginOf('supervisor')).toBe(before);
  expect((await login('supervisor')).data.login.accessToken).toBeTruthy();
  expect(await lastLoginOf('supervisor')).not.toBe(before);
});

test('more waiting writes than the pool has connections: each is answered, and reads stay quick while the wait goes on', async () => {
  const lock = await holdLock('leader');
  try {
    // MySQL: 25 at once, more than its pool of 20. SQLite runs writes one after another, each giving up after its busy timeout.
    const count = usingMysql() ? 25 : 5;
    const { result: answers, ms } = await timed(() => Promise.all(Array.from({ length: count }, () => login('leader'))));
    expect(answers.map(codeOf)).toEqual(Array(count).fill('SERVICE_UNAVAILABLE'));
    expect(ms).toBeLessThan(usingMysql() ? 3 * TIMEOUT_MS + 2000 : count * (BUSY_MS + 500));
    // The timed-out statements' connections were closed, not handed out again behind a statement that never ends.
    const read = await timed(() => s.gql(`{ messages(first: 5) { totalCount nodes { id } } }`, {}, dispatcher));
    expect(read.result.errors).toBeUndefined();
    expect(read.ms).toBeLessThan(TIMEOUT_MS);
  } finally {
    await lock.release();
  }
  expect((await login('leader')).data.login.accessToken).toBeTruthy();
});

test(
  usingMysql()
    ? 'a statement longer than DB_QUERY_TIMEOUT_MS: the serving server gives up on it, migrations and batch commands (a data source of db/dataSource.ts) wait it out'
    : "DB_BUSY_TIMEOUT_MS reaches every SQLite connection, the server's and those of batch commands (a data source of db/dataSource.ts)",
  async () => {
    const batch = createDataSource(s.config);
    await batch.initialize();
    try {
      if (!usingMysql()) {
        // (SQLite statements run in the server's own thread: there is no statement timeout to give up on them.)
        const busyTimeout = async (ds: { query(q: string): Promise<Array<Record<string, number>>> }) =>
          Object.values((await ds.query('PRAGMA busy_timeout'))[0])[0];
        expect(await busyTimeout(batch)).toBe(BUSY_MS);
        expect(await busyTimeout(s.app.ds)).toBe(BUSY_MS);
        return;
      }
      const longStatement = `SELECT SLEEP(${(TIMEOUT_MS + 500) / 1000}) AS done`;
      const { result, ms } = await timed(() => batch.query(longStatement));
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS + 500);
      expect(result).toEqual([{ done: 0 }]);
    } finally {
      await batch.destroy();
    }
    const served = await timed(() =>
      s.app.ds.query(`SELECT SLEEP(${(TIMEOUT_MS + 500) / 1000}) AS done`).then(
        () => 'completed',
        (e: { driverError?: { code?: string } }) => e.driverError?.code,
      ),
    );
    expect(served.result).toBe(QUERY_TIMEOUT_CODE);
    expect(served.ms).toBeLessThan(TIMEOUT_MS + 400);
    // The connection that timed out was closed: the server's pool serves the next request at once.
    const read = await timed(() => s.gql(`{ messages(first: 1) { totalCount } }`, {}, dispatcher));
    expect(read.result.errors).toBeUndefined();
    expect(read.ms).toBeLessThan(TIMEOUT_MS);
  },
);
