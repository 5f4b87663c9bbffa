/**
 * Shared fan-out (docs/realtime.md, "Fan-out cost"): a subscription's selection is executed once per event for all
 * the subscribers of an instance who would get the same result (same document, variables and visibility), and they
 * are sent the same serialised payload; subscribers who may see differently (another role or unit, other variables,
 * another selection) get their own execution and their own correct result; every event reaches each subscriber once.
 */
import WebSocket from 'ws';
import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import type { ExecutionResult } from 'graphql';
import { newMessage, ok, userIn, worldPerFile } from './workflow-helpers';
import { ownRedis } from './support/processes';
import { SharedSubscriptions } from '../src/graphql/sharedSubscriptions';
import { visibilityKey } from '../src/modules/realtime/realtime.service';
import type { StaffViewer } from '../src/auth/viewer';

const sockets: WebSocket[] = [];
const redis = ownRedis();
const { s, w } = worldPerFile(redis.env, {
  beforeClose: async () => {
    for (const ws of sockets) ws.terminate();
  },
  afterClose: redis.clear,
});

const until = async (cond: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
};

/** A graphql-transport-ws subscriber speaking the protocol itself, keeping every `next` message as the bytes received. */
async function subscriber(token: string, query: string, variables: Record<string, unknown>) {
  const ws = new WebSocket(s.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
  sockets.push(ws);
  const raw: string[] = [];
  const other: any[] = [];
  let acked = false;
  ws.on('message', (data) => {
    const text = String(data);
    const m = JSON.parse(text);
    if (m.type === 'connection_ack') acked = true;
    else if (m.type === 'next') raw.push(text);
    else if (m.type !== 'ping' && m.type !== 'pong') other.push(m);
  });
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await until(() => acked);
  expect(acked).toBe(true);
  ws.send(JSON.stringify({ id: `sub-${sockets.length}`, type: 'subscribe', payload: { query, variables } }));
  return {
    raw,
    other,
    /** The payload of each `next` message exactly as sent (the text after the envelope). */
    payloadTexts: () => raw.map((t) => t.slice(t.indexOf('"payload":') + '"payload":'.length, -1)),
    events: () => raw.map((t) => JSON.parse(t).payload.data?.assignmentEvents),
    close: () => ws.close(),
  };
}

const INBOX = `subscription($u: ID!, $after: Int) { assignmentEvents(unitId: $u, afterEventId: $after) { type eventId messageId serialNo title unitIds } }`;
const assign = async (messageId: string, unit: string) =>
  ok(
    s.gql(`mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`, { i: { messageId, leadUnitId: w.unit[unit] } }, w.t.dispatcher),
  );
/** Lets every subscription get live (the subscribe message is answered by nothing until an event comes). */
const settle = () => new Promise((r) => setTimeout(r, 400));

test('subscribers with the same visibility, document and variables: one execution per event, byte-identical payloads, each event once', async () => {
  const tokens = [w.t.handler];
  for (let i = 0; i < 4; i++) tokens.push(await userIn(w, `fanout-h${i}`, 'UNIT_HANDLER', 'hn-cs-zjj'));
  const fanout = s.app.services.realtime.fanout;
  const direct = fanout.directSubscriptions;
  const subs = await Promise.all(tokens.map((t) => subscriber(t, INBOX, { u: w.unit['hn-cs-zjj'] })));
  await settle();
  // each subscription's messages are written to its socket as the events come, not through graphql-ws's loop
  expect(fanout.directSubscriptions - direct).toBe(subs.length);
  const before = { executions: fanout.executions, deliveries: fanout.deliveries };
  const messages = [await newMessage(w), await newMessage(w), await newMessage(w)];
  for (const m of messages) await assign(m.id, 'hn-cs-zjj');
  await until(() => subs.every((x) => x.raw.length >= 3));
  await settle();

  for (const x of subs) {
    expect(x.other).toEqual([]);
    // every assignment once, in order, with what the subscriber should see
    expect(x.events().map((e) => [e.type, e.serialNo, e.unitIds])).toEqual(messages.map((m) => ['ASSIGNED', m.serialNo, [w.unit['hn-cs-zjj']]]));
    expect(new Set(x.events().map((e) => e.eventId)).size).toBe(3);
  }
  // the same bytes for everyone (only the envelope's subscription id differs)
  for (const x of subs.slice(1)) expect(x.payloadTexts()).toEqual(subs[0].payloadTexts());
  expect(fanout.deliveries - before.deliveries).toBe(3 * subs.length);
  expect(fanout.executions - before.executions).toBe(3);
  for (const x of subs) x.close();
});

test('subscribers who may see differently, or ask differently, get their own execution and their own result', async () => {
  const unit = w.unit['hn-cs-zjj'];
  const h2 = await userIn(w, 'fanout-v-h2', 'UNIT_HANDLER', 'hn-cs-zjj');
  const sameA = await subscriber(w.t.handler, INBOX, { u: unit });
  const sameB = await subscriber(h2, INBOX, { u: unit });
  // the platform office (no unit scope) following the same inbox with the same document and variables
  const platform = await subscriber(w.t.dispatcher, INBOX, { u: unit });
  // the unit's reviewer: same unit, another role
  const reviewer = await subscriber(w.t.reviewer, INBOX, { u: unit });
  const m = await newMessage(w);
  const timeline = (await ok(s.gql(`query($id: ID!) { message(id: $id) { timeline { nodes { id } } } }`, { id: m.id }, w.t.dispatcher))).message.timeline.nodes;
  // a handler with other variables (resuming after the latest ledger entry: nothing to replay, the same live events)
  const otherVariables = await subscriber(w.t.handler, INBOX, { u: unit, after: Number(timeline[timeline.length - 1].id) });
  // a handler with another selection
  const otherDocument = await subscriber(h2, `subscription($u: ID!) { assignmentEvents(unitId: $u) { serialNo type } }`, { u: unit });
  await settle();
  const fanout = s.app.services.realtime.fanout;
  const before = { executions: fanout.executions, deliveries: fanout.deliveries };
  await assign(m.id, 'hn-cs-zjj');
  const all = [sameA, sameB, platform, reviewer, otherVariables, otherDocument];
  await until(() => all.every((x) => x.raw.length >= 1));
  await settle();

  const expected = { type: 'ASSIGNED', messageId: m.id, serialNo: m.serialNo, unitIds: [unit] };
  for (const x of [sameA, sameB, platform, reviewer, otherVariables]) {
    expect(x.other).toEqual([]);
    expect(x.events()).toHaveLength(1);
    expect(x.events()[0]).toMatchObject(expected);
  }
  expect(otherDocument.events()).toEqual([{ serialNo: m.serialNo, type: 'ASSIGNED' }]);
  expect(sameB.payloadTexts()).toEqual(sameA.payloadTexts());
  // handlers A and B share one execution; the platform, the reviewer, other variables, other selection: one each
  expect(fanout.deliveries - before.deliveries).toBe(6);
  expect(fanout.executions - before.executions).toBe(5);
  for (const x of all) x.close();
});

test("the visibility key tells apart every difference in reach (role, unit, leader), never a user's own id", () => {
  const v = (over: Partial<StaffViewer>): StaffViewer => ({
    kind: 'staff',
    userId: 1,
    username: 'u',
    role: 'UNIT_HANDLER' as StaffViewer['role'],
    unitId: 4,
    unitPath: '/1/4/',
    leaderId: null,
    sessionId: 's',
    mustChangePassword: false,
    ...over,
  });
  const base = visibilityKey(v({}));
  expect(visibilityKey(v({ userId: 2, username: 'other', sessionId: 't' }))).toBe(base);
  for (const other of [
    v({ role: 'UNIT_REVIEWER' as StaffViewer['role'] }),
    v({ unitId: 5, unitPath: '/1/4/5/' }),
    v({ unitId: 1, unitPath: '/1/' }),
    v({ role: 'DISPATCHER' as StaffViewer['role'] }),
    v({ role: 'LEADER' as StaffViewer['role'], leaderId: 7 }),
    v({ mustChangePassword: true }),
  ])
    expect(visibilityKey(other)).not.toBe(base);
  expect(visibilityKey(v({ role: 'LEADER' as StaffViewer['role'], leaderId: 7 }))).not.toBe(
    visibilityKey(v({ role: 'LEADER' as StaffViewer['role'], leaderId: 8 })),
  );
  expect(visibilityKey(null)).not.toBe(base);
});

test('a field masked by the viewer: each visibility gets its own result, never another one’s', async () => {
  // A schema whose event carries private data shown in full to the platform and masked for a unit: what a shared
  // execution must never mix up.
  type Ctx = { role: string; unit: string };
  const event = new GraphQLObjectType({
    name: 'Event',
    fields: {
      title: { type: GraphQLString },
      phone: { type: GraphQLString, resolve: (e: { phone: string }, _a, ctx: Ctx) => (ctx.role === 'PLATFORM' ? e.phone : `${e.phone.slice(0, 3)}****`) },
    },
  });
  const listeners = new Set<(e: object) => void>();
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        events: {
          type: event,
          subscribe: async function* () {
            const queue: object[] = [];
            let wake: (() => void) | null = null;
            const l = (e: object) => {
              queue.push(e);
              wake?.();
            };
            listeners.add(l);
            try {
              for (;;) {
                while (!queue.length) await new Promise<void>((r) => (wake = r));
                yield queue.shift()!;
              }
            } finally {
              listeners.delete(l);
            }
          },
          resolve: (e: object) => e,
        },
      },
    }),
  });
  const shared = new SharedSubscriptions((ctx) => `${(ctx as Ctx).role}|${(ctx as Ctx).unit}`);
  const query = `subscription { events { title phone } }`;
  const viewers: Ctx[] = [
    { role: 'PLATFORM', unit: '/1/' },
    { role: 'UNIT', unit: '/1/4/' },
    { role: 'UNIT', unit: '/1/4/' },
    { role: 'PLATFORM', unit: '/1/' },
  ];
  const streams = await Promise.all(viewers.map((contextValue) => shared.subscribe({ schema, document: parse(query), contextValue })));
  const iterators = streams.map((x) => (x as AsyncGenerator<ExecutionResult>)[Symbol.asyncIterator]());
  const pending = iterators.map((it) => it.next());
  await new Promise((r) => setTimeout(r, 10));
  const happened = { title: 't', phone: '13812345678' }; // one event object handed to every subscription, as the bus does
  for (const l of listeners) l(happened);
  const results = (await Promise.all(pending)).map((r) => r.value as ExecutionResult);
  expect(results.map((r) => r.data)).toEqual([
    { events: { title: 't', phone: '13812345678' } },
    { events: { title: 't', phone: '138****' } },
    { events: { title: 't', phone: '138****' } },
    { events: { title: 't', phone: '13812345678' } },
  ]);
  expect(shared.executions).toBe(2);
  expect(results[2]).toBe(results[1]);
  expect(results[3]).toBe(results[0]);
  // and each payload is serialised once, the same text in every envelope
  const texts = results.map((r, i) => {
    const payload = shared.payload(r, (x) => x);
    return shared.wire(JSON.stringify({ id: `s${i}`, type: 'next', payload }, shared.replacer)) as string;
  });
  expect(texts.map((t) => JSON.parse(t))).toEqual(results.map((r, i) => ({ id: `s${i}`, type: 'next', payload: r })));
  expect(texts[1].slice(texts[1].indexOf('"payload"'))).toBe(texts[2].slice(texts[2].indexOf('"payload"')));
  for (const it of iterators) await it.return?.();
  expect(listeners.size).toBe(0);
});
