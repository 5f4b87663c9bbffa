#!/usr/bin/env node
/**
 * Browser tests of the console: a real server (embedded SQLite, demo organisation), Debian's Chromium
 * driven by playwright-core (never a downloaded browser). Run: `npm run test:browser` at the root.
 * Screenshots of the main screens go to docs/screenshots/.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shots = path.join(root, 'docs/screenshots');
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(path.join(root, 'server/dist/server/src/main.js')) || !fs.existsSync(path.join(root, 'admin/dist/index.html'))) {
  throw new Error('Build first: npm run build');
}

const port = await new Promise((resolve) => { const s = net.createServer(); s.listen(0, () => { const p = s.address().port; s.close(() => resolve(p)); }); });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wz-browser-'));
const server = spawn(process.execPath, [path.join(root, 'server/dist/server/src/main.js')], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, AUTO_MIGRATE: 'true', DEMO_DATA: 'true', DEMO_MESSAGES: '40', JOBS_ENABLED: 'false', NODE_ENV: 'test', LOG_LEVEL: 'warn', BCRYPT_ROUNDS: '4' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
let results = [];
const pages = {};
/** Labels the console asked for and neither language has (react-admin's polyglot warns about each). */
const missingTranslations = new Set();
const step = async (name, fn) => {
  const t0 = Date.now();
  try {
    await fn();
    results.push(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push(`FAIL ${name}: ${e.message}`);
    for (const [who, page] of Object.entries(pages)) await page.screenshot({ path: path.join(os.tmpdir(), `wz-fail-${who}.png`) }).catch(() => undefined);
    throw e;
  }
};

async function api(query, variables, token) {
  const r = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const b = await r.json();
  if (b.errors) throw new Error(JSON.stringify(b.errors));
  return b.data;
}
const tokenOf = async (u) => (await api(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: u, password: 'wenzheng2026' } })).login.accessToken;

const allowedDialogs = new Set(['更换密钥后旧密钥立即失效，确定吗？']);
/**
 * The dashboard shows what the API's `dashboard` query returns for the same viewer: the figure cards, the
 * satisfaction bands, the top units, the hot categories and keywords, and a trend line per series.
 */
const DASHBOARD = `{ dashboard { today { received responsesGiven closed } thisMonth { received responsesGiven closed } awaitingScreening open overdue dueSoon
  trend { day } satisfaction { band count } topUnits { key rank sample } hotCategories { key count } hotKeywords { key count } } }`;
async function checkDashboard(page, token, platform) {
  const d = (await api(DASHBOARD, {}, token)).dashboard;
  const exact = (n) => new RegExp(`^${n}$`);
  await page.locator('[data-testid="fig-open"]', { hasText: exact(d.open) }).waitFor({ timeout: 10000 });
  const figures = { 'fig-today': d.today.received, 'fig-month': d.thisMonth.received, 'fig-yellow': d.dueSoon, 'fig-red': d.overdue, ...(platform ? { 'fig-received': d.awaitingScreening } : {}) };
  for (const [id, n] of Object.entries(figures)) assert.equal(await page.locator(`[data-testid="${id}"]`).textContent(), String(n), id);
  if (!platform) assert.equal(await page.locator('[data-testid="fig-received"]').count(), 0);
  assert.match(await page.locator('[data-testid="fig-month-sub"]').textContent(), new RegExp(`答复 ${d.thisMonth.responsesGiven} · 办结 ${d.thisMonth.closed}`));
  const attrs = (sel, a, b) => page.locator(sel).evaluateAll((els, [x, y]) => els.map((e) => [e.getAttribute(x), Number(e.getAttribute(y))]), [a, b]);
  assert.deepEqual(await attrs('[data-testid="satisfaction"] li[data-band]', 'data-band', 'data-count'), d.satisfaction.map((s) => [s.band, s.count]));
  assert.deepEqual(await attrs('[data-testid="hot-categories"] [data-key]', 'data-key', 'data-count'), d.hotCategories.map((c) => [c.key, c.count]));
  assert.deepEqual(await attrs('[data-testid="hot-keywords"] [data-key]', 'data-key', 'data-count'), d.hotKeywords.map((k) => [k.key, k.count]));
  const units = await page.locator('[data-testid="top-units"] tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-key'), r.querySelector('[data-col="sample"]').textContent]));
  assert.deepEqual(units, d.topUnits.map((u) => [u.key, String(u.sample)]));
  await page.locator('[data-testid="trend"] .recharts-line').nth(2).waitFor();
  assert.equal(await page.locator('[data-testid="satisfaction"] .recharts-bar-rectangle').count(), d.satisfaction.filter((s) => s.count > 0).length, 'one bar per band with ratings');
  return d;
}

