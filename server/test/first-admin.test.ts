/**
 * A new production installation has no users (no demo data): `npm run create-admin` makes the root unit and the first
 * platform administrator, who logs in, must change the password, and can then build the organisation. Refused once
 * any user exists.
 */
import { createFirstAdmin, FirstAdminRefused } from '../src/modules/user/firstAdmin';
import { serverPerFile } from './helpers';

const s = serverPerFile({ DEMO_DATA: 'false' });

test('an empty installation gets its root unit and first administrator, who must change the password', async () => {
  expect(
    (await s.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: 'admin', password: 'wenzheng2026' } })).errors?.[0]
      ?.extensions?.code,
  ).toBe('UNAUTHENTICATED');
  const made = await createFirstAdmin(s.app.ds, s.app.services, { username: 'Chief', displayName: '平台管理员', unitCode: 'cs', unitName: '长沙市' });
  expect(made.unitCreated).toBe(true);
  expect(made.password).toMatch(/^(?=.*\d)(?=.*[a-zA-Z])[a-zA-Z0-9]{16}$/);
  const token = await s.login('chief', made.password);
  const me = await s.gql(`{ me { username role mustChangePassword unit { name code } } }`, {}, token);
  expect(me.data.me).toEqual({ username: 'chief', role: 'PLATFORM_ADMIN', mustChangePassword: true, unit: { name: '长沙市', code: 'cs' } });
  // Until the password is changed, nothing else works; then the administrator builds the organisation.
  expect((await s.gql(`{ units(first: 5) { totalCount } }`, {}, token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const changed = await s.gql(
    `mutation($i: ChangePasswordInput!) { changeMyPassword(input: $i) { user { username } } }`,
    { i: { currentPassword: made.password, newPassword: 'newSecret2027' } },
    token,
  );
  expect(changed.errors).toBeUndefined();
  const fresh = await s.login('chief', 'newSecret2027');
  const unit = await s.gql(
    `mutation($i: CreateUnitInput!) { createUnit(input: $i) { unit { name level } } }`,
    { i: { code: 'cs-zj', name: '长沙市住房和城乡建设局', kind: 'DEPARTMENT', parentId: String(made.unit.id) } },
    fresh,
  );
  expect(unit.errors).toBeUndefined();
  expect(unit.data?.createUnit.unit).toEqual({ name: '长沙市住房和城乡建设局', level: 1 });
});

test("a bad unit code or username is refused with the console's rules", async () => {
  await expect(
    createFirstAdmin(s.app.ds, s.app.services, { username: 'x', displayName: '管理员', unitCode: 'Hunan Province', unitName: '湖南省' }),
  ).rejects.toThrow(/code must be.*username must be|username must be.*code must be/);
});

test('refused once a user exists, whatever the unit', async () => {
  await expect(
    createFirstAdmin(s.app.ds, s.app.services, { username: 'second', displayName: '又一个', unitCode: 'cs', unitName: '长沙市', password: 'another2027x' }),
  ).rejects.toBeInstanceOf(FirstAdminRefused);
  await expect(
    createFirstAdmin(s.app.ds, s.app.services, { username: 'third', displayName: '又一个', unitCode: 'xx', unitName: '某地', password: 'another2027x' }),
  ).rejects.toThrow(/已有用户/);
});
