/** docker-compose.yml cannot run here (no Docker engine), so its shape is validated instead. */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/config';
import { REPO_ROOT } from '../src/config/paths';

const compose = parse(fs.readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'));

test('MySQL 8, Redis 7 and the app, each with a health check', () => {
  expect(Object.keys(compose.services).sort()).toEqual(['app', 'mysql', 'mysql-replica', 'prometheus', 'redis']);
  // Prometheus only with `--profile monitoring`.
  expect(compose.services.prometheus.profiles).toEqual(['monitoring']);
  expect(compose.services.mysql.image).toMatch(/^mysql:8/);
  expect(compose.services.redis.image).toMatch(/^redis:7/);
  for (const s of Object.values(compose.services) as Array<{ healthcheck?: { test: unknown } }>) expect(s.healthcheck?.test).toBeTruthy();
  expect(compose.services.mysql.command.join(' ')).toContain('utf8mb4');
});

test('the app waits for healthy MySQL and Redis, migrates, and its environment is a valid configuration', () => {
  const app = compose.services.app;
  expect(app.build).toBe('.');
  expect(app.depends_on).toEqual({
    mysql: { condition: 'service_healthy' },
    'mysql-replica': { condition: 'service_healthy' },
    redis: { condition: 'service_healthy' },
  });
  expect(app.ports).toContain('4000:4000');
  const config = loadConfig(app.environment);
  expect(config.env).toBe('production');
  expect(config.autoMigrate).toBe(true);
  expect(config.demoData).toBe(false);
  expect(config.database).toMatchObject({ type: 'mysql', database: compose.services.mysql.environment.MYSQL_DATABASE });
  const dbUrl = new URL(app.environment.DATABASE_URL);
  expect(dbUrl.hostname).toBe('mysql');
  expect(decodeURIComponent(dbUrl.username)).toBe(compose.services.mysql.environment.MYSQL_USER);
  expect(decodeURIComponent(dbUrl.password)).toBe(compose.services.mysql.environment.MYSQL_PASSWORD);
  expect(new URL(app.environment.REDIS_URL).hostname).toBe('redis');
});

test('the replica replicates the primary with GTID, and the app reads from it', () => {
  const primary = compose.services.mysql;
  const replica = compose.services['mysql-replica'];
  expect(primary.command).toEqual(expect.arrayContaining(['--server-id=1', '--gtid-mode=ON', '--enforce-gtid-consistency=ON']));
  expect(primary.command.some((c: string) => c.startsWith('--log-bin'))).toBe(true);
  expect(replica.command).toEqual(expect.arrayContaining(['--server-id=2', '--gtid-mode=ON', '--enforce-gtid-consistency=ON']));
  expect(replica.depends_on).toEqual({ mysql: { condition: 'service_healthy' } });
  // The init script connects to the primary with the primary's root password, and lets the app's account read the status.
  expect(replica.environment.PRIMARY_ROOT_PASSWORD).toBe(primary.environment.MYSQL_ROOT_PASSWORD);
  const init = replica.volumes.find((v: string) => v.includes('docker-entrypoint-initdb.d')).split(':')[0];
  const script = fs.readFileSync(path.join(REPO_ROOT, init), 'utf8');
  expect(script).toContain("SOURCE_HOST='mysql'");
  expect(script).toContain('SOURCE_AUTO_POSITION=1');
  expect(script).toContain('GRANT REPLICATION CLIENT');
  const config = loadConfig(compose.services.app.environment);
  expect(config.database).toMatchObject({ type: 'mysql', replicaUrls: ['mysql://wenzheng:change-me-db-password@mysql-replica:3306/wenzheng'] });
  expect(new URL(compose.services.app.environment.DATABASE_REPLICA_URLS).username).toBe(replica.environment.MYSQL_USER);
  // Prometheus scrapes the app's /metrics.
  const prom = parse(fs.readFileSync(path.join(REPO_ROOT, 'deploy/prometheus.yml'), 'utf8'));
  expect(prom.scrape_configs[0]).toMatchObject({ metrics_path: '/metrics', static_configs: [{ targets: ['app:4000'] }] });
});

test('data lives in named volumes, and the Dockerfile runs the built server', () => {
  expect(Object.keys(compose.volumes).sort()).toEqual(['mysql-data', 'mysql-replica-data', 'redis-data']);
  expect(compose.services.mysql.volumes[0]).toMatch(/^mysql-data:/);
  const dockerfile = fs.readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
  expect(dockerfile).toMatch(/^FROM node:20/m);
  expect(dockerfile).toContain('npm ci');
  const cmd = /^CMD \[(.*)\]$/m.exec(dockerfile)![1];
  const entry = JSON.parse(`[${cmd}]`)[1] as string;
  expect(entry).toBe('server/dist/server/src/main.js');
  // The final stage runs as an unprivileged user (scripts/docker-replay.mjs starts it as that user in CI).
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  expect(finalStage).toMatch(/^USER (?!root\b|0\b)\S+$/m);
  expect(fs.existsSync(path.join(REPO_ROOT, 'server', 'src', 'main.ts'))).toBe(true);
});
