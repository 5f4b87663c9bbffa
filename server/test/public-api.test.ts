/**
 * The public API for third-party frontends (DESIGN §12): keys and scopes, revocation, per-client limits,
 * the citizen's operations, and an allow-list walk proving that no private or staff-only field is reachable.
 */
import { getNamedType, GraphQLObjectType, isObjectType } from 'graphql';
import { buildAppSchema } from '../src/graphql/schema';
import { codeOf, startTestServer, TestServer } from './helpers';
import { ok, setupWorld, World } from './workflow-helpers';

let s: TestServer;
let w: World;
let readKey: string;
let submitKey: string;
let clientIds: Record<string, string> = {};

const CREATE = `mutation($i: CreateApiClientInput!) { createApiClient(input: $i) { key client { id keyPrefix scopes } } }`;
const pub = (query: string, variables: Record<string, unknown> = {}, key?: string, headers: Record<string, string> = {}) =>
  s.gql(query, variables, null, { ...(key ? { 'x-api-key': key } : {}), ...headers });

beforeAll(async () => {
  s = await startTestServer({ CITIZEN_OPS_PER_IP_PER_MINUTE: '1000' });
  w = await setupWorld(s);
  const a = (await ok(s.gql(CREATE, { i: { name: '长沙市政府门户网站', owner: '长沙市政务服务中心', scopes: ['PUBLIC_READ'], allowedOrigins: ['https://www.changsha.gov.cn'] } }, w.t.admin))).createApiClient;
  readKey = a.key;
  clientIds.read = a.client.id;
  const b = (await ok(s.gql(CREATE, { i: { name: '问政湖南App', owner: '红网', scopes: ['PUBLIC_READ', 'MESSAGES_SUBMIT'], rateLimitPerMinute: 1000 } }, w.t.admin))).createApiClient;
  submitKey = b.key;
  clientIds.submit = b.client.id;
});
afterAll(async () => { await s?.close(); });

const SUBMIT = `mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo queryCode deduplicated } }`;
const LOOKUP = `query($c: CitizenCredentials!) { lookupMessage(credentials: $c) { canRate canRequestRedo progress { step } message { serialNo status authorName content replies { kind content unitName } evaluation { band } } } }`;
const citizenMessage = (externalId: string) => ({
  externalId, type: 'COMPLAIN', title: '小区门口道路破损严重', content: '我家小区门口的道路坑洼不平已有两个月，电话13912345678，身份证430104199001011234，请尽快修复。',
  realName: '李四海', phone: '13912345678', address: '长沙市芙蓉区五一大道1号', isPublic: true, regionUnitId: w.unit['hn-cs'],
});

test('keys are shown once, stored hashed, and checked for scope', async () => {
  expect(readKey).toMatch(/^wz_[a-z0-9]{8}_/);
  const stored = await s.app.ds.query(`SELECT keyHash FROM api_client`);
  for (const r of stored) expect(r.keyHash).not.toContain(readKey.split('_')[2]);
  expect(codeOf(await pub(`{ publicCategories { name } }`))).toBe('UNAUTHENTICATED');
  expect(codeOf(await pub(`{ publicCategories { name } }`, {}, 'wz_deadbeef_not-a-real-key-not-a-real-key-xx'))).toBe('UNAUTHENTICATED');
  expect((await pub(`{ publicCategories { name } }`, {}, readKey)).data.publicCategories.length).toBeGreaterThan(10);
  expect(codeOf(await pub(SUBMIT, { i: citizenMessage('x-1') }, readKey))).toBe('FORBIDDEN');
  // Staff tokens do not replace a key; and staff operations refuse API keys.
  expect(codeOf(await s.gql(`{ publicCategories { name } }`, {}, w.t.admin))).toBe('UNAUTHENTICATED');
  expect(codeOf(await pub(`{ messages { totalCount } }`, {}, submitKey))).toBe('UNAUTHENTICATED');
});

