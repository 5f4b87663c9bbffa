/**
 * The back office's API (issue 21): the list's search box, the platform's queue of pending return and extension
 * requests, a reviewer's revision of a draft, the supervision tracking list, a leader's own messages,
 * notifications (the bell) with their live feed, and the unit tree's child counts.
 */
import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { codeOf } from './helpers';
import { expectCode, newMessage, ok, userIn, worldPerFile } from './workflow-helpers';
import { disposeEach } from './support/live';

const clients: Client[] = [];
const { s, w } = worldPerFile(
  {},
  {
    timeout: 60_000,
    beforeClose: () => disposeEach(clients),
  },
);

const gql = (q: string, v: Record<string, unknown>, token: string) => ok<any>(s.gql(q, v, token));
const assign = (messageId: string, unit: string, assists: string[] = []) =>
  gql(
    `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id version } } }`,
    { i: { messageId, leadUnitId: w.unit[unit], assistUnitIds: assists.map((a) => w.unit[a]) } },
    w.t.dispatcher,
  );
const leadOf = async (messageId: string, token = w.t.dispatcher) =>
  (await gql(`query($id: ID!) { message(id: $id) { version assignments { id role state unit { id } } } }`, { id: messageId }, token)).message;
const sign = async (assignmentId: string, token = w.t.handler) =>
  gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId } }, token);
const search = async (keyword: string, token: string) =>
  (
    await gql(
      `query($f: MessageFilter) { messages(filter: $f, first: 100) { totalCount nodes { id serialNo pii { phone realName masked } } } }`,
      { f: { keyword } },
      token,
    )
  ).messages;

