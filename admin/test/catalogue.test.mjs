/**
 * 派单目录 in the console: an administrator writes an entry (keywords → lead and assist units), the dispatcher's
 * 智能派单 on a matching message names its lead unit first with the entry as the reason; the administrator changes
 * the lead unit (a new version, listed with what changed) and the next suggestion follows it.
 */
import assert from 'node:assert/strict';
import { createMessage, unitId } from './lib/fixtures.mjs';

async function pickUnit(page, label, name) {
  await page.getByLabel(label).fill(name);
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).first().click();
}

export default async function catalogue(t) {
  const m = await createMessage(t, { type: 'COMPLAIN', title: '小区共享充电桩收费过高', content: '我们小区新装的共享充电桩每度电收费两块多，远高于电价，请有关部门管一管共享充电桩的收费。' });
  const first = await unitId(t, '长沙市市场监督管理局');
  const second = await unitId(t, '长沙市城市管理和综合执法局');
  let admin;
  let dispatcher;

  await t.step('an administrator adds a catalogue entry: keywords, lead and assist units', async () => {
    admin = await t.loginAs('admin');
    await t.menu(admin, '派单目录');
    await admin.getByRole('link', { name: '新建' }).click();
    await admin.fill('input[name="matter"]', '共享充电桩收费');
    await admin.fill('textarea[name="keywordsText"]', '共享充电桩\n充电桩收费');
    await pickUnit(admin, '主办单位', '长沙市市场监督管理局');
    await pickUnit(admin, '协办单位', '长沙市住房和城乡建设局');
    await admin.getByRole('button', { name: '保存' }).click();
    await admin.locator('[data-testid="catalogue-matter"]').waitFor();
    await admin.locator('[data-testid="catalogue-versions"] tr[data-version="1"][data-action="CREATED"]').waitFor();
    await t.shot(admin, 'catalogue-entry');
  });

  await t.step('the dispatcher\'s lead-unit suggestion names the catalogue\'s unit first, with the entry as the reason', async () => {
    dispatcher = await t.loginAs('dispatcher');
    await t.openMessage(dispatcher, { serialNo: m.serialNo, search: '共享充电桩' });
    const top = dispatcher.locator('[data-testid="unit-suggestions"] li').first();
    await top.waitFor();
    assert.equal(await top.getAttribute('data-unit'), first);
    assert.equal(await top.getAttribute('data-catalogue'), 'true');
    const text = await top.textContent();
    assert.ok(text.includes('派单目录「共享充电桩收费」') && text.includes('长沙市住房和城乡建设局'), text);
    await t.shot(dispatcher, 'catalogue-suggestion');
  });

  await t.step('the administrator changes the lead unit: a new version says what changed, and the next suggestion follows', async () => {
    await admin.getByRole('link', { name: '编辑' }).click();
    await pickUnit(admin, '主办单位', '长沙市城市管理和综合执法局');
    await admin.getByRole('button', { name: '保存' }).click();
    const v2 = admin.locator('[data-testid="catalogue-versions"] tr[data-version="2"][data-action="EDITED"]');
    await v2.waitFor();
    assert.match(await v2.textContent(), /主办单位/);
    await t.openMessage(dispatcher, { serialNo: m.serialNo, search: '共享充电桩' });
    const top = dispatcher.locator('[data-testid="unit-suggestions"] li').first();
    await dispatcher.waitForFunction((id) => document.querySelector('[data-testid="unit-suggestions"] li')?.getAttribute('data-unit') === id, second);
    assert.equal(await top.getAttribute('data-catalogue'), 'true');
  });
}
