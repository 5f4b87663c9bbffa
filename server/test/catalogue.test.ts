/**
 * The dispatch catalogue (派单目录, issue 16, docs/knowledge.md) through the API: administrators keep entries (each
 * change a version with what changed), dispatchers read them, and the lead-unit suggestion (智能派单) follows the
 * catalogue first — by keyword, category and region, within the valid days — and says which entry it rests on.
 */
import { codeOf } from './helpers';
import { newMessage, ok, worldPerFile } from './workflow-helpers';

jest.setTimeout(120_000);

let cat: Record<string, string>;

const { s, w } = worldPerFile();
beforeAll(async () => {
  const cats = (await ok(s.gql(`{ categories(first: 100) { nodes { id code } } }`, {}, w.t.admin))).categories.nodes as Array<{ id: string; code: string }>;
  cat = Object.fromEntries(cats.map((c) => [c.code, c.id]));
});
afterEach(() => {
  s.app.services.workflow.now = () => new Date();
});

const ENTRY = `id version versionNo matter keywords isActive inForce validFrom validUntil basis updatedByName leadUnit { id name } assistUnits { id } category { id } region { id }
  versions { versionNo action snapshot changes actorName }`;
const CREATE = `mutation($i: CreateCatalogueEntryInput!) { createCatalogueEntry(input: $i) { entry { ${ENTRY} } } }`;
const UPDATE = `mutation($i: UpdateCatalogueEntryInput!) { updateCatalogueEntry(input: $i) { entry { ${ENTRY} } } }`;
const LIST = `query($f: CatalogueFilter) { dispatchCatalogue(filter: $f, first: 50) { totalCount nodes { id matter } } }`;
const UNITS = `query($id: ID!) { unitSuggestions(messageId: $id) { score unit { id } assistUnits { id } reasons { kind text catalogueEntryId } } }`;
const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);

const FUND_TEXT = {
  type: 'CONSULT',
  title: '小区电梯坏了想用维修资金',
  content: '我们小区电梯坏了两个月，物业说要用住宅专项维修资金，请问维修资金怎么申请使用？',
};

