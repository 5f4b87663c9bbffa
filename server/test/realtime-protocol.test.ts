/** graphql-ws protocol close codes on /graphql (graphql-transport-ws). */
import WebSocket from 'ws';
import { serverPerFile } from './helpers';

let token: string;
const s = serverPerFile();
beforeAll(async () => {
  token = await s.login('handler');
});

/** Opens a socket, sends the frames in order (waiting for an ack after an init when asked), resolves with the close code. */
function closeCodeAfter(frames: Array<string | 'WAIT_ACK'>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const queue = [...frames];
    const sendUntilWait = () => {
      while (queue.length && queue[0] !== 'WAIT_ACK') ws.send(queue.shift()!);
    };
    ws.on('open', sendUntilWait);
    ws.on('message', (raw) => {
      if (JSON.parse(String(raw)).type === 'connection_ack' && queue[0] === 'WAIT_ACK') {
        queue.shift();
        sendUntilWait();
      }
    });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('socket stayed open'));
    }, 8000);
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
const init = () => JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
const subscribe = (id: string) => JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { reviewQueue { type } }' } });

test('4400 for a malformed message', async () => {
  expect(await closeCodeAfter([init(), 'WAIT_ACK', '{ not json'])).toBe(4400);
});

test('4429 for a second connection_init', async () => {
  expect(await closeCodeAfter([init(), 'WAIT_ACK', init()])).toBe(4429);
});

test('4401 for a subscription before the connection is acknowledged', async () => {
  expect(await closeCodeAfter([subscribe('1')])).toBe(4401);
});

test('4409 when a subscriber id is reused', async () => {
  const reviewer = await s.login('reviewer');
  const initReviewer = JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${reviewer}` } });
  expect(await closeCodeAfter([initReviewer, 'WAIT_ACK', subscribe('same'), subscribe('same')])).toBe(4409);
});

test('4401 when connection_init has no valid token', async () => {
  expect(await closeCodeAfter([JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer nope' } })])).toBe(4401);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const unreachable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });

/** An acknowledged socket; resolves with it and a function giving its close code (0 while open). */
async function ackedSocket(): Promise<{ ws: WebSocket; closed: () => number }> {
  const ws = new WebSocket(`${s.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  let code = 0;
  ws.on('close', (c) => {
    code = c;
  });
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(init()));
    ws.on('message', (raw) => {
      if (JSON.parse(String(raw)).type === 'connection_ack') resolve();
    });
    ws.on('close', (c) => reject(new Error(`closed with ${c}`)));
  });
  return { ws, closed: () => code };
}

test('1013 Try Again Later (which clients retry) when the session cannot be read at connection_init, not a fatal 4500', async () => {
  const spy = jest.spyOn(s.app.services.auth, 'viewerFromToken').mockRejectedValueOnce(unreachable());
  try {
    expect(await closeCodeAfter([init()])).toBe(1013);
  } finally {
    spy.mockRestore();
  }
  expect(await closeCodeAfter([init(), 'WAIT_ACK', '{ not json'])).toBe(4400); // the next connection is served
});

test('subscribe messages use the viewer of connection_init: no session query per subscription', async () => {
  const spy = jest.spyOn(s.app.services.auth, 'viewerFromToken');
  const { ws } = await ackedSocket();
  try {
    const replies: string[] = [];
    ws.on('message', (raw) => replies.push(String(raw)));
    for (let i = 0; i < 5; i++)
      ws.send(JSON.stringify({ id: `s${i}`, type: 'subscribe', payload: { query: `subscription { assignmentEvents(unitId: "${1}") { type } }` } }));
    ws.send(JSON.stringify({ id: 'bad', type: 'subscribe', payload: { query: 'subscription { reviewQueue { type } }' } }));
    // The handler is no reviewer: FORBIDDEN comes back, through the connection's viewer.
    const end = Date.now() + 5000;
    while (!replies.some((r) => r.includes('"bad"')) && Date.now() < end) await sleep(20);
    expect(replies.find((r) => r.includes('"bad"'))).toMatch(/FORBIDDEN/);
    expect(spy).toHaveBeenCalledTimes(1); // connection_init only
  } finally {
    spy.mockRestore();
    ws.close();
  }
});

test('the 30-s session check: a database it cannot reach decides nothing; a session gone closes with 4401', async () => {
  // The check the server schedules for this connection, called here rather than waited for.
  const intervals = jest.spyOn(global, 'setInterval');
  let sock: Awaited<ReturnType<typeof ackedSocket>>;
  let check: () => Promise<void>;
  try {
    sock = await ackedSocket();
    check = intervals.mock.calls.filter(([, ms]) => ms === 30_000).pop()![0] as () => Promise<void>;
  } finally {
    intervals.mockRestore();
  }
  const spy = jest.spyOn(s.app.services.auth, 'viewerFromToken').mockRejectedValueOnce(unreachable());
  try {
    await check();
    await sleep(300);
    expect(sock.closed()).toBe(0);
    spy.mockResolvedValueOnce(null); // logged out, disabled or expired
    await check();
    const end = Date.now() + 5000;
    while (!sock.closed() && Date.now() < end) await sleep(20);
    expect(sock.closed()).toBe(4401);
  } finally {
    spy.mockRestore();
    sock.ws.close();
  }
});
