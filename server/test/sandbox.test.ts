/**
 * The API sandbox (issue 18, item 4): a sandbox key's submission is answered by a simulated unit within seconds, so an
 * integrator tries look-up, rating and redo end to end in well under a minute; the same rules and errors as a live
 * key; nothing of it reaches staff (lists, inbox, dashboard, statistics, exports, notifications) or the public lists,
 * and sandbox and live messages never reach each other.
 */
import { DEMO_API_KEY, DEMO_SANDBOX_KEY } from '../src/demo/seed';
import { codeOf, GqlResult, serverPerFile } from './helpers';
import { newApiKey, ok } from './workflow-helpers';

let dispatcher: string;
let handler: string;
const sandbox = (query: string, variables: Record<string, unknown>, key = DEMO_SANDBOX_KEY) => s.gql(query, variables, null, { 'x-api-key': key });
const SUBMIT = `mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo queryCode deduplicated } }`;
const VIEW = `canRate canRequestRedo progress { at step } message { serialNo status notAcceptedReason mergedIntoSerialNo handlingUnit { name } replies { kind content unitName } evaluation { overall band } }`;
const LOOKUP = `query($c: CitizenCredentials!) { lookupMessage(credentials: $c) { ${VIEW} } }`;
const RATE = `mutation($i: RateMessageInput!) { rateMessage(input: $i) { ${VIEW} } }`;
const REDO = `mutation($i: RequestRedoInput!) { requestRedo(input: $i) { ${VIEW} } }`;
let n = 0;
const message = (extra: Record<string, unknown> = {}) => ({
  externalId: `sb-${++n}`,
  type: 'COMPLAIN',
  title: '测试：小区路灯不亮',
  content: '这是接入测试留言：小区门口的路灯坏了，请尽快修复。电话 13912345678。',
  realName: '测试员',
  phone: '13900000009',
  isPublic: true,
  ...extra,
});
const creds = (m: { serialNo: string; queryCode: string }) => ({ serialNo: m.serialNo, queryCode: m.queryCode });
const reason = (r: GqlResult) => ({ code: codeOf(r), reason: r.errors?.[0]?.extensions?.reason });

