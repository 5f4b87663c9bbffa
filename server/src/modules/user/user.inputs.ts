import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { IsSingleLine } from '../../common/text';
import { SortDirection, Connection } from '../../graphql/connection';
import { Role, User } from './user.entity';

@InputType({ description: 'Credentials for `login` (登录).' })
export class LoginInput {
  @Field({ description: 'Login name (登录名).' })
  @Length(1, 64)
  username!: string;

  @Field({ description: 'Password (密码).' })
  @Length(1, 200)
  password!: string;
}

@InputType({ description: 'Input of `renewToken` (续期).' })
export class RenewTokenInput {
  @Field({ description: 'The refresh token from `login` or the last renewal.' })
  @Length(10, 300)
  refreshToken!: string;
}

@ObjectType({ description: 'Tokens returned by `login` and `renewToken`.' })
export class AuthPayload {
  @Field({ description: 'Short-lived access token: send as `Authorization: Bearer <token>`.' })
  accessToken!: string;

  @Field({ description: 'When the access token expires.' })
  accessTokenExpiresAt!: Date;

  @Field({ description: 'Refresh token for `renewToken`; each use replaces it.' })
  refreshToken!: string;

  @Field({ description: 'When the refresh token expires.' })
  refreshTokenExpiresAt!: Date;

  @Field(() => User, { description: 'The logged-in user.' })
  user!: User;
}

@ObjectType({ description: 'Result of a mutation that only reports success.' })
export class OkPayload {
  @Field({ description: 'True when done.' })
  ok!: boolean;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

@InputType({ description: 'Input of `createUser` (新建用户).' })
export class CreateUserInput {
  @Field({ description: 'Login name: 3-64 lower-case letters, digits, dot, dash or underscore.' })
  @Matches(USERNAME, { message: 'username must be 3-64 lower-case letters, digits, ".", "-" or "_"' })
  username!: string;

  @Field({ description: 'Name shown to colleagues (姓名).' })
  @Length(1, 50)
  @IsSingleLine()
  displayName!: string;

  @Field(() => Role, { description: 'Role (角色).' })
  role!: Role;

  @Field(() => ID, { description: 'Unit of the user (所属单位).' })
  unitId!: string;

  @Field(() => ID, { nullable: true, description: 'For LEADER users: the leader they are.' })
  @IsOptional()
  leaderId?: string;

  @Field({ description: 'Initial password; the user must change it at first login.' })
  @Length(8, 72)
  password!: string;
}

@InputType({ description: 'Input of `updateUser`; omitted fields stay as they are.' })
export class UpdateUserInput {
  @Field(() => ID, { description: 'The user to change.' })
  id!: string;

  @Field({ nullable: true, description: 'Name shown to colleagues (姓名).' })
  @IsOptional()
  @Length(1, 50)
  @IsSingleLine()
  displayName?: string;

  @Field(() => Role, { nullable: true, description: "New role; ends the user's sessions." })
  @IsOptional()
  role?: Role;

  @Field(() => ID, { nullable: true, description: "New unit; ends the user's sessions." })
  @IsOptional()
  unitId?: string;

  @Field(() => ID, { nullable: true, description: 'For LEADER users: the leader they are.' })
  @IsOptional()
  leaderId?: string;

  @Field({ nullable: true, description: 'Enable or disable the account; disabling ends its sessions.' })
  @IsOptional()
  isActive?: boolean;
}

@InputType({ description: 'Input of `resetUserPassword` (重置密码).' })
export class ResetPasswordInput {
  @Field(() => ID, { description: 'The user.' })
  id!: string;

  @Field({ description: 'Temporary password; the user must change it at next login.' })
  @Length(8, 72)
  newPassword!: string;
}

@InputType({ description: 'Input of `changeMyPassword` (修改密码).' })
export class ChangePasswordInput {
  @Field({ description: 'Current password.' })
  @Length(1, 200)
  currentPassword!: string;

  @Field({ description: 'New password: at least 8 characters with a letter and a digit.' })
  @Length(8, 72)
  newPassword!: string;
}

@ObjectType({ description: 'Payload of user mutations.' })
export class UserPayload {
  @Field(() => User, { description: 'The user as changed.' })
  user!: User;
}

export enum UserSortField {
  USERNAME = 'USERNAME',
  DISPLAY_NAME = 'DISPLAY_NAME',
  CREATED_AT = 'CREATED_AT',
  LAST_LOGIN_AT = 'LAST_LOGIN_AT',
}
registerEnumType(UserSortField, {
  name: 'UserSortField',
  description: 'Sort keys for users.',
  valuesConfig: {
    USERNAME: { description: 'By login name.' },
    DISPLAY_NAME: { description: 'By name.' },
    CREATED_AT: { description: 'By creation time.' },
    LAST_LOGIN_AT: { description: 'By last login.' },
  },
});

@InputType({ description: 'Filter for `users`.' })
export class UserFilter {
  @Field(() => [Role], { nullable: true, description: 'Only these roles.' })
  @IsOptional()
  roles?: Role[];

  @Field(() => ID, { nullable: true, description: 'Only users of this unit and its subtree.' })
  @IsOptional()
  unitId?: string;

  @Field({ nullable: true, description: 'Only enabled (true) or disabled (false) accounts.' })
  @IsOptional()
  isActive?: boolean;

  @Field({ nullable: true, description: 'Text found in the login name or name.' })
  @IsOptional()
  @MaxLength(50)
  search?: string;
}

@InputType({ description: 'Sort order for `users`.' })
export class UserSort {
  @Field(() => UserSortField, { description: 'Sort key.' })
  field!: UserSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Direction.' })
  direction!: SortDirection;
}

export const UserConnection = Connection(User, 'User', 'A page of users (用户列表).');
