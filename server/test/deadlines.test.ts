/**
 * Deadlines (domain.md §6) with the real calendar and the SLA policies of the migration: weekends, 2026's
 * public holidays and 调休 working days, urgent hours, policy matching, admin overrides for 2027,
 * extensions, and the first response in working hours. Instants are written in Asia/Shanghai (+08:00).
 */
import { MessageType } from '../src/modules/message/message.enums';
import { codeOf } from './helpers';
import { assignTo, ok, worldPerFile } from './workflow-helpers';

const cst = (local: string) => new Date(`${local}+08:00`);
const endOfDay = (date: string) => cst(`${date}T23:59:59.999`);
const subject = (type: MessageType, extra: Partial<{ categoryId: number | null; isUrgent: boolean; isComplex: boolean }> = {}) => ({
  type,
  categoryId: null,
  isUrgent: false,
  isComplex: false,
  ...extra,
});

const { s, w } = worldPerFile();

test('a consultation assigned on Friday before a 调休 Sunday and 中秋: sign, first response and reply due dates', async () => {
  const plan = await s.app.services.deadlines.plan(subject(MessageType.CONSULT), cst('2026-09-18T15:00:00'));
  // Sunday 20 September 2026 is a 调休 working day: it is day 1.
  expect(plan.signDueAt.toISOString()).toBe(endOfDay('2026-09-20').toISOString());
  // 5 working hours: 2.5 h on Friday (15:00-17:30), 2.5 h on Sunday morning → 11:30.
  expect(plan.firstResponseDueAt.toISOString()).toBe(cst('2026-09-20T11:30:00').toISOString());
  // 5 working days: 20, 21, 22, 23, 24 September (中秋 25-27 September is after).
  expect(plan.replyDueAt.toISOString()).toBe(endOfDay('2026-09-24').toISOString());
  expect(plan).toMatchObject({ unitReviewRequired: true, platformReviewRequired: true, maxExtensions: 2, autoCloseDays: 7 });
});

test('a complaint assigned just before 国庆 counts 20 working days across the holiday and the 调休 Saturday', async () => {
  const plan = await s.app.services.deadlines.plan(subject(MessageType.COMPLAIN), cst('2026-09-30T10:00:00'));
  // 1-7 October off; 8, 9, 10 (调休 Saturday) are days 1-3; … day 20 is Tuesday 3 November.
  expect(plan.replyDueAt.toISOString()).toBe(endOfDay('2026-11-03').toISOString());
  expect(plan.signDueAt.toISOString()).toBe(endOfDay('2026-10-08').toISOString());
});

test('weekends: assigned Saturday, day 1 is Monday; suggestions and requests for help get 10 working days', async () => {
  const plan = await s.app.services.deadlines.plan(subject(MessageType.HELP), cst('2026-11-21T09:00:00'));
  expect(plan.signDueAt.toISOString()).toBe(endOfDay('2026-11-23').toISOString());
  expect(plan.replyDueAt.toISOString()).toBe(endOfDay('2026-12-04').toISOString());
  // The first response starts at Monday 09:00: 5 working hours → 14:30.
  expect(plan.firstResponseDueAt.toISOString()).toBe(cst('2026-11-23T15:30:00').toISOString());
});

test('urgent messages are due in 24 calendar hours; complex cases get 20 working days', async () => {
  const at = cst('2026-11-27T16:00:00');
  const urgent = await s.app.services.deadlines.plan(subject(MessageType.CONSULT, { isUrgent: true }), at);
  expect(urgent.replyDueAt.toISOString()).toBe(cst('2026-11-28T16:00:00').toISOString());
  // Not YELLOW from the start: only the 80% rule applies to hour-based deadlines.
  expect(urgent.yellowAt.getTime()).toBe(at.getTime() + 0.8 * 24 * 3600_000);
  const complex = await s.app.services.deadlines.plan(subject(MessageType.CONSULT, { isComplex: true }), cst('2026-11-23T10:00:00'));
  expect(complex.replyDueAt.toISOString()).toBe(endOfDay('2026-12-21').toISOString());
});

test('yellow: from the last working day before the due day, or 80% of the time; warning levels agree', async () => {
  const at = cst('2026-11-23T10:00:00');
  const plan = await s.app.services.deadlines.plan(subject(MessageType.CONSULT), at);
  expect(plan.replyDueAt.toISOString()).toBe(endOfDay('2026-11-30').toISOString());
  const d = s.app.services.deadlines;
  expect(await d.warningLevel(at, plan.replyDueAt, cst('2026-11-25T10:00:00'))).toBe('GREEN');
  expect(await d.warningLevel(at, plan.replyDueAt, cst('2026-11-27T10:00:00'))).toBe('YELLOW');
  expect(await d.warningLevel(at, plan.replyDueAt, cst('2026-12-01T00:00:01'))).toBe('RED');
  expect(plan.yellowAt.getTime()).toBeLessThanOrEqual(cst('2026-11-27T10:00:00').getTime());
});

test('an extension adds working days after the old due day', async () => {
  const next = await s.app.services.deadlines.extend(endOfDay('2026-09-30'), cst('2026-09-20T10:00:00'), 3);
  expect(next.replyDueAt.toISOString()).toBe(endOfDay('2026-10-10').toISOString());
});

