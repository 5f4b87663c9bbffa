/**
 * The reach rule (issue 13, docs/security.md): outside a viewer's reach a record answers exactly like a missing one:
 * the same code (NOT_FOUND) and the same text, whatever else the request holds (a stale expectedVersion, a kind the
 * record does not allow, an already answered supervision). Walks every query, mutation and subscription that takes
 * the id of a message or of a record under one, as unit users of another unit, comparing an existing id with a
 * missing one. Within reach, what the viewer may not do is FORBIDDEN.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { codeOf, type GqlResult } from './helpers';
import { assignTo, newMessage, ok, userIn, worldPerFile } from './workflow-helpers';
import { disposeEach } from './support/live';

const outsiders: Record<string, string> = {};
/** Existing records of a message handled by 长沙市住建局 (hn-cs-zjj), and a user of that unit. */
const ids: Record<string, string> = {};
const MISSING = '999999';
const clients: Client[] = [];

const { s, w } = worldPerFile(
  {},
  {
    beforeClose: () => disposeEach(clients),
  },
);
beforeAll(async () => {
  // Unit users of 长沙市交通运输局 (hn-cs-jtj): the same city, another unit.
  outsiders.handler = await userIn(w, 'jtj.handler', 'UNIT_HANDLER', 'hn-cs-jtj');
  outsiders.reviewer = await userIn(w, 'jtj.reviewer', 'UNIT_REVIEWER', 'hn-cs-jtj');
  const m = await newMessage(w, { regionUnitId: w.unit['hn-cs'], type: 'CONSULT' });
  ids.message = m.id;
  await assignTo(w, m.id, 'hn-cs-zjj');
  ids.assignment = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id } } }`, { id: m.id }, w.t.dispatcher))).message.assignments[0].id;
  await ok(
    s.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: ids.assignment } }, w.t.handler),
  );
  ids.reply = (
    await ok(
      s.gql(
        `mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id } } }`,
        { i: { assignmentId: ids.assignment, kind: 'FINAL', content: '您好！经核实已处理完毕，感谢监督。' } },
        w.t.handler,
      ),
    )
  ).draftReply.reply.id;
  ids.supervision = (
    await ok(
      s.gql(
        `mutation($i: SuperviseInput!) { superviseMessage(input: $i) { supervision { id } } }`,
        { i: { messageId: m.id, content: '请限期反馈', dueAt: new Date(Date.now() + 7 * 86400_000).toISOString() } },
        w.t.supervisor,
      ),
    )
  ).superviseMessage.supervision.id;
  ids.user = (await ok(s.gql(`{ me { id } }`, {}, w.t.handler))).me.id;
  ids.target = (await newMessage(w, { regionUnitId: w.unit['hn-cs'] })).id;
  ids.article = (
    await ok(
      s.gql(
        `mutation($i: CreateKnowledgeArticleInput!) { createKnowledgeArticle(input: $i) { article { id } } }`,
        { i: { title: '住建局的知识条目草稿', questions: ['草稿问题'], answer: '这是住建局尚未提交审核的知识条目草稿。' } },
        w.t.handler,
      ),
    )
  ).createKnowledgeArticle.article.id;
});

const M = (name: string, type: string, select = '__typename') => `mutation($i: ${type}!) { ${name}(input: $i) { ${select} } }`;
const inFuture = () => new Date(Date.now() + 7 * 86400_000).toISOString();
/** Every operation that names a record by id: how to call it with an id. Stale versions and odd input included on purpose. */
const OPERATIONS: Record<string, { record: string; call: (id: string, t: string) => Promise<GqlResult>; only?: string }> = {
  'query message': { record: 'message', call: (id, t) => s.gql(`query($id: ID!) { message(id: $id) { id title } }`, { id }, t) },
  'query assignment': { record: 'assignment', call: (id, t) => s.gql(`query($id: ID!) { assignment(id: $id) { id } }`, { id }, t) },
  // Users are read by reviewers (a handler may not read users at all: FORBIDDEN by role, whatever the id).
  'query user': { record: 'user', only: 'reviewer', call: (id, t) => s.gql(`query($id: ID!) { user(id: $id) { id } }`, { id }, t) },
  'query knowledgeSuggestions': { record: 'message', call: (id, t) => s.gql(`query($id: ID!) { knowledgeSuggestions(messageId: $id) { score } }`, { id }, t) },
  // a draft article of the message's unit (知识库): another unit's users do not know it exists
  'query knowledgeArticle': { record: 'article', call: (id, t) => s.gql(`query($id: ID!) { knowledgeArticle(id: $id) { id title } }`, { id }, t) },
  updateKnowledgeArticle: {
    record: 'article',
    call: (id, t) => s.gql(M('updateKnowledgeArticle', 'UpdateKnowledgeArticleInput'), { i: { id, title: '改标题', expectedVersion: 99 } }, t),
  },
  submitKnowledgeArticle: {
    record: 'article',
    call: (id, t) => s.gql(M('submitKnowledgeArticle', 'KnowledgeActionInput'), { i: { id, expectedVersion: 99 } }, t),
  },
  withdrawKnowledgeArticle: {
    record: 'article',
    call: (id, t) => s.gql(M('withdrawKnowledgeArticle', 'KnowledgeActionInput'), { i: { id, comment: '停用测试' } }, t),
  },
  reviewKnowledgeArticle: {
    record: 'article',
    only: 'handler',
    call: (id, t) => s.gql(M('reviewKnowledgeArticle', 'ReviewKnowledgeArticleInput'), { i: { id, approve: true } }, t),
  },
  acceptMessage: { record: 'message', call: (id, t) => s.gql(M('acceptMessage', 'MessageActionInput'), { i: { messageId: id, expectedVersion: 1 } }, t) },
  markMessageInvalid: {
    record: 'message',
    call: (id, t) => s.gql(M('markMessageInvalid', 'MarkInvalidInput'), { i: { messageId: id, reason: 'EMPTY', expectedVersion: 1 } }, t),
  },
  mergeMessage: { record: 'message', call: (id, t) => s.gql(M('mergeMessage', 'MergeMessageInput'), { i: { messageId: id, targetMessageId: ids.target } }, t) },
  assignMessage: {
    record: 'message',
    call: (id, t) => s.gql(M('assignMessage', 'AssignMessageInput'), { i: { messageId: id, leadUnitId: w.unit['hn-cs-jtj'], expectedVersion: 1 } }, t),
  },
  reassignMessage: {
    record: 'message',
    call: (id, t) => s.gql(M('reassignMessage', 'ReassignMessageInput'), { i: { messageId: id, leadUnitId: w.unit['hn-cs-jtj'], reason: '改派测试' } }, t),
  },
  holdMessage: {
    record: 'message',
    call: (id, t) => s.gql(M('holdMessage', 'MessageReasonInput'), { i: { messageId: id, reason: '等待补充材料', expectedVersion: 1 } }, t),
  },
  resumeMessage: { record: 'message', call: (id, t) => s.gql(M('resumeMessage', 'MessageReasonInput'), { i: { messageId: id, reason: '已补充' } }, t) },
  urgeMessage: {
    record: 'message',
    call: (id, t) => s.gql(M('urgeMessage', 'SupervisionInput'), { i: { messageId: id, content: '请抓紧办理', unitId: w.unit['hn-cs-jtj'] } }, t),
  },
  superviseMessage: {
    record: 'message',
    call: (id, t) => s.gql(M('superviseMessage', 'SuperviseInput'), { i: { messageId: id, content: '请限期反馈', dueAt: inFuture() } }, t),
  },
  instructMessage: {
    record: 'message',
    call: (id, t) => s.gql(M('instructMessage', 'SupervisionInput'), { i: { messageId: id, content: '请高度重视', expectedVersion: 1 } }, t),
  },
  recordEvaluation: {
    record: 'message',
    call: (id, t) => s.gql(M('recordEvaluation', 'RecordEvaluationInput'), { i: { messageId: id, resolution: 5, attitude: 5, speed: 5 } }, t),
  },
  reopenMessage: { record: 'message', call: (id, t) => s.gql(M('reopenMessage', 'MessageReasonInput'), { i: { messageId: id, reason: '重办测试' } }, t) },
  closeMessage: { record: 'message', call: (id, t) => s.gql(M('closeMessage', 'MessageActionInput'), { i: { messageId: id, expectedVersion: 1 } }, t) },
  revealMessagePii: { record: 'message', call: (id, t) => s.gql(M('revealMessagePii', 'MessageActionInput'), { i: { messageId: id } }, t) },
  directAnswer: {
    record: 'message',
    call: (id, t) => s.gql(M('directAnswer', 'DirectAnswerInput'), { i: { messageId: id, content: '您好，这是直办答复。', expectedVersion: 1 } }, t),
  },
  signAssignment: {
    record: 'assignment',
    call: (id, t) => s.gql(M('signAssignment', 'AssignmentActionInput'), { i: { assignmentId: id, expectedVersion: 1 } }, t),
  },
  delegateAssignment: {
    record: 'assignment',
    call: (id, t) => s.gql(M('delegateAssignment', 'DelegateInput'), { i: { assignmentId: id, unitId: w.unit['hn-cs-jtj'] } }, t),
  },
  requestReturn: {
    record: 'assignment',
    call: (id, t) => s.gql(M('requestReturn', 'AssignmentReasonInput'), { i: { assignmentId: id, reason: '不属于本单位职责', expectedVersion: 1 } }, t),
  },
  decideReturn: { record: 'assignment', call: (id, t) => s.gql(M('decideReturn', 'DecisionInput'), { i: { assignmentId: id, approve: true } }, t) },
  requestExtension: {
    record: 'assignment',
    call: (id, t) => s.gql(M('requestExtension', 'RequestExtensionInput'), { i: { assignmentId: id, days: 3, reason: '需要现场核查' } }, t),
  },
  decideExtension: {
    record: 'assignment',
    call: (id, t) => s.gql(M('decideExtension', 'DecisionInput'), { i: { assignmentId: id, approve: true, expectedVersion: 1 } }, t),
  },
  cancelAssignment: {
    record: 'assignment',
    call: (id, t) => s.gql(M('cancelAssignment', 'AssignmentReasonInput'), { i: { assignmentId: id, reason: '撤销测试' } }, t),
  },
  // An assist opinion on a lead assignment: the kind check must not answer before the reach check.
  draftReply: {
    record: 'assignment',
    call: (id, t) =>
      s.gql(M('draftReply', 'DraftReplyInput'), { i: { assignmentId: id, kind: 'ASSIST_OPINION', content: '协办单位的意见：同意主办单位的处理方案。' } }, t),
  },
  updateReply: {
    record: 'reply',
    call: (id, t) => s.gql(M('updateReply', 'UpdateReplyInput'), { i: { replyId: id, content: '您好！这是改过的答复内容，请查收。' } }, t),
  },
  submitReply: { record: 'reply', call: (id, t) => s.gql(M('submitReply', 'SubmitReplyInput'), { i: { replyId: id } }, t) },
  reviewReply: { record: 'reply', call: (id, t) => s.gql(M('reviewReply', 'ReviewReplyInput'), { i: { replyId: id, approve: true } }, t) },
  respondSupervision: {
    record: 'supervision',
    call: (id, t) => s.gql(M('respondSupervision', 'RespondSupervisionInput'), { i: { supervisionId: id, response: '已按要求整改' } }, t),
  },
};

/** The answer with the id written as <id>: what a caller learns besides the id it sent. */
const shape = (r: GqlResult, id: string) => ({ code: codeOf(r), message: r.errors?.[0]?.message.split(id).join('<id>'), data: r.data ?? null });

describe.each(['handler', 'reviewer'])('a unit %s of another unit', (who) => {
  test.each(Object.keys(OPERATIONS).filter((n) => !OPERATIONS[n].only || OPERATIONS[n].only === who))(
    '%s: an existing record out of reach answers exactly like a missing one',
    async (name) => {
      const op = OPERATIONS[name];
      const hidden = await op.call(ids[op.record], outsiders[who]);
      const missing = await op.call(MISSING, outsiders[who]);
      expect(shape(missing, MISSING).code).toBe('NOT_FOUND');
      expect(shape(hidden, ids[op.record])).toEqual(shape(missing, MISSING));
    },
  );

  test('subscribing to the timeline of a message out of reach answers like a missing message', async () => {
    const c = createClient({
      url: s.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${outsiders[who]}` },
    });
    clients.push(c);
    const errorOf = (id: string) =>
      new Promise<{ code: unknown; message: string }>((resolve) => {
        c.subscribe(
          { query: `subscription($m: ID!) { messageEvents(messageId: $m) { type } }`, variables: { m: id } },
          {
            next: (v) => v.errors && resolve({ code: v.errors[0].extensions?.code, message: v.errors[0].message.split(id).join('<id>') }),
            error: (e) => {
              const first = (Array.isArray(e) ? e[0] : e) as { extensions?: { code?: unknown }; message: string };
              resolve({ code: first.extensions?.code, message: first.message.split(id).join('<id>') });
            },
            complete: () => resolve({ code: 'COMPLETED', message: '' }),
          },
        );
      });
    const missing = await errorOf(MISSING);
    expect(missing.code).toBe('NOT_FOUND');
    expect(await errorOf(ids.message)).toEqual(missing);
  });
});

