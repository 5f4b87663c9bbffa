/**
 * 派单目录 in the console: an administrator writes an entry (keywords → lead and assist units), the dispatcher's
 * 智能派单 on a matching message names its lead unit first with the entry as the reason; the administrator changes
 * the lead unit (a new version, listed with what changed) and the next suggestion follows it.
 */
import assert from 'node:assert/strict';
import { assignedMessage, createMessage, unitId } from './lib/fixtures.mjs';
import { chooseUnit } from './lib/ui.mjs';

const pickUnit = (page, label, name) => chooseUnit(page.getByLabel(label), name);

export default async function catalogue(t) {
  const m = await createMessage(t, {
    type: 'COMPLAIN',
    title: '小区共享充电桩收费过高',
    content: '我们小区新装的共享充电桩每度电收费两块多，远高于电价，请有关部门管一管共享充电桩的收费。',
  });
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

  await t.step("the dispatcher's lead-unit suggestion names the catalogue's unit first, with the entry as the reason", async () => {
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

  await gaps(t);
}

/**
 * 派单目录空白 on the statistics page: the dispatcher assigns a message no entry covers; the page shows the server's
 * figures (assigned, covered, gaps), the demo catalogue covering some of the demo's messages and not others.
 */
async function gaps(t) {
  const GAPS = `query($p: PeriodInput!) { catalogueGaps(period: $p) { assigned covered gaps topCategories { key count } regions { region { id } assigned gaps } } }`;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const period = { from: `${today.slice(0, 7)}-01`, to: today };
  const token = await t.tokenOf('dispatcher');
  await t.step('the statistics page shows the catalogue gaps the server counts: covered and uncovered assignments', async () => {
    const before = (await t.api(GAPS, { p: period }, token)).catalogueGaps;
    await assignedMessage(t, {
      type: 'COMPLAIN',
      title: '目录空白测试：河边钓鱼平台年久失修',
      content: '河边的钓鱼平台栏杆锈断了，没有人管，担心有人掉下去。',
    });
    const f = (await t.api(GAPS, { p: period }, token)).catalogueGaps;
    assert.equal(f.assigned - before.assigned, 1);
    assert.equal(f.gaps - before.gaps, 1);
    assert.ok(f.covered > 0, 'the demo catalogue covers some of the demo messages');
    const page = await t.loginAs('dispatcher');
    await t.menu(page, '统计分析');
    const box = page.locator('[data-testid="catalogue-gaps"]');
    await box.waitFor();
    for (const k of ['assigned', 'covered', 'gaps']) assert.equal(await box.locator(`[data-col="${k}"] b`).textContent(), String(f[k]), k);
    const region = f.regions[0];
    const row = page.locator(`[data-testid="catalogue-gap-regions"] tr[data-region="${region.region.id}"]`);
    assert.equal(await row.locator('[data-col="gaps"]').textContent(), String(region.gaps));
    if (f.topCategories.length)
      assert.equal(
        await page.locator(`[data-testid="catalogue-gap-categories"] [data-key="${f.topCategories[0].key}"]`).getAttribute('data-count'),
        String(f.topCategories[0].count),
      );
    await t.shot(page, 'catalogue-gaps');
  });

  await t.step("a unit's handler does not see them, and the server refuses them", async () => {
    const handler = await t.loginAs('handler');
    await t.menu(handler, '统计分析');
    await handler.locator('[data-testid="statistics"]').waitFor();
    assert.equal(await handler.locator('[data-testid="catalogue-gaps"]').count(), 0);
    const r = await fetch(`${t.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.tokenOf('handler')}` },
      body: JSON.stringify({ query: GAPS, variables: { p: period } }),
    });
    assert.equal((await r.json()).errors?.[0]?.extensions?.code, 'FORBIDDEN');
  });
}
