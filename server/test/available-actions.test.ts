/**
 * `availableActions` keeps its promise: every action it offers can be done. 下派 (DELEGATE) is offered only to a unit
 * with an enabled unit below it; on a leaf unit it is refused (INVALID_TRANSITION) and the console is told why
 * (`blockedActions`: NO_UNITS_BELOW).
 */
import { codeOf } from './helpers';
import { assignTo, newMessage, ok, userIn, worldPerFile } from './workflow-helpers';

let jtjHandler: string;
const { s, w } = worldPerFile();
beforeAll(async () => {
  jtjHandler = await userIn(w, 'jtj.delegate', 'UNIT_HANDLER', 'hn-cs-jtj');
});

const ASSIGNMENT = `query($id: ID!) { message(id: $id) { assignments { id state availableActions blockedActions { action reason } } } }`;
const DELEGATE = `mutation($i: DelegateInput!) { delegateAssignment(input: $i) { assignment { id } } }`;
const SET_ACTIVE = `mutation($i: SetUnitActiveInput!) { setUnitActive(input: $i) { unit { id isActive } } }`;

test('DELEGATE is offered only while the unit has an enabled unit below it, and then it succeeds', async () => {
  const m = await newMessage(w);
  await assignTo(w, m.id, 'hn-cs-jtj');
  const lead = async () => (await ok(s.gql(ASSIGNMENT, { id: m.id }, jtjHandler))).message.assignments[0];
  await ok(
    s.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: (await lead()).id } }, jtjHandler),
  );

  // 长沙市交通运输局 has no unit below it: nothing to hand down to.
  let a = await lead();
  expect(a.state).toBe('SIGNED');
  expect(a.availableActions).not.toContain('DELEGATE');
  expect(a.blockedActions).toContainEqual({ action: 'DELEGATE', reason: 'NO_UNITS_BELOW' });
  expect(codeOf(await s.gql(DELEGATE, { i: { assignmentId: a.id, unitId: w.unit['hn-cs-zjj'] } }, jtjHandler))).toBe('INVALID_TRANSITION');

  // A unit below it appears: 下派 is offered, and pressing it works.
  const child = (
    await ok(
      s.gql(
        `mutation($i: CreateUnitInput!) { createUnit(input: $i) { unit { id } } }`,
        { i: { code: 'hn-cs-jtj-glc', name: '长沙市公路养护中心', kind: 'DEPARTMENT', parentId: w.unit['hn-cs-jtj'] } },
        w.t.admin,
      ),
    )
  ).createUnit.unit.id;
  a = await lead();
  expect(a.availableActions).toContain('DELEGATE');
  expect(a.blockedActions.map((b: { action: string }) => b.action)).not.toContain('DELEGATE');
  await ok(s.gql(DELEGATE, { i: { assignmentId: a.id, unitId: child, note: '请养护中心处理' } }, jtjHandler));

  // Handed down to its only unit below (an open hand-down): nothing is left to hand down to.
  a = await lead();
  expect(a.availableActions).not.toContain('DELEGATE');
  expect(a.blockedActions).toContainEqual({ action: 'DELEGATE', reason: 'NO_UNITS_BELOW' });

  // Disabled, it no longer counts.
  const again = await newMessage(w);
  await assignTo(w, again.id, 'hn-cs-jtj');
  const second = (await ok(s.gql(ASSIGNMENT, { id: again.id }, jtjHandler))).message.assignments[0];
  await ok(s.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: second.id } }, jtjHandler));
  await ok(s.gql(SET_ACTIVE, { i: { id: child, isActive: false } }, w.t.admin));
  const after = (await ok(s.gql(ASSIGNMENT, { id: again.id }, jtjHandler))).message.assignments[0];
  expect(after.availableActions).not.toContain('DELEGATE');
  expect(after.blockedActions).toContainEqual({ action: 'DELEGATE', reason: 'NO_UNITS_BELOW' });
});
