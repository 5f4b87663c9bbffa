/**
 * Slow consumers (docs/realtime.md, "Slow consumers"): a client that stops reading its socket while many events are
 * published is not buffered for without limit. Past REALTIME_MAX_BUFFERED_BYTES not yet taken by the client (ws's
 * `bufferedAmount`), the server writes nothing more to it and closes it with 4008 Slow consumer; the other subscribers
 * of the instance get every event exactly once; the slow client (graphql-ws's own client, retrying as the console's
 * does) reconnects and, resuming from its last event id, catches up with everything it missed.
 */
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import type { Client } from 'graphql-ws';
import { newMessage, ok, userIn, worldPerFile } from './workflow-helpers';
import { ownRedis } from './support/processes';
import { SLOW_CONSUMER_CLOSE_CODE } from '../src/app';

const LIMIT = 64 * 1024;
const sockets: WebSocket[] = [];
const clients: Client[] = [];
const redis = ownRedis();
const { s, w } = worldPerFile(
  { ...redis.env, REALTIME_MAX_BUFFERED_BYTES: String(LIMIT) },
  {
    beforeClose: async () => {
      for (const c of clients) await c.dispose();
      for (const ws of sockets) ws.terminate();
    },
    afterClose: redis.clear,
    timeout: 60_000,
  },
);

const until = async (cond: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
};

const INBOX = `subscription($u: ID!, $after: Int) { assignmentEvents(unitId: $u, afterEventId: $after) { type eventId messageId serialNo title unitIds } }`;

/** A subscriber speaking the protocol itself, reading everything it is sent: the event ids of its `next` messages. */
async function steady(token: string, unitId: string) {
  const ws = new WebSocket(s.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
  sockets.push(ws);
  const ids: number[] = [];
  let acked = false;
  let closed: number | null = null;
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.type === 'connection_ack') acked = true;
    else if (m.type === 'next') ids.push(Number(m.payload.data.assignmentEvents.eventId));
  });
  ws.on('close', (code) => (closed = code));
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await until(() => acked);
  ws.send(JSON.stringify({ id: 'inbox', type: 'subscribe', payload: { query: INBOX, variables: { u: unitId } } }));
  return { ids, closed: () => closed };
}

