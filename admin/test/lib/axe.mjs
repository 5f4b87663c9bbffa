/**
 * Accessibility checks with axe-core (GB/T 37668-2019 ≈ WCAG 2.x AA): the rules tagged wcag2a, wcag2aa and
 * wcag21aa, run in the page as it is shown. A critical or serious violation fails the test; moderate and minor
 * ones are counted and reported. Every screen the tests show is checked once per run (by its route, ids and
 * query left out), and explicitly where a test wants a state checked (a dialog open, a form filled).
 */
import { AxeBuilder } from '@axe-core/playwright';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'];
export const FAILING_IMPACTS = ['critical', 'serious'];
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'];

/** What was measured over the run: per screen, the violations by impact (nodes counted). */
export const axeReport = new Map();

/** A screen's name: the path and hash route with ids and the query left out (/admin/#/messages/:id/show). */
export function screenOf(url) {
  const u = new URL(url);
  const hash = u.hash.replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/:id');
  return `${u.pathname}${hash}`;
}

/**
 * Waits until no CSS transition or animation is running: a dialog fades in over 225 ms, and checked half-way its text
 * is half transparent, so axe would read a contrast that the user never sees once it has opened. Endless animations (a
 * spinner, a skeleton's pulse) never finish and are left out.
 */
export async function transitionsDone(page) {
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
    undefined,
    { timeout: 10000 },
  );
}

/**
 * Runs axe on the page as it is shown once its transitions have ended; returns the violations (all impacts).
 * Legacy mode runs axe.run in the page itself: the default opens a new blank page per check to merge the frames'
 * partial results, which halved the a11y file's time here (428 -> 234 s, 111 screens). The console has no
 * cross-origin frames, the one thing legacy mode does not check; on a page with a missing alt text, low contrast and
 * no title both modes report the same three violations.
 */
export async function axeViolations(page) {
  await transitionsDone(page);
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode().analyze();
  return result.violations;
}

export function countByImpact(violations) {
  const counts = Object.fromEntries(IMPACTS.map((i) => [i, 0]));
  for (const v of violations) counts[v.impact ?? 'minor'] += v.nodes.length;
  return counts;
}

/** The failing violations in words: rule, impact, help and the first elements concerned. */
export function describe(violations) {
  return violations
    .filter((v) => FAILING_IMPACTS.includes(v.impact))
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}) on ${v.nodes.length} element(s): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}${v.nodes[0]?.failureSummary ? ` — ${v.nodes[0].failureSummary.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`,
    );
}

/**
 * Checks the page as shown now, under `label` (default: its screen), records the counts and throws on any
 * critical or serious violation.
 */
export async function checkAccessibility(page, label) {
  const name = label ?? screenOf(page.url());
  const violations = await axeViolations(page);
  const counts = countByImpact(violations);
  const before = axeReport.get(name);
  axeReport.set(name, before ? Object.fromEntries(IMPACTS.map((i) => [i, Math.max(before[i], counts[i])])) : counts);
  const failing = describe(violations);
  if (failing.length) throw new Error(`accessibility (axe, ${AXE_TAGS.join(' ')}) on ${name}:\n  - ${failing.join('\n  - ')}`);
  return counts;
}

/** The run's totals by impact and the screens checked, for the closing report. */
export function axeSummary() {
  const total = Object.fromEntries(IMPACTS.map((i) => [i, 0]));
  for (const c of axeReport.values()) for (const i of IMPACTS) total[i] += c[i];
  const lines = [...axeReport.entries()].sort().map(([name, c]) => `  ${name}: ${IMPACTS.map((i) => `${i} ${c[i]}`).join(', ')}`);
  return `axe (${AXE_TAGS.join(', ')}): ${axeReport.size} screens; ${IMPACTS.map((i) => `${i} ${total[i]}`).join(', ')}\n${lines.join('\n')}`;
}
