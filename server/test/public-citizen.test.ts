/**
 * Citizens' operations through the public API (issue 18, items 9, 10, 11, 16): query codes trimmed and in any case;
 * guessing answered by proofs of work, never a lock-out of the right code; the status a citizen sees in every state
 * (received, accepted, in progress, answered, closed, not accepted with its reason, merged with the other serial
 * number); wrong-state actions refused with INVALID_TRANSITION and the reason.
 */
import { solveChallenge } from '../src/modules/public/querycode.guard';
import { codeOf, GqlResult } from './helpers';
import { newApiKey, ok, worldPerFile } from './workflow-helpers';

let key: string;
let trustedKey: string;

const SUBMIT = `mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo queryCode } }`;
const LOOKUP = `query($c: CitizenCredentials!) { lookupMessage(credentials: $c) { canRate canRequestRedo progress { step } message { serialNo status notAcceptedReason mergedIntoSerialNo } } }`;
const RATE = `mutation($i: RateMessageInput!) { rateMessage(input: $i) { canRequestRedo message { status evaluation { overall band } } } }`;
const REDO = `mutation($i: RequestRedoInput!) { requestRedo(input: $i) { canRate canRequestRedo message { status } } }`;

const pub = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
  s.gql(query, variables, null, { 'x-api-key': key, ...headers });
const fromSource = (ip: string) => ({ 'x-api-key': trustedKey, 'x-end-user-ip': ip });
let n = 0;
const submit = async () =>
  (
    await ok(
      pub(SUBMIT, {
        i: {
          externalId: `c-${++n}`,
          type: 'COMPLAIN',
          title: '路灯不亮影响夜间出行',
          content: '小区门口的三盏路灯已经坏了两周，晚上出行很不安全，请尽快修复。',
          realName: '赵六',
          phone: '13700000002',
          isPublic: true,
          regionUnitId: w.unit['hn-cs'],
        },
      }),
    )
  ).submitMessage as { serialNo: string; queryCode: string };
const idOf = async (serialNo: string) =>
  (await ok(s.gql(`query($f: MessageFilter) { messages(filter: $f) { nodes { id } } }`, { f: { serialNo } }, w.t.dispatcher))).messages.nodes[0].id as string;
const staff = (query: string, i: Record<string, unknown>, token = w.t.dispatcher) => ok(s.gql(query, { i }, token));
const err = (r: GqlResult) => ({ code: codeOf(r), reason: r.errors?.[0]?.extensions?.reason, field: r.errors?.[0]?.extensions?.field });

/** Assigns, signs, replies and approves: the message is REPLIED. */
async function answer(id: string) {
  await staff(`mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`, { messageId: id, leadUnitId: w.unit['hn-cs-zjj'] });
  return publish(id);
}
async function publish(id: string) {
  const a = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id state } } }`, { id }, w.t.handler))).message.assignments.find(
    (x: any) => x.state === 'PENDING' || x.state === 'SIGNED',
  );
  if (a.state === 'PENDING')
    await staff(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { assignmentId: a.id }, w.t.handler);
  const r = (
    await staff(
      `mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id } } }`,
      { assignmentId: a.id, kind: 'FINAL', content: '您好！路灯已安排维修人员更换，本周内恢复照明。感谢您的监督。', contactedCitizen: true, resolved: true },
      w.t.handler,
    )
  ).draftReply.reply.id;
  await staff(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { id } } }`, { replyId: r }, w.t.handler);
  await staff(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id } } }`, { replyId: r, approve: true }, w.t.reviewer);
  await staff(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id } } }`, { replyId: r, approve: true });
}

const { s, w } = worldPerFile({ CITIZEN_OPS_PER_IP_PER_MINUTE: '100000' });
beforeAll(async () => {
  key = (await newApiKey(s, w.t.admin, { name: '市民网站', owner: '测试', scopes: ['PUBLIC_READ', 'MESSAGES_SUBMIT'], rateLimitPerMinute: 100000 })).key;
  trustedKey = (
    await newApiKey(s, w.t.admin, { name: '热线后台', owner: '测试', scopes: ['MESSAGES_SUBMIT'], rateLimitPerMinute: 100000, mayPassEndUserIp: true })
  ).key;
});

