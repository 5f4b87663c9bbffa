/**
 * What a unit handler may not see: another unit's message, the administration menu and its screens. The
 * menus simply do not offer them; typing their addresses shows nothing either (the only typed addresses in
 * these tests, to prove exactly that).
 */
import assert from 'node:assert/strict';
import { assignedMessage } from './lib/fixtures.mjs';

export default async function access(t) {
  let handler;
  await t.api(
    `mutation($i: CreateApiClientInput!) { createApiClient(input: $i) { key } }`,
    { i: { name: '访问测试门户', owner: '测试单位', scopes: ['PUBLIC_READ'] } },
    await t.tokenOf('admin'),
  );
  await t.step("the handler sees neither another unit's message nor the administration screens", async () => {
    const other = (
      await t.api(
        `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id serialNo } } }`,
        { i: { channel: 'WEB', type: 'CONSULT', title: '别的单位的留言', content: '这是一条没有交办给住建局的留言内容。' } },
        await t.tokenOf('dispatcher'),
      )
    ).createMessage.message;
    const mine = await assignedMessage(t, { title: '住建局的留言：楼道堆物', content: '楼道里堆满杂物，存在消防隐患。' });
    handler = await t.loginAs('handler');
    await t.menu(handler, '留言');
    await handler.locator('tbody tr', { hasText: mine.serialNo }).waitFor();
    await t.search(handler, '别的单位的留言');
    await handler.locator('.RaList-main').waitFor();
    await handler.waitForTimeout(500);
    assert.equal(await handler.locator('tbody tr', { hasText: other.serialNo }).count(), 0, "not in the handler's list");
    await t.typeAddress(handler, `/messages/${other.id}/show`);
    await handler.waitForTimeout(1500);
    assert.equal(await handler.locator('[data-testid="message-title"]').count(), 0);
    assert.equal(await handler.getByRole('menuitem', { name: '用户' }).count(), 0);
    await t.typeAddress(handler, '/users');
    await handler.waitForTimeout(1500);
    assert.equal(await handler.locator('td', { hasText: 'dispatcher' }).count(), 0);
  });

  await t.step('a unit handler sees neither the administration menu nor its screens', async () => {
    await t.typeAddress(handler, '/');
    await handler.locator('[data-testid="menu-work"]').waitFor();
    assert.equal(await handler.locator('[data-testid="menu-admin"]').count(), 0);
    for (const label of ['时限规则', '节假日调整', '第三方接入', '系统设置', '用户'])
      assert.equal(await handler.getByRole('menuitem', { name: label }).count(), 0, label);
    await t.typeAddress(handler, '/api-clients');
    await handler.waitForTimeout(1000);
    assert.equal(await handler.locator('[data-testid="api-clients"]').count(), 0);
    assert.equal(await handler.locator('td', { hasText: '访问测试门户' }).count(), 0);
    await t.typeAddress(handler, '/settings');
    await handler.waitForTimeout(500);
    assert.equal(await handler.locator('[data-testid="settings"]').count(), 0);
  });
}
