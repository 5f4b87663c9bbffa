/** The demo data set: messages in every state with consistent histories, generated through the real workflow. */
import { MoreThan } from 'typeorm';
import { MessageEvent } from '../src/modules/ledger/message-event.entity';
import { startTestServer, TestServer } from './helpers';

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ DEMO_MESSAGES: '120' }); }, 180_000);
afterAll(async () => { await s?.close(); });

test('messages cover the states, with a ledger that agrees with each message', async () => {
  const states = await s.app.ds.query(`SELECT state, COUNT(*) AS n FROM message GROUP BY state`);
  const byState = Object.fromEntries(states.map((r: { state: string; n: number }) => [r.state, Number(r.n)]));
  expect(Object.values(byState).reduce((a, b) => a + b, 0)).toBe(120);
  for (const st of ['CLOSED', 'IN_PROGRESS', 'REPLIED', 'INVALID']) expect({ st, n: byState[st] ?? 0 }).toEqual({ st, n: expect.any(Number) });
  expect(byState.CLOSED).toBeGreaterThan(20);
  expect(byState.IN_PROGRESS).toBeGreaterThan(3);
  // Every message starts with CREATED; every closed one has a CLOSED entry; every replied one a REPLY_PUBLISHED entry.
  const missing = await s.app.ds.query(`SELECT m.id, m.state FROM message m WHERE NOT EXISTS (SELECT 1 FROM message_event e WHERE e.messageId = m.id AND e.action = 'CREATED')
    OR (m.state = 'CLOSED' AND NOT EXISTS (SELECT 1 FROM message_event e WHERE e.messageId = m.id AND e.action IN ('CLOSED')))
    OR (m.state IN ('REPLIED','CLOSED') AND NOT EXISTS (SELECT 1 FROM message_event e WHERE e.messageId = m.id AND e.action = 'REPLY_PUBLISHED'))`);
  expect(missing).toEqual([]);
  // Histories lie in the past and in order.
  expect(await s.app.ds.getRepository(MessageEvent).countBy({ createdAt: MoreThan(new Date(Date.now() + 60_000)) })).toBe(0);
  // Some open work is overdue, as on a real platform.
  const token = await s.login('dispatcher');
  const red = await s.gql(`{ messages(filter: { warningLevel: RED }) { totalCount } }`, {}, token);
  expect(red.data.messages.totalCount).toBeGreaterThan(0);
});
