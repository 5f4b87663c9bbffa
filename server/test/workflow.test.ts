/**
 * The whole 留言办理 path end to end through the API (issue 4's main bar), with the ledger checked at the end,
 * plus the side paths: invalid, merge, return and reassign, direct answer, auto-close.
 */
import { expectCode, mutation, newMessage, ok, userIn, worldPerFile } from './workflow-helpers';
import { ActorKind } from '../src/modules/message/message.enums';

let assistHandler: string;
let assistReviewer: string;
let childHandler: string;

const MSG = `query($id: ID!) { message(id: $id) { id state version leadUnit { code } replyDueAt firstResponseAt repliedAt closedAt reopenCount availableActions warningLevel
  pii { realName phone idNumber masked }
  assignments { id role state parentId unit { code } replyDueAt extensionCount availableActions }
  replies { id kind state rejectionCount }
  evaluations { overall band satisfied source }
  timeline(first: 100) { totalCount nodes { action fromState toState actorKind } } } }`;
const msg = async (id: string, token = w.t.dispatcher) => (await ok(s.gql(MSG, { id }, token))).message;

const ACCEPT = mutation('acceptMessage', 'MessageActionInput', 'message { state }');
const ASSIGN = mutation('assignMessage', 'AssignMessageInput', 'message { state leadUnit { code } }');
const SIGN = mutation('signAssignment', 'AssignmentActionInput', 'assignment { state }');
const DELEGATE = mutation('delegateAssignment', 'DelegateInput', 'assignment { id }');
const DRAFT = mutation('draftReply', 'DraftReplyInput', 'reply { id state kind }');
const SUBMIT = mutation('submitReply', 'SubmitReplyInput', 'reply { id state }');
const REVIEW = mutation('reviewReply', 'ReviewReplyInput', 'reply { id state rejectionCount reviewComment }');
const UPDATE_REPLY = mutation('updateReply', 'UpdateReplyInput', 'reply { id state }');
const REQ_EXT = mutation('requestExtension', 'RequestExtensionInput', 'assignment { id }');
const DEC_EXT = mutation('decideExtension', 'DecisionInput', 'assignment { replyDueAt extensionCount }');
const CLOSE = mutation('closeMessage', 'MessageActionInput', 'message { state }');
const REVEAL = mutation('revealMessagePii', 'MessageActionInput', 'pii { realName phone idNumber masked }');

const FORM = {
  content: '您好！经核查，该工地夜间施工未办理夜间施工许可，我局已责令其立即停止夜间施工，并将加强巡查。感谢您的监督。',
  contactedCitizen: true,
  contactMethod: '电话',
  resolved: true,
};

const { s, w } = worldPerFile();
beforeAll(async () => {
  assistHandler = await userIn(w, 'jtj.handler', 'UNIT_HANDLER', 'hn-cs-jtj');
  assistReviewer = await userIn(w, 'jtj.reviewer', 'UNIT_REVIEWER', 'hn-cs-jtj');
  childHandler = await userIn(w, 'wy.handler', 'UNIT_HANDLER', 'hn-cs-zjj-wy', 'hn-cs-zjj');
});

