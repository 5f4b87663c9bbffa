import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, EnumColumn } from '../../db/columns';
import { Stamped, entryStamps } from '../../db/stamps';
import { Role, UNIT_SCOPED_ROLES } from '../../auth/roles';

// Roles live with authorisation (auth/roles.ts); re-exported here for the modules that read them with the user.
export { Role, UNIT_SCOPED_ROLES };

/** A staff account. Citizens are not users: they use serial number + query code. */
@ObjectType({ description: 'A staff user (用户). Citizens are not users.' })
@Entity('app_user')
@Index('ix_user_unit', ['unitId'])
export class User extends Stamped(entryStamps('account')) {
  @Field(() => ID, { description: 'User id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: 'Login name, unique, case-insensitive (登录名).' })
  @Index('uq_user_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Field({ description: 'Name shown to colleagues (姓名).' })
  @Column({ type: 'varchar', length: 50 })
  displayName!: string;

  @Column({ type: 'varchar', length: 100, select: false })
  passwordHash!: string;

  @Field(() => Role, { description: 'Role (角色).' })
  @EnumColumn(24)
  role!: Role;

  @Field(() => ID, { description: 'Unit the user belongs to; unit roles act on its subtree (所属单位).' })
  @Column({ type: 'int' })
  unitId!: number;

  /** The leader record this user acts as, for LEADER users (messages addressed to them). */
  @Field(() => ID, { nullable: true, description: 'For LEADER users: the leader they are (对应领导).' })
  @Column({ type: 'int', nullable: true })
  leaderId!: number | null;

  @Field({ description: 'False when the account is disabled; disabled users cannot log in (启用).' })
  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @Field({ description: 'The user must choose a new password at next login (需修改密码).' })
  @Column({ type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @Field(() => Date, { nullable: true, description: 'Last successful login.' })
  @DateTimeColumn({ nullable: true })
  lastLoginAt!: Date | null;

  @DateTimeColumn()
  passwordChangedAt!: Date;
}

/**
 * A login session: the refresh token (stored hashed) and its revocation. Access tokens name their
 * session, so logging out or disabling a user ends them at once.
 */
@Entity('user_session')
@Index('ix_session_user', ['userId'])
export class UserSession {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'varchar', length: 64 })
  refreshTokenHash!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @DateTimeColumn()
  expiresAt!: Date;

  @DateTimeColumn({ nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;
}
