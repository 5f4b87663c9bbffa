/**
 * The reviewer decides knowing the question: from the review queue they read the citizen's original message,
 * correct the draft's text, and approve; the ledger keeps the text before. The queue's headers stay on one line.
 */
import assert from 'node:assert/strict';
import { assignedMessage } from './lib/fixtures.mjs';

export default async function reviewTools(t) {
  const handler = await t.tokenOf('handler');
  const content = '小区东门外的人行道被共享单车堆满，轮椅和婴儿车都过不去，已经持续两个多月，请尽快清理并规范停放。';
  const photo = { name: '现场照片.jpg', url: 'https://city.example.org/photos/bikes.jpg' };
  const m = await assignedMessage(t, { type: 'COMPLAIN', title: '审核测试：共享单车堵塞人行道', content, attachments: [photo] });
  const a = (await t.api(`query($id: ID!) { message(id: $id) { assignments { id } } }`, { id: m.id }, handler)).message.assignments[0];
  await t.api(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: a.id } }, handler);
  const draft = '您好！我局已通知运营企业清理该路段车辆。';
  const r = (
    await t.api(
      `mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id } } }`,
      { i: { assignmentId: a.id, kind: 'FINAL', content: draft } },
      handler,
    )
  ).draftReply.reply;
  await t.api(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { id } } }`, { i: { replyId: r.id } }, handler);
  let page;
  let row;

  await t.step("the reviewer opens the citizen's message from the queue row", async () => {
    page = await t.loginAs('reviewer');
    await t.menu(page, '审核队列');
    row = page.locator('tbody tr', { hasText: m.serialNo });
    await row.waitFor();
    const heights = await page.locator('thead th').evaluateAll((ths) => ths.map((th) => [th.textContent, th.getBoundingClientRect().height]));
    for (const [text, h] of heights) assert.ok(h < 60, `header “${text}” stays on one line (${h}px)`);
    await row.locator('[data-testid="review-original"]').click();
    const dialog = page.locator('[data-testid="original-dialog"]');
    assert.equal(await dialog.locator('[data-testid="original-content"]').textContent(), content);
    assert.equal(await dialog.locator('[data-testid="original-title"]').textContent(), '审核测试：共享单车堵塞人行道');
    // The citizen's files are opened by the same component as on the message page (server-kept files need the token).
    assert.deepEqual(await dialog.locator('[data-testid="original-attachments"] button').allTextContents(), [photo.name]);
    await t.shot(page, 'review-original');
    await dialog.getByRole('button', { name: '关闭' }).click();
  });

  const revised = '您好！经现场核查，我局已责令运营企业于本周内清理该路段违停车辆，并在东门外划定停放区、安排专人巡查。感谢您的监督！';
  await t.step("the reviewer corrects the draft's text and approves it; the ledger keeps the text before", async () => {
    await row.locator('[data-testid="reply-action-REVISE"]').click();
    const box = page.getByRole('dialog').locator('textarea[data-field="content"]');
    assert.equal(await box.inputValue(), draft, 'the draft is offered for correction');
    await box.fill(revised);
    await page.click('[data-testid="dialog-confirm"]');
    await row.locator('td.column-content', { hasText: revised }).waitFor();
    await row.locator('[data-testid="reply-action-UNIT_APPROVE"]').click();
    await page.click('[data-testid="dialog-confirm"]');
    await row.waitFor({ state: 'detached' });
    const d = (
      await t.api(
        `query($id: ID!) { message(id: $id) { replies { content state } timeline { nodes { action payload } } } }`,
        { id: m.id },
        await t.tokenOf('dispatcher'),
      )
    ).message;
    assert.deepEqual(
      d.replies.map((x) => [x.content, x.state]),
      [[revised, 'PLATFORM_REVIEW']],
    );
    const e = d.timeline.nodes.find((x) => x.action === 'REPLY_REVISED');
    assert.deepEqual([e.payload.level, e.payload.previousContent], ['UNIT', draft]);
  });
}
