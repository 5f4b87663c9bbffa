/** GraphQL over HTTP: the graphql-http package's server audits against the running server, with no error. */
import { serverAudits } from 'graphql-http';
import { serverPerFile, startTestServer, TestServer } from './helpers';

const s = serverPerFile();

test('graphql-http server audits: no error (notices are listed in docs/limits.md)', async () => {
  const audits = serverAudits({ url: `${s.url}/graphql`, fetchFn: fetch });
  const results = [];
  for (const audit of audits) results.push({ name: audit.name, ...(await audit.fn()) });
  const errors = results.filter((r) => r.status === 'error').map((r) => `${r.name}: ${r.reason}`);
  const notices = results.filter((r) => r.status !== 'ok' && r.status !== 'error').map((r) => `${r.status}: ${r.name}`);
  console.log(notices.join('\n'));
  console.log(
    `graphql-http audits: ${results.length} run, ${results.filter((r) => r.status === 'ok').length} ok, ${notices.length} notices, ${errors.length} errors`,
  );
  expect(errors).toEqual([]);
});

test('GET serves queries and refuses mutations', async () => {
  const q = await fetch(`${s.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
    headers: { accept: 'application/graphql-response+json', 'apollo-require-preflight': 'true' },
  });
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
    expect(anon.data).toBeUndefined();
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

describe('with INTROSPECTION=authenticated (production default)', () => {
  let p: TestServer;
  beforeAll(async () => {
    p = await startTestServer({ INTROSPECTION: 'authenticated' });
  });
  afterAll(async () => {
    await p?.close();
  });
  const post = async (query: string, accept = 'application/graphql-response+json') => {
    const res = await fetch(`${p.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query }) });
    return { status: res.status, contentType: res.headers.get('content-type'), body: await res.json() };
  };
  const smuggled = [
    `{ ... on Query { __schema { types { name } } } }`,
    `{ ... { __schema { queryType { name } } } }`,
    `query { ...S } fragment S on Query { __schema { types { name } } }`,
    `query { ...T } fragment T on Query { __type(name: "Message") { fields { name } } }`,
    `query { ...A } fragment A on Query { ...B } fragment B on Query { ... on Query { __type(name: "User") { name } } }`,
    `query Q { __typename ... on Query { __type(name: "Message") { name } } }`,
  ];

  test('fragments (inline, named, nested) do not smuggle __schema or __type past the guard', async () => {
    for (const query of smuggled) {
      const r = await post(query);
      expect({ query, code: r.body.errors?.[0]?.extensions?.code, data: r.body.data }).toEqual({ query, code: 'UNAUTHENTICATED', data: undefined });
    }
    // The same documents answer a logged-in user; __typename inside fragments stays open to everyone.
    const staff = await p.gql(smuggled[2], {}, await p.login('handler'));
    expect(staff.data.__schema.types.length).toBeGreaterThan(10);
    expect((await p.gql(`query { ...N } fragment N on Query { __typename }`)).data).toEqual({ __typename: 'Query' });
  });

  test('the refusal is a request error (HTTP 400, UNAUTHENTICATED) in both media types and over GET, never a 500', async () => {
    for (const query of [`{ __schema { queryType { name } } }`, smuggled[0], smuggled[3]]) {
      for (const accept of ['application/graphql-response+json', 'application/json']) {
        const r = await post(query, accept);
        expect({ query, accept, status: r.status, code: r.body.errors?.[0]?.extensions?.code }).toEqual({
          query,
          accept,
          status: 400,
          code: 'UNAUTHENTICATED',
        });
        expect(r.contentType).toContain(accept);
      }
      const get = await fetch(`${p.url}/graphql?query=${encodeURIComponent(query)}`, {
        headers: { accept: 'application/graphql-response+json', 'apollo-require-preflight': 'true' },
      });
      expect(get.status).toBe(400);
      expect((await get.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});