test('accept → assign (+assist) → sign → delegate → progress → extension → final rejected, corrected, approved twice → published → rated dissatisfied → reopened → replied again → closed', async () => {
  const m = await newMessage(w);
  expect((await msg(m.id)).availableActions).toEqual(expect.arrayContaining(['ACCEPT', 'MARK_INVALID', 'MERGE', 'ASSIGN']));
  // Private data is masked even for the dispatcher until revealed.
  expect((await msg(m.id)).pii).toEqual({ realName: '张**', phone: '138****5678', idNumber: '4301**********1234', masked: true });

  await ok(s.gql(ACCEPT, { i: { messageId: m.id } }, w.t.dispatcher));
  const assigned = await ok(
    s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'], assistUnitIds: [w.unit['hn-cs-jtj']], note: '请依法处理' } }, w.t.dispatcher),
  );
  expect(assigned.assignMessage.message).toEqual({ state: 'ASSIGNED', leadUnit: { code: 'hn-cs-zjj' } });

  let detail = await msg(m.id, w.t.handler);
  const lead = detail.assignments.find((a: any) => a.role === 'LEAD');
  const assist = detail.assignments.find((a: any) => a.role === 'ASSIST');
  expect(lead.availableActions).toEqual(expect.arrayContaining(['SIGN', 'REQUEST_RETURN']));
  expect(lead.availableActions).not.toContain('DRAFT_REPLY');
  // The lead handler cannot act on the assist unit's assignment.
  expect(detail.assignments.find((a: any) => a.role === 'ASSIST').availableActions).toEqual([]);

  expect((await ok(s.gql(SIGN, { i: { assignmentId: lead.id } }, w.t.handler))).signAssignment.assignment.state).toBe('SIGNED');
  expect((await msg(m.id)).state).toBe('IN_PROGRESS');
  await ok(s.gql(SIGN, { i: { assignmentId: assist.id } }, assistHandler));

  // 下派 to a unit below; the child unit sees it, signs it; the parent stays responsible.
  await ok(s.gql(DELEGATE, { i: { assignmentId: lead.id, unitId: w.unit['hn-cs-zjj-wy'], note: '请物业科核实' } }, w.t.handler));
  detail = await msg(m.id, childHandler);
  const child = detail.assignments.find((a: any) => a.parentId === lead.id);
  expect(child.unit.code).toBe('hn-cs-zjj-wy');
  await ok(s.gql(SIGN, { i: { assignmentId: child.id } }, childHandler));

  // Progress reply (阶段性答复): unit review then platform review; it is the first response.
  const progress = (
    await ok(
      s.gql(DRAFT, { i: { assignmentId: lead.id, kind: 'PROGRESS', ...FORM, content: '您好！您反映的问题已收悉，我局正在核查，将尽快答复。' } }, w.t.handler),
    )
  ).draftReply.reply;
  expect((await ok(s.gql(SUBMIT, { i: { replyId: progress.id } }, w.t.handler))).submitReply.reply.state).toBe('UNIT_REVIEW');
  expect((await ok(s.gql(REVIEW, { i: { replyId: progress.id, approve: true } }, w.t.reviewer))).reviewReply.reply.state).toBe('PLATFORM_REVIEW');
  expect((await ok(s.gql(REVIEW, { i: { replyId: progress.id, approve: true } }, w.t.dispatcher))).reviewReply.reply.state).toBe('APPROVED');
  expect((await msg(m.id)).firstResponseAt).toBeTruthy();

  // 延期: asked before the deadline, granted by the dispatcher: the due date moves later.
  const before = (await msg(m.id)).replyDueAt;
  await ok(s.gql(REQ_EXT, { i: { assignmentId: lead.id, days: 5, reason: '需协调多部门联合执法' } }, w.t.handler));
  await expectCode(s.gql(REQ_EXT, { i: { assignmentId: lead.id, days: 5, reason: '再次申请' } }, w.t.handler), 'INVALID_TRANSITION');
  const ext = await ok(s.gql(DEC_EXT, { i: { assignmentId: lead.id, approve: true, comment: '同意延期' } }, w.t.dispatcher));
  expect(ext.decideExtension.assignment.extensionCount).toBe(1);
  expect(new Date(ext.decideExtension.assignment.replyDueAt).getTime()).toBeGreaterThan(new Date(before).getTime());
  expect((await msg(m.id)).replyDueAt).toBe(ext.decideExtension.assignment.replyDueAt);

  // Final reply: the platform refuses it while the assist opinion is missing.
  const final = (await ok(s.gql(DRAFT, { i: { assignmentId: lead.id, kind: 'FINAL', ...FORM } }, w.t.handler))).draftReply.reply;
  await ok(s.gql(SUBMIT, { i: { replyId: final.id } }, w.t.handler));
  const rejected = await ok(s.gql(REVIEW, { i: { replyId: final.id, approve: false, comment: '请补充处理结果和整改时限' } }, w.t.reviewer));
  expect(rejected.reviewReply.reply).toMatchObject({ state: 'REJECTED', rejectionCount: 1, reviewComment: '请补充处理结果和整改时限' });
  await ok(s.gql(UPDATE_REPLY, { i: { replyId: final.id, ...FORM, content: `${FORM.content}整改期限为三日，届时我局将复查。` } }, w.t.handler));
  await ok(s.gql(SUBMIT, { i: { replyId: final.id } }, w.t.handler));
  await ok(s.gql(REVIEW, { i: { replyId: final.id, approve: true, comment: '同意' } }, w.t.reviewer));
  await expectCode(s.gql(REVIEW, { i: { replyId: final.id, approve: true } }, w.t.dispatcher), 'INVALID_TRANSITION');

  // The assist unit gives its opinion (unit review only), then the final reply passes.
  const opinion = (
    await ok(
      s.gql(
        DRAFT,
        { i: { assignmentId: assist.id, kind: 'ASSIST_OPINION', ...FORM, content: '交通局意见：该路段夜间渣土车通行已纳入联合整治。' } },
        assistHandler,
      ),
    )
  ).draftReply.reply;
  await ok(s.gql(SUBMIT, { i: { replyId: opinion.id } }, assistHandler));
  expect((await ok(s.gql(REVIEW, { i: { replyId: opinion.id, approve: true } }, assistReviewer))).reviewReply.reply.state).toBe('APPROVED');
  expect((await ok(s.gql(REVIEW, { i: { replyId: final.id, approve: true } }, w.t.dispatcher))).reviewReply.reply.state).toBe('PUBLISHED');

  detail = await msg(m.id);
  expect(detail.state).toBe('REPLIED');
  expect(detail.repliedAt).toBeTruthy();
  expect(detail.assignments.find((a: any) => a.id === lead.id).state).toBe('REPLIED');

  // The citizen rates it dissatisfied and asks for a redo (once).
  const id = Number(m.id);
  const citizen = { kind: ActorKind.CITIZEN, userId: null, unitId: null };
  await s.app.services.closing.citizenEvaluate(id, { resolution: 1, attitude: 2, speed: 2, comment: '问题没有解决' }, citizen);
  detail = await msg(m.id);
  expect(detail.state).toBe('CLOSED');
  expect(detail.evaluations[0]).toMatchObject({ band: 'DISSATISFIED', satisfied: false, source: 'CITIZEN' });
  expect(detail.evaluations[0].overall).toBeCloseTo(5 / 3, 2);
  await s.app.services.closing.citizenReopen(id, '施工仍在继续', citizen);
  detail = await msg(m.id);
  expect(detail).toMatchObject({ state: 'IN_PROGRESS', reopenCount: 1 });
  expect(detail.assignments.find((a: any) => a.id === lead.id).state).toBe('SIGNED');

  // Replied again, approved twice, then closed by the dispatcher.
  const again = (
    await ok(
      s.gql(
        DRAFT,
        { i: { assignmentId: lead.id, kind: 'FINAL', ...FORM, content: '您好！我局已对该工地立案处罚，夜间施工已停止，后续将持续巡查。' } },
        w.t.handler,
      ),
    )
  ).draftReply.reply;
  await ok(s.gql(SUBMIT, { i: { replyId: again.id } }, w.t.handler));
  await ok(s.gql(REVIEW, { i: { replyId: again.id, approve: true } }, w.t.reviewer));
  await ok(s.gql(REVIEW, { i: { replyId: again.id, approve: true } }, w.t.dispatcher));
  expect((await msg(m.id)).state).toBe('REPLIED');
  await expect(s.app.services.closing.citizenReopen(id, '再次申请', citizen)).rejects.toMatchObject({
    extensions: { code: 'INVALID_TRANSITION', reason: 'REDO_USED' },
  });
  expect((await ok(s.gql(CLOSE, { i: { messageId: m.id } }, w.t.dispatcher))).closeMessage.message.state).toBe('CLOSED');

  // The ledger tells the whole story, in order.
  const actions = (await msg(m.id)).timeline.nodes.map((e: any) => e.action);
  expect(actions).toEqual([
    'CREATED',
    'ACCEPTED',
    'ASSIGNED',
    'SIGNED',
    'SIGNED',
    'DELEGATED',
    'SIGNED',
    'REPLY_DRAFTED',
    'REPLY_SUBMITTED',
    'REPLY_APPROVED',
    'REPLY_APPROVED',
    'PROGRESS_REPLIED',
    'EXTENSION_REQUESTED',
    'EXTENSION_APPROVED',
    'REPLY_DRAFTED',
    'REPLY_SUBMITTED',
    'REPLY_REJECTED',
    'REPLY_EDITED',
    'REPLY_SUBMITTED',
    'REPLY_APPROVED',
    'REPLY_DRAFTED',
    'REPLY_SUBMITTED',
    'REPLY_APPROVED',
    'ASSIST_OPINION_GIVEN',
    'REPLY_APPROVED',
    'REPLY_PUBLISHED',
    'EVALUATED',
    'CLOSED',
    'REOPENED',
    'REPLY_DRAFTED',
    'REPLY_SUBMITTED',
    'REPLY_APPROVED',
    'REPLY_APPROVED',
    'REPLY_PUBLISHED',
    'CLOSED',
  ]);
});

