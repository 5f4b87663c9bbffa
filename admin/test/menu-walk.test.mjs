/**
 * No English and no database ids in the Chinese console (issue 21, item 12): the administrator and a unit handler
 * walk every entry of their menus and open the first record of each list; the page guard (lib/guard.mjs) fails
 * on any English word or `#<digits>` on any of those screens, titles included. Errors are worded in Chinese from
 * the server's code and reason: a wrong password at the login form, a too-short password in the user form; the
 * statistics CSV has Chinese column names.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { settled as settledPage } from './lib/ui.mjs';

/** Waits until the page has loaded what it shows (no progress indicator left). */
const settled = (page) => settledPage(page, { before: 300 });

/** Every menu entry of the sidebar, by its label. */
const menuLabels = (page) =>
  page.locator('.MuiDrawer-root [role="menuitem"]').evaluateAll((els) => [...new Set(els.map((e) => e.textContent.trim()).filter(Boolean))]);

async function walk(t, page) {
  await page.locator('[data-testid="menu-work"] [role="menuitem"]').first().waitFor();
  const labels = await menuLabels(page);
  assert.ok(labels.length >= 3, `a menu: ${labels}`);
  const visited = [];
  for (const label of labels) {
    await t.menu(page, label);
    await settled(page);
    const title = await page.title();
    assert.ok(!/#\d/.test(title), `${label}: the window title shows an id: ${title}`);
    const appTitle = await page
      .locator('#react-admin-title')
      .textContent()
      .catch(() => '');
    assert.ok(!/#\d/.test(appTitle ?? ''), `${label}: the page title shows an id: ${appTitle}`);
    // The first record of a list, opened as a user would (its row), where rows open something.
    const before = page.url();
    // A list shows rows or says it is empty; wait for either (the data arrive after the page).
    await page
      .locator(
        'tbody .RaDatagrid-row, .RaEmpty-message, .RaList-noResults, [data-testid="unit-tree"], [data-testid="settings"], [data-testid="statistics"], [data-testid="working-calendar"], [data-testid="fig-open"]',
      )
      .first()
      .waitFor({ timeout: 8000 })
      .catch(() => undefined);
    const row = page.locator('tbody .RaDatagrid-row, tbody tr.MuiTableRow-hover').first();
    if (await row.count()) {
      await row.click();
      await settled(page);
      if (page.url() !== before) {
        const opened = await page
          .locator('#react-admin-title')
          .textContent()
          .catch(() => '');
        assert.ok(!/#\d/.test(opened ?? ''), `${label}: a record's title shows an id: ${opened}`);
        visited.push(`${label} → ${opened}`);
      }
    }
    visited.push(label);
  }
  return visited;
}

export default async function menuWalk(t) {
  await t.step('the login form says a wrong password in Chinese', async () => {
    const page = await t.newPage('login');
    await page.goto(`${t.base}/admin/#/login`);
    await page.fill('input[name="username"]', 'dispatcher');
    await page.fill('input[name="password"]', 'not-the-password1');
    await page.click('button[type="submit"]');
    await page.getByText('用户名或密码错误。').waitFor();
  });

  let admin;
  await t.step('the administrator walks every menu entry and opens a record of each list: no English, no ids', async () => {
    admin = await t.loginAs('admin');
    const visited = await walk(t, admin);
    for (const label of ['留言', '审核队列', '常用语', '统计分析', '单位', '用户', '领导', '领域', '时限规则', '节假日调整', '第三方接入', '系统设置'])
      assert.ok(visited.includes(label), `${label} visited: ${visited}`);
    assert.ok(
      visited.some((v) => /^用户 → 用户：/.test(v)),
      `a user's page is titled by name: ${visited}`,
    );
  });

  await t.step("a too-short password in the user form is refused in Chinese words, with the rule's figures", async () => {
    await t.menu(admin, '用户');
    await admin.getByRole('link', { name: '新建' }).click();
    await admin.fill('input[name="username"]', 'short.pw');
    await admin.fill('input[name="displayName"]', '测试用户');
    await admin.getByRole('combobox', { name: '角色' }).click();
    await admin.getByRole('option', { name: '受理交办员' }).click();
    await admin.getByLabel('所属单位').fill('湖南省');
    await admin
      .getByRole('option', { name: /^湖南省$/ })
      .first()
      .click();
    await admin.fill('input[name="password"]', 'abc12');
    await admin.getByRole('button', { name: '保存' }).click();
    await admin.getByText('“密码”须为 8-72 个字。').waitFor();
  });

  await t.step('the statistics CSV downloaded from the console has Chinese column names', async () => {
    await t.menu(admin, '统计分析');
    await settled(admin);
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.click('[data-testid="download-csv"]')]);
    const header = fs
      .readFileSync(await download.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0];
    assert.match(header, /^键,名称,时段,含下级,交办量,答复量,/);
    assert.ok(!/[A-Za-z]/.test(header), header);
  });

  await t.step('a unit handler walks every menu entry and opens a record of each list: no English, no ids', async () => {
    const handler = await t.loginAs('handler');
    const visited = await walk(t, handler);
    for (const label of ['工作台', '留言', '本单位待办', '统计分析']) assert.ok(visited.includes(label), `${label} visited: ${visited}`);
  });
}
