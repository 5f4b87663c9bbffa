/**
 * 派单异议 in the console: the lead unit's handler objects to an assignment (why, and the unit it holds responsible);
 * the dispatcher finds it among 待审批申请, reads the reason and upholds it, choosing the new lead unit; the message
 * goes to that unit, and the statistics page counts the objection for the unit that raised it.
 */
import assert from 'node:assert/strict';
import { assignedMessage, unitId } from './lib/fixtures.mjs';
import { chooseUnit } from './lib/ui.mjs';

export default async function objection(t) {
  const m = await assignedMessage(t, {
    type: 'COMPLAIN',
    title: '异议测试：化工厂夜间排放刺鼻气味',
    content: '工业园旁的化工厂每天夜里排放刺鼻气味，附近居民开窗就头疼，希望环保部门尽快检测处理。',
  });
  const reason = '废气排放属生态环境部门监管职责，不属于住建部门。';
  const sthj = await unitId(t, '长沙市生态环境局');
  let handler;
  await t.step("the lead unit's handler objects, naming the unit it holds responsible", async () => {
    handler = await t.loginAs('handler');
    await t.openMessage(handler, { serialNo: m.serialNo, search: '化工厂夜间排放' });
    await handler.click('[data-testid="assignment-action-OBJECT"]');
    const dialog = handler.getByRole('dialog');
    await dialog.locator('textarea[data-field="reason"]').fill(reason);
    await chooseUnit(dialog.locator('input[data-field="unit-search"]'), '长沙市生态环境局', '生态环境局');
    await handler.click('[data-testid="dialog-confirm"]');
    const alert = handler.locator('[data-testid^="objection-"][data-state="PENDING"]');
    await alert.waitFor();
    assert.ok((await alert.textContent()).includes(reason));
    assert.equal(await handler.locator('[data-testid="assignment-action-OBJECT"]').count(), 0, 'one objection at a time');
    await t.shot(handler, 'objection-raised');
  });

  await t.step('the dispatcher upholds it from 待审批申请 and reassigns to the unit chosen', async () => {
    const dispatcher = await t.loginAs('dispatcher');
    await t.menu(dispatcher, '待审批申请');
    const row = dispatcher.locator('tbody tr', { hasText: m.serialNo });
    await row.waitFor();
    assert.equal(await row.locator('[data-kind]').getAttribute('data-kind'), 'OBJECTION');
    await row.locator('[data-testid="request-UPHOLD_OBJECTION"]').click();
    const dialog = dispatcher.getByRole('dialog');
    assert.ok((await dialog.locator('[data-testid="objection-reason"]').textContent()).includes(reason));
    await chooseUnit(dialog.locator('input[data-field="unit-search"]'), '长沙市生态环境局', '生态环境局');
    await dispatcher.click('[data-testid="dialog-confirm"]');
    await row.waitFor({ state: 'detached' });
    const d = (
      await t.api(
        `query($id: ID!) { message(id: $id) { state leadUnit { id } timeline(first: 50) { nodes { action } } } }`,
        { id: m.id },
        await t.tokenOf('dispatcher'),
      )
    ).message;
    assert.equal(d.leadUnit.id, sthj);
    assert.deepEqual(d.timeline.nodes.map((e) => e.action).slice(-3), ['OBJECTION_RAISED', 'OBJECTION_UPHELD', 'REASSIGNED']);
    // the statistics page shows the server's count for the housing bureau
    await t.menu(dispatcher, '统计分析');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const month = `${today.slice(0, 7)}-01`;
    const rows = (
      await t.api(
        `query($p: PeriodInput!) { objectionStatistics(period: $p) { unit { id name } raised upheld } }`,
        { p: { from: month, to: today } },
        await t.tokenOf('dispatcher'),
      )
    ).objectionStatistics;
    const zjj = rows.find((r) => r.unit.name === '长沙市住房和城乡建设局');
    const shown = dispatcher.locator(`[data-testid="objection-statistics"] tr[data-unit="${zjj.unit.id}"]`);
    await shown.waitFor();
    assert.equal(await shown.locator('[data-col="raised"]').textContent(), String(zjj.raised));
    assert.equal(await shown.locator('[data-col="upheld"]').textContent(), String(zjj.upheld));
  });
}
