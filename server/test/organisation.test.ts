import { codeOf, serverPerFile } from './helpers';

let admin: string;
const unitId = async (code: string) => {
  const r = await s.gql(`query($q: String) { units(filter: { search: $q }, first: 100) { nodes { id code } } }`, { q: code }, admin);
  return r.data.units.nodes.find((u: { code: string }) => u.code === code).id as string;
};
const CREATE_UNIT = `mutation($i: CreateUnitInput!) { createUnit(input: $i) { unit { id code name path level parent { code } } } }`;

const s = serverPerFile();
beforeAll(async () => {
  admin = await s.login('admin');
});

describe('units', () => {
  test('create under a parent, rename, and read back with path and level', async () => {
    const cs = await unitId('hn-cs');
    const r = await s.gql(CREATE_UNIT, { i: { code: 'hn-cs-test', name: '长沙市测试局', kind: 'DEPARTMENT', parentId: cs } }, admin);
    expect(r.errors).toBeUndefined();
    const u = r.data.createUnit.unit;
    expect(u.parent.code).toBe('hn-cs');
    expect(u.path).toMatch(new RegExp(`/${cs}/${u.id}/$`));
    expect(u.level).toBe(2);
    const renamed = await s.gql(
      `mutation($i: UpdateUnitInput!) { updateUnit(input: $i) { unit { name } } }`,
      { i: { id: u.id, name: '长沙市测试事务局' } },
      admin,
    );
    expect(renamed.data.updateUnit.unit.name).toBe('长沙市测试事务局');
  });

  test('moving a unit rewrites the path and level of its whole subtree; a move under itself is refused', async () => {
    const a = (await s.gql(CREATE_UNIT, { i: { code: 'mv-a', name: '移动甲', kind: 'OTHER', parentId: await unitId('hn-cs') } }, admin)).data.createUnit.unit;
    const b = (await s.gql(CREATE_UNIT, { i: { code: 'mv-b', name: '移动乙', kind: 'OTHER', parentId: a.id } }, admin)).data.createUnit.unit;
    const zz = await unitId('hn-zz');
    const moved = await s.gql(
      `mutation($i: MoveUnitInput!) { moveUnit(input: $i) { unit { path level parent { code } } } }`,
      { i: { id: a.id, parentId: zz } },
      admin,
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data.moveUnit.unit.parent.code).toBe('hn-zz');
    const child = (await s.gql(`query($id: ID!) { unit(id: $id) { path level ancestors { code } } }`, { id: b.id }, admin)).data.unit;
    expect(child.path).toBe(`${moved.data.moveUnit.unit.path}${b.id}/`);
    expect(child.level).toBe(moved.data.moveUnit.unit.level + 1);
    expect(child.ancestors.map((x: { code: string }) => x.code)).toEqual(['hn', 'hn-zz', 'mv-a']);
    const loop = await s.gql(`mutation($i: MoveUnitInput!) { moveUnit(input: $i) { unit { id } } }`, { i: { id: a.id, parentId: b.id } }, admin);
    expect(codeOf(loop)).toBe('BAD_USER_INPUT');
  });

  test('a unit with enabled children cannot be disabled; disabled units are kept and listed as such', async () => {
    const p = (await s.gql(CREATE_UNIT, { i: { code: 'dis-p', name: '停用上级', kind: 'OTHER', parentId: await unitId('hn') } }, admin)).data.createUnit.unit;
    const c = (await s.gql(CREATE_UNIT, { i: { code: 'dis-c', name: '停用下级', kind: 'OTHER', parentId: p.id } }, admin)).data.createUnit.unit;
    const SET = `mutation($i: SetUnitActiveInput!) { setUnitActive(input: $i) { unit { isActive } } }`;
    expect(codeOf(await s.gql(SET, { i: { id: p.id, isActive: false } }, admin))).toBe('CONFLICT');
    expect((await s.gql(SET, { i: { id: c.id, isActive: false } }, admin)).data.setUnitActive.unit.isActive).toBe(false);
    expect((await s.gql(SET, { i: { id: p.id, isActive: false } }, admin)).data.setUnitActive.unit.isActive).toBe(false);
    const listed = await s.gql(`{ units(filter: { isActive: false }) { nodes { code } } }`, {}, admin);
    expect(listed.data.units.nodes.map((u: { code: string }) => u.code)).toEqual(expect.arrayContaining(['dis-p', 'dis-c']));
    // No new child under a disabled unit.
    expect(codeOf(await s.gql(CREATE_UNIT, { i: { code: 'dis-x', name: '不可新建', kind: 'OTHER', parentId: p.id } }, admin))).toBe('BAD_USER_INPUT');
  });

  test('overlong, malformed or duplicate input is refused with a typed error and writes nothing', async () => {
    const before = Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM unit`))[0].n);
    const long = await s.gql(CREATE_UNIT, { i: { code: 'long', name: '长'.repeat(101), kind: 'OTHER' } }, admin);
    expect(codeOf(long)).toBe('BAD_USER_INPUT');
    expect(long.errors![0].extensions!.field).toBe('name');
    const ctrl = await s.gql(CREATE_UNIT, { i: { code: 'ctrl', name: '控制\u0007字符', kind: 'OTHER' } }, admin);
    expect(codeOf(ctrl)).toBe('BAD_USER_INPUT');
    const badCode = await s.gql(CREATE_UNIT, { i: { code: 'Bad Code!', name: '编码错误', kind: 'OTHER' } }, admin);
    expect(codeOf(badCode)).toBe('BAD_USER_INPUT');
    expect(badCode.errors![0].extensions!.field).toBe('code');
    const badKind = await s.gql(CREATE_UNIT, { i: { code: 'kind', name: '类型错误', kind: 'PLANET' } }, admin);
    expect(codeOf(badKind)).toBe('BAD_USER_INPUT');
    const badParent = await s.gql(CREATE_UNIT, { i: { code: 'orphan', name: '无上级', kind: 'OTHER', parentId: '99999999' } }, admin);
    expect(codeOf(badParent)).toBe('BAD_USER_INPUT');
    const dup = await s.gql(CREATE_UNIT, { i: { code: 'hn-cs', name: '重复编码', kind: 'OTHER' } }, admin);
    expect(codeOf(dup)).toBe('CONFLICT');
    const after = Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM unit`))[0].n);
    expect(after).toBe(before);
  });

  test('connections page by cursor and by offset, with totalCount and page-size limits', async () => {
    const p1 = (await s.gql(`{ units(first: 5) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`, {}, admin)).data.units;
    expect(p1.edges).toHaveLength(5);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (
      await s.gql(
        `query($a: String) { units(first: 5, after: $a) { edges { node { id } } pageInfo { hasPreviousPage } } }`,
        { a: p1.pageInfo.endCursor },
        admin,
      )
    ).data.units;
    const byOffset = (await s.gql(`{ units(first: 5, offset: 5) { nodes { id } } }`, {}, admin)).data.units;
    expect(p2.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(byOffset.nodes.map((n: { id: string }) => n.id));
    expect(p2.pageInfo.hasPreviousPage).toBe(true);
    expect(new Set([...p1.edges, ...p2.edges].map((e: { node: { id: string } }) => e.node.id)).size).toBe(10);
    expect(codeOf(await s.gql(`{ units(first: 101) { totalCount } }`, {}, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await s.gql(`{ units(after: "garbage") { totalCount } }`, {}, admin))).toBe('BAD_USER_INPUT');
  });
});

