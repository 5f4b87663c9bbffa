/**
 * Live events stop at the edge of a subscriber's reach (issue 13), through the real Redis event channel: a unit's
 * `messageEvents` subscription ends (NOT_FOUND, as for a missing message) when the message is returned or reassigned
 * away from its units, and hears nothing after; a resumption (`afterEventId`) replays to a unit only what its live
 * events were, never what happened after it lost the message; platform subscribers are not affected.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { newMessage, ok, userIn, worldPerFile } from './workflow-helpers';
import { ownRedis } from './support/processes';
import { disposeEach } from './support/live';

let jtjHandler: string;
const clients: Client[] = [];
const redis = ownRedis();

const { s, w } = worldPerFile(redis.env, {
  beforeClose: () => disposeEach(clients),
  afterClose: redis.clear,
});
beforeAll(async () => {
  jtjHandler = await userIn(w, 'jtj.handler', 'UNIT_HANDLER', 'hn-cs-jtj');
});

/** A subscription's events, errors and whether it completed. */
function follow(token: string, query: string, variables: Record<string, unknown>) {
  const c = createClient({
    url: s.url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  clients.push(c);
  const got = { events: [] as any[], errors: [] as any[], completed: false };
  c.subscribe(
    { query, variables },
    {
      next: (v) => (v.errors ? got.errors.push(...v.errors) : got.events.push(Object.values(v.data as object)[0])),
      error: (e) => got.errors.push(...(Array.isArray(e) ? e : [e])),
      complete: () => {
        got.completed = true;
      },
    },
  );
  return got;
}
const until = async (cond: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
};
const settle = () => new Promise((r) => setTimeout(r, 600));
const TIMELINE = `subscription($m: ID!, $after: Int) { messageEvents(messageId: $m, afterEventId: $after) { type eventId payload } }`;
const INBOX = `subscription($u: ID!, $after: Int) { assignmentEvents(unitId: $u, afterEventId: $after) { type eventId messageId payload } }`;
const gqlOk = (query: string, i: Record<string, unknown>, token: string) => ok(s.gql(query, { i }, token));
const ASSIGN = `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`;
const SIGN = `mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`;
const URGE = `mutation($i: SupervisionInput!) { urgeMessage(input: $i) { supervision { id } } }`;
const leadOf = async (messageId: string, unitCode: string) =>
  (
    await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id state unit { id } } } }`, { id: messageId }, w.t.dispatcher))
  ).message.assignments.find((a: any) => a.unit.id === w.unit[unitCode] && ['PENDING', 'SIGNED'].includes(a.state)).id;
const lastEventId = async (messageId: string) =>
  Number(
    (
      await ok(s.gql(`query($id: ID!) { message(id: $id) { timeline(first: 100) { nodes { id } } } }`, { id: messageId }, w.t.dispatcher))
    ).message.timeline.nodes.at(-1).id,
  );

/** A message handled by 长沙市住建局 (hn-cs-zjj): assigned and signed for. */
async function handledByZjj() {
  const m = await newMessage(w, { regionUnitId: w.unit['hn-cs'] });
  await gqlOk(ASSIGN, { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'] }, w.t.dispatcher);
  await gqlOk(SIGN, { assignmentId: await leadOf(m.id, 'hn-cs-zjj') }, w.t.handler);
  return m;
}

test('a unit subscriber of a message hears nothing more once the message is returned and reassigned away; the platform hears everything', async () => {
  const m = await handledByZjj();
  const unitSub = follow(w.t.handler, TIMELINE, { m: m.id });
  const platformSub = follow(w.t.dispatcher, TIMELINE, { m: m.id });
  await settle();
  await gqlOk(URGE, { messageId: m.id, content: '请于本周内答复' }, w.t.supervisor);
  await until(() => unitSub.events.length >= 1 && platformSub.events.length >= 1);
  expect(unitSub.events.map((e) => e.type)).toEqual(['URGED']);
  // The unit asks to return it, the platform agrees: the unit no longer reaches the message.
  const a = await leadOf(m.id, 'hn-cs-zjj');
  await gqlOk(
    `mutation($i: AssignmentReasonInput!) { requestReturn(input: $i) { assignment { id } } }`,
    { assignmentId: a, reason: '不属于本单位职责' },
    w.t.handler,
  );
  // (Delivered while the unit still holds the message. An event delivered after a later change took the message
  // away is not sent: each event is judged on the message as it is when it is delivered.)
  await until(() => unitSub.events.length >= 2);
  await gqlOk(`mutation($i: DecisionInput!) { decideReturn(input: $i) { assignment { id } } }`, { assignmentId: a, approve: true }, w.t.dispatcher);
  await until(() => unitSub.completed);
  expect(unitSub.completed).toBe(true);
  expect(unitSub.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  expect(unitSub.errors[0].message).toBe(`Message not found: ${m.id}`);
  // It goes to another unit, which signs; an internal urge follows: none of it reaches the old unit.
  await gqlOk(ASSIGN, { messageId: m.id, leadUnitId: w.unit['hn-cs-jtj'] }, w.t.dispatcher);
  await gqlOk(SIGN, { assignmentId: await leadOf(m.id, 'hn-cs-jtj') }, jtjHandler);
  await gqlOk(URGE, { messageId: m.id, content: '内部督促：交通局请今日内联系群众' }, w.t.supervisor);
  await until(() => platformSub.events.some((e) => e.type === 'URGED' && e.payload.content.startsWith('内部督促')));
  await settle();
  expect(unitSub.events.map((e) => e.type)).toEqual(['URGED', 'RETURN_REQUESTED']);
  expect(JSON.stringify(unitSub.events)).not.toContain('内部督促');
  expect(platformSub.events.map((e) => e.type)).toEqual(['URGED', 'RETURN_REQUESTED', 'RETURN_APPROVED', 'ASSIGNED', 'SIGNED', 'URGED']);
  expect(platformSub.completed).toBe(false);
});

test("a reassignment (改派) ends the old unit's subscription; the new unit subscribes and hears on", async () => {
  const m = await handledByZjj();
  const oldUnit = follow(w.t.handler, TIMELINE, { m: m.id });
  await settle();
  await gqlOk(
    `mutation($i: ReassignMessageInput!) { reassignMessage(input: $i) { message { id } } }`,
    { messageId: m.id, leadUnitId: w.unit['hn-cs-jtj'], reason: '职责调整' },
    w.t.dispatcher,
  );
  await until(() => oldUnit.completed);
  expect({ completed: oldUnit.completed, codes: oldUnit.errors.map((e) => e.extensions?.code), events: oldUnit.events }).toEqual({
    completed: true,
    codes: ['NOT_FOUND'],
    events: [],
  });
  const newUnit = follow(jtjHandler, TIMELINE, { m: m.id });
  await settle();
  await gqlOk(SIGN, { assignmentId: await leadOf(m.id, 'hn-cs-jtj') }, jtjHandler);
  await until(() => newUnit.events.length >= 1);
  expect(newUnit.events.map((e) => e.type)).toEqual(['SIGNED']);
  // Subscribing again, the old unit is told the message does not exist (like any id out of its reach).
  const again = follow(w.t.handler, TIMELINE, { m: m.id, after: 1 });
  await until(() => again.errors.length > 0);
  expect(again.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  expect(again.events).toEqual([]);
});

test('resuming with afterEventId replays to a unit what it was notified of, not what happened after it lost the message', async () => {
  const m = await handledByZjj();
  const resumeFrom = await lastEventId(m.id);
  await gqlOk(URGE, { messageId: m.id, content: '请抓紧办理' }, w.t.supervisor);
  await gqlOk(
    `mutation($i: ReassignMessageInput!) { reassignMessage(input: $i) { message { id } } }`,
    { messageId: m.id, leadUnitId: w.unit['hn-cs-jtj'], reason: '职责调整' },
    w.t.dispatcher,
  );
  await gqlOk(SIGN, { assignmentId: await leadOf(m.id, 'hn-cs-jtj') }, jtjHandler);
  await gqlOk(URGE, { messageId: m.id, content: '内部督促：交通局请今日内联系群众' }, w.t.supervisor);
  // 住建局's inbox comes back after a blip: it gets the urge and the reassignment it was told of live, nothing after.
  const zjj = follow(w.t.handler, INBOX, { u: w.unit['hn-cs-zjj'], after: resumeFrom });
  await until(() => zjj.events.length >= 2);
  await settle();
  expect(zjj.events.filter((e) => e.messageId === m.id).map((e) => e.type)).toEqual(['URGED', 'REASSIGNED']);
  expect(JSON.stringify(zjj.events)).not.toContain('内部督促');
  // 交通局's inbox, resumed from the same point, gets what concerned it.
  const jtj = follow(jtjHandler, INBOX, { u: w.unit['hn-cs-jtj'], after: resumeFrom });
  await until(() => jtj.events.length >= 3);
  await settle();
  expect(jtj.events.filter((e) => e.messageId === m.id).map((e) => e.type)).toEqual(['REASSIGNED', 'SIGNED', 'URGED']);
  // The platform's timeline replay has everything.
  const platform = follow(w.t.dispatcher, TIMELINE, { m: m.id, after: resumeFrom });
  await until(() => platform.events.length >= 4);
  expect(platform.events.map((e) => e.type)).toEqual(['URGED', 'REASSIGNED', 'SIGNED', 'URGED']);
});

test('entries written before their audience was kept are replayed only to units that still hold the message', async () => {
  const m = await handledByZjj();
  const resumeFrom = await lastEventId(m.id);
  await gqlOk(
    `mutation($i: ReassignMessageInput!) { reassignMessage(input: $i) { message { id } } }`,
    { messageId: m.id, leadUnitId: w.unit['hn-cs-jtj'], reason: '职责调整' },
    w.t.dispatcher,
  );
  await gqlOk(URGE, { messageId: m.id, content: '内部督促：交通局请今日内联系群众' }, w.t.supervisor);
  await s.app.ds.query(`UPDATE message_event SET notifyUnitIds = NULL WHERE messageId = ${Number(m.id)}`);
  const zjj = follow(w.t.handler, INBOX, { u: w.unit['hn-cs-zjj'], after: resumeFrom });
  const jtj = follow(jtjHandler, INBOX, { u: w.unit['hn-cs-jtj'], after: resumeFrom });
  await until(() => jtj.events.length >= 2);
  await settle();
  expect(zjj.events.filter((e) => e.messageId === m.id)).toEqual([]);
  expect(jtj.events.filter((e) => e.messageId === m.id).map((e) => e.type)).toEqual(['REASSIGNED', 'URGED']);
});
