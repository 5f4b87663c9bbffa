import { ConfigError, configWarnings, loadConfig, PRODUCTION_DEMO_WARNING } from '../src/config/config';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

test('no configuration means the embedded SQLite file with migrations and demo data', () => {
  const c = loadConfig({});
  expect(c.database).toMatchObject({ type: 'sqlite', embedded: true });
  expect(c.database.type === 'sqlite' && c.database.file).toMatch(/data\/wenzheng\.sqlite$/);
  expect(c.autoMigrate).toBe(true);
  expect(c.demoData).toBe(true);
  expect(c.port).toBe(4000);
  expect(c.redisUrl).toBeNull();
});

test('a MySQL URL switches off auto-migration and demo data unless asked', () => {
  const c = loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/wenzheng' });
  expect(c.database).toEqual({ type: 'mysql', url: 'mysql://root@127.0.0.1:3306/wenzheng', database: 'wenzheng', replicaUrls: [] });
  expect(c.autoMigrate).toBe(false);
  expect(c.demoData).toBe(false);
  expect(loadConfig({ DATABASE_URL: 'mariadb://root@db/wz', AUTO_MIGRATE: 'yes' }).autoMigrate).toBe(true);
});

test('bad values are refused with a message naming the variable', () => {
  expect(problemsOf({ PORT: 'eighty' })[0]).toMatch(/^PORT: expected a whole number/);
  expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT/);
  expect(problemsOf({ DATABASE_URL: 'postgres://x/y' })[0]).toMatch(/^DATABASE_URL: expected mysql:\/\//);
  expect(problemsOf({ DATABASE_URL: 'mysql://root@127.0.0.1:3306' })[0]).toMatch(/^DATABASE_URL: name the database/);
  expect(problemsOf({ REDIS_URL: 'localhost:6379' })[0]).toMatch(/^REDIS_URL/);
  expect(problemsOf({ AUTO_MIGRATE: 'maybe' })[0]).toMatch(/^AUTO_MIGRATE: expected one of/);
  expect(problemsOf({ ACCESS_TOKEN_TTL: '15 minutes' })[0]).toMatch(/^ACCESS_TOKEN_TTL: expected a duration/);
  expect(problemsOf({ JWT_SECRET: 'short' })[0]).toMatch(/^JWT_SECRET: must be at least 32/);
  expect(problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'mysql://root@db/wz' })[0]).toMatch(/^JWT_SECRET: required in production/);
  expect(problemsOf({ DEFAULT_PAGE_SIZE: '200', MAX_PAGE_SIZE: '100' })[0]).toMatch(/^DEFAULT_PAGE_SIZE/);
  expect(problemsOf({ METRICS_TOKEN: 'short' })[0]).toMatch(/^METRICS_TOKEN: expected at least 16 characters/);
  expect(problemsOf({ DATABASE_REPLICA_URLS: 'mysql://r@replica:3306/wz' })[0]).toMatch(/^DATABASE_REPLICA_URLS: read replicas need a MySQL/);
  expect(problemsOf({ DATABASE_URL: 'mysql://root@db/wz', DATABASE_REPLICA_URLS: 'replica-1, mysql://r@replica-2:3306/wz' })[0]).toMatch(
    /^DATABASE_REPLICA_URLS: expected mysql:\/\//,
  );
  // Several problems are all reported at once.
  expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'chatty' })).toHaveLength(2);
});

test('read replicas: a comma-separated list of MySQL URLs, with lag and read-your-writes settings', () => {
  const c = loadConfig({
    DATABASE_URL: 'mysql://root@primary:3306/wz',
    DATABASE_REPLICA_URLS: 'mysql://r:p@replica-1:3306/wz, mariadb://r:p@replica-2/wz',
    REPLICA_MAX_LAG_SECONDS: '10',
  });
  expect(c.database).toMatchObject({ type: 'mysql', replicaUrls: ['mysql://r:p@replica-1:3306/wz', 'mysql://r:p@replica-2/wz'] });
  expect(c.replicas).toEqual({ maxLagSeconds: 10, checkSeconds: 2, readYourWritesSeconds: 10 });
});

