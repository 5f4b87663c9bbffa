/**
 * 相似件归并 (docs/analysis.md, "Groups of similar messages"): a dispatcher links similar messages into a group with a
 * lead; assigning the lead assigns the open, unassigned members to the same units in one transaction (each with its
 * own assignment, deadlines and ledger row); members already assigned or closed are skipped and keep their handling;
 * taking out, dissolving; who may (platform roles), and the reach rule for units (NOT_FOUND outside).
 */
import { codeOf } from './helpers';
import { mutation, newMessage, ok, worldPerFile } from './workflow-helpers';
import { waitForIndex } from './support/realCorpus';

jest.setTimeout(180_000);

const { s, w } = worldPerFile();

const GROUP_FIELDS = 'id size note lead { id serialNo state } members { isLead message { id serialNo state leadUnit { id } } }';
const CREATE = mutation('createMessageGroup', 'CreateMessageGroupInput', `group { ${GROUP_FIELDS} }`);
const ADD = mutation('addToMessageGroup', 'AddToMessageGroupInput', `group { ${GROUP_FIELDS} }`);
const REMOVE = mutation('removeFromMessageGroup', 'RemoveFromMessageGroupInput', `group { ${GROUP_FIELDS} }`);
const DISSOLVE = mutation('dissolveMessageGroup', 'DissolveMessageGroupInput', 'group { id }');
const ASSIGN_GROUP = mutation(
  'assignMessageGroup',
  'AssignMessageInput',
  'message { id state leadUnit { id } } assigned { id serialNo state leadUnit { id } } skipped { id state }',
);
const ASSIGN = mutation('assignMessage', 'AssignMessageInput', 'message { state }');
const MERGE = mutation('mergeMessage', 'MergeMessageInput', 'message { state }');
const INVALID = mutation('markMessageInvalid', 'MarkInvalidInput', 'message { state }');
const SIMILAR = `query($id: ID!) { similarMessages(messageId: $id, first: 10) { message { id serialNo } } }`;
const MESSAGE = `query($id: ID!) { message(id: $id) { id serialNo state version availableActions group { ${GROUP_FIELDS} }
  assignments { id role state unit { id } replyDueAt } timeline(first: 100) { nodes { action payload } } } }`;

const msg = async (id: string, token = w.t.dispatcher) => (await ok(s.gql(MESSAGE, { id }, token))).message;
const reasonOf = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => r.errors?.[0]?.extensions?.reason;

const BRIDGE = '天心区书院路与劳动路交叉口的人行天桥台阶破损严重，扶手松动，晚上没有照明，老人小孩上下天桥很危险，请求天心区城管局尽快维修书院路人行天桥。';
let n = 0;
const bridge = () => {
  n += 1;
  return newMessage(w, {
    title: ['书院路人行天桥台阶破损扶手松动', '请维修书院路劳动路口的人行天桥', '书院路天桥晚上没有照明很危险'][n % 3],
    content: `${BRIDGE}${'已经反映过。'.repeat(n % 3)}`,
    phone: `1360000${String(2000 + n)}`,
    realName: `市民${n}`,
    idNumber: undefined,
  });
};

test('a dispatcher links similar messages into a group: each message shows the group with its lead, and its ledger records it', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await bridge()).id);
  await waitForIndex(s, w.t.admin);
  const similar = (await ok(s.gql(SIMILAR, { id: ids[0] }, w.t.dispatcher))).similarMessages.map((x: any) => x.message.id);
  expect(similar).toEqual(expect.arrayContaining([ids[1], ids[2]]));
  const lead = await msg(ids[0]);
  expect(lead.availableActions).toContain('GROUP');
  expect(lead.group).toBeNull();

  const g = (
    await ok(
      s.gql(CREATE, { i: { leadMessageId: ids[0], memberMessageIds: [ids[1], ids[2]], note: '同一座天桥', expectedVersion: lead.version } }, w.t.dispatcher),
    )
  ).createMessageGroup.group;
  expect(g.size).toBe(3);
  expect(g.note).toBe('同一座天桥');
  expect(g.lead.id).toBe(ids[0]);
  expect(g.members.map((m: any) => [m.message.id, m.isLead])).toEqual([
    [ids[0], true],
    [ids[1], false],
    [ids[2], false],
  ]);

  for (const id of ids) {
    const m = await msg(id);
    expect(m.group.id).toBe(g.id);
    expect(m.group.lead.serialNo).toBe(lead.serialNo);
    const grouped = m.timeline.nodes.filter((e: any) => e.action === 'GROUPED');
    expect(grouped).toHaveLength(1);
    expect(grouped[0].payload).toMatchObject({ groupId: Number(g.id), isLead: id === ids[0], leadSerialNo: lead.serialNo, note: '同一座天桥' });
  }
  // a message is in one group at most
  const other = await bridge();
  const again = await s.gql(CREATE, { i: { leadMessageId: other.id, memberMessageIds: [ids[1]] } }, w.t.dispatcher);
  expect(codeOf(again)).toBe('CONFLICT');
  expect(again.errors![0].extensions).toMatchObject({
    reason: 'ALREADY_GROUPED',
    params: { serialNo: (await msg(ids[1])).serialNo, leadSerialNo: lead.serialNo },
  });
  // nothing of the refused request stayed: the other message is in no group
  expect((await msg(other.id)).group).toBeNull();
});

