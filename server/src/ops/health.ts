/**
 * Health endpoints for load balancers and orchestrators:
 * - `/healthz` (liveness): the process answers HTTP. It never touches the database, so a database outage does not
 *   make an orchestrator restart healthy instances in a loop.
 * - `/readyz` (readiness): the instance can serve: its database answers and, when configured, its Redis answers.
 *   503 with the failing checks named otherwise, so a load balancer takes it out of rotation until it recovers.
 */
import type express from 'express';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';

export type CheckOutcome = 'ok' | 'unavailable';

export interface ReadinessDeps {
  ds: DataSource;
  redis: Redis | null;
  /** Facts shown beside the checks that do not decide readiness (read replicas: reads fall back to the primary). */
  info?: () => Record<string, unknown>;
}

/** A check that does not answer within this time counts as unavailable (a hung dependency must not hang the probe). */
const CHECK_TIMEOUT_MS = 2_000;

async function outcome(check: Promise<unknown>): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check, timeout]);
    return 'ok';
  } catch {
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(deps: ReadinessDeps): Promise<{ ready: boolean; checks: Record<string, CheckOutcome> }> {
  const pending: Record<string, Promise<unknown>> = { database: deps.ds.query('SELECT 1') };
  if (deps.redis) pending.redis = deps.redis.ping();
  const names = Object.keys(pending);
  const results = await Promise.all(names.map((n) => outcome(pending[n])));
  const checks = Object.fromEntries(names.map((n, i) => [n, results[i]]));
  return { ready: results.every((r) => r === 'ok'), checks };
}

export function registerHealth(app: express.Express, deps: ReadinessDeps) {
  app.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const { ready, checks } = await readiness(deps);
    res
      .set('cache-control', 'no-store')
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'unavailable', checks, ...deps.info?.() });
  });
}
