/**
 * The public API over HTTP (issue 18, items 7, 8, 13, 14): a key's limit counts requests and refuses before anything
 * runs (HTTP 429, Retry-After, RateLimit-*); a trusted server key passes its end users' IP addresses; CORS answers by
 * the keys' allowed origins and refuses a browser origin the key does not allow; GET with the key alone passes the
 * CSRF rule and public reads are cacheable for a short while.
 */
import { codeOf, serverPerFile } from './helpers';
import { CREATE_API_CLIENT, newApiKey } from './workflow-helpers';

let admin: string;
const newKey = (i: Record<string, unknown>) => newApiKey(s, admin, { owner: '测试', scopes: ['PUBLIC_READ', 'MESSAGES_SUBMIT'], ...i });

/** A raw POST, to read the status and headers. */
async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const s = serverPerFile({ CITIZEN_OPS_PER_IP_PER_MINUTE: '3' });
beforeAll(async () => {
  admin = await s.login('admin');
});

const SUBMIT = `mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo queryCode } }`;
const LOOKUP = `query($c: CitizenCredentials!) { lookupMessage(credentials: $c) { canRate } }`;
const citizen = (externalId: string) => ({
  externalId,
  type: 'CONSULT',
  title: '公交线路调整咨询',
  content: '请问下个月起公交线路是否调整，哪里可以查到新的时刻表？',
  realName: '王五',
  phone: '13800000001',
  isPublic: false,
});
const messageCount = async () => Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM message`))[0].n);

test("a key's limit counts requests, not fields, and refuses before anything runs: HTTP 429 with Retry-After and RateLimit-*", async () => {
  const { key } = await newKey({ name: '限流三次', rateLimitPerMinute: 3 });
  // One request asking for three lists uses one request of the budget.
  const three = await post(`{ publicUnits { id } publicCategories { id } publicLeaders { id } }`, {}, { 'x-api-key': key });
  expect(three.status).toBe(200);
  expect(three.body.errors).toBeUndefined();
  expect(three.headers.get('ratelimit-limit')).toBe('3');
  expect(three.headers.get('ratelimit-remaining')).toBe('2');
  expect(Number(three.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
  expect(three.headers.get('ratelimit-policy')).toBe('3;w=60');
  expect((await post(`{ publicUnits { id } }`, {}, { 'x-api-key': key })).headers.get('ratelimit-remaining')).toBe('1');
  expect((await post(`{ publicUnits { id } }`, {}, { 'x-api-key': key })).headers.get('ratelimit-remaining')).toBe('0');
  // Over the limit: nothing of the request runs (the submission in it creates nothing), and the answer says when to retry.
  const before = await messageCount();
  const refused = await post(SUBMIT, { i: citizen('limited-1') }, { 'x-api-key': key });
  expect(refused.status).toBe(429);
  expect(refused.body.data).toBeUndefined();
  expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(refused.body.errors[0].extensions.retryAfterSeconds).toBe(retryAfter);
  expect(refused.headers.get('ratelimit-remaining')).toBe('0');
  expect(await messageCount()).toBe(before);
  // Another key has its own budget.
  const other = await newKey({ name: '另一个', rateLimitPerMinute: 3 });
  expect((await post(`{ publicUnits { id } }`, {}, { 'x-api-key': other.key })).status).toBe(200);
});

test("a trusted server key passes its end users' addresses: citizen limits count per end user, and the message keeps that address", async () => {
  const trusted = await newKey({ name: '市民热线后台', rateLimitPerMinute: 1000, mayPassEndUserIp: true });
  expect(trusted.client.mayPassEndUserIp).toBe(true);
  const lookup = (ip: string) =>
    post(LOOKUP, { c: { serialNo: 'WZ20261123000001', queryCode: 'ABCD2345' } }, { 'x-api-key': trusted.key, 'x-end-user-ip': ip });
  // CITIZEN_OPS_PER_IP_PER_MINUTE=3: three lookups for one citizen, the fourth refused before it runs; another citizen goes on.
  const codes = [];
  for (let i = 0; i < 4; i++) codes.push((await lookup('203.0.113.7')).body.errors?.[0]?.extensions?.code);
  expect(codes).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'RATE_LIMITED']);
  const limited = await lookup('203.0.113.7');
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await lookup('2001:db8::8')).body.errors[0].extensions.code).toBe('NOT_FOUND');
  // A submission keeps the end user's address (private data, for staff who may see it).
  const sent = (await post(SUBMIT, { i: citizen('trusted-1') }, { 'x-api-key': trusted.key, 'x-end-user-ip': '198.51.100.23' })).body.data.submitMessage;
  expect((await s.app.ds.query(`SELECT ip FROM message WHERE serialNo = '${sent.serialNo}'`))[0].ip).toBe('198.51.100.23');
  // Not an address: BAD_USER_INPUT naming the header.
  const bad = await lookup('203.0.113.999');
  expect({ status: bad.status, code: bad.body.errors[0].extensions.code, field: bad.body.errors[0].extensions.field }).toEqual({
    status: 400,
    code: 'BAD_USER_INPUT',
    field: 'x-end-user-ip',
  });
  // A key without the permission, no key, or a browser page: the header is refused (FORBIDDEN, HTTP 403), nothing runs.
  const plain = await newKey({ name: '普通服务器密钥', rateLimitPerMinute: 1000 });
  const before = await messageCount();
  for (const headers of [{ 'x-api-key': plain.key }, {}, { 'x-api-key': trusted.key, origin: 'https://www.changsha.gov.cn' }]) {
    const r = await post(SUBMIT, { i: citizen('spoof-1') }, { ...headers, 'x-end-user-ip': '203.0.113.50' });
    expect({ headers, status: r.status, code: r.body.errors?.[0]?.extensions?.code, data: r.body.data }).toEqual({
      headers,
      status: 403,
      code: 'FORBIDDEN',
      data: undefined,
    });
  }
  expect(await messageCount()).toBe(before);
  // The permission is for server-only keys: not together with browser origins.
  const both = await s.gql(
    CREATE_API_CLIENT,
    { i: { name: '两者', owner: '测试', scopes: ['PUBLIC_READ'], allowedOrigins: ['https://a.example.cn'], mayPassEndUserIp: true } },
    admin,
  );
  expect({ code: codeOf(both), field: both.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'mayPassEndUserIp' });
  const update = await s.gql(
    `mutation($i: UpdateApiClientInput!) { updateApiClient(input: $i) { client { id } } }`,
    { i: { id: trusted.client.id, allowedOrigins: ['https://a.example.cn'] } },
    admin,
  );
  expect(codeOf(update)).toBe('BAD_USER_INPUT');
});

describe("CORS by the keys' allowed origins", () => {
  let browserKey: string;
  let serverKey: string;
  beforeAll(async () => {
    // Written the way people type them: a trailing slash, capitals.
    const b = await newKey({ name: '门户网站', allowedOrigins: ['https://WWW.Changsha.gov.cn/', 'http://localhost:8080'], rateLimitPerMinute: 1000 });
    expect(b.client.allowedOrigins).toEqual(['https://www.changsha.gov.cn', 'http://localhost:8080']);
    browserKey = b.key;
    serverKey = (await newKey({ name: '服务器', rateLimitPerMinute: 1000 })).key;
    await newKey({ name: '另一站', allowedOrigins: ['https://other.example.cn'], rateLimitPerMinute: 1000 });
  });
  const preflight = (origin: string) =>
    fetch(`${s.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' },
    });

  test('a preflight is answered for origins a key allows, not with *, and not for others', async () => {
    for (const origin of ['https://www.changsha.gov.cn', 'https://other.example.cn']) {
      const r = await preflight(origin);
      expect({ origin, status: r.status, allow: r.headers.get('access-control-allow-origin') }).toEqual({ origin, status: 204, allow: origin });
      expect(r.headers.get('access-control-allow-headers')).toContain('x-api-key');
      expect(r.headers.get('vary')).toMatch(/Origin/);
    }
    const evil = await preflight('https://evil.example.com');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  test("a request is checked against its own key's origins: another site's origin is refused (HTTP 403) before anything runs", async () => {
    const allowed = await post(`{ publicUnits { id } }`, {}, { 'x-api-key': browserKey, origin: 'https://www.changsha.gov.cn' });
    expect({ status: allowed.status, errors: allowed.body.errors, acao: allowed.headers.get('access-control-allow-origin') }).toEqual({
      status: 200,
      errors: undefined,
      acao: 'https://www.changsha.gov.cn',
    });
    expect(allowed.headers.get('access-control-expose-headers')).toMatch(/RateLimit-Remaining/);
    // Allowed for another key only: refused for this one.
    const foreign = await post(`{ publicUnits { id } }`, {}, { 'x-api-key': browserKey, origin: 'https://other.example.cn' });
    expect({ status: foreign.status, code: foreign.body.errors[0].extensions.code, data: foreign.body.data }).toEqual({
      status: 403,
      code: 'FORBIDDEN',
      data: undefined,
    });
    const evil = await post(`{ publicUnits { id } }`, {}, { 'x-api-key': browserKey, origin: 'https://evil.example.com' });
    expect({ status: evil.status, code: evil.body.errors[0].extensions.code, acao: evil.headers.get('access-control-allow-origin') }).toEqual({
      status: 403,
      code: 'FORBIDDEN',
      acao: null,
    });
    // A submission from a refused origin creates nothing.
    const before = await messageCount();
    expect((await post(SUBMIT, { i: citizen('cors-1') }, { 'x-api-key': browserKey, origin: 'https://evil.example.com' })).status).toBe(403);
    expect(await messageCount()).toBe(before);
  });

  test("a server-only key (no origins) is refused from any browser page, but works server to server and from the platform's own pages", async () => {
    const browser = await post(`{ publicUnits { id } }`, {}, { 'x-api-key': serverKey, origin: 'https://www.changsha.gov.cn' });
    expect({ status: browser.status, code: browser.body.errors[0].extensions.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect((await post(`{ publicUnits { id } }`, {}, { 'x-api-key': serverKey })).status).toBe(200);
    // The platform's own pages (such as /examples/public/) send the platform's own origin.
    const own = await post(`{ publicUnits { id } }`, {}, { 'x-api-key': serverKey, origin: s.url });
    expect({ status: own.status, errors: own.body.errors }).toEqual({ status: 200, errors: undefined });
  });
});

test('GET with the key alone passes the CSRF rule; public reads are cacheable for a short while, citizen data never', async () => {
  const { key } = await newKey({ name: 'GET', rateLimitPerMinute: 1000 });
  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${s.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/graphql-response+json', 'x-api-key': key, ...headers } });
  const list = await get(`{ publicCategories { id name } }`);
  expect(list.status).toBe(200);
  expect((await list.json()).data.publicCategories.length).toBeGreaterThan(5);
  expect(list.headers.get('cache-control')).toBe('public, max-age=30');
  expect(list.headers.get('vary')).toMatch(/x-api-key/);
  // Without the key (and without another preflight header) a GET is still refused by the CSRF rule.
  const anonymous = await fetch(`${s.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
  expect(anonymous.status).toBe(400);
  // A query code is never sent in a URL: lookupMessage over GET is refused.
  const lookup = await get(`{ lookupMessage(credentials: { serialNo: "WZ20261123000001", queryCode: "ABCD2345" }) { canRate } }`);
  expect(lookup.status).toBe(405);
  expect((await lookup.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  // POST answers and errors are not marked cacheable.
  const postList = await post(`{ publicCategories { id } }`, {}, { 'x-api-key': key });
  expect(postList.headers.get('cache-control')).toBe('no-store');
});
