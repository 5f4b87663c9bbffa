/**
 * Archiving (归档, docs/domain.md §3): the archive job archives finished messages the archive period (系统设置, default 30
 * days) after they finished, through the message machine's ARCHIVE row with ARCHIVED in the ledger; an archived message is
 * read-only to everyone (INVALID_TRANSITION, reason ARCHIVED; nothing available), and still listed, found, counted in
 * the statistics and exported.
 */
import { codeOf } from './helpers';
import { mutation, newMessage, ok, worldPerFile } from './workflow-helpers';
import { ActorKind } from '../src/modules/message/message.enums';

const { s, w } = worldPerFile({}, { timeout: 180_000 });

const DAY = 86_400_000;
const MSG = `query($id: ID!) { message(id: $id) { id state version archivedAt availableActions blockedActions { action }
  assignments { id state availableActions blockedActions { action } } replies { id state availableActions }
  timeline(first: 100) { nodes { action actorKind fromState toState } } } }`;
const SETTINGS = `{ archiveSettings { afterDays updatedAt } }`;
const UPDATE = mutation('updateArchiveSettings', 'ArchiveSettingsInput', 'afterDays updatedAt');
const FORM = {
  content: '您好！经核查，该工地夜间施工已被责令停止，我局将持续巡查。感谢您的监督。',
  contactedCitizen: true,
  contactMethod: '电话',
  resolved: true,
};
const shanghaiDay = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
const STATS = `query($p: PeriodInput!) { statistics(period: $p) { key assigned replied received responsesGiven closeRate { numerator denominator } replyRate { numerator denominator } } }`;