test('allowed origins are enforced for browser calls', async () => {
  expect(codeOf(await pub(`{ publicUnits { name } }`, {}, readKey, { origin: 'https://evil.example.com' }))).toBe('FORBIDDEN');
  expect(codeOf(await pub(`{ publicUnits { name } }`, {}, readKey, { origin: 'https://www.changsha.gov.cn' }))).toBeUndefined();
});

test('a citizen submits (idempotent), looks up with the query code, sees progress, rates, and asks for a redo once', async () => {
  const first = (await ok(pub(SUBMIT, { i: citizenMessage('app-7788') }, submitKey))).submitMessage;
  const again = (await ok(pub(SUBMIT, { i: citizenMessage('app-7788') }, submitKey))).submitMessage;
  expect(again).toEqual({ ...first, deduplicated: true });
  const creds = { serialNo: first.serialNo, queryCode: first.queryCode };
  expect(codeOf(await pub(LOOKUP, { c: { ...creds, queryCode: 'WRONG123' } }, submitKey))).toBe('NOT_FOUND');
  let view = (await ok(pub(LOOKUP, { c: creds }, submitKey))).lookupMessage;
  expect(view.progress.map((p: any) => p.step)).toEqual(['留言已提交']);
  // Private data written into the text is masked even for the author's view.
  expect(view.message.content).not.toContain('13912345678');
  expect(view.message.content).not.toContain('430104199001011234');
  // Staff handle it: assign, sign, reply, approve twice.
  const id = (await ok(s.gql(`query($f: MessageFilter) { messages(filter: $f) { nodes { id } } }`, { f: { serialNo: first.serialNo } }, w.t.dispatcher))).messages.nodes[0].id;
  await ok(s.gql(`mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`, { i: { messageId: id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
  const a = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id } } }`, { id }, w.t.handler))).message.assignments[0].id;
  await ok(s.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: a } }, w.t.handler));
  const r = (await ok(s.gql(`mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id } } }`, { i: { assignmentId: a, kind: 'FINAL', content: '您好！该路段已列入本月维修计划，预计十日内完成修复。', contactedCitizen: true, resolved: false } }, w.t.handler))).draftReply.reply.id;
  await ok(s.gql(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { id } } }`, { i: { replyId: r } }, w.t.handler));
  await ok(s.gql(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id } } }`, { i: { replyId: r, approve: true } }, w.t.reviewer));
  await ok(s.gql(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id } } }`, { i: { replyId: r, approve: true } }, w.t.dispatcher));
  view = (await ok(pub(LOOKUP, { c: creds }, submitKey))).lookupMessage;
  expect(view.canRate).toBe(true);
  expect(view.progress.map((p: any) => p.step)).toEqual(['留言已提交', '已交办至长沙市住房和城乡建设局', '承办单位已签收，正在办理', '已答复']);
  expect(view.message.replies[0]).toMatchObject({ kind: 'FINAL', unitName: '长沙市住房和城乡建设局' });
  const RATE = `mutation($i: RateMessageInput!) { rateMessage(input: $i) { canRate canRequestRedo message { status evaluation { band } } } }`;
  const rated = (await ok(pub(RATE, { i: { ...creds, resolution: 1, attitude: 3, speed: 2, comment: '还没修' } }, submitKey))).rateMessage;
  expect(rated).toEqual({ canRate: false, canRequestRedo: true, message: { status: 'CLOSED', evaluation: { band: 'DISSATISFIED' } } });
  const REDO = `mutation($i: RequestRedoInput!) { requestRedo(input: $i) { canRequestRedo message { status } } }`;
  expect((await ok(pub(REDO, { i: { ...creds, reason: '道路仍未修复' } }, submitKey))).requestRedo).toEqual({ canRequestRedo: false, message: { status: 'HANDLING' } });
  expect(codeOf(await pub(REDO, { i: { ...creds, reason: '再次申请' } }, submitKey))).toBe('BAD_USER_INPUT');
  // The public board and list show it, masked.
  const list = (await ok(pub(`{ publicMessages(first: 10) { totalCount nodes { serialNo authorName content } } }`, {}, readKey))).publicMessages;
  const mine = list.nodes.find((n: any) => n.serialNo === first.serialNo);
  expect(mine.authorName).toBe('李**');
  expect(JSON.stringify(list)).not.toMatch(/13912345678|430104199001011234|李四海|五一大道/);
  const board = (await ok(pub(`query($u: ID!) { unitBoard(unitId: $u) { received replied responseRate } }`, { u: w.unit['hn-cs'] }, readKey))).unitBoard;
  expect(board.received).toBeGreaterThanOrEqual(1);
});

