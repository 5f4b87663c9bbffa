/**
 * Authorization matrix (domain.md §1, §14): every role × every organisation/user operation, allowed or
 * FORBIDDEN, and the unit-subtree scope of unit roles (own unit vs another unit).
 * The expectations are written out here by hand, not derived from the permission table under test.
 */
import { codeOf, serverPerFile, TestServer } from './helpers';

const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const ROLES = ['admin', 'dispatcher', 'supervisor', 'leader', 'handler', 'reviewer'] as const;
type Who = (typeof ROLES)[number];

const s = serverPerFile();
beforeAll(async () => {
  for (const r of ROLES) tokens[r] = await s.login(r);
  const units = (await s.gql(`{ units(first: 100) { nodes { id code } } }`, {}, tokens.admin)).data.units.nodes as Array<{ id: string; code: string }>;
  for (const u of units) ids[u.code] = u.id;
  // A handler in another city, to test "another unit".
  const other = await s.gql(
    `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }`,
    { i: { username: 'yy.handler', displayName: '岳阳承办', role: 'UNIT_HANDLER', unitId: ids['hn-yy'], password: 'start12345' } },
    tokens.admin,
  );
  ids.otherUser = other.data.createUser.user.id;
  ids.ownUser = (await s.gql(`{ me { id } }`, {}, tokens.handler)).data.me.id;
});

let seq = 0;
const OPS: Record<string, { allowed: Who[]; run: (t: string) => ReturnType<TestServer['gql']> }> = {
  'read units': { allowed: [...ROLES], run: (t) => s.gql(`{ units(first: 1) { totalCount } }`, {}, t) },
  'read leaders': { allowed: [...ROLES], run: (t) => s.gql(`{ leaders(first: 1) { totalCount } }`, {}, t) },
  'read categories': { allowed: [...ROLES], run: (t) => s.gql(`{ categories(first: 1) { totalCount } }`, {}, t) },
  'create unit': {
    allowed: ['admin'],
    run: (t) =>
      s.gql(
        `mutation($i: CreateUnitInput!) { createUnit(input: $i) { unit { id } } }`,
        { i: { code: `m-${++seq}`, name: '矩阵单位', kind: 'OTHER', parentId: ids.hn } },
        t,
      ),
  },
  'rename unit': {
    allowed: ['admin'],
    run: (t) =>
      s.gql(`mutation($i: UpdateUnitInput!) { updateUnit(input: $i) { unit { id } } }`, { i: { id: ids['hn-cs-zjj'], name: '长沙市住房和城乡建设局' } }, t),
  },
  'create leader': {
    allowed: ['admin'],
    run: (t) =>
      s.gql(`mutation($i: CreateLeaderInput!) { createLeader(input: $i) { leader { id } } }`, { i: { name: '矩阵', title: '局长', unitId: ids['hn-cs'] } }, t),
  },
  'create category': {
    allowed: ['admin'],
    run: (t) =>
      s.gql(`mutation($i: CreateCategoryInput!) { createCategory(input: $i) { category { id } } }`, { i: { code: `c-${++seq}`, name: '矩阵领域' } }, t),
  },
  'list users': { allowed: ['admin', 'dispatcher', 'supervisor', 'reviewer'], run: (t) => s.gql(`{ users { totalCount } }`, {}, t) },
  'create user': {
    allowed: ['admin'],
    run: (t) =>
      s.gql(
        `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }`,
        { i: { username: `mx${++seq}`, displayName: '矩阵', role: 'UNIT_HANDLER', unitId: ids['hn-cs'], password: 'start12345' } },
        t,
      ),
  },
  'reset password': {
    allowed: ['admin'],
    run: (t) =>
      s.gql(`mutation($i: ResetPasswordInput!) { resetUserPassword(input: $i) { user { id } } }`, { i: { id: ids.otherUser, newPassword: 'start12345' } }, t),
  },
  'read own profile': { allowed: [...ROLES], run: (t) => s.gql(`{ me { id } }`, {}, t) },
};

describe.each(Object.entries(OPS))('%s', (_name, op) => {
  test.each([...ROLES])('as %s', async (who) => {
    const r = await op.run(tokens[who]);
    if (op.allowed.includes(who)) expect(r.errors).toBeUndefined();
    else expect(codeOf(r)).toBe('FORBIDDEN');
  });
  test('without a token: UNAUTHENTICATED', async () => {
    expect(codeOf(await op.run(''))).toBe('UNAUTHENTICATED');
  });
});

describe('unit scope: own unit and subtree vs another unit', () => {
  const USER = `query($id: ID!) { user(id: $id) { username } }`;
  test("a unit reviewer reads users of their own unit; another unit's user answers like a missing one", async () => {
    expect((await s.gql(USER, { id: ids.ownUser }, tokens.reviewer)).data.user.username).toBe('handler');
    // Another unit's user is outside the reviewer's reach (its `users` list leaves it out): exactly like a missing one.
    const other = await s.gql(USER, { id: ids.otherUser }, tokens.reviewer);
    const missing = await s.gql(USER, { id: '999999' }, tokens.reviewer);
    expect({ code: codeOf(other), message: other.errors?.[0].message.replace(ids.otherUser, '<id>') }).toEqual({
      code: 'NOT_FOUND',
      message: missing.errors?.[0].message.replace('999999', '<id>'),
    });
  });
  test('a unit reviewer lists only users of their unit subtree; a dispatcher lists everyone', async () => {
    const mine = (await s.gql(`{ users(first: 100) { nodes { username } } }`, {}, tokens.reviewer)).data.users.nodes.map(
      (u: { username: string }) => u.username,
    );
    expect(mine).toEqual(expect.arrayContaining(['handler', 'reviewer']));
    expect(mine).not.toContain('yy.handler');
    expect(mine).not.toContain('admin');
    const all = (await s.gql(`{ users(first: 100) { nodes { username } } }`, {}, tokens.dispatcher)).data.users.nodes.map(
      (u: { username: string }) => u.username,
    );
    expect(all).toEqual(expect.arrayContaining(['handler', 'yy.handler', 'admin']));
  });
  test('platform-wide roles read users of any unit', async () => {
    for (const who of ['admin', 'dispatcher', 'supervisor'] as const) {
      expect((await s.gql(USER, { id: ids.otherUser }, tokens[who])).data.user.username).toBe('yy.handler');
    }
  });
});
