/**
 * Accessibility of the console (GB/T 37668-2019 ≈ WCAG 2.x AA): every screen of every role's menu, a message
 * page, a form and an open dialog pass axe-core (wcag2a, wcag2aa, wcag21aa) without a critical or serious
 * finding; every screen has an h1 with text; and a keyboard-only user logs in, skips to the content, opens a message from
 * the list and acts on it, with every Tab stop visible.
 */
import assert from 'node:assert/strict';
import { checkAccessibility, screenOf } from './lib/axe.mjs';
import { settled as settledPage } from './lib/ui.mjs';

/** Waits until the screen has loaded: no progress indicator, and the content stable for a moment. */
const settled = (page) => settledPage(page, { after: 400 });

/** The menu entries the viewer has, in order (names as shown). */
const menuEntries = (page) =>
  page
    .locator('.RaSidebar-fixed [role="menuitem"], .RaMenu-open [role="menuitem"], nav [role="menuitem"]')
    .evaluateAll((els) => [...new Set(els.map((e) => e.textContent.trim()))]);

/** Checks a screen; failures are collected so that one run reports every screen. */
async function check(page, label, failures) {
  try {
    await checkAccessibility(page, label);
  } catch (e) {
    failures.push(e.message);
  }
  const h1 = await page.locator('h1').evaluateAll((els) => els.map((e) => e.textContent.trim()));
  if (!h1.length || !h1[0]) failures.push(`${label}: no h1 with text (${JSON.stringify(h1)})`);
}

/** The element that has the focus, as a user would see it: its name and whether it is visible on the screen. */
const focused = (page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { tag: 'body', visible: false, name: '' };
    // A checkbox or radio drawn by MUI: the native input is transparent over its icon, which is what is seen.
    const seen = e.matches('input[type="checkbox"], input[type="radio"]') && Number(getComputedStyle(e).opacity) === 0 ? e.parentElement : e;
    const r = seen.getBoundingClientRect();
    let visible = r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight + 2000 && r.left < innerWidth;
    for (let x = seen; x && visible; x = x.parentElement) {
      const s = getComputedStyle(x);
      if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) visible = false;
      if (x !== seen && (s.overflow === 'hidden' || s.overflowX === 'hidden' || s.overflowY === 'hidden')) {
        const p = x.getBoundingClientRect();
        if (p.width < 1 || p.height < 1) visible = false;
      }
    }
    return {
      tag: e.tagName.toLowerCase(),
      role: e.getAttribute('role') ?? '',
      visible,
      name: (e.getAttribute('aria-label') || e.textContent || e.getAttribute('name') || '').trim().slice(0, 40),
      testid: e.getAttribute('data-testid') ?? '',
      serial: e.closest('tr')?.textContent?.slice(0, 40) ?? '',
    };
  });

/** Presses Tab until `until(focused)` holds; fails on an invisible stop or after `max` presses. */
async function tabTo(page, until, what, max = 80, key = 'Tab') {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    let f = await focused(page);
    if (!f.visible) {
      // What slides into view when focused (the skip link) is given the time of its transition.
      await page.waitForTimeout(400);
      f = await focused(page);
    }
    seen.push(f.name || f.tag);
    assert.ok(f.visible, `an invisible Tab stop (${f.tag} ${f.role} “${f.name}” ${f.testid}) on the way to ${what}; stops so far: ${seen.join(' › ')}`);
    if (until(f)) return f;
  }
  throw new Error(`${what} not reached with ${max} presses of Tab: ${seen.join(' › ')}`);
}

