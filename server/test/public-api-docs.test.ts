/**
 * docs/public-api.md, as written (issue 18): every `sh` example runs in order, with bash and curl, against a fresh demo
 * server in development mode (what `npm start` runs): every call succeeds, or fails with the code its comment names
 * (`# … → CODE`); the JavaScript proof-of-work solver of the docs gets a real challenge through; and what the docs say
 * each mode returns in errors holds.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ErrorCode } from '../src/graphql/errors';
import { startTestServer, TestServer } from './helpers';

const run = promisify(execFile);
const DOC = fs.readFileSync(path.join(__dirname, '../../docs/public-api.md'), 'utf8');
const DOCS_URL = 'http://localhost:4000';

/** The fenced blocks of a kind (the info string's first word), in document order. */
const blocks = (lang: string) => [...DOC.matchAll(/^```([^\n]*)\n([\s\S]*?)^```/gm)].filter((m) => m[1].trim().split(/\s+/)[0] === lang).map((m) => m[2]);

let s: TestServer;
beforeAll(async () => {
  // A fresh demo server as `npm start` makes it: development mode, demo data (a few random messages after the
  // reference messages the docs use), the default limits.
  s = await startTestServer({ NODE_ENV: 'development', DEMO_MESSAGES: '16' });
}, 180_000);
afterAll(async () => {
  await s?.close();
});

test('every sh example of docs/public-api.md runs as written: each call succeeds or fails with the code its comment names', async () => {
  const examples = blocks('sh');
  expect(examples.length).toBeGreaterThanOrEqual(8);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'wz-docs-'));
  fs.writeFileSync(path.join(out, 'count'), '0');
  // Every curl goes through this wrapper (also inside $(…) and loops): it records the answer, its headers and the code
  // the preceding `→ CODE` comment expects; a comment `# … → CODE` becomes a note for the next call.
  const codes = new Set<string>(Object.values(ErrorCode));
  const script = [
    'set -euo pipefail',
    `WZ_OUT=${JSON.stringify(out)}`,
    'curl() {',
    '  local n; n=$(( $(cat "$WZ_OUT/count") + 1 )); echo "$n" > "$WZ_OUT/count"',
    '  if [ -f "$WZ_OUT/expect" ]; then mv "$WZ_OUT/expect" "$WZ_OUT/$n.expect"; fi',
    '  printf "%s\\n" "$@" > "$WZ_OUT/$n.args"',
    '  command curl -D "$WZ_OUT/$n.headers" "$@" | tee "$WZ_OUT/$n.body"',
    '}',
    ...examples.map((block) =>
      block
        .split('\n')
        .map((line) => {
          const m = /^\s*#.*→ ([A-Z_]+)\s*$/.exec(line);
          return m && codes.has(m[1]) ? `echo ${m[1]} > "$WZ_OUT/expect"` : line;
        })
        .join('\n')
        .replaceAll(DOCS_URL, s.url),
    ),
  ].join('\n');
  fs.writeFileSync(path.join(out, 'docs.sh'), script);
  let stdout = '';
  try {
    ({ stdout } = await run('bash', [path.join(out, 'docs.sh')], { timeout: 150_000, maxBuffer: 20_000_000 }));
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`the examples stopped: ${err.message}\nstderr: ${err.stderr}\nstdout (end): ${String(err.stdout).slice(-2000)}`);
  }
  const calls = Number(fs.readFileSync(path.join(out, 'count'), 'utf8'));
  // At least one call per curl written in the docs (a loop may call more often).
  const written = examples.join('\n').match(/\bcurl -s/g)!.length;
  expect(calls).toBeGreaterThanOrEqual(written);
  const results = [];
  for (let n = 1; n <= calls; n++) {
    const read = (ext: string) => (fs.existsSync(path.join(out, `${n}.${ext}`)) ? fs.readFileSync(path.join(out, `${n}.${ext}`), 'utf8') : '');
    const raw = read('body');
    let body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> } = {};
    try {
      body = JSON.parse(raw);
    } catch {
      body = { errors: [{ message: `not JSON: ${raw.slice(0, 200)}` }] };
    }
    const expected = read('expect').trim() || null;
    const got = body.errors?.[0]?.extensions?.code ?? (body.errors ? 'ERROR' : null);
    results.push({
      call: n,
      args:
        read('args')
          .split('\n')
          .find((a) => a.includes('"query"'))
          ?.slice(0, 120) ?? read('args').slice(0, 120),
      expected,
      got,
      message: body.errors?.[0]?.message ?? null,
      hasData: !!body.data,
    });
  }
  const wrong = results.filter((r) => r.got !== r.expected || (!r.expected && !r.hasData));
  expect(wrong).toEqual([]);
  // The failures the docs show did happen (not silently succeed): every `→ CODE` comment was met by its code.
  const announced = examples
    .join('\n')
    .split('\n')
    .filter((l) => /^\s*#.*→ [A-Z_]+\s*$/.test(l)).length;
  expect(results.filter((r) => r.expected).length).toBe(announced);
  expect(stdout).toMatch(/serial number WZ\d{8}9\d{6}, query code [A-Z2-9]{8}/);
  fs.rmSync(out, { recursive: true, force: true });
}, 200_000);

test("the docs' proof-of-work solver gets a citizen through after wrong codes", async () => {
  const [js] = blocks('js');
  const solve = new Function(`${js}; return solveProofOfWork;`)() as (challenge: string, difficulty: number) => Promise<string>;
  const key = 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz';
  const LOOKUP = `query($c: CitizenCredentials!) { lookupMessage(credentials: $c) { message { serialNo status } } }`;
  const lookup = (c: Record<string, unknown>) => s.gql(LOOKUP, { c }, null, { 'x-api-key': key });
  for (let i = 0; i < 5; i++)
    expect((await lookup({ serialNo: 'WZ20261103000002', queryCode: `WRNG234${i + 2}` })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const asked = await lookup({ serialNo: 'WZ20261103000002', queryCode: 'HNCS3456' });
  expect(asked.errors?.[0]?.extensions?.code).toBe('PROOF_OF_WORK_REQUIRED');
  const { challenge, difficulty } = asked.errors![0].extensions as { challenge: string; difficulty: number };
  const nonce = await solve(challenge, difficulty);
  expect((await lookup({ serialNo: 'WZ20261103000002', queryCode: 'HNCS3456', proofOfWork: { challenge, nonce } })).data?.lookupMessage.message).toEqual({
    serialNo: 'WZ20261103000002',
    status: 'CLOSED',
  });
}, 120_000);

test('error details by mode, as the docs say: development adds the stack to every error; production never', async () => {
  const bad = { 'x-api-key': 'wz_deadbeef_not-a-real-key-not-a-real-key-xx' };
  const dev = await s.gql(`{ publicCategories { id } }`, {}, null, bad);
  expect(dev.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', stacktrace: expect.any(Array) });
  const prod = await startTestServer({
    NODE_ENV: 'production',
    JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
    DEMO_DATA: 'false',
    INTROSPECTION: 'authenticated',
  });
  try {
    const r = await prod.gql(`{ publicCategories { id } }`, {}, null, bad);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
    expect((await prod.gql(`{ __schema { queryType { name } } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  } finally {
    await prod.close();
  }
  expect((await s.gql(`{ __schema { queryType { name } } }`)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
}, 120_000);
