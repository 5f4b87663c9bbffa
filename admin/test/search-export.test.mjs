/**
 * Finding work on the message list: the search box finds a message by its serial number and by the citizen's
 * phone (for the dispatcher; the supervisor, who may not see private data, finds nothing by phone), the 筛选
 * control adds a type filter shown as a chip, and 导出 downloads exactly the filtered list as CSV.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createMessage } from './lib/fixtures.mjs';

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export default async function searchExport(t) {
  // 199 is a prefix neither the demo's citizens (138/139/158/186/177) nor other tests use, so no other message
  // can share this phone whatever the clock gives.
  const phone = `1990731${String(Date.now() % 10000).padStart(4, '0')}`;
  const m = await createMessage(t, {
    type: 'HELP',
    title: '搜索测试：独居老人求助',
    content: '家中独居老人行动不便，想申请居家养老上门服务，请问怎么办理？',
    realName: '上官婉清',
    phone,
  });
  let page;

  await t.step('the dispatcher finds a message by its serial number in the search box', async () => {
    page = await t.loginAs('dispatcher');
    await t.menu(page, '留言');
    await t.search(page, m.serialNo);
    await page.locator('tbody tr', { hasText: m.serialNo }).waitFor();
    assert.deepEqual(await page.locator('tbody tr td.column-serialNo').allTextContents(), [m.serialNo]);
  });

  await t.step("the dispatcher finds it by the citizen's phone number, which the list never shows", async () => {
    await t.search(page, phone);
    await page.locator('tbody tr', { hasText: m.serialNo }).waitFor();
    assert.deepEqual(await page.locator('tbody tr td.column-serialNo').allTextContents(), [m.serialNo]);
    assert.equal(await page.getByText(phone).count(), 0, 'the phone is not shown');
  });

  await t.step('the supervisor, who may not see private data, finds nothing by the phone', async () => {
    const sup = await t.loginAs('supervisor');
    await t.menu(sup, '留言');
    await t.search(sup, phone);
    await sup
      .locator('tbody tr', { hasText: m.serialNo })
      .waitFor({ state: 'detached', timeout: 3000 })
      .catch(() => undefined);
    assert.equal(await sup.locator('tbody tr', { hasText: m.serialNo }).count(), 0);
    assert.equal(
      (await t.api(`query($k: String) { messages(filter: { keyword: $k }) { totalCount } }`, { k: phone }, await t.tokenOf('supervisor'))).messages.totalCount,
      0,
    );
  });

  let total;
  await t.step('the 筛选 control adds a type filter; it shows as a chip and the list is what the API filters', async () => {
    await t.search(page, '');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.locator('[role="menu"]').getByText('类型', { exact: true }).click();
    await page.getByRole('combobox', { name: '类型' }).click();
    await page.getByRole('option', { name: '投诉' }).click();
    await page.locator('[data-testid="filter-chips"] [data-filter="type"]', { hasText: '类型：投诉' }).waitFor();
    total = (await t.api(`{ messages(filter: { types: [COMPLAIN] }, first: 25) { totalCount nodes { serialNo } } }`, {}, await t.tokenOf('dispatcher')))
      .messages;
    await page.locator('.MuiTablePagination-displayedRows', { hasText: `/ ${total.totalCount}` }).waitFor();
    assert.deepEqual(
      await page.locator('tbody tr td.column-serialNo').allTextContents(),
      total.nodes.map((x) => x.serialNo),
    );
    await t.shot(page, 'messages-filtered');
  });

  await t.step('导出 downloads the filtered list as CSV: the same messages, every one a complaint, private data masked', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    const text = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = parseCsv(text.trim());
    assert.deepEqual(header.slice(0, 4), ['编号', '留言时间', '渠道', '类型'], "the columns are named in the console's language");
    assert.equal(rows.length, total.totalCount);
    // Columns by position (the ledger's: serial number first, the type fourth), whatever the header's wording.
    assert.ok(
      rows.every((r) => r[3] === '投诉'),
      'every row is a complaint',
    );
    const all = (
      await t.api(`{ messages(filter: { types: [COMPLAIN] }, first: 100) { nodes { serialNo } } }`, {}, await t.tokenOf('dispatcher'))
    ).messages.nodes
      .map((x) => x.serialNo)
      .sort();
    assert.deepEqual(rows.map((r) => r[0]).sort(), all);
    assert.ok(!text.includes(phone));
  });
}
