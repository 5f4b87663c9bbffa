/**
 * Data a test needs before the user's part begins, made through the API as the role that would make it
 * (the dispatcher registers and assigns). What the test claims the user does is done in the browser.
 */
const MSG = 'id serialNo title version state';

export async function unitId(t, name) {
  const r = await t.api(`query($s: String) { units(filter: { search: $s }, first: 20) { nodes { id name } } }`, { s: name }, await t.tokenOf('admin'));
  const u = r.units.nodes.find((x) => x.name === name);
  if (!u) throw new Error(`no unit named ${name}`);
  return u.id;
}

/** A message registered by the dispatcher (hotline by default). */
export async function createMessage(t, input) {
  return (
    await t.api(
      `mutation($i: CreateMessageInput!) { createMessage(input: $i) { queryCode message { ${MSG} } } }`,
      { i: { channel: 'HOTLINE_12345', type: 'CONSULT', ...input } },
      await t.tokenOf('dispatcher'),
    )
  ).createMessage.message;
}

/** A message accepted and assigned by the dispatcher to a lead unit (and assist units), as the API does it. */
export async function assignedMessage(t, input, { lead = '长沙市住房和城乡建设局', assists = [], note } = {}) {
  const token = await t.tokenOf('dispatcher');
  const m = await createMessage(t, input);
  const accepted = (
    await t.api(
      `mutation($i: MessageActionInput!) { acceptMessage(input: $i) { message { ${MSG} } } }`,
      { i: { messageId: m.id, expectedVersion: m.version } },
      token,
    )
  ).acceptMessage.message;
  const assistUnitIds = [];
  for (const a of assists) assistUnitIds.push(await unitId(t, a));
  return (
    await t.api(
      `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { ${MSG} } } }`,
      { i: { messageId: m.id, expectedVersion: accepted.version, leadUnitId: await unitId(t, lead), assistUnitIds, note } },
      token,
    )
  ).assignMessage.message;
}

/** Waits until the analysis index (written after each commit, in the background) has every message. */
export async function analysisIndexed(t, token) {
  for (let i = 0; i < 240; i++) {
    const s = (await t.api('{ analysisStatus { messages indexed pending } }', {}, token)).analysisStatus;
    if (s.indexed >= s.messages && s.pending === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the analysis index did not catch up');
}
