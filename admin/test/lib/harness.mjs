/**
 * What a browser test file gets (see admin/test/README.md): the running server and its API, Chromium pages
 * with the guard installed, a login through the login form, navigation helpers that click like a user
 * (menu entries, the list's search box, list rows), steps with timing, and screenshots.
 */
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { checkAccessibility, screenOf } from './axe.mjs';
import { ALLOWED_WORDS, pageGuard } from './guard.mjs';
import { PASSWORD, root } from './server.mjs';

export const shotsDir = path.join(root, 'docs/screenshots');
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The flags the project runs Debian's Chromium with (no sandbox in containers, nothing fetched in the background). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export const launchBrowser = () => chromium.launch({ executablePath: chromePath, args: CHROMIUM_ARGS });

/** Labels the console asked for and neither language has (react-admin's polyglot warns about each), over the whole run. */
export const missingTranslations = new Set();

/** Confirmations of the browser's own (window.confirm) the console is known to ask; any other dialog is an injected script. */
const ALLOWED_DIALOGS = new Set(['更换密钥后旧密钥立即失效，确定吗？']);

/** Screens already checked with axe in this run (each once: its route, ids and query left out). */
const axeChecked = new Set();
/**
 * axe (lib/axe.mjs) on every screen an open page shows at the end of a step, the first time the run shows it:
 * a critical or serious finding fails the step.
 */
async function checkOpenScreens(pages) {
  for (const page of Object.values(pages)) {
    if (page.isClosed() || !/^http/.test(page.url())) continue;
    const screen = screenOf(page.url());
    if (axeChecked.has(screen)) continue;
    axeChecked.add(screen);
    await checkAccessibility(page, screen);
  }
}

export class TestFile {
  constructor({ name, server, browser, results }) {
    this.name = name;
    this.server = server;
    this.browser = browser;
    this.results = results;
    this.base = server.base;
    this.api = server.api;
    this.tokenOf = server.tokenOf;
    /** Pages opened by this file, by a name (the user for logged-in pages). */
    this.pages = {};
    this.contexts = [];
    /** What the guards reported and no step has claimed yet. */
    this.problems = [];
  }

  /**
   * A fresh browser context and page with the guard installed. `name` names it in failure reports.
   * Options: locale (zh-CN), viewport ({ width: 1400, height: 900 }), checkLanguage (true: the guard checks the
   * text for English and ids; false only for pages outside the console that are not Chinese yet), routeWebSocket
   * (a handler given each WebSocket the page opens to /graphql, before it reaches the server: playwright's
   * WebSocketRoute).
   */
  async newPage(name, { locale = 'zh-CN', viewport = { width: 1400, height: 900 }, checkLanguage = true, routeWebSocket } = {}) {
    const ctx = await this.browser.newContext({ locale, viewport });
    this.contexts.push(ctx);
    await ctx.exposeBinding('__wzGuard', (_source, p) =>
      this.problems.push(`${name}: ${p.kind === 'id' ? 'database id' : 'English'} on ${p.url.replace(this.base, '')}: ${p.text}`),
    );
    await ctx.addInitScript(pageGuard, { allowed: ALLOWED_WORDS, language: checkLanguage });
    // The server's Content-Security-Policy is on: anything it blocks is reported as a console error, and fails the step.
    await ctx.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Content-Security-Policy violation: ${e.violatedDirective} ${e.blockedURI}`)),
    );
    const page = await ctx.newPage();
    // routeWebSocket(ws): the test stands between the page and the server's /graphql WebSocket (e.g. to drop it)
    if (routeWebSocket) await page.routeWebSocket(/\/graphql$/, routeWebSocket);
    page.on('pageerror', (e) => this.problems.push(`${name}: page error: ${e.message}`));
    page.on('console', (m) => {
      const missing = /Missing translation for key:? "?([^"\s]+)/.exec(m.text());
      if (missing) missingTranslations.add(missing[1]);
      // The browser's own request for a site icon is not the page's doing.
      else if (m.type() === 'error' && !m.location()?.url?.endsWith('/favicon.ico')) this.problems.push(`${name}: console error: ${m.text()}`);
    });
    page.on('dialog', async (d) => {
      if (ALLOWED_DIALOGS.has(d.message())) return d.accept();
      this.problems.push(`${name}: a dialog opened: ${d.message()} (script injection?)`);
      await d.dismiss();
    });
    this.pages[name] = page;
    return page;
  }

  /** A page of the console logged in as `user` through the login form, on the dashboard. */
  async loginAs(user, opts = {}) {
    const page = await this.newPage(user, opts);
    await page.goto(`${this.base}/admin/#/login`);
    await page.fill('input[name="username"]', user);
    await page.fill('input[name="password"]', opts.password ?? PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/#\/$/, { timeout: 15000 });
    return page;
  }

  /** Runs one step; a failure (or anything a guard reported meanwhile) fails it and ends this file. */
  async step(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      await new Promise((r) => setTimeout(r, 200)); // the guard checks changed nodes 150 ms after they change
      this.claimProblems();
      await checkOpenScreens(this.pages);
      this.results.push({ ok: true, file: this.name, name, ms: Date.now() - t0 });
    } catch (e) {
      this.results.push({ ok: false, file: this.name, name, ms: Date.now() - t0, error: e.message });
      for (const [who, page] of Object.entries(this.pages)) {
        await page.screenshot({ path: path.join(os.tmpdir(), `wz-fail-${path.basename(this.name, '.test.mjs')}-${who}.png`) }).catch(() => undefined);
      }
      throw e;
    }
  }

