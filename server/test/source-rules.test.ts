/**
 * Rules about the sources themselves, checked on the files as they are in the repository.
 * - The domain rules are `docs/domain.md`: comments and documents cite it (`domain.md §n`), never a document the
 *   repository does not hold (the design document the early comments cited by section).
 * - Shared code (server/src/common, server/src/db, server/src/auth, server/src/graphql) imports no domain module
 *   (server/src/modules) and not the composition root (services.ts, app.ts, main.ts): the modules depend on it, never
 *   the reverse. The files that hand the modules to the libraries (the DataSource's entities, the schema's resolvers,
 *   the request's loaders) read them from the list of modules (server/src/modules/index.ts) and from nothing else.
 * - Every module registers itself: one descriptor per folder, one line in the list; every entity and resolver is in
 *   its module's descriptor.
 * - Only the workflow runner writes the state of a message, an assignment, a reply or a knowledge article, along a
 *   declared row.
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
 * Files of shared code that hand the modules to the libraries: the DataSource's entities, the schema's resolvers, the
 * per-request loaders, and the request context (the services' type). They import the list of modules and nothing
 * else of the modules (checked below).
 */
const ASSEMBLING = ['server/src/db/entities.ts', 'server/src/graphql/schema.ts', 'server/src/graphql/loaders.ts', 'server/src/graphql/context.ts'];
/** The list of modules, the one place that names every module. */
const MODULE_LIST = 'server/src/modules/index.ts';

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
  const shared = sourceFiles(path.join(ROOT, 'server/src')).filter((f) => /^server\/src\/(common|db|auth|graphql)\/.*\.ts$/.test(f));
  expect(shared).toEqual(
    expect.arrayContaining([
      'server/src/common/csvExport.ts',
      'server/src/auth/permissions.ts',
      'server/src/graphql/errors.ts',
      'server/src/db/dataSource.ts',
      ...ASSEMBLING,
    ]),
  );
  const wrong = shared.flatMap((f) =>
    importsOf(f)
      .filter((i) => (i.startsWith('server/src/modules/') || COMPOSITION_ROOT.includes(i)) && !(ASSEMBLING.includes(f) && i === MODULE_LIST))
      .filter((i) => !(f === 'server/src/graphql/context.ts' && i === 'server/src/services.ts'))
      .map((i) => `${f} imports ${i}`),
  );
  expect(wrong).toEqual([]);
});

test('the entities and resolvers are read from the list of modules, where every module registers itself', () => {
  // one folder, one descriptor (<name>/<name>.module.ts), one line in the list
  const folders = fs
    .readdirSync(path.join(ROOT, 'server/src/modules'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  expect(folders).toEqual(expect.arrayContaining(['message', 'assignment', 'reply', 'knowledge']));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MODULES, ENTITIES, RESOLVERS } = require('../src/modules') as typeof import('../src/modules');
  expect(MODULES.map((m) => m.name).sort()).toEqual(folders);
  expect(
    importsOf(MODULE_LIST)
      .filter((i) => i.startsWith('server/src/modules/') && !i.endsWith('/module.ts'))
      .sort(),
  ).toEqual(folders.map((name) => `server/src/modules/${name}/${name}.module.ts`));
  // every @Entity and @Resolver class of the sources is in the descriptor of the module whose folder holds it
  const declared = sourceFiles(path.join(ROOT, 'server/src'))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) =>
      [
        ...codeOnly(fs.readFileSync(path.join(ROOT, f), 'utf8')).matchAll(
          /@(Entity|Resolver)\((?:[^()]|\([^()]*\))*\)\s*(?:@\w+\((?:[^()]|\([^()]*\))*\)\s*)*export\s+(?:abstract\s+)?class\s+(\w+)/g,
        ),
      ].map((m) => ({
        file: f,
        kind: m[1],
        name: m[2],
      })),
    );
  expect(declared.length).toBeGreaterThan(40);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const classOf = ({ file, name }: { file: string; name: string }) => require(path.join(ROOT, file))[name] as unknown;
  const missing = declared.filter(({ file, kind, name }) => {
    const cls = classOf({ file, name });
    const module = MODULES.find((m) => file.startsWith(`server/src/modules/${m.name}/`)) as
      { entities?: readonly unknown[]; resolvers?: readonly unknown[] } | undefined;
    const own = kind === 'Entity' ? module?.entities : module?.resolvers;
    return !cls || !own?.includes(cls);
  });
  expect(missing.map(({ file, name }) => `${file}: ${name}`)).toEqual([]);
  // and the lists the DataSource and the schema receive are exactly the modules' lists
  expect(new Set(ENTITIES)).toEqual(new Set(declared.filter((d) => d.kind === 'Entity').map(classOf)));
  expect(new Set(RESOLVERS)).toEqual(new Set(declared.filter((d) => d.kind === 'Resolver').map(classOf)));
  expect(fs.readFileSync(path.join(ROOT, 'server/src/db/dataSource.ts'), 'utf8')).toMatch(/entities:\s*ENTITIES\b/);
  expect(fs.readFileSync(path.join(ROOT, 'server/src/graphql/schema.ts'), 'utf8')).toMatch(/resolvers:\s*RESOLVERS\b/);
});

