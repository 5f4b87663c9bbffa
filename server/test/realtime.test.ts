/**
 * Subscriptions over graphql-ws: authentication in connection_init (4401), per-subscription and per-event
 * permission filtering, resumption from the ledger, and fan-out across two instances through Redis.
 */
import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../src/config/config';
import { startApp } from '../src/app';
import { codeOf, testEnv } from './helpers';
import { newMessage, ok, userIn, worldPerFile } from './workflow-helpers';
import { ownRedis } from './support/processes';
import { disposeEach } from './support/live';

const clients: Client[] = [];
// A Redis namespace of this run's own: parallel runs on the shared Redis never hear each other's events.
const redis = ownRedis();
const { s, w } = worldPerFile(redis.env, {
  beforeClose: () => disposeEach(clients),
  afterClose: redis.clear,
});

function client(url: string, token?: string, onClose?: (code: number) => void): Client {
  const c = createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: { closed: (e) => onClose?.((e as { code: number }).code) },
    onNonLazyError: () => undefined,
  });
  clients.push(c);
  return c;
}

/** Collects the events of a subscription. */
function collect(c: Client, query: string, variables: Record<string, unknown> = {}) {
  const events: any[] = [];
  const errors: any[] = [];
  const stop = c.subscribe(
    { query, variables },
    {
      next: (v) => (v.errors ? errors.push(...v.errors) : events.push(v.data)),
      error: (e) => errors.push(...(Array.isArray(e) ? e : [e])),
      complete: () => undefined,
    },
  );
  return { events, errors, stop };
}
const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
};
const INBOX = `subscription($u: ID!, $after: Int) { assignmentEvents(unitId: $u, afterEventId: $after) { type eventId messageId serialNo title unitIds } }`;
const assign = async (messageId: string, unit: string) =>
  ok(
    s.gql(`mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`, { i: { messageId, leadUnitId: w.unit[unit] } }, w.t.dispatcher),
  );

test('a connection without a valid token is closed with 4401', async () => {
  let code = 0;
  client(s.url, undefined, (c) => {
    code = c;
  });
  await until(() => code !== 0);
  expect(code).toBe(4401);
  let code2 = 0;
  client(s.url, 'not-a-token', (c) => {
    code2 = c;
  });
  await until(() => code2 !== 0);
  expect(code2).toBe(4401);
});

test("a unit's inbox hears its new assignments, and only its own", async () => {
  const c = client(s.url, w.t.handler);
  const sub = collect(c, INBOX, { u: w.unit['hn-cs-zjj'] });
  await new Promise((r) => setTimeout(r, 300));
  const mine = await newMessage(w);
  const other = await newMessage(w);
  await assign(other.id, 'hn-cs-jtj');
  await assign(mine.id, 'hn-cs-zjj');
  await until(() => sub.events.length >= 1);
  await new Promise((r) => setTimeout(r, 300));
  expect(sub.events.map((e) => [e.assignmentEvents.type, e.assignmentEvents.serialNo])).toEqual([['ASSIGNED', mine.serialNo]]);
  sub.stop();
});

test("subscribing to another unit's inbox is FORBIDDEN", async () => {
  const c = client(s.url, w.t.handler);
  const sub = collect(c, INBOX, { u: w.unit['hn-cs-jtj'] });
  await until(() => sub.errors.length > 0);
  expect(sub.errors[0].extensions?.code).toBe('FORBIDDEN');
});

