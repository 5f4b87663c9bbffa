/** Scheduled jobs: overdue assignments are marked once (even when runs race), and the timer runs them by itself. */
import { assignTo, newMessage, ok, worldPerFile } from './workflow-helpers';
import { Assignment } from '../src/modules/assignment/assignment.entity';
import { Message } from '../src/modules/message/message.entity';

const { s, w } = worldPerFile({ JOBS_ENABLED: 'true', JOB_INTERVAL_SECONDS: '1' });

const overdueRows = async (messageId: string) =>
  Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM message_event WHERE messageId = ? AND action = 'OVERDUE'`, [Number(messageId)]))[0].n);

async function assignedPastDue(): Promise<string> {
  const m = await newMessage(w);
  await assignTo(w, m.id, 'hn-cs-zjj');
  const past = new Date(Date.now() - 3600_000);
  await s.app.ds.getRepository(Assignment).update({ messageId: Number(m.id) }, { replyDueAt: past, yellowAt: past });
  await s.app.ds.getRepository(Message).update({ id: Number(m.id) }, { replyDueAt: past, yellowAt: past });
  return m.id;
}

test('an overdue assignment is marked once, even when two runs race', async () => {
  const id = await assignedPastDue();
  const [a, b] = await Promise.all([s.app.services.closing.markOverdue(), s.app.services.closing.markOverdue()]);
  // The file's timer (every second) races too and may have marked it first: then both runs find nothing to do.
  expect(a + b).toBeLessThanOrEqual(1);
  await s.app.services.closing.markOverdue();
  expect(await overdueRows(id)).toBe(1);
  const d = (await ok(s.gql(`query($id: ID!) { message(id: $id) { warningLevel assignments { overdueAt warningLevel } } }`, { id }, w.t.handler))).message;
  expect(d.warningLevel).toBe('RED');
  expect(d.assignments[0].warningLevel).toBe('RED');
  expect(d.assignments[0].overdueAt).toBeTruthy();
  const red = (await ok(s.gql(`{ messages(filter: { warningLevel: RED }) { nodes { id } } }`, {}, w.t.dispatcher))).messages.nodes.map((n: any) => n.id);
  expect(red).toContain(id);
  const inboxRed = (await ok(s.gql(`{ inbox(filter: { warningLevel: RED }) { nodes { message { id } } } }`, {}, w.t.handler))).inbox.nodes.map(
    (n: any) => n.message.id,
  );
  expect(inboxRed).toContain(id);
});

test('the in-process scheduler finds overdue work by itself', async () => {
  const id = await assignedPastDue();
  const deadline = Date.now() + 10_000;
  while ((await overdueRows(id)) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(await overdueRows(id)).toBe(1);
});
