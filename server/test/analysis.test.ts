/**
 * The analysis through the API on the demo organisation: the index follows intake and transitions; similar
 * messages within the viewer's reach; hot problems and the dashboard; the 专报 document; category and lead-unit
 * suggestions and accepting a category (setMessageCategory); reply checks seen by the reviewer; who may ask.
 */
import JSZip from 'jszip';
import { codeOf } from './helpers';
import { mutation, newMessage, ok, worldPerFile } from './workflow-helpers';
import { waitForIndex } from './support/realCorpus';
import { StatementCounter, statementCounterStorage } from '../src/db/dataSource';
import { classSets } from '../src/modules/analysis/analysis.index';

jest.setTimeout(180_000);

const { s, w } = worldPerFile();

const ASSIGN = mutation('assignMessage', 'AssignMessageInput', 'message { state }');
const SIGN = mutation('signAssignment', 'AssignmentActionInput', 'assignment { state }');
const DRAFT = mutation('draftReply', 'DraftReplyInput', 'reply { id state kind qualityFlags { code detail } }');
const SUBMIT = mutation('submitReply', 'SubmitReplyInput', 'reply { id state }');
const INVALID = mutation('markMessageInvalid', 'MarkInvalidInput', 'message { state }');
const CATEGORY = mutation('setMessageCategory', 'SetMessageCategoryInput', 'message { categoryId version }');
const SIMILAR = `query($id: ID!, $first: Int) { similarMessages(messageId: $id, first: $first) { score sharedTerms sharedPlaces sameCitizen sameCluster message { id title } } }`;
const HOT = `query($p: PeriodInput!, $f: HotProblemFilter) { hotProblems(period: $p, filter: $f) { from to totalMessages problems { key label place messages citizens heat growth messageIds representativeTitle } } }`;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

const PLANT =
  '岳麓区望月湖街道金色家园小区旁边新建了一个混凝土搅拌站，每天夜里搅拌机和运输车噪音很大，粉尘满天飞，居民无法开窗，请求岳麓区住建局查处这个搅拌站。';
const plant = (n: number, extra: Record<string, unknown> = {}) =>
  newMessage(w, {
    title: ['金色家园小区旁搅拌站噪音粉尘扰民', '投诉金色家园附近混凝土搅拌站', '金色家园旁搅拌站夜间施工严重扰民'][n % 3],
    content: `${PLANT}${'反映多次了。'.repeat(n % 3)}`,
    phone: `1390000${String(1000 + n)}`,
    realName: `居民${n}`,
    idNumber: undefined,
    ...extra,
  });

test('intake indexes new messages: the similar messages of one are the others about the same matter, with the places they share', async () => {
  const ids = [];
  for (let i = 0; i < 4; i++) ids.push((await plant(i)).id);
  const other = await newMessage(w, {
    title: '咨询公积金贷款额度',
    content: '我在长沙缴纳住房公积金三年，想买第一套房，请问公积金贷款最高能贷多少？',
    phone: '13700001111',
  });
  await waitForIndex(s, w.t.admin);
  const r = await ok(s.gql(SIMILAR, { id: ids[0], first: 10 }, w.t.dispatcher));
  const found = r.similarMessages.map((x: any) => x.message.id);
  expect(found.slice(0, 3).sort()).toEqual(ids.slice(1).sort());
  expect(found).not.toContain(other.id);
  expect(r.similarMessages[0].sharedPlaces).toEqual(expect.arrayContaining(['金色家园']));
  expect(r.similarMessages[0].sharedTerms).toEqual(expect.arrayContaining(['搅拌站']));
  expect(r.similarMessages.every((x: any) => x.sameCitizen === false && x.sameCluster === true)).toBe(true);
  // the same citizen writing again is told apart
  const again = await plant(0, { phone: '13900001000' });
  await waitForIndex(s, w.t.admin);
  const r2 = await ok(s.gql(SIMILAR, { id: ids[0] }, w.t.dispatcher));
  expect(r2.similarMessages.find((x: any) => x.message.id === again.id).sameCitizen).toBe(true);
});

