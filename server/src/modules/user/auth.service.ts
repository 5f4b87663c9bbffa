/**
 * Logging in and out: password check with throttling, access + refresh tokens, renewal with refresh
 * token rotation, revocation, and resolving the viewer of a request from its bearer token.
 */
import type { DataSource, Repository } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { DUMMY_HASH, verifyPassword } from '../../auth/passwords';
import { LoginThrottle } from '../../auth/throttle';
import { newRefreshToken, newSessionId, sha256, signAccessToken, verifyAccessToken } from '../../auth/tokens';
import type { StaffViewer } from '../../auth/viewer';
import { unauthenticated } from '../../graphql/errors';
import { inTransaction } from '../../db/transaction';
import { Role, User, UserSession } from './user.entity';

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}

const BAD_LOGIN = '用户名或密码错误 (wrong username or password)';

export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(username: string, password: string, ip: string): Promise<IssuedTokens> {
    const name = username.trim().toLowerCase();
    await this.throttle.assertAllowed(name, ip);
    const user = await this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :name', { name })
      .getOne();
    // Compare against a dummy hash when the user does not exist, so timing does not reveal accounts.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.isActive) {
      await this.throttle.recordFailure(name, ip);
      throw unauthenticated(user && ok && !user.isActive ? '账号已停用 (account disabled)' : BAD_LOGIN);
    }
    await this.throttle.recordSuccess(name);
    return inTransaction(this.ds, async (em) => {
      await em.getRepository(User).update(user.id, { lastLoginAt: new Date() });
      return this.issue(em.getRepository(UserSession), user, newSessionId(), ip);
    });
  }

  /** Exchanges a refresh token for new tokens; the old refresh token stops working (rotation). */
  async renew(refreshToken: string, ip: string): Promise<IssuedTokens> {
    const [sid] = refreshToken.split('.', 1);
    return inTransaction(this.ds, async (em) => {
      const sessions = em.getRepository(UserSession);
      const session = sid ? await sessions.findOneBy({ id: sid }) : null;
      if (!session || session.revokedAt || session.expiresAt < new Date() || session.refreshTokenHash !== sha256(refreshToken)) {
        throw unauthenticated('登录已失效，请重新登录 (refresh token invalid or expired)');
      }
      const user = await em.getRepository(User).findOneBy({ id: session.userId });
      if (!user || !user.isActive) throw unauthenticated('账号已停用 (account disabled)');
      return this.issue(sessions, user, session.id, ip);
    });
  }

  async logout(sessionId: string): Promise<void> {
    await this.ds.getRepository(UserSession).update({ id: sessionId }, { revokedAt: new Date() });
  }

  /** Ends every session of a user (password reset, disabling, role change). */
  async revokeAllSessions(userId: number, em = this.ds.manager): Promise<void> {
    await em.getRepository(UserSession).createQueryBuilder()
      .update().set({ revokedAt: new Date() }).where('userId = :userId AND revokedAt IS NULL', { userId }).execute();
  }

  /**
   * The viewer named by a bearer token, checked against the live session and account in one query,
   * or null for no/invalid/expired/revoked tokens.
   */
  async viewerFromToken(token: string | null | undefined): Promise<StaffViewer | null> {
    if (!token) return null;
    const claims = verifyAccessToken(this.config.jwtSecret, token);
    if (!claims) return null;
    const row = await this.ds
      .createQueryBuilder()
      .select(['s.revokedAt AS revokedAt', 'u.id AS userId', 'u.username AS username', 'u.role AS role',
        'u.unitId AS unitId', 'u.leaderId AS leaderId', 'u.isActive AS isActive', 'n.path AS unitPath'])
      .from(UserSession, 's')
      .innerJoin(User, 'u', 'u.id = s.userId')
      .innerJoin('unit', 'n', 'n.id = u.unitId')
      .where('s.id = :sid', { sid: claims.sid })
      .getRawOne<{ revokedAt: unknown; userId: number; username: string; role: Role; unitId: number; leaderId: number | null; isActive: unknown; unitPath: string }>();
    if (!row || row.revokedAt || !truthy(row.isActive) || String(row.userId) !== claims.sub) return null;
    return {
      kind: 'staff',
      userId: Number(row.userId),
      username: row.username,
      role: row.role,
      unitId: Number(row.unitId),
      unitPath: row.unitPath,
      leaderId: row.leaderId === null ? null : Number(row.leaderId),
      sessionId: claims.sid,
    };
  }

  private async issue(sessions: Repository<UserSession>, user: User, sessionId: string, ip: string): Promise<IssuedTokens> {
    const refreshToken = `${sessionId}.${newRefreshToken()}`;
    const refreshTokenExpiresAt = new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000);
    await sessions.save({ id: sessionId, userId: user.id, refreshTokenHash: sha256(refreshToken), expiresAt: refreshTokenExpiresAt, revokedAt: null, ip });
    const access = signAccessToken(this.config.jwtSecret, this.config.accessTokenTtlSeconds, { sub: String(user.id), sid: sessionId, role: user.role });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken, refreshTokenExpiresAt, user };
  }
}

const truthy = (v: unknown) => v === true || v === 1 || v === '1';
