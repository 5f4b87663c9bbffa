/** GraphQL over HTTP: the graphql-http package's server audits against the running server, with no error. */
import { serverAudits } from 'graphql-http';
import { startTestServer, TestServer } from './helpers';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s?.close(); });

test('graphql-http server audits: no error (notices are listed in docs/limits.md)', async () => {
  const audits = serverAudits({ url: `${s.url}/graphql`, fetchFn: fetch });
  const results = [];
  for (const audit of audits) results.push({ name: audit.name, ...(await audit.fn()) });
  const errors = results.filter((r) => r.status === 'error').map((r) => `${r.name}: ${r.reason}`);
  const notices = results.filter((r) => r.status !== 'ok' && r.status !== 'error').map((r) => `${r.status}: ${r.name}`);
  console.log(notices.join('\n'));
  console.log(`graphql-http audits: ${results.length} run, ${results.filter((r) => r.status === 'ok').length} ok, ${notices.length} notices, ${errors.length} errors`);
  expect(errors).toEqual([]);
});

test('GET serves queries and refuses mutations', async () => {
  const q = await fetch(`${s.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/graphql-response+json', 'apollo-require-preflight': 'true' } });
  expect(q.status).toBe(200);
  expect(q.headers.get('content-type')).toMatch(/application\/graphql-response\+json/);
  expect(await q.json()).toEqual({ data: { __typename: 'Query' } });
  const m = await fetch(`${s.url}/graphql?query=${encodeURIComponent('mutation { logout { ok } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
  expect(m.status).toBe(405);
});

test('with INTROSPECTION=authenticated, anonymous callers cannot introspect; staff and API clients can', async () => {
  const p = await startTestServer({ INTROSPECTION: 'authenticated' });
  try {
    const q = `{ __schema { queryType { name } } }`;
    const anon = await p.gql(q);
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const staff = await p.gql(q, {}, await p.login('handler'));
    expect(staff.data.__schema.queryType.name).toBe('Query');
    const client = await p.gql(q, {}, null, { 'x-api-key': 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz' });
    expect(client.data.__schema.queryType.name).toBe('Query');
    // Ordinary anonymous queries are unaffected.
    expect((await p.gql(`{ __typename }`)).data.__typename).toBe('Query');
  } finally {
    await p.close();
  }
});