test('admin overrides decide years the holiday library lacks (2027)', async () => {
  const at = cst('2026-12-31T10:00:00');
  const before = await s.app.services.deadlines.plan(subject(MessageType.CONSULT), at);
  // Without an override 2027 falls back to Monday-Friday: 1, 4, 5, 6, 7 January.
  expect(before.replyDueAt.toISOString()).toBe(endOfDay('2027-01-07').toISOString());
  const SET = `mutation($i: HolidayOverrideInput!) { setHolidayOverride(input: $i) { date isWorkingDay note } }`;
  await ok(s.gql(SET, { i: { date: '2027-01-01', isWorkingDay: false, note: '元旦' } }, w.t.admin));
  const after = await s.app.services.deadlines.plan(subject(MessageType.CONSULT), at);
  expect(after.replyDueAt.toISOString()).toBe(endOfDay('2027-01-08').toISOString());
  const cal = (await ok(s.gql(`{ workingCalendar(from: "2026-12-31", to: "2027-01-02") { date isWorkingDay source name } }`, {}, w.t.handler))).workingCalendar;
  expect(cal).toEqual([
    { date: '2026-12-31', isWorkingDay: true, source: 'LIBRARY', name: null },
    { date: '2027-01-01', isWorkingDay: false, source: 'OVERRIDE', name: '元旦' },
    { date: '2027-01-02', isWorkingDay: false, source: 'FALLBACK', name: null },
  ]);
  expect((await ok(s.gql(`{ holidayOverrides(year: 2027) { date } }`, {}, w.t.dispatcher))).holidayOverrides).toEqual([{ date: '2027-01-01' }]);
  expect(codeOf(await s.gql(SET, { i: { date: '2027-02-30', isWorkingDay: false } }, w.t.admin))).toBe('BAD_USER_INPUT');
  expect(codeOf(await s.gql(SET, { i: { date: '2027-01-04', isWorkingDay: false } }, w.t.dispatcher))).toBe('FORBIDDEN');
  expect((await ok(s.gql(`mutation { deleteHolidayOverride(date: "2027-01-01") }`, {}, w.t.admin))).deleteHolidayOverride).toBe(true);
  const again = await s.app.services.deadlines.plan(subject(MessageType.CONSULT), at);
  expect(again.replyDueAt.toISOString()).toBe(endOfDay('2027-01-07').toISOString());
});

test('policies match by category subtree and priority; only admins change them', async () => {
  const cats = (await ok(s.gql(`{ categories(first: 100) { nodes { id code } } }`, {}, w.t.admin))).categories.nodes as Array<{ id: string; code: string }>;
  const edu = cats.find((c) => c.code === 'education')!;
  const enrol = cats.find((c) => c.code === 'edu-enrol')!;
  const SAVE = `mutation($i: SlaPolicyInput!) { saveSlaPolicy(input: $i) { id name priority replyAmount replyUnit } }`;
  expect(
    codeOf(await s.gql(SAVE, { i: { name: '教育 3 日', categoryId: edu.id, priority: 50, replyAmount: 3, replyUnit: 'WORKING_DAYS' } }, w.t.dispatcher)),
  ).toBe('FORBIDDEN');
  const created = (
    await ok(
      s.gql(
        SAVE,
        { i: { name: '教育 3 日', categoryId: edu.id, priority: 50, replyAmount: 3, replyUnit: 'WORKING_DAYS', unitReviewRequired: false } },
        w.t.admin,
      ),
    )
  ).saveSlaPolicy;
  const at = cst('2026-11-23T10:00:00');
  const plan = await s.app.services.deadlines.plan(subject(MessageType.COMPLAIN, { categoryId: Number(enrol.id) }), at);
  expect(plan.policyId).toBe(Number(created.id));
  expect(plan.replyDueAt.toISOString()).toBe(endOfDay('2026-11-26').toISOString());
  expect(plan.unitReviewRequired).toBe(false);
  // Another category keeps the default for complaints.
  const other = await s.app.services.deadlines.plan(
    subject(MessageType.COMPLAIN, { categoryId: Number(cats.find((c) => c.code === 'urban-property')!.id) }),
    at,
  );
  expect(other.replyDueAt.toISOString()).toBe(endOfDay('2026-12-21').toISOString());
  expect(codeOf(await s.gql(SAVE, { i: { id: created.id, replyAmount: 0 } }, w.t.admin))).toBe('BAD_USER_INPUT');
  const listed = (await ok(s.gql(`{ slaPolicies { name priority } }`, {}, w.t.supervisor))).slaPolicies;
  expect(listed[0]).toEqual({ name: '教育 3 日', priority: 50 });
  expect(codeOf(await s.gql(`{ slaPolicies { name } }`, {}, w.t.handler))).toBe('FORBIDDEN');
  await ok(s.gql(SAVE, { i: { id: created.id, isActive: false } }, w.t.admin));
});

test('assignments carry the planned due dates, and the review levels of the policy apply', async () => {
  const m = (
    await ok(
      s.gql(
        `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id } } }`,
        { i: { channel: 'WEB', type: 'CONSULT', title: '咨询社保转移手续', content: '请问跨省社保转移需要哪些材料，在哪里办理？' } },
        w.t.dispatcher,
      ),
    )
  ).createMessage.message;
  await assignTo(w, m.id, 'hn-cs-zjj');
  const d = (
    await ok(
      s.gql(
        `query($id: ID!) { message(id: $id) { replyDueAt assignments { assignedAt signDueAt firstResponseDueAt replyDueAt yellowAt } } }`,
        { id: m.id },
        w.t.dispatcher,
      ),
    )
  ).message;
  const a = d.assignments[0];
  const plan = await s.app.services.deadlines.plan(subject(MessageType.CONSULT), new Date(a.assignedAt));
  expect(a).toMatchObject({
    signDueAt: plan.signDueAt.toISOString(),
    firstResponseDueAt: plan.firstResponseDueAt.toISOString(),
    replyDueAt: plan.replyDueAt.toISOString(),
    yellowAt: plan.yellowAt.toISOString(),
  });
  expect(d.replyDueAt).toBe(a.replyDueAt);
});
