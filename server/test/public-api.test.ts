/**
 * The public API for third-party frontends (domain.md §12): keys and scopes, revocation, per-client limits,
 * the citizen's operations, and an allow-list walk proving that no private or staff-only field is reachable.
 */
import { getNamedType, GraphQLObjectType, isObjectType } from 'graphql';
import { buildAppSchema } from '../src/graphql/schema';
import { solveChallenge } from '../src/modules/public/querycode.guard';
import { codeOf, startTestServer } from './helpers';
import { assignTo, newApiKey, ok, publishFinalReply, worldPerFile } from './workflow-helpers';

let readKey: string;
let submitKey: string;
const clientIds: Record<string, string> = {};

const pub = (query: string, variables: Record<string, unknown> = {}, key?: string, headers: Record<string, string> = {}) =>
  s.gql(query, variables, null, { ...(key ? { 'x-api-key': key } : {}), ...headers });

const { s, w } = worldPerFile({ CITIZEN_OPS_PER_IP_PER_MINUTE: '1000' });
beforeAll(async () => {
  const a = await newApiKey(s, w.t.admin, {
    name: '长沙市政府门户网站',
    owner: '长沙市政务服务中心',
    scopes: ['PUBLIC_READ'],
    allowedOrigins: ['https://www.changsha.gov.cn'],
  });
  readKey = a.key;
  clientIds.read = a.client.id;
  const b = await newApiKey(s, w.t.admin, { name: '问政湖南App', owner: '红网', scopes: ['PUBLIC_READ', 'MESSAGES_SUBMIT'], rateLimitPerMinute: 1000 });
  submitKey = b.key;
  clientIds.submit = b.client.id;
});

const SUBMIT = `mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo queryCode deduplicated } }`;
const LOOKUP = `query($c: CitizenCredentials!) { lookupMessage(credentials: $c) { canRate canRequestRedo progress { step } message { serialNo status authorName content replies { kind content unitName } evaluation { band } } } }`;
const citizenMessage = (externalId: string) => ({
  externalId,
  type: 'COMPLAIN',
  title: '小区门口道路破损严重',
  content: '我家小区门口的道路坑洼不平已有两个月，电话13912345678，身份证430104199001011234，请尽快修复。',
  realName: '李四海',
  phone: '13912345678',
  address: '长沙市芙蓉区五一大道1号',
  isPublic: true,
  regionUnitId: w.unit['hn-cs'],
});

