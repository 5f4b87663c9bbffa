/**
 * Logging in and out: password check with throttling, access + refresh tokens, renewal with refresh
 * token rotation, revocation, and resolving the viewer of a request from its bearer token.
 */
import { IsNull, type DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { DUMMY_HASH, verifyPassword } from '../../auth/passwords';
import { LoginThrottle } from '../../auth/throttle';
import { isIssuedRefreshToken, newRefreshToken, newSessionId, sessionIdOfRefreshToken, sha256, signAccessToken, verifyAccessToken } from '../../auth/tokens';
import type { StaffViewer } from '../../auth/viewer';
import { badInput, ErrorReason, unauthenticated } from '../../graphql/errors';
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
const REFRESH_REFUSED = '登录已失效，请重新登录 (refresh token invalid or expired)';

export class AuthService {
  /** The text of viewerFromToken's statement (built on first use). */
  private viewerSql?: string;

  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(username: string, password: string, ip: string): Promise<IssuedTokens> {
    const name = username.trim().toLowerCase();
    await this.throttle.assertAllowed(name, ip);
    const user = await this.ds.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :name', { name }).getOne();
    // Compare against a dummy hash when the user does not exist, so timing does not reveal accounts.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.isActive) {
      await this.throttle.recordFailure(name, ip);
      throw unauthenticated(user && ok && !user.isActive ? '账号已停用 (account disabled)' : BAD_LOGIN, {
        reason: user && ok && !user.isActive ? ErrorReason.ACCOUNT_DISABLED : ErrorReason.LOGIN_FAILED,
      });
    }
    await this.throttle.recordSuccess(name);
    return inTransaction(this.ds, async (em) => {
      await em.getRepository(User).update(user.id, { lastLoginAt: new Date() });
      const sessionId = newSessionId();
      const issued = this.tokensFor(user, sessionId);
      await em.getRepository(UserSession).insert({
        id: sessionId,
        userId: user.id,
        refreshTokenHash: sha256(issued.refreshToken),
        expiresAt: issued.refreshTokenExpiresAt,
        revokedAt: null,
        ip,
      });
      return issued;
    });
  }

  /**
   * Exchanges a refresh token for new tokens; the old refresh token stops working (rotation). A refresh token this
   * server issued for the session but that is no longer its current one is a replay (someone kept a copy: whoever
   * presents it second, thief or owner): the whole session ends, its newest access and refresh tokens with it.
   */
  async renew(refreshToken: string, ip: string): Promise<IssuedTokens> {
    const sid = sessionIdOfRefreshToken(refreshToken);
    const sessions = this.ds.getRepository(UserSession);
    const session = sid ? await sessions.findOneBy({ id: sid }) : null;
    if (!session || session.revokedAt || session.expiresAt < new Date()) throw unauthenticated(REFRESH_REFUSED, { reason: ErrorReason.SESSION_EXPIRED });
    const presentedHash = sha256(refreshToken);
    if (session.refreshTokenHash !== presentedHash) {
      if (isIssuedRefreshToken(this.config.jwtSecret, refreshToken)) await this.logout(sid);
      throw unauthenticated(REFRESH_REFUSED, { reason: ErrorReason.SESSION_EXPIRED });
    }
    const user = await this.ds.getRepository(User).findOneBy({ id: session.userId });
    if (!user || !user.isActive) throw unauthenticated('账号已停用 (account disabled)', { reason: ErrorReason.ACCOUNT_DISABLED });
    const issued = this.tokensFor(user, sid);
    // Compare-and-set: of two renewals racing with the same token only one rotates; the other is the replay.
    const rotated = await inTransaction(this.ds, (em) =>
      em
        .getRepository(UserSession)
        .createQueryBuilder()
        .update()
        .set({ refreshTokenHash: sha256(issued.refreshToken), expiresAt: issued.refreshTokenExpiresAt, ip })
        .where('id = :sid AND refreshTokenHash = :presentedHash AND revokedAt IS NULL', { sid, presentedHash })
        .execute(),
    );
    if (rotated.affected !== 1) {
      await this.logout(sid);
      throw unauthenticated(REFRESH_REFUSED, { reason: ErrorReason.SESSION_EXPIRED });
    }
    return issued;
  }

  /**
   * Checks the viewer's own password before a change of it, throttled like logging in (same per-account and
   * per-IP counters): guessing through an open session is no faster than guessing at the login form.
   */
  async verifyOwnPassword(viewer: StaffViewer, password: string, ip: string): Promise<void> {
    await this.throttle.assertAllowed(viewer.username, ip);
    const user = await this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: viewer.userId })
      .getOneOrFail();
    if (!(await verifyPassword(password, user.passwordHash))) {
      await this.throttle.recordFailure(viewer.username, ip);
      throw badInput('currentPassword', '当前密码错误 (current password is wrong)', { reason: ErrorReason.WRONG_CURRENT_PASSWORD });
    }
    await this.throttle.recordSuccess(viewer.username);
  }

  async logout(sessionId: string): Promise<void> {
    await inTransaction(this.ds, (em) => em.getRepository(UserSession).update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() }));
  }

  /** Ends every session of a user (password reset, disabling, role change), or every one but `exceptSessionId`. */
  async revokeAllSessions(userId: number, em = this.ds.manager, exceptSessionId?: string): Promise<void> {
    const qb = em
      .getRepository(UserSession)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: new Date() })
      .where('userId = :userId AND revokedAt IS NULL', { userId });
    if (exceptSessionId) qb.andWhere('id <> :exceptSessionId', { exceptSessionId });
    await qb.execute();
  }

  /**
   * The viewer named by a bearer token, checked against the live session and account in one query,
   * or null for no/invalid/expired/revoked tokens.
   */
  async viewerFromToken(token: string | null | undefined): Promise<StaffViewer | null> {
    if (!token) return null;
    const claims = verifyAccessToken(this.config.jwtSecret, token);
    if (!claims) return null;
    // the statement's text is built once (the query builder costs more CPU than this one-row read; issue 19)
    this.viewerSql ??= this.ds
      .createQueryBuilder()
      .select([
        's.revokedAt AS revokedAt',
        'u.id AS userId',
        'u.username AS username',
        'u.role AS role',
        'u.unitId AS unitId',
        'u.leaderId AS leaderId',
        'u.isActive AS isActive',
        'u.mustChangePassword AS mustChangePassword',
        'n.path AS unitPath',
      ])
      .from(UserSession, 's')
      .innerJoin(User, 'u', 'u.id = s.userId')
      .innerJoin('unit', 'n', 'n.id = u.unitId')
      .where('s.id = :sid', { sid: '' })
      .getQueryAndParameters()[0];
    const [row] = (await this.ds.query(this.viewerSql, [claims.sid])) as Array<{
      revokedAt: unknown;
      userId: number;
      username: string;
      role: Role;
      unitId: number;
      leaderId: number | null;
      isActive: unknown;
      mustChangePassword: unknown;
      unitPath: string;
    }>;
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
      mustChangePassword: truthy(row.mustChangePassword),
    };
  }

  private tokensFor(user: User, sessionId: string): IssuedTokens {
    const refreshToken = newRefreshToken(this.config.jwtSecret, sessionId);
    const refreshTokenExpiresAt = new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000);
    const access = signAccessToken(this.config.jwtSecret, this.config.accessTokenTtlSeconds, { sub: String(user.id), sid: sessionId, role: user.role });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken, refreshTokenExpiresAt, user };
  }
}

const truthy = (v: unknown) => v === true || v === 1 || v === '1';
