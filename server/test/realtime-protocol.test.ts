/** graphql-ws protocol close codes on /graphql (graphql-transport-ws). */
import WebSocket from 'ws';
import { startTestServer, TestServer } from './helpers';

let s: TestServer;
let token: string;
beforeAll(async () => {
  s = await startTestServer();
  token = await s.login('handler');
});
afterAll(async () => { await s?.close(); });

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
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('socket stayed open')); }, 8000);
    ws.on('close', (code) => { clearTimeout(timer); resolve(code); });
    ws.on('error', (e) => { clearTimeout(timer); reject(e); });
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
