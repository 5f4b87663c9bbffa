/**
 * What the console may offer each role (`me { capabilities }`, the same on the login's user): the menus and forms of
 * admin/src/App.tsx come from it, the console holds no list of roles. The expectations are written out here by hand,
 * not derived from the table under test; and where a capability names a list the server serves, the server answers
 * that list exactly to the roles that have the capability (the console offers nothing the server then refuses).
 */
import { DEMO_PASSWORD } from '../src/demo/seed';
import { serverPerFile } from './helpers';

const tokens: Record<string, string> = {};
const ROLES = ['admin', 'dispatcher', 'supervisor', 'leader', 'handler', 'reviewer'] as const;
type Who = (typeof ROLES)[number];

const s = serverPerFile({}, { timeout: 180_000 });
beforeAll(async () => {
  for (const r of ROLES) tokens[r] = await s.login(r);
}, 180_000);

const EXPECTED: Record<Who, string[]> = {
  admin: [
    'MESSAGE_CREATE',
    'REQUEST_DECIDE',
    'SUPERVISION_TRACK',
    'REPLY_REVIEW',
    'TEMPLATE_MANAGE',
    'TEMPLATE_MANAGE_ALL_UNITS',
    'KNOWLEDGE_WRITE',
    'KNOWLEDGE_REVIEW',
    'ORG_MANAGE',
    'USER_READ',
    'USER_MANAGE',
    'PLATFORM_OVERVIEW',
    'CATALOGUE_MANAGE',
    'SLA_READ',
    'SLA_MANAGE',
    'API_CLIENT_MANAGE',
    'SETTINGS_MANAGE',
    'BULK_SCREEN',
    'BULK_URGE',
  ],
  dispatcher: [
    'MESSAGE_CREATE',
    'REQUEST_DECIDE',
    'SUPERVISION_TRACK',
    'REPLY_REVIEW',
    'KNOWLEDGE_WRITE',
    'KNOWLEDGE_REVIEW',
    'USER_READ',
    'PLATFORM_OVERVIEW',
    'SLA_READ',
    'BULK_SCREEN',
    'BULK_URGE',
  ],
  supervisor: ['SUPERVISION_TRACK', 'USER_READ', 'PLATFORM_OVERVIEW', 'SLA_READ', 'BULK_URGE'],
  leader: ['LEADER_INBOX'],
  handler: ['UNIT_INBOX', 'KNOWLEDGE_WRITE'],
  reviewer: ['UNIT_INBOX', 'REPLY_REVIEW', 'TEMPLATE_MANAGE', 'KNOWLEDGE_WRITE', 'USER_READ'],
};

test.each(ROLES)('the capabilities of %s, from me and from the login', async (who) => {
  const me = await s.gql(`{ me { role capabilities } }`, {}, tokens[who]);
  expect(me.errors).toBeUndefined();
  expect([...me.data.me.capabilities].sort()).toEqual([...EXPECTED[who]].sort());
  const login = await s.gql(`mutation($i: LoginInput!) { login(input: $i) { user { capabilities } } }`, {
    i: { username: who, password: DEMO_PASSWORD },
  });
  expect(login.data.login.user.capabilities).toEqual(me.data.me.capabilities);
});

/** Lists the server serves only to some roles, by the capability under which the console offers them. */
const LISTS: Record<string, string> = {
  REQUEST_DECIDE: `{ pendingRequests(first: 1) { totalCount } }`,
  TEMPLATE_MANAGE: `{ replyTemplates(filter: { manage: true }) { id } }`,
  USER_READ: `{ users(first: 1) { totalCount } }`,
  SLA_READ: `{ slaPolicies { id } }`,
  PLATFORM_OVERVIEW: `{ catalogueGaps(period: { from: "2026-01-01", to: "2026-01-31" }) { __typename } }`,
};

test.each(Object.keys(LISTS))('the server serves the list of %s to the roles that have it, and refuses the others', async (capability) => {
  for (const who of ROLES) {
    const r = await s.gql(LISTS[capability], {}, tokens[who]);
    const served = !r.errors;
    if (!served) expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect({ who, served }).toEqual({ who, served: EXPECTED[who].includes(capability) });
  }
});
