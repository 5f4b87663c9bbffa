/**
 * API clients (第三方接入): keys shown once and stored hashed, scopes, allowed origins, per-client rate
 * limits. A key is checked against the database on its first use and then kept a few seconds (`KEY_CACHE_TTL_MS`):
 * a change made through this service (disable, rotate, new scopes…) drops what is kept at once on this instance, and
 * every other instance reads the key again within the TTL (docs/public-api.md, "Keys over HTTP").
 */
import crypto from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import type Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimiter } from '../../common/rateLimiter';
import type { DataSource } from 'typeorm';
import { pageOf } from '../../common/listing';
import { parseId } from '../../common/text';
import { inTransaction } from '../../db/transaction';
import { Page } from '../../graphql/connection';
import { badInput, forbidden, notFound, rateLimited, unauthenticated, ErrorReason } from '../../graphql/errors';
import { ApiClient, ApiScope } from './apiclient.entity';

export interface ClientPrincipal {
  kind: 'client';
  clientId: number;
  name: string;
  scopes: ApiScope[];
  allowedOrigins: string[];
  rateLimitPerMinute: number;
  mayPassEndUserIp: boolean;
  /** A sandbox key: citizen operations go to the sandbox (modules/sandbox), never to real messages. */
  sandbox: boolean;
}

/** Where a request stands against its key's per-minute limit (sent as RateLimit-* headers). */
export interface KeyUsage {
  limit: number;
  remaining: number;
  /** Seconds until the window starts again. */
  resetSeconds: number;
}

export interface ApiClientInputFields {
  name?: string;
  owner?: string;
  scopes?: ApiScope[];
  allowedOrigins?: string[];
  rateLimitPerMinute?: number;
  isActive?: boolean;
  mayPassEndUserIp?: boolean;
  /** Only when creating: a sandbox key stays one. */
  sandbox?: boolean;
}