test('PII: revealed to the dispatcher and the lead unit, logged; refused to others', async () => {
  const m = await newMessage(w);
  await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'], assistUnitIds: [w.unit['hn-cs-jtj']] } }, w.t.dispatcher));
  const r = await ok(s.gql(REVEAL, { i: { messageId: m.id } }, w.t.handler));
  expect(r.revealMessagePii.pii).toEqual({ realName: '张三丰', phone: '13812345678', idNumber: '430104199001011234', masked: false });
  await ok(s.gql(REVEAL, { i: { messageId: m.id } }, w.t.dispatcher));
  await expectCode(s.gql(REVEAL, { i: { messageId: m.id } }, assistHandler), 'FORBIDDEN');
  await expectCode(s.gql(REVEAL, { i: { messageId: m.id } }, w.t.supervisor), 'FORBIDDEN');
  await expectCode(s.gql(REVEAL, { i: { messageId: m.id } }, w.t.leader), 'FORBIDDEN');
  const events = (await msg(m.id)).timeline.nodes.filter((e: any) => e.action === 'PII_VIEWED');
  expect(events).toHaveLength(2);
  // No query returns private data unmasked.
  const listed = await ok(s.gql(`{ messages(first: 50) { nodes { pii { phone realName idNumber } } } }`, {}, w.t.admin));
  expect(JSON.stringify(listed)).not.toContain('13812345678');
  expect(JSON.stringify(listed)).not.toContain('张三丰');
});

