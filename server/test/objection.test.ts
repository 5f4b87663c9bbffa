/**
 * 派单异议 (issue 16, docs/knowledge.md): a unit objects to an assignment with a reason (a transition of the declared
 * assignment table, a ledger row); the dispatcher upholds it (the lead assignment goes to the unit decided, as a
 * reassignment) or rejects it (the unit keeps it); a unit the dispatch catalogue names for the matter does not
 * object; objections raised and upheld are counted per unit.
 */
import { codeOf } from './helpers';
import { expectCode, newMessage, ok, userIn, worldPerFile } from './workflow-helpers';

jest.setTimeout(120_000);

const { s, w } = worldPerFile();

const MSG = `query($id: ID!) { message(id: $id) { state version leadUnit { id } assignments { id role state unit { id } availableActions blockedActions { action reason params }
  objections { id state reason proposedUnitId newUnitId decisionNote } } timeline(first: 50) { nodes { action assignmentId payload } } } }`;
const ASSIGN = `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id version } } }`;
const OBJECT = `mutation($i: ObjectionInput!) { objectToAssignment(input: $i) { assignment { id state } } }`;
const DECIDE = `mutation($i: ObjectionDecisionInput!) { decideObjection(input: $i) { assignment { id state } } }`;
const STATS = `query($p: PeriodInput!) { objectionStatistics(period: $p) { unit { id } raised upheld rejected pending upheldRate } }`;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function assigned(lead: string, assists: string[] = [], extra: Record<string, unknown> = {}) {
  const m = await newMessage(w, extra);
  await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit[lead], assistUnitIds: assists.map((a) => w.unit[a]) } }, w.t.dispatcher));
  return m.id as string;
}
const detail = async (id: string, who = 'dispatcher') => (await ok(s.gql(MSG, { id }, w.t[who]))).message;

test('a unit objects; the dispatcher upholds: the lead assignment goes to the unit decided, with the ledger rows', async () => {
  const before = (await ok(s.gql(STATS, { p: { from: today(), to: today() } }, w.t.dispatcher))).objectionStatistics;
  const id = await assigned('hn-cs-zjj');
  let m = await detail(id, 'handler');
  const a = m.assignments.find((x: any) => x.role === 'LEAD');
  expect(a.availableActions).toContain('OBJECT');
  await ok(
    s.gql(OBJECT, { i: { assignmentId: a.id, reason: '噪音扰民属生态环境部门职责，不属于住建部门', proposedUnitId: w.unit['hn-cs-sthj'] } }, w.t.handler),
  );
  m = await detail(id, 'handler');
  const objected = m.assignments.find((x: any) => x.id === a.id);
  expect(objected.objections).toMatchObject([{ state: 'PENDING', proposedUnitId: w.unit['hn-cs-sthj'] }]);
  // one at a time; the unit keeps working meanwhile (it may still sign)
  expect(objected.availableActions).not.toContain('OBJECT');
  expect(objected.blockedActions).toContainEqual({ action: 'OBJECT', reason: 'OBJECTION_PENDING', params: null });
  await expectCode(s.gql(OBJECT, { i: { assignmentId: a.id, reason: '再次异议' } }, w.t.handler), 'INVALID_TRANSITION');
  // the unit does not decide its own objection; upholding a lead objection names the new unit
  expect(codeOf(await s.gql(DECIDE, { i: { assignmentId: a.id, uphold: true, newUnitId: w.unit['hn-cs-sthj'] } }, w.t.handler))).toBe('FORBIDDEN');
  expect((await s.gql(DECIDE, { i: { assignmentId: a.id, uphold: true } }, w.t.dispatcher)).errors?.[0].extensions.reason).toBe('NEW_UNIT_REQUIRED');
  const pending = (await ok(s.gql(`{ pendingRequests(kind: OBJECTION) { nodes { id kind reason assignment { id } } } }`, {}, w.t.dispatcher))).pendingRequests
    .nodes;
  expect(pending.map((p: any) => [p.kind, p.assignment.id])).toContainEqual(['OBJECTION', a.id]);
  const dispatcherView = (await detail(id)).assignments.find((x: any) => x.id === a.id);
  expect(dispatcherView.availableActions).toEqual(expect.arrayContaining(['UPHOLD_OBJECTION', 'REJECT_OBJECTION']));

  await ok(s.gql(DECIDE, { i: { assignmentId: a.id, uphold: true, newUnitId: w.unit['hn-cs-sthj'], comment: '同意，改派生态环境局' } }, w.t.dispatcher));
  m = await detail(id);
  expect(m.state).toBe('ASSIGNED');
  expect(m.leadUnit.id).toBe(w.unit['hn-cs-sthj']);
  expect(m.assignments.find((x: any) => x.id === a.id)).toMatchObject({
    state: 'CANCELLED',
    objections: [{ state: 'UPHELD', newUnitId: w.unit['hn-cs-sthj'], decisionNote: '同意，改派生态环境局' }],
  });
  const next = m.assignments.find((x: any) => x.role === 'LEAD' && x.state === 'PENDING');
  expect(next.unit.id).toBe(w.unit['hn-cs-sthj']);
  const actions = m.timeline.nodes.map((e: any) => e.action);
  expect(actions.slice(-3)).toEqual(['OBJECTION_RAISED', 'OBJECTION_UPHELD', 'REASSIGNED']);
  const raised = m.timeline.nodes.find((e: any) => e.action === 'OBJECTION_RAISED');
  expect(raised).toMatchObject({
    assignmentId: a.id,
    payload: { reason: '噪音扰民属生态环境部门职责，不属于住建部门', proposedUnitId: Number(w.unit['hn-cs-sthj']) },
  });
  // counted for the objecting unit
  const after = (await ok(s.gql(STATS, { p: { from: today(), to: today() } }, w.t.dispatcher))).objectionStatistics;
  const row = (rows: any[]) => rows.find((r) => r.unit.id === w.unit['hn-cs-zjj']) ?? { raised: 0, upheld: 0, rejected: 0, pending: 0 };
  expect([row(after).raised - row(before).raised, row(after).upheld - row(before).upheld]).toEqual([1, 1]);
});

