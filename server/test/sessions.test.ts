/**
 * Sessions and accounts (issue 13, items 9-12): a replayed refresh token ends its session; changing one's password
 * ends the other sessions; a temporary password opens nothing but `me`, `changeMyPassword` and `logout`; wrong
 * current passwords are throttled like logins.
 */
import { codeOf, serverPerFile } from './helpers';
import { collect, disposeAll, liveClient } from './support/live';

let admin: string;
let unitId: string;
const s = serverPerFile({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' }, { beforeClose: () => disposeAll() });
beforeAll(async () => {
  admin = await s.login('admin');
  unitId = (await s.gql(`{ me { unitId } }`, {}, admin)).data.me.unitId;
});

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken user { mustChangePassword } } }`;
const RENEW = `mutation($i: RenewTokenInput!) { renewToken(input: $i) { accessToken refreshToken } }`;
const CHANGE = `mutation($i: ChangePasswordInput!) { changeMyPassword(input: $i) { user { username mustChangePassword } } }`;
const ME = `{ me { username mustChangePassword } }`;
const TEMP = 'temp1234x';
const FINAL = 'final1234x';

/** A new user (as an administrator creates one: with a temporary password to change at first login). */
let n = 0;
async function newUser(role = 'DISPATCHER') {
  const username = `sess${++n}${Date.now() % 100000}`;
  const r = await s.gql(
    `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }`,
    { i: { username, displayName: `会话测试${n}`, role, unitId, password: TEMP } },
    admin,
  );
  expect(r.errors).toBeUndefined();
  return username;
}
async function loginAs(username: string, password: string) {
  const r = await s.gql(LOGIN, { i: { username, password } });
  expect(r.errors).toBeUndefined();
  return r.data.login as { accessToken: string; refreshToken: string; user: { mustChangePassword: boolean } };
}
/** A user who has changed the temporary password, with one session. */
async function readyUser() {
  const username = await newUser();
  const first = await loginAs(username, TEMP);
  expect((await s.gql(CHANGE, { i: { currentPassword: TEMP, newPassword: FINAL } }, first.accessToken)).errors).toBeUndefined();
  return { username, session: first };
}

describe('refresh-token reuse (item 9)', () => {
  test('replaying a used refresh token ends the whole session: its newest access and refresh tokens stop working', async () => {
    const { session } = await readyUser();
    const second = (await s.gql(RENEW, { i: { refreshToken: session.refreshToken } })).data.renewToken;
    const third = (await s.gql(RENEW, { i: { refreshToken: second.refreshToken } })).data.renewToken;
    expect((await s.gql(ME, {}, third.accessToken)).data.me).toBeTruthy();
    // Someone replays the first (long superseded) refresh token.
    expect(codeOf(await s.gql(RENEW, { i: { refreshToken: session.refreshToken } }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await s.gql(ME, {}, third.accessToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await s.gql(RENEW, { i: { refreshToken: third.refreshToken } }))).toBe('UNAUTHENTICATED');
  });

  test('two renewals racing with the same refresh token: at most one wins, and the session ends', async () => {
    const { session } = await readyUser();
    const both = await Promise.all([1, 2].map(() => s.gql(RENEW, { i: { refreshToken: session.refreshToken } })));
    expect(both.filter((r) => r.data?.renewToken).length).toBeLessThanOrEqual(1);
    for (const r of both.filter((x) => x.data?.renewToken)) {
      expect(codeOf(await s.gql(ME, {}, r.data.renewToken.accessToken))).toBe('UNAUTHENTICATED');
    }
  });

  test('a made-up refresh token naming a live session is refused without ending the session', async () => {
    const { session } = await readyUser();
    const [sid, random, tag] = session.refreshToken.split('.');
    for (const forged of [`${sid}.${random}.AAAAAAAAAAAAAAAAAAAAAA`, `${sid}.x.${tag}`, `${sid}.${random}`, sid, `${sid}.`]) {
      expect(codeOf(await s.gql(RENEW, { i: { refreshToken: forged } }))).toBe('UNAUTHENTICATED');
    }
    expect((await s.gql(ME, {}, session.accessToken)).data.me).toBeTruthy();
    expect((await s.gql(RENEW, { i: { refreshToken: session.refreshToken } })).data.renewToken.accessToken).toBeTruthy();
  });
});

describe("changing one's password (item 10)", () => {
  test("ends the user's other sessions and keeps the current one", async () => {
    const { username } = await readyUser();
    const laptop = await loginAs(username, FINAL);
    const phone = await loginAs(username, FINAL);
    const changed = await s.gql(CHANGE, { i: { currentPassword: FINAL, newPassword: 'newer1234x' } }, laptop.accessToken);
    expect(changed.errors).toBeUndefined();
    expect((await s.gql(ME, {}, laptop.accessToken)).data.me.username).toBe(username);
    expect((await s.gql(RENEW, { i: { refreshToken: laptop.refreshToken } })).data.renewToken.accessToken).toBeTruthy();
    expect(codeOf(await s.gql(ME, {}, phone.accessToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await s.gql(RENEW, { i: { refreshToken: phone.refreshToken } }))).toBe('UNAUTHENTICATED');
    // Another user's sessions are untouched.
    expect((await s.gql(ME, {}, admin)).data.me.username).toBe('admin');
  });
});

describe('temporary passwords (item 11)', () => {
  test('until it is changed, only me, changeMyPassword and logout work; everything else is FORBIDDEN with the reason', async () => {
    const username = await newUser();
    const temp = await loginAs(username, TEMP);
    expect(temp.user.mustChangePassword).toBe(true);
    expect((await s.gql(ME, {}, temp.accessToken)).data.me).toEqual({ username, mustChangePassword: true });
    const refused = [
      `{ messages(first: 1) { totalCount } }`,
      `{ units(first: 1) { totalCount } }`,
      `{ dashboard { awaitingScreening } }`,
      `{ me { username } messages(first: 1) { totalCount } }`,
      `mutation { createMessage(input: { title: "临时密码", content: "不应写入的留言", type: CONSULT, channel: HOTLINE_12345, realName: "张三", phone: "13800000000" }) { message { id } } }`,
    ];
    for (const q of refused) {
      const r = await s.gql(q, {}, temp.accessToken);
      expect({ q, code: codeOf(r), reason: r.errors?.find((e) => e.extensions?.code === 'FORBIDDEN')?.extensions?.reason }).toEqual({
        q,
        code: 'FORBIDDEN',
        reason: 'PASSWORD_CHANGE_REQUIRED',
      });
    }
    expect(Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM message WHERE title = '临时密码'`))[0].n)).toBe(0);
    // The same session is let through as soon as the password is changed; the token stays valid.
    expect((await s.gql(CHANGE, { i: { currentPassword: TEMP, newPassword: FINAL } }, temp.accessToken)).data.changeMyPassword.user.mustChangePassword).toBe(
      false,
    );
    expect((await s.gql(`{ messages(first: 1) { totalCount } }`, {}, temp.accessToken)).errors).toBeUndefined();
  });

  test('a temporary password opens no CSV download and no subscription either; logout still works', async () => {
    const username = await newUser();
    const temp = await loginAs(username, TEMP);
    const csv = await fetch(`${s.url}/export/messages.csv`, { headers: { authorization: `Bearer ${temp.accessToken}` } });
    expect(csv.status).toBe(403);
    expect((await csv.json()).errors[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'PASSWORD_CHANGE_REQUIRED' });
    const live = liveClient(s.url, temp.accessToken);
    await live.acked;
    const sub = collect(live, `subscription($u: ID!) { assignmentEvents(unitId: $u) { type } }`, { u: unitId });
    const end = Date.now() + 5000;
    while (!sub.errors.length && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.stringify(sub.errors)).toContain('PASSWORD_CHANGE_REQUIRED');
    expect((await s.gql(`mutation { logout { ok } }`, {}, temp.accessToken)).data.logout.ok).toBe(true);
    expect(codeOf(await s.gql(ME, {}, temp.accessToken))).toBe('UNAUTHENTICATED');
  });

  test("an administrator's password reset puts the user back behind the temporary-password gate", async () => {
    const { username } = await readyUser();
    const id = (await s.gql(`query($f: UserFilter) { users(filter: $f) { nodes { id username } } }`, { f: { search: username } }, admin)).data.users.nodes.find(
      (u: { username: string }) => u.username === username,
    ).id;
    expect(
      (await s.gql(`mutation($i: ResetPasswordInput!) { resetUserPassword(input: $i) { user { id } } }`, { i: { id, newPassword: 'reset1234x' } }, admin))
        .errors,
    ).toBeUndefined();
    const again = await loginAs(username, 'reset1234x');
    expect(codeOf(await s.gql(`{ messages(first: 1) { totalCount } }`, {}, again.accessToken))).toBe('FORBIDDEN');
  });
});