test("the scheduled jobs and the plain HTTP routes are the modules' own, read from the list", () => {
  // the composition root and the jobs import no module's file but the list (and the API key's gate of /graphql)
  const wrong = [...COMPOSITION_ROOT, 'server/src/jobs/jobs.ts'].flatMap((f) =>
    importsOf(f)
      .filter((i) => i.startsWith('server/src/modules/') && i !== MODULE_LIST && i !== 'server/src/modules/module.ts')
      .filter((i) => !(f === 'server/src/app.ts' && i === 'server/src/modules/apiclient/apiclient.http.ts'))
      .map((i) => `${f} imports ${i}`),
  );
  expect(wrong).toEqual([]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MODULES } = require('../src/modules') as typeof import('../src/modules');
  const owners = (part: 'jobs' | 'routes') => MODULES.filter((m) => part in m).map((m) => m.name);
  expect(owners('jobs')).toEqual(expect.arrayContaining(['deadline', 'evaluation', 'analysis']));
  expect(owners('routes')).toEqual(expect.arrayContaining(['message', 'statistics', 'analysis', 'attachment']));
});

/**
 * Every state a message, an assignment, a reply or a knowledge article takes is written by the workflow runner (modules/ledger/ledger.ts)
 * along a declared row of its machine (docs/workflow.md): no other file assigns `.state =` or writes `state:` in an
 * update (`update`, `patch`, `set`, `save` of a record). Creating a record in its first state is not a move.
 */
const RUNNER = ['server/src/modules/ledger/ledger.ts'];
/**
 * Writes that are not moves: a status that is a plain string (requests decided once: extension requests, objections;
 * metrics labels), not a machine's state; a copy of a record's state into an index (`state: m.state`).
 */
const NOT_A_MOVE = [/\bstate\s*:\s*'[^']*'/, /\bstate\s*:\s*\w+\.state\b/];

/** The text with comments and the contents of string literals blanked (same length and lines): SQL and prose are not code. */
function codeOnly(text: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, (m) =>
    m.startsWith('/') ? blank(m) : m[0] + blank(m.slice(1, -1)) + m.slice(-1),
  );
}

/** The state writes in a source's text, as `file:line: code`. */
function stateWrites(file: string, source: string): string[] {
  const found: string[] = [];
  const text = codeOnly(source);
  const lines = source.split('\n');
  const report = (index: number) => {
    const line = text.slice(0, index).split('\n').length;
    const code = lines[line - 1].trim();
    if (!NOT_A_MOVE.some((re) => re.test(code))) found.push(`${file}:${line}: ${code}`);
  };
  // `x.state = …` (not a comparison)
  for (const m of text.matchAll(/\.state\s*=(?!=)/g)) report(m.index!);
  // `state:` in the arguments of an update-like call, up to the end of its statement (several lines), not in a
  // record created there (`create(`, `insert(`) nor in a query's conditions (`where`, `findBy`, `In(…)`)
  for (const m of text.matchAll(/\b(update|patch|set|save|move\w*)\s*\(/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf(';', start);
    const args = text.slice(start, end === -1 ? undefined : end);
    if (/\b(create|insert)\s*\(/.test(args.slice(0, args.search(/\bstate\s*:/) + 1 || undefined))) continue;
    const hit = args.search(/(?<![\w.])state\s*:/);
    if (hit !== -1 && !/\b(where|findBy|findOneBy|countBy)\b/.test(args.slice(0, hit))) report(start + hit);
  }
  return [...new Set(found)];
}

test('only the workflow runner writes the state of a message, an assignment, a reply or a knowledge article', () => {
  const files = sourceFiles(path.join(ROOT, 'server/src')).filter((f) => f.endsWith('.ts') && !RUNNER.includes(f));
  expect(files).toEqual(
    expect.arrayContaining([
      'server/src/modules/evaluation/closing.service.ts',
      'server/src/modules/reply/reply.service.ts',
      'server/src/modules/knowledge/knowledge.service.ts',
    ]),
  );
  const writes = files.flatMap((f) => stateWrites(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
  expect(writes).toEqual([]);
});

test('the state-write rule finds the writes it is about', () => {
  const samples = [
    'tx.patch({ state: MessageState.CLOSED, closedAt: tx.now });',
    'await this.assignments.save(tx.em, a, {\n  repliedAt: null,\n  state: AssignmentState.SIGNED,\n});',
    'await tx.em.getRepository(Reply).update(r.id, { state: next, submittedAt: tx.now });',
    'r.state = next;',
    'await em.createQueryBuilder().update(Assignment).set({ state: AssignmentState.DONE }).execute();',
  ];
  for (const code of samples) expect(stateWrites('sample.ts', code)).toHaveLength(1);
  const fine = [
    'return repo.save(repo.create({ messageId, state: ReplyState.DRAFT, authorId }));',
    'if (a.state === AssignmentState.SIGNED) return;',
    "await tx.em.getRepository(ExtensionRequest).update(req.id, { state: 'REJECTED', decidedAt: tx.now });",
    'await this.save(tx.em, a, { replyDueAt: next.replyDueAt });',
    "qb.where(`r.kind = 'FINAL' AND r.state = 'PUBLISHED'`).update(x); // r.state = 'X', set({ state: 1 })",
    'await em.getRepository(AnalysisDoc).update(d.messageId, { state: m.state, indexedAt: new Date() });',
  ];
  for (const code of fine) expect(stateWrites('sample.ts', code)).toEqual([]);
});