test('keys are shown once, stored hashed, and checked for scope', async () => {
  expect(readKey).toMatch(/^wz_[a-z0-9]{8}_/);
  const stored = await s.app.ds.query(`SELECT keyHash FROM api_client`);
  // the secret is base64url and may itself hold '_': take everything after the prefix
  const secret = readKey.replace(/^wz_[a-z0-9]{8}_/, '');
  expect(secret.length).toBeGreaterThanOrEqual(32);
  for (const r of stored) expect(r.keyHash).not.toContain(secret);
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

test('public units carry their parent and kind, so that a site can offer its regions as a tree', async () => {
  const staff = (await ok(s.gql(`{ units(first: 100) { nodes { id name kind parent { id } isActive } } }`, {}, w.t.admin))).units.nodes;
  const shown = (await ok(pub(`{ publicUnits { id name parentId kind } }`, {}, readKey))).publicUnits;
  const byId = new Map(shown.map((u: any) => [u.id, u]));
  const cs = staff.find((u: any) => u.id === w.unit['hn-cs']);
  expect(byId.get(cs.id)).toEqual({ id: cs.id, name: cs.name, parentId: cs.parent.id, kind: 'REGION' });
  for (const u of staff.filter((x: any) => x.isActive))
    expect(byId.get(u.id)).toEqual({ id: u.id, name: u.name, parentId: u.parent?.id ?? null, kind: u.kind });
  // The regions below 长沙市 are regions whose parent is 长沙市; its departments are not regions.
  const below = shown.filter((u: any) => u.parentId === cs.id);
  expect(below.some((u: any) => u.kind === 'REGION')).toBe(true);
  expect(below.some((u: any) => u.kind === 'DEPARTMENT')).toBe(true);
});

test('a citizen submits (idempotent), looks up with the query code, sees progress, rates, and asks for a redo once', async () => {
  const first = (await ok(pub(SUBMIT, { i: citizenMessage('app-7788') }, submitKey))).submitMessage;
  const again = (await ok(pub(SUBMIT, { i: citizenMessage('app-7788') }, submitKey))).submitMessage;
  expect(again).toEqual({ ...first, deduplicated: true });
  const creds = { serialNo: first.serialNo, queryCode: first.queryCode };
  expect(codeOf(await pub(LOOKUP, { c: { ...creds, queryCode: 'WRNG2345' } }, submitKey))).toBe('NOT_FOUND');
  let view = (await ok(pub(LOOKUP, { c: creds }, submitKey))).lookupMessage;
  expect(view.progress.map((p: any) => p.step)).toEqual(['留言已提交']);
  // Private data written into the text is masked even for the author's view.
  expect(view.message.content).not.toContain('13912345678');
  expect(view.message.content).not.toContain('430104199001011234');
  // Staff handle it: assign, sign, reply, approve twice.
  const id = (await ok(s.gql(`query($f: MessageFilter) { messages(filter: $f) { nodes { id } } }`, { f: { serialNo: first.serialNo } }, w.t.dispatcher)))
    .messages.nodes[0].id;
  await assignTo(w, id, 'hn-cs-zjj');
  const a = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id } } }`, { id }, w.t.handler))).message.assignments[0].id;
  await ok(s.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: a } }, w.t.handler));
  await publishFinalReply(w, a, {
    content: '您好！该路段已列入本月维修计划，预计十日内完成修复。如有疑问请致电 0731-8888 6666 或 +86 139 0000 1111。',
    resolved: false,
  });
  view = (await ok(pub(LOOKUP, { c: creds }, submitKey))).lookupMessage;
  expect(view.canRate).toBe(true);
  expect(view.progress.map((p: any) => p.step)).toEqual(['留言已提交', '已交办至长沙市住房和城乡建设局', '承办单位已签收，正在办理', '已答复']);
  expect(view.message.replies[0]).toMatchObject({ kind: 'FINAL', unitName: '长沙市住房和城乡建设局' });
  // Numbers in the published reply are masked too (staff write them as citizens do).
  expect(view.message.replies[0].content).toBe('您好！该路段已列入本月维修计划，预计十日内完成修复。如有疑问请致电 073****6666 或 139****1111。');
  const RATE = `mutation($i: RateMessageInput!) { rateMessage(input: $i) { canRate canRequestRedo message { status evaluation { band } } } }`;
  const rated = (await ok(pub(RATE, { i: { ...creds, resolution: 1, attitude: 3, speed: 2, comment: '还没修' } }, submitKey))).rateMessage;
  expect(rated).toEqual({ canRate: false, canRequestRedo: true, message: { status: 'CLOSED', evaluation: { band: 'DISSATISFIED' } } });
  const REDO = `mutation($i: RequestRedoInput!) { requestRedo(input: $i) { canRequestRedo message { status } } }`;
  expect((await ok(pub(REDO, { i: { ...creds, reason: '道路仍未修复' } }, submitKey))).requestRedo).toEqual({
    canRequestRedo: false,
    message: { status: 'HANDLING' },
  });
  expect(codeOf(await pub(REDO, { i: { ...creds, reason: '再次申请' } }, submitKey))).toBe('INVALID_TRANSITION');
  // The public board and list show it, masked.
  const list = (await ok(pub(`{ publicMessages(first: 10) { totalCount nodes { serialNo authorName content } } }`, {}, readKey))).publicMessages;
  const mine = list.nodes.find((n: any) => n.serialNo === first.serialNo);
  expect(mine.authorName).toBe('李**');
  expect(JSON.stringify(list)).not.toMatch(/13912345678|430104199001011234|李四海|五一大道/);
  const board = (await ok(pub(`query($u: ID!) { unitBoard(unitId: $u) { received replied responseRate } }`, { u: w.unit['hn-cs'] }, readKey))).unitBoard;
  expect(board.received).toBeGreaterThanOrEqual(1);
});

test('private data written into the title and content is masked in every spelling in public views; a search cannot look it up', async () => {
  const i = {
    ...citizenMessage('pii-spellings'),
    title: '请回电+8613912345670或139-1234-5670（湘A12345）',
    content: '手机 139 1234 5670，座机（0731）8888 6666，身份证 430104 19900101 1234，邮箱 lisi.1990@qq.com，车牌湘A·12345。',
  };
  const m = (await ok(pub(SUBMIT, { i }, submitKey))).submitMessage;
  const id = (await ok(s.gql(`query($f: MessageFilter) { messages(filter: $f) { nodes { id } } }`, { f: { serialNo: m.serialNo } }, w.t.dispatcher))).messages
    .nodes[0].id;
  await ok(s.gql(`mutation($i: MessageActionInput!) { acceptMessage(input: $i) { message { id } } }`, { i: { messageId: id } }, w.t.dispatcher));
  const one = (await ok(pub(`query($s: String!) { publicMessage(serialNo: $s) { title content } }`, { s: m.serialNo }, readKey))).publicMessage;
  expect(one.title).toBe('请回电139****5670或139****5670（湘A*****）');
  expect(one.content).toBe('手机 139****5670，座机073****6666，身份证 4301**********1234，邮箱 l***@qq.com，车牌湘A*****。');
  const list = (await ok(pub(`{ publicMessages(first: 50) { nodes { serialNo title content } } }`, {}, readKey))).publicMessages.nodes;
  expect(list.find((n: any) => n.serialNo === m.serialNo)).toEqual({ serialNo: m.serialNo, ...one });
  const own = (await ok(pub(LOOKUP.replace('content', 'title content'), { c: { serialNo: m.serialNo, queryCode: m.queryCode } }, submitKey))).lookupMessage
    .message;
  expect({ title: own.title, content: own.content }).toEqual(one);
  for (const text of [JSON.stringify(one), JSON.stringify(list), JSON.stringify(own)]) {
    expect(text).not.toMatch(/1234.?5670|12345670|8888.?6666|19900101|lisi|12345）|·12345/);
  }
  // The search runs over the stored text: fragments of private data are refused, not answered.
  for (const keyword of ['13912345670', '139-1234-5670', '91234', 'lisi.1990@qq.com', '湘A12345']) {
    const r = await pub(`query($k: String) { publicMessages(filter: { keyword: $k }) { totalCount } }`, { k: keyword }, readKey);
    expect({ keyword, code: codeOf(r), field: r.errors?.[0]?.extensions?.field }).toEqual({ keyword, code: 'BAD_USER_INPUT', field: 'filter.keyword' });
  }
  expect((await ok(pub(`{ publicMessages(filter: { keyword: "请回电" }) { totalCount } }`, {}, readKey))).publicMessages.totalCount).toBeGreaterThanOrEqual(1);
});

test('a repeated externalId returns the serial number and query code only for the same submission from the same client', async () => {
  const original = citizenMessage('site-0001');
  const first = (await ok(pub(SUBMIT, { i: original }, submitKey))).submitMessage;
  expect(first.deduplicated).toBe(false);
  // A retry of the same submission (the network dropped the answer) gets the same serial number and code.
  expect((await ok(pub(SUBMIT, { i: original }, submitKey))).submitMessage).toEqual({ ...first, deduplicated: true });
  // Someone guessing the externalId with another citizen's details gets nothing: CONFLICT, no serial number, no code.
  for (const other of [
    { realName: '王小明', phone: '13700001111', content: '我是另一位市民，想要查看这条留言的查询码，内容完全不同。' },
    { phone: '13700001111' },
    { content: `${original.content} ` + '补充一句。' },
    { isPublic: false },
  ]) {
    const r = await pub(SUBMIT, { i: { ...original, ...other } }, submitKey);
    expect({ other, code: codeOf(r), data: r.data }).toEqual({ other, code: 'CONFLICT', data: null });
    expect(JSON.stringify(r)).not.toContain(first.queryCode);
  }
  // Another client's externalIds are its own: the same id there is another message.
  const otherClient = await newApiKey(s, w.t.admin, { name: '另一个网站', owner: '测试', scopes: ['MESSAGES_SUBMIT'] });
  const elsewhere = (await ok(pub(SUBMIT, { i: original }, otherClient.key))).submitMessage;
  expect(elsewhere.serialNo).not.toBe(first.serialNo);
  expect(elsewhere.queryCode).not.toBe(first.queryCode);
  // A message of this (channel, externalId) that the client did not submit (here: entered by staff under the key the
  // public API uses) is CONFLICT for the client, even with the very same fields: its query code was not issued to it.
  const STAFF_CREATE = `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { serialNo } queryCode deduplicated } }`;
  const { externalId: _x, ...fields } = citizenMessage('x');
  const staffEntered = (await ok(s.gql(STAFF_CREATE, { i: { ...fields, channel: 'API', externalId: `${clientIds.submit}:staff-7` } }, w.t.dispatcher)))
    .createMessage;
  const r = await pub(SUBMIT, { i: citizenMessage('staff-7') }, submitKey);
  expect({ code: codeOf(r), data: r.data }).toEqual({ code: 'CONFLICT', data: null });
  expect(JSON.stringify(r)).not.toContain(staffEntered.queryCode);
  // And the other way: staff repeating a client's submission see it deduplicated, without its code.
  const viaStaff = (await ok(s.gql(STAFF_CREATE, { i: { ...fields, channel: 'API', externalId: `${clientIds.submit}:site-0001` } }, w.t.dispatcher)))
    .createMessage;
  expect(viaStaff).toEqual({ message: { serialNo: first.serialNo }, queryCode: null, deduplicated: true });
  // The staff user who entered a message gets its code on a repeat; another staff user does not.
  expect(
    (await ok(s.gql(STAFF_CREATE, { i: { ...fields, channel: 'API', externalId: `${clientIds.submit}:staff-7` } }, w.t.dispatcher))).createMessage,
  ).toEqual({ ...staffEntered, deduplicated: true });
  expect((await ok(s.gql(STAFF_CREATE, { i: { ...fields, channel: 'API', externalId: `${clientIds.submit}:staff-7` } }, w.t.admin))).createMessage).toEqual({
    ...staffEntered,
    queryCode: null,
    deduplicated: true,
  });
  // Nothing was created by the refused attempts.
  expect(Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM message WHERE externalId = '${clientIds.submit}:site-0001'`))[0].n)).toBe(1);
  // A message stored before the hash and the client were recorded is judged by its stored fields and the client its
  // externalId names.
  await s.app.ds.query(`UPDATE message SET submissionHash = NULL, apiClientId = NULL WHERE serialNo = '${first.serialNo}'`);
  expect((await ok(pub(SUBMIT, { i: original }, submitKey))).submitMessage).toEqual({ ...first, deduplicated: true });
  expect(codeOf(await pub(SUBMIT, { i: { ...original, phone: '13700001111' } }, submitKey))).toBe('CONFLICT');
  expect(
    (await ok(s.gql(STAFF_CREATE, { i: { ...fields, channel: 'API', externalId: `${clientIds.submit}:site-0001` } }, w.t.dispatcher))).createMessage.queryCode,
  ).toBeNull();
});

