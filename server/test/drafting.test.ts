/**
 * A handler's drafting tools: reply templates (常用语) per unit, and attachments uploaded to the server, kept under
 * DATA_DIR and served only to those who may see the message.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeOf } from './helpers';
import { assignTo, newMessage, ok, userIn, worldPerFile } from './workflow-helpers';

let otherHandler: string;
let otherReviewer: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wz-files-'));

const TEMPLATES = `query($f: ReplyTemplateFilter) { replyTemplates(filter: $f) { id title text isActive unit { code } } }`;
const CREATE = `mutation($i: CreateReplyTemplateInput!) { createReplyTemplate(input: $i) { template { id title unit { code } } } }`;
const UPDATE = `mutation($i: UpdateReplyTemplateInput!) { updateReplyTemplate(input: $i) { template { id isActive } } }`;

const { s, w } = worldPerFile({ DATA_DIR: dataDir });
beforeAll(async () => {
  otherHandler = await userIn(w, 'jtj.handler2', 'UNIT_HANDLER', 'hn-cs-jtj');
  otherReviewer = await userIn(w, 'jtj.reviewer2', 'UNIT_REVIEWER', 'hn-cs-jtj');
});
afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("templates: a reviewer keeps their unit's, an admin the platform's; a handler uses those of their unit and above, not other units' nor disabled ones", async () => {
  const own = (await ok(s.gql(CREATE, { i: { title: '已责令整改', text: '您好！经核查，我局已责令相关单位限期整改，并将跟踪复查。' } }, w.t.reviewer)))
    .createReplyTemplate.template;
  expect(own.unit.code).toBe('hn-cs-zjj');
  const platform = (await ok(s.gql(CREATE, { i: { title: '感谢监督', text: '感谢您对我们工作的监督和支持。', sortOrder: 1 } }, w.t.admin))).createReplyTemplate
    .template;
  await ok(s.gql(CREATE, { i: { title: '交通局用语', text: '交通局的常用语内容。' } }, otherReviewer));
  const gone = (await ok(s.gql(CREATE, { i: { title: '已停用的', text: '不再使用的常用语。' } }, w.t.reviewer))).createReplyTemplate.template;
  await ok(s.gql(UPDATE, { i: { id: gone.id, isActive: false } }, w.t.reviewer));

  // The demo data hold templates too: this test's are checked by id; the unit's own come before the platform's.
  const usable = (await ok(s.gql(TEMPLATES, {}, w.t.handler))).replyTemplates;
  const ids = usable.map((x: any) => x.id);
  expect(ids).toEqual(expect.arrayContaining([own.id, platform.id]));
  expect(ids).not.toContain(gone.id);
  expect(usable.map((x: any) => x.title)).not.toContain('交通局用语');
  expect(ids.indexOf(own.id)).toBeLessThan(ids.indexOf(platform.id));
  expect(usable.find((x: any) => x.id === platform.id).unit.code).not.toBe('hn-cs-zjj');
  // Keeping them: handlers may not; reviewers see their subtree's, disabled ones included; another unit's is not theirs.
  expect(codeOf(await s.gql(CREATE, { i: { title: '承办人不能建', text: '承办人不能维护常用语。' } }, w.t.handler))).toBe('FORBIDDEN');
  expect(codeOf(await s.gql(TEMPLATES, { f: { manage: true } }, w.t.handler))).toBe('FORBIDDEN');
  const kept = (await ok(s.gql(TEMPLATES, { f: { manage: true } }, w.t.reviewer))).replyTemplates;
  expect(kept.filter((x: any) => [own.id, gone.id, platform.id].includes(x.id) || x.title === '交通局用语').map((x: any) => [x.id, x.isActive])).toEqual([
    [own.id, true],
    [gone.id, false],
  ]);
  expect(kept.every((x: any) => x.unit.code.startsWith('hn-cs-zjj'))).toBe(true);
  expect(codeOf(await s.gql(UPDATE, { i: { id: own.id, isActive: false } }, otherReviewer))).toBe('NOT_FOUND');
  const bad = await s.gql(CREATE, { i: { title: '', text: '内容' } }, w.t.reviewer);
  expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  expect(bad.errors![0].extensions!.problems).toEqual(
    expect.arrayContaining([{ field: 'title', message: expect.any(String), reason: 'LENGTH', params: { field: 'title', min: 1, max: 50 } }]),
  );
});

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')]);
const upload = (messageId: string, token: string, name: string, body: Buffer, type = 'application/pdf') =>
  fetch(`${s.url}/attachments?messageId=${messageId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type, 'x-file-name': encodeURIComponent(name) },
    body,
  });
const download = (url: string, token?: string) => fetch(`${s.url}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

test('attachments: the handler uploads a PDF for an assigned message and drafts with it; only those who may see the message get the file', async () => {
  const m = await newMessage(w);
  await assignTo(w, m.id, 'hn-cs-zjj');
  const res = await upload(m.id, w.t.handler, '现场照片与整改通知书.pdf', PDF);
  expect(res.status).toBe(201);
  const file = await res.json();
  expect(file).toMatchObject({ name: '现场照片与整改通知书.pdf', size: PDF.length, contentType: 'application/pdf' });
  expect(file.url).toMatch(/^\/attachments\/[0-9a-f]{32}$/);
  // The bytes are under DATA_DIR/attachments, whole.
  expect(fs.readFileSync(path.join(dataDir, 'attachments', file.url.split('/').pop()))).toEqual(PDF);

  const lead = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id } } }`, { id: m.id }, w.t.handler))).message.assignments[0];
  await ok(s.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: lead.id } }, w.t.handler));
  const draft = await ok(
    s.gql(
      `mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id attachments { name url } } } }`,
      { i: { assignmentId: lead.id, kind: 'FINAL', content: '您好！经核查已责令整改，整改通知书见附件。', attachments: [{ name: file.name, url: file.url }] } },
      w.t.handler,
    ),
  );
  expect(draft.draftReply.reply.attachments).toEqual([{ name: file.name, url: file.url }]);

  for (const who of [w.t.handler, w.t.reviewer, w.t.dispatcher]) {
    const got = await download(file.url, who);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toContain(encodeURIComponent('现场照片与整改通知书.pdf'));
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(PDF);
  }
  // Another unit's handler: exactly like a file that does not exist; no token: 401.
  const hidden = await download(file.url, otherHandler);
  const missing = await download(`/attachments/${'0'.repeat(32)}`, otherHandler);
  expect([hidden.status, (await hidden.json()).errors[0].extensions.code]).toEqual([404, 'NOT_FOUND']);
  expect(missing.status).toBe(404);
  expect((await download(file.url)).status).toBe(401);
  // Uploading for a message outside one's reach is refused the same way, and writes nothing.
  const before = fs.readdirSync(path.join(dataDir, 'attachments')).length;
  expect((await upload(m.id, otherHandler, 'x.pdf', PDF)).status).toBe(404);
  expect(fs.readdirSync(path.join(dataDir, 'attachments')).length).toBe(before);
});

test('attachments: what a browser could run, a file over 10 MB and an empty file are refused with a reason', async () => {
  const m = await newMessage(w);
  const html = await upload(m.id, w.t.dispatcher, 'page.html', Buffer.from('<html><script>alert(1)</script></html>'), 'text/html');
  expect([html.status, (await html.json()).errors[0].extensions]).toEqual([
    400,
    expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'FILE_TYPE_NOT_ALLOWED', params: { name: 'page.html' } }),
  ]);
  // A PDF's name on HTML bytes is judged by the bytes.
  const disguised = await upload(m.id, w.t.dispatcher, 'report.pdf', Buffer.from('<svg onload="alert(1)"></svg>'));
  expect((await disguised.json()).errors[0].extensions.reason).toBe('FILE_TYPE_NOT_ALLOWED');
  const big = await upload(m.id, w.t.dispatcher, 'big.pdf', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]));
  expect([big.status, (await big.json()).errors[0].extensions]).toEqual([
    413,
    expect.objectContaining({ reason: 'FILE_TOO_LARGE', params: { name: 'big.pdf', maxMb: 10 } }),
  ]);
  const empty = await upload(m.id, w.t.dispatcher, 'empty.pdf', Buffer.alloc(0));
  expect(empty.status).toBe(400);
  const text = await upload(m.id, w.t.dispatcher, '补充说明.txt', Buffer.from('群众补充：噪音主要在晚上十一点以后。'), 'text/plain');
  expect((await text.json()).contentType).toBe('text/plain; charset=utf-8');
});