test('an administrator keeps an entry (every change a version); the suggested lead unit follows it, with the entry as the reason', async () => {
  const created = (
    await ok(
      s.gql(
        CREATE,
        {
          i: {
            matter: '住宅专项维修资金使用',
            keywords: ['维修资金', '专项维修'],
            regionUnitId: w.unit['hn-cs'],
            leadUnitId: w.unit['hn-cs-zjj'],
            assistUnitIds: [w.unit['hn-cs-cgj']],
            basis: '市住建局“三定”规定：负责住宅专项维修资金监督管理',
          },
        },
        w.t.admin,
      ),
    )
  ).createCatalogueEntry.entry;
  expect(created).toMatchObject({
    versionNo: 1,
    isActive: true,
    inForce: true,
    leadUnit: { id: w.unit['hn-cs-zjj'] },
    assistUnits: [{ id: w.unit['hn-cs-cgj'] }],
    region: { id: w.unit['hn-cs'] },
  });
  expect(created.versions).toMatchObject([
    { versionNo: 1, action: 'CREATED', changes: null, snapshot: { matter: '住宅专项维修资金使用', keywords: ['维修资金', '专项维修'] } },
  ]);

  // a message of 岳麓区 (below 长沙市) about it: the catalogue's lead unit first, its assist unit with it, and why
  const m = await newMessage(w, { ...FUND_TEXT, regionUnitId: w.unit['hn-cs-ylq'] });
  const first = (await ok(s.gql(UNITS, { id: m.id }, w.t.dispatcher))).unitSuggestions;
  expect(first[0]).toMatchObject({ unit: { id: w.unit['hn-cs-zjj'] }, assistUnits: [{ id: w.unit['hn-cs-cgj'] }] });
  expect(first[0].reasons[0]).toEqual({
    kind: 'CATALOGUE',
    text: '派单目录「住宅专项维修资金使用」：关键词「维修资金、专项维修」，地区「长沙市」',
    catalogueEntryId: created.id,
  });

  // the administrator changes the lead unit: the next suggestion follows, and the version says what changed
  const edited = (
    await ok(s.gql(UPDATE, { i: { id: created.id, expectedVersion: created.version, leadUnitId: w.unit['hn-cs-ylq-zjj'], assistUnitIds: [] } }, w.t.admin))
  ).updateCatalogueEntry.entry;
  expect(edited.versionNo).toBe(2);
  expect(edited.versions[0]).toMatchObject({
    versionNo: 2,
    action: 'EDITED',
    changes: {
      leadUnitId: { from: Number(w.unit['hn-cs-zjj']), to: Number(w.unit['hn-cs-ylq-zjj']) },
      assistUnitIds: { from: [Number(w.unit['hn-cs-cgj'])], to: [] },
    },
  });
  const second = (await ok(s.gql(UNITS, { id: m.id }, w.t.dispatcher))).unitSuggestions;
  expect(second[0]).toMatchObject({ unit: { id: w.unit['hn-cs-ylq-zjj'] }, assistUnits: [], reasons: [{ kind: 'CATALOGUE', catalogueEntryId: created.id }] });
  // a stale expected version is a conflict; nothing changed is refused
  expect(codeOf(await s.gql(UPDATE, { i: { id: created.id, expectedVersion: created.version, matter: '另一个事项' } }, w.t.admin))).toBe('CONFLICT');
  expect((await s.gql(UPDATE, { i: { id: created.id, leadUnitId: w.unit['hn-cs-ylq-zjj'] } }, w.t.admin)).errors?.[0].extensions.reason).toBe('TEXT_UNCHANGED');

  // outside its region (株洲市天元区) the entry does not apply
  const elsewhere = await newMessage(w, { ...FUND_TEXT, regionUnitId: w.unit['hn-zz-tyq'] });
  const third = (await ok(s.gql(UNITS, { id: elsewhere.id }, w.t.dispatcher))).unitSuggestions;
  expect(third.flatMap((x: any) => x.reasons).some((r: any) => r.kind === 'CATALOGUE')).toBe(false);

  // retired: no longer suggested; a retired entry is enabled before it is changed
  const retired = (await ok(s.gql(UPDATE, { i: { id: created.id, isActive: false } }, w.t.admin))).updateCatalogueEntry.entry;
  expect(retired.versions[0]).toMatchObject({ versionNo: 3, action: 'RETIRED' });
  expect((await ok(s.gql(UNITS, { id: m.id }, w.t.dispatcher))).unitSuggestions.flatMap((x: any) => x.reasons).some((r: any) => r.kind === 'CATALOGUE')).toBe(
    false,
  );
  expect((await s.gql(UPDATE, { i: { id: created.id, matter: '住宅维修资金' } }, w.t.admin)).errors?.[0].extensions.reason).toBe('ENTRY_RETIRED');
  const enabled = (await ok(s.gql(UPDATE, { i: { id: created.id, isActive: true } }, w.t.admin))).updateCatalogueEntry.entry;
  expect(enabled.versions.map((v: any) => v.action)).toEqual(['ENABLED', 'RETIRED', 'EDITED', 'CREATED']);
  expect(enabled.versions[0].actorName).toBeTruthy();

  // past its last valid day it no longer applies
  s.app.services.workflow.now = () => new Date(Date.now() + 400 * 86400_000);
  await ok(s.gql(UPDATE, { i: { id: created.id, validUntil: day(30) } }, w.t.admin));
  expect((await ok(s.gql(UNITS, { id: m.id }, w.t.dispatcher))).unitSuggestions.flatMap((x: any) => x.reasons).some((r: any) => r.kind === 'CATALOGUE')).toBe(
    false,
  );
  s.app.services.workflow.now = () => new Date();
  expect((await ok(s.gql(UNITS, { id: m.id }, w.t.dispatcher))).unitSuggestions[0].reasons[0].kind).toBe('CATALOGUE');
  await ok(s.gql(UPDATE, { i: { id: created.id, isActive: false } }, w.t.admin));
});