test('assigning the lead with its group assigns the unassigned members to the same units, each with its own assignment and ledger row; assigned and closed members are skipped', async () => {
  const lead = await bridge();
  const open1 = await bridge();
  const open2 = await bridge();
  const early = await bridge();
  const refused = await bridge();
  // one member was already assigned elsewhere before it was linked; another is refused afterwards
  await ok(s.gql(ASSIGN, { i: { messageId: early.id, leadUnitId: w.unit['hn-cs-jtj'] } }, w.t.dispatcher));
  const g = (await ok(s.gql(CREATE, { i: { leadMessageId: lead.id, memberMessageIds: [open1.id, open2.id, early.id, refused.id] } }, w.t.dispatcher)))
    .createMessageGroup.group;
  expect(g.size).toBe(5);
  await ok(s.gql(INVALID, { i: { messageId: refused.id, reason: 'DUPLICATE', note: '重复' } }, w.t.dispatcher));

  // only the lead assigns its group
  const notLead = await s.gql(ASSIGN_GROUP, { i: { messageId: open1.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher);
  expect(codeOf(notLead)).toBe('BAD_USER_INPUT');
  expect(notLead.errors![0].extensions).toMatchObject({ reason: 'NOT_GROUP_LEAD', params: { leadSerialNo: lead.serialNo } });

  const r = (
    await ok(
      s.gql(
        ASSIGN_GROUP,
        { i: { messageId: lead.id, leadUnitId: w.unit['hn-cs-zjj'], assistUnitIds: [w.unit['hn-cs-cgj']], note: '一并办理' } },
        w.t.dispatcher,
      ),
    )
  ).assignMessageGroup;
  expect(r.message).toMatchObject({ state: 'ASSIGNED', leadUnit: { id: w.unit['hn-cs-zjj'] } });
  expect(r.assigned.map((m: any) => m.id)).toEqual([open1.id, open2.id]);
  expect(r.assigned.every((m: any) => m.state === 'ASSIGNED' && m.leadUnit.id === w.unit['hn-cs-zjj'])).toBe(true);
  expect(r.skipped.map((m: any) => [m.id, m.state]).sort()).toEqual(
    [
      [early.id, 'ASSIGNED'],
      [refused.id, 'INVALID'],
    ].sort(),
  );

  for (const id of [lead.id, open1.id, open2.id]) {
    const m = await msg(id);
    expect(m.assignments.map((a: any) => [a.role, a.unit.id, a.state]).sort()).toEqual([
      ['ASSIST', w.unit['hn-cs-cgj'], 'PENDING'],
      ['LEAD', w.unit['hn-cs-zjj'], 'PENDING'],
    ]);
    const rows = m.timeline.nodes.filter((e: any) => e.action === 'ASSIGNED');
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toMatchObject({ note: '一并办理', group: { id: Number(g.id), lead: id === lead.id } });
    if (id !== lead.id) expect(rows[0].payload.group.leadSerialNo).toBe(lead.serialNo);
    // its own deadline
    expect(m.assignments[0].replyDueAt).toBeTruthy();
  }
  // the early member keeps its own handling
  const e = await msg(early.id);
  expect(e.assignments.map((a: any) => a.unit.id)).toEqual([w.unit['hn-cs-jtj']]);
  expect(e.timeline.nodes.filter((x: any) => x.action === 'ASSIGNED')).toHaveLength(1);
  // members show the group and the lead's state
  expect((await msg(open2.id)).group.lead).toMatchObject({ id: lead.id, state: 'ASSIGNED' });

  // units see the group's messages within their reach only
  const forHandler = (await msg(open1.id, w.t.handler)).group;
  expect(forHandler.size).toBe(5);
  expect(forHandler.members.map((m: any) => m.message.id).sort()).toEqual([lead.id, open1.id, open2.id].sort());
  expect(forHandler.lead.id).toBe(lead.id);
  // a unit may not change the group: FORBIDDEN within reach, NOT_FOUND outside
  const forbidden = await s.gql(REMOVE, { i: { messageId: open1.id } }, w.t.handler);
  expect(codeOf(forbidden)).toBe('FORBIDDEN');
  const outside = await s.gql(REMOVE, { i: { messageId: early.id } }, w.t.handler);
  expect(codeOf(outside)).toBe('NOT_FOUND');
  expect(codeOf(await s.gql(DISSOLVE, { i: { groupId: g.id } }, w.t.handler))).toBe('FORBIDDEN');
  expect(codeOf(await s.gql(ASSIGN_GROUP, { i: { messageId: lead.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.handler))).toBe('FORBIDDEN');
});

test("who may link: platform roles only; outside a unit's reach a message or group is NOT_FOUND; merged messages do not join", async () => {
  const a = await bridge();
  const b = await bridge();
  const c = await bridge();
  // a supervisor reads every message but may not link them; the leader does not reach these (not addressed, no region)
  expect(codeOf(await s.gql(CREATE, { i: { leadMessageId: a.id, memberMessageIds: [b.id] } }, w.t.supervisor))).toBe('FORBIDDEN');
  expect(codeOf(await s.gql(CREATE, { i: { leadMessageId: a.id, memberMessageIds: [b.id] } }, w.t.leader))).toBe('NOT_FOUND');
  // unassigned messages are outside the handler's reach: as if missing
  const hidden = await s.gql(CREATE, { i: { leadMessageId: a.id, memberMessageIds: [b.id] } }, w.t.handler);
  expect(codeOf(hidden)).toBe('NOT_FOUND');
  expect(hidden.errors![0].message).toBe(`Message not found: ${a.id}`);
  const g = (await ok(s.gql(CREATE, { i: { leadMessageId: a.id, memberMessageIds: [b.id] } }, w.t.admin))).createMessageGroup.group;
  const grp = await s.gql(`query($id: ID!) { messageGroup(id: $id) { id } }`, { id: g.id }, w.t.handler);
  expect(codeOf(grp)).toBe('NOT_FOUND');
  expect(grp.errors![0].message).toBe(`MessageGroup not found: ${g.id}`);
  expect(codeOf(await s.gql(ADD, { i: { groupId: g.id, messageIds: [c.id] } }, w.t.handler))).toBe('NOT_FOUND');
  expect(codeOf(await s.gql(`query { messageGroup(id: "999999") { id } }`, {}, w.t.dispatcher))).toBe('NOT_FOUND');
  // a merged message is not a member: the declared transition refuses, and the whole request is undone
  await ok(s.gql(MERGE, { i: { messageId: c.id, targetMessageId: a.id } }, w.t.dispatcher));
  const d = await bridge();
  const merged = await s.gql(ADD, { i: { groupId: g.id, messageIds: [d.id, c.id] } }, w.t.dispatcher);
  expect(codeOf(merged)).toBe('INVALID_TRANSITION');
  expect((await msg(d.id)).group).toBeNull();
  expect((await ok(s.gql(`query($id: ID!) { messageGroup(id: $id) { size } }`, { id: g.id }, w.t.dispatcher))).messageGroup.size).toBe(2);
});

test("taking a member out, the lead staying, and dissolving: each message's ledger says so", async () => {
  const lead = await bridge();
  const m1 = await bridge();
  const m2 = await bridge();
  const m3 = await bridge();
  const g = (await ok(s.gql(CREATE, { i: { leadMessageId: lead.id, memberMessageIds: [m1.id, m2.id] } }, w.t.dispatcher))).createMessageGroup.group;
  const added = (await ok(s.gql(ADD, { i: { groupId: g.id, messageIds: [m3.id] } }, w.t.dispatcher))).addToMessageGroup.group;
  expect(added.size).toBe(4);

  const staying = await s.gql(REMOVE, { i: { messageId: lead.id } }, w.t.dispatcher);
  expect(reasonOf(staying)).toBe('GROUP_LEAD_STAYS');
  const notIn = await s.gql(REMOVE, { i: { messageId: (await bridge()).id } }, w.t.dispatcher);
  expect(reasonOf(notIn)).toBe('NOT_GROUPED');

  const after = (await ok(s.gql(REMOVE, { i: { messageId: m1.id, note: '不是同一件事' } }, w.t.dispatcher))).removeFromMessageGroup.group;
  expect(after.members.map((m: any) => m.message.id)).toEqual([lead.id, m2.id, m3.id]);
  const out = await msg(m1.id);
  expect(out.group).toBeNull();
  expect(out.timeline.nodes.map((e: any) => e.action)).toEqual(expect.arrayContaining(['GROUPED', 'UNGROUPED']));
  expect(out.timeline.nodes.find((e: any) => e.action === 'UNGROUPED').payload).toMatchObject({
    why: 'REMOVED',
    note: '不是同一件事',
    leadSerialNo: lead.serialNo,
  });
  // it may join another group now
  await ok(s.gql(CREATE, { i: { leadMessageId: m1.id, memberMessageIds: [(await bridge()).id] } }, w.t.dispatcher));

  await ok(s.gql(DISSOLVE, { i: { groupId: g.id, note: '分别办理' } }, w.t.dispatcher));
  for (const id of [lead.id, m2.id, m3.id]) {
    const m = await msg(id);
    expect(m.group).toBeNull();
    expect(m.timeline.nodes.filter((e: any) => e.action === 'UNGROUPED').map((e: any) => e.payload)).toEqual([
      expect.objectContaining({ why: 'DISSOLVED', note: '分别办理', wasLead: id === lead.id }),
    ]);
  }
  expect(codeOf(await s.gql(`query($id: ID!) { messageGroup(id: $id) { id } }`, { id: g.id }, w.t.dispatcher))).toBe('NOT_FOUND');

  // a group left with its lead alone is dissolved
  const pair = (await ok(s.gql(CREATE, { i: { leadMessageId: lead.id, memberMessageIds: [m2.id] } }, w.t.dispatcher))).createMessageGroup.group;
  const last = (await ok(s.gql(REMOVE, { i: { messageId: m2.id } }, w.t.dispatcher))).removeFromMessageGroup.group;
  expect(last).toBeNull();
  expect((await msg(lead.id)).group).toBeNull();
  expect(codeOf(await s.gql(`query($id: ID!) { messageGroup(id: $id) { id } }`, { id: pair.id }, w.t.dispatcher))).toBe('NOT_FOUND');
});

test("the lead's ledger records each message that joins its group or is taken out, in the same transaction as the member's own row", async () => {
  const lead = await bridge();
  const m1 = await bridge();
  const m2 = await bridge();
  const m3 = await bridge();
  const g = (await ok(s.gql(CREATE, { i: { leadMessageId: lead.id, memberMessageIds: [m1.id, m2.id], note: '同一座天桥' } }, w.t.dispatcher)))
    .createMessageGroup.group;
  const serial = async (id: string) => (await msg(id)).serialNo;
  const onLead = async () =>
    (await msg(lead.id)).timeline.nodes
      .filter((e: any) => e.action.startsWith('GROUP_MEMBER_'))
      .map((e: any) => [e.action, e.payload.memberSerialNo, e.payload.groupId]);
  expect(await onLead()).toEqual([
    ['GROUP_MEMBER_ADDED', await serial(m1.id), Number(g.id)],
    ['GROUP_MEMBER_ADDED', await serial(m2.id), Number(g.id)],
  ]);

  // a member added later: a row on the lead and the member's own GROUPED; the lead's version is left alone
  const before = (await msg(lead.id)).version;
  await ok(s.gql(ADD, { i: { groupId: g.id, messageIds: [m3.id], note: '又一件' } }, w.t.dispatcher));
  const leadNow = await msg(lead.id);
  expect(leadNow.version).toBe(before);
  const added = leadNow.timeline.nodes.filter((e: any) => e.action === 'GROUP_MEMBER_ADDED');
  expect(added[added.length - 1].payload).toMatchObject({
    groupId: Number(g.id),
    memberMessageId: Number(m3.id),
    memberSerialNo: await serial(m3.id),
    note: '又一件',
  });
  expect((await msg(m3.id)).timeline.nodes.find((e: any) => e.action === 'GROUPED').payload).toMatchObject({
    groupId: Number(g.id),
    isLead: false,
    leadSerialNo: lead.serialNo,
  });

  // a refused addition writes nothing on the lead (one transaction): m1 is already in this group
  const rows = (await onLead()).length;
  expect(codeOf(await s.gql(ADD, { i: { groupId: g.id, messageIds: [(await bridge()).id, m1.id] } }, w.t.dispatcher))).toBe('CONFLICT');
  expect(await onLead()).toHaveLength(rows);

  // taken out: UNGROUPED on the member, GROUP_MEMBER_REMOVED on the lead
  await ok(s.gql(REMOVE, { i: { messageId: m2.id, note: '不是同一件事' } }, w.t.dispatcher));
  expect((await msg(lead.id)).timeline.nodes.filter((e: any) => e.action === 'GROUP_MEMBER_REMOVED').map((e: any) => e.payload)).toEqual([
    expect.objectContaining({
      groupId: Number(g.id),
      memberMessageId: Number(m2.id),
      memberSerialNo: await serial(m2.id),
      why: 'REMOVED',
      note: '不是同一件事',
    }),
  ]);
  expect((await msg(m2.id)).timeline.nodes.filter((e: any) => e.action === 'UNGROUPED')).toHaveLength(1);
});

test('the message list marks grouped messages (归并 N 件 / 并入 主件编号) in one statement for the page, whatever its length', async () => {
  const lead = await bridge();
  const members = [await bridge(), await bridge()];
  await ok(s.gql(CREATE, { i: { leadMessageId: lead.id, memberMessageIds: members.map((m) => m.id) } }, w.t.dispatcher));
  for (let i = 0; i < 5; i++) await bridge(); // the newest five are in no group
  const FIELDS = 'id serialNo title state deadline { dueAt level } leadUnit { name } category { name }';
  const page = async (n: number, mark: boolean) => {
    const r = await s.gql(
      `query($n: Int) { messages(first: $n) { nodes { ${FIELDS} ${mark ? 'groupMark { groupId isLead size leadSerialNo }' : ''} } } }`,
      { n },
      w.t.dispatcher,
      { 'x-count-sql': '1' },
    );
    expect(r.errors).toBeUndefined();
    return { nodes: r.data.messages.nodes as any[], statements: r.extensions?.sqlStatements as number };
  };
  const small = await page(5, true);
  const large = await page(60, true);
  const mark = (id: string) => large.nodes.find((m) => m.id === id)?.groupMark;
  expect(mark(lead.id)).toMatchObject({ isLead: true, size: 3, leadSerialNo: lead.serialNo });
  for (const m of members) expect(mark(m.id)).toMatchObject({ isLead: false, size: 3, leadSerialNo: lead.serialNo });
  expect(small.nodes.map((m) => m.groupMark)).toEqual([null, null, null, null, null]);
  // the marks cost one statement for the page, with or without grouped rows in it
  expect(large.statements - (await page(60, false)).statements).toBe(1);
  expect(small.statements - (await page(5, false)).statements).toBe(1);
  // a unit's list: a member's mark does not name the lead (it may be outside the unit's reach); the lead's own does
  await ok(s.gql(ASSIGN_GROUP, { i: { messageId: lead.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
  const forHandler = (await ok(s.gql(`{ messages(first: 100) { nodes { id groupMark { isLead size leadSerialNo } } } }`, {}, w.t.handler))).messages.nodes;
  expect(forHandler.find((m: any) => m.id === members[0].id).groupMark).toEqual({ isLead: false, size: 3, leadSerialNo: null });
  expect(forHandler.find((m: any) => m.id === lead.id).groupMark).toEqual({ isLead: true, size: 3, leadSerialNo: lead.serialNo });
});

test("a page of messages asking for their group (the group, its size, note and lead) costs the same statements as one message's", async () => {
  const loose = await bridge(); // in no group
  const [a, b, c, d, e] = [await bridge(), await bridge(), await bridge(), await bridge(), await bridge()];
  await ok(s.gql(CREATE, { i: { leadMessageId: a.id, memberMessageIds: [b.id, c.id], note: '天桥' } }, w.t.dispatcher));
  const g2 = (await ok(s.gql(CREATE, { i: { leadMessageId: d.id, memberMessageIds: [e.id], note: '照明' } }, w.t.dispatcher))).createMessageGroup.group;
  // the newest message is grouped too, so the page of one holds a group as the page of many does
  const f = await bridge();
  await ok(s.gql(ADD, { i: { groupId: g2.id, messageIds: [f.id] } }, w.t.dispatcher));
  const page = async (n: number, group: boolean) => {
    const r = await s.gql(
      `query($n: Int) { messages(first: $n) { nodes { id serialNo state ${group ? 'group { id size note lead { id serialNo state } }' : ''} } } }`,
      { n },
      w.t.dispatcher,
      { 'x-count-sql': '1' },
    );
    expect(r.errors).toBeUndefined();
    return { nodes: r.data.messages.nodes as any[], statements: r.extensions?.sqlStatements as number };
  };
  const one = await page(1, true);
  const many = await page(60, true);
  expect(one.nodes.map((m) => m.id)).toEqual([f.id]);
  expect(one.nodes[0].group).toEqual({ id: g2.id, size: 3, note: '照明', lead: { id: d.id, serialNo: d.serialNo, state: 'RECEIVED' } });
  const groupOf = (id: string) => many.nodes.find((m) => m.id === id)?.group;
  for (const id of [a.id, b.id, c.id]) expect(groupOf(id)).toMatchObject({ size: 3, note: '天桥', lead: { id: a.id, serialNo: a.serialNo } });
  for (const id of [d.id, e.id, f.id]) expect(groupOf(id)).toMatchObject({ id: g2.id, size: 3, lead: { id: d.id } });
  expect(many.nodes.filter((m) => m.group).length).toBeGreaterThanOrEqual(6);
  expect(groupOf(loose.id)).toBeNull();
  // what the groups add to the page: the same few statements for 60 rows (several groups) as for one
  const extraForOne = one.statements - (await page(1, false)).statements;
  const extraForMany = many.statements - (await page(60, false)).statements;
  expect(extraForOne).toBeGreaterThan(0);
  expect(extraForMany).toBe(extraForOne);
});

test("the members of a page's groups cost the same statements for one group as for several, and stay within the viewer's reach", async () => {
  const [a, b, c, d, e] = [await bridge(), await bridge(), await bridge(), await bridge(), await bridge()];
  const g1 = (await ok(s.gql(CREATE, { i: { leadMessageId: a.id, memberMessageIds: [b.id, c.id] } }, w.t.dispatcher))).createMessageGroup.group;
  const g2 = (await ok(s.gql(CREATE, { i: { leadMessageId: d.id, memberMessageIds: [e.id] } }, w.t.dispatcher))).createMessageGroup.group;
  // the handler's unit reaches the lead of the first group and a member of the second, nothing else of them
  for (const m of [a, e]) await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
  const page = async (n: number, members: boolean, token: string) => {
    const r = await s.gql(
      `query($n: Int) { messages(first: $n) { nodes { id group { id ${members ? 'members { isLead message { id } }' : ''} } } } }`,
      { n },
      token,
      { 'x-count-sql': '1' },
    );
    expect(r.errors).toBeUndefined();
    return { nodes: r.data.messages.nodes as any[], statements: r.extensions?.sqlStatements as number };
  };
  const membersOf = (nodes: any[], id: string) => nodes.find((m) => m.id === id)?.group?.members.map((x: any) => [x.message.id, x.isLead]);
  for (const token of [w.t.dispatcher, w.t.handler]) {
    const one = await page(1, true, token);
    const many = await page(60, true, token);
    expect(one.nodes[0].id).toBe(e.id);
    const groups = new Set(many.nodes.filter((m) => m.group?.members).map((m) => m.group.id));
    expect([...groups]).toEqual(expect.arrayContaining([g1.id, g2.id]));
    if (token === w.t.dispatcher) {
      expect(membersOf(many.nodes, b.id)).toEqual([
        [a.id, true],
        [b.id, false],
        [c.id, false],
      ]);
      expect(membersOf(many.nodes, e.id)).toEqual([
        [d.id, true],
        [e.id, false],
      ]);
    } else {
      // only the messages the handler may open, exactly those (the detail's reach rule)
      expect(many.nodes.map((m) => m.id)).not.toContain(b.id);
      expect(membersOf(many.nodes, a.id)).toEqual([[a.id, true]]);
      expect(membersOf(many.nodes, e.id)).toEqual([[e.id, false]]);
      for (const m of [a, b, c, d, e]) {
        const opened = await s.gql(`query($id: ID!) { message(id: $id) { id } }`, { id: m.id }, w.t.handler);
        expect(codeOf(opened) ?? 'seen').toBe([a.id, e.id].includes(m.id) ? 'seen' : 'NOT_FOUND');
      }
    }
    // what the members add to the page: the same statements for several groups as for one
    const extraForOne = one.statements - (await page(1, false, token)).statements;
    const extraForMany = many.statements - (await page(60, false, token)).statements;
    expect(extraForOne).toBeGreaterThan(0);
    expect(extraForMany).toBe(extraForOne);
  }
});

test('assigning a group that fails midway (after the lead and a member were assigned) writes nothing: no assignment, ledger row, version or group change', async () => {
  const lead = await bridge();
  const members = [await bridge(), await bridge(), await bridge()];
  await ok(s.gql(CREATE, { i: { leadMessageId: lead.id, memberMessageIds: members.map((m) => m.id) } }, w.t.dispatcher));
  await waitForIndex(s, w.t.admin);
  const ids = [lead.id, ...members.map((m) => m.id)];
  const seen = async () => Promise.all(ids.map((id) => msg(id)));
  // every table's row count: nothing may be left behind, whichever table a step writes
  const ds = s.app.ds;
  const rowCounts = async () =>
    Object.fromEntries(
      await Promise.all(
        ds.entityMetadatas
          .filter((m) => m.tableType === 'regular')
          .map(async (m) => [m.tableName, Number((await ds.query(`SELECT COUNT(*) AS n FROM ${ds.driver.escape(m.tableName)}`))[0].n)] as const),
      ),
    );
  const before = await seen();
  const countsBefore = await rowCounts();

  // the step of the second member fails after its own writes, the lead and the first member being written already
  // (no member can fail by itself here: the members to assign are chosen in the same transaction by the ASSIGN row's
  // states, and units, deadlines and catalogue are the lead's; what remains is a database or lock failure)
  const assignments = s.app.services.assignments;
  const real = assignments.assign.bind(assignments);
  let calls = 0;
  const spy = jest.spyOn(assignments, 'assign').mockImplementation(async (...args: Parameters<typeof real>) => {
    calls += 1;
    const done = await real(...args);
    if (calls === 3) throw new Error('lock wait timeout');
    return done;
  });
  try {
    const r = await s.gql(ASSIGN_GROUP, { i: { messageId: lead.id, leadUnitId: w.unit['hn-cs-zjj'], note: '一并办理' } }, w.t.dispatcher);
    expect(codeOf(r)).toBe('INTERNAL_SERVER_ERROR');
    expect(calls).toBe(3);
  } finally {
    spy.mockRestore();
  }
  expect(await seen()).toEqual(before);
  for (const m of before) {
    expect(m.assignments).toEqual([]);
    expect(m.timeline.nodes.some((e: any) => e.action === 'ASSIGNED')).toBe(false);
  }
  expect(before[0].group.size).toBe(4);
  expect(await rowCounts()).toEqual(countsBefore);

  // the same request succeeds once nothing fails
  const r = (await ok(s.gql(ASSIGN_GROUP, { i: { messageId: lead.id, leadUnitId: w.unit['hn-cs-zjj'], note: '一并办理' } }, w.t.dispatcher)))
    .assignMessageGroup;
  expect(r.assigned.map((m: any) => m.id)).toEqual(members.map((m) => m.id));
  expect((await rowCounts()).assignment).toBe(countsBefore.assignment + 4);
});
