/**
 * Separation of duties (issue 13): whoever wrote a reply (drafted or edited it) may not approve it at any level.
 * A unit reviewer cannot sign off its own draft, a dispatcher cannot publish its own direct answer (直办): somebody
 * else has to. `availableActions` never offers the author an approval; refused approvals change nothing.
 */
import { codeOf } from './helpers';
import { assignTo, newMessage, ok, userIn, worldPerFile } from './workflow-helpers';

let reviewer2: string;
let dispatcher2: string;

const REPLY = 'reply { id state availableActions }';
const M = (name: string, type: string, select = REPLY) => `mutation($i: ${type}!) { ${name}(input: $i) { ${select} } }`;
const FORM = { content: '您好！经核实，您反映的问题已安排整改，感谢您的监督。', contactedCitizen: true, resolved: true };
const review = (replyId: string, token: string, approve = true) =>
  s.gql(M('reviewReply', 'ReviewReplyInput'), { i: { replyId, approve, ...(approve ? {} : { comment: '请补充整改时限' }) } }, token);
const stateOf = async (replyId: string, messageId: string) =>
  (await ok(s.gql(`query($id: ID!) { message(id: $id) { state replies { id state } } }`, { id: messageId }, w.t.admin))).message;
const actionsOf = async (messageId: string, replyId: string, token: string) =>
  (await ok(s.gql(`query($id: ID!) { message(id: $id) { replies { id availableActions } } }`, { id: messageId }, token))).message.replies.find(
    (r: any) => r.id === replyId,
  ).availableActions;

const { s, w } = worldPerFile();
beforeAll(async () => {
  reviewer2 = await userIn(w, 'zjj.reviewer2', 'UNIT_REVIEWER', 'hn-cs-zjj');
  dispatcher2 = await userIn(w, 'dispatcher2', 'DISPATCHER', 'hn');
});

