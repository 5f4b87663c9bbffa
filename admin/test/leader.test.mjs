/**
 * The leader's day: 致我的留言 lists the messages citizens addressed to them, each with the instructions given
 * (author and time); the leader instructs on one from the list, and opens another.
 */
import assert from 'node:assert/strict';
import { assignedMessage } from './lib/fixtures.mjs';

const MINE = `{ messages(filter: { addressedToMe: true }, first: 100) { nodes { id serialNo supervisions { kind content authorName createdAt } } } }`;

export default async function leader(t) {
  const token = await t.tokenOf('leader');
  const me = (await t.api(`{ me { leaderId } }`, {}, token)).me;
  const fresh = await assignedMessage(t, {
    type: 'SUGGEST',
    title: '致领导测试：建议增设社区食堂',
    content: '小区老人多，子女白天上班，希望在社区增设老年食堂，解决老人吃饭难的问题。',
    addressedLeaderId: me.leaderId,
  });
  let page;

  await t.step('the leader opens 致我的留言 and sees the messages addressed to them, with who instructed and when', async () => {
    page = await t.loginAs('leader');
    await t.menu(page, '致我的留言');
    const rows = page.locator('[data-testid="addressed"] tbody tr');
    await rows.filter({ hasText: fresh.serialNo }).waitFor();
    const api = (await t.api(MINE, {}, token)).messages.nodes;
    assert.deepEqual(
      await rows.locator('td.column-serialNo').allTextContents(),
      api.map((m) => m.serialNo),
    );
    const instructed = api.find((m) => m.supervisions.some((s) => s.kind === 'INSTRUCTION'));
    assert.ok(instructed, 'the demo data has an instructed message');
    const by = rows.filter({ hasText: instructed.serialNo }).locator('[data-testid="instruction-by"]').first();
    assert.match(await by.textContent(), /^长沙市领导 · \d{4}\/\d{1,2}\/\d{1,2} /);
    assert.equal(await rows.filter({ hasText: fresh.serialNo }).locator('[data-testid="no-instruction"]').textContent(), '尚未批示');
  });

  await t.step('the leader instructs on the new message from the list; the instruction shows with their name', async () => {
    const row = page.locator('[data-testid="addressed"] tbody tr', { hasText: fresh.serialNo });
    await row.locator('[data-testid="addressed-INSTRUCT"]').click();
    await page.locator('textarea[data-field="content"]').fill('请民政部门会同街道研究老年食堂选址，一个月内拿出方案。');
    await page.click('[data-testid="dialog-confirm"]');
    await row.locator('[data-testid="instruction"]').waitFor();
    assert.equal(await row.locator('[data-testid="instruction"] [data-user-text]').textContent(), '请民政部门会同街道研究老年食堂选址，一个月内拿出方案。');
    const s = (await t.api(MINE, {}, token)).messages.nodes.find((m) => m.id === fresh.id).supervisions.filter((x) => x.kind === 'INSTRUCTION');
    assert.deepEqual(
      s.map((x) => [x.content, x.authorName]),
      [['请民政部门会同街道研究老年食堂选址，一个月内拿出方案。', '长沙市领导']],
    );
    assert.match(await row.locator('[data-testid="instruction-by"]').textContent(), /^长沙市领导 · /);
    await t.shot(page, 'addressed-to-me');
  });

  await t.step('a row opens its message', async () => {
    await page.locator('[data-testid="addressed"] tbody tr', { hasText: fresh.serialNo }).locator('td.column-title').click();
    await page.locator('[data-testid="message-title"]', { hasText: '致领导测试：建议增设社区食堂' }).waitFor();
  });
}
