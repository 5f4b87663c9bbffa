/** The message list and its bulk actions, the outcome told in words. */
import assert from 'node:assert/strict';

export default async function bulk(t) {
  let dispatcher;
  await t.step('the message list renders (screenshot)', async () => {
    dispatcher = await t.loginAs('dispatcher');
    await t.menu(dispatcher, '留言');
    await dispatcher.locator('tbody tr').first().waitFor();
    await t.shot(dispatcher, 'messages');
  });

  await t.step('bulk actions: the dispatcher accepts several messages and marks several invalid, with the outcome in words', async () => {
    const token = await t.tokenOf('dispatcher');
    const tag = `批量${Date.now() % 100000}`;
    const make = async (i) =>
      (
        await t.api(
          `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id serialNo } } }`,
          { i: { channel: 'WEB', type: 'CONSULT', title: `${tag} 咨询第${i}条`, content: `关于${tag}的第${i}条咨询内容，请有关部门答复。` } },
          token,
        )
      ).createMessage.message;
    const [a, b, c] = [await make(1), await make(2), await make(3)];
    await t.search(dispatcher, tag);
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
    await t.shot(dispatcher, 'bulk-actions');
    await dispatcher.click('[data-testid="bulk-close"]');
    // The failed two stay selected: mark them invalid as duplicates.
    await dispatcher.click('[data-testid="bulk-MARK_INVALID"]');
    await dispatcher.fill('input[data-field="note"]', '与此前留言重复');
    await dispatcher.click('[data-testid="bulk-confirm"]');
    await dispatcher.locator('[data-testid="bulk-summary-text"]', { hasText: '批量不予受理：成功 2 条，失败 0 条。' }).waitFor();
    await dispatcher.click('[data-testid="bulk-close"]');
    const states = (
      await t.api(`query($ids: [ID!]) { messages(filter: { ids: $ids }) { nodes { id state invalidReason } } }`, { ids: [a.id, b.id, c.id] }, token)
    ).messages.nodes;
    const byId = Object.fromEntries(states.map((m) => [m.id, m]));
    assert.deepEqual([byId[a.id].state, byId[a.id].invalidReason, byId[b.id].state, byId[c.id].state], ['INVALID', 'DUPLICATE', 'INVALID', 'ACCEPTED']);
  });
}
