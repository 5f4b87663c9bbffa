/**
 * 相似件归并 in the console (docs/analysis.md, "Groups of similar messages"), as a dispatcher does it: opens a message
 * from the list, chooses two of its similar messages and links them into a group with it (归并为一组); the page shows
 * the group with serial numbers and states, the lead marked; 交办 of the lead offers to assign the group together,
 * and afterwards the members show as assigned (as the API says); a member's page shows the group and the lead's state.
 */
import assert from 'node:assert/strict';
import { checkAccessibility } from './lib/axe.mjs';
import { analysisIndexed, createMessage, unitId } from './lib/fixtures.mjs';
import { chooseUnit } from './lib/ui.mjs';

const MESSAGE = `query($id: ID!) { message(id: $id) { id state leadUnit { id } assignments { id role } group { id size lead { id } } timeline(first: 50) { nodes { action } } } }`;

/** A street name of Chinese characters no other test uses. */
const STREET = `${'桂枫樟柏杉榆'.split('')[Date.now() % 6]}${'林荫溪'.split('')[Math.floor(Date.now() / 6) % 3]}路`;

export default async function grouping(t) {
  const dispatcher = await t.tokenOf('dispatcher');
  const tag = `归并${Date.now() % 100000}`;
  const content = (n) =>
    `开福区${STREET}与湘江北路交叉口的人行天桥台阶破损严重，扶手松动，晚上没有照明，老人小孩上下天桥很危险，请求开福区城管局尽快维修${STREET}人行天桥。${'已经反映过。'.repeat(n)}`;
  const made = [];
  for (let n = 0; n < 3; n++) {
    made.push(
      await createMessage(t, {
        type: 'HELP',
        title: `${tag} ${STREET}人行天桥${['台阶破损', '扶手松动', '没有照明'][n]}`,
        content: content(n),
        phone: `1370002${String(1000 + n)}`,
      }),
    );
  }
  await analysisIndexed(t, dispatcher);
  const [lead, ...others] = made;
  const page = await t.loginAs('dispatcher');

  await t.step('the dispatcher opens a message from the list and links two similar messages with it into a group', async () => {
    await t.openMessage(page, { serialNo: lead.serialNo, search: tag });
    const list = page.locator('[data-testid="similar-messages"]');
    await list.waitFor();
    for (const o of others) await list.locator(`[data-testid="choose-${o.serialNo}"] input`).check();
    await page.locator('[data-testid="link-similar"]', { hasText: '归并为一组（2 件）' }).click();
    const dialog = page.getByRole('dialog');
    const question = await dialog.textContent();
    for (const o of others) assert.ok(question.includes(o.serialNo), `${o.serialNo} in: ${question}`);
    assert.match(question, new RegExp(`与本件（${lead.serialNo}，作为主件）归并为一组`));
    await dialog.locator('[data-field="group-note"]').fill('同一座人行天桥');
    await checkAccessibility(page, 'link-similar-dialog');
    await dialog.locator('[data-testid="dialog-confirm"]').click();
    const group = page.locator('[data-testid="message-group"]');
    await group.waitFor();
    const rows = await group
      .locator('[data-testid="group-member"]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-serial'), e.getAttribute('data-lead'), e.getAttribute('data-state')]));
    assert.deepEqual(rows, [
      [lead.serialNo, 'true', 'RECEIVED'],
      [others[0].serialNo, 'false', 'RECEIVED'],
      [others[1].serialNo, 'false', 'RECEIVED'],
    ]);
    assert.match(await group.textContent(), /本件是归并组的主件，组内共 3 件留言/);
    assert.match(await group.locator('[data-testid="group-member"]').first().textContent(), /主件.*待受理/);
    const api = (await t.api(MESSAGE, { id: others[1].id }, dispatcher)).message;
    assert.equal(api.group.lead.id, lead.id);
    assert.equal(api.group.size, 3);
    await t.shot(page, 'message-group');
  });

  await t.step("the lead's ledger lists the messages that joined; the 留言 list marks the lead (归并 3 件) and its members (并入 the lead)", async () => {
    const ledger = page.locator('[data-testid="timeline"] tr[data-action="GROUP_MEMBER_ADDED"]');
    await ledger.first().waitFor();
    const joined = await ledger.evaluateAll((els) => els.map((e) => e.textContent));
    assert.equal(joined.length, 2);
    for (const o of others)
      assert.ok(
        joined.some((row) => new RegExp(`归并组加入留言.*留言 ${o.serialNo}`).test(row)),
        `${o.serialNo} in ${joined.join(' | ')}`,
      );
    await t.menu(page, '留言');
    await t.search(page, tag);
    const mark = (serial) =>
      page
        .locator('tbody tr')
        .filter({ has: page.locator('td.column-serialNo', { hasText: serial }) })
        .locator('[data-testid="group-mark"]');
    await mark(lead.serialNo).waitFor();
    assert.equal(await mark(lead.serialNo).textContent(), '归并 3 件');
    assert.equal(await mark(lead.serialNo).getAttribute('data-lead'), 'true');
    for (const o of others) assert.equal(await mark(o.serialNo).textContent(), `并入 ${lead.serialNo}`);
    // as the API says
    const LIST = `query($q: String) { messages(first: 10, filter: { keyword: $q }) { nodes { serialNo groupMark { isLead size leadSerialNo } } } }`;
    const nodes = (await t.api(LIST, { q: tag }, dispatcher)).messages.nodes;
    assert.deepEqual(nodes.find((n) => n.serialNo === lead.serialNo).groupMark, { isLead: true, size: 3, leadSerialNo: lead.serialNo });
    await t.shot(page, 'message-list-group-mark');
    await t.openMessage(page, { serialNo: lead.serialNo, search: tag });
  });

  await t.step('交办 of the lead offers the group; assigned together, the members show as assigned', async () => {
    await page.click('[data-testid="action-ASSIGN"]');
    const dialog = page.getByRole('dialog');
    const option = dialog.locator('[data-testid="assign-group-option"]');
    await option.waitFor();
    assert.match(await option.textContent(), /同时交办组内 2 件未交办的留言/);
    await chooseUnit(dialog.getByRole('combobox', { name: '主办单位' }), '长沙市住房和城乡建设局');
    await dialog.locator('[data-testid="deadline-preview"]').waitFor();
    await dialog.locator('[data-testid="dialog-confirm"]').click();
    await page.locator('[data-testid="message-state"]', { hasText: '已交办' }).waitFor();
    const group = page.locator('[data-testid="message-group"]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="group-member"]')].every((e) => e.getAttribute('data-state') === 'ASSIGNED'));
    assert.equal(await group.locator('[data-testid="member-state"]', { hasText: '已交办' }).count(), 3);
    const unit = await unitId(t, '长沙市住房和城乡建设局');
    for (const m of made) {
      const api = (await t.api(MESSAGE, { id: m.id }, dispatcher)).message;
      assert.equal(api.state, 'ASSIGNED');
      assert.equal(api.leadUnit.id, unit);
      assert.equal(api.timeline.nodes.filter((e) => e.action === 'ASSIGNED').length, 1);
    }
  });

  await t.step("a member's page shows the group, its lead and the lead's state; its ledger says it was assigned with the lead", async () => {
    await page.locator('[data-testid="message-group"] [data-testid="group-member"]').nth(1).getByRole('link', { name: others[0].serialNo }).click();
    await page.locator('[data-testid="message-title"]', { hasText: others[0].title.split(' ')[1] }).waitFor();
    const summary = page.locator('[data-testid="group-summary"]');
    await summary.waitFor();
    assert.match(await summary.textContent(), new RegExp(`本件已归并，组内共 3 件留言，主件 ${lead.serialNo} · 主件状态：已交办`));
    const ledger = page.locator('[data-testid="timeline"]');
    assert.match(await ledger.locator('tr[data-action="GROUPED"]').textContent(), new RegExp(`相似件归并.*主件 ${lead.serialNo}.*同一座人行天桥`));
    assert.match(await ledger.locator('tr[data-action="ASSIGNED"]').textContent(), new RegExp(`随主件 ${lead.serialNo} 一并交办`));
    await t.shot(page, 'message-group-member');
  });

  await t.step("once the lead is answered, a member's page offers the lead's published reply for reference", async () => {
    const handler = await t.tokenOf('handler');
    const reviewer = await t.tokenOf('reviewer');
    const a = (await t.api(MESSAGE, { id: lead.id }, handler)).message.assignments.find((x) => x.role === 'LEAD');
    await t.api(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: a.id } }, handler);
    const answer = `您好！经现场核查，${STREET}人行天桥的台阶和扶手已安排维修，照明灯具将于本月底前安装。咨询电话：0731-88880000。`;
    const draft = (
      await t.api(
        `mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id } } }`,
        { i: { assignmentId: a.id, kind: 'FINAL', content: answer, contactedCitizen: true, contactMethod: '电话', resolved: true } },
        handler,
      )
    ).draftReply.reply;
    let state = (await t.api(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { state } } }`, { i: { replyId: draft.id } }, handler))
      .submitReply.reply.state;
    for (let i = 0; i < 3 && state !== 'PUBLISHED'; i++) {
      state = (
        await t.api(
          `mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { state } } }`,
          { i: { replyId: draft.id, approve: true } },
          state === 'UNIT_REVIEW' ? reviewer : dispatcher,
        )
      ).reviewReply.reply.state;
    }
    assert.equal(state, 'PUBLISHED');
    await t.openMessage(page, { serialNo: others[1].serialNo, search: tag });
    const box = page.locator('[data-testid="lead-reply"]');
    await box.waitFor();
    assert.match(await box.textContent(), new RegExp(`主件 ${lead.serialNo} 的答复`));
    assert.ok((await box.textContent()).includes(answer));
    assert.match(await page.locator('[data-testid="group-summary"]').textContent(), /主件状态：已答复/);
    // the member itself is not answered by it
    assert.equal((await t.api(MESSAGE, { id: others[1].id }, dispatcher)).message.state, 'ASSIGNED');
  });
}