export default async function a11y(t) {
  const failures = [];
  for (const user of ['admin', 'dispatcher', 'supervisor', 'leader', 'handler', 'reviewer']) {
    await t.step(`axe: every menu screen of the ${user} has no critical or serious violation and an h1`, async () => {
      const page = await t.loginAs(user);
      await settled(page);
      await check(page, `${user} ${screenOf(page.url())}`, failures);
      for (const entry of await menuEntries(page)) {
        await page.getByRole('menuitem', { name: entry, exact: true }).first().click();
        await settled(page);
        await check(page, `${user} ${screenOf(page.url())}`, failures);
        if (user === 'admin' || user === 'dispatcher') {
          // The forms behind the list: 新建, and the first row's page (edit or show).
          const create = page.getByRole('link', { name: '新建' });
          if (await create.count()) {
            await create.first().click();
            await settled(page);
            await check(page, `${user} ${screenOf(page.url())}`, failures);
            await page.goBack();
            await settled(page);
          }
          const row = page.locator('tbody tr[tabindex="0"]').first();
          if (await row.count()) {
            await row.click();
            await settled(page);
            await check(page, `${user} ${screenOf(page.url())}`, failures);
            await page.goBack();
            await settled(page);
          }
        }
      }
      assert.deepEqual(failures.splice(0), []);
    });
  }

  await t.step('axe: a selected row with its bulk actions, and an open action dialog, have no critical or serious violation', async () => {
    const page = t.pages.dispatcher ?? (await t.loginAs('dispatcher'));
    await page.getByRole('menuitem', { name: '留言', exact: true }).first().click();
    await settled(page);
    await page.locator('tbody tr').first().getByRole('checkbox', { name: '选择此行' }).check();
    await page.locator('[data-testid="bulk-ACCEPT"]').waitFor();
    await check(page, 'dispatcher /admin/#/messages (a row selected)', failures);
    await page.locator('[data-testid="bulk-URGE"]').click();
    await page.getByRole('dialog').waitFor();
    await check(page, 'dispatcher /admin/#/messages (bulk 催办 dialog)', failures);
    await page.keyboard.press('Escape');
    assert.deepEqual(failures.splice(0), []);
  });

  await t.step('keyboard only: log in, skip to the content, open a new message from the list with Enter, accept it; every Tab stop visible', async () => {
    const token = await t.tokenOf('dispatcher');
    const m = (
      await t.api(
        `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id serialNo } } }`,
        {
          i: {
            channel: 'HOTLINE_12345',
            type: 'HELP',
            title: '独居老人家中停水求助',
            content: '小区独居老人家中停水两天，行动不便，请尽快安排维修。',
            realName: '刘奶奶',
            phone: '13800002222',
          },
        },
        token,
      )
    ).createMessage.message;
    const page = await t.newPage('keyboard');
    await page.goto(`${t.base}/admin/#/login`);
    await page.locator('input[name="username"]').waitFor();
    await check(page, 'login', failures);
    assert.deepEqual(failures.splice(0), []);
    if ((await focused(page)).name !== 'username') await tabTo(page, (f) => f.tag === 'input' && f.name === 'username', 'the user name field');
    await page.keyboard.type('dispatcher');
    await page.keyboard.press('Tab');
    await page.keyboard.type('wenzheng2026');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/$/, { timeout: 15000 });
    await settled(page);

    // The first stop is the skip link, readable when it shows; it moves on to the page's content.
    const skip = await tabTo(page, () => true, 'the skip link', 1);
    assert.equal(skip.name, '跳到内容');
    await check(page, 'the skip link shown', failures);
    assert.deepEqual(failures.splice(0), []);
    await page.keyboard.press('Enter');
    const first = await tabTo(page, () => true, 'the first stop of the content', 1);
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('#main-content')), `after the skip link the focus is in the content (${first.name})`);

    // The menu, then the list: the newest message is the first row; Enter opens it.
    await tabTo(page, (f) => f.name === '留言' && (f.role === 'menuitem' || f.tag === 'a'), 'the 留言 menu entry (back from the content)', 40, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.locator('tbody tr', { hasText: m.serialNo }).waitFor();
    await settled(page);
    const row = await tabTo(page, (f) => f.tag === 'tr' && f.serial.includes(m.serialNo), `the row of ${m.serialNo}`);
    assert.ok(row.visible);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="message-title"]', { hasText: '独居老人家中停水求助' }).waitFor();
    await settled(page);
    await check(page, `keyboard ${screenOf(page.url())}`, failures);
    assert.deepEqual(failures.splice(0), []);

    // An action by keyboard: 受理 (confirmed in its dialog when the console asks).
    await tabTo(page, (f) => f.testid === 'action-ACCEPT', 'the 受理 button');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await Promise.race([dialog.waitFor(), page.locator('[data-testid="message-state"]', { hasText: '已受理' }).waitFor()]);
    if (await dialog.count()) {
      await check(page, 'keyboard: the 受理 dialog', failures);
      assert.deepEqual(failures.splice(0), []);
      await tabTo(page, (f) => f.testid === 'dialog-confirm' || /^(确定|确认)/.test(f.name), 'the confirm button', 20);
      await page.keyboard.press('Enter');
    }
    await page.locator('[data-testid="message-state"]', { hasText: '已受理' }).waitFor();
    const state = (await t.api(`query($id: ID!) { message(id: $id) { state } }`, { id: m.id }, token)).message.state;
    assert.equal(state, 'ACCEPTED');
  });
}
