/**
 * The dispatcher's screening and assignment (issue 21, items 6-8, 11): phone numbers checked and stored
 * normalised, merging by serial number, units that cannot handle messages, the deadline preview (equal to
 * what the assignment then gets), and where deadlines stand (working days left or overdue, the hold,
 * the screening age) by the real working calendar. The workflow clock is pinned where dates matter;
 * instants are written in Asia/Shanghai (+08:00).
 */
import { codeOf } from './helpers';
import { expectCode, newMessage, ok, worldPerFile } from './workflow-helpers';

const cst = (local: string) => new Date(`${local}+08:00`);
const endOfDay = (date: string) => cst(`${date}T23:59:59.999`).toISOString();
const at = (local: string) => {
  s.app.services.workflow.now = () => cst(local);
};

const { s, w } = worldPerFile({ CITIZEN_OPS_PER_IP_PER_MINUTE: '1000' });
afterEach(() => {
  s.app.services.workflow.now = () => new Date();
});

const CREATE = `mutation($i: CreateMessageInput!) { createMessage(input: $i) { queryCode message { id serialNo version } } }`;
const REVEAL = `mutation($i: MessageActionInput!) { revealMessagePii(input: $i) { pii { phone } } }`;
const MERGE = `mutation($i: MergeMessageInput!) { mergeMessage(input: $i) { message { state duplicateOf { id serialNo } } } }`;
const ASSIGN = `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id state isUrgent isComplex } } }`;
const PREVIEW = `query($i: DeadlinePreviewInput!) { deadlinePreview(input: $i) { asOf policyName type isUrgent isComplex signWorkingDays replyAmount replyUnit signDueAt replyDueAt } }`;
const DEADLINES = `query($id: ID!) { message(id: $id) { state version warningLevel onHoldSince
  deadline { dueAt level overdue workingDaysLeft workingDaysOverdue paused pausedSince }
  screening { waitingWorkingDays dueAt level }
  assignments { role signDueAt replyDueAt warningLevel deadline { level overdue workingDaysLeft workingDaysOverdue paused } } } }`;
const base = { channel: 'HOTLINE_12345', type: 'CONSULT', title: '咨询社保卡补办手续', content: '请问社保卡丢失后在哪里补办，需要带哪些材料，多久能拿到？' };
/** The dispatcher puts a message on hold (挂起) or resumes it, with a reason. */
const reasonStep = (mutation: 'holdMessage' | 'resumeMessage', messageId: string, reason: string) =>
  ok(s.gql(`mutation($i: MessageReasonInput!) { ${mutation}(input: $i) { message { id } } }`, { i: { messageId, reason } }, w.t.dispatcher));
const rows = async () => Number((await s.app.ds.query('SELECT COUNT(*) AS n FROM message'))[0].n);

describe('phone numbers (联系电话)', () => {
  test('mobile numbers and landlines with an area code are accepted and stored normalised', async () => {
    const cases: Array<[string, string]> = [
      ['13812345678', '13812345678'],
      ['138 1234 5678', '13812345678'],
      ['+86 138-1234-5678', '13812345678'],
      ['0731-88888888', '0731-88888888'],
      ['(0731) 8888 8888', '0731-88888888'],
      ['073188888888', '0731-88888888'],
      ['010-6512345', '010-6512345'],
      ['02187654321', '021-87654321'],
      ['0731-88888888转123', '0731-88888888-123'],
    ];
    for (const [typed, stored] of cases) {
      const m = (await ok(s.gql(CREATE, { i: { ...base, phone: typed } }, w.t.dispatcher))).createMessage.message;
      const pii = (await ok(s.gql(REVEAL, { i: { messageId: m.id } }, w.t.dispatcher))).revealMessagePii.pii;
      expect({ typed, phone: pii.phone }).toEqual({ typed, phone: stored });
    }
  });

  test('anything else is BAD_USER_INPUT naming the phone field, for staff and for citizens, and nothing is written', async () => {
    const before = await rows();
    const bad = [
      '12345',
      '1381234567',
      '138123456789',
      '12812345678',
      '88888888',
      '0731-888',
      '0731-08888888',
      '0731-88888888-1234567',
      '13812345678-12',
      'call me maybe',
      '一三八',
    ];
    for (const phone of bad) {
      const r = await s.gql(CREATE, { i: { ...base, phone } }, w.t.dispatcher);
      expect({ phone, code: codeOf(r), field: r.errors?.[0]?.extensions?.field }).toEqual({ phone, code: 'BAD_USER_INPUT', field: 'phone' });
      expect(r.errors?.[0]?.message).toContain('带区号的固定电话');
    }
    const SUBMIT = `mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo } }`;
    const key = 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz';
    const citizen = { externalId: 'phone-check-1', type: 'CONSULT', title: base.title, content: base.content, realName: '赵六' };
    const refused = await s.gql(SUBMIT, { i: { ...citizen, phone: '8888' } }, null, { 'x-api-key': key });
    expect([codeOf(refused), refused.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'phone']);
    expect(await rows()).toBe(before);
    await ok(s.gql(SUBMIT, { i: { ...citizen, phone: '0731 8888 8888' } }, null, { 'x-api-key': key }));
    expect(await rows()).toBe(before + 1);
  });

  test('the same number typed two ways is one contact for the duplicate suggestions', async () => {
    const content = '我家楼下的路灯坏了一个多月，晚上出行很不方便，请有关部门尽快维修。';
    const first = (await ok(s.gql(CREATE, { i: { ...base, type: 'HELP', title: '路灯损坏请求维修', content, phone: '139 0731 0001' } }, w.t.dispatcher)))
      .createMessage.message;
    const again = (
      await ok(s.gql(CREATE, { i: { ...base, type: 'HELP', title: '楼下路灯坏了', content: `${content}谢谢！`, phone: '+86 13907310001' } }, w.t.dispatcher))
    ).createMessage.message;
    const sug = (await ok(s.gql(`query($id: ID!) { message(id: $id) { duplicateSuggestions { id serialNo } } }`, { id: again.id }, w.t.dispatcher))).message
      .duplicateSuggestions;
    expect(sug).toEqual([{ id: first.id, serialNo: first.serialNo }]);
  });
});