/** Everything staff and the public lists show, to compare before and after the sandbox is used. */
async function staffSnapshot() {
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  const gql = async (q: string, token: string) => await ok(s.gql(q, {}, token));
  const csv = async (path: string) => (await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${dispatcher}` } })).text();
  return {
    rows: Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM message`))[0].n),
    ledger: Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM message_event`))[0].n),
    messages: (await gql(`{ messages(first: 100) { totalCount nodes { serialNo state } } }`, dispatcher)).messages,
    inbox: (await gql(`{ inbox(first: 100) { totalCount } }`, handler)).inbox.totalCount,
    dashboard: await gql(`{ dashboard { awaitingScreening open overdue dueSoon trend { received } } }`, dispatcher),
    statistics: await gql(`{ statistics(period: { from: "${month}-01", to: "${month}-28" }, groupBy: ALL) { received assigned replied } }`, dispatcher),
    notifications: (await gql(`{ notifications(first: 100) { totalCount } }`, handler)).notifications.totalCount,
    ledgerCsv: await csv('/export/messages.csv'),
    statisticsCsv: await csv(`/export/statistics.csv?from=${month}-01&to=${month}-28&groupBy=UNIT`),
    publicList: (await ok(s.gql(`{ publicMessages(first: 100) { totalCount nodes { serialNo } } }`, {}, null, { 'x-api-key': DEMO_API_KEY }))).publicMessages,
  };
}

const s = serverPerFile({ DEMO_MESSAGES: '12', CITIZEN_OPS_PER_IP_PER_MINUTE: '1000' });
beforeAll(async () => {
  dispatcher = await s.login('dispatcher');
  handler = await s.login('handler');
});

test('a sandbox submission is answered within seconds; look-up, rating and redo work end to end within a minute; nothing reaches staff or the public', async () => {
  const before = await staffSnapshot();
  const started = Date.now();
  const m = (await ok(sandbox(SUBMIT, { i: message() }))).submitMessage;
  expect(m.serialNo).toMatch(/^WZ\d{8}9\d{6}$/);
  expect(m.queryCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  const c = creds(m);
  // Before the answer: the same refusal a live key gets.
  expect(reason(await sandbox(RATE, { i: { ...c, resolution: 5, attitude: 5, speed: 5 } }))).toEqual({ code: 'INVALID_TRANSITION', reason: 'NOT_ANSWERED' });
  const statuses = new Set<string>();
  let view: any;
  for (;;) {
    view = (await ok(sandbox(LOOKUP, { c }))).lookupMessage;
    statuses.add(view.message.status);
    if (view.canRate || Date.now() - started > 30_000) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const answeredAfter = Date.now() - started;
  expect(view.canRate).toBe(true);
  expect(answeredAfter).toBeLessThan(15_000); // four steps of SANDBOX_STEP_SECONDS (2)
  expect([...statuses]).toEqual(expect.arrayContaining(['RECEIVED', 'HANDLING', 'REPLIED']));
  expect(view.progress.map((p: any) => p.step)).toEqual(['留言已提交', '已受理', '已交办至沙箱模拟单位', '承办单位已签收，正在办理', '已答复']);
  expect(view.message.handlingUnit).toEqual({ name: '沙箱模拟单位' });
  expect(view.message.replies).toEqual([expect.objectContaining({ kind: 'FINAL', unitName: '沙箱模拟单位' })]);
  expect(view.message.replies[0].content).toContain('沙箱');
  // Look-up with the code typed loosely, as a citizen would.
  expect(
    (await ok(sandbox(LOOKUP, { c: { serialNo: ` ${m.serialNo.toLowerCase()}`, queryCode: `${m.queryCode.toLowerCase()} ` } }))).lookupMessage.message.serialNo,
  ).toBe(m.serialNo);

  // Rate low (2, 2, 3: 2.33): closed, and a redo may be asked.
  const rated = (await ok(sandbox(RATE, { i: { ...c, resolution: 2, attitude: 2, speed: 3, comment: '测试评价' } }))).rateMessage;
  expect({ status: rated.message.status, evaluation: rated.message.evaluation, canRequestRedo: rated.canRequestRedo }).toEqual({
    status: 'CLOSED',
    evaluation: { overall: 2.33, band: 'BASICALLY_SATISFIED' },
    canRequestRedo: true,
  });
  expect(reason(await sandbox(RATE, { i: { ...c, resolution: 1, attitude: 1, speed: 1 } }))).toEqual({ code: 'INVALID_TRANSITION', reason: 'ALREADY_CLOSED' });
  const redone = (await ok(sandbox(REDO, { i: { ...c, reason: '测试重办' } }))).requestRedo;
  expect({ status: redone.message.status, canRate: redone.canRate, canRequestRedo: redone.canRequestRedo }).toEqual({
    status: 'HANDLING',
    canRate: false,
    canRequestRedo: false,
  });
  expect(reason(await sandbox(REDO, { i: { ...c, reason: '再来一次' } }))).toEqual({ code: 'INVALID_TRANSITION', reason: 'BEING_REDONE' });
  for (;;) {
    view = (await ok(sandbox(LOOKUP, { c }))).lookupMessage;
    if (view.canRate || Date.now() - started > 45_000) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(view.message.status).toBe('REPLIED');
  expect(view.message.replies).toHaveLength(2);
  expect(view.progress.map((p: any) => p.step).slice(5)).toEqual(['您已评价', '已办结', '已重新办理', '已答复']);
  expect(reason(await sandbox(REDO, { i: { ...c, reason: '还要重办' } }))).toEqual({ code: 'INVALID_TRANSITION', reason: 'REDO_USED' });
  const final = (await ok(sandbox(RATE, { i: { ...c, resolution: 5, attitude: 4, speed: 4 } }))).rateMessage;
  expect({ status: final.message.status, overall: final.message.evaluation.overall }).toEqual({ status: 'CLOSED', overall: 4.33 });
  expect(Date.now() - started).toBeLessThan(60_000);

  // Nothing of it reached staff, the statistics, the exports or the public lists; the private data is not even kept.
  expect(await staffSnapshot()).toEqual(before);
  const stored = JSON.stringify(await s.app.ds.query(`SELECT * FROM sandbox_message`));
  expect(stored).not.toMatch(/13900000009|测试员/);
});

test('a sandbox key reaches only its own sandbox messages; a live key never reaches them, nor the other way', async () => {
  const before = await staffSnapshot();
  const mine = (await ok(sandbox(SUBMIT, { i: message() }))).submitMessage;
  expect(await staffSnapshot()).toEqual(before);
  const live = (await ok(s.gql(SUBMIT, { i: message() }, null, { 'x-api-key': DEMO_API_KEY }))).submitMessage;
  // The snapshot does see a live submission (it is not blind): rows, ledger, the staff list and the dashboard change.
  const after = await staffSnapshot();
  expect({ rows: after.rows, ledger: after.ledger, listed: after.messages.totalCount }).toEqual({
    rows: before.rows + 1,
    ledger: before.ledger + 1,
    listed: before.messages.totalCount + 1,
  });
  expect(after.dashboard).not.toEqual(before.dashboard);
  expect(live.serialNo).not.toMatch(/^WZ\d{8}9\d{6}$/);
  expect(codeOf(await s.gql(LOOKUP, { c: creds(mine) }, null, { 'x-api-key': DEMO_API_KEY }))).toBe('NOT_FOUND');
  expect(codeOf(await sandbox(LOOKUP, { c: creds(live) }))).toBe('NOT_FOUND');
  const admin = await s.login('admin');
  const other = await newApiKey(s, admin, { name: '另一个沙箱', owner: '测试', scopes: ['MESSAGES_SUBMIT', 'PUBLIC_READ'], sandbox: true });
  expect(other.client.sandbox).toBe(true);
  expect(codeOf(await sandbox(LOOKUP, { c: creds(mine) }, other.key))).toBe('NOT_FOUND');
  // Public reads with a sandbox key are the real public data; sandbox messages are never public.
  expect(codeOf(await sandbox(`query($s: String!) { publicMessage(serialNo: $s) { title } }`, { s: mine.serialNo }))).toBe('NOT_FOUND');
  expect((await ok(sandbox(`{ publicCategories { id } }`, {}))).publicCategories.length).toBeGreaterThan(5);
});

test('a sandbox submission is idempotent on the externalId and checked like a live one; the title picks a refusal or a merge', async () => {
  const i = message();
  const first = (await ok(sandbox(SUBMIT, { i }))).submitMessage;
  expect((await ok(sandbox(SUBMIT, { i }))).submitMessage).toEqual({ ...first, deduplicated: true });
  expect(codeOf(await sandbox(SUBMIT, { i: { ...i, content: `${i.content}补充。` } }))).toBe('CONFLICT');
  const badPhone = await sandbox(SUBMIT, { i: message({ phone: '12345' }) });
  expect({ code: codeOf(badPhone), field: badPhone.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'phone' });
  expect(codeOf(await sandbox(SUBMIT, { i: message({ regionUnitId: '999999' }) }))).toBe('BAD_USER_INPUT');

  const wait = async (m: { serialNo: string; queryCode: string }, status: string) => {
    const c = creds(m);
    for (let k = 0; k < 40; k++) {
      const v = (await ok(sandbox(LOOKUP, { c }))).lookupMessage;
      if (v.message.status === status) return v;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`never ${status}`);
  };
  const refused = (await ok(sandbox(SUBMIT, { i: message({ title: '[不予受理] 测试留言' }) }))).submitMessage;
  const r = await wait(refused, 'NOT_ACCEPTED');
  expect(r.message.notAcceptedReason).toBe('NOT_GOVERNMENT');
  expect(r.progress.map((p: any) => p.step)).toEqual(['留言已提交', '不予受理：不属于政府职责范围']);
  expect(reason(await sandbox(RATE, { i: { ...creds(refused), resolution: 3, attitude: 3, speed: 3 } }))).toEqual({
    code: 'INVALID_TRANSITION',
    reason: 'NOT_ACCEPTED',
  });
  const repeat = (await ok(sandbox(SUBMIT, { i: message({ title: '【并单】 测试留言' }) }))).submitMessage;
  const merged = await wait(repeat, 'MERGED');
  const previous = (await s.app.ds.query(`SELECT serialNo FROM sandbox_message WHERE scenario = 'ANSWER' ORDER BY id DESC`))[0].serialNo;
  expect(merged.message.mergedIntoSerialNo).toBe(previous);
  expect(reason(await sandbox(REDO, { i: { ...creds(repeat), reason: '测试' } }))).toEqual({ code: 'INVALID_TRANSITION', reason: 'MERGED' });
});