/** A message assigned to 长沙市住建局 and signed for; returns its lead assignment. */
async function assigned() {
  const m = await newMessage(w, { regionUnitId: w.unit['hn-cs'] });
  await assignTo(w, m.id, 'hn-cs-zjj');
  const a = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id } } }`, { id: m.id }, w.t.dispatcher))).message.assignments[0].id;
  await ok(s.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: a } }, w.t.handler));
  return { messageId: m.id, assignmentId: a };
}

test('a unit reviewer cannot approve the reply it drafted; another reviewer can', async () => {
  const { messageId, assignmentId } = await assigned();
  const r = (await ok(s.gql(M('draftReply', 'DraftReplyInput'), { i: { assignmentId, kind: 'FINAL', ...FORM } }, w.t.reviewer))).draftReply.reply;
  expect((await ok(s.gql(M('submitReply', 'SubmitReplyInput'), { i: { replyId: r.id } }, w.t.reviewer))).submitReply.reply.state).toBe('UNIT_REVIEW');
  // Not offered, and refused: FORBIDDEN (the reviewer sees the reply, it may not do this), nothing changes.
  expect(await actionsOf(messageId, r.id, w.t.reviewer)).not.toContain('UNIT_APPROVE');
  const refused = await review(r.id, w.t.reviewer);
  expect(codeOf(refused)).toBe('FORBIDDEN');
  expect(refused.errors?.[0].message).toMatch(/自己/);
  expect((await stateOf(r.id, messageId)).replies).toEqual([{ id: r.id, state: 'UNIT_REVIEW' }]);
  // Another reviewer of the unit signs off; then the platform publishes.
  expect(await actionsOf(messageId, r.id, reviewer2)).toContain('UNIT_APPROVE');
  expect((await ok(review(r.id, reviewer2))).reviewReply.reply.state).toBe('PLATFORM_REVIEW');
  expect((await ok(review(r.id, w.t.dispatcher))).reviewReply.reply.state).toBe('PUBLISHED');
  expect((await stateOf(r.id, messageId)).state).toBe('REPLIED');
});

test('whoever edited a draft counts as its author too', async () => {
  const { messageId, assignmentId } = await assigned();
  const r = (await ok(s.gql(M('draftReply', 'DraftReplyInput'), { i: { assignmentId, kind: 'FINAL', ...FORM } }, w.t.handler))).draftReply.reply;
  await ok(s.gql(M('updateReply', 'UpdateReplyInput'), { i: { replyId: r.id, ...FORM, content: `${FORM.content}整改将在三日内完成。` } }, w.t.reviewer));
  await ok(s.gql(M('submitReply', 'SubmitReplyInput'), { i: { replyId: r.id } }, w.t.handler));
  expect(await actionsOf(messageId, r.id, w.t.reviewer)).not.toContain('UNIT_APPROVE');
  expect(codeOf(await review(r.id, w.t.reviewer))).toBe('FORBIDDEN');
  expect((await ok(review(r.id, reviewer2))).reviewReply.reply.state).toBe('PLATFORM_REVIEW');
  // A draft written before writers were recorded counts its author (nobody else is known to have written it).
  const legacy = await assigned();
  const l = (await ok(s.gql(M('draftReply', 'DraftReplyInput'), { i: { assignmentId: legacy.assignmentId, kind: 'FINAL', ...FORM } }, w.t.reviewer))).draftReply
    .reply;
  await s.app.ds.query(`UPDATE reply SET writerIds = NULL WHERE id = ${Number(l.id)}`);
  await ok(s.gql(M('submitReply', 'SubmitReplyInput'), { i: { replyId: l.id } }, w.t.reviewer));
  expect(codeOf(await review(l.id, w.t.reviewer))).toBe('FORBIDDEN');
});

test('a dispatcher cannot publish its own direct answer (直办); another platform user can', async () => {
  const m = await newMessage(w, {
    type: 'CONSULT',
    title: '咨询新生儿医保办理流程',
    content: '请问新生儿医保在哪里办理，需要准备哪些材料，可以网上办理吗？谢谢。',
  });
  const r = (await ok(s.gql(M('directAnswer', 'DirectAnswerInput'), { i: { messageId: m.id, ...FORM } }, w.t.dispatcher))).directAnswer.reply;
  expect((await ok(s.gql(M('submitReply', 'SubmitReplyInput'), { i: { replyId: r.id } }, w.t.dispatcher))).submitReply.reply.state).toBe('PLATFORM_REVIEW');
  const mine = await actionsOf(m.id, r.id, w.t.dispatcher);
  expect(mine).not.toContain('PLATFORM_APPROVE');
  expect(mine).toContain('PLATFORM_REJECT'); // sending one's own draft back publishes nothing
  expect(codeOf(await review(r.id, w.t.dispatcher))).toBe('FORBIDDEN');
  expect(await stateOf(r.id, m.id)).toEqual({ state: 'ACCEPTED', replies: [{ id: r.id, state: 'PLATFORM_REVIEW' }] });
  // An administrator who edited it is an author as well; a second dispatcher publishes.
  await ok(review(r.id, w.t.dispatcher, false));
  await ok(s.gql(M('updateReply', 'UpdateReplyInput'), { i: { replyId: r.id, ...FORM, content: `${FORM.content}可通过湘医保小程序在线办理。` } }, w.t.admin));
  await ok(s.gql(M('submitReply', 'SubmitReplyInput'), { i: { replyId: r.id } }, w.t.dispatcher));
  expect(await actionsOf(m.id, r.id, w.t.admin)).not.toContain('PLATFORM_APPROVE');
  expect(codeOf(await review(r.id, w.t.admin))).toBe('FORBIDDEN');
  expect(await actionsOf(m.id, r.id, dispatcher2)).toContain('PLATFORM_APPROVE');
  expect((await ok(review(r.id, dispatcher2))).reviewReply.reply.state).toBe('PUBLISHED');
  expect((await stateOf(r.id, m.id)).state).toBe('REPLIED');
});

test("the review queue's rows do not offer the author an approval either", async () => {
  const { assignmentId } = await assigned();
  const r = (await ok(s.gql(M('draftReply', 'DraftReplyInput'), { i: { assignmentId, kind: 'PROGRESS', ...FORM } }, w.t.reviewer))).draftReply.reply;
  await ok(s.gql(M('submitReply', 'SubmitReplyInput'), { i: { replyId: r.id } }, w.t.reviewer));
  const QUEUE = `{ reviewQueue(first: 100) { nodes { id availableActions } } }`;
  const row = (t: string) => ok(s.gql(QUEUE, {}, t)).then((d) => d.reviewQueue.nodes.find((n: any) => n.id === r.id));
  expect((await row(w.t.reviewer)).availableActions).toEqual(['UNIT_REJECT']);
  // Another reviewer may approve it (and revise its text first: 审核修改); its writer may do neither.
  expect((await row(reviewer2)).availableActions).toEqual(['UNIT_APPROVE', 'UNIT_REJECT', 'REVISE']);
});
