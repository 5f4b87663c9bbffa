/**
 * Understanding the messages (issue 15) in the console, as users do it: at screening the dispatcher sees the
 * similar messages of a message (the ones the API lists), sets the suggested category with one click and assigns
 * to a suggested lead unit from the suggestion (the 交办 dialog opens with it chosen); the 热点问题 page lists the
 * period's problems as the API does and downloads the 专报 (a Word document); the reviewer sees the reply checks
 * in the review queue.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { analysisIndexed, assignedMessage, createMessage } from './lib/fixtures.mjs';

const SIMILAR = `query($id: ID!) { similarMessages(messageId: $id, first: 10) { message { serialNo } } }`;
const CATS = `query($id: ID) { categorySuggestions(messageId: $id) { category { id name } } }`;
const UNITS = `query($id: ID!) { unitSuggestions(messageId: $id) { unit { id name } } }`;
const MESSAGE = `query($id: ID!) { message(id: $id) { id state category { id } leadUnit { id name } assignments { id role } } }`;
const HOT = `query($p: PeriodInput!) { hotProblems(period: $p, first: 20) { problems { key label messages citizens } } }`;

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
/** A place name of Chinese characters no other test uses (the analysis reads Chinese words). */
const PLACE = `${'翠竹青松明月清泉'.split('')[Date.now() % 8]}${'溪园湖山'.split('')[Math.floor(Date.now() / 8) % 4]}家园`;