describe('leaders and categories', () => {
  test('leaders are created on active units and filtered by unit subtree', async () => {
    const zz = await unitId('hn-zz');
    const r = await s.gql(
      `mutation($i: CreateLeaderInput!) { createLeader(input: $i) { leader { id name title unit { code } } } }`,
      { i: { name: '测试领导', title: '副市长', unitId: zz } },
      admin,
    );
    expect(r.data.createLeader.leader.unit.code).toBe('hn-zz');
    const list = await s.gql(`query($u: ID) { leaders(filter: { unitId: $u }) { totalCount nodes { name unit { path } } } }`, { u: zz }, admin);
    expect(list.errors).toBeUndefined();
    expect(list.data.leaders.nodes.map((l: { name: string }) => l.name)).toContain('测试领导');
    const all = await s.gql(`{ leaders(first: 100) { totalCount } }`, {}, admin);
    expect(all.data.leaders.totalCount).toBeGreaterThan(list.data.leaders.totalCount);
  });

  test('categories form a tree that can be moved and disabled', async () => {
    const CREATE = `mutation($i: CreateCategoryInput!) { createCategory(input: $i) { category { id path level } } }`;
    const top = (await s.gql(CREATE, { i: { code: 'cat-top', name: '测试领域' } }, admin)).data.createCategory.category;
    const sub = (await s.gql(CREATE, { i: { code: 'cat-sub', name: '测试子领域', parentId: top.id } }, admin)).data.createCategory.category;
    expect(sub.path).toBe(`${top.path}${sub.id}/`);
    expect(sub.level).toBe(1);
    const moved = await s.gql(
      `mutation($i: UpdateCategoryInput!) { updateCategory(input: $i) { category { path level parent { id } } } }`,
      { i: { id: sub.id, moveToTop: true, isActive: false } },
      admin,
    );
    expect(moved.data.updateCategory.category).toEqual({ path: `/${sub.id}/`, level: 0, parent: null });
    const tops = await s.gql(`{ categories(filter: { topOnly: true, isActive: true }, first: 100) { nodes { code name } } }`, {}, admin);
    const names = tops.data.categories.nodes.map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(['城建', '交通', '教育', '医疗', '环保']));
    expect(tops.data.categories.nodes.map((c: { code: string }) => c.code)).not.toContain('cat-sub');
  });
});

