/**
 * Prometheus metrics for operators (prom-client), served at `/metrics` in the text exposition format:
 * - `wz_graphql_operations_total` / `wz_graphql_operation_duration_seconds`: GraphQL requests per operation (the
 *   root fields it asked for, never the client's free-form operation name, so that the label set stays bounded),
 *   operation type and outcome (ok or the error code);
 * - `wz_http_requests_total`: HTTP requests per route group and status class;
 * - `wz_sql_statements_total`, `wz_sql_errors_total`: statements sent to the database by this process;
 * - `wz_db_pool_connections{state}`: the MySQL pool's connections in use, idle and waiting requests;
 * - `wz_websocket_connections`, `wz_subscriptions_active`: graphql-ws sockets and running subscriptions;
 * - `wz_websocket_slow_consumer_closes_total`: sockets closed with 4008 because their client fell too far behind;
 * - `wz_job_runs_total{job,outcome}`, `wz_job_items_total{job}`: scheduled job runs and what they did;
 * - with read replicas: `wz_replica_lag_seconds{replica}`, `wz_replica_in_rotation{replica}` and
 *   `wz_replica_routed_reads_total{target}` (replica-scoped reads served by a replica or, none being in rotation, the primary);
 * - Node's default process metrics (CPU, memory, event-loop lag, GC) prefixed `wz_`.
 * With METRICS_TOKEN set, the endpoint wants `Authorization: Bearer <token>`; otherwise keep it off the public
 * network at the load balancer (docs/deployment.md).
 */
import crypto from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import { sqlStatementTotals } from '../db/dataSource';
import type { ScheduledJob } from '../jobs/scheduler';
import type { ReadReplicas } from '../db/replicas';

/** The mysql2 pool's counters (internal fields, stable across mysql2 3.x); null on SQLite. */
function poolState(ds: DataSource): { inUse: number; idle: number; waiting: number } | null {
  const pool = (
    ds.driver as unknown as { pool?: { _allConnections?: { length: number }; _freeConnections?: { length: number }; _connectionQueue?: { length: number } } }
  ).pool;
  if (!pool?._allConnections) return null;
  const all = pool._allConnections.length;
  const idle = pool._freeConnections?.length ?? 0;
  return { inUse: all - idle, idle, waiting: pool._connectionQueue?.length ?? 0 };
}

