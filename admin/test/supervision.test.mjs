/**
 * The supervisor's day: the overdue messages from the dashboard's red card (the filter shown as a chip, and
 * removable), urging two of them at once, a formal supervision (督办) on one, and the 督办跟踪 list: waiting,
 * overdue and answered supervisions with their due dates and the units' responses, as the API has them.
 */
import assert from 'node:assert/strict';

const LIST = `query($f: SupervisionFilter) { supervisions(filter: $f, first: 100) { totalCount nodes { id content dueAt response overdue message { serialNo } } } }`;

export default async function supervision(t) {
  const token = await t.tokenOf('supervisor');
  let page;
  let overdue;

  await t.step('the supervisor opens the overdue messages from the dashboard; the filter shows as a chip', async () => {
    page = await t.loginAs('supervisor');
    overdue = (await t.api(`{ messages(filter: { warningLevel: RED }, first: 25) { totalCount nodes { id serialNo title } } }`, {}, token)).messages;
    assert.ok(overdue.totalCount >= 2, 'the demo data has overdue work');
    await page.locator('[data-testid="fig-red"]').click();
    const chip = page.locator('[data-testid="filter-chips"] [data-filter="warningLevel"]');
    await chip.waitFor();
    assert.match(await chip.textContent(), /红黄灯：超期/);
    await page.locator('tbody tr', { hasText: overdue.nodes[0].serialNo }).waitFor();
    const serials = await page.locator('tbody tr td.column-serialNo').allTextContents();
    assert.deepEqual(
      serials,
      overdue.nodes.map((m) => m.serialNo),
    );
    await t.shot(page, 'messages-overdue');
  });

  await t.step('the supervisor urges two overdue messages at once', async () => {
    for (const m of overdue.nodes.slice(0, 2)) await page.locator('tbody tr', { hasText: m.serialNo }).locator('input[type="checkbox"]').check();
    await page.click('[data-testid="bulk-URGE"]');
    await page.locator('textarea[data-field="content"]').fill('该件已超期，请于今日内办结并答复群众。');
    await page.click('[data-testid="bulk-confirm"]');
    await page.locator('[data-testid="bulk-summary-text"]', { hasText: '批量催办：成功 2 条，失败 0 条。' }).waitFor();
    await page.click('[data-testid="bulk-close"]');
    const urged = (
      await t.api(`{ supervisions(filter: { kinds: [URGE] }, first: 100) { nodes { content message { serialNo } } } }`, {}, token)
    ).supervisions.nodes
      .filter((s) => s.content === '该件已超期，请于今日内办结并答复群众。')
      .map((s) => s.message.serialNo)
      .sort();
    assert.deepEqual(
      urged,
      overdue.nodes
        .slice(0, 2)
        .map((m) => m.serialNo)
        .sort(),
    );
  });

  await t.step('removing the chip lists every message again', async () => {
    await page.locator('[data-testid="filter-chips"] [data-filter="warningLevel"] .MuiChip-deleteIcon').click();
    await page.locator('[data-testid="filter-chips"]').waitFor({ state: 'detached' });
    const all = (await t.api(`{ messages { totalCount } }`, {}, token)).messages.totalCount;
    await page.locator('.MuiTablePagination-displayedRows', { hasText: `/ ${all}` }).waitFor();
  });

  const target = () => overdue.nodes[2] ?? overdue.nodes[0];
  const content = `请于三日内书面反馈处理结果（督办测试 ${Date.now() % 10000}）`;
  await t.step('the supervisor opens an overdue message and supervises it formally with a due date', async () => {
    await t.menu(page, '工作台');
    await page.locator('[data-testid="fig-red"]').click();
    await page.locator('tbody tr', { hasText: target().serialNo }).first().click();
    await page.locator('[data-testid="message-title"]').waitFor();
    await page.click('[data-testid="action-SUPERVISE"]');
    await page.locator('textarea[data-field="content"]').fill(content);
    const due = new Date(Date.now() + 8 * 3600_000 + 3 * 86400_000).toISOString().slice(0, 10);
    await page.locator('input[data-field="dueAt"]').fill(`${due}T17:00`);
    await page.click('[data-testid="dialog-confirm"]');
    await page.locator('[data-testid="message-title"]').waitFor();
    const s = (await t.api(LIST, { f: { status: 'OPEN' } }, token)).supervisions.nodes.find((x) => x.content === content);
    assert.ok(s, 'the supervision is in the API');
    assert.equal(s.message.serialNo, target().serialNo);
  });

  await t.step('督办跟踪 lists waiting supervisions by due date, the overdue ones marked, as the API has them', async () => {
    await t.menu(page, '督办跟踪');
    const rows = page.locator('[data-testid="supervisions"] tbody tr');
    await rows.filter({ hasText: content }).waitFor();
    const open = (await t.api(LIST, { f: { status: 'OPEN' } }, token)).supervisions.nodes;
    assert.deepEqual(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td.column-message')?.textContent.slice(0, 16))),
      open.map((s) => s.message.serialNo),
    );
    assert.equal(await page.locator('[data-testid="supervision-overdue"]').count(), open.filter((s) => s.overdue).length);
    assert.ok(
      open.some((s) => s.overdue),
      'the demo data has an overdue supervision',
    );
    await t.shot(page, 'supervision-tracking');
  });

  await t.step("the answered supervisions show the units' responses", async () => {
    await page.locator('[data-testid="supervisions"]').waitFor();
    await page.getByRole('combobox', { name: '状态' }).click();
    await page.getByRole('option', { name: '已反馈' }).click();
    const answered = (await t.api(LIST, { f: { status: 'ANSWERED' } }, token)).supervisions.nodes;
    assert.ok(answered.length > 0, 'the demo data has an answered supervision');
    const responses = page.locator('[data-testid="supervision-response"]');
    await responses.first().waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="supervision-response"]').length === n, answered.length);
    assert.deepEqual(
      await responses.allTextContents(),
      answered.map((s) => s.response),
    );
  });
}
