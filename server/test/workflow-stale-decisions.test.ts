/**
 * Decisions left pending while the work moved on (docs/domain.md §4, §5), through the API: once the message is
 * answered, the lead unit's return request can only be refused (approving it would send an answered message back to
 * screening); the reply of a withdrawn or returned assignment can only be sent back (approving an assist opinion would
 * turn the withdrawn assignment into 已出具意见). Neither is offered in availableActions, and taking it is refused.
 */
import { codeOf } from './helpers';
import { mutation, newMessage, ok, userIn, worldPerFile } from './workflow-helpers';

let childHandler: string;

const ASSIGN = mutation('assignMessage', 'AssignMessageInput', 'message { state }');
const SIGN = mutation('signAssignment', 'AssignmentActionInput', 'assignment { state }');
const DRAFT = mutation('draftReply', 'DraftReplyInput', 'reply { id state }');
const SUBMIT = mutation('submitReply', 'SubmitReplyInput', 'reply { id state }');
const REVIEW = mutation('reviewReply', 'ReviewReplyInput', 'reply { id state }');
const REQUEST_RETURN = mutation('requestReturn', 'AssignmentReasonInput', 'assignment { state }');
const DECIDE_RETURN = mutation('decideReturn', 'DecisionInput', 'assignment { state }');
const CANCEL = mutation('cancelAssignment', 'AssignmentReasonInput', 'assignment { state }');
const MSG = `query($id: ID!) { message(id: $id) { state assignments { id role state unit { id } availableActions } replies { id kind state availableActions } } }`;
const msg = async (id: string, token = w.t.dispatcher) => (await ok(s.gql(MSG, { id }, token))).message;

const FORM = {
  content: '您好！经核查，该工地夜间施工未办理夜间施工许可，我局已责令其立即停止夜间施工，并将加强巡查。感谢您的监督。',
  contactedCitizen: true,
  contactMethod: '电话',
  resolved: true,
};

/** Drafts and submits a reply, then approves it at every level it waits at until it is published or approved. */
async function reviewUntil(replyId: string, reviewers: string[]) {
  let state = (await ok(s.gql(SUBMIT, { i: { replyId } }, reviewers[0]))).submitReply.reply.state;
  for (const token of reviewers.slice(1)) {
    if (state === 'APPROVED' || state === 'PUBLISHED') break;
    state = (await ok(s.gql(REVIEW, { i: { replyId, approve: true } }, token))).reviewReply.reply.state;
  }
  return state;
}

const { s, w } = worldPerFile();
beforeAll(async () => {
  childHandler = await userIn(w, 'wy.handler', 'UNIT_HANDLER', 'hn-cs-zjj-wy', 'hn-cs-zjj');
});

test("once the message is answered, the lead unit's pending return can only be refused", async () => {
  const m = await newMessage(w);
  await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
  const lead = (await msg(m.id)).assignments[0];
  await ok(s.gql(SIGN, { i: { assignmentId: lead.id } }, w.t.handler));
  const final = (await ok(s.gql(DRAFT, { i: { assignmentId: lead.id, kind: 'FINAL', ...FORM } }, w.t.handler))).draftReply.reply;
  // submitted and signed off by the unit, then the unit asks to return it while the platform reviews the reply
  expect(await reviewUntil(final.id, [w.t.handler, w.t.reviewer])).toBe('PLATFORM_REVIEW');
  await ok(s.gql(REQUEST_RETURN, { i: { assignmentId: lead.id, reason: '经核实该事项不属于住建部门职责' } }, w.t.handler));
  expect((await ok(s.gql(REVIEW, { i: { replyId: final.id, approve: true } }, w.t.dispatcher))).reviewReply.reply.state).toBe('PUBLISHED');

  const answered = await msg(m.id);
  expect(answered.state).toBe('REPLIED');
  expect(answered.assignments[0].state).toBe('RETURN_REQUESTED');
  expect(answered.assignments[0].availableActions).not.toContain('APPROVE_RETURN');
  expect(answered.assignments[0].availableActions).toContain('REJECT_RETURN');

  const approve = await s.gql(DECIDE_RETURN, { i: { assignmentId: lead.id, approve: true } }, w.t.dispatcher);
  expect(codeOf(approve)).toBe('INVALID_TRANSITION');
  expect(approve.errors?.[0]?.extensions?.reason).toBe('MESSAGE_NOT_OPEN');
  expect((await msg(m.id)).state).toBe('REPLIED');

  // refusing it still works
  const refused = await ok(s.gql(DECIDE_RETURN, { i: { assignmentId: lead.id, approve: false, comment: '已答复，无需退单' } }, w.t.dispatcher));
  expect(refused.decideReturn.assignment.state).toBe('SIGNED');
  expect((await msg(m.id)).state).toBe('REPLIED');
});

test.each([
  ['withdrawn', 'CANCELLED'],
  ['returned', 'RETURNED'],
])("a %s assist assignment's opinion can no longer be approved, only sent back", async (_how, leftState) => {
  const m = await newMessage(w);
  // the assisting unit is a unit below the lead unit, so the lead unit's reviewer still reaches the message and the opinion
  await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'], assistUnitIds: [w.unit['hn-cs-zjj-wy']] } }, w.t.dispatcher));
  const assist = (await msg(m.id)).assignments.find((a: any) => a.role === 'ASSIST');
  await ok(s.gql(SIGN, { i: { assignmentId: assist.id } }, childHandler));
  const opinion = (
    await ok(
      s.gql(
        DRAFT,
        { i: { assignmentId: assist.id, kind: 'ASSIST_OPINION', ...FORM, content: '物业科意见：已督促物业公司加强夜间巡查并劝阻施工。' } },
        childHandler,
      ),
    )
  ).draftReply.reply;
  expect((await ok(s.gql(SUBMIT, { i: { replyId: opinion.id } }, childHandler))).submitReply.reply.state).toBe('UNIT_REVIEW');

  if (leftState === 'CANCELLED') {
    await ok(s.gql(CANCEL, { i: { assignmentId: assist.id, reason: '该事项无需物业科协办' } }, w.t.dispatcher));
  } else {
    await ok(s.gql(REQUEST_RETURN, { i: { assignmentId: assist.id, reason: '该事项不属于物业科职责' } }, childHandler));
    await ok(s.gql(DECIDE_RETURN, { i: { assignmentId: assist.id, approve: true } }, w.t.dispatcher));
  }

  const seen = await msg(m.id, w.t.reviewer);
  expect(seen.assignments.find((a: any) => a.id === assist.id).state).toBe(leftState);
  const reply = seen.replies.find((r: any) => r.id === opinion.id);
  expect(reply.state).toBe('UNIT_REVIEW');
  expect(reply.availableActions).not.toContain('UNIT_APPROVE');
  expect(reply.availableActions).toContain('UNIT_REJECT');

  const approve = await s.gql(REVIEW, { i: { replyId: opinion.id, approve: true } }, w.t.reviewer);
  expect(codeOf(approve)).toBe('INVALID_TRANSITION');
  expect(approve.errors?.[0]?.extensions?.reason).toBe('ASSIGNMENT_LEFT');
  const after = await msg(m.id);
  expect(after.assignments.find((a: any) => a.id === assist.id).state).toBe(leftState);
  expect(after.replies.find((r: any) => r.id === opinion.id).state).toBe('UNIT_REVIEW');

  // sending it back still works
  expect((await ok(s.gql(REVIEW, { i: { replyId: opinion.id, approve: false, comment: '协办已撤回，意见作废' } }, w.t.reviewer))).reviewReply.reply.state).toBe(
    'REJECTED',
  );
});
