/**
 * Live updates survive a dropped connection (网络中断): the console's WebSocket is closed under the handler's open
 * inbox, as a server restart would close it (code 1012), and is refused while a new assignment is made; when it
 * comes back, the inbox and the bell show what happened meanwhile, with no click and no reload. Nothing is sent again
 * over the new connection (the console subscribes without a resume point): the views reload what they show.
 */
import assert from 'node:assert/strict';
import { assignedMessage } from './lib/fixtures.mjs';

const UNREAD = `{ unreadNotificationCount }`;
const NAMES = '梧桐香樟银杏枫杨柳桂樱桃李杏梅竹松柏槐榆';

export default async function reconnect(t) {
  const token = await t.tokenOf('handler');
  // the page's WebSockets to /graphql, passed through to the server unless the "network" is down
  const open = new Set();
  let down = false;
  let refused = 0;
  const routeWebSocket = (ws) => {
    if (down) {
      refused++;
      ws.close({ code: 1012, reason: 'test: connection down' });
      return;
    }
    ws.connectToServer();
    open.add(ws);
  };
  const place = Array.from({ length: 3 }, () => NAMES[Math.floor(Math.random() * NAMES.length)]).join('');
  const title = `断线测试：${place}小区路灯不亮`;
  let page;
  let before;

  await t.step("the handler keeps the inbox open, filtered by the new message's title (nothing there yet)", async () => {
    page = await t.loginAs('handler', { routeWebSocket });
    await t.menu(page, '本单位待办');
    await page.getByLabel('编号或标题').fill(title);
    await page
      .getByText(/没有符合当前筛选条件|结果为空/)
      .first()
      .waitFor({ timeout: 10000 });
    before = (await t.api(UNREAD, {}, token)).unreadNotificationCount;
    await page.locator(`[data-testid="bell-count"][data-count="${before}"]`).waitFor();
    assert.ok(open.size > 0, 'the console has opened its live connection');
  });

  let m;
  await t.step('the connection drops and stays down while the dispatcher assigns a message to the unit: nothing arrives', async () => {
    down = true;
    for (const ws of open) await ws.close({ code: 1012, reason: 'test: connection dropped' }).catch(() => undefined);
    open.clear();
    m = await assignedMessage(t, { type: 'HELP', title, content: `${place}小区的路灯已经坏了两个星期，晚上出行很不安全，请尽快修复。` });
    // graphql-ws tries again after 1.3-4 s, then after 2.3-5 s …: wait for a refused try, and a little more
    for (let waited = 0; refused === 0 && waited < 15000; waited += 250) await page.waitForTimeout(250);
    assert.ok(refused > 0, 'the console tried to reconnect while the connection was down');
    await page.waitForTimeout(1000);
    assert.equal(await page.locator('tbody tr', { hasText: m.serialNo }).count(), 0);
    assert.equal(await page.locator('[data-testid="bell-count"]').getAttribute('data-count'), String(before));
  });

  await t.step('when the connection is back, the inbox lists the new assignment and the bell counts it, with no click', async () => {
    down = false;
    await page.locator('tbody tr', { hasText: m.serialNo }).waitFor({ timeout: 20000 });
    await page.locator(`[data-testid="bell-count"][data-count="${before + 1}"]`).waitFor({ timeout: 20000 });
    assert.ok(open.size > 0, 'the console opened a new live connection');
  });
}