test('PII: a reveal is logged but is not a change: the version stays, and an action with the version read before it succeeds', async () => {
  const m = await newMessage(w);
  const before = await msg(m.id);
  await ok(s.gql(REVEAL, { i: { messageId: m.id } }, w.t.dispatcher));
  const after = await msg(m.id);
  expect(after.version).toBe(before.version);
  expect(after.timeline.nodes.map((e: any) => e.action)).toEqual(['CREATED', 'PII_VIEWED']);
  await ok(
    s.gql(mutation('acceptMessage', 'MessageActionInput', 'message { state }'), { i: { messageId: m.id, expectedVersion: before.version } }, w.t.dispatcher),
  );
  expect((await msg(m.id)).state).toBe('ACCEPTED');
});

test('mark invalid, and merge into another message (following merge chains)', async () => {
  const a = await newMessage(w, { title: '广告：专业代办各类证件', content: '专业代办各类证件，价格优惠，联系电话请私信，欢迎咨询合作。' });
  const inv = await ok(
    s.gql(
      mutation('markMessageInvalid', 'MarkInvalidInput', 'message { state invalidReason screeningNote }'),
      { i: { messageId: a.id, reason: 'ADVERTISING', note: '广告信息' } },
      w.t.dispatcher,
    ),
  );
  expect(inv.markMessageInvalid.message).toEqual({ state: 'INVALID', invalidReason: 'ADVERTISING', screeningNote: '广告信息' });
  await expectCode(s.gql(ACCEPT, { i: { messageId: a.id } }, w.t.dispatcher), 'INVALID_TRANSITION');

  const target = await newMessage(w);
  const dup1 = await newMessage(w, { channel: 'WEB' });
  const sug = await ok(s.gql(`query($id: ID!) { message(id: $id) { duplicateSuggestions { id } } }`, { id: dup1.id }, w.t.dispatcher));
  expect(sug.message.duplicateSuggestions.map((x: any) => x.id)).toContain(target.id);
  const MERGE = mutation('mergeMessage', 'MergeMessageInput', 'message { state duplicateOf { id } }');
  expect((await ok(s.gql(MERGE, { i: { messageId: dup1.id, targetMessageId: target.id } }, w.t.dispatcher))).mergeMessage.message).toEqual({
    state: 'MERGED',
    duplicateOf: { id: target.id },
  });
  const dup2 = await newMessage(w, { channel: 'APP' });
  // Merging into a merged message follows it to the live one.
  expect((await ok(s.gql(MERGE, { i: { messageId: dup2.id, targetMessageId: dup1.id } }, w.t.dispatcher))).mergeMessage.message.duplicateOf.id).toBe(target.id);
  await expectCode(s.gql(MERGE, { i: { messageId: target.id, targetMessageId: target.id } }, w.t.dispatcher), 'BAD_USER_INPUT');
});

