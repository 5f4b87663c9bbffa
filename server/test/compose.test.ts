/** docker-compose.yml cannot run here (no Docker engine), so its shape is validated instead. */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/config';
import { REPO_ROOT } from '../src/config/paths';

const compose = parse(fs.readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'));

test('MySQL 8, Redis 7 and the app, each with a health check', () => {
  expect(Object.keys(compose.services).sort()).toEqual(['app', 'mysql', 'redis']);
  expect(compose.services.mysql.image).toMatch(/^mysql:8/);
  expect(compose.services.redis.image).toMatch(/^redis:7/);
  for (const s of Object.values(compose.services) as Array<{ healthcheck?: { test: unknown } }>) expect(s.healthcheck?.test).toBeTruthy();
  expect(compose.services.mysql.command.join(' ')).toContain('utf8mb4');
});

test('the app waits for healthy MySQL and Redis, migrates, and its environment is a valid configuration', () => {
  const app = compose.services.app;
  expect(app.build).toBe('.');
  expect(app.depends_on).toEqual({ mysql: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
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

test('data lives in named volumes, and the Dockerfile runs the built server', () => {
  expect(Object.keys(compose.volumes).sort()).toEqual(['mysql-data', 'redis-data']);
  expect(compose.services.mysql.volumes[0]).toMatch(/^mysql-data:/);
  const dockerfile = fs.readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
  expect(dockerfile).toMatch(/^FROM node:20/m);
  expect(dockerfile).toContain('npm ci');
  const cmd = /^CMD \[(.*)\]$/m.exec(dockerfile)![1];
  const entry = JSON.parse(`[${cmd}]`)[1] as string;
  expect(entry).toBe('server/dist/server/src/main.js');
  expect(fs.existsSync(path.join(REPO_ROOT, 'server', 'src', 'main.ts'))).toBe(true);
});
