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
    page.on('dialog', async (d) => { await d.dismiss(); throw new Error(`a dialog opened: ${d.message()} (script injection?)`); });
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
    const open = (await api(`{ messages(filter: { states: [ASSIGNED, IN_PROGRESS] }) { totalCount } }`, {}, dispatcherToken)).messages.totalCount;
    await dispatcher.locator('[data-testid="fig-open"]', { hasText: String(open) }).waitFor({ timeout: 10000 });
    const red = (await api(`{ messages(filter: { warningLevel: RED }) { totalCount } }`, {}, dispatcherToken)).messages.totalCount;
    await dispatcher.locator('[data-testid="fig-red"]', { hasText: new RegExp(`^${red}$`) }).waitFor({ timeout: 10000 });
    await dispatcher.screenshot({ path: path.join(shots, 'dashboard.png') });
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

  await step('the message list renders (screenshot)', async () => {
    await dispatcher.goto(`${base}/admin/#/messages`);
    await dispatcher.locator('tr', { hasText: created.serialNo }).waitFor();
    await dispatcher.screenshot({ path: path.join(shots, 'messages.png') });
  });
} finally {
  console.log(results.join('\n'));
  await browser?.close();
  server.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