describe('merging by serial number (并单)', () => {
  test('the target may be named by its serial number, as staff know it', async () => {
    const target = await newMessage(w);
    const dup = await newMessage(w, { channel: 'WEB' });
    const merged = (
      await ok(s.gql(MERGE, { i: { messageId: dup.id, targetSerialNo: ` ${target.serialNo.toLowerCase()} `, note: '重复来电' } }, w.t.dispatcher))
    ).mergeMessage.message;
    expect(merged).toEqual({ state: 'MERGED', duplicateOf: { id: target.id, serialNo: target.serialNo } });
    const ledger = (await ok(s.gql(`query($id: ID!) { message(id: $id) { timeline { nodes { action payload } } } }`, { id: dup.id }, w.t.dispatcher))).message
      .timeline.nodes;
    expect(ledger.find((e: any) => e.action === 'MERGED').payload).toMatchObject({ into: Number(target.id), intoSerialNo: target.serialNo, note: '重复来电' });
  });

  test('an unknown, missing, double or own serial number is BAD_USER_INPUT, and the message is unchanged', async () => {
    const m = await newMessage(w);
    const other = await newMessage(w);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ targetSerialNo: 'WZ20260101999999' }, 'targetSerialNo'],
      [{}, 'targetSerialNo'],
      [{ targetSerialNo: other.serialNo, targetMessageId: other.id }, 'targetSerialNo'],
      [{ targetSerialNo: m.serialNo }, 'targetSerialNo'],
      [{ targetMessageId: m.id }, 'targetMessageId'],
    ];
    for (const [target, field] of cases) {
      const r = await s.gql(MERGE, { i: { messageId: m.id, ...target } }, w.t.dispatcher);
      expect({ target, code: codeOf(r), field: r.errors?.[0]?.extensions?.field }).toEqual({ target, code: 'BAD_USER_INPUT', field });
    }
    const after = (await ok(s.gql(DEADLINES, { id: m.id }, w.t.dispatcher))).message;
    expect([after.state, after.version]).toEqual(['RECEIVED', m.version]);
    // A handler cannot merge at all.
    await expectCode(s.gql(MERGE, { i: { messageId: m.id, targetSerialNo: other.serialNo } }, w.t.handler), 'NOT_FOUND');
  });
});

