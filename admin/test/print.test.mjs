/**
 * 办理单: from a message's page the dispatcher opens the printable handling form: the message, its assignments,
 * replies, supervision and ledger as the API has them; printed, only the form shows.
 */
import assert from 'node:assert/strict';

export default async function print(t) {
  const token = await t.tokenOf('dispatcher');
  const m = (
    await t.api(`{ messages(filter: { states: [IN_PROGRESS] }, first: 50) { nodes { id serialNo title supervisions { id } } } }`, {}, token)
  ).messages.nodes.find((x) => x.supervisions.length > 0);
  assert.ok(m, 'the demo data has a message in progress under supervision');
  const detail = (
    await t.api(
      `query($id: ID!) { message(id: $id) { content assignments { id } replies { id } supervisions { id content } timeline(first: 100) { totalCount } } }`,
      { id: m.id },
      token,
    )
  ).message;
  let page;

  await t.step('the dispatcher opens a message from the list and its 办理单', async () => {
    page = await t.loginAs('dispatcher');
    await t.openMessage(page, { serialNo: m.serialNo, search: m.serialNo });
    await page.click('[data-testid="print-form"]');
    const form = page.locator('[data-testid="print-view"]');
    await form.locator('[data-testid="print-title"]', { hasText: '网络问政办理单' }).waitFor();
    assert.equal(await form.locator('[data-testid="print-content"]').textContent(), detail.content);
    assert.equal(await form.locator('[data-testid="print-assignments"] tbody tr').count(), detail.assignments.length);
    assert.equal(await form.locator('[data-testid="print-supervisions"] tbody tr').count(), detail.supervisions.length);
    assert.equal(await form.locator('[data-testid="print-ledger"] tbody tr').count(), Math.min(100, detail.timeline.totalCount));
    for (const s of detail.supervisions) await form.locator('[data-testid="print-supervisions"]', { hasText: s.content }).waitFor();
  });

  await t.step('printed, only the form shows (no bars, menu or buttons)', async () => {
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header').first().isVisible(), false, 'the top bar is hidden');
    assert.equal(await page.getByRole('menuitem', { name: '留言' }).first().isVisible(), false, 'the menu is hidden');
    assert.equal(await page.locator('[data-testid="print-now"]').isVisible(), false, 'the buttons are hidden');
    assert.equal(await page.locator('[data-testid="print-title"]').isVisible(), true);
    await t.shot(page, 'print-form', { fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.click('[data-testid="print-back"]');
    await page.locator('[data-testid="message-title"]').waitFor();
  });
}