export default async function analysis(t) {
  const dispatcher = await t.tokenOf('dispatcher');
  const tag = `分析${Date.now() % 100000}`;
  const content = (n) =>
    `岳麓区${PLACE}小区旁边新建了一个混凝土搅拌站，每天夜里搅拌机和运输车噪音很大，粉尘满天飞，居民无法开窗休息，请求岳麓区住建局查处这个搅拌站。${'已经反映多次。'.repeat(n)}`;
  const made = [];
  for (let n = 0; n < 4; n++) {
    made.push(
      await createMessage(t, {
        type: 'COMPLAIN',
        title: `${tag} ${PLACE}旁搅拌站${['噪音扰民', '粉尘污染', '夜间施工', '违规建设'][n]}`,
        content: content(n),
        phone: `1390001${String(1000 + n)}`,
      }),
    );
  }
  await analysisIndexed(t, dispatcher);
  const m = made[3];
  const page = await t.loginAs('dispatcher');

  await t.step('at screening the message page lists the similar messages the server finds, with the place they share', async () => {
    await t.openMessage(page, { serialNo: m.serialNo, search: tag });
    const expected = (await t.api(SIMILAR, { id: m.id }, dispatcher)).similarMessages.map((s) => s.message.serialNo);
    assert.ok(
      made.slice(0, 3).every((x) => expected.slice(0, 3).includes(x.serialNo)),
      'the API finds the other three first',
    );
    const list = page.locator('[data-testid="similar-messages"]');
    await list.waitFor();
    const shown = await list.locator('li[data-serial]').evaluateAll((els) => els.map((e) => e.getAttribute('data-serial')));
    assert.deepEqual(shown, expected);
    assert.match(await list.locator('li[data-serial]').first().textContent(), new RegExp(PLACE));
    await t.shot(page, 'similar-messages');
  });

  await t.step('a suggested category is set with one click (the message has it in the API)', async () => {
    const suggested = (await t.api(CATS, { id: m.id }, dispatcher)).categorySuggestions;
    const box = page.locator('[data-testid="category-suggestions"]');
    const chips = box.locator('[data-category]');
    await chips.first().waitFor();
    assert.deepEqual(
      await chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-category'))),
      suggested.map((s) => s.category.id),
    );
    await chips.first().click();
    await page.getByText(`当前领域：${suggested[0].category.name}`).waitFor();
    assert.equal((await t.api(MESSAGE, { id: m.id }, dispatcher)).message.category.id, suggested[0].category.id);
  });

  await t.step('a suggested lead unit opens 交办 with that unit chosen; confirming assigns it', async () => {
    const suggested = (await t.api(UNITS, { id: m.id }, dispatcher)).unitSuggestions;
    assert.equal(suggested[0].unit.name, '长沙市岳麓区住房和城乡建设局', 'the unit named in the text, resolved in the region named');
    const row = page.locator('[data-testid="unit-suggestions"] li[data-unit]').first();
    assert.equal(await row.getAttribute('data-unit'), suggested[0].unit.id);
    assert.match(await row.textContent(), /留言提到「住建局」/);
    await row.getByRole('button', { name: '交办给该单位' }).click();
    const dialog = page.getByRole('dialog');
    assert.equal(await dialog.getByRole('combobox', { name: '主办单位' }).inputValue(), suggested[0].unit.name);
    await t.shot(page, 'assign-suggested-unit');
    await dialog.locator('[data-testid="dialog-confirm"]').click();
    await page.locator('[data-testid="action-REASSIGN"]').or(page.locator('[data-testid="message-actions"]')).first().waitFor();
    for (let i = 0; i < 40; i++) {
      const now = (await t.api(MESSAGE, { id: m.id }, dispatcher)).message;
      if (now.leadUnit) {
        assert.equal(now.leadUnit.id, suggested[0].unit.id);
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('not assigned');
  });

  await t.step('the hot problems page lists the problems of the month as the API does, and downloads the 专报', async () => {
    const supervisor = await t.loginAs('supervisor');
    await t.menu(supervisor, '热点问题');
    const table = supervisor.locator('[data-testid="hot-problems"]');
    await table.waitFor();
    const from = `${today().slice(0, 8)}01`;
    const api = (await t.api(HOT, { p: { from, to: today() } }, await t.tokenOf('supervisor'))).hotProblems.problems;
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-key'), Number(e.getAttribute('data-messages')), Number(e.getAttribute('data-citizens'))]));
    assert.deepEqual(
      rows,
      api.map((p) => [p.key, p.messages, p.citizens]),
    );
    const ours = api.find((p) => p.label.includes(PLACE));
    assert.ok(ours, `a problem about ${PLACE}`);
    assert.equal(ours.messages, 4);
    await t.shot(supervisor, 'hot-problems');
    const [download] = await Promise.all([supervisor.waitForEvent('download'), supervisor.click('[data-testid="download-report"]')]);
    assert.match(download.suggestedFilename(), /\.docx$/);
    const bytes = fs.readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a Word (zip) document');
    // a problem's row opens its messages in the list
    await table.locator(`tbody tr[data-key="${ours.key}"]`).click();
    await supervisor.waitForFunction((tg) => {
      const rows = [...document.querySelectorAll('tbody tr')];
      return rows.length === 4 && rows.every((r) => r.textContent.includes(tg));
    }, tag);
  });

  await t.step('the reviewer sees the reply checks of a weak draft in the review queue', async () => {
    const a = await assignedMessage(t, { type: 'COMPLAIN', title: `${tag} ${PLACE}搅拌站粉尘`, content: content(1), phone: '13900019999' });
    const handler = await t.tokenOf('handler');
    const lead = (await t.api(MESSAGE, { id: a.id }, handler)).message.assignments.find((x) => x.role === 'LEAD');
    await t.api(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: lead.id } }, handler);
    await analysisIndexed(t, dispatcher);
    const draft = (
      await t.api(
        `mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id qualityFlags { code } } } }`,
        { i: { assignmentId: lead.id, kind: 'FINAL', content: '您好！您的留言已收悉，感谢您的关注与支持。', contactedCitizen: false, resolved: false } },
        handler,
      )
    ).draftReply.reply;
    await t.api(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { id } } }`, { i: { replyId: draft.id } }, handler);
    const reviewer = await t.loginAs('reviewer');
    await t.menu(reviewer, '审核队列');
    const row = reviewer.locator('tbody tr', { hasText: a.serialNo });
    await row.waitFor();
    const codes = await row.locator('[data-testid="quality-flags"] [data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    assert.deepEqual(codes.sort(), draft.qualityFlags.map((f) => f.code).sort());
    assert.ok(codes.includes('NOT_ADDRESSED') && codes.includes('NO_CONTACT'));
    assert.match(await row.textContent(), /未回应诉求/);
    await t.shot(reviewer, 'review-quality-flags');
  });
}