test('the dispatcher rejects an objection with a reason: the unit keeps the assignment; an assist objection upheld withdraws the assist', async () => {
  const id = await assigned('hn-cs-zjj', ['hn-cs-cgj']);
  let m = await detail(id, 'handler');
  const lead = m.assignments.find((x: any) => x.role === 'LEAD');
  await ok(s.gql(OBJECT, { i: { assignmentId: lead.id, reason: '不属于本单位职责' } }, w.t.handler));
  expect((await s.gql(DECIDE, { i: { assignmentId: lead.id, uphold: false } }, w.t.dispatcher)).errors?.[0].extensions.reason).toBe('COMMENT_REQUIRED');
  await ok(s.gql(DECIDE, { i: { assignmentId: lead.id, uphold: false, comment: '工地施工许可由住建部门监管，请继续办理' } }, w.t.dispatcher));
  m = await detail(id);
  const kept = m.assignments.find((x: any) => x.id === lead.id);
  expect(kept).toMatchObject({ state: 'PENDING', objections: [{ state: 'REJECTED', decisionNote: '工地施工许可由住建部门监管，请继续办理' }] });
  expect(m.leadUnit.id).toBe(w.unit['hn-cs-zjj']);
  expect(m.timeline.nodes.map((e: any) => e.action).slice(-2)).toEqual(['OBJECTION_RAISED', 'OBJECTION_REJECTED']);
  // a second objection after a decision is possible
  expect((await detail(id, 'handler')).assignments.find((x: any) => x.id === lead.id).availableActions).toContain('OBJECT');

  // the assist unit (城管局) objects; upheld, its assignment is withdrawn and the lead is untouched
  const assist = m.assignments.find((x: any) => x.role === 'ASSIST');
  const token = await userIn(w, 'cgj.objector', 'UNIT_HANDLER', 'hn-cs-cgj');
  await ok(s.gql(OBJECT, { i: { assignmentId: assist.id, reason: '本单位不涉及' } }, token));
  await ok(s.gql(DECIDE, { i: { assignmentId: assist.id, uphold: true } }, w.t.dispatcher));
  m = await detail(id);
  expect(m.assignments.find((x: any) => x.id === assist.id).state).toBe('CANCELLED');
  expect(m.assignments.find((x: any) => x.id === lead.id).state).toBe('PENDING');
});

test('a unit the dispatch catalogue names for the matter does not object; a handed-down assignment does not go to the platform', async () => {
  const entry = (
    await ok(
      s.gql(
        `mutation($i: CreateCatalogueEntryInput!) { createCatalogueEntry(input: $i) { entry { id matter } } }`,
        { i: { matter: '建筑工地夜间施工', keywords: ['夜间施工'], leadUnitId: w.unit['hn-cs-zjj'] } },
        w.t.admin,
      ),
    )
  ).createCatalogueEntry.entry;
  const id = await assigned('hn-cs-zjj');
  const a = (await detail(id, 'handler')).assignments.find((x: any) => x.role === 'LEAD');
  expect(a.availableActions).not.toContain('OBJECT');
  expect(a.blockedActions).toContainEqual({ action: 'OBJECT', reason: 'CATALOGUE_NAMES_UNIT', params: { entry: '建筑工地夜间施工' } });
  expect((await s.gql(OBJECT, { i: { assignmentId: a.id, reason: '不是我们的' } }, w.t.handler)).errors?.[0].extensions.reason).toBe('CATALOGUE_NAMES_UNIT');
  await ok(
    s.gql(`mutation($i: UpdateCatalogueEntryInput!) { updateCatalogueEntry(input: $i) { entry { id } } }`, { i: { id: entry.id, isActive: false } }, w.t.admin),
  );
  expect((await detail(id, 'handler')).assignments.find((x: any) => x.id === a.id).availableActions).toContain('OBJECT');
  // a handed-down assignment is objected to its parent unit, not to the platform
  const ylq = await userIn(w, 'ylq.objector', 'UNIT_HANDLER', 'hn-cs-ylq');
  const other = await assigned('hn-cs-ylq');
  const top = (await detail(other)).assignments.find((x: any) => x.role === 'LEAD');
  await ok(s.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: top.id } }, ylq));
  await ok(
    s.gql(
      `mutation($i: DelegateInput!) { delegateAssignment(input: $i) { assignment { id } } }`,
      { i: { assignmentId: top.id, unitId: w.unit['hn-cs-ylq-zjj'] } },
      ylq,
    ),
  );
  const delegated = (await ok(s.gql(MSG, { id: other }, ylq))).message.assignments.find((x: any) => x.unit.id === w.unit['hn-cs-ylq-zjj']);
  expect(delegated.availableActions).not.toContain('OBJECT');
  expect(delegated.blockedActions).toContainEqual({ action: 'OBJECT', reason: 'OBJECTION_BY_TOP_ASSIGNMENT', params: null });
});