/** A message taken all the way: assigned, signed, replied (two reviews), closed by the dispatcher. */
async function closedMessage() {
  const m = await newMessage(w);
  await ok(
    s.gql(mutation('assignMessage', 'AssignMessageInput', 'message { id }'), { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher),
  );
  const a = (await ok(s.gql(MSG, { id: m.id }, w.t.handler))).message.assignments[0];
  await ok(s.gql(mutation('signAssignment', 'AssignmentActionInput', 'assignment { id }'), { i: { assignmentId: a.id } }, w.t.handler));
  const reply = (await ok(s.gql(mutation('draftReply', 'DraftReplyInput', 'reply { id }'), { i: { assignmentId: a.id, kind: 'FINAL', ...FORM } }, w.t.handler)))
    .draftReply.reply;
  await ok(s.gql(mutation('submitReply', 'SubmitReplyInput', 'reply { id }'), { i: { replyId: reply.id } }, w.t.handler));
  await ok(s.gql(mutation('reviewReply', 'ReviewReplyInput', 'reply { state }'), { i: { replyId: reply.id, approve: true } }, w.t.reviewer));
  await ok(s.gql(mutation('reviewReply', 'ReviewReplyInput', 'reply { state }'), { i: { replyId: reply.id, approve: true } }, w.t.dispatcher));
  await ok(s.gql(mutation('closeMessage', 'MessageActionInput', 'message { state }'), { i: { messageId: m.id } }, w.t.dispatcher));
  return { ...m, assignmentId: a.id as string, replyId: reply.id as string };
}

test('the archive period is a setting: 30 days by default, changed by platform admins only, 1-3650', async () => {
  expect((await ok(s.gql(SETTINGS, {}, w.t.dispatcher))).archiveSettings).toEqual({ afterDays: 30, updatedAt: null });
  expect(codeOf(await s.gql(UPDATE, { i: { afterDays: 10 } }, w.t.dispatcher))).toBe('FORBIDDEN');
  expect(codeOf(await s.gql(UPDATE, { i: { afterDays: 0 } }, w.t.admin))).toBe('BAD_USER_INPUT');
  const saved = (await ok(s.gql(UPDATE, { i: { afterDays: 10 } }, w.t.admin))).updateArchiveSettings;
  expect(saved.afterDays).toBe(10);
  expect(saved.updatedAt).toBeTruthy();
  expect((await ok(s.gql(SETTINGS, {}, w.t.supervisor))).archiveSettings.afterDays).toBe(10);
});

test('finished messages are archived the period after they finished, once, and are read-only from then on; still listed, found, counted and exported', async () => {
  await ok(s.gql(UPDATE, { i: { afterDays: 10 } }, w.t.admin));
  const closed = await closedMessage();
  const invalid = await newMessage(w, { title: '与政务无关的广告信息测试' });
  await ok(s.gql(mutation('markMessageInvalid', 'MarkInvalidInput', 'message { state }'), { i: { messageId: invalid.id, reason: 'EMPTY' } }, w.t.dispatcher));
  const open = await newMessage(w, { title: '归档测试：仍在办理的留言' });
  await ok(
    s.gql(mutation('assignMessage', 'AssignMessageInput', 'message { id }'), { i: { messageId: open.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher),
  );

  const period = { from: shanghaiDay(Date.now() - DAY), to: shanghaiDay(Date.now() + DAY) };
  const statsBefore = (await ok(s.gql(STATS, { p: period }, w.t.supervisor))).statistics;
  const before = (await ok(s.gql(MSG, { id: closed.id }, w.t.dispatcher))).message;
  expect(before.availableActions).toContain('REOPEN');

  // Not yet: 9 days after closing, with a period of 10.
  await s.app.services.closing.archiveFinished(new Date(Date.now() + 9 * DAY));
  expect((await ok(s.gql(MSG, { id: closed.id }, w.t.dispatcher))).message.archivedAt).toBeNull();

  // 11 days after: both finished messages are archived; the open one is not.
  const at = new Date(Date.now() + 11 * DAY);
  expect(await s.app.services.closing.archiveFinished(at)).toBeGreaterThanOrEqual(2);
  const after = (await ok(s.gql(MSG, { id: closed.id }, w.t.dispatcher))).message;
  expect(after).toMatchObject({ state: 'CLOSED', archivedAt: at.toISOString(), version: before.version + 1, availableActions: [], blockedActions: [] });
  expect(after.timeline.nodes.at(-1)).toEqual({ action: 'ARCHIVED', actorKind: 'SYSTEM', fromState: 'CLOSED', toState: 'CLOSED' });
  expect((await ok(s.gql(MSG, { id: invalid.id }, w.t.dispatcher))).message).toMatchObject({
    state: 'INVALID',
    archivedAt: at.toISOString(),
    availableActions: [],
  });
  expect((await ok(s.gql(MSG, { id: open.id }, w.t.dispatcher))).message.archivedAt).toBeNull();
  // once: a second run finds nothing more to do with them
  await s.app.services.closing.archiveFinished(new Date(at.getTime() + DAY));
  expect(
    (await ok(s.gql(MSG, { id: closed.id }, w.t.dispatcher))).message.timeline.nodes.filter((e: { action: string }) => e.action === 'ARCHIVED'),
  ).toHaveLength(1);

  // Nothing is offered on it, its assignment or its reply, to anyone.
  for (const token of [w.t.admin, w.t.dispatcher, w.t.supervisor, w.t.handler, w.t.reviewer]) {
    const m = (await ok(s.gql(MSG, { id: closed.id }, token))).message;
    expect(
      [
        m.availableActions,
        m.blockedActions,
        ...m.assignments.map((a: { availableActions: string[] }) => a.availableActions),
        ...m.replies.map((r: { availableActions: string[] }) => r.availableActions),
      ].flat(),
    ).toEqual([]);
  }

  // Every step is refused with INVALID_TRANSITION (reason ARCHIVED) and changes nothing.
  const refusals = [
    s.gql(mutation('reopenMessage', 'MessageReasonInput', 'message { id }'), { i: { messageId: closed.id, reason: '群众再次反映' } }, w.t.dispatcher),
    s.gql(mutation('revealMessagePii', 'MessageActionInput', 'pii { masked }'), { i: { messageId: closed.id } }, w.t.dispatcher),
    s.gql(mutation('urgeMessage', 'SupervisionInput', 'supervision { id }'), { i: { messageId: closed.id, content: '请抓紧办理' } }, w.t.supervisor),
    s.gql(mutation('instructMessage', 'SupervisionInput', 'supervision { id }'), { i: { messageId: closed.id, content: '请高度重视' } }, w.t.admin),
    s.gql(mutation('recordContact', 'RecordContactInput', 'assignment { id }'), { i: { assignmentId: closed.assignmentId, method: '电话' } }, w.t.handler),
    s.gql(mutation('updateReply', 'UpdateReplyInput', 'reply { id }'), { i: { replyId: closed.replyId, ...FORM } }, w.t.handler),
    s.gql(mutation('acceptMessage', 'MessageActionInput', 'message { id }'), { i: { messageId: invalid.id } }, w.t.dispatcher),
  ];
  for (const r of await Promise.all(refusals)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'ARCHIVED' });
  const citizen = { kind: ActorKind.CITIZEN, userId: null, unitId: null };
  await expect(s.app.services.closing.citizenReopen(Number(closed.id), '问题没有解决', citizen)).rejects.toMatchObject({
    extensions: { code: 'INVALID_TRANSITION', reason: 'ARCHIVED' },
  });
  await expect(s.app.services.closing.citizenEvaluate(Number(closed.id), { resolution: 1, attitude: 1, speed: 1 }, citizen)).rejects.toMatchObject({
    extensions: { code: 'INVALID_TRANSITION', reason: 'ARCHIVED' },
  });
  expect((await ok(s.gql(MSG, { id: closed.id }, w.t.dispatcher))).message.version).toBe(after.version);

  // Still listed and found, counted as before, exported.
  const found = (
    await ok(
      s.gql(
        `query($f: MessageFilter) { messages(filter: $f, first: 10) { nodes { serialNo state archivedAt } } }`,
        { f: { keyword: closed.serialNo } },
        w.t.dispatcher,
      ),
    )
  ).messages.nodes;
  expect(found).toEqual([{ serialNo: closed.serialNo, state: 'CLOSED', archivedAt: at.toISOString() }]);
  expect((await ok(s.gql(STATS, { p: period }, w.t.supervisor))).statistics).toEqual(statsBefore);
  const csv = await fetch(`${s.url}/export/messages.csv?states=CLOSED`, { headers: { authorization: `Bearer ${w.t.dispatcher}` } });
  expect(csv.status).toBe(200);
  expect(await csv.text()).toContain(closed.serialNo);
});