test('guessing query codes is stopped', async () => {
  const m = (await ok(pub(SUBMIT, { i: citizenMessage('guess-1') }, submitKey))).submitMessage;
  for (let i = 0; i < 10; i++) expect(codeOf(await pub(LOOKUP, { c: { serialNo: m.serialNo, queryCode: `BAD${i}XYZ` } }, submitKey))).toBe('NOT_FOUND');
  expect(codeOf(await pub(LOOKUP, { c: { serialNo: m.serialNo, queryCode: m.queryCode } }, submitKey))).toBe('RATE_LIMITED');
});

test('a disabled key stops working at once; a rotated key replaces the old one', async () => {
  const c = (await ok(s.gql(CREATE, { i: { name: '临时客户端', owner: '测试', scopes: ['PUBLIC_READ'] } }, w.t.admin))).createApiClient;
  expect(codeOf(await pub(`{ publicUnits { id } }`, {}, c.key))).toBeUndefined();
  await ok(s.gql(`mutation($i: UpdateApiClientInput!) { updateApiClient(input: $i) { client { isActive } } }`, { i: { id: c.client.id, isActive: false } }, w.t.admin));
  expect(codeOf(await pub(`{ publicUnits { id } }`, {}, c.key))).toBe('UNAUTHENTICATED');
  await ok(s.gql(`mutation($i: UpdateApiClientInput!) { updateApiClient(input: $i) { client { isActive } } }`, { i: { id: c.client.id, isActive: true } }, w.t.admin));
  const rotated = (await ok(s.gql(`mutation($id: ID!) { rotateApiClientKey(id: $id) { key } }`, { id: c.client.id }, w.t.admin))).rotateApiClientKey;
  expect(codeOf(await pub(`{ publicUnits { id } }`, {}, c.key))).toBe('UNAUTHENTICATED');
  expect(codeOf(await pub(`{ publicUnits { id } }`, {}, rotated.key))).toBeUndefined();
  // Only admins manage clients.
  expect(codeOf(await s.gql(`{ apiClients { totalCount } }`, {}, w.t.dispatcher))).toBe('FORBIDDEN');
});

test("a client's own rate limit triggers RATE_LIMITED", async () => {
  const c = (await ok(s.gql(CREATE, { i: { name: '限流客户端', owner: '测试', scopes: ['PUBLIC_READ'], rateLimitPerMinute: 3 } }, w.t.admin))).createApiClient;
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push(codeOf(await pub(`{ publicUnits { id } }`, {}, c.key)));
  expect(codes).toEqual([undefined, undefined, undefined, 'RATE_LIMITED', 'RATE_LIMITED']);
});