test('guessing query codes is slowed by proofs of work, never by locking the right code out', async () => {
  const m = (await ok(pub(SUBMIT, { i: citizenMessage('guess-1') }, submitKey))).submitMessage;
  for (let i = 0; i < 5; i++) expect(codeOf(await pub(LOOKUP, { c: { serialNo: m.serialNo, queryCode: `BAD${i + 2}XYZW` } }, submitKey))).toBe('NOT_FOUND');
  const asked = await pub(LOOKUP, { c: { serialNo: m.serialNo, queryCode: m.queryCode } }, submitKey);
  expect(codeOf(asked)).toBe('PROOF_OF_WORK_REQUIRED');
  const { challenge, difficulty } = asked.errors![0].extensions as { challenge: string; difficulty: number };
  const nonce = await solveChallenge(challenge, difficulty);
  expect(
    (await ok(pub(LOOKUP, { c: { serialNo: m.serialNo, queryCode: m.queryCode, proofOfWork: { challenge, nonce } } }, submitKey))).lookupMessage.message
      .serialNo,
  ).toBe(m.serialNo);
});

test('a disabled key stops working at once; a rotated key replaces the old one', async () => {
  const c = await newApiKey(s, w.t.admin, { name: '临时客户端', owner: '测试', scopes: ['PUBLIC_READ'] });
  expect(codeOf(await pub(`{ publicUnits { id } }`, {}, c.key))).toBeUndefined();
  await ok(
    s.gql(`mutation($i: UpdateApiClientInput!) { updateApiClient(input: $i) { client { isActive } } }`, { i: { id: c.client.id, isActive: false } }, w.t.admin),
  );
  expect(codeOf(await pub(`{ publicUnits { id } }`, {}, c.key))).toBe('UNAUTHENTICATED');
  await ok(
    s.gql(`mutation($i: UpdateApiClientInput!) { updateApiClient(input: $i) { client { isActive } } }`, { i: { id: c.client.id, isActive: true } }, w.t.admin),
  );
  const rotated = (await ok(s.gql(`mutation($id: ID!) { rotateApiClientKey(id: $id) { key } }`, { id: c.client.id }, w.t.admin))).rotateApiClientKey;
  expect(codeOf(await pub(`{ publicUnits { id } }`, {}, c.key))).toBe('UNAUTHENTICATED');
  expect(codeOf(await pub(`{ publicUnits { id } }`, {}, rotated.key))).toBeUndefined();
  // Only admins manage clients.
  expect(codeOf(await s.gql(`{ apiClients { totalCount } }`, {}, w.t.dispatcher))).toBe('FORBIDDEN');
});