test('nothing the outsiders sent changed the records', async () => {
  const m = (
    await ok(
      s.gql(
        `query($id: ID!) { message(id: $id) { state version onHoldSince assignments { state } replies { state content } supervisions { respondedAt } } }`,
        { id: ids.message },
        w.t.dispatcher,
      ),
    )
  ).message;
  expect(m).toMatchObject({
    state: 'IN_PROGRESS',
    onHoldSince: null,
    assignments: [{ state: 'SIGNED' }],
    replies: [{ state: 'DRAFT', content: '您好！经核实已处理完毕，感谢监督。' }],
    supervisions: [{ respondedAt: null }],
  });
});

test('within reach, what the viewer may not do is FORBIDDEN (it can see the record)', async () => {
  // The lead unit's handler sees the message: approving at platform level, urging or assigning are not theirs to do.
  expect(codeOf(await OPERATIONS.urgeMessage.call(ids.message, w.t.handler))).toBe('FORBIDDEN');
  expect(codeOf(await s.gql(M('assignMessage', 'AssignMessageInput'), { i: { messageId: ids.message, leadUnitId: w.unit['hn-cs-jtj'] } }, w.t.handler))).toBe(
    'FORBIDDEN',
  );
  expect(codeOf(await s.gql(M('decideReturn', 'DecisionInput'), { i: { assignmentId: ids.assignment, approve: true } }, w.t.handler))).toBe('FORBIDDEN');
  // A user of the handler's unit is readable by its reviewer; one of another unit is not (NOT_FOUND, as above).
  expect((await ok(s.gql(`query($id: ID!) { user(id: $id) { id } }`, { id: ids.user }, w.t.reviewer))).user.id).toBe(ids.user);
});

