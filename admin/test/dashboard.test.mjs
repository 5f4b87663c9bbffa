/**
 * The dashboard shows what the API's `dashboard` query returns for the same viewer: the figure cards, the
 * satisfaction bands, the top units, the hot categories and hot problems, and a trend line per series; a unit
 * handler sees their own scope.
 */
import assert from 'node:assert/strict';
import { assignedMessage } from './lib/fixtures.mjs';

const DASHBOARD = `{ dashboard { today { received responsesGiven closed } thisMonth { received responsesGiven closed } awaitingScreening open overdue dueSoon
  trend { day } satisfaction { band count } topUnits { key rank sample } hotCategories { key count } hotProblems { key messages } } }`;

async function checkDashboard(t, page, user, platform) {
  const d = (await t.api(DASHBOARD, {}, await t.tokenOf(user))).dashboard;
  const exact = (n) => new RegExp(`^${n}$`);
  await page.locator('[data-testid="fig-open"]', { hasText: exact(d.open) }).waitFor({ timeout: 10000 });
  const figures = {
    'fig-today': d.today.received,
    'fig-month': d.thisMonth.received,
    'fig-yellow': d.dueSoon,
    'fig-red': d.overdue,
    ...(platform ? { 'fig-received': d.awaitingScreening } : {}),
  };
  for (const [id, n] of Object.entries(figures)) assert.equal(await page.locator(`[data-testid="${id}"]`).textContent(), String(n), id);
  if (!platform) assert.equal(await page.locator('[data-testid="fig-received"]').count(), 0);
  assert.match(
    await page.locator('[data-testid="fig-month-sub"]').textContent(),
    new RegExp(`答复 ${d.thisMonth.responsesGiven} · 办结 ${d.thisMonth.closed}`),
  );
  const attrs = (sel, a, b) => page.locator(sel).evaluateAll((els, [x, y]) => els.map((e) => [e.getAttribute(x), Number(e.getAttribute(y))]), [a, b]);
  assert.deepEqual(
    await attrs('[data-testid="satisfaction"] li[data-band]', 'data-band', 'data-count'),
    d.satisfaction.map((s) => [s.band, s.count]),
  );
  assert.deepEqual(
    await attrs('[data-testid="hot-categories"] [data-key]', 'data-key', 'data-count'),
    d.hotCategories.map((c) => [c.key, c.count]),
  );
  assert.deepEqual(
    await attrs('[data-testid="hot-problems"] [data-key]', 'data-key', 'data-count'),
    d.hotProblems.map((p) => [p.key, p.messages]),
  );
  const units = await page
    .locator('[data-testid="top-units"] tbody tr')
    .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-key'), r.querySelector('[data-col="sample"]').textContent]));
  assert.deepEqual(
    units,
    d.topUnits.map((u) => [u.key, String(u.sample)]),
  );
  // One line per series (a series of zeros is drawn flat on the axis: present, not necessarily visible).
  await page.locator('[data-testid="trend"] .recharts-line').nth(2).waitFor({ state: 'attached' });
  assert.equal(await page.locator('[data-testid="trend"] .recharts-line').count(), 3);
  assert.equal(
    await page.locator('[data-testid="satisfaction"] .recharts-bar-rectangle').count(),
    d.satisfaction.filter((s) => s.count > 0).length,
    'one bar per band with ratings',
  );
  return d;
}

export default async function dashboard(t) {
  await t.step('the dispatcher logs in and sees the Chinese console and the dashboard figures the API gives', async () => {
    const dispatcher = await t.loginAs('dispatcher');
    await dispatcher.getByText('工作台').first().waitFor();
    await checkDashboard(t, dispatcher, 'dispatcher', true);
    await t.shot(dispatcher, 'dashboard', { fullPage: true });
  });

  await t.step("a unit handler's dashboard shows their own scope", async () => {
    await assignedMessage(t, { title: '小区电梯长期故障', content: '我们小区3栋电梯坏了两个月没人修，请住建局督促物业。' });
    const handler = await t.loginAs('handler');
    await t.menu(handler, '本单位待办');
    await t.menu(handler, '工作台');
    await handler.locator('[data-testid="menu-work"]').waitFor();
    const mine = await checkDashboard(t, handler, 'handler', false);
    const all = (await t.api(DASHBOARD, {}, await t.tokenOf('dispatcher'))).dashboard;
    assert.ok(mine.thisMonth.received <= all.thisMonth.received && mine.open <= all.open, 'the handler sees a part of the whole');
  });
}
