/**
 * What several tests do the same way in the console's forms, as a user does it.
 */

/**
 * Chooses a unit in a unit picker (`input`, a locator of its text box): types `typed` (the whole name unless told)
 * and clicks the first unit offered whose name begins with `name`.
 */
export async function chooseUnit(input, name, typed = name) {
  await input.fill(typed);
  await input
    .page()
    .getByRole('option', { name: new RegExp(`^${name}`) })
    .first()
    .click();
}

/**
 * Waits until the page has loaded what it shows: no progress indicator left, then the content stable for `after` ms
 * (and, with `before`, a moment first for a request to start).
 */
export async function settled(page, { before = 0, after = 300 } = {}) {
  await page.waitForLoadState('domcontentloaded');
  if (before) await page.waitForTimeout(before);
  await page
    .locator('[role="progressbar"]')
    .first()
    .waitFor({ state: 'detached', timeout: 10000 })
    .catch(() => undefined);
  await page.waitForTimeout(after);
}
