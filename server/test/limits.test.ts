/** Request limits: each triggers with BAD_USER_INPUT and names itself in extensions.limit; normal console queries pass. */
import fs from 'node:fs';
import path from 'node:path';
import { parse, print, separateOperations } from 'graphql';
import { REPO_ROOT } from '../src/config/paths';
import { codeOf, serverPerFile, startTestServer, TestServer } from './helpers';

let token: string;
const s = serverPerFile({ MAX_QUERY_DEPTH: '8', MAX_ALIASES: '5', MAX_TOKENS: '800', MAX_DIRECTIVES: '3', MAX_BODY_BYTES: '20000' });
beforeAll(async () => {
  token = await s.login('dispatcher');
});

const limitOf = (r: Awaited<ReturnType<TestServer['gql']>>) => ({ code: codeOf(r), limit: r.errors?.[0]?.extensions?.limit, data: r.data ?? null });

test('depth', async () => {
  const q = `{ units { nodes { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } }`;
  expect(limitOf(await s.gql(q, {}, token))).toEqual({ code: 'BAD_USER_INPUT', limit: 'depth', data: null });
});

test('aliases', async () => {
  const q = `{ ${Array.from({ length: 7 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
  expect(limitOf(await s.gql(q, {}, token))).toEqual({ code: 'BAD_USER_INPUT', limit: 'aliases', data: null });
});

test('directives', async () => {
  const q = `{ me { id @include(if: true) @include(if: true) @include(if: true) @include(if: true) } }`;
  expect(limitOf(await s.gql(q, {}, token))).toMatchObject({ code: 'BAD_USER_INPUT', data: null });
});

test('tokens', async () => {
  const q = `{ me { ${Array.from({ length: 1000 }, () => 'id').join(' ')} } }`;
  const r = await s.gql(q, {}, token);
  expect(limitOf(r)).toEqual({ code: 'BAD_USER_INPUT', limit: 'tokens', data: null });
  expect(r.status).toBe(400);
});

test('cost', async () => {
  const c = await startTestServer({ MAX_COST: '20' });
  try {
    const t = await c.login('dispatcher');
    const q = `{ messages { nodes { assignments { unit { parent { name } } } } } }`;
    expect(limitOf(await c.gql(q, {}, t))).toEqual({ code: 'BAD_USER_INPUT', limit: 'cost', data: null });
    expect(codeOf(await c.gql(`{ me { id } }`, {}, t))).toBeUndefined();
  } finally {
    await c.close();
  }
});

test('page size', async () => {
  expect(codeOf(await s.gql(`{ messages(first: 500) { totalCount } }`, {}, token))).toBe('BAD_USER_INPUT');
});

test('body size and batched requests', async () => {
  const big = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ me { id } }`, variables: { pad: 'x'.repeat(30000) } }),
  });
  expect(big.status).toBe(413);
  expect((await big.json()).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'body' });
  const batch = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
  });
  expect(batch.status).toBe(400);
});

test("with the default limits, the console's message page query passes", async () => {
  const d = await startTestServer();
  try {
    const t = await d.login('dispatcher');
    // The console's own operation, as it sends it (admin/src/graphql/messages.graphql); it costs about 6,400.
    const ops = separateOperations(parse(fs.readFileSync(path.join(REPO_ROOT, 'admin/src/graphql/messages.graphql'), 'utf8')));
    const q = print(ops.MessageDetail);
    const r = await d.gql(q, { id: '1' }, t);
    expect(codeOf(r)).toBe('NOT_FOUND');
  } finally {
    await d.close();
  }
});