test("a unit's inbox does not list the assignments it no longer holds (their message is out of its reach)", async () => {
  const m = await newMessage(w, { regionUnitId: w.unit['hn-cs'] });
  await assignTo(w, m.id, 'hn-cs-jtj');
  const a = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id } } }`, { id: m.id }, w.t.dispatcher))).message.assignments[0].id;
  const INBOX = `query($f: InboxFilter) { inbox(filter: $f, first: 100) { nodes { id message { id title } } } }`;
  const listed = async () =>
    (await ok(s.gql(INBOX, { f: { states: ['PENDING', 'SIGNED', 'CANCELLED', 'RETURNED', 'DONE'] } }, outsiders.handler))).inbox.nodes.map((n: any) => n.id);
  expect(await listed()).toContain(a);
  await ok(s.gql(M('reassignMessage', 'ReassignMessageInput'), { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'], reason: '改派' } }, w.t.dispatcher));
  expect(await listed()).not.toContain(a);
  expect(codeOf(await s.gql(`query($id: ID!) { assignment(id: $id) { id } }`, { id: a }, outsiders.handler))).toBe('NOT_FOUND');
  // The platform still sees the withdrawn assignment in the unit's inbox.
  expect((await ok(s.gql(INBOX, { f: { unitId: w.unit['hn-cs-jtj'], states: ['CANCELLED'] } }, w.t.dispatcher))).inbox.nodes.map((n: any) => n.id)).toContain(
    a,
  );
});

test("a unit's inbox is searched by serial number or words of the title, and only within the unit's own work", async () => {
  const assign = async (title: string, unitKey: string) => {
    const m = await newMessage(w, { regionUnitId: w.unit['hn-cs'], title });
    await ok(s.gql(M('assignMessage', 'AssignMessageInput'), { i: { messageId: m.id, leadUnitId: w.unit[unitKey] } }, w.t.dispatcher));
    return m;
  };
  const mine = await assign('公交站台顶棚漏雨严重', 'hn-cs-jtj');
  const other = await assign('公交站台顶棚被风吹落', 'hn-cs-zjj');
  const found = async (search: string) =>
    (
      await ok(
        s.gql(`query($f: InboxFilter) { inbox(filter: $f, first: 100) { totalCount nodes { message { serialNo } } } }`, { f: { search } }, outsiders.handler),
      )
    ).inbox;
  expect((await found(mine.serialNo)).nodes.map((n: any) => n.message.serialNo)).toEqual([mine.serialNo]);
  const byWords = await found('顶棚');
  expect(byWords.nodes.map((n: any) => n.message.serialNo)).toContain(mine.serialNo);
  expect(byWords.nodes.map((n: any) => n.message.serialNo)).not.toContain(other.serialNo);
  expect((await found(other.serialNo)).totalCount).toBe(0);
  // LIKE's wildcards are text here, not patterns
  expect((await found('%')).totalCount).toBe(0);
});

test("a field pointing at another message (duplicateOf) is null when that message is out of the viewer's reach", async () => {
  const here = await newMessage(w, { regionUnitId: w.unit['hn-cs'] });
  const elsewhere = await newMessage(w, { regionUnitId: w.unit['hn-zz'] });
  await ok(s.gql(M('mergeMessage', 'MergeMessageInput'), { i: { messageId: here.id, targetMessageId: elsewhere.id } }, w.t.dispatcher));
  const Q = `query($id: ID!) { message(id: $id) { state duplicateOf { id title } } }`;
  // 长沙市's leader reads the merged message (it concerns 长沙市), not the 株洲市 one it was merged into.
  expect((await ok(s.gql(Q, { id: here.id }, w.t.leader))).message).toEqual({ state: 'MERGED', duplicateOf: null });
  expect(codeOf(await s.gql(Q, { id: elsewhere.id }, w.t.leader))).toBe('NOT_FOUND');
  expect((await ok(s.gql(Q, { id: here.id }, w.t.dispatcher))).message.duplicateOf.id).toBe(elsewhere.id);
});