describe('throttling wrong current passwords (item 12)', () => {
  test('wrong current passwords count like failed logins: past the limit even the right one is RATE_LIMITED', async () => {
    const { username, session } = await readyUser();
    for (let i = 0; i < 3; i++) {
      const r = await s.gql(CHANGE, { i: { currentPassword: `guess${i}1234`, newPassword: 'other1234x' } }, session.accessToken);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    }
    const blocked = await s.gql(CHANGE, { i: { currentPassword: FINAL, newPassword: 'other1234x' } }, session.accessToken);
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    expect(blocked.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    // The password was not changed, and the account's login is blocked too (one counter per account).
    expect(codeOf(await s.gql(LOGIN, { i: { username, password: FINAL } }))).toBe('RATE_LIMITED');
  });

  test('a right current password clears the count', async () => {
    const { session } = await readyUser();
    for (let i = 0; i < 2; i++) await s.gql(CHANGE, { i: { currentPassword: `guess${i}1234`, newPassword: 'other1234x' } }, session.accessToken);
    expect((await s.gql(CHANGE, { i: { currentPassword: FINAL, newPassword: 'other1234x' } }, session.accessToken)).errors).toBeUndefined();
    for (let i = 0; i < 2; i++) await s.gql(CHANGE, { i: { currentPassword: `guess${i}1234`, newPassword: 'again1234x' } }, session.accessToken);
    expect((await s.gql(CHANGE, { i: { currentPassword: 'other1234x', newPassword: 'again1234x' } }, session.accessToken)).errors).toBeUndefined();
  });
});