const KEY_PATTERN = /^wz_([a-z0-9]{8})_([A-Za-z0-9_-]{32,64})$/;
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export class ApiClientService {
  private readonly perClient: RateLimiterAbstract;
  private readonly citizenPerIp: RateLimiterAbstract;
  /** Origins some active key allows (answering CORS preflights, which carry no key), kept a few seconds. */
  private known: { at: number; origins: Promise<Set<string>> } | null = null;
  /**
   * Keys that authenticated, by the SHA-256 of the key (as stored): the principal, when it was read, and when the key's
   * `lastUsedAt` was last written. Unknown or refused keys are never kept (each is read again).
   */
  private readonly keys = new Map<string, { at: number; principal: ClientPrincipal; lastUsedAt: number }>();

  constructor(
    private readonly ds: DataSource,
    redis: Redis | null,
    citizenOpsPerIpPerMinute: number,
    keyPrefix = 'wz:',
  ) {
    const make = (name: string, points: number) => rateLimiter(redis, { keyPrefix: keyPrefix + name, points, duration: 60 });
    // One counter per client per minute; each client's own limit is compared below.
    this.perClient = make('client', 1_000_000_000);
    this.citizenPerIp = make('citizen:ip', citizenOpsPerIpPerMinute);
  }

  async create(fields: Required<Pick<ApiClientInputFields, 'name' | 'owner' | 'scopes'>> & ApiClientInputFields): Promise<{ client: ApiClient; key: string }> {
    const { key, prefix } = newKey();
    const client = await inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(ApiClient);
      const saved = await repo.save(
        repo.create({
          name: fields.name.trim(),
          owner: fields.owner.trim(),
          scopes: [...new Set(fields.scopes)],
          allowedOrigins: normaliseOrigins(fields.allowedOrigins ?? []),
          rateLimitPerMinute: fields.rateLimitPerMinute ?? 600,
          isActive: fields.isActive ?? true,
          keyPrefix: prefix,
          keyHash: sha256(key),
          mayPassEndUserIp: fields.mayPassEndUserIp ?? false,
          sandbox: fields.sandbox ?? false,
        }),
      );
      checkServerOnly(saved);
      return repo.findOneByOrFail({ id: saved.id });
    });
    this.forgetKeys();
    return { client, key };
  }

  async update(idRaw: string, fields: ApiClientInputFields): Promise<ApiClient> {
    const id = parseId('id', idRaw);
    const repo = this.ds.getRepository(ApiClient);
    const client = await repo.findOneBy({ id });
    if (!client) throw notFound('ApiClient', id);
    if (fields.name != null) client.name = fields.name.trim();
    if (fields.owner != null) client.owner = fields.owner.trim();
    if (fields.scopes != null) client.scopes = [...new Set(fields.scopes)];
    if (fields.allowedOrigins != null) client.allowedOrigins = normaliseOrigins(fields.allowedOrigins);
    if (fields.rateLimitPerMinute != null) client.rateLimitPerMinute = fields.rateLimitPerMinute;
    if (fields.isActive != null) client.isActive = fields.isActive;
    if (fields.mayPassEndUserIp != null) client.mayPassEndUserIp = fields.mayPassEndUserIp;
    checkServerOnly(client);
    await repo.save(client);
    this.forgetKeys();
    return repo.findOneByOrFail({ id });
  }

  /** Replaces the key: the old one stops working at once. */
  async rotateKey(idRaw: string): Promise<{ client: ApiClient; key: string }> {
    const id = parseId('id', idRaw);
    const repo = this.ds.getRepository(ApiClient);
    if (!(await repo.findOneBy({ id }))) throw notFound('ApiClient', id);
    const { key, prefix } = newKey();
    await repo.update(id, { keyPrefix: prefix, keyHash: sha256(key) });
    this.forgetKeys();
    return { client: await repo.findOneByOrFail({ id }), key };
  }

  list(page: Page) {
    return pageOf(this.ds.getRepository(ApiClient).createQueryBuilder('c').orderBy('c.id', 'ASC'), page);
  }

  /** Drops the keys and origins kept (after a change to a client: it takes effect at once on this instance). */
  forgetKeys(): void {
    this.keys.clear();
    this.known = null;
  }

  /**
   * The client named by a key, or UNAUTHENTICATED for an unknown, malformed or disabled key. A key that authenticated
   * is kept `KEY_CACHE_TTL_MS` (no statement for it meanwhile); `lastUsedAt` is still written at most once a minute.
   */
  async authenticate(key: string): Promise<ClientPrincipal> {
    const trimmed = key.trim();
    const hash = sha256(trimmed);
    const now = Date.now();
    const kept = this.keys.get(hash);
    if (kept && now - kept.at < KEY_CACHE_TTL_MS) {
      if (now - kept.lastUsedAt > 60_000) {
        kept.lastUsedAt = now;
        this.touch(kept.principal.clientId);
      }
      return kept.principal;
    }
    const m = KEY_PATTERN.exec(trimmed);
    const client = m ? await this.ds.getRepository(ApiClient).findOneBy({ keyPrefix: m[1] }) : null;
    const ok = !!client && crypto.timingSafeEqual(Buffer.from(hash), Buffer.from(client.keyHash)) && client.isActive;
    if (!ok || !client) {
      this.keys.delete(hash);
      throw unauthenticated('无效或已停用的接口密钥 (invalid or disabled API key)');
    }
    let lastUsedAt = client.lastUsedAt?.getTime() ?? 0;
    if (now - lastUsedAt > 60_000) {
      lastUsedAt = now;
      this.touch(client.id);
    }
    const principal: ClientPrincipal = {
      kind: 'client',
      clientId: client.id,
      name: client.name,
      scopes: client.scopes,
      allowedOrigins: normaliseStored(client.allowedOrigins),
      rateLimitPerMinute: client.rateLimitPerMinute,
      mayPassEndUserIp: client.mayPassEndUserIp,
      sandbox: client.sandbox,
    };
    if (this.keys.size >= KEY_CACHE_MAX) this.keys.clear();
    this.keys.set(hash, { at: now, principal, lastUsedAt });
    return principal;
  }

  /** Writes a key's `lastUsedAt` in the background (its failure costs the request nothing). */
  private touch(clientId: number): void {
    void this.ds
      .getRepository(ApiClient)
      .update(clientId, { lastUsedAt: new Date() })
      .catch(() => undefined);
  }

  /** The key's scope, checked by every public operation (origins and limits are checked once per request, before it runs). */
  admit(client: ClientPrincipal | null, scope: ApiScope): ClientPrincipal {
    if (!client) throw unauthenticated('需要接口密钥 (an API key is required: header x-api-key)');
    if (!client.scopes.includes(scope)) {
      const name = Object.entries(ApiScope).find(([, v]) => v === scope)?.[0] ?? scope;
      throw forbidden(`接口密钥没有 ${name} 权限 (the key lacks the ${name} scope)`);
    }
    return client;
  }

  /**
   * Counts one request against the key's per-minute limit (a request, whatever it asks for); over the limit it is
   * refused before it runs: RATE_LIMITED, HTTP 429 with Retry-After and RateLimit-* headers.
   */
  async countRequest(client: ClientPrincipal): Promise<KeyUsage> {
    const res = await this.perClient.consume(String(client.clientId), 1).catch((r: RateLimiterRes) => r);
    const usage = {
      limit: client.rateLimitPerMinute,
      remaining: Math.max(0, client.rateLimitPerMinute - res.consumedPoints),
      resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
    };
    if (res.consumedPoints > client.rateLimitPerMinute) {
      throw tooManyRequests(usage.resetSeconds, '接口调用过于频繁 (rate limit of this API key reached)', usage);
    }
    return usage;
  }

  /** Citizen operations (submit, look up, rate, redo) are also limited per end user's IP address: `count` of them in one request. */
  async countCitizenOps(ip: string, count: number): Promise<void> {
    try {
      await this.citizenPerIp.consume(ip, count);
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        throw tooManyRequests(Math.max(1, Math.ceil(e.msBeforeNext / 1000)), '操作过于频繁，请稍后再试 (too many citizen requests from this address)');
      }
      throw e;
    }
  }

  /** Every origin some active client allows (CORS preflights carry no key); cached for a few seconds. */
  knownOrigins(): Promise<Set<string>> {
    if (!this.known || Date.now() - this.known.at > KNOWN_ORIGINS_TTL_MS) {
      const origins = this.ds
        .getRepository(ApiClient)
        .findBy({ isActive: true })
        .then((clients) => new Set(clients.flatMap((c) => normaliseStored(c.allowedOrigins))));
      this.known = { at: Date.now(), origins };
      origins.catch(() => {
        this.known = null;
      });
    }
    return this.known.origins;
  }
}