describe('the search box', () => {
  let a: { id: string; serialNo: string };
  let b: { id: string; serialNo: string };
  beforeAll(async () => {
    a = await newMessage(w, { title: '搜索测试：电梯噪声扰民', realName: '欧阳思远', phone: '139-0731-5566' });
    b = await newMessage(w, { title: '搜索测试：小区停车难', realName: '司马长风', phone: '(0731) 8899-1234' });
    await assign(a.id, 'hn-cs-zjj');
    await assign(b.id, 'hn-cs-jtj');
  });

  test('a serial number is found exactly, and its beginning as a prefix', async () => {
    expect((await search(a.serialNo, w.t.dispatcher)).nodes.map((m: any) => m.id)).toEqual([a.id]);
    expect((await search(a.serialNo.toLowerCase(), w.t.supervisor)).nodes.map((m: any) => m.id)).toEqual([a.id]);
    const prefix = await search(a.serialNo.slice(0, 10), w.t.dispatcher);
    expect(prefix.nodes.map((m: any) => m.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    for (const m of prefix.nodes) expect(m.serialNo.startsWith(a.serialNo.slice(0, 10))).toBe(true);
  });

  test('a phone number matches the stored number for those who may see it, and is still shown masked', async () => {
    const found = await search('13907315566', w.t.dispatcher);
    expect(found.nodes.map((m: any) => m.id)).toEqual([a.id]);
    expect(found.nodes[0].pii).toEqual({ phone: '139****5566', realName: '欧***', masked: true });
    expect((await search('139 0731 5566', w.t.dispatcher)).nodes.map((m: any) => m.id)).toEqual([a.id]);
    // The supervisor may not see private data: the number finds nothing (it is not in any title or content).
    expect((await search('13907315566', w.t.supervisor)).totalCount).toBe(0);
    // A unit finds the citizens of the messages it leads, not of other units' messages.
    expect((await search('13907315566', w.t.handler)).nodes.map((m: any) => m.id)).toEqual([a.id]);
    const jtj = await userIn(w, 'search.jtj', 'UNIT_HANDLER', 'hn-cs-jtj');
    expect((await search('13907315566', jtj)).totalCount).toBe(0);
    // A landline is found however it is written, as it is stored normalised.
    expect((await search('0731-88991234', jtj)).nodes.map((m: any) => m.id)).toEqual([b.id]);
    expect((await search('073188991234', w.t.dispatcher)).nodes.map((m: any) => m.id)).toEqual([b.id]);
  });

  test("a citizen's full name matches for those who may see it; words match the title", async () => {
    expect((await search('司马长风', w.t.dispatcher)).nodes.map((m: any) => m.id)).toEqual([b.id]);
    expect((await search('司马长风', w.t.supervisor)).totalCount).toBe(0);
    expect((await search('司马', w.t.dispatcher)).totalCount).toBe(0);
    const words = await search('搜索测试', w.t.supervisor);
    expect(words.nodes.map((m: any) => m.id).sort()).toEqual([a.id, b.id].sort());
  });

  test('the CSV export applies the same search', async () => {
    const res = await fetch(`${s.url}/export/messages.csv?keyword=13907315566`, { headers: { authorization: `Bearer ${w.t.dispatcher}` } });
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(a.serialNo);
    expect(lines[1]).toContain('139****5566');
    expect(lines[1]).not.toContain('13907315566');
  });
});

describe('pending requests (待审批)', () => {
  const QUEUE = `query($k: PendingRequestKind) { pendingRequests(kind: $k, first: 100) { totalCount nodes { id kind reason requestedDays requestedAt requestedByName assignment { id state availableActions message { id serialNo version } unit { name } } } } }`;
  test('returns and extensions wait with their reasons, oldest first, and leave the queue when decided', async () => {
    const r1 = await newMessage(w);
    const e1 = await newMessage(w);
    await assign(r1.id, 'hn-cs-zjj');
    await assign(e1.id, 'hn-cs-zjj');
    const ra = (await leadOf(r1.id)).assignments[0];
    const ea = (await leadOf(e1.id)).assignments[0];
    await gql(
      `mutation($i: AssignmentReasonInput!) { requestReturn(input: $i) { assignment { id } } }`,
      { i: { assignmentId: ra.id, reason: '不属于本单位职责，请改派' } },
      w.t.handler,
    );
    await sign(ea.id);
    await gql(
      `mutation($i: RequestExtensionInput!) { requestExtension(input: $i) { assignment { id } } }`,
      { i: { assignmentId: ea.id, days: 7, reason: '需要多部门会商' } },
      w.t.reviewer,
    );

    const q = (await gql(QUEUE, {}, w.t.dispatcher)).pendingRequests;
    const mine = q.nodes.filter((n: any) => [ra.id, ea.id].includes(n.assignment.id));
    expect(mine.map((n: any) => [n.kind, n.reason, n.requestedDays, n.requestedByName, n.assignment.unit.name])).toEqual([
      ['RETURN', '不属于本单位职责，请改派', null, '住建局承办人', '长沙市住房和城乡建设局'],
      ['EXTENSION', '需要多部门会商', 7, '住建局审核人', '长沙市住房和城乡建设局'],
    ]);
    expect(q.totalCount).toBe(q.nodes.length);
    const times = q.nodes.map((n: any) => Date.parse(n.requestedAt));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(mine[0].assignment.availableActions).toEqual(expect.arrayContaining(['APPROVE_RETURN', 'REJECT_RETURN']));
    expect(mine[1].assignment.availableActions).toEqual(expect.arrayContaining(['APPROVE_EXTENSION', 'REJECT_EXTENSION']));
    const onlyReturns = (await gql(QUEUE, { k: 'RETURN' }, w.t.admin)).pendingRequests.nodes;
    expect(onlyReturns.every((n: any) => n.kind === 'RETURN')).toBe(true);
    expect(onlyReturns.map((n: any) => n.assignment.id)).toContain(ra.id);

    await gql(
      `mutation($i: DecisionInput!) { decideReturn(input: $i) { assignment { id } } }`,
      { i: { assignmentId: ra.id, approve: false, comment: '属于住建职责，请继续办理' } },
      w.t.dispatcher,
    );
    await gql(
      `mutation($i: DecisionInput!) { decideExtension(input: $i) { assignment { id } } }`,
      { i: { assignmentId: ea.id, approve: true } },
      w.t.dispatcher,
    );
    const after = (await gql(QUEUE, {}, w.t.dispatcher)).pendingRequests;
    expect(after.nodes.map((n: any) => n.assignment.id)).not.toEqual(expect.arrayContaining([ra.id]));
    expect(after.nodes.map((n: any) => n.assignment.id)).not.toContain(ea.id);
    expect(after.totalCount).toBe(q.totalCount - 2);
  });

  test('only those who decide see the queue', async () => {
    for (const who of ['handler', 'reviewer', 'supervisor', 'leader']) expect(codeOf(await s.gql(QUEUE, {}, w.t[who]))).toBe('FORBIDDEN');
  });
});

describe('a reviewer revises a draft before deciding (审核修改)', () => {
  const REPLY = `query($id: ID!) { message(id: $id) { replies { id state content availableActions } timeline { nodes { action actorUserId payload } } } }`;
  const revise = (replyId: string, content: string, token: string) =>
    s.gql(`mutation($i: ReviseReplyInput!) { reviseReply(input: $i) { reply { id state content } } }`, { i: { replyId, content } }, token);
  test('the unit reviewer and then the platform revise; the ledger keeps each text before; the author is unchanged', async () => {
    const m = await newMessage(w);
    await assign(m.id, 'hn-cs-zjj');
    const a = (await leadOf(m.id)).assignments[0];
    await sign(a.id);
    const first = '您好！经核查，该工地已停止夜间施工，我局将加强巡查。';
    const draft = await gql(
      `mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id } } }`,
      { i: { assignmentId: a.id, kind: 'FINAL', content: first } },
      w.t.handler,
    );
    const replyId = draft.draftReply.reply.id;
    // A draft is the author's to edit, not a reviewer's to revise.
    await expectCode(revise(replyId, '审核人在草稿阶段修改的内容，不应被允许。', w.t.reviewer), 'INVALID_TRANSITION');
    await gql(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { id } } }`, { i: { replyId } }, w.t.handler);
    let r = (await gql(REPLY, { id: m.id }, w.t.reviewer)).message.replies[0];
    expect(r.availableActions).toEqual(expect.arrayContaining(['REVISE', 'UNIT_APPROVE']));
    expect((await gql(REPLY, { id: m.id }, w.t.handler)).message.replies[0].availableActions).not.toContain('REVISE');
    await expectCode(revise(replyId, '承办人不能在审核中修改答复内容。', w.t.handler), 'FORBIDDEN');
    await expectCode(revise(replyId, '平台不能修改待单位审核的答复内容。', w.t.dispatcher), 'FORBIDDEN');
    await expectCode(revise(replyId, first, w.t.reviewer), 'BAD_USER_INPUT');

    const second = '您好！经我局现场核查，该工地已于本周停止夜间施工，并处以罚款，我局将持续加强巡查。感谢您的监督！';
    expect((await ok<any>(revise(replyId, second, w.t.reviewer))).reviseReply.reply).toEqual({ id: replyId, state: 'UNIT_REVIEW', content: second });
    await gql(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id } } }`, { i: { replyId, approve: true } }, w.t.reviewer);
    r = (await gql(REPLY, { id: m.id }, w.t.dispatcher)).message.replies[0];
    expect(r.state).toBe('PLATFORM_REVIEW');
    expect(r.availableActions).toEqual(expect.arrayContaining(['REVISE', 'PLATFORM_APPROVE']));
    await expectCode(revise(replyId, '单位审核人不能修改待平台审核的答复内容。', w.t.reviewer), 'FORBIDDEN');
    const third = `${second}如仍有问题，请拨打12345反映。`;
    await ok(revise(replyId, third, w.t.dispatcher));
    await gql(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id } } }`, { i: { replyId, approve: true } }, w.t.dispatcher);

    const detail = (await gql(REPLY, { id: m.id }, w.t.dispatcher)).message;
    expect(detail.replies[0]).toMatchObject({ state: 'PUBLISHED', content: third });
    const revised = detail.timeline.nodes.filter((e: any) => e.action === 'REPLY_REVISED');
    const me = async (token: string) => (await gql(`{ me { id } }`, {}, token)).me.id;
    expect(revised.map((e: any) => [e.actorUserId, e.payload.level, e.payload.previousContent])).toEqual([
      [await me(w.t.reviewer), 'UNIT', first],
      [await me(w.t.dispatcher), 'PLATFORM', second],
    ]);
    expect(detail.timeline.nodes.find((e: any) => e.action === 'REPLY_DRAFTED').actorUserId).toBe(await me(w.t.handler));
  });
});

test("a reply's own writer may not revise it in review (they send it back and edit it)", async () => {
  const m = await newMessage(w);
  await assign(m.id, 'hn-cs-zjj');
  const a = (await leadOf(m.id)).assignments[0];
  await sign(a.id, w.t.reviewer);
  const replyId = (
    await gql(
      `mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id } } }`,
      { i: { assignmentId: a.id, kind: 'FINAL', content: '您好！审核人自己拟写的答复内容，用于测试。' } },
      w.t.reviewer,
    )
  ).draftReply.reply.id;
  await gql(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { id } } }`, { i: { replyId } }, w.t.reviewer);
  const r = (await gql(`query($id: ID!) { message(id: $id) { replies { id availableActions } } }`, { id: m.id }, w.t.reviewer)).message.replies[0];
  expect(r.availableActions).not.toContain('REVISE');
  await expectCode(
    s.gql(
      `mutation($i: ReviseReplyInput!) { reviseReply(input: $i) { reply { id } } }`,
      { i: { replyId, content: '审核人修改自己拟写的答复，应被拒绝。' } },
      w.t.reviewer,
    ),
    'FORBIDDEN',
  );
});

