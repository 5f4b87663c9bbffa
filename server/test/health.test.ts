import { startTestServer, TestServer } from './helpers';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s?.close(); });

test('serves /graphql and /healthz over a migrated, demo-seeded database', async () => {
  const health = await fetch(`${s.url}/healthz`);
  expect(await health.json()).toEqual({ status: 'ok' });
  const token = await s.login('admin');
  const r = await s.gql(`{ me { username role unit { name } } units(first: 5) { totalCount nodes { name } } }`, {}, token);
  expect(r.errors).toBeUndefined();
  expect(r.data.me).toMatchObject({ username: 'admin', role: 'PLATFORM_ADMIN' });
  expect(r.data.units.totalCount).toBeGreaterThan(20);
});
