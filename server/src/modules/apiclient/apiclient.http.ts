/**
 * API clients over HTTP (docs/public-api.md, "Keys over HTTP"): what is decided once per request, before any of it
 * runs. Express middleware reads the key, answers CORS by the keys' allowed origins and refuses a browser origin the
 * key does not allow (HTTP 403) or an end user's IP the key may not pass; an Apollo plugin counts the request against
 * the key's per-minute limit and the citizen operations in it against the end user's address (HTTP 429 with
 * Retry-After), sends the RateLimit-* headers, and marks public reads over GET as cacheable for a short while.
 */
import { HTTP_STATUS } from '../../common/httpErrors';
import net from 'node:net';
import type { ApolloServerPlugin } from '@apollo/server';
import cors from 'cors';
import type express from 'express';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { ApiCaller, RequestContext } from '../../graphql/context';
import { AppError, ErrorCode, isServiceUnavailable } from '../../graphql/errors';
import type { Services } from '../../services';
import type { ClientPrincipal, KeyUsage } from './apiclient.service';
import { normaliseOrigin, rateLimitHeaders } from './apiclient.service';

/** The header in which a trusted server-side integration passes its end user's IP address. */
export const END_USER_IP_HEADER = 'x-end-user-ip';
/** Root fields that are citizens' operations: limited per end user's IP address as well. */
export const CITIZEN_OPERATIONS = new Set(['submitMessage', 'lookupMessage', 'rateMessage', 'requestRedo']);
/** Root fields whose answers are the same for every caller and may be cached briefly when asked for over GET. */
export const CACHEABLE_PUBLIC_READS = new Set([
  'publicMessages',
  'publicMessage',
  'unitBoard',
  'leaderBoard',
  'publicCategories',
  'publicUnits',
  'publicLeaders',
  'publicStatistics',
  'publicMonthlyReport',
  '__typename',
]);
/** How long a public read over GET may be cached (seconds). */
export const PUBLIC_CACHE_SECONDS = 30;
const EXPOSED_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After'];
const ALLOWED_HEADERS = ['content-type', 'accept', 'x-api-key', 'apollo-require-preflight', 'x-apollo-operation-name'];

/** What the middleware learnt about a request's caller, kept on `res.locals` for the GraphQL context. */
export interface HttpCaller {
  api: ApiCaller;
  /** The address citizen limits count and messages keep: the end user's when the key may pass it, else the peer's. */
  ip: string;
  /** Reading the key failed (the database is unreachable): the context reports it. */
  error?: unknown;
}

const peerIp = (req: express.Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** The origin the request was addressed to, as a browser on the same site would send it in `Origin`. */
const ownOrigin = (req: express.Request) => normaliseOrigin(`${req.protocol}://${req.get('host') ?? ''}`);

/** A GraphQL-shaped refusal sent before anything runs, with its code's HTTP status (common/httpErrors.ts). */
function refuse(req: express.Request, res: express.Response, code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  const type = req.accepts(['application/graphql-response+json', 'application/json']) || 'application/json';
  res
    .status(HTTP_STATUS[code])
    .type(type as string)
    .send(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }));
}

/**
 * The middleware chain for /graphql before the body is read: the caller (by x-api-key), CORS, and the per-key checks
 * of the browser origin and of `x-end-user-ip`.
 */
