/** Staff accounts: listing within the viewer's reach, creation, changes, password resets. */
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { assertPasswordPolicy, hashPassword } from '../../auth/passwords';
import { scopePrefix, unitInScope } from '../../auth/scope';
import type { StaffViewer } from '../../auth/viewer';
import { pageOf, whereContains, whereInSubtree } from '../../common/listing';
import { parseId } from '../../common/text';
import { inTransaction, isUniqueViolation } from '../../db/transaction';
import { Page, SortDirection } from '../../graphql/connection';
import { badInput, conflict, notFound, ErrorReason } from '../../graphql/errors';
import { Leader } from '../leader/leader.entity';
import { Unit } from '../unit/unit.entity';
import type { AuthService } from './auth.service';
import { CreateUserInput, UpdateUserInput, UserFilter, UserSort, UserSortField } from './user.inputs';
import { Role, User } from './user.entity';

const SORT_COLUMNS: Record<UserSortField, string> = {
  USERNAME: 'u.username',
  DISPLAY_NAME: 'u.displayName',
  CREATED_AT: 'u.createdAt',
  LAST_LOGIN_AT: 'u.lastLoginAt',
};

export class UserService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  async list(viewer: StaffViewer, filter: UserFilter = {}, sort: UserSort | undefined, page: Page) {
    const qb = this.ds.getRepository(User).createQueryBuilder('u');
    const prefix = scopePrefix(viewer);
    if (prefix || filter.unitId) qb.innerJoin(Unit, 'un', 'un.id = u.unitId');
    if (prefix) whereInSubtree(qb, 'un.path', prefix, 'scope');
    if (filter.unitId) {
      const unit = await this.ds.getRepository(Unit).findOneBy({ id: parseId('filter.unitId', filter.unitId) });
      if (!unit) throw notFound('Unit', filter.unitId);
      whereInSubtree(qb, 'un.path', unit.path, 'sub');
    }
    if (filter.roles?.length) qb.andWhere('u.role IN (:...roles)', { roles: filter.roles });
    if (filter.isActive !== undefined && filter.isActive !== null) qb.andWhere('u.isActive = :active', { active: filter.isActive });
    whereContains(qb, ['u.username', 'u.displayName'], filter.search);
    qb.orderBy(SORT_COLUMNS[sort?.field ?? UserSortField.USERNAME], sort?.direction ?? SortDirection.ASC).addOrderBy('u.id', 'ASC');
    return pageOf(qb, page);
  }

  async get(id: number): Promise<User> {
    const user = await this.ds.getRepository(User).findOneBy({ id });
    if (!user) throw notFound('User', id);
    return user;
  }

  /** A user as a viewer may read it: outside the viewer's units (the `users` list's reach) exactly like a missing one. */
  async getInReach(viewer: StaffViewer, id: number): Promise<User> {
    const user = await this.ds.getRepository(User).findOneBy({ id });
    const unit = user ? await this.ds.getRepository(Unit).findOneBy({ id: user.unitId }) : null;
    if (!user || !unit || !unitInScope(viewer, unit.path)) throw notFound('User', id);
    return user;
  }

  async create(input: CreateUserInput): Promise<User> {
    assertPasswordPolicy('password', input.password);
    const unitId = parseId('unitId', input.unitId);
    const leaderId = input.leaderId ? parseId('leaderId', input.leaderId) : null;
    await this.checkRoleFits(input.role, unitId, leaderId);
    const passwordHash = await hashPassword(input.password, this.config.bcryptRounds);
    try {
      return await inTransaction(this.ds, async (em) => {
        const saved = await em.getRepository(User).save(
          em.getRepository(User).create({
            username: input.username.toLowerCase(),
            displayName: input.displayName.trim(),
            role: input.role,
            unitId,
            leaderId,
            passwordHash,
            mustChangePassword: true,
            passwordChangedAt: new Date(),
            isActive: true,
          }),
        );
        return em.getRepository(User).findOneByOrFail({ id: saved.id });
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict(`登录名已存在 (username taken): ${input.username}`, { reason: ErrorReason.USERNAME_TAKEN, params: { username: input.username } });
      throw e;
    }
  }

  async update(input: UpdateUserInput, viewer: StaffViewer): Promise<User> {
    const id = parseId('id', input.id);
    return inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(User);
      const user = await repo.findOneBy({ id });
      if (!user) throw notFound('User', id);
      const role = input.role ?? user.role;
      const unitId = input.unitId ? parseId('unitId', input.unitId) : user.unitId;
      const leaderId = input.leaderId !== undefined ? (input.leaderId ? parseId('leaderId', input.leaderId) : null) : user.leaderId;
      if (input.isActive === false && id === viewer.userId)
        throw badInput('isActive', '不能停用自己的账号 (cannot disable yourself)', { reason: ErrorReason.CANNOT_DISABLE_SELF });
      if (input.role && input.role !== Role.PLATFORM_ADMIN && id === viewer.userId)
        throw badInput('role', '不能取消自己的管理员角色 (cannot demote yourself)', { reason: ErrorReason.CANNOT_DEMOTE_SELF });
      await this.checkRoleFits(role, unitId, leaderId);
      const accessChanged = role !== user.role || unitId !== user.unitId || input.isActive === false;
      Object.assign(user, {
        role,
        unitId,
        leaderId,
        ...(input.displayName !== undefined && input.displayName !== null ? { displayName: input.displayName.trim() } : {}),
        ...(input.isActive !== undefined && input.isActive !== null ? { isActive: input.isActive } : {}),
      });
      await repo.save(user);
      if (accessChanged) await this.auth.revokeAllSessions(id, em);
      return repo.findOneByOrFail({ id });
    });
  }

  /** An admin sets a temporary password; the user's sessions end and they must change it at next login. */
  async resetPassword(id: number, newPassword: string): Promise<User> {
    assertPasswordPolicy('newPassword', newPassword);
    const passwordHash = await hashPassword(newPassword, this.config.bcryptRounds);
    return inTransaction(this.ds, async (em) => {
      const repo = em.getRepository(User);
      const user = await repo.findOneBy({ id });
      if (!user) throw notFound('User', id);
      await repo.update(id, { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() });
      await this.auth.revokeAllSessions(id, em);
      return repo.findOneByOrFail({ id });
    });
  }

  /**
   * The viewer changes their own password: the current one is checked (throttled like logging in), the user's other
   * sessions end (someone who knew the old password is logged out everywhere), the current session goes on.
   */
  async changeOwnPassword(viewer: StaffViewer, current: string, next: string, ip: string): Promise<User> {
    await this.auth.verifyOwnPassword(viewer, current, ip);
    assertPasswordPolicy('newPassword', next);
    if (current === next)
      throw badInput('newPassword', '新密码不能与当前密码相同 (new password equals the current one)', { reason: ErrorReason.SAME_PASSWORD });
    const passwordHash = await hashPassword(next, this.config.bcryptRounds);
    return inTransaction(this.ds, async (em) => {
      await em.getRepository(User).update(viewer.userId, { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() });
      await this.auth.revokeAllSessions(viewer.userId, em, viewer.sessionId);
      return em.getRepository(User).findOneByOrFail({ id: viewer.userId });
    });
  }

  private async checkRoleFits(role: Role, unitId: number, leaderId: number | null) {
    const unit = await this.ds.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit) throw badInput('unitId', `单位不存在 (no such unit): ${unitId}`, { reason: ErrorReason.UNIT_NOT_FOUND });
    if (!unit.isActive) throw badInput('unitId', '单位已停用 (unit disabled)', { reason: ErrorReason.UNIT_DISABLED });
    if (leaderId !== null) {
      if (role !== Role.LEADER)
        throw badInput('leaderId', '只有领导角色可以关联领导 (only LEADER users name a leader)', { reason: ErrorReason.ONLY_LEADERS_NAME_A_LEADER });
      const leader = await this.ds.getRepository(Leader).findOneBy({ id: leaderId });
      if (!leader) throw badInput('leaderId', `领导不存在 (no such leader): ${leaderId}`, { reason: ErrorReason.LEADER_NOT_FOUND });
    }
  }
}
