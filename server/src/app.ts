/**
 * Assembles one server instance: database (migrated, demo-seeded in embedded mode), services,
 * GraphQL over HTTP (Apollo Server 5 on Express 5) and over WebSocket (graphql-ws) on the same port,
 * the admin console at /admin, and a graceful stop.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import proxyaddr from 'proxy-addr';
import type { ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { WebSocket, WebSocketServer } from 'ws';
import { configWarnings, type AppConfig } from './config/config';
import { ADMIN_DIST, EXAMPLES_DIR } from './config/paths';
import { autoIncrement } from './db/bulkInsert';
import { createDataSource } from './db/dataSource';
import { boundDatabaseWaits } from './db/timeouts';
import { prepareDatabase } from './db/migrate';
import { seedDemoData } from './demo/seed';
import { seedDemoMessages } from './demo/messages';
import { apiCallerOf, ApiCaller, NO_API_CALLER, type RequestContext } from './graphql/context';
import { apiClientHttp, apiClientPlugin, type HttpCaller } from './modules/apiclient/apiclient.http';
import { formatError, isServiceUnavailable, serviceUnavailableStatus, unavailableInContext } from './graphql/errors';
import { requestLimits } from './graphql/limits';
import { introspectionGuard } from './graphql/introspection';
import { countStatementsMiddleware, statementCountPlugin } from './graphql/statementCounting';
import { createLoaders } from './graphql/loaders';
import { httpErrorHandler } from './common/httpErrors';
import { buildAppSchema } from './graphql/schema';
import { createServices, Services } from './services';
import { registerModuleRoutes } from './modules';
import { baseSecurityHeaders, serveConsole, serveExamples } from './common/webSecurity';
import { InProcessScheduler, JobRunner } from './jobs/scheduler';
import { QueueScheduler } from './jobs/queue';
import { jobsOf } from './jobs/jobs';
import type { Viewer } from './auth/viewer';
import { registerHealth } from './ops/health';
import { graphqlRequestKind, onPrimary, ReadReplicas } from './db/replicas';
import { Metrics } from './ops/metrics';

export interface RunningApp {
  url: string;
  port: number;
  ds: DataSource;
  services: Services;
  schema: GraphQLSchema;
  stop(): Promise<void>;
}

export interface AppLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, err?: unknown): void;
}

/** The close code of a WebSocket whose client fell too far behind (REALTIME_MAX_BUFFERED_BYTES; docs/realtime.md). */
export const SLOW_CONSUMER_CLOSE_CODE = 4008;

export const consoleLogger = (config: AppConfig): AppLogger => ({
  info: (m) => config.logLevel !== 'silent' && config.logLevel !== 'error' && config.logLevel !== 'warn' && console.log(m),
  warn: (m) => config.logLevel !== 'silent' && config.logLevel !== 'error' && console.warn(m),
  error: (m, e) => config.logLevel !== 'silent' && console.error(m, e ?? ''),
});