test('a client that stops reading is closed with 4008 once its backlog passes the bound; the others get every event once; it reconnects and catches up', async () => {
  const unitId = w.unit['hn-cs-zjj'];
  const assign = async (messageId: string) =>
    ok(s.gql(`mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`, { i: { messageId, leadUnitId: unitId } }, w.t.dispatcher));
  // Long titles (100 characters, 300 bytes of UTF-8) make each event a big message.
  const title = (i: number) => `慢速订阅者测试${String(i).padStart(3, '0')}` + '噪'.repeat(90);
  const burst: string[] = [];
  for (let i = 0; i < 40; i++) burst.push((await newMessage(w, { title: title(i) })).id);

  // What the server writes to its sockets: the most any server-side socket held not yet taken by its client.
  const send = WebSocket.prototype.send;
  let maxBuffered = 0;
  let largestWrite = 0;
  const spy = jest.spyOn(WebSocket.prototype, 'send').mockImplementation(function (this: WebSocket, ...args: unknown[]) {
    const r = (send as (...a: unknown[]) => void).apply(this, args);
    if ((this as unknown as { _isServer: boolean })._isServer) {
      maxBuffered = Math.max(maxBuffered, this.bufferedAmount);
      largestWrite = Math.max(largestWrite, typeof args[0] === 'string' ? Buffer.byteLength(args[0]) : 0);
    }
    return r;
  });
  try {
    const tokens = [w.t.handler, await userIn(w, 'slow-h1', 'UNIT_HANDLER', 'hn-cs-zjj'), await userIn(w, 'slow-h2', 'UNIT_HANDLER', 'hn-cs-zjj')];
    const others = await Promise.all(tokens.map((t) => steady(t, unitId)));
    await new Promise((r) => setTimeout(r, 300));
    // A warm-up assignment: every steady subscription is live; its event id is the slow client's resume point.
    await assign((await newMessage(w)).id);
    await until(() => others.every((o) => o.ids.length === 1));
    const resumeFrom = others[0].ids[0];

    // The slow client: graphql-ws's client, retrying as the console's does (admin/src/api/live.ts), with 500
    // subscriptions to the inbox (so ~250 KB a burst event is written to its socket). One of them resumes as an API
    // client does: its variables carry the last event id it has (graphql-ws subscribes again with them after a
    // reconnect). The others, like the console's, subscribe again as they were and reload when the connection is
    // back (`connected` with wasRetry).
    const slowSockets: WebSocket[] = [];
    const closes: Array<{ code: number; reason: string }> = [];
    const connected: boolean[] = [];
    class Recorded extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        slowSockets.push(this);
      }
    }
    const slow = createClient({
      url: s.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: Recorded,
      connectionParams: { authorization: `Bearer ${w.t.handler}` },
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait: () => new Promise((r) => setTimeout(r, 200)),
      on: {
        connected: (_socket, _payload, wasRetry) => connected.push(wasRetry),
        closed: (e) => closes.push({ code: (e as { code: number }).code, reason: String((e as { reason: unknown }).reason) }),
      },
    });
    clients.push(slow);
    const SUBS = 500;
    const got: number[][] = [];
    for (let i = 0; i < SUBS; i++) {
      const ids: number[] = [];
      got.push(ids);
      const variables = { u: unitId, after: i === 0 ? resumeFrom : undefined };
      slow.subscribe<{ assignmentEvents: { eventId: string } }>(
        { query: INBOX, variables },
        {
          next: (v) => {
            const id = Number(v.data!.assignmentEvents.eventId);
            ids.push(id);
            if (i === 0) variables.after = id;
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
    }
    await until(() => connected.length === 1);
    await new Promise((r) => setTimeout(r, 1000)); // every subscription is live

    // It stops reading; 40 assignments go out.
    slowSockets[0].pause();
    const bufferedBefore = maxBuffered;
    for (const id of burst) await assign(id);

    // The others hear every event exactly once, in order.
    await until(() => others.every((o) => o.ids.length === 41));
    await new Promise((r) => setTimeout(r, 500));
    for (const o of others) {
      expect(o.ids.length).toBe(41);
      expect(new Set(o.ids).size).toBe(41);
      expect(o.ids).toEqual([...o.ids].sort((a, b) => a - b));
      expect(o.closed()).toBeNull();
    }
    const burstIds = others[0].ids.slice(1);
    for (const o of others) expect(o.ids.slice(1)).toEqual(burstIds);

    // The server stopped writing to the slow socket at the bound: it never held more than the bound and one message
    // for it, though 40 events × 500 subscriptions (~10 MB) were for it; and it closed it.
    expect(largestWrite).toBeLessThan(2000);
    expect(maxBuffered).toBeLessThanOrEqual(LIMIT + largestWrite);
    expect(bufferedBefore).toBeLessThan(LIMIT);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/^wz_websocket_slow_consumer_closes_total 1$/m);

    // When it reads again, it gets what was written before the bound, in order, then the close: 4008 Slow consumer.
    slowSockets[0].resume();
    await until(() => closes.length >= 1);
    expect(closes[0]).toEqual({ code: SLOW_CONSUMER_CLOSE_CODE, reason: 'Slow consumer' });
    const beforeClose = got.map((ids) => [...ids]);
    // what it had: a beginning of the burst, the same for every subscription, in order; not all of it
    for (const ids of beforeClose) expect(ids).toEqual(burstIds.slice(0, ids.length));
    expect(Math.max(...beforeClose.map((ids) => ids.length))).toBeLessThan(40);

    // graphql-ws's client retries 4008: it reconnects (once: the server takes a normal pace again) and subscribes
    // again; the resuming subscription has every event of the burst exactly once, in order.
    await until(() => connected.length === 2 && got[0].length === 40, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(connected).toEqual([false, true]);
    expect(closes).toHaveLength(1);
    expect(got[0]).toEqual(burstIds);
  } finally {
    spy.mockRestore();
  }
}, 120_000);
