/**
 * The dispatcher's day at the front desk (issue 21, items 6-8 and 11), from the menus, lists and buttons only:
 * registers a phone call and reads out the query code (which then works on the public lookup); screens messages
 * (accepts one, marks one invalid with a reason, merges a repeat into the original picked from the server's
 * suggestions by its serial number); assigns with the deadline preview (the deadlines the units get are the ones
 * previewed) and in bulk with an assist unit; sees working days left, the screening age of old 待受理 messages and
 * the hold status, as the API computes them.
 */
import assert from 'node:assert/strict';
import { chooseUnit } from './lib/ui.mjs';

const DEMO_KEY = 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz';
const CREATE = `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id serialNo title version } } }`;
const MESSAGE = `query($id: ID!) { message(id: $id) { id serialNo state isComplex invalidReason screeningNote duplicateOf { serialNo } category { name } region { name } addressedLeader { name }
  deadline { workingDaysLeft paused } screening { waitingWorkingDays level } assignments { role state signDueAt replyDueAt unit { name } } } }`;
const BY_TITLE = `query($q: String) { messages(first: 20, filter: { keyword: $q }) { nodes { id serialNo title state } } }`;

/** Opens the message list from the menu and narrows it with the keyword box (the tag is in every title). */
async function listMessages(t, page, keyword) {
  await t.menu(page, '留言');
  await t.search(page, keyword);
  await page.waitForFunction((k) => {
    const rows = [...document.querySelectorAll('tbody tr')];
    return rows.length > 0 && rows.every((r) => r.textContent.includes(k));
  }, keyword);
}

/** Opens a message by clicking its row in the list shown, and waits for the whole message. */
async function openRow(page, serialNo) {
  await page.locator('tbody tr', { hasText: serialNo }).click();
  await page.locator('[data-testid="message-title"]').waitFor();
  await page.locator('[data-testid="message-actions"]').waitFor();
}

