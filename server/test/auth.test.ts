import { codeOf, serverPerFile } from './helpers';

const s = serverPerFile({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', ACCESS_TOKEN_TTL: '2s' });

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken accessTokenExpiresAt user { username role } } }`;
const RENEW = `mutation($i: RenewTokenInput!) { renewToken(input: $i) { accessToken refreshToken } }`;

test('login returns tokens; me answers with the user; no token is UNAUTHENTICATED', async () => {
  const r = await s.gql(LOGIN, { i: { username: 'Dispatcher', password: 'wenzheng2026' } });
  expect(r.errors).toBeUndefined();
  expect(r.data.login.user).toEqual({ username: 'dispatcher', role: 'DISPATCHER' });
  const me = await s.gql(`{ me { username } }`, {}, r.data.login.accessToken);
  expect(me.data.me.username).toBe('dispatcher');
  expect(codeOf(await s.gql(`{ me { username } }`))).toBe('UNAUTHENTICATED');
  expect(codeOf(await s.gql(`{ me { username } }`, {}, 'not-a-jwt'))).toBe('UNAUTHENTICATED');
});

test('a wrong password and an unknown user get the same UNAUTHENTICATED answer', async () => {
  const wrong = await s.gql(LOGIN, { i: { username: 'supervisor', password: 'nope12345' } });
  const unknown = await s.gql(LOGIN, { i: { username: 'nobody', password: 'nope12345' } });
  expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
  expect(codeOf(unknown)).toBe('UNAUTHENTICATED');
  expect(wrong.errors![0].message).toBe(unknown.errors![0].message);
});

test('repeated failures block the account, even with the right password, with RATE_LIMITED', async () => {
  for (let i = 0; i < 3; i++) {
    expect(codeOf(await s.gql(LOGIN, { i: { username: 'leader', password: `bad-${i}aaaa` } }))).toBe('UNAUTHENTICATED');
  }
  const blocked = await s.gql(LOGIN, { i: { username: 'leader', password: 'wenzheng2026' } });
  expect(codeOf(blocked)).toBe('RATE_LIMITED');
  expect(blocked.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
  // Another account from the same IP is not blocked by this account's failures.
  expect(codeOf(await s.gql(LOGIN, { i: { username: 'reviewer', password: 'wenzheng2026' } }))).toBeUndefined();
});

test('renewing rotates the refresh token; logout ends the session at once', async () => {
  const first = (await s.gql(LOGIN, { i: { username: 'handler', password: 'wenzheng2026' } })).data.login;
  const renewed = await s.gql(RENEW, { i: { refreshToken: first.refreshToken } });
  expect(renewed.errors).toBeUndefined();
  expect(renewed.data.renewToken.refreshToken).not.toBe(first.refreshToken);
  const token = renewed.data.renewToken.accessToken;
  expect((await s.gql(`{ me { username } }`, {}, token)).data.me.username).toBe('handler');
  // (Presenting the used refresh token again would end the session: test/sessions.test.ts.)
  expect((await s.gql(`mutation { logout { ok } }`, {}, token)).data.logout.ok).toBe(true);
  expect(codeOf(await s.gql(`{ me { username } }`, {}, token))).toBe('UNAUTHENTICATED');
  expect(codeOf(await s.gql(RENEW, { i: { refreshToken: renewed.data.renewToken.refreshToken } }))).toBe('UNAUTHENTICATED');
});

test('access tokens expire', async () => {
  const token = await s.login('supervisor');
  expect((await s.gql(`{ me { username } }`, {}, token)).data.me.username).toBe('supervisor');
  await new Promise((r) => setTimeout(r, 3100));
  expect(codeOf(await s.gql(`{ me { username } }`, {}, token))).toBe('UNAUTHENTICATED');
});

test('passwords are stored as bcrypt hashes, never in clear', async () => {
  const rows = await s.app.ds.query(`SELECT passwordHash FROM app_user`);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.passwordHash).toMatch(/^\$2[aby]\$\d\d\$/);
    expect(r.passwordHash).not.toContain('wenzheng2026');
  }
});

test('an admin resets a password: old sessions end, the new password works, the user must change it', async () => {
  const admin = await s.login('admin');
  const victim = await s.login('reviewer');
  const id = (await s.gql(`{ me { id } }`, {}, victim)).data.me.id;
  const reset = await s.gql(
    `mutation($i: ResetPasswordInput!) { resetUserPassword(input: $i) { user { mustChangePassword } } }`,
    { i: { id, newPassword: 'temp12345' } },
    admin,
  );
  expect(reset.data.resetUserPassword.user.mustChangePassword).toBe(true);
  expect(codeOf(await s.gql(`{ me { id } }`, {}, victim))).toBe('UNAUTHENTICATED');
  const fresh = await s.login('reviewer', 'temp12345');
  const weak = await s.gql(
    `mutation($i: ChangePasswordInput!) { changeMyPassword(input: $i) { user { mustChangePassword } } }`,
    { i: { currentPassword: 'temp12345', newPassword: 'abcdefgh' } },
    fresh,
  );
  expect(codeOf(weak)).toBe('BAD_USER_INPUT');
  const ok = await s.gql(
    `mutation($i: ChangePasswordInput!) { changeMyPassword(input: $i) { user { mustChangePassword } } }`,
    { i: { currentPassword: 'temp12345', newPassword: 'wenzheng2026' } },
    fresh,
  );
  expect(ok.data.changeMyPassword.user.mustChangePassword).toBe(false);
});
