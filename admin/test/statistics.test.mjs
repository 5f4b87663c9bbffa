/** The statistics page shows the figures the API computes (the console computes none), and says what each rate counts. */
import assert from 'node:assert/strict';

export default async function statistics(t) {
  await t.step('the statistics page shows the figures the API computes', async () => {
    const d = new Date(Date.now() + 8 * 3600_000).toISOString();
    const period = { from: `${d.slice(0, 7)}-01`, to: d.slice(0, 10) };
    const rows = (
      await t.api(
        `query($p: PeriodInput!) { statistics(period: $p, groupBy: UNIT) { key assigned replied responseRate { numerator denominator } resolutionRate { numerator denominator } } }`,
        { p: period },
        await t.tokenOf('dispatcher'),
      )
    ).statistics;
    assert.ok(rows.length > 0);
    const dispatcher = await t.loginAs('dispatcher');
    await t.menu(dispatcher, '统计分析');
    for (const row of rows.slice(0, 5)) {
      const tr = dispatcher.locator(`[data-testid="statistics"] tr[data-key="${row.key}"]`);
      await tr.locator('td[data-col="assigned"]', { hasText: new RegExp(`^${row.assigned}$`) }).waitFor({ timeout: 10000 });
      assert.equal(await tr.locator('td[data-col="replied"]').textContent(), String(row.replied));
      assert.match(
        await tr.locator('td[data-col="responseRate"]').textContent(),
        new RegExp(`\\(${row.responseRate.numerator}/${row.responseRate.denominator}\\)$`),
      );
      assert.match(
        await tr.locator('td[data-col="resolutionRate"]').textContent(),
        new RegExp(`\\(${row.resolutionRate.numerator}/${row.resolutionRate.denominator}\\)$`),
      );
    }
    // the server sorts and pages: a column name sorts by its figure, the pager says how many rows there are in all
    const token = await t.tokenOf('dispatcher');
    const serverPage = async (sort) =>
      (
        await t.api(
          `query($p: PeriodInput!, $s: StatisticsSortInput) { statisticsPage(period: $p, groupBy: UNIT, sort: $s, first: 50) { total rows { key } } }`,
          { p: period, s: sort },
          token,
        )
      ).statisticsPage;
    assert.equal((await serverPage()).total, rows.length);
    await dispatcher.locator(`[data-testid="statistics"][data-total="${rows.length}"]`).waitFor();
    await dispatcher.locator('[data-testid="statistics-pages"] .MuiTablePagination-displayedRows', { hasText: new RegExp(`\\D${rows.length}$`) }).waitFor();
    await dispatcher.locator('[data-testid="statistics"] th [data-sort="RESPONSE_RATE"]').click();
    const byResponse = (await serverPage({ field: 'RESPONSE_RATE', direction: 'DESC' })).rows.map((r) => r.key);
    await dispatcher.waitForFunction(
      (keys) => JSON.stringify([...document.querySelectorAll('[data-testid="statistics"] tbody tr')].map((tr) => tr.dataset.key)) === JSON.stringify(keys),
      byResponse,
    );
    await dispatcher.locator('[data-testid="statistics"] th [data-sort="RESPONSE_RATE"]').click();
    const byResponseAsc = (await serverPage({ field: 'RESPONSE_RATE', direction: 'ASC' })).rows.map((r) => r.key);
    await dispatcher.waitForFunction(
      (keys) => JSON.stringify([...document.querySelectorAll('[data-testid="statistics"] tbody tr')].map((tr) => tr.dataset.key)) === JSON.stringify(keys),
      byResponseAsc,
    );
    // pointing at a rate's name says what its numerator and denominator count
    await dispatcher.locator('[data-testid="statistics"] th[data-head="onTimeRate"] span').hover();
    await dispatcher.getByRole('tooltip').filter({ hasText: '分子：首次答复未超过当时有效的答复期限' }).filter({ hasText: '未到期的不算超期' }).waitFor();
    await dispatcher.locator('[data-testid="statistics"] th[data-head="satisfactionRate"] span').hover();
    const { satisfactionThreshold } = (await t.api(`{ rankingSettings { satisfactionThreshold } }`, {}, await t.tokenOf('dispatcher'))).rankingSettings;
    await dispatcher
      .getByRole('tooltip')
      .filter({ hasText: `综合分高于 ${satisfactionThreshold} 分` })
      .filter({ hasText: '每件只计最新一次评价' })
      .waitFor();
    await t.shot(dispatcher, 'statistics', { fullPage: true });
  });
}