test('walking every type reachable from the public operations finds only allow-listed fields', async () => {
  const schema = await buildAppSchema();
  const PUBLIC_ROOTS = ['Query.publicMessages', 'Query.publicMessage', 'Query.unitBoard', 'Query.leaderBoard', 'Query.publicCategories', 'Query.publicUnits', 'Query.publicLeaders', 'Query.lookupMessage', 'Mutation.submitMessage', 'Mutation.rateMessage', 'Mutation.requestRedo',
    'Query.publicStatistics', 'Query.publicMonthlyReport'];
  const ALLOWED = new Set([
    'PublicMessageConnection.edges', 'PublicMessageConnection.nodes', 'PublicMessageConnection.pageInfo', 'PublicMessageConnection.totalCount',
    'PublicMessageEdge.cursor', 'PublicMessageEdge.node', 'PageInfo.hasNextPage', 'PageInfo.hasPreviousPage', 'PageInfo.startCursor', 'PageInfo.endCursor',
    'PublicMessage.serialNo', 'PublicMessage.type', 'PublicMessage.title', 'PublicMessage.content', 'PublicMessage.authorName', 'PublicMessage.category',
    'PublicMessage.region', 'PublicMessage.addressedLeader', 'PublicMessage.handlingUnit', 'PublicMessage.status', 'PublicMessage.submittedAt',
    'PublicMessage.repliedAt', 'PublicMessage.replies', 'PublicMessage.evaluation',
    'PublicCategory.id', 'PublicCategory.name', 'PublicCategory.parentId', 'PublicUnit.id', 'PublicUnit.name',
    'PublicLeader.id', 'PublicLeader.name', 'PublicLeader.title', 'PublicLeader.unitName',
    'PublicReply.kind', 'PublicReply.content', 'PublicReply.unitName', 'PublicReply.publishedAt',
    'PublicEvaluation.overall', 'PublicEvaluation.band', 'PublicEvaluation.ratedAt',
    'PublicBoard.received', 'PublicBoard.replied', 'PublicBoard.responseRate',
    'SubmitMessagePayload.serialNo', 'SubmitMessagePayload.queryCode', 'SubmitMessagePayload.deduplicated', 'SubmitMessagePayload.submittedAt',
    'CitizenMessageView.message', 'CitizenMessageView.progress', 'CitizenMessageView.canRate', 'CitizenMessageView.canRequestRedo',
    'CitizenProgressStep.at', 'CitizenProgressStep.step',
    ...['key', 'label', 'bucket', 'received', 'assigned', 'replied', 'responsesGiven', 'replyRate', 'closeRate', 'onTimeRate', 'satisfactionRate', 'averageSatisfaction'].map((f) => `PublicStatisticsRow.${f}`),
    'Rate.numerator', 'Rate.denominator', 'Rate.value',
    ...['regionUnitId', 'regionName', 'month', 'total', 'previousMonth', 'topUnitsByCloseRate', 'mostResponsiveUnits', 'topCategories', 'summary'].map((f) => `MonthlyReport.${f}`),
  ]);
  const seen = new Set<string>();
  const visit = (t: GraphQLObjectType) => {
    for (const f of Object.values(t.getFields())) {
      const key = `${t.name}.${f.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const inner = getNamedType(f.type);
      if (isObjectType(inner)) visit(inner);
    }
  };
  for (const root of PUBLIC_ROOTS) {
    const [typeName, field] = root.split('.');
    const rootType = typeName === 'Query' ? schema.getQueryType()! : schema.getMutationType()!;
    const f = rootType.getFields()[field];
    expect(f).toBeDefined();
    const inner = getNamedType(f.type);
    if (isObjectType(inner)) visit(inner);
  }
  expect([...seen].filter((k) => !ALLOWED.has(k))).toEqual([]);
});

test('citizen operations are limited per IP', async () => {
  const p = await startTestServer({ CITIZEN_OPS_PER_IP_PER_MINUTE: '3' });
  try {
    const admin = await p.login('admin');
    const key = (await ok(p.gql(CREATE, { i: { name: '限流测试', owner: '测试', scopes: ['MESSAGES_SUBMIT'] } }, admin))).createApiClient.key;
    const codes = [];
    for (let i = 0; i < 5; i++) {
      const r = await p.gql(LOOKUP, { c: { serialNo: 'WZ20261123000001', queryCode: 'ABCD2345' } }, null, { 'x-api-key': key });
      codes.push(codeOf(r));
    }
    expect(codes).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'RATE_LIMITED', 'RATE_LIMITED']);
  } finally {
    await p.close();
  }
});
