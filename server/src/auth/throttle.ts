/**
 * Login throttling (rate-limiter-flexible): failed logins are counted per account and per IP; once a
 * limit is reached, further attempts are refused with RATE_LIMITED until the block expires, even with
 * the right password. Counters live in Redis when it is configured (shared by every instance).
 */
import type Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimiter } from '../common/rateLimiter';
import type { AppConfig } from '../config/config';
import { rateLimited, ErrorReason } from '../graphql/errors';

export class LoginThrottle {
  private readonly byAccount: RateLimiterAbstract;
  private readonly byIp: RateLimiterAbstract;

  constructor(config: AppConfig, redis: Redis | null) {
    const { maxFailuresPerAccount, maxFailuresPerIp, blockSeconds } = config.login;
    const make = (keyPrefix: string, points: number) => rateLimiter(redis, { keyPrefix, points, duration: blockSeconds, blockDuration: blockSeconds });
    this.byAccount = make(`${config.redisKeyPrefix}login:acct`, maxFailuresPerAccount);
    this.byIp = make(`${config.redisKeyPrefix}login:ip`, maxFailuresPerIp);
  }

  /** Throws RATE_LIMITED when the account or the IP is blocked. */
  async assertAllowed(username: string, ip: string): Promise<void> {
    const [account, fromIp] = await Promise.all([this.byAccount.get(username.toLowerCase()), this.byIp.get(ip)]);
    const over = [
      { res: account, limit: this.byAccount.points },
      { res: fromIp, limit: this.byIp.points },
    ].filter((c): c is { res: RateLimiterRes; limit: number } => !!c.res && c.res.consumedPoints >= c.limit);
    if (over.length) {
      const wait = Math.max(...over.map((c) => Math.ceil(c.res.msBeforeNext / 1000)));
      throw rateLimited(wait, `登录失败次数过多，请 ${wait} 秒后再试 (too many failed logins)`, {
        reason: ErrorReason.TOO_MANY_LOGINS,
        params: { seconds: wait },
      });
    }
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    await Promise.all([this.byAccount.penalty(username.toLowerCase(), 1).catch(() => undefined), this.byIp.penalty(ip, 1).catch(() => undefined)]);
  }

  async recordSuccess(username: string): Promise<void> {
    await this.byAccount.delete(username.toLowerCase()).catch(() => undefined);
  }
}
