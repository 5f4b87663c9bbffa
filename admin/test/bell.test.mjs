/**
 * The bell (通知): the handler's unread count is the API's; a new assignment to their unit arrives without a
 * reload; opening it marks it read and opens the message; 全部标为已读 empties the count.
 */
import assert from 'node:assert/strict';
import { assignedMessage } from './lib/fixtures.mjs';

const UNREAD = `{ unreadNotificationCount notifications(first: 5) { nodes { id action serialNo read } } }`;

export default async function bell(t) {
  const token = await t.tokenOf('handler');
  let page;
  let before;

  await t.step("the handler's bell shows the unread count the API gives", async () => {
    page = await t.loginAs('handler');
    before = (await t.api(UNREAD, {}, token)).unreadNotificationCount;
    await page.locator(`[data-testid="bell-count"][data-count="${before}"]`).waitFor();
  });

  let m;
  await t.step('a new assignment to the unit raises the count at once and is on top of the list', async () => {
    m = await assignedMessage(t, { type: 'COMPLAIN', title: '通知测试：楼道堆放杂物', content: '楼道长期堆放杂物，消防通道被堵，存在安全隐患，请尽快处理。' });
    await page.locator(`[data-testid="bell-count"][data-count="${before + 1}"]`).waitFor({ timeout: 10000 });
    await page.click('[data-testid="bell"]');
    const first = page.locator('[data-testid="bell-item"]').first();
    await first.waitFor();
    assert.equal(await first.getAttribute('data-action'), 'ASSIGNED');
    assert.equal(await first.getAttribute('data-read'), 'no');
    assert.match(await first.textContent(), new RegExp(`^交办　${m.serialNo} 通知测试：楼道堆放杂物`));
    await t.shot(page, 'bell');
  });

  await t.step('opening the notification marks it read and opens the message', async () => {
    await page.locator('[data-testid="bell-item"]').first().click();
    await page.locator('[data-testid="message-title"]', { hasText: '通知测试：楼道堆放杂物' }).waitFor();
    await page.locator(`[data-testid="bell-count"][data-count="${before}"]`).waitFor();
    const n = (await t.api(UNREAD, {}, token)).notifications.nodes.find((x) => x.serialNo === m.serialNo && x.action === 'ASSIGNED');
    assert.equal(n.read, true);
  });

  await t.step('全部标为已读 leaves nothing unread', async () => {
    await page.click('[data-testid="bell"]');
    await page.click('[data-testid="bell-mark-all"]');
    await page.locator('[data-testid="bell-count"][data-count="0"]').waitFor();
    assert.equal((await t.api(UNREAD, {}, token)).unreadNotificationCount, 0);
    await page.keyboard.press('Escape');
  });
}
