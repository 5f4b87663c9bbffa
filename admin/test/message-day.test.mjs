/**
 * A message's day on its page, role by role, from the menus, the inbox, the review queue and the buttons (issue 21,
 * items 2, 4, 10 and the handler's drafting): the reviewer keeps a 常用语; the handler signs (asked first), asks for
 * an extension, answers a 督办 and drafts from the template with an attachment; the dispatcher decides the extension
 * seeing its days and reason; the reviewer opens the original from the review queue and approves; the dispatcher
 * sees why 审核通过并发布 is missing, withdraws the assist unit (撤销交办) and publishes; 回访评价 has no preset
 * scores. Every decision shows what it rests on, and the ledger who acted and what they wrote.
 */
import assert from 'node:assert/strict';
import { assignedMessage } from './lib/fixtures.mjs';

const LEAD = '长沙市住房和城乡建设局';
const ASSIST = '长沙市交通运输局';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const MESSAGE = `query($id: ID!) { message(id: $id) { state version assignments { id role state unit { name } extensionRequests { requestedDays reason state } }
  supervisions { kind response respondedAt } replies { id state content attachments { name url } } evaluations { resolution attitude speed } } }`;

export default async function messageDay(t) {
  const title = '人行道地砖松动多处';
  const m = await assignedMessage(
    t,
    { type: 'COMPLAIN', title, content: '芙蓉路人行道地砖松动多处，雨天踩上去溅水，老人容易摔倒，请尽快维修。' },
    { lead: LEAD, assists: [ASSIST], note: '请三日内核实现场并答复' },
  );
  const msg = { serialNo: m.serialNo, search: title };
  const state = async () => (await t.api(MESSAGE, { id: m.id }, await t.tokenOf('dispatcher'))).message;
  const lead = (await state()).assignments.find((a) => a.role === 'LEAD');
  const assist = (await state()).assignments.find((a) => a.role === 'ASSIST');
  const template = { title: '已安排维修', text: '您好！经现场核查，我局已安排养护单位对松动地砖进行维修，预计五个工作日内完成。感谢您的监督！' };
  let reviewer, handler, dispatcher;

  await t.step('the unit reviewer keeps a reply template (常用语) from the menu', async () => {
    reviewer = await t.loginAs('reviewer');
    await t.menu(reviewer, '常用语');
    await reviewer.getByRole('link', { name: '新建' }).click();
    await reviewer.fill('input[name="title"]', template.title);
    await reviewer.fill('textarea[name="text"]', template.text);
    await reviewer.getByRole('button', { name: '保存' }).click();
    await reviewer.locator('[data-testid="reply-templates"] tr', { hasText: template.title }).waitFor();
    const kept = (await t.api(`{ replyTemplates { title text unit { name } } }`, {}, await t.tokenOf('handler'))).replyTemplates;
    assert.ok(
      kept.some((x) => x.title === template.title && x.text === template.text && x.unit.name === LEAD),
      'the handler may use it',
    );
  });

  await t.step(
    "the handler opens the message from the inbox row, reads the dispatcher's note, and signs only after confirming; the ledger names who acted",
    async () => {
      handler = await t.loginAs('handler');
      await t.menu(handler, '本单位待办');
      // the inbox holds more than a page by now (earlier tests' work for this unit): the clerk types the serial number
      await handler.getByLabel('编号或标题').fill(m.serialNo);
      await handler.locator('tbody tr', { hasText: m.serialNo }).first().click();
      await handler.locator('[data-testid="message-title"]', { hasText: title }).waitFor();
      assert.match(await handler.locator('[data-testid="assign-note"]').textContent(), /交办说明：请三日内核实现场并答复/);
      await handler.click('[data-testid="assignment-action-SIGN"]');
      assert.match(await handler.locator('[data-testid="dialog-question"]').textContent(), new RegExp(`确定要对 ${m.serialNo} · ${LEAD} “签收”吗`));
      await handler.getByRole('button', { name: '取消' }).click();
      assert.equal((await state()).assignments.find((a) => a.id === lead.id).state, 'PENDING', 'cancelled: nothing happened');
      await handler.click('[data-testid="assignment-action-SIGN"]');
      await handler.click('[data-testid="dialog-confirm"]');
      await handler.locator(`[data-testid="assignment-${lead.id}"]`, { hasText: '办理中' }).waitFor();
      const signed = handler.locator('[data-testid="timeline"] tr[data-action="SIGNED"] td[data-col="actor"]');
      await signed.waitFor();
      assert.equal(await signed.textContent(), `住建局承办人（${LEAD}）`);
      const assigned = await handler.locator('[data-testid="timeline"] tr[data-action="ASSIGNED"] td[data-col="detail"]').textContent();
      assert.match(assigned, new RegExp(`主办单位：${LEAD} · 协办单位：${ASSIST}.*请三日内核实现场并答复`));
      await t.shot(handler, 'message-handler', { fullPage: true });
    },
  );

  await t.step('the handler asks for an extension (days and reason); the page then says why it cannot be asked again', async () => {
    await handler.click('[data-testid="assignment-action-REQUEST_EXTENSION"]');
    await handler.fill('input[data-field="days"]', '3');
    await handler.fill('textarea[data-field="reason"]', '需等待材料到货后统一铺设');
    await handler.click('[data-testid="dialog-confirm"]');
    const request = handler.locator(`[data-testid="assignment-${lead.id}"] [data-state="PENDING"]`);
    await request.waitFor();
    assert.match(await request.textContent(), /申请延期 3 个工作日（待审批）：需等待材料到货后统一铺设/);
    assert.match(
      await handler.locator(`[data-testid="assignment-${lead.id}"] [data-testid="blocked-REQUEST_EXTENSION"]`).textContent(),
      /暂不能“申请延期”：已有待审批的延期申请/,
    );
    assert.deepEqual((await state()).assignments.find((a) => a.id === lead.id).extensionRequests, [
      { requestedDays: 3, reason: '需等待材料到货后统一铺设', state: 'PENDING' },
    ]);
  });

  await t.step('the dispatcher sees the requested days and reason on the message page and grants it from a confirmation that repeats them', async () => {
    dispatcher = await t.loginAs('dispatcher');
    await t.openMessage(dispatcher, msg);
    await dispatcher.locator(`[data-testid="assignment-${lead.id}"] [data-state="PENDING"]`, { hasText: '需等待材料到货后统一铺设' }).waitFor();
    await dispatcher.click(`[data-testid="assignment-${lead.id}"] [data-testid="assignment-action-APPROVE_EXTENSION"]`);
    const details = await dispatcher.locator('[data-testid="dialog-details"]').textContent();
    assert.match(details, /申请延期：3 个工作日/);
    assert.match(details, /理由：需等待材料到货后统一铺设/);
    await dispatcher.click('[data-testid="dialog-confirm"]');
    await dispatcher.locator(`[data-testid="assignment-${lead.id}"] [data-state="APPROVED"]`, { hasText: '已同意' }).waitFor();
    assert.equal((await state()).assignments.find((a) => a.id === lead.id).extensionRequests[0].state, 'APPROVED');
  });

  await t.step("the handler answers the supervisor's 督办 from the message page", async () => {
    await t.api(
      `mutation($i: SuperviseInput!) { superviseMessage(input: $i) { supervision { id } } }`,
      { i: { messageId: m.id, content: '请于两日内报告维修进展', dueAt: new Date(Date.now() + 2 * 86400_000).toISOString() } },
      await t.tokenOf('supervisor'),
    );
    await t.menu(handler, '本单位待办');
    // the inbox holds more than a page by now (earlier tests' work for this unit): the clerk types the serial number
    await handler.getByLabel('编号或标题').fill(m.serialNo);
    await handler.locator('tbody tr', { hasText: m.serialNo }).first().click();
    await handler.click(`[data-testid="assignment-${lead.id}"] [data-testid="assignment-action-RESPOND_SUPERVISION"]`);
    assert.match(await handler.locator('[data-testid="dialog-details"]').textContent(), /督办：请于两日内报告维修进展/);
    await handler.fill('textarea[data-field="response"]', '已组织人员现场勘查，材料到货后三日内完成维修。');
    await handler.click('[data-testid="dialog-confirm"]');
    await handler.getByText('反馈内容：已组织人员现场勘查，材料到货后三日内完成维修。').waitFor();
    const s = (await state()).supervisions.find((x) => x.kind === 'SUPERVISE');
    assert.equal(s.response, '已组织人员现场勘查，材料到货后三日内完成维修。');
    assert.ok(s.respondedAt);
  });

  await t.step('the handler drafts from the template with an attachment; the reply goes to review with the file', async () => {
    await handler.click(`[data-testid="assignment-${lead.id}"] [data-testid="assignment-action-DRAFT_REPLY"]`);
    await handler.getByRole('combobox', { name: '常用语' }).click();
    await handler.getByRole('option', { name: new RegExp(template.title) }).click();
    assert.equal(await handler.locator('textarea[data-field="content"]').inputValue(), template.text);
    await handler.locator('[data-testid="attachment-input"]').setInputFiles({ name: '维修方案.pdf', mimeType: 'application/pdf', buffer: PDF });
    await handler.locator('[data-testid="draft-attachments"] [data-name="维修方案.pdf"]').waitFor();
    await t.shot(handler, 'draft-template-attachment');
    await handler.click('[data-testid="dialog-confirm"]');
    await handler.getByText('待单位审核').first().waitFor();
    const reply = (await state()).replies.find((r) => r.state === 'UNIT_REVIEW');
    assert.equal(reply.content, template.text);
    assert.equal(reply.attachments.length, 1);
    assert.equal(reply.attachments[0].name, '维修方案.pdf');
    await handler.locator(`[data-testid="reply-attachments-${reply.id}"] [data-name="维修方案.pdf"]`).waitFor();
    // The file is the one uploaded, and the reviewer (who may see the message) gets it.
    const got = await fetch(`${t.base}${reply.attachments[0].url}`, { headers: { authorization: `Bearer ${await t.tokenOf('reviewer')}` } });
    assert.equal(got.status, 200);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), PDF);
  });

  await t.step("the reviewer opens the citizen's original from the review queue's row, reads it and approves", async () => {
    await t.menu(reviewer, '审核队列');
    await reviewer.locator('tbody tr', { hasText: m.serialNo }).locator('[data-testid="review-original"]').click();
    await reviewer.click('[data-testid="original-open"]');
    await reviewer.locator('[data-testid="message-content"]', { hasText: '芙蓉路人行道地砖松动多处' }).waitFor();
    const reply = (await state()).replies.find((r) => r.state === 'UNIT_REVIEW');
    await reviewer.click(`[data-testid="reply-${reply.id}"] [data-testid="reply-action-UNIT_APPROVE"]`);
    await reviewer.click('[data-testid="dialog-confirm"]');
    await reviewer.locator(`[data-testid="reply-${reply.id}"]`, { hasText: '待平台审核' }).waitFor();
  });

  await t.step('the dispatcher sees why 审核通过并发布 is missing, withdraws the assist unit (撤销交办), then publishes', async () => {
    await t.openMessage(dispatcher, msg);
    const reply = (await state()).replies.find((r) => r.state === 'PLATFORM_REVIEW');
    const box = dispatcher.locator(`[data-testid="reply-${reply.id}"]`);
    await box.locator('[data-testid="blocked-PLATFORM_APPROVE"]').waitFor();
    assert.match(await box.locator('[data-testid="blocked-PLATFORM_APPROVE"]').textContent(), /暂不能“审核通过并发布”：还缺 1 个协办单位的意见/);
    assert.equal(await box.locator('[data-testid="reply-action-PLATFORM_APPROVE"]').count(), 0);
    await t.shot(dispatcher, 'message-blocked-reason', { fullPage: true });
    await dispatcher.click(`[data-testid="assignment-${assist.id}"] [data-testid="assignment-action-CANCEL"]`);
    assert.match(await dispatcher.locator('[data-testid="dialog-question"]').textContent(), new RegExp(ASSIST));
    await dispatcher.fill('textarea[data-field="reason"]', '该路段不涉及交通设施，无需交通局协办');
    await dispatcher.click('[data-testid="dialog-confirm"]');
    await dispatcher.locator(`[data-testid="assignment-${assist.id}"]`, { hasText: '已撤销' }).waitFor();
    await box.locator('[data-testid="reply-action-PLATFORM_APPROVE"]').click();
    await dispatcher.click('[data-testid="dialog-confirm"]');
    await dispatcher.locator('[data-testid="message-state"]', { hasText: '已答复' }).waitFor();
    const cancelled = await dispatcher.locator('[data-testid="timeline"] tr[data-action="ASSIGNMENT_CANCELLED"] td[data-col="detail"]').textContent();
    assert.match(cancelled, /该路段不涉及交通设施，无需交通局协办/);
  });

  await t.step('回访评价: no score is preset; 确定 waits for all three, and the scores saved are the ones chosen', async () => {
    await dispatcher.click('[data-testid="action-RECORD_EVALUATION"]');
    const confirm = dispatcher.locator('[data-testid="dialog-confirm"]');
    for (const label of ['解决程度', '办理态度', '办理速度'])
      assert.equal((await dispatcher.getByRole('combobox', { name: label }).textContent()).replace(/\u200b/g, '').trim(), '', `${label} starts empty`);
    assert.ok(await confirm.isDisabled(), '确定 is disabled until every score is chosen');
    const choose = async (label, option) => {
      await dispatcher.getByRole('combobox', { name: label }).click();
      await dispatcher.getByRole('option', { name: option }).click();
    };
    await choose('解决程度', '4 分');
    await choose('办理态度', '5 分（很满意）');
    assert.ok(await confirm.isDisabled());
    await choose('办理速度', '3 分');
    await confirm.click();
    await dispatcher.locator('[data-testid="message-state"]', { hasText: '已办结' }).waitFor();
    assert.deepEqual((await state()).evaluations, [{ resolution: 4, attitude: 5, speed: 3 }]);
  });
}