describe('who can be assigned (承办单位)', () => {
  test('the root of the organisation (the province, the platform itself) is neither lead nor assist unit; nothing is written', async () => {
    const m = await newMessage(w);
    const root = w.unit.hn;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ leadUnitId: root }, 'leadUnitId'],
      [{ leadUnitId: w.unit['hn-cs-zjj'], assistUnitIds: [w.unit['hn-cs-jtj'], root] }, 'assistUnitIds'],
    ];
    for (const [input, field] of cases) {
      const r = await s.gql(ASSIGN, { i: { messageId: m.id, ...input } }, w.t.dispatcher);
      expect({ input, code: codeOf(r), field: r.errors?.[0]?.extensions?.field }).toEqual({ input, code: 'BAD_USER_INPUT', field });
      expect(r.errors?.[0]?.message).toContain('湖南省');
    }
    const after = (await ok(s.gql(DEADLINES, { id: m.id }, w.t.dispatcher))).message;
    expect([after.state, after.version, after.assignments]).toEqual(['RECEIVED', m.version, []]);
    // A city (a region below the root) does handle messages; reassigning to the root is refused too.
    await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs'] } }, w.t.dispatcher));
    const re = await s.gql(
      `mutation($i: ReassignMessageInput!) { reassignMessage(input: $i) { message { id } } }`,
      { i: { messageId: m.id, leadUnitId: root, reason: '改由省级办理' } },
      w.t.dispatcher,
    );
    expect([codeOf(re), re.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'leadUnitId']);
  });

  test('the unit list offers only units that handle messages when asked', async () => {
    const q = `query($f: UnitFilter) { units(first: 100, filter: $f) { totalCount nodes { id parentId } } }`;
    const all = (await ok(s.gql(q, { f: {} }, w.t.dispatcher))).units;
    const handling = (await ok(s.gql(q, { f: { handlesMessages: true } }, w.t.dispatcher))).units;
    const roots = (await ok(s.gql(q, { f: { handlesMessages: false } }, w.t.dispatcher))).units;
    expect(roots.nodes).toEqual([{ id: w.unit.hn, parentId: null }]);
    expect(handling.totalCount).toBe(all.totalCount - 1);
    expect(handling.nodes.map((u: any) => u.id)).not.toContain(w.unit.hn);
  });
});

describe('deadline preview (交办时限预览)', () => {
  test('the preview for the chosen flags equals the deadlines the assignment then gets', async () => {
    const m = await newMessage(w, { type: 'CONSULT', submittedAt: cst('2026-11-09T08:30:00').toISOString() });
    at('2026-11-09T10:00:00');
    const plain = (await ok(s.gql(PREVIEW, { i: { messageId: m.id } }, w.t.dispatcher))).deadlinePreview;
    // Monday 9 November: day 1 is Tuesday 10; 5 working days end on Monday 16 November.
    expect(plain).toEqual({
      asOf: cst('2026-11-09T10:00:00').toISOString(),
      policyName: '咨询 5 个工作日',
      type: 'CONSULT',
      isUrgent: false,
      isComplex: false,
      signWorkingDays: 1,
      replyAmount: 5,
      replyUnit: 'WORKING_DAYS',
      signDueAt: endOfDay('2026-11-10'),
      replyDueAt: endOfDay('2026-11-16'),
    });
    const urgent = (await ok(s.gql(PREVIEW, { i: { messageId: m.id, isUrgent: true } }, w.t.dispatcher))).deadlinePreview;
    expect(urgent).toMatchObject({
      policyName: '紧急件 24 小时',
      isUrgent: true,
      replyAmount: 24,
      replyUnit: 'CALENDAR_HOURS',
      replyDueAt: cst('2026-11-10T10:00:00').toISOString(),
    });
    const complex = (await ok(s.gql(PREVIEW, { i: { messageId: m.id, isComplex: true } }, w.t.dispatcher))).deadlinePreview;
    // 20 working days from Tuesday 10 November: the 15 working days left in November, then 1-4 and 7 December.
    expect(complex).toMatchObject({ policyName: '复杂件 20 个工作日', isComplex: true, replyAmount: 20, replyDueAt: endOfDay('2026-12-07') });

    const assigned = (
      await ok(
        s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'], assistUnitIds: [w.unit['hn-cs-jtj']], isComplex: true } }, w.t.dispatcher),
      )
    ).assignMessage.message;
    expect(assigned).toMatchObject({ state: 'ASSIGNED', isUrgent: false, isComplex: true });
    const d = (await ok(s.gql(DEADLINES, { id: m.id }, w.t.dispatcher))).message;
    expect(d.assignments.map((a: any) => [a.role, a.signDueAt, a.replyDueAt])).toEqual([
      ['LEAD', complex.signDueAt, complex.replyDueAt],
      ['ASSIST', complex.signDueAt, complex.replyDueAt],
    ]);
    const ledger = (await ok(s.gql(`query($id: ID!) { message(id: $id) { timeline { nodes { action payload } } } }`, { id: m.id }, w.t.dispatcher))).message
      .timeline.nodes;
    expect(ledger.find((e: any) => e.action === 'ASSIGNED').payload).toMatchObject({
      isComplex: true,
      isUrgent: false,
      replyDueAt: complex.replyDueAt,
      signDueAt: complex.signDueAt,
      assistUnitNames: ['长沙市交通运输局'],
    });
  });

  test('an urgent switch on assignment sets the flag and the urgent deadline; false clears it', async () => {
    const m = await newMessage(w, { type: 'HELP', isUrgent: true, submittedAt: cst('2026-11-09T08:30:00').toISOString() });
    at('2026-11-09T10:00:00');
    const p = (await ok(s.gql(PREVIEW, { i: { messageId: m.id } }, w.t.dispatcher))).deadlinePreview;
    expect(p).toMatchObject({ isUrgent: true, replyUnit: 'CALENDAR_HOURS' });
    const cleared = (await ok(s.gql(PREVIEW, { i: { messageId: m.id, isUrgent: false } }, w.t.dispatcher))).deadlinePreview;
    expect(cleared).toMatchObject({ isUrgent: false, policyName: '求助 10 个工作日', replyDueAt: endOfDay('2026-11-23') });
    await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'], isUrgent: false } }, w.t.dispatcher));
    const d = (await ok(s.gql(`query($id: ID!) { message(id: $id) { isUrgent replyDueAt } }`, { id: m.id }, w.t.dispatcher))).message;
    expect(d).toEqual({ isUrgent: false, replyDueAt: cleared.replyDueAt });
  });

  test('without a message a type is needed; other roles, bad ids and missing messages are refused', async () => {
    at('2026-11-09T10:00:00');
    const byType = (await ok(s.gql(PREVIEW, { i: { type: 'COMPLAIN' } }, w.t.supervisor))).deadlinePreview;
    expect(byType).toMatchObject({ policyName: '投诉 20 个工作日', replyDueAt: endOfDay('2026-12-07') });
    await expectCode(s.gql(PREVIEW, { i: {} }, w.t.dispatcher), 'BAD_USER_INPUT');
    await expectCode(s.gql(PREVIEW, { i: { type: 'COMPLAIN', categoryId: '999999' } }, w.t.dispatcher), 'BAD_USER_INPUT');
    await expectCode(s.gql(PREVIEW, { i: { messageId: '999999' } }, w.t.dispatcher), 'NOT_FOUND');
    await expectCode(s.gql(PREVIEW, { i: { type: 'COMPLAIN' } }, w.t.handler), 'FORBIDDEN');
  });
});

