/**
 * Reading through the public API (issue 18, items 6, 12, 15): keyset cursors on the public list (a message published
 * between two page loads never repeats a row), public units as a tree (parent, kind, children; filters for a region
 * picker), and boards that say how many of their messages are public, consistently with the list.
 */
import { codeOf } from './helpers';
import { assignTo, newApiKey, ok, worldPerFile } from './workflow-helpers';

let key: string;
const pub = (query: string, variables: Record<string, unknown> = {}) => s.gql(query, variables, null, { 'x-api-key': key });
const LIST = `query($first: Int, $after: String, $offset: Int, $f: PublicMessageFilter) { publicMessages(first: $first, after: $after, offset: $offset, filter: $f) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { serialNo } } }`;

/** A public message entered by staff and accepted (listed at once); `submittedAt` may be given. */
async function published(extra: Record<string, unknown> = {}) {
  const m = (
    await ok(
      s.gql(
        `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id serialNo } } }`,
        {
          i: {
            channel: 'HOTLINE_12345',
            type: 'SUGGEST',
            title: '建议增加社区公交班次',
            content: '早高峰社区公交等车时间太长，建议增加班次，方便居民出行。',
            realName: '孙七',
            phone: '13600000003',
            isPublic: true,
            regionUnitId: w.unit['hn-cs-ylq'],
            ...extra,
          },
        },
        w.t.dispatcher,
      ),
    )
  ).createMessage.message;
  await ok(s.gql(`mutation($i: MessageActionInput!) { acceptMessage(input: $i) { message { id } } }`, { i: { messageId: m.id } }, w.t.dispatcher));
  return m as { id: string; serialNo: string };
}

const { s, w } = worldPerFile();
beforeAll(async () => {
  key = (await newApiKey(s, w.t.admin, { name: '读取', owner: '测试', scopes: ['PUBLIC_READ'], rateLimitPerMinute: 100000 })).key;
  for (let i = 0; i < 7; i++) await published({ submittedAt: new Date(Date.now() - (i + 1) * 3600_000).toISOString() });
});

test('cursors are keyset cursors: a message published between two page loads never repeats a row', async () => {
  const page1 = (await ok(pub(LIST, { first: 3 }))).publicMessages;
  expect(Buffer.from(page1.pageInfo.endCursor, 'base64url').toString()).toMatch(/^k:\d+:\d+$/);
  const all = (await ok(pub(LIST, { first: 100 }))).publicMessages.nodes.map((n: any) => n.serialNo);
  await published(); // newest: first in the list from now on
  const page2 = (await ok(pub(LIST, { first: 3, after: page1.pageInfo.endCursor }))).publicMessages;
  expect(page2.nodes.map((n: any) => n.serialNo)).toEqual(all.slice(3, 6));
  expect(page2.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  expect(page2.totalCount).toBe(all.length + 1);
  // Offset paging (still accepted) is what the cursor used to be: the same page now repeats the last row seen.
  const byOffset = (await ok(pub(LIST, { first: 3, offset: 3 }))).publicMessages.nodes.map((n: any) => n.serialNo);
  expect(byOffset[0]).toBe(page1.nodes[2].serialNo);
});

test('rows entered at the very same moment page in id order: every row once, none skipped', async () => {
  const at = new Date(Date.now() - 30 * 86400_000).toISOString();
  const same = [await published({ submittedAt: at }), await published({ submittedAt: at }), await published({ submittedAt: at })];
  const all = (await ok(pub(LIST, { first: 100 }))).publicMessages.nodes.map((n: any) => n.serialNo);
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const p: any = (await ok(pub(LIST, { first: 2, after }))).publicMessages;
    seen.push(...p.nodes.map((n: any) => n.serialNo));
    if (!p.pageInfo.hasNextPage) break;
    after = p.pageInfo.endCursor;
  }
  expect(seen).toEqual(all);
  const positions = same.map((m) => seen.indexOf(m.serialNo));
  expect(positions).toEqual([...positions].sort((a, b) => a - b).reverse()); // newest id first among equal times
  // A cursor is exactly what the server hands out.
  for (const bad of [
    Buffer.from('k:1:0').toString('base64url'),
    Buffer.from('k:-5:3').toString('base64url'),
    Buffer.from(`k:${Date.now()}:3 `).toString('base64url'),
    Buffer.from('o:3').toString('base64url'),
  ]) {
    const r = await pub(LIST, { first: 2, after: bad });
    expect({ bad, code: codeOf(r), field: r.errors?.[0]?.extensions?.field }).toEqual({ bad, code: 'BAD_USER_INPUT', field: 'after' });
  }
});

