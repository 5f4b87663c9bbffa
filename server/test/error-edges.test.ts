/**
 * A domain error thrown in a service reaches every edge with its code, each edge mapping it in one place
 * (domain.md §10): GraphQL over HTTP (`extensions.code`, formatError), GraphQL over WebSocket (the same formatError,
 * for a query and for a subscription) and the plain HTTP routes (CSV exports: the code and its HTTP status,
 * common/httpErrors.ts). Internal errors keep their details on the server at every edge.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { badInput, conflict, forbidden, invalidTransition, notFound, rateLimited } from '../src/graphql/errors';
import { worldPerFile } from './workflow-helpers';

let ws: Client;

const { s, w } = worldPerFile({}, { beforeClose: () => ws?.dispose() });
beforeAll(async () => {
  ws = createClient({
    url: s.url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${w.t.dispatcher}` },
  });
});

const STATS = `query($p: PeriodInput!) { statistics(period: $p) { key assigned } }`;
const PERIOD = { from: '2026-09-01', to: '2026-09-30' };

/** The errors of one operation over the WebSocket (graphql-ws), query or subscription. */
function overSocket(query: string, variables: Record<string, unknown> = {}): Promise<any[]> {
  return new Promise((resolve) => {
    const errors: any[] = [];
    ws.subscribe(
      { query, variables },
      {
        next: (v) => errors.push(...(v.errors ?? [])),
        error: (e) => resolve([...errors, ...(Array.isArray(e) ? e : [e])]),
        complete: () => resolve(errors),
      },
    );
  });
}

const unreachable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
const CASES: Array<[string, () => unknown, number]> = [
  ['BAD_USER_INPUT', () => badInput('from', '日期格式不对 (bad date)'), 400],
  ['FORBIDDEN', () => forbidden(), 403],
  ['NOT_FOUND', () => notFound('Unit', 999), 404],
  ['CONFLICT', () => conflict('已存在 (exists)'), 409],
  ['INVALID_TRANSITION', () => invalidTransition('已归档 (archived)'), 409],
  ['RATE_LIMITED', () => rateLimited(7), 429],
  ['SERVICE_UNAVAILABLE', unreachable, 503],
  ['INTERNAL_SERVER_ERROR', () => new Error('secret detail of a bug'), 500],
];

test.each(CASES)('a service throwing %s: the same code over GraphQL, over WebSocket, and in a CSV export with its status', async (code, error, status) => {
  const statistics = s.app.services.statistics;
  const realtime = s.app.services.realtime;
  const original = { groups: statistics.groups, reviewEvents: realtime.reviewEvents };
  // the statistics query and its CSV export both compute their rows here
  statistics.groups = async () => {
    throw error();
  };
  realtime.reviewEvents = () => {
    throw error();
  };
  try {
    const http = await s.gql(STATS, { p: PERIOD }, w.t.dispatcher);
    expect(http.errors?.map((e) => e.extensions?.code)).toEqual([code]);

    const socketQuery = await overSocket(STATS, { p: PERIOD });
    expect(socketQuery.map((e) => e.extensions?.code)).toEqual([code]);
    const socketSubscription = await overSocket(`subscription { reviewQueue { type } }`);
    expect(socketSubscription.map((e) => e.extensions?.code)).toEqual([code]);

    const csv = await fetch(`${s.url}/export/statistics.csv?from=${PERIOD.from}&to=${PERIOD.to}`, { headers: { authorization: `Bearer ${w.t.dispatcher}` } });
    expect(csv.status).toBe(status);
    const body = await csv.text();
    expect(JSON.parse(body).errors.map((e: any) => e.extensions.code)).toEqual([code]);
    if (code === 'RATE_LIMITED') expect(csv.headers.get('retry-after')).toBe('7');
    if (code === 'SERVICE_UNAVAILABLE') expect(Number(csv.headers.get('retry-after'))).toBeGreaterThan(0);

    for (const shown of [JSON.stringify(http.errors), JSON.stringify(socketQuery), JSON.stringify(socketSubscription), body]) {
      expect(shown).not.toContain('secret detail');
      expect(shown).not.toContain('ECONNREFUSED');
    }
  } finally {
    statistics.groups = original.groups;
    realtime.reviewEvents = original.reviewEvents;
  }
});