test('query codes are trimmed and case-insensitive; a malformed one says what a code looks like', async () => {
  const m = await submit();
  const found = await ok(pub(LOOKUP, { c: { serialNo: `  ${m.serialNo.toLowerCase()} `, queryCode: ` ${m.queryCode.toLowerCase()}\t` } }));
  expect(found.lookupMessage.message.serialNo).toBe(m.serialNo);
  for (const [serialNo, queryCode, field] of [
    [m.serialNo, 'ABC', 'queryCode'],
    [m.serialNo, 'ABCD O234', 'queryCode'],
    [m.serialNo, 'ABCD1234', 'queryCode'],
    ['20261102000001', m.queryCode, 'serialNo'],
  ]) {
    const r = await pub(LOOKUP, { c: { serialNo, queryCode } });
    expect({ serialNo, queryCode, ...err(r) }).toEqual({ serialNo, queryCode, code: 'BAD_USER_INPUT', reason: 'BAD_FORMAT', field });
  }
});

test("guessing a serial number's code asks for a proof of work, and the right code with one always gets in", async () => {
  const m = await submit();
  // Five wrong codes from five addresses (a distributed guesser) are plain NOT_FOUND...
  for (let i = 0; i < 5; i++)
    expect(codeOf(await pub(LOOKUP, { c: { serialNo: m.serialNo, queryCode: `WRNG234${i + 2}` } }, fromSource(`203.0.113.${i + 1}`)))).toBe('NOT_FOUND');
  // ...then every attempt on this serial number, the citizen's too, needs a proof of work first.
  const asked = await pub(LOOKUP, { c: m });
  expect(codeOf(asked)).toBe('PROOF_OF_WORK_REQUIRED');
  const { challenge, difficulty } = asked.errors![0].extensions as { challenge: string; difficulty: number };
  expect(difficulty).toBe(16);
  const nonce = await solveChallenge(challenge, difficulty);
  expect((await ok(pub(LOOKUP, { c: { ...m, proofOfWork: { challenge, nonce } } }))).lookupMessage.message.serialNo).toBe(m.serialNo);
  // A proof is good for one attempt; a forged, unsolved or other serial number's proof is refused with a new challenge.
  expect(codeOf(await pub(LOOKUP, { c: { ...m, proofOfWork: { challenge, nonce } } }))).toBe('PROOF_OF_WORK_REQUIRED');
  const fresh = (await pub(LOOKUP, { c: m })).errors![0].extensions as { challenge: string; difficulty: number };
  expect(fresh.challenge).not.toBe(challenge);
  const tampered = `${fresh.challenge.slice(0, -2)}xx`;
  expect(codeOf(await pub(LOOKUP, { c: { ...m, proofOfWork: { challenge: tampered, nonce: await solveChallenge(tampered, 16) } } }))).toBe(
    'PROOF_OF_WORK_REQUIRED',
  );
  expect(codeOf(await pub(LOOKUP, { c: { ...m, proofOfWork: { challenge: fresh.challenge, nonce: 'not-solved' } } }))).toBe('PROOF_OF_WORK_REQUIRED');
  // A wrong code with a valid proof is NOT_FOUND (and counts); each guess costs the guesser a proof.
  const p = (await pub(LOOKUP, { c: m })).errors![0].extensions as { challenge: string; difficulty: number };
  expect(
    codeOf(
      await pub(LOOKUP, {
        c: { serialNo: m.serialNo, queryCode: 'WRNG2399', proofOfWork: { challenge: p.challenge, nonce: await solveChallenge(p.challenge, p.difficulty) } },
      }),
    ),
  ).toBe('NOT_FOUND');
  // Rating and redo are let in the same way.
  const id = await idOf(m.serialNo);
  await answer(id);
  const r = (await pub(RATE, { i: { ...m, resolution: 5, attitude: 5, speed: 5 } })).errors![0].extensions as { challenge: string; difficulty: number };
  const rated = await ok(
    pub(RATE, {
      i: { ...m, resolution: 5, attitude: 5, speed: 5, proofOfWork: { challenge: r.challenge, nonce: await solveChallenge(r.challenge, r.difficulty) } },
    }),
  );
  expect(rated.rateMessage.message.status).toBe('CLOSED');
});

