/** Shared steps for workflow tests: log in the demo roles, find units, create users and messages. */
import { codeOf, PerFileOptions, serverPerFile, TestServer } from './helpers';

export interface World {
  s: TestServer;
  t: Record<string, string>;
  unit: Record<string, string>;
}

export async function setupWorld(s: TestServer): Promise<World> {
  const t: Record<string, string> = {};
  for (const r of ['admin', 'dispatcher', 'supervisor', 'leader', 'handler', 'reviewer']) t[r] = await s.login(r);
  const units = (await s.gql(`{ units(first: 100) { nodes { id code } } }`, {}, t.admin)).data.units.nodes as Array<{ id: string; code: string }>;
  const more = (await s.gql(`{ units(first: 100, offset: 100) { nodes { id code } } }`, {}, t.admin)).data.units.nodes as Array<{ id: string; code: string }>;
  const unit: Record<string, string> = {};
  for (const u of [...units, ...more]) unit[u.code] = u.id;
  return { s, t, unit };
}

/**
 * The test server and demo world of a whole file: serverPerFile, then setupWorld in a beforeAll of its own; the world
 * is filled in when that hook has run.
 */
export function worldPerFile(env: Record<string, string> = {}, options: PerFileOptions = {}): { s: TestServer; w: World } {
  const s = serverPerFile(env, options);
  const w = {} as World;
  beforeAll(async () => {
    Object.assign(w, await setupWorld(s));
  }, options.timeout);
  return { s, w };
}

/** A mutation taking `input: $i` of `inputType`, selecting `ret`. */
export const mutation = (name: string, inputType: string, ret: string) => `mutation($i: ${inputType}!) { ${name}(input: $i) { ${ret} } }`;

/** The password of users made by userIn, once they have replaced their temporary one. */
export const USER_PASSWORD = 'working12345';

/**
 * Creates a unit (if needed) and a user of a role in it; the user logs in with the temporary password, replaces it
 * (nothing else is open until then), and the token of that session is returned.
 */
export async function userIn(w: World, username: string, role: string, unitCode: string, parentCode?: string): Promise<string> {
  if (!w.unit[unitCode]) {
    const r = await w.s.gql(
      `mutation($i: CreateUnitInput!) { createUnit(input: $i) { unit { id } } }`,
      { i: { code: unitCode, name: `测试单位${unitCode}`, kind: 'DEPARTMENT', parentId: w.unit[parentCode!] } },
      w.t.admin,
    );
    w.unit[unitCode] = r.data.createUnit.unit.id;
  }
  const c = await w.s.gql(
    `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }`,
    { i: { username, displayName: username, role, unitId: w.unit[unitCode], password: 'start12345' } },
    w.t.admin,
  );
  if (c.errors) throw new Error(JSON.stringify(c.errors));
  const token = await w.s.login(username, 'start12345');
  const changed = await w.s.gql(
    `mutation($i: ChangePasswordInput!) { changeMyPassword(input: $i) { user { id } } }`,
    { i: { currentPassword: 'start12345', newPassword: USER_PASSWORD } },
    token,
  );
  if (changed.errors) throw new Error(JSON.stringify(changed.errors));
  return token;
}

export async function newMessage(w: World, extra: Record<string, unknown> = {}): Promise<{ id: string; serialNo: string; version: number }> {
  const r = await w.s.gql(
    `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id serialNo version state } queryCode } }`,
    {
      i: {
        channel: 'HOTLINE_12345',
        type: 'COMPLAIN',
        title: '小区楼下夜间施工噪音扰民',
        content: '岳麓区某小区旁工地连续一周在晚上十一点后施工，噪音很大，老人孩子无法休息，希望有关部门尽快处理。',
        realName: '张三丰',
        phone: '13812345678',
        idNumber: '430104199001011234',
        address: '长沙市岳麓区麓山路88号',
        isPublic: true,
        ...extra,
      },
    },
    w.t.dispatcher,
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.createMessage.message;
}

/** Assigns a message to a lead unit (by the unit's code), as the dispatcher. */
export const assignTo = (w: World, messageId: string, unitCode: string) =>
  ok(
    w.s.gql(
      `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`,
      { i: { messageId, leadUnitId: w.unit[unitCode] } },
      w.t.dispatcher,
    ),
  );

/**
 * The handler drafts a final reply on an assignment (signed already), submits it; the unit reviewer approves it, then
 * the platform (`platform`'s token, the dispatcher by default): the reply is published. Returns the reply's id.
 */
export async function publishFinalReply(
  w: World,
  assignmentId: string,
  reply: { content: string; resolved: boolean },
  platform = w.t.dispatcher,
): Promise<string> {
  const draft = { assignmentId, kind: 'FINAL', content: reply.content, contactedCitizen: true, resolved: reply.resolved };
  const r = (await ok(w.s.gql(`mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id } } }`, { i: draft }, w.t.handler))).draftReply.reply.id;
  await ok(w.s.gql(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { id } } }`, { i: { replyId: r } }, w.t.handler));
  const REVIEW = `mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id } } }`;
  await ok(w.s.gql(REVIEW, { i: { replyId: r, approve: true } }, w.t.reviewer));
  await ok(w.s.gql(REVIEW, { i: { replyId: r, approve: true } }, platform));
  return r;
}

export async function ok<T = any>(p: Promise<{ data?: T; errors?: unknown }>): Promise<T> {
  const r = await p;
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
}

/** createApiClient, selecting the key and the client's fields (newApiKey's mutation; for a test that expects a refusal). */
export const CREATE_API_CLIENT = mutation(
  'createApiClient',
  'CreateApiClientInput',
  'key client { id keyPrefix scopes sandbox allowedOrigins mayPassEndUserIp }',
);

/** An API client made by `token` (an admin's) through createApiClient with `input`: its key and the client's fields. */
export async function newApiKey(
  s: TestServer,
  token: string,
  input: Record<string, unknown>,
): Promise<{
  key: string;
  client: { id: string; keyPrefix: string; scopes: string[]; sandbox: boolean; allowedOrigins: string[]; mayPassEndUserIp: boolean };
}> {
  return (await ok(s.gql(CREATE_API_CLIENT, { i: input }, token))).createApiClient;
}

export const expectCode = async (p: Promise<Parameters<typeof codeOf>[0]>, code: string) => {
  const r = await p;
  if (codeOf(r) !== code) throw new Error(`expected ${code}, got ${JSON.stringify(r.errors ?? r.data)}`);
};