test('public units form a tree: parent, kind and children; a region picker asks for the regions below a region', async () => {
  const cs = w.unit['hn-cs'];
  const regions = (await ok(pub(`query($p: ID) { publicUnits(parentId: $p, kind: REGION) { id name kind parent { id name } } }`, { p: cs }))).publicUnits;
  expect(regions.map((u: any) => u.name)).toEqual(['岳麓区', '芙蓉区', '浏阳市']);
  for (const u of regions) expect(u).toMatchObject({ kind: 'REGION', parent: { id: cs, name: '长沙市' } });
  const below = (await ok(pub(`query($p: ID) { publicUnits(parentId: $p) { name kind } }`, { p: cs }))).publicUnits;
  expect(below.some((u: any) => u.kind === 'DEPARTMENT' && u.name === '长沙市住房和城乡建设局')).toBe(true);
  const ylq = (await ok(pub(`{ publicUnits(kind: REGION) { id name children { name kind } parent { name parent { name } } } }`))).publicUnits.find(
    (u: any) => u.name === '岳麓区',
  );
  expect(ylq.parent).toEqual({ name: '长沙市', parent: { name: '湖南省' } });
  expect(ylq.children.filter((c: any) => c.kind === 'REGION').map((c: any) => c.name)).toEqual(['岳麓街道', '望月湖街道']);
  // The region of a public message is a unit of the tree too.
  const m = (await ok(pub(`{ publicMessages(first: 1) { nodes { region { name kind parent { name } } } } }`))).publicMessages.nodes[0];
  expect(m.region).toEqual({ name: '岳麓区', kind: 'REGION', parent: { name: '长沙市' } });
  // A disabled unit is not listed, nor offered as a child.
  await ok(
    s.gql(`mutation($i: SetUnitActiveInput!) { setUnitActive(input: $i) { unit { id } } }`, { i: { id: w.unit['hn-cs-ylq-wyh'], isActive: false } }, w.t.admin),
  );
  const after = (await ok(pub(`query($p: ID) { publicUnits(parentId: $p, kind: REGION) { name } }`, { p: w.unit['hn-cs-ylq'] }))).publicUnits;
  expect(after.map((u: any) => u.name)).toEqual(['岳麓街道']);
  expect(codeOf(await pub(`{ publicUnits(parentId: "999999") { id } }`))).toBe('BAD_USER_INPUT');
});

test('boards count every accepted message like the statistics and say how many are public, as the list does', async () => {
  const BOARD = `query($u: ID!) { unitBoard(unitId: $u) { received replied responseRate publicReceived } }`;
  const cs = w.unit['hn-cs'];
  const assign = async (id: string) => assignTo(w, id, 'hn-cs-zjj');
  await assign((await published()).id);
  const before = (await ok(pub(BOARD, { u: cs }))).unitBoard;
  const listed = async () => (await ok(pub(LIST, { first: 1, f: { unitId: cs } }))).publicMessages.totalCount;
  expect(before.publicReceived).toBe(await listed());
  // A message the citizen kept private counts on the board (the unit handles it) but is not public.
  await assign((await published({ isPublic: false })).id);
  const after = (await ok(pub(BOARD, { u: cs }))).unitBoard;
  expect(after).toMatchObject({ received: before.received + 1, publicReceived: before.publicReceived });
  expect(after.publicReceived).toBe(await listed());
  expect(after.received).toBeGreaterThan(after.publicReceived);
});