test('however many failures a guesser piles up, the holder of the right code is never locked out (the work grows, up to 18 bits)', async () => {
  const m = await submit();
  let last: GqlResult | null = null;
  for (let i = 0; i < 15; i++) {
    last = await pub(LOOKUP, { c: { serialNo: m.serialNo, queryCode: 'WRNG2345' } }, fromSource(`198.51.100.${i + 1}`));
    if (codeOf(last) === 'PROOF_OF_WORK_REQUIRED') {
      const e = last.errors![0].extensions as { challenge: string; difficulty: number };
      last = await pub(
        LOOKUP,
        { c: { serialNo: m.serialNo, queryCode: 'WRNG2345', proofOfWork: { challenge: e.challenge, nonce: await solveChallenge(e.challenge, e.difficulty) } } },
        fromSource(`198.51.100.${i + 1}`),
      );
    }
    expect(codeOf(last)).toBe('NOT_FOUND');
  }
  const asked = (await pub(LOOKUP, { c: m })).errors![0].extensions as { challenge: string; difficulty: number };
  expect(asked.difficulty).toBe(18);
  expect(
    (await ok(pub(LOOKUP, { c: { ...m, proofOfWork: { challenge: asked.challenge, nonce: await solveChallenge(asked.challenge, asked.difficulty) } } })))
      .lookupMessage.message.status,
  ).toBe('RECEIVED');
});

test('a source spraying wrong codes over many serial numbers needs a proof of work for every serial number; other sources do not', async () => {
  const victims = [await submit(), await submit(), await submit()];
  for (let i = 0; i < 10; i++) {
    const r = await pub(LOOKUP, { c: { serialNo: `WZ20260101${String(900000 + i)}`, queryCode: 'SPRAY234' } }, fromSource('192.0.2.66'));
    expect(codeOf(r)).toBe('NOT_FOUND');
  }
  expect(codeOf(await pub(LOOKUP, { c: victims[0] }, fromSource('192.0.2.66')))).toBe('PROOF_OF_WORK_REQUIRED');
  expect(codeOf(await pub(LOOKUP, { c: { serialNo: victims[1].serialNo, queryCode: 'SPRAY234' } }, fromSource('192.0.2.66')))).toBe('PROOF_OF_WORK_REQUIRED');
  // Another citizen, from another address, looks their message up as usual.
  expect((await ok(pub(LOOKUP, { c: victims[2] }, fromSource('192.0.2.77')))).lookupMessage.message.status).toBe('RECEIVED');
});

test('a citizen sees received, accepted, in progress, answered and closed; not accepted with its reason; merged with the other serial number', async () => {
  const status = async (m: { serialNo: string; queryCode: string }) => (await ok(pub(LOOKUP, { c: m }))).lookupMessage;
  const a = await submit();
  const aId = await idOf(a.serialNo);
  expect((await status(a)).message.status).toBe('RECEIVED');
  await staff(`mutation($i: MessageActionInput!) { acceptMessage(input: $i) { message { id } } }`, { messageId: aId });
  expect((await status(a)).message.status).toBe('ACCEPTED');
  await staff(`mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`, { messageId: aId, leadUnitId: w.unit['hn-cs-zjj'] });
  expect((await status(a)).message.status).toBe('HANDLING');
  await publish(aId);
  const replied = await status(a);
  expect({ status: replied.message.status, canRate: replied.canRate }).toEqual({ status: 'REPLIED', canRate: true });

  const refused = await submit();
  await staff(`mutation($i: MarkInvalidInput!) { markMessageInvalid(input: $i) { message { id } } }`, {
    messageId: await idOf(refused.serialNo),
    reason: 'ADVERTISING',
    note: '内部备注：疑似刷单',
  });
  const r = await status(refused);
  expect(r.message).toEqual({ serialNo: refused.serialNo, status: 'NOT_ACCEPTED', notAcceptedReason: 'ADVERTISING', mergedIntoSerialNo: null });
  expect(r.progress.map((p: any) => p.step)).toEqual(['留言已提交', '不予受理：属于广告或推广信息']);
  expect(JSON.stringify(r)).not.toContain('内部备注');

  const repeat = await submit();
  await staff(`mutation($i: MergeMessageInput!) { mergeMessage(input: $i) { message { id } } }`, {
    messageId: await idOf(repeat.serialNo),
    targetSerialNo: a.serialNo,
  });
  const merged = await status(repeat);
  expect(merged.message).toEqual({ serialNo: repeat.serialNo, status: 'MERGED', notAcceptedReason: null, mergedIntoSerialNo: a.serialNo });
  expect(merged.progress.map((p: any) => p.step)).toEqual(['留言已提交', `已并入留言 ${a.serialNo} 合并办理`]);
  expect({ canRate: merged.canRate, canRequestRedo: merged.canRequestRedo }).toEqual({ canRate: false, canRequestRedo: false });

  // Public lists hold screened messages only; the author-only statuses cannot be listed.
  const listed = (await ok(pub(`{ publicMessages(first: 100) { nodes { serialNo status } } }`, {}))).publicMessages.nodes.map((m: any) => m.serialNo);
  expect(listed).toContain(a.serialNo);
  expect(listed).not.toContain(refused.serialNo);
  expect(listed).not.toContain(repeat.serialNo);
  for (const st of ['RECEIVED', 'NOT_ACCEPTED', 'MERGED']) {
    const q = await pub(`query($s: PublicStatus) { publicMessages(filter: { status: $s }) { totalCount } }`, { s: st });
    expect({ st, ...err(q) }).toEqual({ st, code: 'BAD_USER_INPUT', reason: undefined, field: 'filter.status' });
  }
  expect(codeOf(await pub(`query($s: String!) { publicMessage(serialNo: $s) { status } }`, { s: refused.serialNo }))).toBe('NOT_FOUND');
});