test('hot problems of today: the matter with its place, counts of messages and citizens; a transition (invalid) takes a message out', async () => {
  const before = (await ok(s.gql(HOT, { p: { from: today(), to: today() } }, w.t.supervisor))).hotProblems;
  const problem = before.problems.find((p: any) => p.label.includes('金色家园'));
  expect(problem).toBeDefined();
  expect(problem.messages).toBe(5);
  expect(problem.citizens).toBe(4);
  expect(problem.growth).toBeNull(); // new: nothing the day before
  expect(problem.representativeTitle).toMatch(/金色家园/);
  // the dashboard shows the same problems for its period
  const dash = await ok(s.gql(`{ dashboard(days: 7) { hotProblems { key label messages } } }`, {}, w.t.supervisor));
  expect(dash.dashboard.hotProblems.find((p: any) => p.key === problem.key)?.messages).toBe(5);
  // marking one invalid reaches the index after commit
  await ok(s.gql(INVALID, { i: { messageId: problem.messageIds[4], reason: 'DUPLICATE' } }, w.t.dispatcher));
  await waitForIndex(s, w.t.admin);
  const after = (await ok(s.gql(HOT, { p: { from: today(), to: today() } }, w.t.supervisor))).hotProblems;
  expect(after.problems.find((p: any) => p.key === problem.key).messages).toBe(4);
  expect(after.totalMessages).toBe(before.totalMessages - 1);
  // a region filter that does not hold it, and bad input
  const elsewhere = await ok(s.gql(HOT, { p: { from: today(), to: today() }, f: { regionUnitId: w.unit['hn-cs-ylq'] } }, w.t.supervisor));
  expect(elsewhere.hotProblems.problems).toEqual([]); // the messages name no region
  expect(codeOf(await s.gql(HOT, { p: { from: today(), to: today() }, f: { unitId: '999999' } }, w.t.supervisor))).toBe('BAD_USER_INPUT');
  expect(codeOf(await s.gql(HOT, { p: { from: '2026-02-01', to: '2026-01-01' } }, w.t.supervisor))).toBe('BAD_USER_INPUT');
  // a unit handler sees only what its subtree leads: nothing yet
  const mine = await ok(s.gql(HOT, { p: { from: today(), to: today() } }, w.t.handler));
  expect(mine.hotProblems.problems.find((p: any) => p.key === problem.key)).toBeUndefined();
});

