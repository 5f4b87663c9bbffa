/**
 * Rules about the sources themselves, checked on the files as they are in the repository.
 * - The domain rules are `docs/domain.md`: comments and documents cite it (`domain.md §n`), never a document the
 *   repository does not hold (the design document the early comments cited by section).
 * - Shared code (server/src/common, server/src/auth, server/src/graphql) imports no domain module (server/src/modules)
 *   and not the composition root (services.ts, app.ts, main.ts): the modules depend on it, never the reverse.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** Folders that are not sources: installed, built, generated or measured output, and data. */
const SKIPPED = new Set(['node_modules', 'dist', '.git', 'data', 'screenshots', 'generated', 'coverage']);
const TEXT = /\.(ts|tsx|js|mjs|cjs|md|graphql|json|yml|yaml|sh|html|css)$|^(run|Dockerfile)$/;

/** Every text file of the repository (relative paths). */
function sourceFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name === 'package-lock.json') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (TEXT.test(entry.name)) out.push(path.relative(ROOT, full));
  }
  return out;
}

test('the sources cite docs/domain.md, never the DESIGN document the repository does not hold', () => {
  const files = sourceFiles();
  expect(files).toEqual(expect.arrayContaining(['docs/domain.md', 'server/src/main.ts', '.ci/run']));
  const citing = files.filter((f) => /DESIGN(\.md| ?§)/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
  expect(citing).toEqual([]);
});

/** The composition root: what assembles the modules. */
const COMPOSITION_ROOT = ['server/src/services.ts', 'server/src/app.ts', 'server/src/main.ts'];
/**
 * Files of server/src/graphql that assemble the modules themselves, until modules register themselves: the schema
 * (every module's resolvers), the per-request loaders (every entity) and the request context (the services).
 */
const ASSEMBLING = ['server/src/graphql/schema.ts', 'server/src/graphql/loaders.ts', 'server/src/graphql/context.ts'];

/** The repository-relative files a source imports (relative imports only; packages are not ours). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)['"](\.[^'"]+)['"]/gm)].map((m) => m[1]);
  return specifiers.map((s) => {
    const base = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), s));
    return ['.ts', '/index.ts', ''].map((ext) => base + ext).find((f) => fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile()) ?? base;
  });
}

test('shared code imports no domain module and not the composition root', () => {
  const shared = sourceFiles(path.join(ROOT, 'server/src'))
    .filter((f) => /^server\/src\/(common|auth|graphql)\/.*\.ts$/.test(f) && !ASSEMBLING.includes(f));
  expect(shared).toEqual(expect.arrayContaining(['server/src/common/csvExport.ts', 'server/src/auth/permissions.ts', 'server/src/graphql/errors.ts']));
  const wrong = shared.flatMap((f) =>
    importsOf(f).filter((i) => i.startsWith('server/src/modules/') || COMPOSITION_ROOT.includes(i)).map((i) => `${f} imports ${i}`),
  );
  expect(wrong).toEqual([]);
});
