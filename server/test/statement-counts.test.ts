/**
 * Statement counts of the console's hot queries (issue 19): the unit inbox, the message detail with its timeline and
 * the review queue, each sent as the console sends it (admin/src/graphql), counted by the server (x-count-sql,
 * authentication included), the same for one row as for many.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DocumentNode, FragmentDefinitionNode, Kind, parse, print, visit } from 'graphql';
import { codeOf } from './helpers';
import { mutation, newMessage, ok, USER_PASSWORD, userIn, worldPerFile } from './workflow-helpers';
import { StatementCounter, statementCounterStorage } from '../src/db/dataSource';

const { s, w } = worldPerFile({}, { timeout: 180_000 });

/** The console's operation `name` of `file`, with the fragments it uses (as the console's build sends it). */
function consoleOperation(file: string, name: string): string {
  const dir = path.join(__dirname, '../../admin/src/graphql');
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.graphql'))) {
    for (const d of parse(fs.readFileSync(path.join(dir, f), 'utf8')).definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const op = parse(fs.readFileSync(path.join(dir, file), 'utf8')).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name)!;
  const needed = new Set<string>();
  const walk = (node: FragmentDefinitionNode | DocumentNode['definitions'][number]) =>
    visit(node, {
      FragmentSpread(n) {
        if (!needed.has(n.name.value)) {
          needed.add(n.name.value);
          walk(fragments.get(n.name.value)!);
        }
      },
    });
  walk(op);
  return [print(op), ...[...needed].map((n) => print(fragments.get(n)!))].join('\n');
}

/** The statements of the last counted request (in this process), to say what ran when a bound is exceeded. */
let lastCounter: StatementCounter | undefined;
const run = statementCounterStorage.run.bind(statementCounterStorage);
statementCounterStorage.run = ((store: StatementCounter, cb: () => unknown) => {
  lastCounter = store;
  return run(store, cb);
}) as typeof statementCounterStorage.run;

const counted = async (query: string, variables: Record<string, unknown>, token: string) => {
  const r = await s.gql(query, variables, token, { 'x-count-sql': '1' });
  expect(r.errors).toBeUndefined();
  const statements = lastCounter?.statements ?? [];
  return { data: r.data, count: r.extensions?.sqlStatements as number, statements };
};
const FORM = {
  content: '您好！经核查，该工地夜间施工已被责令停止，我局将持续巡查。感谢您的监督。',
  contactedCitizen: true,
  contactMethod: '电话',
  resolved: true,
};

const INBOX = consoleOperation('inbox.graphql', 'Inbox');
const DETAIL = consoleOperation('messages.graphql', 'MessageDetail');
const REVIEWS = consoleOperation('reviews.graphql', 'ReviewQueue');