test('专报: the hot problems as a Word document with the table and the summaries; the same scope and errors as the query', async () => {
  const url = `${s.url}/export/hot-problems.docx?from=${today()}&to=${today()}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${w.t.supervisor}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('wordprocessingml');
  const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = xml.replace(/<[^>]+>/g, '');
  expect(text).toContain('热点问题专报');
  expect(text).toContain('金色家园');
  expect(text).toMatch(/热点问题一览/);
  expect(text).toMatch(/共收到留言 \d+ 件/);
  expect((await fetch(url)).status).toBe(401);
  const bad = await fetch(`${s.url}/export/hot-problems.docx?from=x&to=${today()}`, { headers: { authorization: `Bearer ${w.t.supervisor}` } });
  expect(bad.status).toBe(400);
  expect((await bad.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
});

test('category suggestions learn from messages given a category; one click sets it (setMessageCategory) with a ledger row', async () => {
  const cats = (await ok(s.gql(`{ categories(first: 100) { nodes { id name parentId } } }`, {}, w.t.admin))).categories.nodes as Array<{
    id: string;
    name: string;
    parentId: string | null;
  }>;
  const env = cats.find((c) => c.name === '环保' && c.parentId === null)!;
  const draft = { title: '小区旁搅拌站噪音粉尘扰民', content: '小区旁边的混凝土搅拌站日夜生产，噪音和粉尘严重，请求查处。' };
  const SUGGEST = `query($d: DraftTextInput, $id: ID) { categorySuggestions(draft: $d, messageId: $id) { confidence category { id name } path { id } } }`;
  const first = await ok(s.gql(SUGGEST, { d: draft }, w.t.dispatcher));
  expect(first.categorySuggestions).toHaveLength(3);
  const rank = (list: any[]) => list.findIndex((x) => x.path[0].id === env.id);
  // the plant messages are put in the category, one by one, as a dispatcher accepting a suggestion would
  const problem = (await ok(s.gql(HOT, { p: { from: today(), to: today() } }, w.t.supervisor))).hotProblems.problems.find((p: any) =>
    p.label.includes('金色家园'),
  );
  for (const id of problem.messageIds) {
    const m = (await ok(s.gql(`query($id: ID!) { message(id: $id) { version } }`, { id }, w.t.dispatcher))).message;
    const set = await ok(s.gql(CATEGORY, { i: { messageId: id, categoryId: env.id, expectedVersion: m.version } }, w.t.dispatcher));
    expect(set.setMessageCategory.message.categoryId).toBe(env.id);
  }
  await waitForIndex(s, w.t.admin);
  const learned = await ok(s.gql(SUGGEST, { d: draft }, w.t.dispatcher));
  expect(rank(learned.categorySuggestions)).toBe(0);
  if (rank(first.categorySuggestions) === 0) expect(learned.categorySuggestions[0].confidence).toBeGreaterThan(first.categorySuggestions[0].confidence);
  const timeline = await ok(
    s.gql(`query($id: ID!) { message(id: $id) { timeline(first: 20) { nodes { action } } } }`, { id: problem.messageIds[0] }, w.t.dispatcher),
  );
  expect(timeline.message.timeline.nodes.map((n: any) => n.action)).toContain('CATEGORY_SET');
  // errors: exactly one of messageId/draft; an unknown category; a unit handler may not
  expect(codeOf(await s.gql(SUGGEST, {}, w.t.dispatcher))).toBe('BAD_USER_INPUT');
  expect(codeOf(await s.gql(CATEGORY, { i: { messageId: problem.messageIds[0], categoryId: '999999' } }, w.t.dispatcher))).toBe('BAD_USER_INPUT');
  expect(codeOf(await s.gql(SUGGEST, { d: draft }, w.t.handler))).toBe('FORBIDDEN');
});

/** The statements of the last request counted (x-count-sql), in this process. */
let lastCounter: StatementCounter | undefined;
const runCounted = statementCounterStorage.run.bind(statementCounterStorage);
statementCounterStorage.run = ((store: StatementCounter, cb: () => unknown) => {
  lastCounter = store;
  return runCounted(store, cb);
}) as typeof statementCounterStorage.run;

test('the category vocabulary: counted at start-up, served from the cache without waiting, counted again in the background after new training data or when old', async () => {
  await waitForIndex(s, w.t.admin);
  const index = s.app.services.analysisIndex;
  const sets = classSets(await index.categories());
  const roots = sets[0];
  expect(roots.length).toBeGreaterThan(1);
  const until = async (what: string, done: () => Promise<boolean> | boolean) => {
    for (const end = Date.now() + 30_000; !(await done()); await new Promise((r) => setTimeout(r, 100)))
      if (Date.now() > end) throw new Error(`not within 30 s: ${what}`);
  };
  // counted at start-up for every sibling set a suggestion may read, also those no request asked for
  await until('every set counted', () => sets.every((set) => index.cachedVocabulary(set) !== undefined));
  const distinct = async () =>
    Number(
      (
        await s.app.ds.query(`SELECT COUNT(DISTINCT bucket) AS n FROM analysis_category_feature WHERE categoryId IN (${roots.join(',')}) AND weight > 0.000001`)
      )[0].n,
    );
  const draft = { title: '小区旁搅拌站噪音粉尘扰民', content: '小区旁边的混凝土搅拌站日夜生产，噪音和粉尘严重，请求查处。' };
  const suggest = async () => {
    const r = await s.gql(`query($d: DraftTextInput) { categorySuggestions(draft: $d) { category { id } } }`, { d: draft }, w.t.dispatcher, {
      'x-count-sql': '1',
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.categorySuggestions.length).toBeGreaterThan(0);
    return lastCounter!.statements;
  };
  const counting = (statements: string[]) => statements.filter((x) => /COUNT\(DISTINCT/i.test(x));
  let offset = 0;
  index.clock = () => Date.now() + offset;
  try {
    // whatever earlier tests trained, a value older than the refresh interval is brought up to date by a request
    offset += 31_000;
    expect(counting(await suggest())).toEqual([]);
    const before = await distinct();
    await until('the roots counted again', () => index.cachedVocabulary(roots) === before);

    // new training data: a message with words no message had, given a root category
    const m = await newMessage(w, { title: '鼋鼍蛟龙麒麟貔貅', content: '饕餮魑魅魍魉夔牛狻猊睚眦螭吻蒲牢椒图。' });
    await waitForIndex(s, w.t.admin);
    const { version } = (await ok(s.gql(`query($id: ID!) { message(id: $id) { version } }`, { id: m.id }, w.t.dispatcher))).message;
    await ok(s.gql(CATEGORY, { i: { messageId: m.id, categoryId: String(roots[0]), expectedVersion: version } }, w.t.dispatcher));
    await until('trained', async () => (await distinct()) > before);
    const after = await distinct();
    // served the cached value, no count in the request, none started (counted again at most every 30 s after a change)
    expect(counting(await suggest())).toEqual([]);
    expect(index.cachedVocabulary(roots)).toBe(before);
    // 30 s later (the index's clock): the request is served the cached value at once, and the count runs after it
    offset += 31_000;
    const served = await suggest();
    expect(counting(served)).toEqual([]);
    await until('the new vocabulary', () => index.cachedVocabulary(roots) === after);

    // rows this instance did not write (another instance, a rebuild elsewhere) are seen once the value is 5 minutes old
    const used = new Set(
      (await s.app.ds.query(`SELECT DISTINCT bucket FROM analysis_category_feature WHERE categoryId IN (${roots.join(',')})`)).map((r: any) =>
        Number(r.bucket),
      ),
    );
    let bucket = 262143;
    while (used.has(bucket)) bucket--;
    await s.app.ds.query(`INSERT INTO analysis_category_feature (categoryId, bucket, weight) VALUES (${roots[1]}, ${bucket}, 1)`);
    const third = await distinct();
    offset += 60_000;
    await suggest();
    expect(index.cachedVocabulary(roots)).toBe(after);
    offset += 300_000;
    expect(counting(await suggest())).toEqual([]);
    expect(third).toBe(after + 1);
    await until('the value 5 minutes old counted again', () => index.cachedVocabulary(roots) === third);
  } finally {
    index.clock = Date.now;
  }
});

test('lead-unit suggestions: the unit named (short name resolved in the region named), then the unit that led similar messages; with the reasons', async () => {
  const UNITS = `query($id: ID!) { unitSuggestions(messageId: $id) { score unit { id code } reasons { kind text messageIds } } }`;
  const m = await plant(10);
  await waitForIndex(s, w.t.admin);
  const first = (await ok(s.gql(UNITS, { id: m.id }, w.t.dispatcher))).unitSuggestions;
  expect(first[0].unit.code).toBe('hn-cs-ylq-zjj');
  expect(first[0].reasons[0]).toMatchObject({ kind: 'NAMED_IN_TEXT', text: '留言提到「住建局」' });
  expect(first.map((x: any) => x.unit.code)).toContain('hn-cs-ylq');
  // similar messages led by the city's environment bureau make it a candidate too
  const older = (await ok(s.gql(SIMILAR, { id: m.id, first: 3 }, w.t.dispatcher))).similarMessages.map((x: any) => x.message.id);
  for (const id of older.slice(0, 2)) await ok(s.gql(ASSIGN, { i: { messageId: id, leadUnitId: w.unit['hn-cs-sthj'] } }, w.t.dispatcher));
  await waitForIndex(s, w.t.admin);
  const next = await plant(11);
  await waitForIndex(s, w.t.admin);
  const second = (await ok(s.gql(UNITS, { id: next.id }, w.t.dispatcher))).unitSuggestions;
  const env = second.find((x: any) => x.unit.code === 'hn-cs-sthj');
  expect(env).toBeDefined();
  expect(env.reasons[0].kind).toBe('SIMILAR_HANDLED');
  expect(env.reasons[0].messageIds.sort()).toEqual(older.slice(0, 2).sort());
  expect(codeOf(await s.gql(UNITS, { id: next.id }, w.t.handler))).toBe('FORBIDDEN');
  expect(codeOf(await s.gql(UNITS, { id: '999999' }, w.t.dispatcher))).toBe('NOT_FOUND');
});

test('similar messages stay within reach: NOT_FOUND for a message outside it, and only readable messages listed', async () => {
  const problem = (await ok(s.gql(HOT, { p: { from: today(), to: today() } }, w.t.supervisor))).hotProblems.problems.find((p: any) =>
    p.label.includes('金色家园'),
  );
  // the handler's unit (长沙市住建局) leads none of them: outside its reach
  expect(codeOf(await s.gql(SIMILAR, { id: problem.messageIds[0] }, w.t.handler))).toBe('NOT_FOUND');
  const states = await Promise.all(
    problem.messageIds.map(async (id: string) => (await ok(s.gql(`query($id: ID!) { message(id: $id) { id state } }`, { id }, w.t.dispatcher))).message),
  );
  const zjjMessage = states.find((m: any) => m.state === 'RECEIVED' && m.id !== problem.messageIds[0]).id;
  await ok(s.gql(ASSIGN, { i: { messageId: zjjMessage, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
  const visible = await ok(s.gql(SIMILAR, { id: zjjMessage }, w.t.handler));
  const readable = new Set<string>();
  for (const x of visible.similarMessages) readable.add(x.message.id);
  for (const id of readable) expect(codeOf(await s.gql(`query($id: ID!) { message(id: $id) { id } }`, { id }, w.t.handler))).toBeUndefined();
  expect(readable.has(problem.messageIds[0])).toBe(false);
  expect(codeOf(await s.gql(SIMILAR, { id: zjjMessage, first: 0 }, w.t.dispatcher))).toBe('BAD_USER_INPUT');
});

test('reply checks: a draft that does not address the message, gives no result and no contact is flagged for the reviewer; a good one is not', async () => {
  const m = await plant(20);
  await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
  const detail = await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id role } } }`, { id: m.id }, w.t.handler));
  const lead = detail.message.assignments.find((a: any) => a.role === 'LEAD');
  await ok(s.gql(SIGN, { i: { assignmentId: lead.id } }, w.t.handler));
  await waitForIndex(s, w.t.admin);
  const weak = (
    await ok(
      s.gql(
        DRAFT,
        { i: { assignmentId: lead.id, kind: 'FINAL', content: '您好！您的留言已收悉，感谢您的关注与支持。', contactedCitizen: false, resolved: false } },
        w.t.handler,
      ),
    )
  ).draftReply.reply;
  expect(weak.qualityFlags.map((f: any) => f.code).sort()).toEqual(['NOT_ADDRESSED', 'NO_CONTACT', 'NO_OUTCOME']);
  expect(weak.qualityFlags.find((f: any) => f.code === 'NOT_ADDRESSED').detail).toContain('搅拌站');
  await ok(s.gql(SUBMIT, { i: { replyId: weak.id } }, w.t.handler));
  // the reviewer sees the flags in the review queue
  const queue = await ok(s.gql(`{ reviewQueue(first: 50) { nodes { id qualityFlags { code } } } }`, {}, w.t.reviewer));
  const inQueue = queue.reviewQueue.nodes.find((r: any) => r.id === weak.id);
  expect(inQueue.qualityFlags.map((f: any) => f.code)).toContain('NOT_ADDRESSED');
  const good =
    '您好！经现场核查，金色家园小区旁的混凝土搅拌站未取得夜间施工许可，我局已责令其停止夜间生产并落实防尘措施，下一步将会同生态环境部门每周巡查。如有疑问请致电 0731-88886666。';
  const { checkReply } = await import('../src/modules/analysis/replyChecks');
  expect(
    checkReply(
      good,
      [
        { term: '金色家园', weight: 0.5 },
        { term: '搅拌站', weight: 0.5 },
      ],
      0,
    ),
  ).toEqual([]);
});