export async function startApp(config: AppConfig, log: AppLogger = consoleLogger(config)): Promise<RunningApp> {
  for (const w of configWarnings(config)) log.warn(`WARNING: ${w}`);
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    await prepareDatabase(ds, config, log);
    if (config.demoData) await seedDemoData(ds, config, log);
    // whether bulk inserts give consecutive ids (db/bulkInsert.ts): read once here, not in the first import
    await autoIncrement.consecutive(ds.manager);
  } catch (e) {
    await ds.destroy();
    throw e;
  }
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: false, connectionName: `${config.redisKeyPrefix}main` })
    : null;
  redis?.on('error', (e) => log.error('[redis]', e.message));
  const services = createServices(ds, config, redis);
  // What the modules' jobs and routes receive: the kernel and every module's services.
  const moduleDeps = { ds, config, redis, ...services };
  // The keyword search's engine (full-text index, or the LIKE fallback), read and logged once (docs/search.md).
  await services.search.engine();
  // Read replicas (DATABASE_REPLICA_URLS): lag-tolerant reads of queries and exports; none configured: a no-op.
  const replicas = new ReadReplicas(ds, config, redis, log);
  await replicas.start();
  // From here on the server serves: every wait for the database is bounded (migrations above ran without a statement
  // timeout; the bound covers the replicas' routing too, hence after replicas.start).
  boundDatabaseWaits(ds, config);
  await services.bus.start();
  if (config.demoData) await seedDemoMessages(ds, services, config.demoMessages, log);
  // The analysis index: catches up with messages not yet indexed, then follows this instance's commits.
  services.analysis.queue.start();
  // Scheduled jobs: through the Redis queue when there is Redis (each tick once across instances), else in process.
  // Operators' metrics (/metrics): the WebSocket server is created below, hence the late lookup.
  let wsClients = () => 0;
  let slowConsumerCloses = 0;
  const metrics = new Metrics(ds, {
    websocketClients: () => wsClients(),
    slowConsumerCloses: () => slowConsumerCloses,
    subscriptions: () => services.realtime.activeSubscriptions(),
    analysisBacklog: () => services.analysis.queue.pending,
    replicas,
  });
  const jobs = metrics.instrumentJobs(jobsOf(moduleDeps));
  const scheduler: JobRunner = config.redisUrl
    ? new QueueScheduler(jobs, { redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix, instance: `${os.hostname()}:${process.pid}`, log })
    : new InProcessScheduler(jobs, log);
  if (config.jobs.enabled) await scheduler.start();
  const schema = await buildAppSchema();

  const contextFor = async (viewer: Viewer, ip: string, api: ApiCaller = NO_API_CALLER): Promise<RequestContext> => ({
    config,
    ds,
    services,
    viewer,
    ip,
    loaders: createLoaders(ds),
    requestId: crypto.randomUUID(),
    ...api,
  });
  const tokenOf = (params: Record<string, unknown> | undefined | null) =>
    bearer(params?.authorization ?? params?.Authorization) ?? (typeof params?.token === 'string' ? params.token : null);
  const bearer = (header: unknown) => {
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    return m ? m[1] : null;
  };

  const app = express();
  app.disable('x-powered-by');
  // The client's address behind trusted proxies (TRUST_PROXY): req.ip for HTTP, the same rule for WebSocket upgrades.
  app.set('trust proxy', config.trustProxy);
  const clientIp = (request: http.IncomingMessage) => proxyaddr(request, app.get('trust proxy fn'));
  app.use(metrics.httpMiddleware());
  app.use(baseSecurityHeaders());
  const httpServer = http.createServer(app);
  // Idle kept-alive connections stay open longer than the clients and proxies in front keep them (nginx's upstream
  // keepalive_timeout and most load balancers: 60 s; fetch/undici: 4 s): the client, not the server, closes an idle
  // connection. With Node's 5-s default the server can close a socket at the instant a client sends its next request
  // on it, which that client sees as a reset (a proxy answers 502) without knowing whether the request was done.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  // While stopping, every answer carries `Connection: close`, so that a keep-alive client opens a new connection
  // for its next request (cleanly refused once we stop listening) instead of sending it on a socket that is about
  // to be closed (a reset, after which the client cannot know whether its request was done).
  let draining = false;
  app.use((_req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: unknown[]) {
      if (draining && !this.headersSent) this.setHeader('connection', 'close');
      return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
    } as typeof res.writeHead;
    next();
  });

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const fanout = services.realtime.fanout;
  // A client that does not read what it is sent (a frozen tab, a stalled network) would have the server keep every
  // event for it, without limit. Before each write: a socket with more than REALTIME_MAX_BUFFERED_BYTES written but not
  // yet taken by its client (ws's `bufferedAmount`: what waits in the process, past the kernel's socket buffers) is
  // sent nothing more and closed with 4008 Slow consumer (docs/realtime.md); its client reconnects and catches up.
  const maxBuffered = config.realtime.maxBufferedBytes;
  const slowConsumer = (socket: WebSocket): boolean => {
    if (socket.bufferedAmount <= maxBuffered) return false;
    if (socket.readyState === WebSocket.OPEN) {
      slowConsumerCloses++;
      log.warn(`[realtime] slow consumer: ${socket.bufferedAmount} bytes not taken by the client, socket closed with ${SLOW_CONSUMER_CLOSE_CODE}`);
      socket.close(SLOW_CONSUMER_CLOSE_CODE, 'Slow consumer');
    }
    return true;
  };
  // A shared `next` message sent through graphql-ws (subscriptions not delivered directly) is serialised once
  // (SharedSubscriptions.replacer); each socket sends it as composed, unless its client is too far behind (then the
  // message is dropped as graphql-ws drops one to a closed socket: its callback is called, without an error).
  wsServer.on('connection', (socket) => {
    const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
    socket.send = ((data: unknown, ...rest: unknown[]) => {
      if (!slowConsumer(socket)) return send(fanout.wire(data), ...rest);
      const done = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
      if (done) process.nextTick(done);
    }) as typeof socket.send;
  });
  wsClients = () => wsServer.clients.size;
  // The viewer of each WebSocket connection (keyed by its graphql-ws `extra`): read at connection_init, refreshed by
  // the periodic check, used by every subscribe message of the connection (no session query per subscription).
  const socketViewers = new WeakMap<object, Viewer>();
  // Errors over WebSocket go through the same formatting as over HTTP: typed codes kept, internal details hidden.
  // Errors graphql-ws reports itself (onError) are the document's validation errors.
  const formatWsError = (error: GraphQLError, fallbackCode?: string) => {
    const formatted = error.toJSON();
    const withCode = fallbackCode && !formatted.extensions?.code ? { ...formatted, extensions: { ...formatted.extensions, code: fallbackCode } } : formatted;
    return formatError(withCode, error, { exposeDetails: config.env === 'development', log: (e) => log.error('[graphql-ws] unexpected error', e) });
  };
  const formatResult = (r: ExecutionResult) => (r.errors?.length ? { ...r, errors: r.errors.map((e) => formatWsError(e)) } : r);
  const wsCleanup = useServer(
    {
      schema,
      // One execution per event for the subscriptions that would get the same result, and one serialisation of it
      // (docs/realtime.md, "Shared execution"), written straight to each socket (`context` below binds the operation
      // to its socket); subscriptions that cannot be delivered directly go through onNext and jsonMessageReplacer
      // with the socket's send above.
      subscribe: fanout.subscribe,
      onNext: (_ctx, _id, _payload, _args, result) => fanout.payload(result, formatResult),
      jsonMessageReplacer: fanout.replacer,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatWsError(e, 'GRAPHQL_VALIDATION_FAILED')),
      // Authentication in connection_init, with the same JWT as HTTP; no valid session closes with 4401.
      onConnect: async (ctx) => {
        let viewer: Viewer;
        try {
          viewer = await services.realtime.admit(() => services.auth.viewerFromToken(tokenOf(ctx.connectionParams)));
        } catch (e) {
          // Database unreachable or its pool's queue full (a crowd reconnecting at once): not the client's fault.
          // 1013 Try Again Later makes graphql-ws clients retry with their backoff (a thrown error would be 4500, fatal).
          if (!isServiceUnavailable(e)) throw e;
          ctx.extra.socket.close(1013, 'Try again later');
          return false;
        }
        if (!viewer) {
          ctx.extra.socket.close(4401, 'Unauthorized');
          return false;
        }
        socketViewers.set(ctx.extra, viewer);
        // A revoked or expired session ends the socket too (checked every 30 s). A check that cannot reach the
        // database decides nothing: the socket stays and the next check tries again.
        const timer = setInterval(async () => {
          let current: Viewer;
          try {
            current = await services.realtime.admit(() => services.auth.viewerFromToken(tokenOf(ctx.connectionParams)));
          } catch {
            return;
          }
          if (!current) ctx.extra.socket.close(4401, 'Unauthorized');
          else socketViewers.set(ctx.extra, current);
        }, 30_000);
        timer.unref();
        ctx.extra.socket.once('close', () => clearInterval(timer));
        return true;
      },
      context: async (ctx, id) => {
        const context = await contextFor(socketViewers.get(ctx.extra) ?? null, clientIp(ctx.extra.request));
        // Its events are written to the socket as they come (SharedSubscriptions.direct), not through graphql-ws's loop.
        const socket = ctx.extra.socket;
        fanout.bind(context, {
          id,
          format: formatResult,
          send: (text) => {
            if (socket.readyState === WebSocket.OPEN && !slowConsumer(socket))
              (WebSocket.prototype.send as (this: WebSocket, data: string) => void).call(socket, text);
          },
        });
        return context;
      },
    },
    wsServer,
    10_000,
  );

  const limits = requestLimits(config);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    allowBatchedHttpRequests: false,
    // A GET (or a simple POST) must carry a header a browser cannot send cross-site without a preflight: the API key
    // counts as one (the preflight then goes through CORS, answered by the keys' allowed origins).
    csrfPrevention: { requestHeaders: ['x-apollo-operation-name', 'apollo-require-preflight', 'x-api-key'] },
    // compact JSON: Apollo's default indents every response, which costs time and bytes on long lists
    stringifyResult: (value) => JSON.stringify(value),
    // Signals are main.ts's (graceful stop of everything). Apollo's own handlers (on by default outside NODE_ENV=test)
    // would stop Apollo first, and app.stop()'s apollo.stop() arriving meanwhile waits for ever: SIGTERM never exited.
    stopOnTerminationSignals: false,
    introspection: true,
    includeStacktraceInErrorResponses: config.env === 'development',
    formatError: (formatted, error) =>
      formatError(formatted, error, { exposeDetails: config.env === 'development', log: (e) => log.error('[graphql] unexpected error', e) }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No HTTP cache hints are used; the default cache-control plugin would hook every resolved field (slow on long lists).
      ApolloServerPluginCacheControlDisabled(),
      ...limits.plugins,
      metrics.graphqlPlugin(),
      introspectionGuard(config),
      apiClientPlugin(),
      serviceUnavailableStatus,
      ...(config.countSqlStatements ? [statementCountPlugin] : []),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  registerHealth(app, { ds, redis, info: () => (replicas.enabled ? { replicas: replicas.replicas() } : {}) });
  metrics.register(app, config.metricsToken);
  if (config.countSqlStatements) app.use('/graphql', countStatementsMiddleware);
  app.use(
    '/graphql',
    // The API key, CORS by the keys' allowed origins, a browser origin or an end user's IP the key does not allow (refused
    // before anything runs). Authentication reads the primary: a key revoked a moment ago must not live on in a replica.
    ...apiClientHttp(services, onPrimary, (key) => apiCallerOf(services, key)),
    express.json({ limit: config.limits.maxBodyBytes }),
    replicas.middleware(graphqlRequestKind),
    expressMiddleware(apollo, {
      // An unreachable database while authenticating is SERVICE_UNAVAILABLE (503), not an internal error.
      context: async ({ req, res }) =>
        unavailableInContext(async () => {
          const caller = res.locals.caller as HttpCaller;
          if (caller.error) throw caller.error;
          return contextFor(await onPrimary(() => services.auth.viewerFromToken(bearer(req.headers.authorization))), caller.ip, caller.api);
        }),
    }),
  );
  // A body over MAX_BODY_BYTES (or not JSON) gets a GraphQL-shaped error, not an HTML page.
  app.use('/graphql', ((err, _req, res, next) => {
    const e = err as { type?: string; status?: number };
    if (e?.type === 'entity.too.large') {
      res.status(413).json({
        errors: [{ message: `请求体过大 (request body over ${config.limits.maxBodyBytes} bytes)`, extensions: { code: 'BAD_USER_INPUT', limit: 'body' } }],
      });
    } else if (e?.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: '请求体不是有效的 JSON (malformed JSON body)', extensions: { code: 'BAD_USER_INPUT' } }] });
    } else next(err);
  }) as express.ErrorRequestHandler);
  // Exports are reads (replicas), except for a caller who has just changed something.
  app.use(
    '/export',
    replicas.middleware(() => 'read'),
  );
  // The modules' plain HTTP routes (exports, attachments: their descriptors' `routes`).
  registerModuleRoutes(app, moduleDeps);
  // Errors of the plain HTTP routes (exports, attachments): typed codes with their HTTP status, bugs without details.
  app.use(httpErrorHandler((m, e) => log.error(m, e)));
  serveConsole(app, ADMIN_DIST);
  serveExamples(app, EXAMPLES_DIR);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as { port: number }).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host}:${port}`;

  let stopping: Promise<void> | null = null;
  return {
    url,
    port,
    ds,
    services,
    schema,
    // Graceful stop: stop accepting, let in-flight HTTP requests finish, close subscriptions with 1001
    // (going away) while the job worker finishes its job in progress; then events, Redis and the database.
    stop: () =>
      (stopping ??= (async () => {
        draining = true;
        const drained = await Promise.allSettled([apollo.stop(), scheduler.stop()]);
        for (const d of drained) if (d.status === 'rejected') log.error('[stop]', d.reason);
        await new Promise<void>((r) => wsServer.close(() => r()));
        if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
        await services.analysis.queue.stop();
        await services.bus.stop();
        replicas.stop();
        redis?.disconnect();
        await ds.destroy();
      })()),
  };
}
