/**
 * The administrator's tools: a user's password reset from the user form (and 停用/启用 instead of a 删除 that
 * could never work), the unit ranking and the monthly report as the API computes them, and the unit tree
 * drawing no expand arrow on a leaf.
 */
import assert from 'node:assert/strict';

const shanghai = () => new Date(Date.now() + 8 * 3600_000);
const lastMonth = () => {
  const d = shanghai();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};
const lastDay = (m) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10);

export default async function adminTools(t) {
  const admin = await t.tokenOf('admin');
  const login = (username, password) =>
    t.api(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username, password } }).then(
      async (r) => ({ ...r.login, ...(await t.api(`{ me { mustChangePassword } }`, {}, r.login.accessToken)).me }),
      (e) => ({ error: e.errors?.[0]?.extensions?.code }),
    );
  const unitId = (await t.api(`{ units(filter: { search: "长沙市住房和城乡建设局" }) { nodes { id name } } }`, {}, admin)).units.nodes.find(
    (u) => u.name === '长沙市住房和城乡建设局',
  ).id;
  const username = `reset${Date.now() % 100000}`;
  await t.api(
    `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }`,
    { i: { username, displayName: '重置测试员', role: 'UNIT_HANDLER', unitId, password: 'start12345' } },
    admin,
  );
  let page;

  await t.step('the admin opens the user from the list: 重置密码 and 停用 are there, 删除 is not', async () => {
    page = await t.loginAs('admin');
    await t.menu(page, '用户');
    await t.search(page, username);
    await page.locator('tbody tr', { hasText: username }).click();
    await page.locator('[data-testid="reset-password"]').waitFor();
    assert.equal(await page.getByRole('button', { name: '删除' }).count(), 0);
    await page.locator('[data-testid="disable"]').waitFor();
    await t.shot(page, 'user-edit');
  });

  await t.step('the admin resets the password (two different entries are refused first); the new one works, the old one no longer', async () => {
    await page.click('[data-testid="reset-password"]');
    await page.fill('input[data-field="newPassword"]', 'Temp2026pass');
    await page.fill('input[data-field="confirmPassword"]', 'Temp2026past');
    await page.click('[data-testid="reset-confirm"]');
    assert.equal(await page.locator('[data-testid="reset-error"]').textContent(), '两次输入的密码不一致');
    await page.fill('input[data-field="confirmPassword"]', 'Temp2026pass');
    await page.click('[data-testid="reset-confirm"]');
    await page.getByText('已重置“重置测试员”的密码').waitFor();
    assert.deepEqual(await login(username, 'start12345'), { error: 'UNAUTHENTICATED' });
    const fresh = await login(username, 'Temp2026pass');
    assert.equal(fresh.mustChangePassword, true, 'the user must change the temporary password');
  });

  await t.step('the admin disables the user (after confirming): the account is refused; enabling restores it', async () => {
    await page.click('[data-testid="disable"]');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确认|确定/ })
      .click();
    await page.locator('[data-testid="active-status"]', { hasText: '已停用' }).waitFor();
    assert.notEqual((await login(username, 'Temp2026pass')).error, undefined, 'a disabled account cannot log in');
    await page.click('[data-testid="enable"]');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确认|确定/ })
      .click();
    await page.locator('[data-testid="active-status"]', { hasText: '启用中' }).waitFor();
    assert.ok((await login(username, 'Temp2026pass')).accessToken);
  });

  await t.step("the unit ranking shows last month's ranking as the API computes it", async () => {
    await t.menu(page, '单位排名');
    const m = lastMonth();
    const period = { from: `${m}-01`, to: lastDay(m) };
    await page.locator('[data-testid="ranking-period"]', { hasText: `${period.from} 至 ${period.to}` }).waitFor();
    const api = (
      await t.api(
        `query($p: PeriodInput!) { unitRanking(period: $p) { key rank score sample insufficientData responseRate { numerator denominator } } }`,
        { p: period },
        admin,
      )
    ).unitRanking;
    assert.ok(api.length > 0, 'the demo data has assignments last month');
    const rows = page.locator('[data-testid="ranking"] tbody tr');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="ranking"] tbody tr').length === n, api.length);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-key'),
        tr.querySelector('[data-col="rank"]').textContent,
        tr.querySelector('[data-col="score"]').textContent,
        tr.querySelector('[data-col="sample"]').textContent,
      ]),
    );
    assert.deepEqual(
      shown,
      api.map((r) => [
        r.key,
        r.rank === null ? '—' : String(r.rank),
        r.insufficientData || r.score === null ? '样本不足' : r.score.toFixed(1),
        String(r.sample),
      ]),
    );
    // each of the three rates with its numerator and denominator
    const responses = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('[data-col="responseRate"]').textContent));
    assert.deepEqual(
      responses.map((x) => x.replace(/^.*\((\d+\/\d+)\)$/, '$1')),
      api.map((r) => `${r.responseRate.numerator}/${r.responseRate.denominator}`),
    );
    await t.shot(page, 'ranking');
  });

  await t.step("the monthly report of the admin's region for last month: the summary and figures the API writes", async () => {
    await t.menu(page, '月度通报');
    const region = (await t.api(`{ me { unit { id name } } }`, {}, admin)).me.unit;
    const r = (
      await t.api(
        `query($u: ID!, $m: String!) { monthlyReport(regionUnitId: $u, month: $m) { summary total { received assigned replied } topCategories { label } } }`,
        { u: region.id, m: lastMonth() },
        admin,
      )
    ).monthlyReport;
    await page.locator('[data-testid="report-summary"]', { hasText: r.summary }).waitFor();
    assert.match(
      await page.locator('[data-testid="report-title"]').textContent(),
      new RegExp(`^${region.name} ${lastMonth().slice(0, 4)}年${Number(lastMonth().slice(5))}月 月度通报$`),
    );
    const thisRow = page.locator('[data-testid="report-figures"] tbody tr').first();
    assert.deepEqual(
      await Promise.all(['received', 'assigned', 'replied'].map((c) => thisRow.locator(`[data-col="${c}"]`).textContent())),
      [r.total.received, r.total.assigned, r.total.replied].map(String),
    );
    assert.deepEqual(
      await page.locator('[data-testid="report-categories"] [data-col="label"]').allTextContents(),
      r.topCategories.map((c) => c.label),
    );
    await t.shot(page, 'monthly-report', { fullPage: true });
  });

  await t.step('the unit tree draws an arrow only on units with units below them', async () => {
    await t.menu(page, '单位');
    const roots = (await t.api(`{ units(filter: { rootsOnly: true }) { nodes { id } } }`, {}, admin)).units.nodes;
    const level = (await t.api(`query($p: ID!) { units(filter: { parentId: $p }, first: 100) { nodes { id childCount } } }`, { p: roots[0].id }, admin)).units
      .nodes;
    await page.locator(`[data-unit-id="${level[0].id}"]`).waitFor();
    for (const u of level) {
      assert.equal(await page.locator(`[data-testid="toggle-unit-${u.id}"]`).count(), u.childCount > 0 ? 1 : 0, `arrow of unit ${u.id}`);
    }
    const cs = level.find((u) => u.childCount > 0);
    await page.click(`[data-testid="toggle-unit-${cs.id}"]`);
    const below = (await t.api(`query($p: ID!) { units(filter: { parentId: $p }, first: 100) { nodes { id childCount } } }`, { p: cs.id }, admin)).units.nodes;
    const leaf = below.find((u) => u.childCount === 0);
    await page.locator(`[data-testid="leaf-unit-${leaf.id}"]`).waitFor();
    assert.equal(await page.locator(`[data-testid="toggle-unit-${leaf.id}"]`).count(), 0);
  });
}
