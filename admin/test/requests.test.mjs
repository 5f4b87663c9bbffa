/**
 * 待审批申请: the dispatcher decides a unit's return request and extension request from the queue, reading the
 * reasons and the days asked; the decisions are what the API then shows.
 */
import assert from 'node:assert/strict';
import { assignedMessage } from './lib/fixtures.mjs';

const QUEUE = `{ pendingRequests(first: 100) { nodes { kind reason requestedDays assignment { id message { serialNo } } } } }`;

export default async function requests(t) {
  const handler = await t.tokenOf('handler');
  const lead = async (m) =>
    (await t.api(`query($id: ID!) { message(id: $id) { version assignments { id role unit { name } } } }`, { id: m.id }, handler)).message;
  const returned = await assignedMessage(t, { title: '待审批测试：路灯不亮', content: '小区门口路灯连续一个月不亮，晚上出行很不安全，请尽快维修。' });
  const extended = await assignedMessage(t, {
    type: 'COMPLAIN',
    title: '待审批测试：施工围挡占道',
    content: '某路段施工围挡长期占用人行道，行人只能走机动车道，非常危险。',
  });
  const ra = (await lead(returned)).assignments[0];
  const ea = (await lead(extended)).assignments[0];
  const returnReason = `该事项属城管部门职责（测试 ${Date.now() % 10000}）`;
  const extensionReason = `需会同交警现场勘查（测试 ${Date.now() % 10000}）`;
  await t.api(
    `mutation($i: AssignmentReasonInput!) { requestReturn(input: $i) { assignment { id } } }`,
    { i: { assignmentId: ra.id, reason: returnReason } },
    handler,
  );
  await t.api(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: ea.id } }, handler);
  await t.api(
    `mutation($i: RequestExtensionInput!) { requestExtension(input: $i) { assignment { id } } }`,
    { i: { assignmentId: ea.id, days: 6, reason: extensionReason } },
    handler,
  );
  let page;

  await t.step('the dispatcher opens 待审批申请 from the menu and reads every pending request with its reason and days', async () => {
    page = await t.loginAs('dispatcher');
    await t.menu(page, '待审批申请');
    const rows = page.locator('[data-testid="pending-requests"] tbody tr');
    await rows.filter({ hasText: extended.serialNo }).waitFor();
    const api = (await t.api(QUEUE, {}, await t.tokenOf('dispatcher'))).pendingRequests.nodes;
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('[data-kind]')?.getAttribute('data-kind'), tr.querySelector('[data-testid="request-reason"]')?.textContent]),
    );
    assert.deepEqual(
      shown,
      api.map((n) => [n.kind, n.reason]),
      'the queue shows what the API lists, in its order',
    );
    const ext = rows.filter({ hasText: extended.serialNo });
    assert.equal(await ext.locator('[data-testid="request-reason"]').textContent(), extensionReason);
    assert.equal(await ext.locator('[data-testid="request-days"]').textContent(), '6 个工作日');
    assert.equal(await rows.filter({ hasText: returned.serialNo }).locator('[data-testid="request-reason"]').textContent(), returnReason);
    await t.shot(page, 'pending-requests');
  });

  await t.step('the dispatcher approves the return with a comment: it leaves the queue and the message waits to be assigned again', async () => {
    const row = page.locator('[data-testid="pending-requests"] tbody tr', { hasText: returned.serialNo });
    await row.locator('[data-testid="request-APPROVE_RETURN"]').click();
    await page.getByRole('dialog').locator('textarea[data-field="comment"]').fill('同意退回，另行交办城管部门');
    await page.click('[data-testid="dialog-confirm"]');
    await row.waitFor({ state: 'detached' });
    const m = (await t.api(`query($id: ID!) { message(id: $id) { state assignments { id state } } }`, { id: returned.id }, await t.tokenOf('dispatcher')))
      .message;
    assert.deepEqual([m.state, m.assignments.find((a) => a.id === ra.id).state], ['ACCEPTED', 'RETURNED']);
  });

  await t.step('the dispatcher grants the extension for fewer days than asked: the deadline moves by those days', async () => {
    const before = (await t.api(`query($id: ID!) { assignment(id: $id) { replyDueAt } }`, { id: ea.id }, handler)).assignment.replyDueAt;
    const row = page.locator('[data-testid="pending-requests"] tbody tr', { hasText: extended.serialNo });
    await row.locator('[data-testid="request-APPROVE_EXTENSION"]').click();
    const dialog = page.getByRole('dialog');
    assert.equal(await dialog.locator('input[data-field="days"]').inputValue(), '6', 'the days asked are proposed');
    await dialog.locator('input[data-field="days"]').fill('4');
    await page.click('[data-testid="dialog-confirm"]');
    await row.waitFor({ state: 'detached' });
    const a = (
      await t.api(
        `query($id: ID!) { assignment(id: $id) { replyDueAt extensionCount extensionRequests { state requestedDays newDueAt } } }`,
        { id: ea.id },
        handler,
      )
    ).assignment;
    assert.equal(a.extensionCount, 1);
    assert.deepEqual(
      a.extensionRequests.map((x) => [x.state, x.requestedDays]),
      [['APPROVED', 6]],
    );
    assert.equal(a.replyDueAt, a.extensionRequests[0].newDueAt);
    assert.ok(Date.parse(a.replyDueAt) > Date.parse(before), 'the deadline moved later');
    const left = (await t.api(QUEUE, {}, await t.tokenOf('dispatcher'))).pendingRequests.nodes.map((n) => n.assignment.message.serialNo);
    assert.ok(!left.includes(extended.serialNo) && !left.includes(returned.serialNo));
  });
}