  claimProblems() {
    if (!this.problems.length) return;
    const p = this.problems.splice(0);
    throw new Error(`the page guard reported:\n  - ${[...new Set(p)].join('\n  - ')}`);
  }

  /** A screenshot for docs/screenshots (the pointer moved away first so that no hover shows). */
  async shot(page, name, { fullPage = false } = {}) {
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage });
  }

  /** Clicks a menu entry (a resource's list, the dashboard, …) by its label. */
  async menu(page, label) {
    await page.getByRole('menuitem', { name: label, exact: true }).first().click();
    // as a user looks before typing: the entry is marked as the current screen (the previous screen's search box is
    // gone), and its list has finished loading
    await page.getByRole('menuitem', { name: label, exact: true }).and(page.locator('.RaMenuItemLink-active')).first().waitFor();
    await this.listLoaded(page);
  }

  /**
   * Opens a message as a user finds it: the 留言 menu, the keyword box (`search`: words of its title), then
   * the row with its serial number. Waits until the message page shows its title.
   */
  async openMessage(page, { serialNo, search }) {
    await this.menu(page, '留言');
    await this.search(page, search);
    // by the number's own cell: a grouped member's row also names its lead's number (并入 …)
    await page
      .locator('tbody tr')
      .filter({ has: page.locator('td.column-serialNo', { hasText: serialNo }) })
      .first()
      .click();
    await page.locator('[data-testid="message-title"]').waitFor();
  }

  /**
   * Types an address into the address bar. Only for proving that a typed address reveals nothing to someone
   * who may not see it (access tests); tests reach pages through menus, lists and buttons.
   */
  async typeAddress(page, hash) {
    await page.goto(`${this.base}/admin/#${hash}`);
  }

  /** Types into the list's keyword box and waits for the list to follow. */
  async search(page, text) {
    const box = page.locator('input[name="q"]').first();
    // until the list's address carries exactly this search (the box applies it after a pause; for '' too, so that a
    // late search does not undo what the user does next)
    const applied = (timeout) =>
      page.waitForFunction(
        (q) => {
          const filter = JSON.parse(new URLSearchParams(location.hash.split('?')[1] ?? '').get('filter') ?? '{}');
          return (filter.q ?? '') === q;
        },
        text,
        { timeout },
      );
    await box.fill(text);
    // A list that is still restoring its last search (a loaded machine makes that seconds) puts it back into the box
    // over what was typed; the user sees the box and types again. Anything else still fails below.
    for (let retry = 0; retry < 2; retry++) {
      if (
        await applied(5000).then(
          () => true,
          () => false,
        )
      )
        return this.listLoaded(page);
      if ((await box.inputValue()) === text) break;
      await box.fill(text);
    }
    await applied(30000);
    await this.listLoaded(page);
  }

  /** Waits until the list's loading indicator is gone (briefly: a list that shows none is loaded). */
  async listLoaded(page) {
    await page
      .locator('.RaList-main [role="progressbar"], .RaList-content .MuiLinearProgress-root')
      .first()
      .waitFor({ state: 'detached', timeout: 10000 })
      .catch(() => undefined);
  }

  /** Closes what this file opened and reports anything the guards saw after the last step. */
  async close() {
    await new Promise((r) => setTimeout(r, 200));
    const leftover = this.problems.splice(0);
    for (const ctx of this.contexts) await ctx.close().catch(() => undefined);
    if (leftover.length) {
      this.results.push({
        ok: false,
        file: this.name,
        name: '(after the last step)',
        ms: 0,
        error: `the page guard reported:\n  - ${[...new Set(leftover)].join('\n  - ')}`,
      });
    }
  }
}
