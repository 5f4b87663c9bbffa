/** Errors that leave the server: typed codes, and no SQL or stack traces outside development. */
import { GraphQLError } from 'graphql';
import { formatError } from '../src/graphql/errors';
import { codeOf, serverPerFile } from './helpers';

const s = serverPerFile({ LOGIN_MAX_FAILURES_PER_IP: '4', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100' });

test('an unexpected database error is INTERNAL_SERVER_ERROR without SQL, table names or stack', async () => {
  const token = await s.login('admin');
  await s.app.ds.query('DROP TABLE leader');
  const r = await s.gql(`{ leaders { totalCount } }`, {}, token);
  expect(codeOf(r)).toBe('INTERNAL_SERVER_ERROR');
  const text = JSON.stringify(r.errors!.map((e) => ({ message: e.message, extensions: e.extensions })));
  expect(text).not.toMatch(/leader|SELECT|sqlite|ER_NO_SUCH|ER_BAD|no such table|stack/i);
  expect(r.errors![0].message).toBe('服务器内部错误 (internal server error)');
});

test('formatError keeps details only in development', () => {
  const raw = new GraphQLError('x', { originalError: new Error("ER_NO_SUCH_TABLE: Table 'wz.message' doesn't exist in SELECT * FROM message") });
  const prod = formatError({ message: raw.originalError!.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, raw, {
    exposeDetails: false,
    log: () => undefined,
  });
  expect(prod).toEqual({
    message: '服务器内部错误 (internal server error)',
    locations: undefined,
    path: undefined,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
  const dev = formatError({ message: raw.originalError!.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, raw, {
    exposeDetails: true,
    log: () => undefined,
  });
  expect(dev.message).toContain('ER_NO_SUCH_TABLE');
});

test('malformed documents and wrong variable types are BAD_USER_INPUT', async () => {
  expect(codeOf(await s.gql(`{ me { username `))).toBe('BAD_USER_INPUT');
  expect(codeOf(await s.gql(`query($n: Int) { units(first: $n) { totalCount } }`, { n: 'ten' }))).toBe('BAD_USER_INPUT');
});

test('a malformed document is answered 400, not 500 (found by the reliability fuzz pass)', async () => {
  for (const q of [`{ me { username `, `{ __typename }\u0000`, `mutation { logout { ok } } }`]) {
    const r = await s.gql(q);
    expect([r.status, codeOf(r)]).toEqual([400, 'BAD_USER_INPUT']);
  }
});

test('failed logins from one IP over several accounts block that IP', async () => {
  const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;
  for (let i = 0; i < 4; i++) expect(codeOf(await s.gql(LOGIN, { i: { username: `nobody${i}`, password: 'wrong123x' } }))).toBe('UNAUTHENTICATED');
  expect(codeOf(await s.gql(LOGIN, { i: { username: 'dispatcher', password: 'wenzheng2026' } }))).toBe('RATE_LIMITED');
});

test('an unreachable database or Redis is SERVICE_UNAVAILABLE with a retry hint, not an internal error', () => {
  const log = jest.fn();
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
  const lost = Object.assign(new Error('query failed'), {
    driverError: Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST' }),
  });
  const redis = new Error("Stream isn't writeable and enableOfflineQueue options is false");
  for (const e of [refused, lost, redis]) {
    const f = formatError({ message: e.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new GraphQLError(e.message, { originalError: e }), {
      exposeDetails: false,
      log,
    });
    expect(f.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 });
    expect(f.message).not.toMatch(/3306|ECONN|Redis|Stream/);
  }
  expect(log).not.toHaveBeenCalled();
});
