#!/usr/bin/env node
/**
 * Browser tests of the console: the built server (temporary SQLite, demo data) and Debian's Chromium driven
 * by playwright-core (never a downloaded browser). Runs every admin/test/*.test.mjs in name order against one
 * server; a file's steps run in order and a failing step ends that file (the others still run).
 *   npm run test:browser                 all files
 *   node admin/test/run.mjs message      only files whose name contains "message"
 * How to write a test file: admin/test/README.md. Screenshots of the main screens go to docs/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { axeSummary } from './lib/axe.mjs';
import { launchBrowser, missingTranslations, TestFile } from './lib/harness.mjs';
import { startServer } from './lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.test.mjs') && (!only.length || only.some((o) => f.includes(o))))
  .sort();
if (!files.length) throw new Error(`no test file matches ${only.join(' ')}`);

const results = [];
const server = await startServer();
let browser;
try {
  browser = await launchBrowser();
  for (const file of files) {
    const t = new TestFile({ name: file, server, browser, results });
    try {
      const mod = await import(pathToFileURL(path.join(here, file)).href);
      await mod.default(t);
    } catch (e) {
      if (!results.some((r) => r.file === file && !r.ok)) results.push({ ok: false, file, name: '(outside a step)', ms: 0, error: e.stack ?? e.message });
    } finally {
      await t.close();
    }
    // each file's results as soon as it ends (a long run shows its progress; the summary repeats the failures)
    console.log(`\n${file}`);
    for (const r of results.filter((x) => x.file === file)) console.log(r.ok ? `  ok   ${r.name} (${r.ms} ms)` : `  FAIL ${r.name}: ${r.error}`);
  }
  const missing = [...missingTranslations];
  results.push(
    missing.length
      ? { ok: false, file: '(all)', name: 'every label the console asked for exists in both languages', ms: 0, error: `missing: ${missing.join(', ')}` }
      : { ok: true, file: '(all)', name: 'every label the console asked for exists in both languages', ms: 0 },
  );
  console.log(`\n(all)\n  ${results.at(-1).ok ? 'ok  ' : 'FAIL'} ${results.at(-1).name}`);
} finally {
  await browser?.close();
  await server.stop();
}

const failed = results.filter((r) => !r.ok).length;
if (failed)
  console.log(
    `\nFailed:\n${results
      .filter((r) => !r.ok)
      .map((r) => `  FAIL ${r.file} › ${r.name}: ${r.error}`)
      .join('\n')}`,
  );
console.log(`\n${axeSummary()}`);
console.log(`\n${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