/** How long an authenticated key is kept before it is read again (a change made on another instance applies within this). */
export const KEY_CACHE_TTL_MS = 5_000;
/** Keys kept at most (past it the cache starts again empty). */
const KEY_CACHE_MAX = 10_000;

/** How long the set of allowed origins is kept before it is read again (a new origin works on every instance within this). */
const KNOWN_ORIGINS_TTL_MS = 5_000;

/** RATE_LIMITED refused before the request runs: HTTP 429 with Retry-After (and the key's RateLimit-* headers). */
export function tooManyRequests(retryAfterSeconds: number, message: string, usage?: KeyUsage) {
  const headers = new HeaderMap([['retry-after', String(retryAfterSeconds)]]);
  if (usage) for (const [k, v] of rateLimitHeaders(usage)) headers.set(k, v);
  return rateLimited(retryAfterSeconds, message, undefined, { http: { status: 429, headers } });
}

/** The RateLimit header fields (IETF httpapi draft, as most API gateways send them) of a key's usage. */
export function rateLimitHeaders(u: KeyUsage): Array<[string, string]> {
  return [
    ['ratelimit-limit', String(u.limit)],
    ['ratelimit-remaining', String(u.remaining)],
    ['ratelimit-reset', String(u.resetSeconds)],
    ['ratelimit-policy', `${u.limit};w=60`],
  ];
}

/** A key that may pass its end users' IP addresses is a server's key: it may not be used from browsers. */
function checkServerOnly(c: Pick<ApiClient, 'mayPassEndUserIp' | 'allowedOrigins'>) {
  if (c.mayPassEndUserIp && c.allowedOrigins.length) {
    throw badInput(
      'mayPassEndUserIp',
      '可代传访问者 IP 的密钥只能用于服务器之间调用，不能设置允许的来源 (a key that passes end-user IPs is server-only: no allowed origins)',
      { reason: ErrorReason.SERVER_KEY_ONLY },
    );
  }
}

/**
 * An origin as browsers send it, for comparing: scheme, host and port in lower case, no path or trailing slash, no
 * default port. Null for anything that is not an http(s) origin (such as the `null` origin of a local file).
 */
export function normaliseOrigin(raw: string): string | null {
  try {
    const u = new URL(raw.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Stored origins, normalised again (rows written before normalisation was complete still compare right). */
function normaliseStored(origins: string[]): string[] {
  return origins.map((o) => normaliseOrigin(o)).filter((o): o is string => !!o);
}

function newKey() {
  const prefix = crypto.randomBytes(8).toString('hex').slice(0, 8);
  return { prefix, key: `wz_${prefix}_${crypto.randomBytes(24).toString('base64url')}` };
}

function normaliseOrigins(origins: string[]): string[] {
  return [
    ...new Set(
      origins.map((o) => {
        let u: URL;
        try {
          u = new URL(o.trim());
        } catch {
          throw badInput('allowedOrigins', `不是有效的来源 (not an origin): ${o}`, { reason: ErrorReason.ORIGIN_INVALID, params: { origin: o } });
        }
        if (!['http:', 'https:'].includes(u.protocol) || u.pathname !== '/' || u.search || u.hash || u.username || u.password)
          throw badInput('allowedOrigins', `来源须形如 https://example.gov.cn (origin expected): ${o}`, {
            reason: ErrorReason.ORIGIN_INVALID,
            params: { origin: o },
          });
        return u.origin.toLowerCase();
      }),
    ),
  ];
}