test("a client's own rate limit triggers RATE_LIMITED", async () => {
  const c = await newApiKey(s, w.t.admin, { name: '限流客户端', owner: '测试', scopes: ['PUBLIC_READ'], rateLimitPerMinute: 3 });
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push(codeOf(await pub(`{ publicUnits { id } }`, {}, c.key)));
  expect(codes).toEqual([undefined, undefined, undefined, 'RATE_LIMITED', 'RATE_LIMITED']);
});

test('walking every type reachable from the public operations finds only allow-listed fields', async () => {
  const schema = await buildAppSchema();
  const PUBLIC_ROOTS = [
    'Query.publicMessages',
    'Query.publicMessage',
    'Query.unitBoard',
    'Query.leaderBoard',
    'Query.publicCategories',
    'Query.publicUnits',
    'Query.publicLeaders',
    'Query.lookupMessage',
    'Mutation.submitMessage',
    'Mutation.rateMessage',
    'Mutation.requestRedo',
    'Query.publicStatistics',
    'Query.publicMonthlyReport',
    'Query.publicKnowledgeArticles',
    'Query.publicKnowledgeArticle',
  ];
  const ALLOWED = new Set([
    'PublicMessageConnection.edges',
    'PublicMessageConnection.nodes',
    'PublicMessageConnection.pageInfo',
    'PublicMessageConnection.totalCount',
    'PublicMessageConnection.totalIsCapped',
    'PublicMessageEdge.cursor',
    'PublicMessageEdge.node',
    'PageInfo.hasNextPage',
    'PageInfo.hasPreviousPage',
    'PageInfo.startCursor',
    'PageInfo.endCursor',
    'PublicMessage.serialNo',
    'PublicMessage.type',
    'PublicMessage.title',
    'PublicMessage.content',
    'PublicMessage.authorName',
    'PublicMessage.category',
    'PublicMessage.region',
    'PublicMessage.addressedLeader',
    'PublicMessage.handlingUnit',
    'PublicMessage.status',
    'PublicMessage.submittedAt',
    'PublicMessage.repliedAt',
    'PublicMessage.replies',
    'PublicMessage.evaluation',
    'PublicMessage.notAcceptedReason',
    'PublicMessage.mergedIntoSerialNo',
    'PublicCategory.id',
    'PublicCategory.name',
    'PublicCategory.parentId',
    'PublicUnit.id',
    'PublicUnit.name',
    'PublicUnit.parentId',
    'PublicUnit.kind',
    'PublicUnit.parent',
    'PublicUnit.children',
    'PublicLeader.id',
    'PublicLeader.name',
    'PublicLeader.title',
    'PublicLeader.unitName',
    'PublicReply.kind',
    'PublicReply.content',
    'PublicReply.unitName',
    'PublicReply.publishedAt',
    'PublicEvaluation.overall',
    'PublicEvaluation.band',
    'PublicEvaluation.ratedAt',
    'PublicBoard.received',
    'PublicBoard.replied',
    'PublicBoard.responseRate',
    'PublicBoard.publicReceived',
    'SubmitMessagePayload.serialNo',
    'SubmitMessagePayload.queryCode',
    'SubmitMessagePayload.deduplicated',
    'SubmitMessagePayload.submittedAt',
    'CitizenMessageView.message',
    'CitizenMessageView.progress',
    'CitizenMessageView.canRate',
    'CitizenMessageView.canRequestRedo',
    'CitizenProgressStep.at',
    'CitizenProgressStep.step',
    ...[
      'key',
      'label',
      'bucket',
      'received',
      'assigned',
      'replied',
      'responsesGiven',
      'replyRate',
      'closeRate',
      'onTimeRate',
      'responseRate',
      'resolutionRate',
      'satisfactionRate',
      'averageSatisfaction',
    ].map((f) => `PublicStatisticsRow.${f}`),
    'Rate.numerator',
    'Rate.denominator',
    'Rate.value',
    ...['regionUnitId', 'regionName', 'month', 'total', 'previousMonth', 'topUnitsByCloseRate', 'mostResponsiveUnits', 'topCategories', 'summary'].map(
      (f) => `MonthlyReport.${f}`,
    ),
    // public knowledge (公开知识): the version in force of PUBLIC articles, no unit-internal field, no ledger or drafts
    'PublicKnowledgeArticleConnection.edges',
    'PublicKnowledgeArticleConnection.nodes',
    'PublicKnowledgeArticleConnection.pageInfo',
    'PublicKnowledgeArticleConnection.totalCount',
    'PublicKnowledgeArticleConnection.totalIsCapped',
    'PublicKnowledgeArticleEdge.cursor',
    'PublicKnowledgeArticleEdge.node',
    ...['id', 'title', 'questions', 'answer', 'category', 'categoryId', 'region', 'unitName', 'sources', 'validUntil', 'updatedOn', 'matchedTerms'].map(
      (f) => `PublicKnowledgeArticle.${f}`,
    ),
    'PublicKnowledgeSource.title',
    'PublicKnowledgeSource.number',
    'PublicKnowledgeSource.date',
    'PublicKnowledgeSource.url',
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
    const key = (await newApiKey(p, admin, { name: '限流测试', owner: '测试', scopes: ['MESSAGES_SUBMIT'] })).key;
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