// Last in the file: it indexes messages a second time (their terms' document frequencies count them twice after it).
test("a batch's indexing: two statements per message (its candidates), its documents and postings written once for the batch, as when each message wrote its own", async () => {
  const IMPORT = 'mutation($i: ImportMessagesInput!) { importMessages(input: $i) { created { id } } }';
  const batch = async (from: number, n: number) =>
    (
      await ok(
        s.gql(
          IMPORT,
          {
            i: {
              messages: Array.from({ length: n }, (_, k) => ({
                channel: 'HOTLINE_12345',
                externalId: `analysis-batch-${from + k}`,
                type: 'COMPLAIN',
                title: ['金色家园小区旁搅拌站噪音粉尘扰民', '望月湖街道路灯不亮'][k % 2],
                content: k % 2 ? `望月湖街道的路灯坏了${k}盏，晚上出行不便，请修复。` : `${PLANT}${'反映多次了。'.repeat(k % 3)}`,
                phone: `1370000${String(from + k).padStart(4, '0')}`,
              })),
            },
          },
          w.t.dispatcher,
        ),
      )
    ).importMessages.created.map((c: any) => Number(c.id));
  const small = await batch(5000, 6);
  const large = await batch(6000, 16);
  await waitForIndex(s, w.t.admin);
  const index = s.app.services.analysisIndex;
  const stored = async (ids: number[]) => {
    const list = ids.join(',');
    return {
      docs: await s.app.ds.query(`SELECT messageId, clusterId, vector FROM analysis_doc WHERE messageId IN (${list}) ORDER BY messageId`),
      postings: await s.app.ds.query(`SELECT messageId, termId, weight FROM analysis_posting WHERE messageId IN (${list}) ORDER BY messageId, termId`),
    };
  };
  const again = async (ids: number[]) => {
    const before = await stored(ids);
    const list = ids.join(',');
    await s.app.ds.query(`DELETE FROM analysis_posting WHERE messageId IN (${list})`);
    await s.app.ds.query(`DELETE FROM analysis_doc WHERE messageId IN (${list})`);
    const counter = new StatementCounter();
    expect(await statementCounterStorage.run(counter, () => index.indexMessages(ids))).toBe(ids.length);
    // the same documents (clusters among the batch's own messages too) and postings as the queue wrote
    const after = await stored(ids);
    expect(after.docs.map((d: any) => [Number(d.messageId), Number(d.clusterId)])).toEqual(
      before.docs.map((d: any) => [Number(d.messageId), Number(d.clusterId)]),
    );
    expect(after.postings.length).toBe(before.postings.length);
    return counter.statements;
  };
  const a = await again(small);
  const b = await again(large);
  // 10 more messages: at most 2 more statements each (the postings read and the candidates' documents), nothing more per batch
  expect(b.length - a.length).toBeLessThanOrEqual(20);
  const inserts = (statements: string[], table: string) => statements.filter((x) => new RegExp(`^INSERT INTO [\`"]?${table}[\`"]? `, 'i').test(x));
  expect(inserts(b, 'analysis_doc')).toHaveLength(1);
  expect(inserts(b, 'analysis_posting')).toHaveLength(1);
});
