/**
 * Rate limits shared across instances through Redis (domain.md §10, §13): two server instances on one database and one
 * Redis; a client's per-minute limit and the citizen per-IP limit count calls on both together.
 */
import { startApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { codeOf, startTestServer, testEnv, TestServer } from './helpers';
import { REDIS_URL, clearRedisPrefix, redisTestPrefix } from './support/processes';
import { newApiKey } from './workflow-helpers';

const prefix = redisTestPrefix();
let a: TestServer;
let b: Awaited<ReturnType<typeof startApp>>;

beforeAll(async () => {
  a = await startTestServer({ REDIS_URL, REDIS_KEY_PREFIX: prefix, CITIZEN_OPS_PER_IP_PER_MINUTE: '4' });
  const db = a.config.database.type === 'sqlite' ? `sqlite:${a.config.database.file}` : a.config.database.url;
  b = await startApp(
    loadConfig(testEnv({ DATABASE_URL: db, REDIS_URL, REDIS_KEY_PREFIX: prefix, CITIZEN_OPS_PER_IP_PER_MINUTE: '4', JWT_SECRET: a.config.jwtSecret })),
  );
});
afterAll(async () => {
  await b?.stop();
  await a?.close();
  await clearRedisPrefix(prefix);
});

const call = async (url: string, query: string, variables: Record<string, unknown>, key: string) => {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ query, variables }),
  });
  return { ...(await res.json()), status: res.status } as { data?: any; errors?: any[]; status: number };
};

test("an API client's per-minute limit counts its calls on every instance", async () => {
  const admin = await a.login('admin');
  const { key } = await newApiKey(a, admin, { name: '共享限流', owner: '测试', scopes: ['PUBLIC_READ'], rateLimitPerMinute: 4 });
  const codes = [];
  for (let i = 0; i < 6; i++) codes.push(codeOf((await call(i % 2 ? b.url : a.url, '{ publicUnits { id } }', {}, key)) as never) ?? 'ok');
  expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
});

test('the citizen per-IP limit counts lookups on every instance', async () => {
  const admin = await a.login('admin');
  const { key } = await newApiKey(a, admin, { name: '共享限流2', owner: '测试', scopes: ['MESSAGES_SUBMIT'], rateLimitPerMinute: 1000 });
  const LOOKUP = `query($s: String!, $c: String!) { lookupMessage(credentials: { serialNo: $s, queryCode: $c }) { canRate } }`;
  const codes = [];
  for (let i = 0; i < 6; i++) codes.push(codeOf((await call(i % 2 ? b.url : a.url, LOOKUP, { s: 'WZ20260101000001', c: 'ABCDEFGH' }, key)) as never));
  // four lookups (not found) pass the limit, the next ones on either instance are limited
  expect(codes.slice(4)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  expect(codes.slice(0, 4)).toEqual(Array(4).fill(codes[0]));
  expect(['NOT_FOUND', 'UNAUTHENTICATED']).toContain(codes[0]);
});