test('return requested, approved, and the message reassigned to another unit', async () => {
  const m = await newMessage(w);
  await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-jtj'] } }, w.t.dispatcher));
  const a = (await msg(m.id)).assignments[0];
  await ok(
    s.gql(
      mutation('requestReturn', 'AssignmentReasonInput', 'assignment { state }'),
      { i: { assignmentId: a.id, reason: '不属于交通部门职责，应由住建部门办理' } },
      assistHandler,
    ),
  );
  // Refused first, then asked again and approved.
  const DECIDE = mutation('decideReturn', 'DecisionInput', 'assignment { state }');
  await expectCode(s.gql(DECIDE, { i: { assignmentId: a.id, approve: false } }, w.t.dispatcher), 'BAD_USER_INPUT');
  expect((await ok(s.gql(DECIDE, { i: { assignmentId: a.id, approve: false, comment: '请先核实' } }, w.t.dispatcher))).decideReturn.assignment.state).toBe(
    'PENDING',
  );
  await ok(
    s.gql(
      mutation('requestReturn', 'AssignmentReasonInput', 'assignment { state }'),
      { i: { assignmentId: a.id, reason: '已核实，确属住建部门职责' } },
      assistHandler,
    ),
  );
  expect((await ok(s.gql(DECIDE, { i: { assignmentId: a.id, approve: true } }, w.t.dispatcher))).decideReturn.assignment.state).toBe('RETURNED');
  expect((await msg(m.id)).state).toBe('ACCEPTED');
  await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
  const d = await msg(m.id);
  expect(d.leadUnit.code).toBe('hn-cs-zjj');
  expect(d.assignments.map((x: any) => x.state)).toEqual(['RETURNED', 'PENDING']);
  // Reassign (改派) directly from handling.
  const re = await ok(
    s.gql(
      mutation('reassignMessage', 'ReassignMessageInput', 'message { state leadUnit { code } }'),
      { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-jtj'], reason: '调整主办' } },
      w.t.dispatcher,
    ),
  );
  expect(re.reassignMessage.message).toEqual({ state: 'ASSIGNED', leadUnit: { code: 'hn-cs-jtj' } });
});

test('direct answer (直办) of a consultation goes through platform review only', async () => {
  const m = await newMessage(w, {
    type: 'CONSULT',
    title: '咨询新生儿医保办理流程',
    content: '请问新生儿医保在哪里办理，需要准备哪些材料，可以网上办理吗？谢谢。',
  });
  const complaint = await newMessage(w);
  const DIRECT = mutation('directAnswer', 'DirectAnswerInput', 'reply { id state unit { id } }');
  await expectCode(s.gql(DIRECT, { i: { messageId: complaint.id, ...FORM } }, w.t.dispatcher), 'INVALID_TRANSITION');
  const r = (
    await ok(
      s.gql(DIRECT, { i: { messageId: m.id, ...FORM, content: '您好！新生儿医保可通过湘医保小程序在线办理，需提供出生医学证明和户口簿。' } }, w.t.dispatcher),
    )
  ).directAnswer.reply;
  expect(r.unit).toBeNull();
  expect((await ok(s.gql(SUBMIT, { i: { replyId: r.id } }, w.t.dispatcher))).submitReply.reply.state).toBe('PLATFORM_REVIEW');
  // Its author does not publish it (separation of duties); another platform user does.
  await expectCode(s.gql(REVIEW, { i: { replyId: r.id, approve: true } }, w.t.dispatcher), 'FORBIDDEN');
  expect((await ok(s.gql(REVIEW, { i: { replyId: r.id, approve: true } }, w.t.admin))).reviewReply.reply.state).toBe('PUBLISHED');
  const d = await msg(m.id);
  expect(d.state).toBe('REPLIED');
  expect(d.assignments).toEqual([]);
});

test('auto-close: a replied message nobody rated closes after the configured days, once', async () => {
  const m = await newMessage(w, { type: 'CONSULT', title: '咨询公积金提取条件', content: '请问租房提取公积金需要什么条件，每年可以提取几次？' });
  const r = (await ok(s.gql(mutation('directAnswer', 'DirectAnswerInput', 'reply { id }'), { i: { messageId: m.id, ...FORM } }, w.t.dispatcher))).directAnswer
    .reply;
  await ok(s.gql(SUBMIT, { i: { replyId: r.id } }, w.t.dispatcher));
  await ok(s.gql(REVIEW, { i: { replyId: r.id, approve: true } }, w.t.admin));
  expect(await s.app.services.closing.autoClose(new Date(Date.now() + 6 * 86400_000))).toBe(0);
  expect((await msg(m.id)).state).toBe('REPLIED');
  expect(await s.app.services.closing.autoClose(new Date(Date.now() + 8 * 86400_000))).toBeGreaterThanOrEqual(1);
  const d = await msg(m.id);
  expect(d.state).toBe('CLOSED');
  expect(d.timeline.nodes.filter((e: any) => e.action === 'CLOSED')).toEqual([
    { action: 'CLOSED', fromState: 'REPLIED', toState: 'CLOSED', actorKind: 'SYSTEM' },
  ]);
  expect(await s.app.services.closing.autoClose(new Date(Date.now() + 9 * 86400_000))).toBe(0);
});