export function apiClientHttp(
  services: Services,
  onPrimary: <T>(fn: () => Promise<T>) => Promise<T>,
  apiCallerOf: (key: unknown) => Promise<ApiCaller>,
): express.RequestHandler[] {
  const caller: express.RequestHandler = async (req, res, next) => {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : null;
    try {
      const api = await onPrimary(() => apiCallerOf(req.headers['x-api-key']));
      res.locals.caller = { api: { ...api, origin }, ip: peerIp(req) } satisfies HttpCaller;
    } catch (e) {
      if (!isServiceUnavailable(e)) return next(e);
      res.locals.caller = { api: { client: null, clientError: null, origin }, ip: peerIp(req), error: e } satisfies HttpCaller;
    }
    next();
  };

  // CORS: a preflight carries no key, so it is answered for the platform's own origin and for origins that some active
  // key allows; the request itself is then checked against its own key (below). Other origins get no CORS headers.
  const corsHandler = cors((req, callback) => {
    const r = req as express.Request;
    const origin = normaliseOrigin(String(r.headers.origin ?? ''));
    if (!r.headers.origin || !origin) return callback(null, { origin: false });
    const answer = (known: boolean) =>
      callback(
        null,
        known
          ? { origin: true, methods: ['GET', 'POST', 'OPTIONS'], allowedHeaders: ALLOWED_HEADERS, exposedHeaders: EXPOSED_HEADERS, maxAge: 600 }
          : { origin: false },
      );
    if (origin === ownOrigin(r)) return answer(true);
    services.apiClients.knownOrigins().then(
      (set) => answer(set.has(origin)),
      () => answer(false),
    );
  });

  const checks: express.RequestHandler = (req, res, next) => {
    const c = res.locals.caller as HttpCaller;
    const client = c.api.client;
    const rawOrigin = c.api.origin;
    const origin = rawOrigin ? normaliseOrigin(rawOrigin) : null;
    const browser = !!rawOrigin && origin !== ownOrigin(req);
    // A key used from another site's page must list that site; a server-only key (none listed) is refused from every one.
    if (client && browser && !(origin && client.allowedOrigins.includes(origin))) {
      return refuse(
        req,
        res,
        ErrorCode.FORBIDDEN,
        client.allowedOrigins.length
          ? `来源 ${rawOrigin} 未获此密钥授权 (origin not allowed for this API key)`
          : `此密钥仅限服务器调用，不能用于网页 (a server-only API key cannot be used from a browser page: ${rawOrigin})`,
      );
    }
    const endUserIp = req.headers[END_USER_IP_HEADER];
    if (endUserIp !== undefined) {
      if (c.api.clientError) return next(); // the key itself is refused first (UNAUTHENTICATED)
      if (!client?.mayPassEndUserIp || rawOrigin) {
        return refuse(
          req,
          res,
          ErrorCode.FORBIDDEN,
          `只有获准代传访问者 IP 的服务器密钥可以发送 ${END_USER_IP_HEADER} (only a server key allowed to pass end-user IPs may send ${END_USER_IP_HEADER})`,
        );
      }
      const ip = typeof endUserIp === 'string' ? endUserIp.trim() : '';
      if (!net.isIP(ip))
        return refuse(req, res, ErrorCode.BAD_USER_INPUT, `${END_USER_IP_HEADER} 不是有效的 IP 地址 (not an IP address)`, { field: END_USER_IP_HEADER });
      c.ip = ip;
    }
    next();
  };
  return [caller, corsHandler, checks];
}

/** The names of an operation's root fields, through inline fragments and fragment spreads. */
export function rootFields(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) out.push(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        const f = fragments.get(sel.name.value);
        if (f) walk(f.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return out;
}

/**
 * Per request, before it runs: one request counts once against its key's limit (over it: HTTP 429, nothing runs), its
 * citizen operations against the end user's address; a query code is never sent in a URL (lookupMessage over GET is
 * refused). Every keyed answer carries the RateLimit-* headers; a public read over GET may be cached briefly.
 */
export function apiClientPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let usage: KeyUsage | null = null;
      let cacheable = false;
      let citizen = false;
      return {
        async didResolveOperation({ contextValue: ctx, operation, document, request }) {
          const client: ClientPrincipal | null = ctx.client;
          if (!client || !operation) return;
          const fields = rootFields(operation, document);
          const citizenOps = fields.filter((f) => CITIZEN_OPERATIONS.has(f)).length;
          citizen = citizenOps > 0;
          const get = request.http?.method === 'GET';
          if (get && fields.includes('lookupMessage')) {
            throw new AppError(
              ErrorCode.BAD_USER_INPUT,
              '查询码不能放在网址里：请用 POST 调用 lookupMessage (send lookupMessage by POST: a query code in a URL ends up in logs)',
              { http: { status: 405 } },
            );
          }
          usage = await ctx.services.apiClients.countRequest(client);
          if (citizenOps) await ctx.services.apiClients.countCitizenOps(ctx.ip, citizenOps);
          cacheable = get && operation.operation === 'query' && fields.every((f) => CACHEABLE_PUBLIC_READS.has(f));
        },
        async willSendResponse({ response }) {
          if (usage) for (const [k, v] of rateLimitHeaders(usage)) response.http.headers.set(k, v);
          const ok = response.body.kind === 'single' && !response.body.singleResult.errors?.length;
          if (cacheable && ok) {
            response.http.headers.set('cache-control', `public, max-age=${PUBLIC_CACHE_SECONDS}`);
            response.http.headers.set('vary', 'Origin, Accept, x-api-key');
          } else if (citizen || usage) {
            response.http.headers.set('cache-control', 'no-store');
          }
        },
      };
    },
  };
}
