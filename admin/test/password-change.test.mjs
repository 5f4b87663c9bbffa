/**
 * A new colleague's first login: the administrator gives a temporary password; the console asks for a new one before
 * anything else (the server refuses everything else until then), says so in Chinese when the current password is
 * wrong, and shows the console once the password is changed. The new password then works at the login page.
 */
import assert from 'node:assert/strict';

export default async function passwordChange(t) {
  const admin = await t.tokenOf('admin');
  const unitId = (await t.api(`{ me { unitId } }`, {}, admin)).me.unitId;
  await t.api(
    `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }`,
    { i: { username: 'xinren', displayName: '新来的受理员', role: 'DISPATCHER', unitId, password: 'linshi2026' } },
    admin,
  );
  let page;
  const logIn = async (password) => {
    await page.fill('input[name="username"]', 'xinren');
    await page.fill('input[name="password"]', password);
    await page.click('button[type="submit"]');
  };

  await t.step('a user with a temporary password is asked to change it before seeing the console', async () => {
    page = await t.loginAs('xinren', { password: 'linshi2026' });
    const form = page.locator('[data-testid="password-change"]');
    await form.getByRole('heading', { name: '修改临时密码' }).waitFor({ timeout: 15000 });
    assert.equal(await page.getByText('工作台').count(), 0, 'no console behind the form');
    assert.equal(await page.getByRole('menuitem').count(), 0, 'no menu behind the form');
    await t.shot(page, 'password-change');
  });

  await t.step('a wrong current password is refused in Chinese; the right one opens the console', async () => {
    await page.getByLabel('当前密码（临时密码）').fill('cuowu2026x');
    await page.getByLabel(/^新密码/).fill('xinmima2026');
    await page.getByLabel('再次输入新密码').fill('xinmima2026');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.locator('[data-testid="password-change-error"]', { hasText: '当前密码错误' }).waitFor();
    await page.getByLabel('当前密码（临时密码）').fill('linshi2026');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('工作台').first().waitFor({ timeout: 15000 });
    await page.getByRole('menuitem', { name: '留言', exact: true }).waitFor();
  });

  await t.step('the new password works at the login page and goes straight to the console; the temporary one is refused', async () => {
    await page.getByRole('button', { name: '设置', exact: true }).click();
    await page.getByRole('menuitem', { name: '登出' }).click();
    await page.locator('input[name="username"]').waitFor();
    await logIn('linshi2026');
    await page
      .getByText(/用户名或密码错误/)
      .first()
      .waitFor();
    await logIn('xinmima2026');
    await page.getByText('工作台').first().waitFor({ timeout: 15000 });
    assert.equal(await page.locator('[data-testid="password-change"]').count(), 0);
  });
}
