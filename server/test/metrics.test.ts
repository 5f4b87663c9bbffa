/**
 * /metrics (Prometheus text format): what an operator scrapes. Counts follow what the instance did: GraphQL operations
 * by root fields and outcome, HTTP requests, SQL statements, WebSocket connections and subscriptions, job runs; with
 * METRICS_TOKEN the endpoint wants the bearer token.
 */
import { serverPerFile, startTestServer, usingMysql } from './helpers';
import { collect, disposeAll, liveClient } from './support/live';

const s = serverPerFile({ JOBS_ENABLED: 'true', JOB_INTERVAL_SECONDS: '1' }, { beforeClose: () => disposeAll() });

/** The value of one series (name and exact labels) in the exposition text, or null when absent. */
async function scrape(headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/metrics`, { headers });
  const text = await res.text();
  const value = (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : null;
  };
  return { res, text, value };
}
const until = async (what: string, cond: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

test('GraphQL operations are counted by root fields and outcome, and SQL statements grow with the work done', async () => {
  const before = await scrape();
  expect(before.res.status).toBe(200);
  expect(before.res.headers.get('content-type')).toMatch(/^text\/plain/);
  const token = await s.login('admin');
  for (let i = 0; i < 3; i++) expect((await s.gql('{ me { id } }', {}, token)).errors).toBeUndefined();
  // Anonymous: refused. A client's operation name does not become a label (it is free text).
  const refused = await s.gql('query WhateverTheClientCallsIt { me { id } }');
  expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const after = await scrape();
  const ok = (v: ReturnType<typeof after.value>) => v ?? 0;
  expect(
    ok(after.value('wz_graphql_operations_total{operation="me",type="query",outcome="ok"}')) -
      ok(before.value('wz_graphql_operations_total{operation="me",type="query",outcome="ok"}')),
  ).toBe(3);
  expect(
    ok(after.value('wz_graphql_operations_total{operation="me",type="query",outcome="UNAUTHENTICATED"}')) -
      ok(before.value('wz_graphql_operations_total{operation="me",type="query",outcome="UNAUTHENTICATED"}')),
  ).toBe(1);
  expect(after.value('wz_graphql_operations_total{operation="login",type="mutation",outcome="ok"}')).toBeGreaterThanOrEqual(1);
  expect(after.text).not.toContain('WhateverTheClientCallsIt');
  expect(after.value('wz_graphql_operation_duration_seconds_count{operation="me",type="query"}')).toBeGreaterThanOrEqual(4);
  expect(after.value('wz_sql_statements_total')!).toBeGreaterThan(before.value('wz_sql_statements_total')!);
  expect(after.value('wz_http_requests_total{route="graphql",status="2xx"}')).toBeGreaterThanOrEqual(5);
  expect(after.value('wz_process_resident_memory_bytes')).toBeGreaterThan(0);
  if (usingMysql()) {
    // The pool's connections, in use and idle, add up to what the pool opened.
    expect(after.value('wz_db_pool_connections{state="idle"}')).toBeGreaterThanOrEqual(1);
    expect(after.value('wz_db_pool_connections{state="waiting"}')).toBe(0);
  } else {
    expect(after.text).not.toContain('wz_db_pool_connections{');
  }
});

test('WebSocket connections and running subscriptions are gauges that follow the clients', async () => {
  const token = await s.login('handler');
  const me = (await s.gql('{ me { unit { id } } }', {}, token)).data.me;
  const c = liveClient(s.url, token);
  await c.acked;
  const sub = collect(c, `subscription($u: ID!) { assignmentEvents(unitId: $u) { type } }`, { u: me.unit.id });
  await until('one subscription', async () => (await scrape()).value('wz_subscriptions_active') === 1);
  expect((await scrape()).value('wz_websocket_connections')).toBe(1);
  sub.stop();
  await until('no subscription', async () => (await scrape()).value('wz_subscriptions_active') === 0);
  await c.client.dispose();
  await until('no connection', async () => (await scrape()).value('wz_websocket_connections') === 0);
});

test('scheduled job runs are counted per job and outcome', async () => {
  await until('a run of each job', async () => {
    const m = await scrape();
    return ['mark-overdue', 'mark-due-soon', 'mark-sign-overdue', 'auto-close'].every(
      (job) => (m.value(`wz_job_runs_total{job="${job}",outcome="ok"}`) ?? 0) >= 1,
    );
  });
});

test('the analysis backlog follows the messages committed and falls back to 0 once they are indexed', async () => {
  const token = await s.login('dispatcher');
  const CREATE = `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id } } }`;
  const created = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      s.gql(
        CREATE,
        {
          i: {
            channel: 'WEB',
            type: 'COMPLAIN',
            title: `指标测试留言 ${i}`,
            content: '小区门口的路灯坏了很久，晚上出行很不方便，请尽快维修。',
            realName: '钱七',
            phone: '13700000000',
          },
        },
        token,
      ),
    ),
  );
  const ids = created.map((r) => Number(r.data.createMessage.message.id));
  await until('an empty analysis backlog', async () => (await scrape()).value('wz_analysis_backlog') === 0);
  const indexed = await s.app.ds.query(`SELECT messageId FROM analysis_doc WHERE messageId IN (${ids.join(',')})`);
  expect(indexed.map((r: { messageId: number }) => Number(r.messageId)).sort((a: number, b: number) => a - b)).toEqual([...ids].sort((a, b) => a - b));
});

test('with METRICS_TOKEN the endpoint wants the bearer token', async () => {
  const guarded = await startTestServer({ METRICS_TOKEN: 'a-long-metrics-token-0123', DEMO_DATA: 'false' });
  try {
    expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    const res = await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer a-long-metrics-token-0123' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('wz_graphql_operations_total');
  } finally {
    await guarded.close();
  }
});
