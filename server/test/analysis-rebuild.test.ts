/**
 * `npm run analysis:rebuild` beside running servers (docs/analysis.md, "Rebuilding"): the rebuild writes the whole index
 * anew; a server that starts or takes a new message meanwhile keeps its indexing queued until the rebuild is over, so
 * the rebuild does not end on a duplicate row and nothing is indexed twice or left out.
 */
import { AnalysisIndex } from '../src/modules/analysis/analysis.index';
import { AnalysisQueue } from '../src/modules/analysis/analysis.queue';
import { indexMissing, rebuildAnalysis } from '../src/modules/analysis/analysis.rebuild';
import { beatRebuild, endRebuild, rebuildRunning, STALE_MS } from '../src/modules/analysis/analysis.rebuildMarker';
import { newMessage, ok, worldPerFile } from './workflow-helpers';

jest.setTimeout(120_000);

const { s, w } = worldPerFile();

const queue = () => s.app.services.analysis.queue;
async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
const count = async (sql: string) => Number((await s.app.ds.query(sql))[0].n);

test('a message taken while the rebuild runs is indexed once, after it; the rebuild completes', async () => {
  const texts = [
    ['小区门口道路破损积水', '小区门口的道路坑洼不平已有两个月，雨天积水严重，请尽快修复。'],
    ['混凝土搅拌站噪音扰民', '小区旁边的混凝土搅拌站每天夜里施工，噪音和粉尘让居民无法休息。'],
    ['公积金提取咨询', '请问离职后住房公积金怎么提取，需要哪些材料？'],
  ];
  for (let i = 0; i < 12; i++) {
    const [title, content] = texts[i % texts.length];
    await newMessage(w, { title: `${title}（${i}）`, content });
  }
  expect(await until(() => queue().pending === 0, 20_000)).toBe(true);

  let during: { id: string } | null = null;
  let indexedDuring = -1;
  const report = await rebuildAnalysis(s.app.ds, new AnalysisIndex(s.app.ds), async (line) => {
    if (during || !line.startsWith('terms:')) return;
    // between the rebuild's two passes a citizen writes in: the server must not index it now
    expect(await rebuildRunning(s.app.ds)).toBe(true);
    during = await newMessage(w, { title: '搅拌站夜间施工噪音扰民', content: '混凝土搅拌站夜里还在施工，噪音太大，请管一管。' });
    expect(await queue().catchUp()).toBe(0); // a server starting now picks up nothing either
    await new Promise((r) => setTimeout(r, 500));
    indexedDuring = await count(`SELECT COUNT(*) AS n FROM analysis_doc WHERE messageId = ${Number(during.id)}`);
  });
  expect(indexedDuring).toBe(0);
  expect(await rebuildRunning(s.app.ds)).toBe(false);
  const messages = await count('SELECT COUNT(*) AS n FROM message');
  expect(report.messages).toBe(messages);
  // the queue held back indexes what the rebuild already wrote no second time
  expect(await until(() => queue().pending === 0, 20_000)).toBe(true);
  expect(await count('SELECT COUNT(*) AS n FROM analysis_doc')).toBe(messages);
  expect(await count('SELECT COUNT(*) AS n FROM (SELECT messageId FROM analysis_doc GROUP BY messageId HAVING COUNT(*) > 1) d')).toBe(0);
  // and the index answers: the new message finds the earlier ones about the same plant
  const similar = (await ok(s.gql(`query($id: ID!) { similarMessages(messageId: $id, first: 5) { message { title } } }`, { id: during!.id }, w.t.dispatcher)))
    .similarMessages;
  expect(similar.map((x: any) => x.message.title).some((t: string) => t.startsWith('混凝土搅拌站噪音扰民'))).toBe(true);
});

test('a rebuild that died (no heartbeat for minutes) holds nothing back', async () => {
  await beatRebuild(s.app.ds, new Date(Date.now() - STALE_MS - 1000));
  expect(await rebuildRunning(s.app.ds)).toBe(false);
  const m = await newMessage(w, { title: '路灯不亮', content: '小区北门的路灯坏了一个月，晚上出行不安全。' });
  expect(await until(async () => (await count(`SELECT COUNT(*) AS n FROM analysis_doc WHERE messageId = ${Number(m.id)}`)) === 1, 20_000)).toBe(true);
  await endRebuild(s.app.ds);
});

test('--missing indexes only the messages without an analysis row, keeps the rest, and is refused while a rebuild runs', async () => {
  expect(await until(() => queue().pending === 0, 20_000)).toBe(true);
  const messages = await count('SELECT COUNT(*) AS n FROM message');
  const before: Array<{ messageId: number; clusterId: number; vector: string }> = await s.app.ds.query(
    'SELECT messageId, clusterId, vector FROM analysis_doc ORDER BY messageId',
  );
  expect(before.length).toBe(messages);
  // three messages lose their rows (as if taken while no server indexed them), among them the newest
  const lost = before.slice(-3).map((d) => d.messageId);
  for (const table of ['analysis_posting', 'analysis_doc']) await s.app.ds.query(`DELETE FROM ${table} WHERE messageId IN (${lost.join(',')})`);
  expect(await count('SELECT COUNT(*) AS n FROM analysis_doc')).toBe(messages - 3);

  // refused while a rebuild runs: the rebuild indexes everything
  await beatRebuild(s.app.ds);
  await expect(indexMissing(s.app.ds, new AnalysisIndex(s.app.ds))).rejects.toThrow(/rebuild/);
  await endRebuild(s.app.ds);

  const report = await indexMissing(s.app.ds, new AnalysisIndex(s.app.ds));
  expect(report.indexed).toBe(3);
  const after: typeof before = await s.app.ds.query('SELECT messageId, clusterId, vector FROM analysis_doc ORDER BY messageId');
  expect(after.map((d) => d.messageId)).toEqual(before.map((d) => d.messageId));
  // the others are untouched; the three are indexed again with their postings
  expect(after.filter((d) => !lost.includes(d.messageId))).toEqual(before.filter((d) => !lost.includes(d.messageId)));
  for (const id of lost) expect(await count(`SELECT COUNT(*) AS n FROM analysis_posting WHERE messageId = ${id}`)).toBeGreaterThan(0);
  // a second run finds nothing to do
  expect((await indexMissing(s.app.ds, new AnalysisIndex(s.app.ds))).indexed).toBe(0);
});

test("a queue that starts counts its catch-up as pending until it has queued what it found (the bench's drained backlog)", async () => {
  expect(await until(() => queue().pending === 0, 20_000)).toBe(true);
  // two of the newest messages lose their rows (a server stopped with them queued): the next start's catch-up finds them
  const lost: number[] = (await s.app.ds.query('SELECT messageId FROM analysis_doc ORDER BY messageId DESC LIMIT 2')).map((d: { messageId: number }) =>
    Number(d.messageId),
  );
  for (const table of ['analysis_posting', 'analysis_doc']) await s.app.ds.query(`DELETE FROM ${table} WHERE messageId IN (${lost.join(',')})`);
  const started = new AnalysisQueue(s.app.ds, new AnalysisIndex(s.app.ds), { warn: () => undefined, error: () => undefined });
  expect(started.pending).toBe(0); // not started: nothing under way
  try {
    started.start();
    // right after the start, before the segmenter is loaded and the catch-up has looked: under way, not 0
    expect(started.pending).toBe(1);
    expect(await until(() => started.pending === 0, 20_000)).toBe(true);
    expect(await count(`SELECT COUNT(*) AS n FROM analysis_doc WHERE messageId IN (${lost.join(',')})`)).toBe(2);
  } finally {
    await started.stop();
  }
});