test('actions at the wrong moment are INVALID_TRANSITION with the reason; the overall score is the mean of the three, a redo needs it below 3', async () => {
  const m = await submit();
  const id = await idOf(m.serialNo);
  const scores = (resolution: number, attitude: number, speed: number) => ({ ...m, resolution, attitude, speed });
  expect(err(await pub(RATE, { i: scores(5, 5, 5) }))).toEqual({ code: 'INVALID_TRANSITION', reason: 'NOT_ANSWERED', field: undefined });
  expect(err(await pub(REDO, { i: { ...m, reason: '还没人处理' } }))).toEqual({ code: 'INVALID_TRANSITION', reason: 'NOT_ANSWERED', field: undefined });
  await answer(id);
  expect(err(await pub(REDO, { i: { ...m, reason: '不满意' } }))).toEqual({ code: 'INVALID_TRANSITION', reason: 'NOT_RATED', field: undefined });
  // 2, 4, 3: overall 3.0, not below 3: no redo.
  expect((await ok(pub(RATE, { i: scores(2, 4, 3) }))).rateMessage).toEqual({
    canRequestRedo: false,
    message: { status: 'CLOSED', evaluation: { overall: 3, band: 'BASICALLY_SATISFIED' } },
  });
  const notLow = await pub(REDO, { i: { ...m, reason: '不满意' } });
  expect(err(notLow)).toEqual({ code: 'INVALID_TRANSITION', reason: 'RATING_NOT_LOW', field: undefined });
  expect(notLow.errors![0].message).toContain('3');
  expect(err(await pub(RATE, { i: scores(1, 1, 1) }))).toEqual({ code: 'INVALID_TRANSITION', reason: 'ALREADY_CLOSED', field: undefined });

  const low = await submit();
  const lowId = await idOf(low.serialNo);
  await answer(lowId);
  // 2, 2, 3: overall 2.33, below 3: one redo.
  const rated = (await ok(pub(RATE, { i: { ...low, resolution: 2, attitude: 2, speed: 3 } }))).rateMessage;
  expect(rated).toEqual({ canRequestRedo: true, message: { status: 'CLOSED', evaluation: { overall: 2.33, band: 'BASICALLY_SATISFIED' } } });
  expect((await ok(pub(REDO, { i: { ...low, reason: '问题没有解决' } }))).requestRedo).toEqual({
    canRate: false,
    canRequestRedo: false,
    message: { status: 'HANDLING' },
  });
  // During the redo: not "not answered yet", but being handled again.
  expect(err(await pub(REDO, { i: { ...low, reason: '再次申请' } }))).toEqual({ code: 'INVALID_TRANSITION', reason: 'BEING_REDONE', field: undefined });
  expect(err(await pub(RATE, { i: { ...low, resolution: 1, attitude: 1, speed: 1 } }))).toEqual({
    code: 'INVALID_TRANSITION',
    reason: 'BEING_REDONE',
    field: undefined,
  });
  await publish(lowId);
  const again = await ok(pub(LOOKUP, { c: low }));
  expect({ status: again.lookupMessage.message.status, canRate: again.lookupMessage.canRate, canRequestRedo: again.lookupMessage.canRequestRedo }).toEqual({
    status: 'REPLIED',
    canRate: true,
    canRequestRedo: false,
  });
  expect(err(await pub(REDO, { i: { ...low, reason: '还是不行' } }))).toEqual({ code: 'INVALID_TRANSITION', reason: 'REDO_USED', field: undefined });
  // Nothing was changed by the refused attempts: one redo in the ledger.
  expect(Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM message_event WHERE messageId = ${Number(lowId)} AND action = 'REOPENED'`))[0].n)).toBe(1);
});
