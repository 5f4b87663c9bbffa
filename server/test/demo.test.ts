/** The demo data set: messages in every state with consistent histories, generated through the real workflow. */
import { MoreThan } from 'typeorm';
import { MessageEvent } from '../src/modules/ledger/message-event.entity';
import { monthsBetween, StatisticsVerifier } from '../src/modules/statistics/verify';
import { serverPerFile } from './helpers';

const s = serverPerFile({ DEMO_MESSAGES: '120' }, { timeout: 180_000 });

test('messages cover the states, with a ledger that agrees with each message', async () => {
  const states = await s.app.ds.query(`SELECT state, COUNT(*) AS n FROM message GROUP BY state`);
  const byState = Object.fromEntries(states.map((r: { state: string; n: number }) => [r.state, Number(r.n)]));
  expect(Object.values(byState).reduce((a, b) => a + b, 0)).toBe(120);
  for (const st of ['CLOSED', 'IN_PROGRESS', 'REPLIED', 'INVALID']) expect({ st, n: byState[st] ?? 0 }).toEqual({ st, n: expect.any(Number) });
  expect(byState.CLOSED).toBeGreaterThan(20);
  expect(byState.IN_PROGRESS).toBeGreaterThan(3);
  // Every message starts with CREATED; every closed one has a CLOSED entry; every replied one a REPLY_PUBLISHED entry.
  const missing = await s.app.ds
    .query(`SELECT m.id, m.state FROM message m WHERE NOT EXISTS (SELECT 1 FROM message_event e WHERE e.messageId = m.id AND e.action = 'CREATED')
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

test('every demo role finds work waiting: inbox, reviews, pending requests, supervision, addressed messages, the bell', async () => {
  const t = Object.fromEntries(await Promise.all(['dispatcher', 'handler', 'reviewer', 'supervisor', 'leader'].map(async (u) => [u, await s.login(u)])));
  const q = async (query: string, who: string) => {
    const r = await s.gql(query, {}, t[who]);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  // The handler: new assignments to sign for (one of them handed down from 长沙市), and work in progress.
  const inbox = await q(`{ inbox(first: 100) { nodes { state parentId unit { name } } } unreadNotificationCount }`, 'handler');
  expect(inbox.inbox.nodes.filter((a: any) => a.state === 'PENDING').length).toBeGreaterThanOrEqual(2);
  expect(inbox.inbox.nodes.some((a: any) => a.state === 'PENDING' && a.parentId)).toBe(true);
  expect(inbox.inbox.nodes.some((a: any) => a.state === 'SIGNED')).toBe(true);
  expect(inbox.unreadNotificationCount).toBeGreaterThan(0);
  // Reviews at both levels.
  for (const who of ['reviewer', 'dispatcher']) expect((await q(`{ reviewQueue { totalCount } }`, who)).reviewQueue.totalCount).toBeGreaterThan(0);
  // The dispatcher's pending returns and extensions, each with a reason.
  const pending = (await q(`{ pendingRequests(first: 100) { nodes { kind reason requestedDays } } }`, 'dispatcher')).pendingRequests.nodes;
  expect(pending.filter((p: any) => p.kind === 'RETURN').length).toBeGreaterThanOrEqual(2);
  expect(pending.filter((p: any) => p.kind === 'EXTENSION' && p.requestedDays > 0).length).toBeGreaterThanOrEqual(2);
  expect(pending.every((p: any) => p.reason.length > 5)).toBe(true);
  // The supervisor: open (some overdue) and answered supervisions, and overdue work.
  const sv = await q(
    `{ open: supervisions(filter: { status: OPEN }) { totalCount } overdue: supervisions(filter: { status: OVERDUE }) { totalCount } answered: supervisions(filter: { status: ANSWERED }) { totalCount } red: messages(filter: { warningLevel: RED }) { totalCount } }`,
    'supervisor',
  );
  expect([sv.open.totalCount > sv.overdue.totalCount, sv.overdue.totalCount > 0, sv.answered.totalCount > 0, sv.red.totalCount > 0]).toEqual([
    true,
    true,
    true,
    true,
  ]);
  // The leader: messages addressed to them, one instructed, others waiting for an instruction.
  const mine = (
    await q(`{ messages(filter: { addressedToMe: true }, first: 100) { nodes { availableActions supervisions { kind authorName createdAt } } } }`, 'leader')
  ).messages.nodes;
  const instructed = mine.flatMap((m: any) => m.supervisions).filter((x: any) => x.kind === 'INSTRUCTION' && x.authorName === '长沙市领导');
  expect(instructed.length).toBeGreaterThan(0);
  // Dated when the story says (the workflow's clock), not when the demo was loaded.
  expect(instructed.every((x: any) => Date.parse(x.createdAt) < Date.now() - 86400_000)).toBe(true);
  expect(mine.some((m: any) => m.availableActions.includes('INSTRUCT') && !m.supervisions.some((x: any) => x.kind === 'INSTRUCTION'))).toBe(true);
  // Histories with returns, reassignments, hand-downs, extensions granted and refused, and redos.
  const actions = (await s.app.ds.query(`SELECT DISTINCT action FROM message_event`)).map((r: { action: string }) => r.action);
  expect(actions).toEqual(
    expect.arrayContaining([
      'RETURN_APPROVED',
      'REASSIGNED',
      'DELEGATED',
      'EXTENSION_APPROVED',
      'EXTENSION_REJECTED',
      'REOPENED',
      'SUPERVISION_ANSWERED',
      'INSTRUCTED',
      'URGED',
      'ON_HOLD',
      'RESUMED',
    ]),
  );
  // Finished histories for the statistics: a hand-down answered by the unit below, a redo answered and rated again.
  const [handedDown] = await s.app.ds.query(`SELECT COUNT(*) AS n FROM assignment a WHERE a.parentId IS NOT NULL AND a.repliedAt IS NOT NULL`);
  expect(Number(handedDown.n)).toBeGreaterThan(0);
  const [redone] = await s.app.ds.query(`SELECT COUNT(*) AS n FROM assignment a WHERE a.reopenCount > 0 AND a.repliedAt IS NOT NULL AND a.ratingOverall > 3`);
  expect(Number(redone.n)).toBeGreaterThan(0);
  // A returned message waits for the dispatcher to assign it again.
  const returned = await s.app.ds.query(
    `SELECT COUNT(*) AS n FROM message m WHERE m.state = 'ACCEPTED' AND EXISTS (SELECT 1 FROM assignment a WHERE a.messageId = m.id AND a.state = 'RETURNED')`,
  );
  expect(Number(returned[0].n)).toBeGreaterThan(0);
});

test('statistics:verify finds every figure of the demo data as the ledger says, month by month', async () => {
  const result = await new StatisticsVerifier(s.app.ds, s.app.services).verify(monthsBetween(new Date(Date.now() - 100 * 86400_000), new Date()), new Date());
  expect(result.differences).toEqual([]);
  expect(result.checked).toBeGreaterThan(1000);
});

test('the knowledge base shows articles in force, one waiting for review and the validity warnings', async () => {
  const token = await s.login('dispatcher');
  const r = await s.gql(`{ knowledgeArticles(first: 50) { nodes { title state status warnings } } }`, {}, token);
  expect(r.errors).toBeUndefined();
  const rows: Array<{ title: string; state: string; status: string; warnings: string[] }> = r.data.knowledgeArticles.nodes;
  expect(rows.filter((a) => a.status === 'LIVE').length).toBeGreaterThanOrEqual(4);
  expect(rows.filter((a) => a.state === 'IN_REVIEW').map((a) => a.title)).toEqual(['物业服务收费标准由谁制定']);
  expect(rows.find((a) => a.title === '老年人免费乘坐公交怎样办卡')?.warnings).toEqual(['EXPIRES_SOON']);
  expect(rows.find((a) => a.title === '灵活就业人员如何参加职工养老保险')?.warnings).toEqual(['REVIEW_DUE_SOON']);
  // Every approved article was approved by someone who did not write it.
  const approvals = await s.app.ds.query(`SELECT v.authorId, v.reviewerId FROM knowledge_article_version v WHERE v.state = 'APPROVED'`);
  expect(approvals.length).toBeGreaterThanOrEqual(4);
  for (const a of approvals) expect(Number(a.reviewerId)).not.toBe(Number(a.authorId));
});
