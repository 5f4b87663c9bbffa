import net from 'node:net';
import { serverPerFile, startTestServer } from './helpers';

const s = serverPerFile();

test('serves /graphql, /healthz (liveness) and /readyz (database) over a migrated, demo-seeded database', async () => {
  const health = await fetch(`${s.url}/healthz`);
  expect(await health.json()).toEqual({ status: 'ok' });
  const ready = await fetch(`${s.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
  const token = await s.login('admin');
  const r = await s.gql(`{ me { username role unit { name } } units(first: 5) { totalCount nodes { name } } }`, {}, token);
  expect(r.errors).toBeUndefined();
  expect(r.data.me).toMatchObject({ username: 'admin', role: 'PLATFORM_ADMIN' });
  expect(r.data.units.totalCount).toBeGreaterThan(20);
});

test("a kept-alive connection left idle for longer than Node's default 5 s still serves the next request (a proxy in front keeps its connections 60 s)", async () => {
  // One raw TCP connection, two requests on it with an idle gap between them, as a reverse proxy's upstream pool does.
  const sock = net.connect(s.app.port, '127.0.0.1');
  await new Promise<void>((r, j) => {
    sock.once('connect', () => r());
    sock.once('error', j);
  });
  let received = '';
  sock.on('data', (d) => {
    received += d.toString('latin1');
  });
  let closed = false;
  sock.on('close', () => {
    closed = true;
  });
  const ask = async () => {
    const before = received.length;
    sock.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
    for (let i = 0; i < 100 && !received.slice(before).includes('{"status":"ok"}'); i++) await new Promise((r) => setTimeout(r, 50));
    return received.slice(before);
  };
  expect(await ask()).toMatch(/^HTTP\/1\.1 200/);
  await new Promise((r) => setTimeout(r, 6500));
  expect(closed).toBe(false);
  expect(await ask()).toMatch(/^HTTP\/1\.1 200/);
  sock.destroy();
});

/** A TCP relay to the real Redis that the test can cut, as a network failure would. */
async function redisRelay() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(6379, '127.0.0.1');
    for (const sk of [client, upstream]) {
      sockets.add(sk);
      sk.on('error', () => undefined);
      sk.on('close', () => sockets.delete(sk));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut: async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        for (const sk of sockets) sk.destroy();
      });
    },
  };
}

test('/readyz names Redis when it is configured, and says 503 while Redis cannot be reached (liveness stays 200)', async () => {
  const relay = await redisRelay();
  const withRedis = await startTestServer({ REDIS_URL: relay.url, REDIS_KEY_PREFIX: `wz:health:${process.pid}:`, DEMO_DATA: 'false' });
  try {
    const ok = await fetch(`${withRedis.url}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    await relay.cut();
    const down = await fetch(`${withRedis.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', redis: 'unavailable' } });
    expect((await fetch(`${withRedis.url}/healthz`)).status).toBe(200);
  } finally {
    await withRedis.close();
  }
});
