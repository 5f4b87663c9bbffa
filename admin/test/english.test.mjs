/** The console in English: the language switch in the top bar changes the menu, the headers and the labels. */
import assert from 'node:assert/strict';

export default async function english(t) {
  await t.step('the console switches to English (menu, list headers, administration labels)', async () => {
    const admin = await t.loginAs('admin');
    await t.menu(admin, '时限规则');
    await admin.locator('[data-testid="sla-policies"]').waitFor();
    await admin.getByRole('button', { name: '中文' }).click();
    await admin.getByRole('menuitem', { name: 'English' }).click();
    await admin.getByRole('menuitem', { name: 'SLA policies' }).waitFor();
    for (const label of ['Dashboard', 'Messages', 'Units', 'Holiday overrides', 'API clients', 'Settings'])
      await admin.getByRole('menuitem', { name: label }).first().waitFor();
    await admin.locator('[data-testid="menu-admin"]').getByText('Administration').waitFor();
    await admin.locator('th', { hasText: 'Sign within (working days)' }).waitFor();
    await admin.locator('[data-testid="sla-policies"] tr', { hasText: 'calendar hours' }).first().waitFor();
    await t.menu(admin, 'Messages');
    for (const h of ['No.', 'Title', 'State', 'Reply due']) await admin.locator('th', { hasText: h }).first().waitFor();
    await t.shot(admin, 'english');
    assert.equal(await admin.getByText('留言时间').count(), 0, 'no Chinese column label left');
    await admin.getByRole('button', { name: 'English' }).click();
    await admin.getByRole('menuitem', { name: '中文' }).click();
    await admin.getByRole('menuitem', { name: '留言' }).waitFor();
  });
}
