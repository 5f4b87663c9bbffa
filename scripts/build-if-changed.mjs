#!/usr/bin/env node
/**
 * Builds the server and the console only when their inputs changed since the last successful build, so that
 * `npm start` after a restart answers in seconds instead of rebuilding everything (about 90 s on 2 cores).
 *
 * Each part's inputs (sources, configuration, the lock file) are hashed by content; the hash of the last successful
 * build is kept in `<part>/dist/.build-inputs`. A missing or different hash builds that part (`npm run build -w …`)
 * and records the new hash; an unchanged one skips it. `--force` builds both.
 *
 * Usage: node scripts/build-if-changed.mjs [--force]
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');

/** What each part is built from (files or folders, relative to the repository root). */
export const PARTS = {
  server: {
    inputs: ['server/src', 'migrations', 'server/tsconfig.json', 'server/package.json', 'package-lock.json'],
    output: 'server/dist',
    entry: 'server/dist/server/src/main.js',
  },
  admin: {
    // admin/src/generated is derived from the schema and admin/src/graphql by the build itself: not an input.
    exclude: ['admin/src/generated'],
    inputs: [
      'admin/src',
      'admin/index.html',
      'admin/vite.config.ts',
      'admin/tsconfig.json',
      'admin/package.json',
      'admin/scripts',
      'admin/public',
      'schema/schema.graphql',
      'schema/labels.json',
      'package-lock.json',
    ],
    output: 'admin/dist',
    entry: 'admin/dist/index.html',
  },
};

function filesUnder(rel) {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [rel];
  return fs
    .readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !/(^|[\\/])(node_modules|dist)([\\/]|$)/.test(path.relative(root, path.join(d.parentPath ?? d.path, d.name))))
    .map((d) => path.relative(root, path.join(d.parentPath ?? d.path, d.name)))
    .sort();
}

export function inputsHash(part) {
  const hash = crypto.createHash('sha256');
  const excluded = (file) => (PARTS[part].exclude ?? []).some((x) => file === x || file.startsWith(`${x}/`));
  for (const input of PARTS[part].inputs) {
    for (const file of filesUnder(input).filter((f) => !excluded(f))) {
      hash
        .update(file)
        .update('\0')
        .update(fs.readFileSync(path.join(root, file)))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

const stampOf = (part) => path.join(root, PARTS[part].output, '.build-inputs');

for (const part of Object.keys(PARTS)) {
  const wanted = inputsHash(part);
  const built = fs.existsSync(stampOf(part)) ? fs.readFileSync(stampOf(part), 'utf8').trim() : null;
  if (!force && built === wanted && fs.existsSync(path.join(root, PARTS[part].entry))) {
    console.log(`[build] ${part}: up to date (inputs unchanged since the last build)`);
    continue;
  }
  console.log(`[build] ${part}: ${built ? 'inputs changed' : 'no build yet'}, building`);
  execFileSync('npm', ['run', 'build', '-w', part], { cwd: root, stdio: 'inherit' });
  fs.writeFileSync(stampOf(part), `${wanted}\n`);
}