test('a category entry matches messages of that category and below; the more specific entry ranks first', async () => {
  const broad = (await ok(s.gql(CREATE, { i: { matter: '城建类事项', categoryId: cat.urban, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.admin)))
    .createCatalogueEntry.entry;
  const narrow = (
    await ok(
      s.gql(
        CREATE,
        { i: { matter: '物业服务投诉', categoryId: cat['urban-property'], keywords: ['物业'], leadUnitId: w.unit['hn-cs-cgj'], validFrom: day(0) } },
        w.t.admin,
      ),
    )
  ).createCatalogueEntry.entry;
  const m = await newMessage(w, {
    type: 'COMPLAIN',
    title: '物业不作为',
    content: '小区物业长期不清理垃圾，投诉多次没有结果。',
    categoryId: cat['urban-property'],
    regionUnitId: w.unit['hn-cs-frq'],
  });
  const got = (await ok(s.gql(UNITS, { id: m.id }, w.t.dispatcher))).unitSuggestions;
  expect(got.slice(0, 2).map((x: any) => [x.unit.id, x.reasons[0].catalogueEntryId])).toEqual([
    [w.unit['hn-cs-cgj'], narrow.id],
    [w.unit['hn-cs-zjj'], broad.id],
  ]);
  // a message of another category matches neither
  const other = await newMessage(w, { type: 'COMPLAIN', title: '物业不作为', content: '小区物业长期不清理垃圾。', categoryId: cat['traffic-bus'] });
  expect(
    (await ok(s.gql(UNITS, { id: other.id }, w.t.dispatcher))).unitSuggestions.flatMap((x: any) => x.reasons).some((r: any) => r.kind === 'CATALOGUE'),
  ).toBe(false);
  for (const e of [broad, narrow]) await ok(s.gql(UPDATE, { i: { id: e.id, isActive: false } }, w.t.admin));
});

test('who may: administrators keep the catalogue, staff read it; input rules', async () => {
  const input = { matter: '噪声扰民', keywords: ['噪音'], leadUnitId: w.unit['hn-cs-sthj'] };
  expect(codeOf(await s.gql(CREATE, { i: input }, w.t.dispatcher))).toBe('FORBIDDEN');
  expect(codeOf(await s.gql(CREATE, { i: input }, w.t.handler))).toBe('FORBIDDEN');
  const reason = async (i: Record<string, unknown>) => (await s.gql(CREATE, { i }, w.t.admin)).errors?.[0].extensions.reason;
  expect(await reason({ matter: '没有关键词', leadUnitId: w.unit['hn-cs-sthj'] })).toBe('MATTER_REQUIRED');
  expect(await reason({ ...input, leadUnitId: w.unit.hn })).toBe('UNIT_DOES_NOT_HANDLE');
  expect(await reason({ ...input, regionUnitId: w.unit['hn-cs-zjj'] })).toBe('NOT_A_REGION');
  expect(await reason({ ...input, assistUnitIds: [w.unit['hn-cs-sthj']] })).toBe('LEAD_ALSO_ASSIST');
  expect(await reason({ ...input, validFrom: day(10), validUntil: day(1) })).toBe('DATES_OUT_OF_ORDER');
  const e = (await ok(s.gql(CREATE, { i: input }, w.t.admin))).createCatalogueEntry.entry;
  for (const who of ['dispatcher', 'handler', 'supervisor']) {
    expect((await ok(s.gql(LIST, { f: { search: '噪声' } }, w.t[who]))).dispatchCatalogue.nodes.map((x: any) => x.id)).toContain(e.id);
  }
  expect(
    (await ok(s.gql(LIST, { f: { unitId: w.unit['hn-cs-sthj'], isActive: true } }, w.t.dispatcher))).dispatchCatalogue.nodes.map((x: any) => x.id),
  ).toEqual([e.id]);
  expect(codeOf(await s.gql(UPDATE, { i: { id: e.id, matter: '噪音' } }, w.t.dispatcher))).toBe('FORBIDDEN');
  expect(codeOf(await s.gql(`query($id: ID!) { dispatchCatalogueEntry(id: $id) { id } }`, { id: '999999' }, w.t.dispatcher))).toBe('NOT_FOUND');
});

test('catalogue gaps: an assignment no entry covered when assigned is a gap, one an entry covered is not; platform roles only', async () => {
  const GAPS = `query($p: PeriodInput!, $r: ID) { catalogueGaps(period: $p, regionUnitId: $r) {
    assigned covered gaps gapRate unrecorded topCategories { key label count } topKeywords { key count } regions { region { id } assigned gaps gapRate } } }`;
  const ASSIGN = `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`;
  const LEDGER = `query($id: ID!) { message(id: $id) { timeline(first: 20) { nodes { action payload } } } }`;
  const period = { from: day(0), to: day(0) };
  const gaps = async (who = 'dispatcher') => (await ok(s.gql(GAPS, { p: period, r: w.unit['hn-cs'] }, w.t[who]))).catalogueGaps;
  const before = await gaps();
  const entry = (
    await ok(
      s.gql(CREATE, { i: { matter: '共享单车停放管理', keywords: ['共享单车'], regionUnitId: w.unit['hn-cs'], leadUnitId: w.unit['hn-cs-cgj'] } }, w.t.admin),
    )
  ).createCatalogueEntry.entry;
  const covered = await newMessage(w, {
    title: '共享单车乱停放堵塞人行道',
    content: '地铁口的共享单车堆成一片，行人只能走机动车道。',
    categoryId: cat['traffic-parking'],
    regionUnitId: w.unit['hn-cs-ylq'],
  });
  const uncovered = await newMessage(w, {
    title: '小区门口夜市油烟熏人',
    content: '每天晚上小区门口夜市摊贩占道经营，油烟熏得住户不敢开窗。',
    categoryId: cat['env-air'],
    regionUnitId: w.unit['hn-cs-ylq'],
  });
  for (const m of [covered, uncovered]) await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-cgj'] } }, w.t.dispatcher));
  // the ASSIGNED row records the entry that covered the message then, or null
  const assignedRow = async (id: string) =>
    (await ok(s.gql(LEDGER, { id }, w.t.dispatcher))).message.timeline.nodes.find((e: any) => e.action === 'ASSIGNED').payload;
  expect(await assignedRow(covered.id)).toMatchObject({ catalogueEntryId: Number(entry.id), catalogueMatter: '共享单车停放管理' });
  expect(await assignedRow(uncovered.id)).toMatchObject({ catalogueEntryId: null, catalogueMatter: null });
  // retiring the entry afterwards changes nothing: coverage is what it was when assigned
  await ok(s.gql(UPDATE, { i: { id: entry.id, isActive: false } }, w.t.admin));

  const after = await gaps();
  expect([after.assigned - before.assigned, after.covered - before.covered, after.gaps - before.gaps, after.unrecorded - before.unrecorded]).toEqual([
    2, 1, 1, 0,
  ]);
  expect(after.gapRate).toBeCloseTo(after.gaps / after.assigned, 3);
  const count = (list: Array<{ key: string; count: number }>, key: string) => list.find((x) => x.key === key)?.count ?? 0;
  expect(count(after.topCategories, cat['env-air']) - count(before.topCategories, cat['env-air'])).toBe(1);
  expect(count(after.topCategories, cat['traffic-parking'])).toBe(count(before.topCategories, cat['traffic-parking']));
  expect(count(after.topKeywords, '夜市') - count(before.topKeywords, '夜市')).toBe(1);
  expect(count(after.topKeywords, '单车')).toBe(0);
  const ylq = (f: any) => f.regions.find((r: any) => r.region.id === w.unit['hn-cs-ylq']) ?? { assigned: 0, gaps: 0 };
  expect([ylq(after).assigned - ylq(before).assigned, ylq(after).gaps - ylq(before).gaps]).toEqual([2, 1]);
  // another region's figures do not hold them
  const zz = (await ok(s.gql(GAPS, { p: period, r: w.unit['hn-zz'] }, w.t.dispatcher))).catalogueGaps;
  expect(zz.regions.some((r: any) => r.region.id === w.unit['hn-cs-ylq'])).toBe(false);

  // platform roles only; a unit role or a leader is refused; the region must be a region
  expect((await gaps('supervisor')).gaps).toBe(after.gaps);
  for (const who of ['handler', 'reviewer', 'leader']) expect(codeOf(await s.gql(GAPS, { p: period }, w.t[who]))).toBe('FORBIDDEN');
  expect((await s.gql(GAPS, { p: period, r: w.unit['hn-cs-zjj'] }, w.t.dispatcher)).errors?.[0].extensions.reason).toBe('NOT_A_REGION');
});

test('catalogue gaps: a message assigned twice in the period counts once, by its last assignment', async () => {
  const GAPS = `query($p: PeriodInput!, $r: ID) { catalogueGaps(period: $p, regionUnitId: $r) { assigned covered gaps unrecorded } }`;
  const ASSIGN = `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`;
  const period = { from: day(0), to: day(0) };
  const gaps = async () => (await ok(s.gql(GAPS, { p: period, r: w.unit['hn-cs'] }, w.t.dispatcher))).catalogueGaps;
  const before = await gaps();
  const m = await newMessage(w, {
    title: '老旧小区加装电梯协调难',
    content: '我们楼想加装电梯，低层住户不同意，街道协调了几次没有结果。',
    regionUnitId: w.unit['hn-cs-ylq'],
  });
  // first assigned while no entry covers it: a gap …
  await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
  const lead = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id } } }`, { id: m.id }, w.t.dispatcher))).message.assignments[0];
  await ok(
    s.gql(
      `mutation($i: AssignmentReasonInput!) { requestReturn(input: $i) { assignment { id } } }`,
      { i: { assignmentId: lead.id, reason: '请改派' } },
      w.t.handler,
    ),
  );
  await ok(
    s.gql(`mutation($i: DecisionInput!) { decideReturn(input: $i) { assignment { id } } }`, { i: { assignmentId: lead.id, approve: true } }, w.t.dispatcher),
  );
  expect((await gaps()).gaps - before.gaps).toBe(1);
  // … then an entry covers the matter and the platform assigns it again: the last assignment decides, counted once
  const entry = (
    await ok(
      s.gql(CREATE, { i: { matter: '既有住宅加装电梯', keywords: ['加装电梯'], regionUnitId: w.unit['hn-cs'], leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.admin),
    )
  ).createCatalogueEntry.entry;
  await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
  await ok(s.gql(UPDATE, { i: { id: entry.id, isActive: false } }, w.t.admin));
  const after = await gaps();
  expect([after.assigned - before.assigned, after.covered - before.covered, after.gaps - before.gaps, after.unrecorded - before.unrecorded]).toEqual([
    1, 1, 0, 0,
  ]);
});
