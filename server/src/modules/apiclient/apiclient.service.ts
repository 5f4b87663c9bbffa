/**
 * API clients (第三方接入): keys shown once and stored hashed, scopes, allowed origins, per-client rate
 * limits. Every request with a key is checked against the database, so disabling a client stops its key at once.
 */
import crypto from 'node:crypto';
import type Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimiter } from '../../common/rateLimiter';
import type { DataSource } from 'typeorm';
import { pageOf } from '../../common/listing';
import { parseId } from '../../common/text';
import { inTransaction } from '../../db/transaction';
import { Page } from '../../graphql/connection';
import { badInput, forbidden, notFound, rateLimited, unauthenticated } from '../../graphql/errors';
import { ApiClient, ApiScope } from './apiclient.entity';

export interface ClientPrincipal {
  kind: 'client';
  clientId: number;
  name: string;
  scopes: ApiScope[];
  allowedOrigins: string[];
  rateLimitPerMinute: number;
}

export interface ApiClientInputFields {
  name?: string;
  owner?: string;
  scopes?: ApiScope[];
  allowedOrigins?: string[];
  rateLimitPerMinute?: number;
  isActive?: boolean;
}

const KEY_PATTERN = /^wz_([a-z0-9]{8})_([A-Za-z0-9_-]{32,64})$/;
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export class ApiClientService {
  private readonly perClient: RateLimiterAbstract;
  private readonly citizenPerIp: RateLimiterAbstract;

  constructor(private readonly ds: DataSource, redis: Redis | null, citizenOpsPerIpPerMinute: number, keyPrefix = 'wz:') {
    const make = (name: string, points: number) => rateLimiter(redis, { keyPrefix: keyPrefix + name, points, duration: 60 });
    // One counter per client per minute; each client's own limit is compared below.
    this.perClient = make('client', 1_000_000_000);
    this.citizenPerIp = make('citizen:ip', citizenOpsPerIpPerMinute);
  }

  async create(fields: Required<Pick<ApiClientInputFields, 'name' | 'owner' | 'scopes'>> & ApiClientInputFields): Promise<{ client: ApiClient; key: string }> {
    const { key, prefix } = newKey();
    const client = await inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(ApiClient);
      const saved = await repo.save(repo.create({
        name: fields.name.trim(), owner: fields.owner.trim(), scopes: [...new Set(fields.scopes)], allowedOrigins: normaliseOrigins(fields.allowedOrigins ?? []),
        rateLimitPerMinute: fields.rateLimitPerMinute ?? 600, isActive: fields.isActive ?? true, keyPrefix: prefix, keyHash: sha256(key),
      }));
      return repo.findOneByOrFail({ id: saved.id });
    });
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
    await repo.save(client);
    return repo.findOneByOrFail({ id });
  }

  /** Replaces the key: the old one stops working at once. */
  async rotateKey(idRaw: string): Promise<{ client: ApiClient; key: string }> {
    const id = parseId('id', idRaw);
    const repo = this.ds.getRepository(ApiClient);
    if (!(await repo.findOneBy({ id }))) throw notFound('ApiClient', id);
    const { key, prefix } = newKey();
    await repo.update(id, { keyPrefix: prefix, keyHash: sha256(key) });
    return { client: await repo.findOneByOrFail({ id }), key };
  }

  list(page: Page) {
    return pageOf(this.ds.getRepository(ApiClient).createQueryBuilder('c').orderBy('c.id', 'ASC'), page);
  }

  /** The client named by a key, or UNAUTHENTICATED for an unknown, malformed or disabled key. */
  async authenticate(key: string): Promise<ClientPrincipal> {
    const m = KEY_PATTERN.exec(key.trim());
    const client = m ? await this.ds.getRepository(ApiClient).findOneBy({ keyPrefix: m[1] }) : null;
    const given = Buffer.from(sha256(key.trim()));
    const ok = !!client && crypto.timingSafeEqual(given, Buffer.from(client.keyHash)) && client.isActive;
    if (!ok || !client) throw unauthenticated('无效或已停用的接口密钥 (invalid or disabled API key)');
    if (!client.lastUsedAt || Date.now() - client.lastUsedAt.getTime() > 60_000) {
      void this.ds.getRepository(ApiClient).update(client.id, { lastUsedAt: new Date() }).catch(() => undefined);
    }
    return { kind: 'client', clientId: client.id, name: client.name, scopes: client.scopes, allowedOrigins: client.allowedOrigins, rateLimitPerMinute: client.rateLimitPerMinute };
  }

  /** Scope, origin and the client's rate limit, checked on every public operation. */
  async admit(client: ClientPrincipal | null, scope: ApiScope, origin: string | undefined): Promise<ClientPrincipal> {
    if (!client) throw unauthenticated('需要接口密钥 (an API key is required: header x-api-key)');
    if (!client.scopes.includes(scope)) throw forbidden(`接口密钥没有 ${scope} 权限 (the key lacks the ${scope} scope)`);
    if (origin && client.allowedOrigins.length && !client.allowedOrigins.includes(origin.toLowerCase())) {
      throw forbidden(`来源 ${origin} 未获授权 (origin not allowed for this key)`);
    }
    const res = await this.perClient.consume(String(client.clientId), 1).catch((r: RateLimiterRes) => r);
    if (res instanceof RateLimiterRes && res.consumedPoints > client.rateLimitPerMinute) {
      throw rateLimited(Math.ceil(res.msBeforeNext / 1000), '接口调用过于频繁 (rate limit of this API key reached)');
    }
    return client;
  }

  /** Citizen operations (submit, look up, rate) are also limited per IP. */
  async admitCitizen(ip: string): Promise<void> {
    try {
      await this.citizenPerIp.consume(ip, 1);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw rateLimited(Math.ceil(e.msBeforeNext / 1000), '操作过于频繁，请稍后再试 (too many citizen requests from this address)');
      throw e;
    }
  }

  /** Every origin any active client allows (for CORS preflight, which carries no key). */
  async allowedOrigins(): Promise<Set<string>> {
    const clients = await this.ds.getRepository(ApiClient).findBy({ isActive: true });
    return new Set(clients.flatMap((c) => c.allowedOrigins));
  }
}

function newKey() {
  const prefix = crypto.randomBytes(8).toString('hex').slice(0, 8);
  return { prefix, key: `wz_${prefix}_${crypto.randomBytes(24).toString('base64url')}` };
}

function normaliseOrigins(origins: string[]): string[] {
  return [...new Set(origins.map((o) => {
    let u: URL;
    try {
      u = new URL(o);
    } catch {
      throw badInput('allowedOrigins', `不是有效的来源 (not an origin): ${o}`);
    }
    if (!['http:', 'https:'].includes(u.protocol) || u.pathname !== '/' || u.search || u.hash) throw badInput('allowedOrigins', `来源须形如 https://example.gov.cn (origin expected): ${o}`);
    return u.origin.toLowerCase();
  }))];
}
