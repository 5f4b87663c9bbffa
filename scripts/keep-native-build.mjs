#!/usr/bin/env node
/**
 * Keeps the better-sqlite3 binary that `npm ci` compiled where the next install on this machine finds it.
 *
 * better-sqlite3's install script is `prebuild-install || node-gyp rebuild`: it downloads a prebuilt binary from
 * GitHub and compiles SQLite from source when it cannot (about 110 s of this machine's two cores; python3, make and
 * g++ are needed, see the README). Where GitHub cannot be reached, as on the CI machine, every install compiles again:
 * CI's own `npm ci` and the Dockerfile replay's. prebuild-install first looks in npm's cache (`<cache>/_prebuilds`,
 * named after the download address); this script puts the binary just built there, in the release tarball's layout
 * (`build/Release/better_sqlite3.node`), so that later installs unpack it. prebuild-install loads an unpacked binary
 * before it accepts it and compiles when that fails, so a binary that does not fit this Node is never used.
 *
 * Usage (after `npm ci`): node scripts/keep-native-build.mjs
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const moduleDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const pkg = JSON.parse(fs.readFileSync(path.join(moduleDir, 'package.json'), 'utf8'));
const binary = path.join('build', 'Release', 'better_sqlite3.node');

// The address and cache file prebuild-install itself would use for this package, Node and platform.
const rc = require('prebuild-install/rc')(pkg);
const { getDownloadUrl, cachedPrebuild } = require('prebuild-install/util');
const cached = cachedPrebuild(getDownloadUrl({ ...rc, pkg }));

if (fs.existsSync(cached)) {
  console.log(`keep-native-build: ${path.basename(cached)} is already in npm's cache`);
} else if (!fs.existsSync(path.join(moduleDir, binary))) {
  console.log(`keep-native-build: no ${binary} in ${moduleDir}; nothing kept`);
} else {
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  const partial = `${cached}.${process.pid}.tmp`;
  execFileSync('tar', ['-czf', partial, '-C', moduleDir, binary]);
  fs.renameSync(partial, cached);
  console.log(`keep-native-build: kept ${binary} of better-sqlite3 ${pkg.version} as ${cached}`);
}