describe("supervision tracking (督办跟踪) and a leader's own messages", () => {
  const LIST = `query($f: SupervisionFilter) { supervisions(filter: $f, first: 100) { totalCount nodes { id kind content dueAt response respondedAt overdue authorName unit { name } message { id serialNo } } } }`;
  test('open, overdue and answered supervisions, each with its due date, response and author', async () => {
    const m1 = await newMessage(w);
    const m2 = await newMessage(w);
    await assign(m1.id, 'hn-cs-zjj');
    await assign(m2.id, 'hn-cs-jtj');
    const supervise = async (messageId: string, dueAt: Date) =>
      (
        await gql(
          `mutation($i: SuperviseInput!) { superviseMessage(input: $i) { supervision { id } } }`,
          { i: { messageId, content: '请限期反馈办理进展', dueAt: dueAt.toISOString() } },
          w.t.supervisor,
        )
      ).superviseMessage.supervision.id;
    const s1 = await supervise(m1.id, new Date(Date.now() + 3 * 86400_000));
    const s2 = await supervise(m2.id, new Date(Date.now() + 2000));
    await gql(
      `mutation($i: SupervisionInput!) { urgeMessage(input: $i) { supervision { id } } }`,
      { i: { messageId: m1.id, content: '请抓紧办理' } },
      w.t.supervisor,
    );
    await gql(
      `mutation($i: RespondSupervisionInput!) { respondSupervision(input: $i) { supervision { id } } }`,
      { i: { supervisionId: s1, response: '已现场核查，正在整改' } },
      w.t.handler,
    );
    await new Promise((r) => setTimeout(r, 2100));

    const open = (await gql(LIST, { f: { status: 'OPEN' } }, w.t.supervisor)).supervisions.nodes;
    expect(open.map((x: any) => x.id)).toContain(s2);
    expect(open.map((x: any) => x.id)).not.toContain(s1);
    expect(open.find((x: any) => x.id === s2)).toMatchObject({
      kind: 'SUPERVISE',
      overdue: true,
      response: null,
      authorName: '督查员',
      message: { id: m2.id },
    });
    const dues = open.map((x: any) => Date.parse(x.dueAt));
    expect(dues).toEqual([...dues].sort((x, y) => x - y));
    expect((await gql(LIST, { f: { status: 'OVERDUE' } }, w.t.supervisor)).supervisions.nodes.map((x: any) => x.id)).toContain(s2);
    const answered = (await gql(LIST, { f: { status: 'ANSWERED' } }, w.t.supervisor)).supervisions.nodes;
    expect(answered.find((x: any) => x.id === s1)).toMatchObject({ response: '已现场核查，正在整改', overdue: false });
    const urges = (await gql(LIST, { f: { kinds: ['URGE'] } }, w.t.supervisor)).supervisions.nodes;
    expect(urges.every((x: any) => x.kind === 'URGE')).toBe(true);
    // A unit reads the supervision of its own messages only.
    const handlerSees = (await gql(LIST, {}, w.t.handler)).supervisions.nodes.map((x: any) => x.message.id);
    expect(handlerSees).toContain(m1.id);
    expect(handlerSees).not.toContain(m2.id);
  });

  test("'addressed to me' lists a leader's messages with the instructions' author and time; a non-leader has none", async () => {
    const leader = (await gql(`{ me { leaderId leader { name } } }`, {}, w.t.leader)).me;
    const mine = await newMessage(w, { addressedLeaderId: leader.leaderId });
    const notMine = await newMessage(w);
    await assign(mine.id, 'hn-cs-zjj');
    await assign(notMine.id, 'hn-cs-zjj');
    const Q = `{ messages(filter: { addressedToMe: true }, first: 100) { totalCount nodes { id availableActions supervisions { kind content authorName createdAt } } } }`;
    let list = (await gql(Q, {}, w.t.leader)).messages.nodes;
    expect(list.map((m: any) => m.id)).toContain(mine.id);
    expect(list.map((m: any) => m.id)).not.toContain(notMine.id);
    expect(list.find((m: any) => m.id === mine.id).availableActions).toContain('INSTRUCT');
    await gql(
      `mutation($i: SupervisionInput!) { instructMessage(input: $i) { supervision { id } } }`,
      { i: { messageId: mine.id, content: '请住建局牵头尽快办理' } },
      w.t.leader,
    );
    list = (await gql(Q, {}, w.t.leader)).messages.nodes;
    const ins = list.find((m: any) => m.id === mine.id).supervisions.filter((x: any) => x.kind === 'INSTRUCTION');
    expect(ins).toEqual([{ kind: 'INSTRUCTION', content: '请住建局牵头尽快办理', authorName: '长沙市领导', createdAt: expect.any(String) }]);
    expect((await gql(Q, {}, w.t.dispatcher)).messages.totalCount).toBe(0);
  });
});

