/**
 * Errors say why in a form a client words in its own language: `extensions.reason` and `extensions.params`
 * (the console has zh and en for every reason), next to the code and the server's own text.
 */
import { serverPerFile } from './helpers';

const s = serverPerFile();

test('errors carry a reason and its figures for clients to word: logins, class-validator rules, ids, version conflicts', async () => {
  const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;
  const bad = await s.gql(LOGIN, { i: { username: 'reviewer', password: 'wrong-password1' } });
  expect(bad.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'LOGIN_FAILED' });
  const admin = await s.login('admin');
  const units = (await s.gql(`{ units(first: 1) { nodes { id } } }`, {}, admin)).data.units.nodes;
  // @Length(2, 100) on the unit's name: the reason LENGTH with its bounds and the field.
  const short = await s.gql(
    `mutation($i: CreateUnitInput!) { createUnit(input: $i) { unit { id } } }`,
    { i: { code: 'x-short', name: '甲', kind: 'DEPARTMENT', parentId: units[0].id } },
    admin,
  );
  expect(short.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', reason: 'LENGTH', params: { field: 'name', min: 2, max: 100 } });
  expect(short.errors![0].extensions!.problems).toEqual([
    expect.objectContaining({ field: 'name', reason: 'LENGTH', params: { field: 'name', min: 2, max: 100 } }),
  ]);
  const badId = await s.gql(`query($id: ID!) { unit(id: $id) { id } }`, { id: 'abc' }, admin);
  expect(badId.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID', params: { field: 'id' } });
  const missing = await s.gql(`query($id: ID!) { unit(id: $id) { id } }`, { id: '999999' }, admin);
  expect(missing.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', entity: 'Unit' });
  const dispatcher = await s.login('dispatcher');
  const m = (
    await s.gql(
      `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id version } } }`,
      { i: { channel: 'HOTLINE_12345', type: 'CONSULT', title: '咨询办事流程', content: '请问办理居住证需要哪些材料？' } },
      dispatcher,
    )
  ).data.createMessage.message;
  const stale = await s.gql(
    `mutation($i: MessageActionInput!) { acceptMessage(input: $i) { message { id } } }`,
    { i: { messageId: m.id, expectedVersion: m.version + 5 } },
    dispatcher,
  );
  expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_CONFLICT' });
});