test('errors over WebSocket carry the same codes as over HTTP (an invalid subscription is BAD_USER_INPUT)', async () => {
  const c = client(s.url, w.t.handler);
  const sub = collect(c, `subscription($u: ID!) { assignmentEvents(unitId: $u) { noSuchField } }`, { u: w.unit['hn-cs-zjj'] });
  await until(() => sub.errors.length > 0);
  expect(sub.errors[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(sub.errors[0].message).toMatch(/noSuchField/);
});

test("a message's timeline resumes from the ledger after the last event seen, without duplicates", async () => {
  const m = await newMessage(w);
  await ok(s.gql(`mutation($i: MessageActionInput!) { acceptMessage(input: $i) { message { id } } }`, { i: { messageId: m.id } }, w.t.dispatcher));
  const first = (await ok(s.gql(`query($id: ID!) { message(id: $id) { timeline { nodes { id action } } } }`, { id: m.id }, w.t.dispatcher))).message.timeline
    .nodes;
  const c = client(s.url, w.t.dispatcher);
  const sub = collect(c, `subscription($m: ID!, $after: Int) { messageEvents(messageId: $m, afterEventId: $after) { type eventId } }`, {
    m: m.id,
    after: Number(first[0].id),
  });
  await new Promise((r) => setTimeout(r, 300));
  await assign(m.id, 'hn-cs-zjj');
  await until(() => sub.events.length >= 2);
  await new Promise((r) => setTimeout(r, 300));
  expect(sub.events.map((e) => e.messageEvents.type)).toEqual(['ACCEPTED', 'ASSIGNED']);
  sub.stop();
});

test('two instances on one database and Redis: an assignment made on A reaches the subscriber on B exactly once', async () => {
  const b = await startApp(
    loadConfig(
      testEnv({
        DATABASE_URL: s.config.database.type === 'sqlite' ? `sqlite:${s.config.database.file}` : (s.config.database as { url: string }).url,
        ...redis.env,
        DEMO_DATA: 'false',
      }),
    ),
  );
  try {
    const c = client(b.url, w.t.handler);
    const sub = collect(c, INBOX, { u: w.unit['hn-cs-zjj'] });
    await new Promise((r) => setTimeout(r, 500));
    const m = await newMessage(w);
    await assign(m.id, 'hn-cs-zjj');
    await until(() => sub.events.length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(sub.events.map((e) => e.assignmentEvents.serialNo)).toEqual([m.serialNo]);
    sub.stop();
  } finally {
    await b.stop();
  }
});

test('staff operations over HTTP are unaffected by the WebSocket server', async () => {
  expect(codeOf(await s.gql(`{ me { id } }`, {}, w.t.handler))).toBeUndefined();
  await userIn(w, 'rt.user', 'UNIT_HANDLER', 'hn-cs-zjj');
});

test('an event is worked out once per instance: 300 subscriptions of a unit not yet looked up all hear it, with one unit lookup and one message read', async () => {
  await userIn(w, 'rt.fan.parent', 'UNIT_HANDLER', 'rt-fan', 'hn-cs');
  await userIn(w, 'rt.fan.child', 'UNIT_HANDLER', 'rt-fan-a', 'rt-fan');
  const c = client(s.url, w.t.dispatcher);
  // All at once: the subscriptions share the connection's viewer and one read of the unit.
  const subs = Array.from({ length: 300 }, () => collect(c, INBOX, { u: w.unit['rt-fan'] }));
  // Warm-up on the parent unit until every subscription is live (the parent's path is then known, the child's not).
  for (let round = 0; round < 5 && !subs.every((x) => x.events.length >= 1); round++) {
    await new Promise((r) => setTimeout(r, 300));
    const warm = await newMessage(w);
    await assign(warm.id, 'rt-fan');
    await until(() => subs.every((x) => x.events.length >= 1), 3000);
  }
  for (const x of subs) x.events.length = 0;

  // Count what the realtime service reads while 300 subscriptions hear of an assignment to the child unit.
  const reads: string[] = [];
  const ds = s.app.ds;
  const original = ds.getRepository.bind(ds);
  const spy = jest.spyOn(ds, 'getRepository').mockImplementation(((target: { name?: string }) => {
    if (new Error().stack?.includes('realtime.service')) reads.push(String(target?.name));
    return original(target as never);
  }) as never);
  try {
    const m = await newMessage(w);
    await assign(m.id, 'rt-fan-a');
    await until(() => subs.every((x) => x.events.length >= 1), 15_000);
    await new Promise((r) => setTimeout(r, 300));
    // Before: each subscription looked the unit up and read the message itself; on MySQL 300 queries at once
    // overflowed the pool's queue (200), and those subscriptions silently lost the event.
    for (const x of subs) expect(x.events.map((e) => [e.assignmentEvents.type, e.assignmentEvents.serialNo])).toEqual([['ASSIGNED', m.serialNo]]);
    expect(reads.sort()).toEqual(['Message', 'Unit']);
  } finally {
    spy.mockRestore();
    for (const x of subs) x.stop();
  }
}, 60_000);

test('a crowd of 300 connections at once (clients of an instance that went away) is admitted a few at a time: every one acknowledged and subscribed', async () => {
  // Each connection_init reads the session; 300 reads at once overflowed the pool's queue on MySQL (20 connections,
  // 200 waiting), failing connections and the HTTP requests of the moment. They now wait their turn in the server.
  const codes: number[] = [];
  const auth = s.app.services.auth;
  const read = auth.viewerFromToken.bind(auth);
  let reading = 0;
  let mostAtOnce = 0;
  const spy = jest.spyOn(auth, 'viewerFromToken').mockImplementation(async (token) => {
    mostAtOnce = Math.max(mostAtOnce, ++reading);
    try {
      return await read(token);
    } finally {
      reading--;
    }
  });
  const crowd = Array.from({ length: 300 }, () => {
    const x = { c: null as unknown as Client, acked: false };
    x.c = createClient({
      url: s.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: { authorization: `Bearer ${w.t.handler}` },
      on: {
        connected: () => {
          x.acked = true;
        },
        closed: (e) => codes.push((e as { code: number }).code),
      },
      onNonLazyError: () => undefined,
    });
    clients.push(x.c);
    return x;
  });
  await until(() => codes.length > 0 || crowd.every((x) => x.acked), 30_000);
  spy.mockRestore();
  expect(codes).toEqual([]);
  expect(crowd.filter((x) => !x.acked).length).toBe(0);
  expect(mostAtOnce).toBeLessThanOrEqual(8);
  const subs = crowd.map((x) => collect(x.c, INBOX, { u: w.unit['hn-cs-zjj'] }));
  // Assignments until every subscription has heard one (no subscription is acknowledged by the protocol).
  for (let round = 0; round < 5 && !subs.every((x) => x.events.length >= 1 || x.errors.length); round++) {
    await new Promise((r) => setTimeout(r, 300));
    await assign((await newMessage(w)).id, 'hn-cs-zjj');
    await until(() => subs.every((x) => x.events.length >= 1 || x.errors.length), 3000);
  }
  expect(subs.filter((x) => x.errors.length).map((x) => x.errors[0])).toEqual([]);
  expect(subs.filter((x) => x.events.length === 0).length).toBe(0);
  for (const x of subs) x.stop();
}, 60_000);