describe('notifications (the bell)', () => {
  const LIST = `query($u: Boolean) { unreadNotificationCount notifications(unreadOnly: $u, first: 100) { totalCount nodes { id action serialNo title read unitName detail } } }`;
  const mark = (i: Record<string, unknown>, token: string) =>
    s.gql(`mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { unreadCount } }`, { i }, token);

  test("a new assignment tells the unit's handlers and reviewers, not the dispatcher who assigned nor other units", async () => {
    await ok(mark({ all: true }, w.t.handler));
    await ok(mark({ all: true }, w.t.reviewer));
    const jtj = await userIn(w, 'bell.jtj', 'UNIT_HANDLER', 'hn-cs-jtj');
    const m = await newMessage(w, { title: '通知测试：新交办' });
    await assign(m.id, 'hn-cs-zjj');
    for (const token of [w.t.handler, w.t.reviewer]) {
      const r = await gql(LIST, { u: true }, token);
      expect(r.unreadNotificationCount).toBe(1);
      expect(r.notifications.nodes).toEqual([
        {
          id: expect.any(String),
          action: 'ASSIGNED',
          serialNo: m.serialNo,
          title: '通知测试：新交办',
          read: false,
          unitName: '长沙市住房和城乡建设局',
          detail: null,
        },
      ]);
    }
    expect((await gql(LIST, {}, jtj)).notifications.nodes.map((n: any) => n.serialNo)).not.toContain(m.serialNo);
    expect((await gql(LIST, {}, w.t.dispatcher)).notifications.nodes.map((n: any) => n.serialNo)).not.toContain(m.serialNo);
  });

  test('an urge, a return request and a supervision answer reach those concerned, with what was written', async () => {
    const m = await newMessage(w);
    await assign(m.id, 'hn-cs-zjj');
    await gql(
      `mutation($i: SupervisionInput!) { urgeMessage(input: $i) { supervision { id } } }`,
      { i: { messageId: m.id, content: '请于今日内反馈' } },
      w.t.supervisor,
    );
    const urged = (await gql(LIST, {}, w.t.handler)).notifications.nodes[0];
    expect(urged).toMatchObject({ action: 'URGED', serialNo: m.serialNo, detail: '请于今日内反馈', read: false });
    const a = (await leadOf(m.id)).assignments[0];
    const sid = (
      await gql(
        `mutation($i: SuperviseInput!) { superviseMessage(input: $i) { supervision { id } } }`,
        { i: { messageId: m.id, content: '督办：限期反馈', dueAt: new Date(Date.now() + 86400_000).toISOString() } },
        w.t.supervisor,
      )
    ).superviseMessage.supervision.id;
    await gql(
      `mutation($i: RespondSupervisionInput!) { respondSupervision(input: $i) { supervision { id } } }`,
      { i: { supervisionId: sid, response: '已安排专人办理' } },
      w.t.handler,
    );
    expect((await gql(LIST, {}, w.t.supervisor)).notifications.nodes[0]).toMatchObject({ action: 'SUPERVISION_ANSWERED', serialNo: m.serialNo });
    await gql(
      `mutation($i: AssignmentReasonInput!) { requestReturn(input: $i) { assignment { id } } }`,
      { i: { assignmentId: a.id, reason: '非本单位职责' } },
      w.t.handler,
    );
    expect((await gql(LIST, {}, w.t.dispatcher)).notifications.nodes[0]).toMatchObject({
      action: 'RETURN_REQUESTED',
      serialNo: m.serialNo,
      detail: '非本单位职责',
      unitName: '长沙市住房和城乡建设局',
    });
    // The handler who asked is not told of their own request.
    expect((await gql(LIST, {}, w.t.handler)).notifications.nodes[0].action).not.toBe('RETURN_REQUESTED');
  });

  test("read marks: by id, then all; another user's notification answers like a missing one and nothing is marked", async () => {
    const m = await newMessage(w);
    await assign(m.id, 'hn-cs-zjj');
    await gql(
      `mutation($i: SupervisionInput!) { urgeMessage(input: $i) { supervision { id } } }`,
      { i: { messageId: m.id, content: '请抓紧' } },
      w.t.supervisor,
    );
    const before = await gql(LIST, { u: true }, w.t.handler);
    expect(before.unreadNotificationCount).toBeGreaterThanOrEqual(2);
    const [newest] = before.notifications.nodes;
    const reviewers = (await gql(LIST, { u: true }, w.t.reviewer)).notifications.nodes;
    const r = await mark({ ids: [newest.id, reviewers[0].id] }, w.t.handler);
    expect(codeOf(r)).toBe('NOT_FOUND');
    expect(r.errors![0].message).toBe(`Notification not found: ${reviewers[0].id}`);
    expect((await gql(LIST, { u: true }, w.t.handler)).unreadNotificationCount).toBe(before.unreadNotificationCount);
    expect((await ok<any>(mark({ ids: [newest.id] }, w.t.handler))).markNotificationsRead.unreadCount).toBe(before.unreadNotificationCount - 1);
    const after = await gql(LIST, {}, w.t.handler);
    expect(after.notifications.nodes.find((n: any) => n.id === newest.id).read).toBe(true);
    expect((await ok<any>(mark({ all: true }, w.t.handler))).markNotificationsRead.unreadCount).toBe(0);
    expect((await gql(LIST, { u: true }, w.t.handler)).notifications.totalCount).toBe(0);
    expect((await gql(LIST, { u: true }, w.t.reviewer)).unreadNotificationCount).toBe(reviewers.length);
  });

  test('the live feed delivers a new assignment to the people notified, and to no one else', async () => {
    const sub = (token: string) => {
      const c = createClient({
        url: s.url.replace(/^http/, 'ws') + '/graphql',
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        connectionParams: { authorization: `Bearer ${token}` },
        onNonLazyError: () => undefined,
      });
      clients.push(c);
      const events: any[] = [];
      c.subscribe(
        { query: `subscription { notificationAdded { type serialNo title } }` },
        { next: (v) => events.push(v.data ?? v.errors), error: (e) => events.push(e), complete: () => undefined },
      );
      return events;
    };
    const handler = sub(w.t.handler);
    const dispatcher = sub(w.t.dispatcher);
    await new Promise((r) => setTimeout(r, 300));
    const m = await newMessage(w, { title: '通知测试：实时推送' });
    await assign(m.id, 'hn-cs-zjj');
    const end = Date.now() + 5000;
    while (!handler.length && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(handler).toEqual([{ notificationAdded: { type: 'ASSIGNED', serialNo: m.serialNo, title: '通知测试：实时推送' } }]);
    expect(dispatcher).toEqual([]);
  });
});

test('units tell how many units sit below them (a leaf has none)', async () => {
  const roots = (await gql(`{ units(filter: { rootsOnly: true }) { nodes { id childCount } } }`, {}, w.t.admin)).units.nodes;
  const children = (
    await gql(`query($p: ID!) { units(filter: { parentId: $p }, first: 100) { totalCount nodes { id code childCount } } }`, { p: roots[0].id }, w.t.admin)
  ).units;
  expect(roots[0].childCount).toBe(children.totalCount);
  const cs = children.nodes.find((u: any) => u.code === 'hn-cs');
  expect(cs.childCount).toBeGreaterThan(0);
  const below = (await gql(`query($p: ID!) { units(filter: { parentId: $p }, first: 100) { totalCount nodes { code childCount } } }`, { p: cs.id }, w.t.admin))
    .units;
  expect(cs.childCount).toBe(below.totalCount);
  expect(below.nodes.find((u: any) => u.code === 'hn-cs-zjj').childCount).toBe(0);
});

describe('rows written outside the API (an import from an older system, a migration)', () => {
  test('a message or reply whose attachments cell is empty reads as no attachments, not as an error', async () => {
    const m = await newMessage(w);
    await assign(m.id, 'hn-cs-zjj');
    const a = (await leadOf(m.id)).assignments[0];
    await sign(a.id);
    const draft = await gql(
      `mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id } } }`,
      { i: { assignmentId: a.id, kind: 'FINAL', content: '您好！经核查，已安排维修，预计本周内完成。' } },
      w.t.handler,
    );
    await s.app.ds.query(`UPDATE message SET attachments = NULL WHERE id = ?`, [Number(m.id)]);
    await s.app.ds.query(`UPDATE reply SET attachments = NULL WHERE id = ?`, [Number(draft.draftReply.reply.id)]);
    const read = await s.gql(`query($id: ID!) { message(id: $id) { attachments { name } replies { id attachments { name } } } }`, { id: m.id }, w.t.dispatcher);
    expect(read.errors).toBeUndefined();
    expect(read.data.message).toEqual({ attachments: [], replies: [{ id: draft.draftReply.reply.id, attachments: [] }] });
  });
});
