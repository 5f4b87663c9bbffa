/**
 * A property of the whole workflow, driven through the API like the console does: random (seeded) sequences of actions
 * by every role on a handful of messages; at each step, every action `availableActions` offers (on the message, its
 * assignments, its replies) succeeds when taken with valid input, and an action it does not offer is refused
 * (FORBIDDEN, INVALID_TRANSITION or NOT_FOUND) and changes nothing. The seed is printed on a failure.
 */
import { codeOf } from './helpers';
import { newMessage, ok, userIn, worldPerFile } from './workflow-helpers';

const SEED = Number(process.env.WORKFLOW_PROPERTY_SEED ?? 20261202);
const STEPS = Number(process.env.WORKFLOW_PROPERTY_STEPS ?? 150);

const tokens: Record<string, string> = {};
let categoryIds: string[] = [];
let target = '';
const pool: string[] = [];

/** mulberry32: a small seeded PRNG, so that a failing sequence can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] };
}

const MESSAGE_ACTIONS = [
  'ACCEPT',
  'MARK_INVALID',
  'MERGE',
  'ASSIGN',
  'CLASSIFY',
  'REASSIGN',
  'DIRECT_ANSWER',
  'HOLD',
  'RESUME',
  'URGE',
  'SUPERVISE',
  'INSTRUCT',
  'RECORD_EVALUATION',
  'REOPEN',
  'CLOSE',
  'REVEAL_PII',
] as const;
const ASSIGNMENT_ACTIONS = [
  'SIGN',
  'DELEGATE',
  'REQUEST_RETURN',
  'APPROVE_RETURN',
  'REJECT_RETURN',
  'REQUEST_EXTENSION',
  'APPROVE_EXTENSION',
  'REJECT_EXTENSION',
  'RECORD_CONTACT',
  'DRAFT_REPLY',
  'RESPOND_SUPERVISION',
  'CANCEL',
  'OBJECT',
  'UPHOLD_OBJECTION',
  'REJECT_OBJECTION',
] as const;
const REPLY_ACTIONS = ['EDIT', 'SUBMIT', 'UNIT_APPROVE', 'UNIT_REJECT', 'PLATFORM_APPROVE', 'PLATFORM_REJECT', 'REVISE'] as const;
/** Actions taken by the same mutation with the same input as another: not offered, it may still be the other one. */
const SAME_CALL: Record<string, string> = {
  UNIT_APPROVE: 'PLATFORM_APPROVE',
  PLATFORM_APPROVE: 'UNIT_APPROVE',
  UNIT_REJECT: 'PLATFORM_REJECT',
  PLATFORM_REJECT: 'UNIT_REJECT',
};

const DETAIL = `query($id: ID!) { message(id: $id) { id state version type leadUnit { id } availableActions
  assignments { id role state parentId unit { id } availableActions }
  replies { id kind state assignmentId content availableActions }
  supervisions { id kind unitId respondedAt } } }`;
type Detail = {
  id: string;
  state: string;
  version: number;
  type: string;
  leadUnit: { id: string } | null;
  availableActions: string[];
  assignments: Array<{ id: string; role: string; state: string; parentId: string | null; unit: { id: string }; availableActions: string[] }>;
  replies: Array<{ id: string; kind: string; state: string; assignmentId: string | null; content: string; availableActions: string[] }>;
  supervisions: Array<{ id: string; kind: string; unitId: string | null; respondedAt: string | null }>;
};
type Step = { on: 'M' | 'A' | 'R'; id: string; action: string };

