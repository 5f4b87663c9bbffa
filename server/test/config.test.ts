import { ConfigError, loadConfig } from '../src/config/config';

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
  expect(c.database).toEqual({ type: 'mysql', url: 'mysql://root@127.0.0.1:3306/wenzheng', database: 'wenzheng' });
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
  // Several problems are all reported at once.
  expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'chatty' })).toHaveLength(2);
});

test('durations accept units', () => {
  expect(loadConfig({ ACCESS_TOKEN_TTL: '15m', REFRESH_TOKEN_TTL: '30d' })).toMatchObject({ accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 2592000 });
});