test('TRUST_PROXY: off by default, or true, a hop count, or proxy addresses', () => {
  expect(loadConfig({}).trustProxy).toBe(false);
  expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  expect(problemsOf({ TRUST_PROXY: 'the balancer' })[0]).toMatch(/^TRUST_PROXY: expected false, true/);
});

test('durations accept units', () => {
  expect(loadConfig({ ACCESS_TOKEN_TTL: '15m', REFRESH_TOKEN_TTL: '30d' })).toMatchObject({ accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 2592000 });
});

test('production never loads demo data unless DEMO_DATA=true is set, and then warns', () => {
  const secret = { JWT_SECRET: 'a-production-secret-of-at-least-32-characters' };
  // The embedded SQLite file in production: no demo users, no demo key.
  const embedded = loadConfig({ NODE_ENV: 'production', ...secret });
  expect(embedded.database).toMatchObject({ type: 'sqlite', embedded: true });
  expect(embedded.demoData).toBe(false);
  expect(embedded.autoMigrate).toBe(true);
  expect(configWarnings(embedded)).toEqual([]);
  expect(loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'false', ...secret }).demoData).toBe(false);
  // Asked for in so many words: loaded, with a warning at every start.
  const asked = loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true', ...secret });
  expect(asked.demoData).toBe(true);
  expect(configWarnings(asked)).toEqual([PRODUCTION_DEMO_WARNING]);
  // With a real database in production it stays refused.
  expect(problemsOf({ NODE_ENV: 'production', DEMO_DATA: 'true', DATABASE_URL: 'mysql://root@db/wz', ...secret })[0]).toMatch(/^DEMO_DATA: demo users/);
  expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'mysql://root@db/wz', ...secret }).demoData).toBe(false);
  // Outside production the embedded file keeps its demo data, without a warning.
  for (const NODE_ENV of ['development', 'test']) {
    const dev = loadConfig({ NODE_ENV });
    expect({ NODE_ENV, demo: dev.demoData, warnings: configWarnings(dev) }).toEqual({ NODE_ENV, demo: true, warnings: [] });
  }
});

test('database timeouts: defaults, values in milliseconds, bad values refused naming the variable', () => {
  expect(loadConfig({}).databaseTimeouts).toEqual({ connectMs: 5000, acquireMs: 5000, queryMs: 15000, busyMs: 5000 });
  expect(
    loadConfig({ DB_CONNECT_TIMEOUT_MS: '2000', DB_ACQUIRE_TIMEOUT_MS: '3000', DB_QUERY_TIMEOUT_MS: '30000', DB_BUSY_TIMEOUT_MS: '0' }).databaseTimeouts,
  ).toEqual({ connectMs: 2000, acquireMs: 3000, queryMs: 30000, busyMs: 0 });
  expect(problemsOf({ DB_QUERY_TIMEOUT_MS: '15s' })[0]).toMatch(/^DB_QUERY_TIMEOUT_MS: expected a whole number/);
  expect(problemsOf({ DB_QUERY_TIMEOUT_MS: '50' })[0]).toMatch(/^DB_QUERY_TIMEOUT_MS/);
  expect(problemsOf({ DB_ACQUIRE_TIMEOUT_MS: '-1' })[0]).toMatch(/^DB_ACQUIRE_TIMEOUT_MS/);
  expect(problemsOf({ DB_CONNECT_TIMEOUT_MS: '99999999' })[0]).toMatch(/^DB_CONNECT_TIMEOUT_MS/);
  expect(problemsOf({ DB_BUSY_TIMEOUT_MS: 'forever' })[0]).toMatch(/^DB_BUSY_TIMEOUT_MS/);
});