describe('where deadlines stand (剩余/超期工作日, 挂起, 待受理)', () => {
  const statusAt = async (id: string, local: string) => {
    at(local);
    return (await ok(s.gql(DEADLINES, { id }, w.t.dispatcher))).message;
  };

  test('working days left, due today, and overdue by working days, on the message and its assignment', async () => {
    const m = await newMessage(w, { type: 'CONSULT', submittedAt: cst('2026-11-09T08:30:00').toISOString() });
    at('2026-11-09T10:00:00');
    await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
    // Due at the end of Monday 16 November.
    const wed = await statusAt(m.id, '2026-11-11T10:00:00');
    expect(wed.deadline).toEqual({
      dueAt: endOfDay('2026-11-16'),
      level: 'GREEN',
      overdue: false,
      workingDaysLeft: 3,
      workingDaysOverdue: 0,
      paused: false,
      pausedSince: null,
    });
    expect(wed.assignments[0].deadline).toEqual({ level: 'GREEN', overdue: false, workingDaysLeft: 3, workingDaysOverdue: 0, paused: false });
    // Friday: only Monday is left (YELLOW: one working day left).
    expect((await statusAt(m.id, '2026-11-13T10:00:00')).deadline).toMatchObject({ level: 'YELLOW', workingDaysLeft: 1 });
    expect((await statusAt(m.id, '2026-11-16T15:00:00')).deadline).toMatchObject({ level: 'YELLOW', overdue: false, workingDaysLeft: 0 });
    const thu = await statusAt(m.id, '2026-11-19T10:00:00');
    // Tuesday 17, Wednesday 18 and Thursday 19 have passed since the due day.
    expect(thu.deadline).toMatchObject({ level: 'RED', overdue: true, workingDaysLeft: 0, workingDaysOverdue: 3 });
    expect([thu.warningLevel, thu.assignments[0].warningLevel, thu.assignments[0].deadline.workingDaysOverdue]).toEqual(['RED', 'RED', 3]);
    expect(thu.screening).toBeNull();
  });

  test('on hold (挂起) the clock stops: never overdue while waiting, not in the red list, not marked by the job; resuming moves the deadline', async () => {
    const m = await newMessage(w, { type: 'CONSULT', title: '挂起测试：咨询公积金提取', submittedAt: cst('2026-11-09T08:30:00').toISOString() });
    at('2026-11-09T10:00:00');
    await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
    at('2026-11-12T10:00:00');
    await reasonStep('holdMessage', m.id, '请群众补充材料');
    // A week later, three working days past the original due day.
    const held = await statusAt(m.id, '2026-11-19T10:00:00');
    expect(held.onHoldSince).toBe(cst('2026-11-12T10:00:00').toISOString());
    expect(held.deadline).toEqual({
      dueAt: endOfDay('2026-11-16'),
      level: 'GREEN',
      overdue: false,
      workingDaysLeft: 2,
      workingDaysOverdue: 0,
      paused: true,
      pausedSince: cst('2026-11-12T10:00:00').toISOString(),
    });
    expect([held.warningLevel, held.assignments[0].warningLevel, held.assignments[0].deadline.paused]).toEqual(['GREEN', 'GREEN', true]);
    const red = `query($f: MessageFilter) { messages(first: 100, filter: $f) { nodes { id } } }`;
    const inRed = async () => (await ok(s.gql(red, { f: { warningLevel: 'RED', keyword: '挂起测试' } }, w.t.dispatcher))).messages.nodes.map((x: any) => x.id);
    const inGreen = async () =>
      (await ok(s.gql(red, { f: { warningLevel: 'GREEN', keyword: '挂起测试' } }, w.t.dispatcher))).messages.nodes.map((x: any) => x.id);
    expect([await inRed(), await inGreen()]).toEqual([[], [m.id]]);
    const inbox = async (level: string) =>
      (
        await ok(s.gql(`query($f: InboxFilter) { inbox(first: 100, filter: $f) { nodes { message { id } } } }`, { f: { warningLevel: level } }, w.t.handler))
      ).inbox.nodes.map((a: any) => a.message.id);
    expect(await inbox('RED')).not.toContain(m.id);
    await s.app.services.closing.markOverdue(cst('2026-11-19T10:00:00'));
    const events = async () =>
      (await ok(s.gql(`query($id: ID!) { message(id: $id) { timeline { nodes { action } } } }`, { id: m.id }, w.t.dispatcher))).message.timeline.nodes.map(
        (e: any) => e.action,
      );
    expect(await events()).not.toContain('OVERDUE');

    // Resumed on Thursday 19: the pause took 13, 16, 17, 18 and 19 November, so the due day moves 5 working days to Monday 23.
    await reasonStep('resumeMessage', m.id, '群众已补充材料');
    const resumed = await statusAt(m.id, '2026-11-19T10:00:00');
    expect(resumed.deadline).toEqual({
      dueAt: endOfDay('2026-11-23'),
      level: 'GREEN',
      overdue: false,
      workingDaysLeft: 2,
      workingDaysOverdue: 0,
      paused: false,
      pausedSince: null,
    });
    expect(await inRed()).toEqual([]);
    // Overdue again once the moved deadline passes, and marked then.
    const late = await statusAt(m.id, '2026-11-24T10:00:00');
    expect(late.deadline).toMatchObject({ overdue: true, workingDaysOverdue: 1 });
    expect(await inRed()).toEqual([m.id]);
    expect(await s.app.services.closing.markOverdue(cst('2026-11-24T10:00:00'))).toBeGreaterThanOrEqual(1);
    expect(await events()).toContain('OVERDUE');
  });

  test('waiting for screening (待受理): GREEN on the day it came in, YELLOW on the next working day, RED after', async () => {
    const m = await newMessage(w, { submittedAt: cst('2026-11-20T16:00:00').toISOString() });
    // Friday 20 November; Saturday is not a working day; Monday 23 is the due day.
    expect((await statusAt(m.id, '2026-11-20T18:00:00')).screening).toEqual({ waitingWorkingDays: 0, dueAt: endOfDay('2026-11-23'), level: 'GREEN' });
    expect((await statusAt(m.id, '2026-11-21T11:00:00')).screening).toMatchObject({ waitingWorkingDays: 0, level: 'GREEN' });
    expect((await statusAt(m.id, '2026-11-23T11:00:00')).screening).toMatchObject({ waitingWorkingDays: 1, level: 'YELLOW' });
    const late = await statusAt(m.id, '2026-11-26T11:00:00');
    expect([late.screening, late.deadline, late.warningLevel]).toEqual([{ waitingWorkingDays: 4, dueAt: endOfDay('2026-11-23'), level: 'RED' }, null, null]);
    // Accepted: no longer waiting for screening.
    await ok(s.gql(`mutation($i: MessageActionInput!) { acceptMessage(input: $i) { message { id } } }`, { i: { messageId: m.id } }, w.t.dispatcher));
    expect((await statusAt(m.id, '2026-11-26T11:00:00')).screening).toBeNull();
  });
});