const FORM = {
  content: '您好！经核查，您反映的问题属实，我局已责令相关单位整改，并将持续跟踪复查。感谢您的监督。',
  contactedCitizen: true,
  contactMethod: '电话',
  resolved: true,
};
const UNFINISHED = ['DRAFT', 'REJECTED', 'UNIT_REVIEW', 'PLATFORM_REVIEW'];
const M = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { __typename } }`;

/** The call that takes an action, with valid input chosen from what the message holds now. */
function call(step: Step, d: Detail, n: number): [string, Record<string, unknown>] {
  const messageId = d.id;
  const a = d.assignments.find((x) => x.id === step.id);
  const r = d.replies.find((x) => x.id === step.id);
  const zjj = w.unit['hn-cs-zjj'];
  const jtj = w.unit['hn-cs-jtj'];
  switch (step.action) {
    case 'ACCEPT':
      return [M('acceptMessage', 'MessageActionInput'), { messageId }];
    case 'MARK_INVALID':
      return [M('markMessageInvalid', 'MarkInvalidInput'), { messageId, reason: 'EMPTY' }];
    case 'MERGE':
      return [M('mergeMessage', 'MergeMessageInput'), { messageId, targetMessageId: target }];
    case 'ASSIGN':
      return [M('assignMessage', 'AssignMessageInput'), { messageId, leadUnitId: zjj, assistUnitIds: n % 2 ? [jtj] : [] }];
    case 'CLASSIFY':
      return [M('setMessageCategory', 'SetMessageCategoryInput'), { messageId, categoryId: categoryIds[n % categoryIds.length] }];
    case 'REASSIGN':
      return [M('reassignMessage', 'ReassignMessageInput'), { messageId, leadUnitId: d.leadUnit?.id === zjj ? jtj : zjj, reason: '职责调整' }];
    case 'DIRECT_ANSWER':
      return [M('directAnswer', 'DirectAnswerInput'), { messageId, ...FORM }];
    case 'HOLD':
      return [M('holdMessage', 'MessageReasonInput'), { messageId, reason: '等待群众补充材料' }];
    case 'RESUME':
      return [M('resumeMessage', 'MessageReasonInput'), { messageId, reason: '材料已补充' }];
    case 'URGE':
      return [M('urgeMessage', 'SupervisionInput'), { messageId, content: '请抓紧办理' }];
    case 'SUPERVISE':
      return [M('superviseMessage', 'SuperviseInput'), { messageId, content: '请限期反馈', dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }];
    case 'INSTRUCT':
      return [M('instructMessage', 'SupervisionInput'), { messageId, content: '请高度重视' }];
    case 'RECORD_EVALUATION':
      return [M('recordEvaluation', 'RecordEvaluationInput'), { messageId, resolution: 1 + (n % 5), attitude: 4, speed: 3 }];
    case 'REOPEN':
      return [M('reopenMessage', 'MessageReasonInput'), { messageId, reason: '问题仍未解决' }];
    case 'CLOSE':
      return [M('closeMessage', 'MessageActionInput'), { messageId }];
    case 'REVEAL_PII':
      return [M('revealMessagePii', 'MessageActionInput'), { messageId }];
    case 'SIGN':
      return [M('signAssignment', 'AssignmentActionInput'), { assignmentId: step.id }];
    case 'DELEGATE': {
      const handed = new Set(
        d.assignments.filter((c) => c.parentId === step.id && ['PENDING', 'SIGNED', 'RETURN_REQUESTED'].includes(c.state)).map((c) => c.unit.id),
      );
      const free = [w.unit['hn-cs-zjj-p1'], w.unit['hn-cs-zjj-p2']].find((u) => !handed.has(u)) ?? w.unit['hn-cs-zjj-p1'];
      return [M('delegateAssignment', 'DelegateInput'), { assignmentId: step.id, unitId: free, note: '请核实办理' }];
    }
    case 'REQUEST_RETURN':
      return [M('requestReturn', 'AssignmentReasonInput'), { assignmentId: step.id, reason: '不属于本单位职责' }];
    case 'APPROVE_RETURN':
      return [M('decideReturn', 'DecisionInput'), { assignmentId: step.id, approve: true, comment: '同意退回' }];
    case 'REJECT_RETURN':
      return [M('decideReturn', 'DecisionInput'), { assignmentId: step.id, approve: false, comment: '属于职责范围' }];
    case 'REQUEST_EXTENSION':
      return [M('requestExtension', 'RequestExtensionInput'), { assignmentId: step.id, days: 3, reason: '需协调多部门' }];
    case 'APPROVE_EXTENSION':
      return [M('decideExtension', 'DecisionInput'), { assignmentId: step.id, approve: true, comment: '同意延期' }];
    case 'REJECT_EXTENSION':
      return [M('decideExtension', 'DecisionInput'), { assignmentId: step.id, approve: false, comment: '请按期办结' }];
    case 'RECORD_CONTACT':
      return [M('recordContact', 'RecordContactInput'), { assignmentId: step.id, method: '电话' }];
    case 'DRAFT_REPLY': {
      const kinds = a?.role === 'LEAD' ? ['FINAL', 'PROGRESS'] : ['ASSIST_OPINION'];
      const kind = kinds.find((k) => !d.replies.some((x) => x.assignmentId === step.id && x.kind === k && UNFINISHED.includes(x.state))) ?? kinds[0];
      return [M('draftReply', 'DraftReplyInput'), { assignmentId: step.id, kind, ...FORM }];
    }
    case 'RESPOND_SUPERVISION': {
      const open = d.supervisions.find((x) => x.kind === 'SUPERVISE' && !x.respondedAt && (!x.unitId || x.unitId === a?.unit.id)) ?? d.supervisions[0];
      return [M('respondSupervision', 'RespondSupervisionInput'), { supervisionId: open?.id ?? '999999', response: '已按要求整改' }];
    }
    case 'CANCEL':
      return [M('cancelAssignment', 'AssignmentReasonInput'), { assignmentId: step.id, reason: '无需协办' }];
    case 'OBJECT':
      return [M('objectToAssignment', 'ObjectionInput'), { assignmentId: step.id, reason: '该事项不属于本单位职责' }];
    case 'UPHOLD_OBJECTION':
      return [
        M('decideObjection', 'ObjectionDecisionInput'),
        { assignmentId: step.id, uphold: true, comment: '异议成立', ...(a?.role === 'LEAD' ? { newUnitId: a.unit.id === zjj ? jtj : zjj } : {}) },
      ];
    case 'REJECT_OBJECTION':
      return [M('decideObjection', 'ObjectionDecisionInput'), { assignmentId: step.id, uphold: false, comment: '属于本单位职责' }];
    case 'EDIT':
      return [M('updateReply', 'UpdateReplyInput'), { replyId: step.id, ...FORM, content: `${FORM.content}（第 ${n} 次修改）` }];
    case 'SUBMIT':
      return [M('submitReply', 'SubmitReplyInput'), { replyId: step.id }];
    case 'UNIT_APPROVE':
    case 'PLATFORM_APPROVE':
      return [M('reviewReply', 'ReviewReplyInput'), { replyId: step.id, approve: true }];
    case 'UNIT_REJECT':
    case 'PLATFORM_REJECT':
      return [M('reviewReply', 'ReviewReplyInput'), { replyId: step.id, approve: false, comment: '请补充整改时限' }];
    case 'REVISE':
      return [M('reviseReply', 'ReviseReplyInput'), { replyId: step.id, content: `${r?.content ?? FORM.content}审核修改 ${n}。` }];
    default:
      throw new Error(`no call for ${step.action}`);
  }
}

const { s, w } = worldPerFile({}, { timeout: 300_000 });
beforeAll(async () => {
  for (const r of ['admin', 'dispatcher', 'supervisor', 'leader', 'handler', 'reviewer']) tokens[r] = w.t[r];
  tokens.jtjHandler = await userIn(w, 'prop.jtj.handler', 'UNIT_HANDLER', 'hn-cs-jtj');
  tokens.jtjReviewer = await userIn(w, 'prop.jtj.reviewer', 'UNIT_REVIEWER', 'hn-cs-jtj');
  for (const code of ['hn-cs-zjj-p1', 'hn-cs-zjj-p2']) {
    const u = await ok(
      s.gql(
        `mutation($i: CreateUnitInput!) { createUnit(input: $i) { unit { id } } }`,
        { i: { code, name: `住建局下属单位${code.slice(-1)}`, kind: 'DEPARTMENT', parentId: w.unit['hn-cs-zjj'] } },
        w.t.admin,
      ),
    );
    w.unit[code] = u.createUnit.unit.id;
  }
  categoryIds = (await ok(s.gql(`{ categories(first: 5) { nodes { id } } }`, {}, w.t.admin))).categories.nodes.map((c: { id: string }) => c.id);
  target = (await newMessage(w, { title: '并单目标留言' })).id;
  await ok(s.gql(M('acceptMessage', 'MessageActionInput'), { i: { messageId: target } }, w.t.dispatcher));
  for (const type of ['COMPLAIN', 'CONSULT', 'SUGGEST', 'HELP']) pool.push((await newMessage(w, { type })).id);
}, 300_000);

test(`every offered action succeeds and every other one is refused (seed ${SEED}, ${STEPS} steps)`, async () => {
  const rng = prng(SEED);
  const actors = Object.keys(tokens);
  const taken: Record<string, number> = {};
  for (let n = 0; n < STEPS; n++) {
    const messageId = rng.pick(pool);
    const actor = rng.pick(actors);
    const token = tokens[actor];
    const seen = await s.gql(DETAIL, { id: messageId }, token);
    const where = `seed ${SEED}, step ${n}, ${actor} on message ${messageId}`;
    if (seen.errors) {
      // outside the viewer's reach: every action answers as for a missing message
      expect({ where, code: codeOf(seen) }).toEqual({ where, code: 'NOT_FOUND' });
      const [q, i] = call(
        { on: 'M', id: messageId, action: rng.pick(MESSAGE_ACTIONS) },
        { id: messageId, assignments: [], replies: [], supervisions: [] } as unknown as Detail,
        n,
      );
      expect({ where, code: codeOf(await s.gql(q, { i }, token)) }).toEqual({ where, code: 'NOT_FOUND' });
      continue;
    }
    const d = seen.data.message as Detail;
    if (['INVALID', 'MERGED'].includes(d.state) && rng.next() < 0.5) {
      // a finished message has little left to walk: a fresh one takes its place now and then
      pool[pool.indexOf(messageId)] = (await newMessage(w, { type: rng.pick(['COMPLAIN', 'CONSULT', 'SUGGEST', 'HELP']) })).id;
    }
    const offered: Step[] = [
      // 相似件归并 (GROUP, UNGROUP) has its own tests (grouping.test.ts) and is not walked here
      ...d.availableActions
        .filter((action) => (MESSAGE_ACTIONS as readonly string[]).includes(action))
        .map((action) => ({ on: 'M' as const, id: d.id, action })),
      ...d.assignments.flatMap((a) => a.availableActions.map((action) => ({ on: 'A' as const, id: a.id, action }))),
      ...d.replies.flatMap((r) => r.availableActions.map((action) => ({ on: 'R' as const, id: r.id, action }))),
    ];
    const isOffered = (st: Step) => offered.some((o) => o.on === st.on && o.id === st.id && (o.action === st.action || o.action === SAME_CALL[st.action]));
    if (offered.length && rng.next() < 0.7) {
      // revealing private data is offered almost everywhere: taken less often, so that the walk moves on
      const moving = offered.filter((o) => o.action !== 'REVEAL_PII');
      const step = rng.pick(moving.length && rng.next() < 0.9 ? moving : offered);
      const [q, i] = call(step, d, n);
      const r = await s.gql(q, { i }, token);
      expect({ where, step, errors: r.errors ?? null }).toEqual({ where, step, errors: null });
      taken[step.action] = (taken[step.action] ?? 0) + 1;
    } else {
      const all: Step[] = [
        ...MESSAGE_ACTIONS.map((action) => ({ on: 'M' as const, id: d.id, action })),
        ...d.assignments.flatMap((a) => ASSIGNMENT_ACTIONS.map((action) => ({ on: 'A' as const, id: a.id, action }))),
        ...d.replies.flatMap((r) => REPLY_ACTIONS.map((action) => ({ on: 'R' as const, id: r.id, action }))),
      ].filter((st) => !isOffered(st));
      const step = rng.pick(all);
      const [q, i] = call(step, d, n);
      const r = await s.gql(q, { i }, token);
      expect({ where, step, refused: ['FORBIDDEN', 'INVALID_TRANSITION', 'NOT_FOUND'].includes(codeOf(r) ?? '') }).toEqual({ where, step, refused: true });
      // a refusal changes nothing (REVEAL_PII never changes the version; everything else would)
      expect({ where, step, version: (await ok(s.gql(DETAIL, { id: messageId }, w.t.admin))).message.version }).toEqual({ where, step, version: d.version });
    }
  }
  if (process.env.WORKFLOW_PROPERTY_SEED) console.log(JSON.stringify(taken));
  // the walk went somewhere: many different actions were taken
  expect(Object.keys(taken).length).toBeGreaterThanOrEqual(10);
}, 600_000);