/** Picks an option of an autocomplete input by typing part of it. */
async function pick(page, label, typed, option) {
  const box = page.getByRole('combobox', { name: label });
  await box.click();
  await box.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

/** Lets a dialog finish opening before a screenshot. */
const settled = (page) => page.waitForFunction(() => [...document.querySelectorAll('.MuiDialog-container')].every((e) => getComputedStyle(e).opacity === '1'));

export default async function screening(t) {
  const token = await t.tokenOf('dispatcher');
  const api = (q, v) => t.api(q, v, token);
  const tag = `前台${Date.now() % 100000}`;
  const page = await t.loginAs('dispatcher');

  await t.step(
    'the dispatcher registers a phone call: the phone is checked, the query code is shown once and works; the form is emptied, a double click saves once',
    async () => {
      await t.menu(page, '留言');
      await page.getByRole('link', { name: '新建' }).click();
      await page.getByRole('combobox', { name: '类型' }).click();
      await page.getByRole('option', { name: '投诉' }).click();
      await pick(page, '领域', '物业', /^物业管理/);
      const title = `${tag} 小区电梯长期故障无人维修`;
      await page.getByRole('textbox', { name: '标题', exact: true }).fill(title);
      await page
        .getByRole('textbox', { name: '内容', exact: true })
        .fill('岳麓区某小区 3 栋电梯停运两周，物业一直不修，老人上下楼很困难，请有关部门督促处理。');
      await pick(page, '地区', '岳麓', /^岳麓区/);
      await pick(page, '留言对象（领导）', '罗佳慧', /^罗佳慧/);
      await page.getByRole('textbox', { name: '姓名', exact: true }).fill('刘小梅');
      const phone = page.getByRole('textbox', { name: '电话', exact: true });
      await phone.fill('0731-888');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByText('电话应为 11 位手机号或带区号的固定电话').first().waitFor();
      assert.equal((await api(BY_TITLE, { q: title })).messages.nodes.length, 0, 'nothing saved with a wrong phone');
      await phone.fill('139 0731 2266');
      await page.getByRole('button', { name: '保存' }).click();

      const dialog = page.locator('[data-testid="created-dialog"]');
      await dialog.waitFor();
      const serialNo = (await dialog.locator('[data-testid="created-serial"]').textContent()).trim();
      const code = await dialog.locator('[data-testid="created-query-code"]').getAttribute('data-code');
      assert.match(serialNo, /^WZ\d{14}$/);
      assert.match(code, /^[A-Z2-9]{8}$/);
      // What the clerk reads out works: the citizen's lookup with the serial number and the code.
      const lookup = await t.api(
        `query($c: CitizenCredentials!) { lookupMessage(credentials: $c) { message { serialNo title } } }`,
        { c: { serialNo, queryCode: code } },
        null,
        { 'x-api-key': DEMO_KEY },
      );
      assert.deepEqual(lookup.lookupMessage.message, { serialNo, title });
      await settled(page);
      await t.shot(page, 'message-create-query-code');

      const [saved] = (await api(BY_TITLE, { q: title })).messages.nodes;
      const detail = (await api(MESSAGE, { id: saved.id })).message;
      assert.deepEqual([detail.serialNo, detail.category?.name, detail.region?.name, detail.addressedLeader?.name], [serialNo, '物业管理', '岳麓区', '罗佳慧']);
      const pii = (await api(`mutation($i: MessageActionInput!) { revealMessagePii(input: $i) { pii { phone realName } } }`, { i: { messageId: saved.id } }))
        .revealMessagePii.pii;
      assert.deepEqual(pii, { phone: '13907312266', realName: '刘小梅' });

      // The next call: the form is empty again; saving twice in a row registers one message.
      await dialog.locator('[data-testid="created-another"]').click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await page.getByRole('textbox', { name: '标题', exact: true }).inputValue(), '');
      assert.equal(await page.getByRole('textbox', { name: '电话', exact: true }).inputValue(), '');
      const second = `${tag} 咨询居住证办理材料`;
      await page.getByRole('textbox', { name: '标题', exact: true }).fill(second);
      await page.getByRole('textbox', { name: '内容', exact: true }).fill('请问外地户籍在长沙办理居住证需要准备哪些材料，在哪里办理？');
      await page.getByRole('textbox', { name: '电话', exact: true }).fill('0731-84561234');
      await page.getByRole('button', { name: '保存' }).dblclick();
      await dialog.waitFor();
      await dialog.locator('[data-testid="created-open"]').click();
      await page.locator('[data-testid="message-title"]', { hasText: second }).waitFor();
      await page.locator('[data-testid="screening-chip"]', { hasText: '今日收件' }).waitFor();
      assert.equal((await api(BY_TITLE, { q: second })).messages.nodes.length, 1, 'one message for a double click');
      assert.equal((await api(BY_TITLE, { q: title })).messages.nodes.length, 1);
    },
  );

  // Messages to screen: an original and its repeat from the same caller, one to accept, one to refuse, one long waiting.
  const make = async (i) => (await api(CREATE, { i: { channel: 'HOTLINE_12345', type: 'HELP', ...i } })).createMessage.message;
  const original = await make({
    title: `${tag} 路口红绿灯损坏`,
    content: '麓山路与桐梓坡路路口的红绿灯坏了三天，早晚高峰很拥堵，请尽快维修。',
    phone: '13807319988',
    submittedAt: new Date(Date.now() - 3600_000).toISOString(),
  });
  const repeat = await make({
    title: `${tag} 再次反映红绿灯`,
    content: '麓山路与桐梓坡路路口的红绿灯坏了三天，早晚高峰很拥堵，请尽快维修！',
    phone: '138 0731 9988',
  });
  const toAccept = await make({ title: `${tag} 咨询公租房申请条件`, content: '请问长沙市公租房的申请条件是什么，需要哪些材料？' });
  const toRefuse = await make({ title: `${tag} 要求查询他人手机号`, content: '我想查一下邻居的手机号码和住址，请帮我查询。' });
  const old = await make({
    title: `${tag} 反映噪音扰民`,
    content: '楼下商铺晚上音响声音太大，影响休息，请有关部门处理。',
    submittedAt: new Date(Date.now() - 10 * 86400_000).toISOString(),
  });

  await t.step("the list shows how long 待受理 messages have waited, coloured by the server's screening age", async () => {
    await listMessages(t, page, tag);
    const s = (await api(MESSAGE, { id: old.id })).message.screening;
    assert.equal(s.level, 'RED');
    const chip = page.locator('tbody tr', { hasText: old.serialNo }).locator('[data-testid="screening-chip"]');
    assert.equal(await chip.getAttribute('data-screening'), 'RED');
    assert.equal((await chip.textContent()).trim(), `待受理 ${s.waitingWorkingDays} 个工作日`);
    assert.equal(
      await page.locator('tbody tr', { hasText: toAccept.serialNo }).locator('[data-testid="screening-chip"]').getAttribute('data-screening'),
      'GREEN',
    );
    await t.shot(page, 'messages-deadlines');
  });

  await t.step('screening: accept one, mark one invalid with a reason, merge a repeat into the suggested original by its serial number', async () => {
    await openRow(page, toAccept.serialNo);
    await page.click('[data-testid="action-ACCEPT"]');
    await page.click('[data-testid="dialog-confirm"]'); // every state change asks first
    await page.locator('[data-testid="message-state"]', { hasText: '已受理' }).waitFor();

    await listMessages(t, page, tag);
    await openRow(page, toRefuse.serialNo);
    await page.click('[data-testid="action-MARK_INVALID"]');
    await page.getByRole('combobox', { name: '不予受理原因' }).click();
    await page.getByRole('option', { name: '非政务事项' }).click();
    await page.fill('input[data-field="note"]', '涉及他人隐私，不属政务事项');
    await page.click('[data-testid="dialog-confirm"]');
    await page.locator('[data-testid="message-state"]', { hasText: '不予受理' }).waitFor();
    const refused = (await api(MESSAGE, { id: toRefuse.id })).message;
    assert.deepEqual([refused.state, refused.invalidReason, refused.screeningNote], ['INVALID', 'NOT_GOVERNMENT', '涉及他人隐私，不属政务事项']);

    await listMessages(t, page, tag);
    await openRow(page, repeat.serialNo);
    // At screening the page lists the server's suggestions; the merge dialog offers them to pick.
    await page.locator('[data-testid="duplicates"] li', { hasText: original.serialNo }).waitFor();
    await page.click('[data-testid="action-MERGE"]');
    const suggestion = page.locator('[data-testid="merge-suggestions"] li', { hasText: original.serialNo });
    await suggestion.waitFor();
    const offered = (
      await api(`query($id: ID!) { message(id: $id) { duplicateSuggestions { serialNo } } }`, { id: repeat.id })
    ).message.duplicateSuggestions.map((x) => x.serialNo);
    assert.deepEqual(await page.locator('[data-testid="merge-suggestions"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-serial'))), offered);
    await suggestion.getByRole('button').click();
    assert.equal(await page.locator('input[data-field="targetSerialNo"]').inputValue(), original.serialNo);
    await page.locator('[data-testid="dialog-confirm"]:not([disabled])').waitFor();
    await settled(page);
    await t.shot(page, 'merge-suggestions');
    await page.click('[data-testid="dialog-confirm"]');
    await page.locator('[data-testid="message-state"]', { hasText: '已并单' }).waitFor();
    const merged = (await api(MESSAGE, { id: repeat.id })).message;
    assert.deepEqual([merged.state, merged.duplicateOf?.serialNo], ['MERGED', original.serialNo]);
  });

  await t.step('assigning: the preview follows the complex switch, the platform itself is not offered, and the units get the previewed deadlines', async () => {
    await listMessages(t, page, tag);
    await openRow(page, toAccept.serialNo);
    await page.click('[data-testid="action-ASSIGN"]');
    const dialog = page.getByRole('dialog');
    const preview = dialog.locator('[data-testid="deadline-preview"]');
    await preview.waitFor();
    assert.match(await preview.locator('[data-testid="preview-policy"]').textContent(), /求助 10 个工作日/);
    // The province is where the platform sits: typed in, it is not among the units offered.
    const lead = dialog.getByRole('combobox', { name: '主办单位' });
    await lead.fill('湖南省');
    await dialog.page().getByRole('option').first().waitFor();
    const offered = await dialog.page().getByRole('option').allTextContents();
    assert.ok(offered.length > 0 && !offered.includes('湖南省'), `offered: ${offered.join(', ')}`);
    await chooseUnit(lead, '长沙市住房和城乡建设局');
    await chooseUnit(dialog.getByRole('combobox', { name: '协办单位' }), '长沙市交通运输局');
    await dialog.getByLabel('复杂件').check();
    await dialog.locator('[data-testid="deadline-preview"][data-complex="true"]').waitFor();
    assert.match(await preview.locator('[data-testid="preview-policy"]').textContent(), /复杂件 20 个工作日/);
    const sign = await preview.locator('[data-testid="preview-sign"]').getAttribute('data-iso');
    const reply = await preview.locator('[data-testid="preview-reply"]').getAttribute('data-iso');
    await dialog.locator('input[data-field="note"], textarea[data-field="note"]').first().fill('请主办单位牵头核实，协办单位配合');
    await settled(page);
    await t.shot(page, 'assign-preview');
    await page.click('[data-testid="dialog-confirm"]');
    await page.locator('[data-testid="message-state"]', { hasText: '已交办' }).waitFor();
    const m = (await api(MESSAGE, { id: toAccept.id })).message;
    assert.equal(m.isComplex, true);
    assert.deepEqual(
      m.assignments.map((a) => [a.role, a.unit.name, a.signDueAt, a.replyDueAt]),
      [
        ['LEAD', '长沙市住房和城乡建设局', sign, reply],
        ['ASSIST', '长沙市交通运输局', sign, reply],
      ],
    );
    // The page shows the working days left as the server counts them.
    const left = m.deadline.workingDaysLeft;
    await page.locator('[data-testid="message-title"] ~ [data-testid="deadline-chip"]', { hasText: `剩 ${left} 个工作日` }).waitFor();
  });

  await t.step('bulk 交办 takes assist units too', async () => {
    const a = await make({ title: `${tag} 批量交办一`, content: '小区门口道路积水严重，下雨天无法通行，请尽快处理。' });
    const b = await make({ title: `${tag} 批量交办二`, content: '小区门口人行道破损，老人容易摔倒，请尽快修复。' });
    await listMessages(t, page, `${tag} 批量交办`);
    for (const m of [a, b]) await page.locator('tbody tr', { hasText: m.serialNo }).locator('input[type="checkbox"]').check();
    await page.click('[data-testid="bulk-ASSIGN"]');
    const dialog = page.locator('[data-testid="bulk-dialog"]');
    await chooseUnit(dialog.getByRole('combobox', { name: '主办单位' }), '长沙市城市管理和综合执法局');
    await chooseUnit(dialog.getByRole('combobox', { name: '协办单位' }), '长沙市住房和城乡建设局');
    await page.click('[data-testid="bulk-confirm"]');
    await dialog.locator('[data-testid="bulk-summary-text"]', { hasText: '批量交办：成功 2 条，失败 0 条。' }).waitFor();
    await page.click('[data-testid="bulk-close"]');
    for (const m of [a, b]) {
      const got = (await api(MESSAGE, { id: m.id })).message.assignments.map((x) => [x.role, x.unit.name]);
      assert.deepEqual(got, [
        ['LEAD', '长沙市城市管理和综合执法局'],
        ['ASSIST', '长沙市住房和城乡建设局'],
      ]);
    }
  });

  await t.step('a message on hold shows its hold status and the stopped clock, never 超期', async () => {
    await api(`mutation($i: MessageReasonInput!) { holdMessage(input: $i) { message { id } } }`, {
      i: { messageId: toAccept.id, reason: '请群众补充现场照片' },
    });
    await listMessages(t, page, tag);
    const chip = page.locator('tbody tr', { hasText: toAccept.serialNo }).locator('[data-testid="deadline-chip"]');
    await chip.waitFor();
    const d = (await api(MESSAGE, { id: toAccept.id })).message.deadline;
    assert.equal(d.paused, true);
    assert.equal(await chip.getAttribute('data-deadline'), 'paused');
    assert.equal((await chip.textContent()).trim(), `挂起中（剩 ${d.workingDaysLeft} 个工作日）`);
    await openRow(page, toAccept.serialNo);
    await page.locator('[data-testid="hold-status"]', { hasText: '挂起中：自' }).waitFor();
    assert.equal(await page.locator('[data-deadline="overdue"]').count(), 0);
  });
}
