/**
 * Behind a load balancer the socket's peer is the balancer: TRUST_PROXY says which proxies may tell the client's
 * address (X-Forwarded-For). Untrusted, the header is ignored (a client cannot pick its own address to dodge per-address
 * limits); trusted, the forwarded address is the one recorded and limited.
 */
import { DEMO_API_KEY } from '../src/demo/seed';
import { startTestServer, TestServer } from './helpers';

const SUBMIT = `mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo } }`;
const REVEAL = `mutation($i: MessageActionInput!) { revealMessagePii(input: $i) { pii { ip } } }`;

async function recordedIp(s: TestServer, forwardedFor: string, externalId: string): Promise<string> {
  const submitted = await s.gql(
    SUBMIT,
    {
      i: {
        externalId,
        type: 'CONSULT',
        title: '公交线路咨询',
        content: '请问从火车站到省博物馆有没有直达的公交线路？',
        realName: '王五',
        phone: '13900001111',
      },
    },
    null,
    { 'x-api-key': DEMO_API_KEY, 'x-forwarded-for': forwardedFor },
  );
  expect(submitted.errors).toBeUndefined();
  const admin = await s.login('dispatcher');
  const found = await s.gql(
    `query($k: String!) { messages(first: 1, filter: { keyword: $k }) { nodes { id } } }`,
    { k: submitted.data.submitMessage.serialNo },
    admin,
  );
  const revealed = await s.gql(REVEAL, { i: { messageId: found.data.messages.nodes[0].id } }, admin);
  expect(revealed.errors).toBeUndefined();
  return revealed.data.revealMessagePii.pii.ip;
}

test('without TRUST_PROXY a forwarded address is ignored: the peer is the client', async () => {
  const s = await startTestServer();
  try {
    expect(await recordedIp(s, '203.0.113.7', 'tp-off-1')).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  } finally {
    await s.close();
  }
});

test("with the local proxy trusted, the address it forwards is the client's", async () => {
  const s = await startTestServer({ TRUST_PROXY: 'loopback' });
  try {
    expect(await recordedIp(s, '203.0.113.7', 'tp-on-1')).toBe('203.0.113.7');
    // A client's own claim in front of the proxy's: only the address the trusted proxy saw counts.
    expect(await recordedIp(s, '198.51.100.9, 203.0.113.8', 'tp-on-2')).toBe('203.0.113.8');
  } finally {
    await s.close();
  }
});
