/**
 * The administration screens as a platform admin uses them: SLA policies, holiday overrides beside the
 * working calendar, API clients (the key shown once), settings, and the unit tree; each checked against the API.
 */
import assert from 'node:assert/strict';

export default async function administration(t) {
  let admin;
  await t.step('an admin creates an SLA policy and sees it listed (and in the API)', async () => {
    admin = await t.loginAs('admin');
    await admin.locator('[data-testid="menu-admin"]').getByText('时限规则').click();
    await admin.locator('[data-testid="sla-policies"]').waitFor();
    await t.shot(admin, 'sla-policies');
    await admin.getByRole('link', { name: '新建' }).click();
    await admin.fill('input[name="name"]', '浏览器测试：紧急投诉');
    await admin.fill('input[name="priority"]', '90');
    await admin.getByRole('combobox', { name: '留言类型' }).click();
    await admin.getByRole('option', { name: '投诉' }).click();
    await admin.getByRole('combobox', { name: '紧急件' }).click();
    await admin.getByRole('option', { name: '是' }).click();
    await admin.fill('input[name="replyAmount"]', '48');
    await admin.getByRole('combobox', { name: '时限单位' }).click();
    await admin.getByRole('option', { name: '个自然小时' }).click();
    await admin.getByLabel('需单位审核').uncheck();
    await admin.getByRole('button', { name: '保存' }).click();
    const row = admin.locator('[data-testid="sla-policies"] tr', { hasText: '浏览器测试：紧急投诉' });
    await row.waitFor();
    assert.match(await row.textContent(), /48 个自然小时/);
    const token = await t.tokenOf('admin');
    const saved = (
      await t.api(`{ slaPolicies { name priority messageType isUrgent replyAmount replyUnit unitReviewRequired platformReviewRequired } }`, {}, token)
    ).slaPolicies.find((p) => p.name === '浏览器测试：紧急投诉');
    assert.deepEqual(saved, {
      name: '浏览器测试：紧急投诉',
      priority: 90,
      messageType: 'COMPLAIN',
      isUrgent: true,
      replyAmount: 48,
      replyUnit: 'CALENDAR_HOURS',
      unitReviewRequired: false,
      platformReviewRequired: true,
    });
    // Editing clears a condition: "any type" is stored as no type.
    await row.click();
    await admin.getByRole('combobox', { name: '留言类型' }).click();
    await admin.locator('li[role="option"]', { hasText: '不限' }).click();
    await admin.getByRole('button', { name: '保存' }).click();
    await admin.locator('[data-testid="sla-policies"]').waitFor();
    const edited = (await t.api(`{ slaPolicies { name messageType isUrgent } }`, {}, token)).slaPolicies.find((p) => p.name === '浏览器测试：紧急投诉');
    assert.deepEqual(edited, { name: '浏览器测试：紧急投诉', messageType: null, isUrgent: true });
  });

  await t.step('an admin adds a holiday override, sees it in the list and the working calendar, and removes it', async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const date = `${year}-12-26`;
    await t.menu(admin, '节假日调整');
    await admin.locator('[data-testid="working-calendar"]').waitFor();
    await admin.getByRole('link', { name: '新建' }).click();
    await admin.fill('input[name="date"]', date);
    await admin.getByLabel('类型').check();
    await admin.fill('input[name="note"]', '浏览器测试调休');
    await admin.getByRole('button', { name: '保存' }).click();
    const row = admin.locator('[data-testid="holidays"] tr', { hasText: date });
    await row.waitFor();
    assert.match(await row.textContent(), /调休上班.*浏览器测试调休/);
    const token = await t.tokenOf('admin');
    const days = (await t.api(`query($f: String!) { workingCalendar(from: $f, to: $f) { isWorkingDay source } }`, { f: date }, token)).workingCalendar;
    assert.deepEqual(days, [{ isWorkingDay: true, source: 'OVERRIDE' }]);
    await t.shot(admin, 'holidays');
    await row.getByRole('button', { name: '删除' }).click();
    await admin
      .getByRole('dialog')
      .getByRole('button', { name: /确认|确定/ })
      .click();
    await row.waitFor({ state: 'detached' });
    assert.equal(
      (await t.api(`query($y: Int!) { holidayOverrides(year: $y) { date } }`, { y: year }, token)).holidayOverrides.filter((h) => h.date === date).length,
      0,
    );
  });

  await t.step('an admin registers an API client: the key is shown once and works; disabling it stops the key', async () => {
    await t.menu(admin, '第三方接入');
    await admin.locator('[data-testid="api-clients"]').waitFor();
    await admin.getByRole('link', { name: '新建' }).click();
    await admin.fill('input[name="name"]', '浏览器测试门户');
    await admin.fill('input[name="owner"]', '测试单位 张工 0731-00000000');
    await admin.getByLabel('读取公开统计').check();
    const origins = admin.getByLabel('允许的来源');
    await origins.fill('https://portal.example.gov.cn');
    await origins.press('Enter');
    await admin.fill('input[name="rateLimitPerMinute"]', '120');
    await admin.getByRole('button', { name: '保存' }).click();
    const keyInput = admin.locator('[data-testid="api-key"]');
    await keyInput.waitFor();
    const key = await keyInput.inputValue();
    assert.match(key, /^wz_/);
    await t.shot(admin, 'api-client-key');
    await admin.click('[data-testid="key-dialog-close"]');
    const row = admin.locator('[data-testid="api-clients"] tr', { hasText: '浏览器测试门户' });
    await row.waitFor();
    const text = await row.textContent();
    assert.match(text, /读取公开留言.*读取公开统计/);
    assert.match(text, /https:\/\/portal\.example\.gov\.cn/);
    assert.match(text, /120 次\/分钟/);
    assert.ok(!text.includes(key), 'the key is not shown again');
    assert.ok(text.includes(key.slice(0, 12)), 'the start of the key is shown');
    const publicCall = () =>
      fetch(`${t.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ query: '{ publicUnits { id } }' }),
      }).then((r) => r.json());
    assert.ok((await publicCall()).data?.publicUnits.length > 0, 'the new key works');
    await t.shot(admin, 'api-clients');
    await row.getByRole('button', { name: '停用' }).click();
    await row.getByRole('button', { name: '启用' }).waitFor();
    const refused = await publicCall();
    assert.ok(refused.errors?.length && !refused.data?.publicUnits, 'a disabled key is refused');
  });

  await t.step(
    'an admin registers a sandbox key: marked 沙箱 in the list; what it submits is answered by the simulated unit and never reaches the message list',
    async () => {
      const token = await t.tokenOf('dispatcher');
      const listed = async () => (await t.api(`{ messages(first: 1) { totalCount } }`, {}, token)).messages.totalCount;
      const before = await listed();
      await t.menu(admin, '第三方接入');
      await admin.getByRole('link', { name: '新建' }).click();
      await admin.fill('input[name="name"]', '接入测试沙箱');
      await admin.fill('input[name="owner"]', '测试单位 李工 0731-00000001');
      await admin.getByLabel('代网民提交留言').check();
      await admin.getByLabel('沙箱密钥').check();
      await admin.getByRole('button', { name: '保存' }).click();
      const keyInput = admin.locator('[data-testid="api-key"]');
      await keyInput.waitFor();
      const key = await keyInput.inputValue();
      await admin.click('[data-testid="key-dialog-close"]');
      const row = admin.locator('[data-testid="api-clients"] tr', { hasText: '接入测试沙箱' });
      await row.getByText('沙箱', { exact: true }).waitFor();
      const call = (query, variables) =>
        fetch(`${t.base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify({ query, variables }),
        }).then((r) => r.json());
      const sent = (
        await call(`mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo queryCode } }`, {
          i: {
            externalId: 'browser-sandbox-1',
            type: 'CONSULT',
            title: '沙箱接入测试留言',
            content: '这是一条沙箱测试留言，用于检查接入是否正常。',
            realName: '测试员',
            phone: '13900000010',
            isPublic: true,
          },
        })
      ).data.submitMessage;
      // Citizen operations are limited per address (30 a minute, shared with the citizen page's test): look up sparingly,
      // after the four simulated steps of 2 seconds.
      const started = Date.now();
      await new Promise((r) => setTimeout(r, 7500));
      let view;
      do {
        await new Promise((r) => setTimeout(r, 1000));
        view = (
          await call(`query($c: CitizenCredentials!) { lookupMessage(credentials: $c) { canRate message { status replies { unitName } } } }`, { c: sent })
        ).data.lookupMessage;
      } while (!view.canRate && Date.now() - started < 30_000);
      assert.deepEqual(view.message, { status: 'REPLIED', replies: [{ unitName: '沙箱模拟单位' }] });
      assert.equal(await listed(), before, 'the sandbox message is not in the message list');
    },
  );

  await t.step('an admin changes the ranking weights, the minimum sample and the rating thresholds in the settings', async () => {
    await admin.locator('[data-testid="menu-admin"]').getByText('系统设置').click();
    await admin.locator('[data-testid="settings"] input[data-field="response"]').waitFor();
    await admin.locator('[data-testid="settings"] input[data-field="response"]:not([disabled])').waitFor();
    assert.equal(await admin.inputValue('input[data-field="satisfactionThreshold"]'), '3');
    assert.equal(await admin.inputValue('input[data-field="resolutionThreshold"]'), '4');
    await admin.fill('input[data-field="response"]', '40');
    await admin.fill('input[data-field="resolution"]', '30');
    await admin.fill('input[data-field="satisfaction"]', '30');
    await admin.fill('input[data-field="minimumSample"]', '3');
    await admin.fill('input[data-field="satisfactionThreshold"]', '3.5');
    await admin.click('[data-testid="settings-save"]');
    await admin.locator('[data-testid="settings-updated"]', { hasText: '最近修改' }).waitFor();
    const s = (
      await t.api(
        `{ rankingSettings { minimumSample satisfactionThreshold resolutionThreshold weights { response resolution satisfaction } } }`,
        {},
        await t.tokenOf('admin'),
      )
    ).rankingSettings;
    assert.deepEqual(s, { minimumSample: 3, satisfactionThreshold: 3.5, resolutionThreshold: 4, weights: { response: 40, resolution: 30, satisfaction: 30 } });
    await admin.locator('[data-testid="settings-save"]:not([disabled])').waitFor();
    await t.shot(admin, 'settings');
  });

  await t.step('units are shown as a tree, opened level by level as the API nests them', async () => {
    const token = await t.tokenOf('admin');
    const roots = (await t.api(`{ units(filter: { rootsOnly: true }, sort: { field: SORT_ORDER }) { nodes { id name } } }`, {}, token)).units.nodes;
    const children = (
      await t.api(
        `query($p: ID!) { units(filter: { parentId: $p }, first: 100, sort: { field: SORT_ORDER }) { nodes { id name } } }`,
        { p: roots[0].id },
        token,
      )
    ).units.nodes;
    await admin.locator('[data-testid="menu-admin"]').getByText('单位').first().click();
    const tree = admin.locator('[data-testid="unit-tree"]');
    await tree.locator(`[data-unit-id="${children[0].id}"]`).waitFor();
    const shown = await tree
      .locator(`[data-unit-id="${roots[0].id}"] > [role="group"] > [role="treeitem"]`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-unit-name')));
    assert.deepEqual(
      shown,
      children.map((c) => c.name),
    );
    const city = children.find((c) => c.name === '长沙市') ?? children[0];
    const grand = (
      await t.api(`query($p: ID!) { units(filter: { parentId: $p }, first: 100, sort: { field: SORT_ORDER }) { nodes { id name } } }`, { p: city.id }, token)
    ).units.nodes;
    await admin.click(`[data-testid="toggle-unit-${city.id}"]`);
    if (grand.length) await tree.locator(`[data-unit-id="${grand[0].id}"]`).waitFor();
    else await admin.locator(`[data-testid="no-children-${city.id}"]`).waitFor();
    await t.shot(admin, 'units-tree');
  });
}
