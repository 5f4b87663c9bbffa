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