let browser;
try {
  for (let i = 0; i < 120; i++) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await chromium.launch({ executablePath: chromePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const dispatcherToken = await tokenOf('dispatcher');
  const created = (await api(`mutation($i: CreateMessageInput!) { createMessage(input: $i) { queryCode message { id serialNo } } }`, { i: {
    channel: 'HOTLINE_12345', type: 'COMPLAIN', title: '楼下烧烤店油烟扰民', realName: '王小明', phone: '13700001111',
    content: '小区楼下烧烤店每天营业到凌晨两点，油烟直排进楼道。<script>alert("xss")</script> 请尽快处理！',
  } }, dispatcherToken)).createMessage.message;

  const session = async (user) => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    const page = await ctx.newPage();
    page.on('dialog', async (d) => {
      // The console's own confirmations (e.g. issuing a new API key) are accepted; anything else is an injected script.
      if (allowedDialogs.has(d.message())) return d.accept();
      await d.dismiss();
      throw new Error(`a dialog opened: ${d.message()} (script injection?)`);
    });
    page.on('console', (m) => { const x = /Missing translation for key:? "?([^"\s]+)/.exec(m.text()); if (x) missingTranslations.add(x[1]); });
    await page.goto(`${base}/admin/#/login`);
    await page.fill('input[name="username"]', user);
    await page.fill('input[name="password"]', 'wenzheng2026');
    await page.click('button[type="submit"]');
    await page.waitForURL(/#\/$/, { timeout: 15000 });
    pages[user] = page;
    return page;
  };

  let dispatcher, handler, reviewer;
  await step('the dispatcher logs in and sees the Chinese console and the dashboard figures the API gives', async () => {
    dispatcher = await session('dispatcher');
    await dispatcher.getByText('工作台').first().waitFor();
    await checkDashboard(dispatcher, dispatcherToken, true);
    await dispatcher.mouse.move(0, 0);
    await dispatcher.screenshot({ path: path.join(shots, 'dashboard.png'), fullPage: true });
  });

  await step('the handler keeps the inbox open (no reload needed later)', async () => {
    handler = await session('handler');
    await handler.goto(`${base}/admin/#/inbox`);
    await handler.getByText('本单位待办').first().waitFor();
  });

  await step('the dispatcher accepts and assigns the message; its content shows <script> as text', async () => {
    await dispatcher.goto(`${base}/admin/#/messages/${created.id}/show`);
    const content = dispatcher.locator('[data-testid="message-content"]');
    await content.waitFor();
    assert.match(await content.textContent(), /<script>alert\("xss"\)<\/script>/);
    assert.equal(await dispatcher.locator('script:has-text("xss")').count(), 0);
    assert.match(await dispatcher.locator('[data-testid="pii"]').textContent(), /王\*\*/);
    await dispatcher.click('[data-testid="action-ACCEPT"]');
    await dispatcher.locator('[data-testid="message-state"]', { hasText: '已受理' }).waitFor();
    await dispatcher.click('[data-testid="action-ASSIGN"]');
    await dispatcher.fill('input[data-field="unit-search"] >> nth=0', '长沙市住房和城乡建设局');
    await dispatcher.getByRole('option', { name: /^长沙市住房和城乡建设局/ }).first().click();
    await dispatcher.click('[data-testid="dialog-confirm"]');
    await dispatcher.locator('[data-testid="message-state"]', { hasText: '已交办' }).waitFor();
    await dispatcher.screenshot({ path: path.join(shots, 'message-show.png'), fullPage: true });
  });

  await step('the new assignment appears in the handler\'s inbox without reloading; the handler signs and drafts a reply', async () => {
    const row = handler.locator('tr', { hasText: created.serialNo });
    await row.waitFor({ timeout: 8000 }).catch(async (e) => { await handler.screenshot({ path: '/tmp/inbox-fail.png' }); throw e; });
    await handler.screenshot({ path: path.join(shots, 'inbox.png') });
    await row.click();
    await handler.click('[data-testid="assignment-action-SIGN"]');
    await handler.locator('[data-testid="assignment-action-DRAFT_REPLY"]').waitFor();
    await handler.click('[data-testid="assignment-action-DRAFT_REPLY"]');
    await handler.fill('textarea[data-field="content"]', '您好！经核查，该烧烤店油烟净化设施未正常使用，我局已责令整改并加强夜间巡查。感谢您的监督。');
    await handler.click('[data-testid="dialog-confirm"]');
    await handler.getByText('待单位审核').first().waitFor();
  });

  await step('the unit reviewer and then the dispatcher approve it in their review queues', async () => {
    reviewer = await session('reviewer');
    await reviewer.goto(`${base}/admin/#/reviews`);
    const row = reviewer.locator('tr', { hasText: created.serialNo });
    await row.waitFor();
    await reviewer.screenshot({ path: path.join(shots, 'review-queue.png') });
    await row.locator('[data-testid="reply-action-UNIT_APPROVE"]').click();
    await reviewer.click('[data-testid="dialog-confirm"]');
    await row.waitFor({ state: 'detached' });
    await dispatcher.goto(`${base}/admin/#/reviews`);
    const prow = dispatcher.locator('tr', { hasText: created.serialNo });
    await prow.waitFor();
    await prow.locator('[data-testid="reply-action-PLATFORM_APPROVE"]').click();
    await dispatcher.click('[data-testid="dialog-confirm"]');
    await prow.waitFor({ state: 'detached' });
  });

  await step('the message shows as replied with the whole timeline', async () => {
    await dispatcher.goto(`${base}/admin/#/messages/${created.id}/show`);
    await dispatcher.locator('[data-testid="message-state"]', { hasText: '已答复' }).waitFor();
    const actions = await dispatcher.locator('[data-testid="timeline"] tr[data-action]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    assert.deepEqual(actions, ['CREATED', 'ACCEPTED', 'ASSIGNED', 'SIGNED', 'REPLY_DRAFTED', 'REPLY_SUBMITTED', 'REPLY_APPROVED', 'REPLY_APPROVED', 'REPLY_PUBLISHED']);
    await dispatcher.locator('[data-testid="timeline"]').getByText('答复发布').waitFor();
  });

  await step('the handler sees neither another unit\'s message nor the administration screens', async () => {
    const other = (await api(`mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id } } }`, { i: { channel: 'WEB', type: 'CONSULT', title: '别的单位的留言', content: '这是一条没有交办给住建局的留言内容。' } }, dispatcherToken)).createMessage.message;
    await handler.goto(`${base}/admin/#/messages/${other.id}/show`);
    await handler.waitForTimeout(1500);
    assert.equal(await handler.locator('[data-testid="message-title"]').count(), 0);
    assert.equal(await handler.getByRole('menuitem', { name: '用户' }).count(), 0);
    await handler.goto(`${base}/admin/#/users`);
    await handler.waitForTimeout(1500);
    assert.equal(await handler.locator('td', { hasText: 'dispatcher' }).count(), 0);
  });

  await step('the example public page lists public messages and lets a citizen look up a message (demo API key)', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    page.on('dialog', async (d) => { await d.dismiss(); throw new Error('a dialog opened on the example page'); });
    await page.goto(`${base}/examples/public/`);
    const rows = page.locator('#list tr');
    await rows.first().waitFor({ timeout: 15000 });
    const publicCount = (await api(`{ publicMessages { totalCount } }`, {}, null).catch(() => null));
    assert.equal(publicCount, null, 'the public API needs a key');
    await page.locator('#total', { hasText: '共' }).waitFor();
    await rows.first().locator('a').click();
    await page.locator('#detail h3').waitFor();
    const sub = (await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz' },
      body: JSON.stringify({ query: `mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo queryCode } }`, variables: { i: { externalId: 'browser-1', type: 'CONSULT', title: '咨询公积金贷款额度', content: '请问首套房公积金贷款最高额度是多少？', realName: '赵六', phone: '13600000000' } } }) }).then((r) => r.json())).data.submitMessage;
    await page.fill('input[name="serialNo"]', sub.serialNo);
    await page.fill('input[name="queryCode"]', sub.queryCode);
    await page.click('#lookup button');
    await page.locator('#mine ol li', { hasText: '留言已提交' }).waitFor();
    await page.fill('input[name="queryCode"]', 'WRONG123');
    await page.click('#lookup button');
    await page.locator('#mine .error').waitFor();
    await page.screenshot({ path: path.join(shots, 'example-public-page.png') });
    await ctx.close();
  });

  await step('the statistics page shows the figures the API computes', async () => {
    const d = new Date(Date.now() + 8 * 3600_000).toISOString();
    const period = { from: `${d.slice(0, 7)}-01`, to: d.slice(0, 10) };
    const rows = (await api(`query($p: PeriodInput!) { statistics(period: $p, groupBy: UNIT) { key assigned replied } }`, { p: period }, dispatcherToken)).statistics;
    assert.ok(rows.length > 0);
    await dispatcher.goto(`${base}/admin/#/statistics`);
    for (const row of rows.slice(0, 5)) {
      const tr = dispatcher.locator(`[data-testid="statistics"] tr[data-key="${row.key}"]`);
      await tr.locator('td[data-col="assigned"]', { hasText: new RegExp(`^${row.assigned}$`) }).waitFor({ timeout: 10000 });
      assert.equal(await tr.locator('td[data-col="replied"]').textContent(), String(row.replied));
    }
    await dispatcher.screenshot({ path: path.join(shots, 'statistics.png'), fullPage: true });
  });

  let admin;
  await step('an admin creates an SLA policy and sees it listed (and in the API)', async () => {
    admin = await session('admin');
    await admin.locator('[data-testid="menu-admin"]').getByText('时限规则').click();
    await admin.locator('[data-testid="sla-policies"]').waitFor();
    await admin.screenshot({ path: path.join(shots, 'sla-policies.png') });
    await admin.getByRole('link', { name: '新建' }).click();
    await admin.fill('input[name="name"]', '浏览器测试：紧急投诉');
    await admin.fill('input[name="priority"]', '90');
    await admin.getByRole('combobox', { name: '留言类型' }).click();
    await admin.getByRole('option', { name: '投诉' }).click();
    await admin.getByRole('combobox', { name: '紧急件' }).click();
    await admin.getByRole('option', { name: '是' }).click();
    await admin.fill('input[name="replyAmount"]', '48');
    await admin.getByRole('combobox', { name: '时限单位' }).click();
    await admin.getByRole('option', { name: '个自然小时' }).click();
    await admin.getByLabel('需单位审核').uncheck();
    await admin.getByRole('button', { name: '保存' }).click();
    const row = admin.locator('[data-testid="sla-policies"] tr', { hasText: '浏览器测试：紧急投诉' });
    await row.waitFor();
    assert.match(await row.textContent(), /48 个自然小时/);
    const token = await tokenOf('admin');
    const saved = (await api(`{ slaPolicies { name priority messageType isUrgent replyAmount replyUnit unitReviewRequired platformReviewRequired } }`, {}, token)).slaPolicies.find((p) => p.name === '浏览器测试：紧急投诉');
    assert.deepEqual(saved, { name: '浏览器测试：紧急投诉', priority: 90, messageType: 'COMPLAIN', isUrgent: true, replyAmount: 48, replyUnit: 'CALENDAR_HOURS', unitReviewRequired: false, platformReviewRequired: true });
    // Editing clears a condition: "any type" is stored as no type.
    await row.click();
    await admin.getByRole('combobox', { name: '留言类型' }).click();
    await admin.locator('li[role="option"]', { hasText: '不限' }).click();
    await admin.getByRole('button', { name: '保存' }).click();
    await admin.locator('[data-testid="sla-policies"]').waitFor();
    const edited = (await api(`{ slaPolicies { name messageType isUrgent } }`, {}, token)).slaPolicies.find((p) => p.name === '浏览器测试：紧急投诉');
    assert.deepEqual(edited, { name: '浏览器测试：紧急投诉', messageType: null, isUrgent: true });
  });

  await step('an admin adds a holiday override, sees it in the list and the working calendar, and removes it', async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const date = `${year}-12-26`;
    await admin.goto(`${base}/admin/#/holidays`);
    await admin.locator('[data-testid="working-calendar"]').waitFor();
    await admin.getByRole('link', { name: '新建' }).click();
    await admin.fill('input[name="date"]', date);
    await admin.getByLabel('类型').check();
    await admin.fill('input[name="note"]', '浏览器测试调休');
    await admin.getByRole('button', { name: '保存' }).click();
    const row = admin.locator('[data-testid="holidays"] tr', { hasText: date });
    await row.waitFor();
    assert.match(await row.textContent(), /调休上班.*浏览器测试调休/);
    const token = await tokenOf('admin');
    const days = (await api(`query($f: String!) { workingCalendar(from: $f, to: $f) { isWorkingDay source } }`, { f: date }, token)).workingCalendar;
    assert.deepEqual(days, [{ isWorkingDay: true, source: 'OVERRIDE' }]);
    await admin.screenshot({ path: path.join(shots, 'holidays.png') });
    await row.getByRole('button', { name: '删除' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: /确认|确定/ }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await api(`query($y: Int!) { holidayOverrides(year: $y) { date } }`, { y: year }, token)).holidayOverrides.filter((h) => h.date === date).length, 0);
  });

  await step('an admin registers an API client: the key is shown once and works; disabling it stops the key', async () => {
    await admin.goto(`${base}/admin/#/api-clients/create`);
    await admin.fill('input[name="name"]', '浏览器测试门户');
    await admin.fill('input[name="owner"]', '测试单位 张工 0731-00000000');
    await admin.getByLabel('读取公开统计（stats:read）').check();
    const origins = admin.getByLabel('允许的来源');
    await origins.fill('https://portal.example.gov.cn');
    await origins.press('Enter');
    await admin.fill('input[name="rateLimitPerMinute"]', '120');
    await admin.getByRole('button', { name: '保存' }).click();
    const keyInput = admin.locator('[data-testid="api-key"]');
    await keyInput.waitFor();
    const key = await keyInput.inputValue();
    assert.match(key, /^wz_/);
    await admin.screenshot({ path: path.join(shots, 'api-client-key.png') });
    await admin.click('[data-testid="key-dialog-close"]');
    const row = admin.locator('[data-testid="api-clients"] tr', { hasText: '浏览器测试门户' });
    await row.waitFor();
    const text = await row.textContent();
    assert.match(text, /读取公开留言.*读取公开统计/);
    assert.match(text, /https:\/\/portal\.example\.gov\.cn/);
    assert.match(text, /120 次\/分钟/);
    assert.ok(!text.includes(key), 'the key is not shown again');
    assert.ok(text.includes(key.slice(0, 12)), 'the start of the key is shown');
    const publicCall = () => fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query: '{ publicUnits { id } }' }) }).then((r) => r.json());
    assert.ok((await publicCall()).data?.publicUnits.length > 0, 'the new key works');
    await admin.screenshot({ path: path.join(shots, 'api-clients.png') });
    await row.getByRole('button', { name: '停用' }).click();
    await row.getByRole('button', { name: '启用' }).waitFor();
    const refused = await publicCall();
    assert.ok(refused.errors?.length && !refused.data?.publicUnits, 'a disabled key is refused');
  });

  await step('an admin changes the ranking weights and minimum sample in the settings', async () => {
    await admin.locator('[data-testid="menu-admin"]').getByText('系统设置').click();
    await admin.locator('[data-testid="settings"] input[data-field="reply"]').waitFor();
    await admin.locator('[data-testid="settings"] input[data-field="reply"]:not([disabled])').waitFor();
    await admin.fill('input[data-field="reply"]', '40');
    await admin.fill('input[data-field="close"]', '30');
    await admin.fill('input[data-field="satisfaction"]', '30');
    await admin.fill('input[data-field="minimumSample"]', '3');
    await admin.click('[data-testid="settings-save"]');
    await admin.locator('[data-testid="settings-updated"]', { hasText: '最近修改' }).waitFor();
    const s = (await api(`{ rankingSettings { minimumSample weights { reply close satisfaction } } }`, {}, await tokenOf('admin'))).rankingSettings;
    assert.deepEqual(s, { minimumSample: 3, weights: { reply: 40, close: 30, satisfaction: 30 } });
    await admin.locator('[data-testid="settings-save"]:not([disabled])').waitFor();
    await admin.screenshot({ path: path.join(shots, 'settings.png') });
  });

  await step('units are shown as a tree, opened level by level as the API nests them', async () => {
    const token = await tokenOf('admin');
    const roots = (await api(`{ units(filter: { rootsOnly: true }, sort: { field: SORT_ORDER }) { nodes { id name } } }`, {}, token)).units.nodes;
    const children = (await api(`query($p: ID!) { units(filter: { parentId: $p }, first: 100, sort: { field: SORT_ORDER }) { nodes { id name } } }`, { p: roots[0].id }, token)).units.nodes;
    await admin.locator('[data-testid="menu-admin"]').getByText('单位').first().click();
    const tree = admin.locator('[data-testid="unit-tree"]');
    await tree.locator(`[data-unit-id="${children[0].id}"]`).waitFor();
    const shown = await tree.locator(`[data-unit-id="${roots[0].id}"] > [role="group"] > [role="treeitem"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-unit-name')));
    assert.deepEqual(shown, children.map((c) => c.name));
    const city = children.find((c) => c.name === '长沙市') ?? children[0];
    const grand = (await api(`query($p: ID!) { units(filter: { parentId: $p }, first: 100, sort: { field: SORT_ORDER }) { nodes { id name } } }`, { p: city.id }, token)).units.nodes;
    await admin.click(`[data-testid="toggle-unit-${city.id}"]`);
    if (grand.length) await tree.locator(`[data-unit-id="${grand[0].id}"]`).waitFor();
    else await admin.locator(`[data-testid="no-children-${city.id}"]`).waitFor();
    await admin.screenshot({ path: path.join(shots, 'units-tree.png') });
  });

  await step('a unit handler sees neither the administration menu nor its screens; the dashboard shows their own scope', async () => {
    await handler.goto(`${base}/admin/#/`);
    await handler.locator('[data-testid="menu-work"]').waitFor();
    const mine = await checkDashboard(handler, await tokenOf('handler'), false);
    const all = (await api(DASHBOARD, {}, dispatcherToken)).dashboard;
    assert.ok(mine.thisMonth.received <= all.thisMonth.received && mine.open <= all.open, 'the handler sees a part of the whole');
    assert.equal(await handler.locator('[data-testid="menu-admin"]').count(), 0);
    for (const label of ['时限规则', '节假日调整', '第三方接入', '系统设置', '用户']) assert.equal(await handler.getByRole('menuitem', { name: label }).count(), 0, label);
    await handler.goto(`${base}/admin/#/api-clients`);
    await handler.waitForTimeout(1000);
    assert.equal(await handler.locator('[data-testid="api-clients"]').count(), 0);
    assert.equal(await handler.locator('td', { hasText: '浏览器测试门户' }).count(), 0);
    await handler.goto(`${base}/admin/#/settings`);
    await handler.waitForTimeout(500);
    assert.equal(await handler.locator('[data-testid="settings"]').count(), 0);
  });

  await step('the message list renders (screenshot)', async () => {
    await dispatcher.goto(`${base}/admin/#/messages`);
    await dispatcher.locator('tr', { hasText: created.serialNo }).waitFor();
    await dispatcher.screenshot({ path: path.join(shots, 'messages.png') });
  });

  await step('bulk actions: the dispatcher accepts several messages and marks several invalid, with the outcome in words', async () => {
    const tag = `批量${Date.now() % 100000}`;
    const make = async (i) => (await api(`mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id serialNo } } }`, { i: { channel: 'WEB', type: 'CONSULT', title: `${tag} 咨询第${i}条`, content: `关于${tag}的第${i}条咨询内容，请有关部门答复。` } }, dispatcherToken)).createMessage.message;
    const [a, b, c] = [await make(1), await make(2), await make(3)];
    await dispatcher.goto(`${base}/admin/#/messages?filter=${encodeURIComponent(JSON.stringify({ q: tag }))}`);
    const rowOf = (m) => dispatcher.locator('tr', { hasText: m.serialNo });
    for (const m of [a, b, c]) await rowOf(m).waitFor();
    await rowOf(a).locator('input[type="checkbox"]').check();
    await rowOf(b).locator('input[type="checkbox"]').check();
    await dispatcher.click('[data-testid="bulk-ACCEPT"]');
    await dispatcher.click('[data-testid="bulk-confirm"]');
    await dispatcher.locator('[data-testid="bulk-summary-text"]', { hasText: '批量受理：成功 2 条，失败 0 条。' }).waitFor();
    await dispatcher.click('[data-testid="bulk-close"]');
    // All three selected: the two already accepted fail, each with the server's reason in words.
    await dispatcher.locator('thead input[type="checkbox"]').check();
    await dispatcher.click('[data-testid="bulk-ACCEPT"]');
    await dispatcher.click('[data-testid="bulk-confirm"]');
    await dispatcher.locator('[data-testid="bulk-summary-text"]', { hasText: '批量受理：成功 1 条，失败 2 条。' }).waitFor();
    const failures = dispatcher.locator('[data-testid="bulk-failures"] li');
    assert.deepEqual((await failures.evaluateAll((els) => els.map((e) => e.getAttribute('data-serial')))).sort(), [a.serialNo, b.serialNo].sort());
    const why = await failures.first().textContent();
    assert.match(why, /留言当前为“已受理”状态，不能“受理”。/, 'the reason in words, not codes');
    assert.ok(!/ACCEPTED|INVALID_TRANSITION/.test(why), `no codes: ${why}`);
    await dispatcher.screenshot({ path: path.join(shots, 'bulk-actions.png') });
    await dispatcher.click('[data-testid="bulk-close"]');
    // The failed two stay selected: mark them invalid as duplicates.
    await dispatcher.click('[data-testid="bulk-MARK_INVALID"]');
    await dispatcher.fill('input[data-field="note"]', '与此前留言重复');
    await dispatcher.click('[data-testid="bulk-confirm"]');
    await dispatcher.locator('[data-testid="bulk-summary-text"]', { hasText: '批量不予受理：成功 2 条，失败 0 条。' }).waitFor();
    await dispatcher.click('[data-testid="bulk-close"]');
    const states = (await api(`query($ids: [ID!]) { messages(filter: { ids: $ids }) { nodes { id state invalidReason } } }`, { ids: [a.id, b.id, c.id] }, dispatcherToken)).messages.nodes;
    const byId = Object.fromEntries(states.map((m) => [m.id, m]));
    assert.deepEqual([byId[a.id].state, byId[a.id].invalidReason, byId[b.id].state, byId[c.id].state], ['INVALID', 'DUPLICATE', 'INVALID', 'ACCEPTED']);
  });

  await step('the console switches to English (menu, list headers, administration labels)', async () => {
    await admin.goto(`${base}/admin/#/sla-policies`);
    await admin.locator('[data-testid="sla-policies"]').waitFor();
    await admin.getByRole('button', { name: '中文' }).click();
    await admin.getByRole('menuitem', { name: 'English' }).click();
    await admin.getByRole('menuitem', { name: 'SLA policies' }).waitFor();
    for (const label of ['Dashboard', 'Messages', 'Units', 'Holiday overrides', 'API clients', 'Settings']) await admin.getByRole('menuitem', { name: label }).first().waitFor();
    await admin.locator('[data-testid="menu-admin"]').getByText('Administration').waitFor();
    await admin.locator('th', { hasText: 'Sign within (working days)' }).waitFor();
    await admin.locator('[data-testid="sla-policies"] tr', { hasText: 'calendar hours' }).first().waitFor();
    await admin.goto(`${base}/admin/#/messages`);
    for (const h of ['No.', 'Title', 'State', 'Reply due']) await admin.locator('th', { hasText: h }).first().waitFor();
    await admin.screenshot({ path: path.join(shots, 'english.png') });
    assert.equal(await admin.getByText('留言时间').count(), 0, 'no Chinese column label left');
    await admin.getByRole('button', { name: 'English' }).click();
    await admin.getByRole('menuitem', { name: '中文' }).click();
    await admin.getByRole('menuitem', { name: '留言' }).waitFor();
  });

  await step('every label the console asked for exists in both languages', async () => {
    assert.deepEqual([...missingTranslations], []);
  });
} finally {
  console.log(results.join('\n'));
  await browser?.close();
  server.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
