/** Supervision (催办/督办/批示) and waiting for the citizen (挂起: the clock pauses). */
import { codeOf } from './helpers';
import { assignTo, expectCode, newMessage, ok, worldPerFile } from './workflow-helpers';
import { WorkingCalendar } from '../src/modules/calendar';

const { s, w } = worldPerFile(
  {},
  {
    beforeClose: () => {
      s.app.services.workflow.now = () => new Date();
    },
  },
);

async function assigned(): Promise<{ id: string; assignmentId: string }> {
  const m = await newMessage(w, { regionUnitId: w.unit['hn-cs'] });
  await assignTo(w, m.id, 'hn-cs-zjj');
  const a = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id } } }`, { id: m.id }, w.t.handler))).message.assignments[0].id;
  return { id: m.id, assignmentId: a };
}

test('urge, supervise with a due date, the unit responds; a leader instructs; all in the ledger and on the message', async () => {
  const { id, assignmentId } = await assigned();
  await ok(
    s.gql(
      `mutation($i: SupervisionInput!) { urgeMessage(input: $i) { supervision { id } } }`,
      { i: { messageId: id, content: '请加快办理进度' } },
      w.t.supervisor,
    ),
  );
  const dueAt = new Date(Date.now() + 3 * 86400_000).toISOString();
  const sup = (
    await ok(
      s.gql(
        `mutation($i: SuperviseInput!) { superviseMessage(input: $i) { supervision { id kind dueAt } } }`,
        { i: { messageId: id, content: '请于三日内反馈办理情况', dueAt } },
        w.t.supervisor,
      ),
    )
  ).superviseMessage.supervision;
  expect(sup.kind).toBe('SUPERVISE');
  await expectCode(
    s.gql(
      `mutation($i: SuperviseInput!) { superviseMessage(input: $i) { supervision { id } } }`,
      { i: { messageId: id, content: '过去的期限', dueAt: new Date(Date.now() - 1000).toISOString() } },
      w.t.supervisor,
    ),
    'BAD_USER_INPUT',
  );
  // The unit sees RESPOND_SUPERVISION among its actions, answers once.
  const actions = (await ok(s.gql(`query($id: ID!) { assignment(id: $id) { availableActions } }`, { id: assignmentId }, w.t.handler))).assignment
    .availableActions;
  expect(actions).toContain('RESPOND_SUPERVISION');
  const RESPOND = `mutation($i: RespondSupervisionInput!) { respondSupervision(input: $i) { supervision { response respondedAt } } }`;
  await expectCode(s.gql(RESPOND, { i: { supervisionId: sup.id, response: '别的单位来答' } }, w.t.supervisor), 'FORBIDDEN');
  const answered = (await ok(s.gql(RESPOND, { i: { supervisionId: sup.id, response: '已现场核查，正在整改' } }, w.t.handler))).respondSupervision.supervision;
  expect(answered.response).toBe('已现场核查，正在整改');
  await expectCode(s.gql(RESPOND, { i: { supervisionId: sup.id, response: '再答一次' } }, w.t.handler), 'INVALID_TRANSITION');
  // The leader of 长沙市 instructs on a message about their city.
  await ok(
    s.gql(
      `mutation($i: SupervisionInput!) { instructMessage(input: $i) { supervision { id } } }`,
      { i: { messageId: id, content: '请市住建局高度重视，尽快办结。' } },
      w.t.leader,
    ),
  );
  const d = (await ok(s.gql(`query($id: ID!) { message(id: $id) { supervisions { kind content } timeline { nodes { action } } } }`, { id }, w.t.handler)))
    .message;
  expect(d.supervisions.map((x: any) => x.kind)).toEqual(['URGE', 'SUPERVISE', 'INSTRUCTION']);
  expect(d.timeline.nodes.map((e: any) => e.action)).toEqual(expect.arrayContaining(['URGED', 'SUPERVISED', 'SUPERVISION_ANSWERED', 'INSTRUCTED']));
  // A handler may neither urge nor instruct.
  await expectCode(
    s.gql(`mutation($i: SupervisionInput!) { urgeMessage(input: $i) { supervision { id } } }`, { i: { messageId: id, content: '自己催自己' } }, w.t.handler),
    'FORBIDDEN',
  );
});

test('waiting for the citizen pauses the clock: resuming moves the deadline by the working days paused', async () => {
  const { id, assignmentId } = await assigned();
  await ok(s.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId } }, w.t.handler));
  const before = (await ok(s.gql(`query($id: ID!) { message(id: $id) { replyDueAt } }`, { id }, w.t.handler))).message.replyDueAt;
  // Hold on Monday 2026-12-07 10:00 Shanghai, resume on Thursday 2026-12-10 10:00: 3 working days paused.
  s.app.services.workflow.now = () => new Date('2026-12-07T02:00:00Z');
  await ok(
    s.gql(
      `mutation($i: MessageReasonInput!) { holdMessage(input: $i) { message { onHoldSince } } }`,
      { i: { messageId: id, reason: '请群众补充现场照片' } },
      w.t.handler,
    ),
  );
  // While on hold no reply can be drafted.
  const draft = await s.gql(
    `mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id } } }`,
    { i: { assignmentId, kind: 'FINAL', content: '挂起期间不能答复的测试内容。', contactedCitizen: false, resolved: false } },
    w.t.handler,
  );
  expect(codeOf(draft)).toBe('INVALID_TRANSITION');
  s.app.services.workflow.now = () => new Date('2026-12-10T02:00:00Z');
  const resumed = (
    await ok(
      s.gql(
        `mutation($i: MessageReasonInput!) { resumeMessage(input: $i) { message { onHoldSince replyDueAt } } }`,
        { i: { messageId: id, reason: '群众已补充材料' } },
        w.t.handler,
      ),
    )
  ).resumeMessage.message;
  s.app.services.workflow.now = () => new Date();
  expect(resumed.onHoldSince).toBeNull();
  const cal = new WorkingCalendar();
  expect(resumed.replyDueAt).toBe(cal.extendBy(new Date(before), 3).toISOString());
  const events = (await ok(s.gql(`query($id: ID!) { message(id: $id) { timeline { nodes { action } } } }`, { id }, w.t.handler))).message.timeline.nodes.map(
    (e: any) => e.action,
  );
  expect(events).toEqual(expect.arrayContaining(['ON_HOLD', 'RESUMED']));
});
