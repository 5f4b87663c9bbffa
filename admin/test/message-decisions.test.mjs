/**
 * Decisions are not made blind, and looking is not changing (issue 21, items 3 and 4): the dispatcher sees a 退单's
 * reason on the message page and in the confirmation; the page tells why a message was not accepted and which
 * message a merged one went into (a link); revealing private data does not make the next action fail with a
 * conflict.
 */
import assert from 'node:assert/strict';
import { assignedMessage, createMessage } from './lib/fixtures.mjs';

export default async function messageDecisions(t) {
  const dispatcherToken = await t.tokenOf('dispatcher');
  let handler, dispatcher;

  await t.step('the handler asks to return a message with a reason; the dispatcher reads it on the page and in the confirmation, and approves', async () => {
    const title = '小区门口快递柜占道';
    const m = await assignedMessage(t, { title, content: '小区门口快递柜摆在人行道上，行人只能走机动车道。' });
    handler = await t.loginAs('handler');
    await t.menu(handler, '本单位待办');
    await handler.locator('tbody tr', { hasText: m.serialNo }).first().click();
    await handler.click('[data-testid="assignment-action-REQUEST_RETURN"]');
    await handler.fill('textarea[data-field="reason"]', '占道经营属城管局职责，非住建局事项');
    await handler.click('[data-testid="dialog-confirm"]');
    await handler.locator('[data-testid="message-title"]').waitFor();
    await handler.getByText('退单申请中').first().waitFor();

    dispatcher = await t.loginAs('dispatcher');
    await t.openMessage(dispatcher, { serialNo: m.serialNo, search: title });
    const reason = dispatcher.locator('[data-testid^="return-reason-"]');
    await reason.waitFor();
    assert.equal(await reason.textContent(), '退单理由：占道经营属城管局职责，非住建局事项');
    await dispatcher.click('[data-testid="assignment-action-APPROVE_RETURN"]');
    assert.match(await dispatcher.locator('[data-testid="dialog-details"]').textContent(), /退单理由：占道经营属城管局职责，非住建局事项/);
    await dispatcher.click('[data-testid="dialog-confirm"]');
    await dispatcher.getByText('已退回').first().waitFor();
    const row = await dispatcher.locator('[data-testid="timeline"] tr[data-action="RETURN_REQUESTED"]').textContent();
    assert.match(row, /住建局承办人（长沙市住房和城乡建设局）.*占道经营属城管局职责/);
    await t.shot(dispatcher, 'message-return-reason', { fullPage: true });
  });

  await t.step('a message not accepted says why; a merged one names the message it went into, and the link opens it', async () => {
    const refused = await createMessage(t, { title: '推销理财产品', content: '高收益理财产品，欢迎咨询。' });
    await t.api(
      `mutation($i: MarkInvalidInput!) { markMessageInvalid(input: $i) { message { id } } }`,
      { i: { messageId: refused.id, expectedVersion: refused.version, reason: 'ADVERTISING', note: '商业广告' } },
      dispatcherToken,
    );
    await t.openMessage(dispatcher, { serialNo: refused.serialNo, search: '推销理财产品' });
    assert.equal(await dispatcher.locator('[data-testid="invalid-reason"]').textContent(), '不予受理：广告：商业广告');

    const original = await createMessage(t, { title: '解放路路灯不亮', content: '解放路中段路灯一周没亮了。' });
    const repeat = await createMessage(t, { title: '解放路路灯坏了', content: '解放路中段的路灯坏了好几天。' });
    await t.api(
      `mutation($i: MergeMessageInput!) { mergeMessage(input: $i) { message { id } } }`,
      { i: { messageId: repeat.id, expectedVersion: repeat.version, targetSerialNo: original.serialNo } },
      dispatcherToken,
    );
    await t.openMessage(dispatcher, { serialNo: repeat.serialNo, search: '解放路路灯坏了' });
    const merged = dispatcher.locator('[data-testid="merged-into"]');
    assert.match(await merged.textContent(), new RegExp(`已并入 ${original.serialNo}`));
    await dispatcher.click('[data-testid="merged-into-link"]');
    await dispatcher.locator('[data-testid="message-title"]', { hasText: '解放路路灯不亮' }).waitFor();
  });

  await t.step('after 查看隐私信息 the next action works (a reveal is logged, not a change): no false conflict', async () => {
    const m = await createMessage(t, { title: '求助办理低保', content: '家中老人生病，想咨询低保申请条件。', realName: '李秀英', phone: '13912345678' });
    await t.openMessage(dispatcher, { serialNo: m.serialNo, search: '求助办理低保' });
    assert.match(await dispatcher.locator('[data-testid="pii"]').textContent(), /李\*\*/);
    await dispatcher.click('[data-testid="reveal-pii"]');
    await dispatcher.locator('[data-testid="pii"]', { hasText: '李秀英' }).waitFor();
    await dispatcher.locator('[data-testid="timeline"] tr[data-action="PII_VIEWED"]').waitFor();
    await dispatcher.click('[data-testid="action-ACCEPT"]');
    await dispatcher.click('[data-testid="dialog-confirm"]');
    await dispatcher.locator('[data-testid="message-state"]', { hasText: '已受理' }).waitFor();
    const after = (await t.api(`query($id: ID!) { message(id: $id) { state timeline { nodes { action } } } }`, { id: m.id }, dispatcherToken)).message;
    assert.deepEqual([after.state, after.timeline.nodes.map((e) => e.action)], ['ACCEPTED', ['CREATED', 'PII_VIEWED', 'ACCEPTED']]);
  });
}