/** A message taken far: grouped with another, assigned to a lead and an assisting unit, signed, an extension asked, urged, a reply in review. */
async function busyMessage() {
  const m = await newMessage(w);
  const member = await newMessage(w, { title: '同一工地夜间施工噪音扰民' });
  await ok(
    s.gql(
      mutation('createMessageGroup', 'CreateMessageGroupInput', 'group { id }'),
      { i: { leadMessageId: m.id, memberMessageIds: [member.id], note: '同一工地' } },
      w.t.dispatcher,
    ),
  );
  await ok(
    s.gql(
      mutation('assignMessage', 'AssignMessageInput', 'message { id }'),
      { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'], assistUnitIds: [w.unit['hn-cs-jtj']] } },
      w.t.dispatcher,
    ),
  );
  const a = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id unit { id } } } }`, { id: m.id }, w.t.handler))).message.assignments.find(
    (x: any) => x.unit.id === w.unit['hn-cs-zjj'],
  );
  await ok(s.gql(mutation('signAssignment', 'AssignmentActionInput', 'assignment { id }'), { i: { assignmentId: a.id } }, w.t.handler));
  await ok(
    s.gql(
      mutation('requestExtension', 'RequestExtensionInput', 'assignment { id }'),
      { i: { assignmentId: a.id, days: 5, reason: '需要现场核查' } },
      w.t.handler,
    ),
  );
  await ok(s.gql(mutation('urgeMessage', 'SupervisionInput', 'supervision { id }'), { i: { messageId: m.id, content: '请尽快办理' } }, w.t.dispatcher));
  const reply = (await ok(s.gql(mutation('draftReply', 'DraftReplyInput', 'reply { id }'), { i: { assignmentId: a.id, kind: 'FINAL', ...FORM } }, w.t.handler)))
    .draftReply.reply;
  await ok(s.gql(mutation('submitReply', 'SubmitReplyInput', 'reply { id }'), { i: { replyId: reply.id } }, w.t.handler));
  return m;
}

/** The statements that ran, shortened, to say what a request costs when a bound is exceeded. */
const listed = (statements: string[]) => statements.map((x, i) => `${i + 1}. ${x.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n');

/** The statements that read the session or the account (authentication), by the tables they name. */
const authenticating = (statements: string[]) => statements.filter((x) => /user_session/.test(x));

test('authentication costs one statement per request (session, account and unit joined), and logout, disabling and a role change refuse the very next request', async () => {
  const token = await userIn(w, 'count-auth', 'UNIT_HANDLER', 'hn-cs-zjj');
  // a request that reads nothing itself: what is left is authentication
  const bare = await counted('{ __typename }', {}, token);
  expect(bare.count).toBe(1);
  expect(authenticating(bare.statements)).toHaveLength(1);
  expect(bare.statements[0]).toMatch(/app_user/);
  expect(bare.statements[0]).toMatch(/unit/);
  const me = await counted('{ me { id role } }', {}, token);
  expect(me.data.me.role).toBe('UNIT_HANDLER');
  expect(authenticating(me.statements)).toHaveLength(1);
  // no cache between requests: each change is seen by the next request, on any server instance
  const id = me.data.me.id;
  const again = async () => s.login('count-auth', USER_PASSWORD);
  const change = (i: Record<string, unknown>) =>
    ok(s.gql(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id } } }`, { i: { id, ...i } }, w.t.admin));
  await change({ role: 'UNIT_REVIEWER' });
  expect(codeOf(await s.gql('{ me { id } }', {}, token))).toBe('UNAUTHENTICATED');
  const reviewer = await again();
  expect((await ok(s.gql('{ me { role } }', {}, reviewer))).me.role).toBe('UNIT_REVIEWER');
  await ok(s.gql('mutation { logout { ok } }', {}, reviewer));
  expect(codeOf(await s.gql('{ me { id } }', {}, reviewer))).toBe('UNAUTHENTICATED');
  const third = await again();
  await change({ isActive: false });
  expect(codeOf(await s.gql('{ me { id } }', {}, third))).toBe('UNAUTHENTICATED');
});

test('the unit inbox, as the console asks it of a unit handler: the same statements for one row and for many, at most 4 with authentication', async () => {
  for (let i = 0; i < 3; i++) await busyMessage();
  const one = await counted(INBOX, { first: 1 }, w.t.handler);
  const many = await counted(INBOX, { first: 25 }, w.t.handler);
  expect(one.data.inbox.nodes).toHaveLength(1);
  expect(many.data.inbox.nodes.length).toBeGreaterThanOrEqual(3);
  expect(many.data.inbox.nodes[0].availableActions.length).toBeGreaterThan(0);
  console.log(`inbox: ${one.count} statements for 1 row, ${many.count} for ${many.data.inbox.nodes.length}:\n${listed(many.statements)}`);
  expect(many.count).toBe(one.count);
  // authentication (one statement), the page, the guard facts (pending extension or objection, hand-downs, drafts, open
  // supervision, the units below) and the catalogue: 6 before the open supervisions were read with the guard facts, 5
  // before the units below were
  expect(authenticating(many.statements)).toHaveLength(1);
  expect(many.count).toBeLessThanOrEqual(4);
});

test("the message detail with its timeline, the console's whole MessageDetail document as the dispatcher: at most 10 statements", async () => {
  const m = await busyMessage();
  const r = await counted(DETAIL, { id: m.id }, w.t.dispatcher);
  const d = r.data.message;
  // what the page shows is there: the lead and the assisting unit, the extension asked, the reply in review, the urging,
  // the group with its two messages, and the ledger
  expect(d.assignments.map((a: any) => a.role).sort()).toEqual(['ASSIST', 'LEAD']);
  expect(d.assignments.find((a: any) => a.role === 'LEAD').extensionRequests).toHaveLength(1);
  expect(d.replies).toHaveLength(1);
  expect(d.replies[0].state).toBe('UNIT_REVIEW');
  expect(d.supervisions).toHaveLength(1);
  expect(d.group.size).toBe(2);
  expect(d.group.members).toHaveLength(2);
  expect(d.timeline.nodes.length).toBeGreaterThanOrEqual(6);
  expect(d.availableActions.length).toBeGreaterThan(0);
  console.log(`message detail: ${r.count} statements:\n${listed(r.statements)}`);
  // 27 before the guard inputs of the message and its replies came from the request's loaders, the units with the
  // assignments and replies, the members with their messages, the timeline's units and users with its entries, and its
  // total from a page that is not full; 15 before the units below joined the guard facts, the extension requests and
  // objections came with the assignments, the region and category with the message and the group with the group mark
  // (the target; docs/limits.md says what the 10 are)
  expect(r.count).toBeLessThanOrEqual(10);
});

test('the review queue, as the console asks it of a unit reviewer: the same statements for one reply and for many', async () => {
  for (let i = 0; i < 3; i++) await busyMessage();
  const one = await counted(REVIEWS, { first: 1 }, w.t.reviewer);
  const many = await counted(REVIEWS, { first: 25 }, w.t.reviewer);
  expect(one.data.reviewQueue.nodes).toHaveLength(1);
  expect(many.data.reviewQueue.nodes.length).toBeGreaterThanOrEqual(3);
  for (const n of many.data.reviewQueue.nodes) expect(n.availableActions).toContain('UNIT_APPROVE');
  console.log(`review queue: ${one.count} statements for 1 reply, ${many.count} for ${many.data.reviewQueue.nodes.length}:\n${listed(many.statements)}`);
  // before, each reply's guards and checks read its message, unit, assignment and analysis rows on their own (12 for one, 27 for 7)
  expect(many.count).toBe(one.count);
  expect(many.count).toBeLessThanOrEqual(9);
});