/** What a GraphQL request asked for: its root fields, sorted (at most 3, then "+n"), bounded by the schema. */
export function operationLabel(rootFields: string[]): string {
  const unique = [...new Set(rootFields)].sort();
  if (unique.length === 0) return 'none';
  return unique.length <= 3 ? unique.join(',') : `${unique.slice(0, 3).join(',')},+${unique.length - 3}`;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly operations: Counter<'operation' | 'type' | 'outcome'>;
  private readonly durations: Histogram<'operation' | 'type'>;
  private readonly httpRequests: Counter<'route' | 'status'>;
  private readonly jobRuns: Counter<'job' | 'outcome'>;
  private readonly jobItems: Counter<'job'>;

  constructor(
    ds: DataSource,
    live: { websocketClients(): number; slowConsumerCloses(): number; subscriptions(): number; analysisBacklog(): number; replicas: ReadReplicas },
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'wz_' });
    const registers = [this.registry];
    this.operations = new Counter({
      name: 'wz_graphql_operations_total',
      help: 'GraphQL operations by root fields, type and outcome',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.durations = new Histogram({
      name: 'wz_graphql_operation_duration_seconds',
      help: 'GraphQL operation duration',
      labelNames: ['operation', 'type'],
      registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    this.httpRequests = new Counter({
      name: 'wz_http_requests_total',
      help: 'HTTP requests by route group and status class',
      labelNames: ['route', 'status'],
      registers,
    });
    this.jobRuns = new Counter({ name: 'wz_job_runs_total', help: 'Scheduled job runs by job and outcome', labelNames: ['job', 'outcome'], registers });
    this.jobItems = new Counter({
      name: 'wz_job_items_total',
      help: 'Items a scheduled job acted on (messages marked overdue, closed…)',
      labelNames: ['job'],
      registers,
    });
    new Counter({
      name: 'wz_sql_statements_total',
      help: 'SQL statements sent by this process',
      registers,
      collect() {
        this.reset();
        this.inc(sqlStatementTotals.statements);
      },
    });
    new Counter({
      name: 'wz_sql_errors_total',
      help: 'SQL statements that failed',
      registers,
      collect() {
        this.reset();
        this.inc(sqlStatementTotals.errors);
      },
    });
    new Gauge({
      name: 'wz_db_pool_connections',
      help: 'Database pool connections (MySQL/MariaDB): in use, idle, and requests waiting for one',
      labelNames: ['state'],
      registers,
      collect() {
        const s = poolState(ds);
        if (!s) return;
        this.set({ state: 'in_use' }, s.inUse);
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'waiting' }, s.waiting);
      },
    });
    new Gauge({
      name: 'wz_websocket_connections',
      help: 'graphql-ws connections open on this instance',
      registers,
      collect() {
        this.set(live.websocketClients());
      },
    });
    new Counter({
      name: 'wz_websocket_slow_consumer_closes_total',
      help: 'graphql-ws connections closed with 4008 Slow consumer (more than REALTIME_MAX_BUFFERED_BYTES not taken by the client)',
      registers,
      collect() {
        this.reset();
        this.inc(live.slowConsumerCloses());
      },
    });
    new Gauge({
      name: 'wz_subscriptions_active',
      help: 'GraphQL subscriptions running on this instance',
      registers,
      collect() {
        this.set(live.subscriptions());
      },
    });
    new Gauge({
      name: 'wz_analysis_backlog',
      help: 'Messages and replies this instance has committed but not yet put into the analysis index (a batch under way, or the catch-up after the start, counts 1)',
      registers,
      collect() {
        this.set(live.analysisBacklog());
      },
    });
    if (live.replicas.enabled) {
      const replicas = live.replicas;
      new Gauge({
        name: 'wz_replica_lag_seconds',
        help: 'Replication delay of each read replica (-1 when unknown: stopped or unreachable)',
        labelNames: ['replica'],
        registers,
        collect() {
          for (const r of replicas.replicas()) this.set({ replica: r.name }, r.lagSeconds ?? -1);
        },
      });
      new Gauge({
        name: 'wz_replica_in_rotation',
        help: '1 while a read replica takes reads, 0 while it is out of rotation',
        labelNames: ['replica'],
        registers,
        collect() {
          for (const r of replicas.replicas()) this.set({ replica: r.name }, r.inRotation ? 1 : 0);
        },
      });
      new Counter({
        name: 'wz_replica_routed_reads_total',
        help: 'Reads allowed on a replica, by where they went (primary: no replica in rotation)',
        labelNames: ['target'],
        registers,
        collect() {
          this.reset();
          this.inc({ target: 'replica' }, replicas.reads.replica);
          this.inc({ target: 'primary' }, replicas.reads.primary);
        },
      });
    }
  }

  /** Wraps scheduled jobs so that every run is counted with its outcome and the items it acted on. */
  instrumentJobs(jobs: ScheduledJob[]): ScheduledJob[] {
    return jobs.map((job) => ({
      ...job,
      run: async (now: Date) => {
        try {
          const items = await job.run(now);
          this.jobRuns.inc({ job: job.name, outcome: 'ok' });
          this.jobItems.inc({ job: job.name }, items);
          return items;
        } catch (e) {
          this.jobRuns.inc({ job: job.name, outcome: 'error' });
          throw e;
        }
      },
    }));
  }

  /** Apollo plugin: one count and one duration per operation, labelled by its root fields and outcome. */
  graphqlPlugin(): ApolloServerPlugin {
    const operations = this.operations;
    const durations = this.durations;
    return {
      async requestDidStart() {
        const started = process.hrtime.bigint();
        return {
          async willSendResponse({ operation, errors, response }) {
            const rootFields = operation?.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : [])) ?? [];
            const label = operationLabel(rootFields);
            const type = operation?.operation ?? 'invalid';
            const body = response.body.kind === 'single' ? response.body.singleResult : null;
            const firstError = errors?.[0] ?? body?.errors?.[0];
            const code = firstError ? String((firstError.extensions as { code?: unknown } | undefined)?.code ?? 'INTERNAL_SERVER_ERROR') : 'ok';
            operations.inc({ operation: label, type, outcome: code });
            durations.observe({ operation: label, type }, Number(process.hrtime.bigint() - started) / 1e9);
          },
        };
      },
    };
  }

  /** Express middleware counting every HTTP request by route group and status class. */
  httpMiddleware(): express.RequestHandler {
    const groups: Array<[RegExp, string]> = [
      [/^\/graphql/, 'graphql'],
      [/^\/export\//, 'export'],
      [/^\/admin/, 'admin'],
      [/^\/examples\//, 'examples'],
      [/^\/(healthz|readyz|metrics)$/, 'ops'],
    ];
    return (req, res, next) => {
      res.once('finish', () => {
        const route = groups.find(([re]) => re.test(req.originalUrl.split('?')[0]))?.[1] ?? 'other';
        this.httpRequests.inc({ route, status: `${Math.floor(res.statusCode / 100)}xx` });
      });
      next();
    };
  }

  /** `/metrics`; with a token configured, only for `Authorization: Bearer <token>` (compared in constant time). */
  register(app: express.Express, token: string | null) {
    const expected = token ? crypto.createHash('sha256').update(token).digest() : null;
    app.get('/metrics', async (req, res) => {
      if (expected) {
        const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
        const given = crypto
          .createHash('sha256')
          .update(m?.[1] ?? '')
          .digest();
        if (!crypto.timingSafeEqual(given, expected)) {
          res.status(401).set('www-authenticate', 'Bearer').type('text').send('metrics need the METRICS_TOKEN bearer token\n');
          return;
        }
      }
      res
        .set('content-type', this.registry.contentType)
        .set('cache-control', 'no-store')
        .send(await this.registry.metrics());
    });
  }
}
