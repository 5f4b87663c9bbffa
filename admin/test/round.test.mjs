/**
 * The message round as the roles do it: the dispatcher accepts and assigns a message (its content shows a
 * script as text), the assignment reaches the handler's open inbox live, the handler signs and drafts a reply,
 * the unit reviewer and then the dispatcher approve it from their review queues, and the message shows as
 * replied with its whole ledger.
 */
import assert from 'node:assert/strict';
import { chooseUnit } from './lib/ui.mjs';

export default async function round(t) {
  const created = (
    await t.api(
      `mutation($i: CreateMessageInput!) { createMessage(input: $i) { queryCode message { id serialNo } } }`,
      {
        i: {
          channel: 'HOTLINE_12345',
          type: 'COMPLAIN',
          title: '楼下烧烤店油烟扰民',
          realName: '王小明',
          phone: '13700001111',
          content: '小区楼下烧烤店每天营业到凌晨两点，油烟直排进楼道。<script>alert("xss")</script> 请尽快处理！',
        },
      },
      await t.tokenOf('dispatcher'),
    )
  ).createMessage.message;
  const msg = { serialNo: created.serialNo, search: '楼下烧烤店油烟扰民' };
  let dispatcher, handler, reviewer;

  await t.step('the handler keeps the inbox open (no reload needed later)', async () => {
    handler = await t.loginAs('handler');
    await t.menu(handler, '本单位待办');
    await handler.getByText('本单位待办').first().waitFor();
  });

  await t.step('the dispatcher opens the message from the list, accepts and assigns it; its content shows <script> as text', async () => {
    dispatcher = await t.loginAs('dispatcher');
    await t.openMessage(dispatcher, msg);
    const content = dispatcher.locator('[data-testid="message-content"]');
    await content.waitFor();
    assert.match(await content.textContent(), /<script>alert\("xss"\)<\/script>/);
    assert.equal(await dispatcher.locator('script:has-text("xss")').count(), 0);
    assert.match(await dispatcher.locator('[data-testid="pii"]').textContent(), /王\*\*/);
    await dispatcher.click('[data-testid="action-ACCEPT"]');
    // Nothing changes before the confirmation, which names the action and the message.
    assert.match(await dispatcher.locator('[data-testid="dialog-question"]').textContent(), new RegExp(`${created.serialNo}.*受理`));
    assert.equal(await dispatcher.locator('[data-testid="message-state"]').textContent(), '待受理');
    await dispatcher.click('[data-testid="dialog-confirm"]');
    await dispatcher.locator('[data-testid="message-state"]', { hasText: '已受理' }).waitFor();
    await dispatcher.click('[data-testid="action-ASSIGN"]');
    await chooseUnit(dispatcher.locator('input[data-field="unit-search"]').first(), '长沙市住房和城乡建设局');
    await dispatcher.click('[data-testid="dialog-confirm"]');
    await dispatcher.locator('[data-testid="message-state"]', { hasText: '已交办' }).waitFor();
    await t.shot(dispatcher, 'message-show', { fullPage: true });
  });

  await t.step(
    "the new assignment reaches the handler's open inbox without reloading (a notice names it); the handler finds it by its serial number, signs and drafts a reply",
    async () => {
      // The inbox is sorted by due date and holds more than a page by now: the new one is announced, not necessarily on page 1.
      await handler.getByText(`新交办：${created.serialNo}`).waitFor({ timeout: 8000 });
      await handler.getByLabel('编号或标题').fill(created.serialNo);
      const row = handler.locator('tr', { hasText: created.serialNo });
      await row.waitFor();
      await t.shot(handler, 'inbox');
      await row.click();
      await handler.click('[data-testid="assignment-action-SIGN"]');
      await handler.click('[data-testid="dialog-confirm"]');
      await handler.locator('[data-testid="assignment-action-DRAFT_REPLY"]').waitFor();
      await handler.click('[data-testid="assignment-action-DRAFT_REPLY"]');
      await handler.fill('textarea[data-field="content"]', '您好！经核查，该烧烤店油烟净化设施未正常使用，我局已责令整改并加强夜间巡查。感谢您的监督。');
      await handler.click('[data-testid="dialog-confirm"]');
      await handler.getByText('待单位审核').first().waitFor();
    },
  );

  await t.step('the unit reviewer and then the dispatcher approve it in their review queues', async () => {
    reviewer = await t.loginAs('reviewer');
    await t.menu(reviewer, '审核队列');
    const row = reviewer.locator('tr', { hasText: created.serialNo });
    await row.waitFor();
    await t.shot(reviewer, 'review-queue');
    await row.locator('[data-testid="reply-action-UNIT_APPROVE"]').click();
    await reviewer.click('[data-testid="dialog-confirm"]');
    await row.waitFor({ state: 'detached' });
    await t.menu(dispatcher, '审核队列');
    const prow = dispatcher.locator('tr', { hasText: created.serialNo });
    await prow.waitFor();
    await prow.locator('[data-testid="reply-action-PLATFORM_APPROVE"]').click();
    await dispatcher.click('[data-testid="dialog-confirm"]');
    await prow.waitFor({ state: 'detached' });
  });

  await t.step('the message shows as replied with the whole timeline', async () => {
    await t.openMessage(dispatcher, msg);
    await dispatcher.locator('[data-testid="message-state"]', { hasText: '已答复' }).waitFor();
    const actions = await dispatcher.locator('[data-testid="timeline"] tr[data-action]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    assert.deepEqual(actions, [
      'CREATED',
      'ACCEPTED',
      'ASSIGNED',
      'SIGNED',
      'REPLY_DRAFTED',
      'REPLY_SUBMITTED',
      'REPLY_APPROVED',
      'REPLY_APPROVED',
      'REPLY_PUBLISHED',
    ]);
    await dispatcher.locator('[data-testid="timeline"]').getByText('答复发布').waitFor();
  });
}