describe('users', () => {
  const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id username role mustChangePassword unit { code } } } }`;
  test('an admin creates a user who can log in; duplicates and bad names are refused', async () => {
    const r = await s.gql(
      CREATE_USER,
      { i: { username: 'zz.handler', displayName: '株洲承办', role: 'UNIT_HANDLER', unitId: await unitId('hn-zz'), password: 'start12345' } },
      admin,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.createUser.user).toMatchObject({ username: 'zz.handler', role: 'UNIT_HANDLER', mustChangePassword: true, unit: { code: 'hn-zz' } });
    expect(await s.login('zz.handler', 'start12345')).toBeTruthy();
    const dup = await s.gql(
      CREATE_USER,
      { i: { username: 'zz.handler', displayName: '重复', role: 'UNIT_HANDLER', unitId: await unitId('hn-zz'), password: 'start12345' } },
      admin,
    );
    expect(codeOf(dup)).toBe('CONFLICT');
    const bad = await s.gql(
      CREATE_USER,
      { i: { username: 'X', displayName: '坏名', role: 'UNIT_HANDLER', unitId: await unitId('hn-zz'), password: 'start12345' } },
      admin,
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toBe('username');
    const weak = await s.gql(
      CREATE_USER,
      { i: { username: 'weak.pw', displayName: '弱密码', role: 'UNIT_HANDLER', unitId: await unitId('hn-zz'), password: 'onlyletters' } },
      admin,
    );
    expect(codeOf(weak)).toBe('BAD_USER_INPUT');
  });

  test('disabling a user ends their sessions and blocks login', async () => {
    const token = await s.login('zz.handler', 'start12345');
    const id = (await s.gql(`{ me { id } }`, {}, token)).data.me.id;
    const r = await s.gql(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { isActive } } }`, { i: { id, isActive: false } }, admin);
    expect(r.data.updateUser.user.isActive).toBe(false);
    expect(codeOf(await s.gql(`{ me { id } }`, {}, token))).toBe('UNAUTHENTICATED');
    const again = await s.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: 'zz.handler', password: 'start12345' } });
    expect(codeOf(again)).toBe('UNAUTHENTICATED');
  });

  test('users are filtered by role and unit subtree and sorted', async () => {
    const r = await s.gql(
      `{ users(filter: { roles: [UNIT_HANDLER, UNIT_REVIEWER] }, sort: { field: USERNAME, direction: DESC }) { nodes { username role } } }`,
      {},
      admin,
    );
    const names = r.data.users.nodes.map((u: { username: string }) => u.username);
    expect(names).toEqual([...names].sort().reverse());
    expect(r.data.users.nodes.every((u: { role: string }) => ['UNIT_HANDLER', 'UNIT_REVIEWER'].includes(u.role))).toBe(true);
  });
});
