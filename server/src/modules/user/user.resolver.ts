import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Capability, capabilitiesOf } from '../../auth/capabilities';
import { Permission } from '../../auth/permissions';
import { parseId } from '../../common/text';
import { PageArgs, toPage } from '../../graphql/connection';
import { RequestContext, requireStaff } from '../../graphql/context';
import { Unit } from '../unit/unit.entity';
import { Leader } from '../leader/leader.entity';
import {
  AuthPayload,
  ChangePasswordInput,
  CreateUserInput,
  LoginInput,
  OkPayload,
  RenewTokenInput,
  ResetPasswordInput,
  UpdateUserInput,
  UserConnection,
  UserFilter,
  UserPayload,
  UserSort,
} from './user.inputs';
import { User } from './user.entity';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Log in with username and password (登录). Throttled per account and IP.' })
  login(@Arg('input', () => LoginInput, { description: 'Credentials.' }) input: LoginInput, @Ctx() ctx: RequestContext) {
    return ctx.services.auth.login(input.username, input.password, ctx.ip);
  }

  @Mutation(() => AuthPayload, { description: 'Exchange a refresh token for new tokens (续期); the old refresh token stops working.' })
  renewToken(@Arg('input', () => RenewTokenInput, { description: 'The refresh token.' }) input: RenewTokenInput, @Ctx() ctx: RequestContext) {
    return ctx.services.auth.renew(input.refreshToken, ctx.ip);
  }

  @Authorized()
  @Mutation(() => OkPayload, { description: 'End the current session (退出登录): its access and refresh tokens stop working at once.' })
  async logout(@Ctx() ctx: RequestContext) {
    await ctx.services.auth.logout(requireStaff(ctx).sessionId);
    return { ok: true };
  }

  @Authorized()
  @Query(() => User, { description: 'The logged-in user (当前用户).' })
  me(@Ctx() ctx: RequestContext) {
    return ctx.services.users.get(requireStaff(ctx).userId);
  }

  @Authorized()
  @Mutation(() => UserPayload, {
    description: 'Change your own password (修改密码): your other sessions end, this one goes on. Wrong current passwords are throttled like logins.',
  })
  async changeMyPassword(
    @Arg('input', () => ChangePasswordInput, { description: 'Current and new password.' }) input: ChangePasswordInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { user: await ctx.services.users.changeOwnPassword(requireStaff(ctx), input.currentPassword, input.newPassword, ctx.ip) };
  }
}

@Resolver(() => User)
export class UserResolver {
  @Authorized(Permission.USER_READ)
  @Query(() => UserConnection, { description: "Staff users within the viewer's reach (用户列表)." })
  users(
    @Args(() => PageArgs) paging: PageArgs,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Filter.' }) filter: UserFilter | undefined,
    @Arg('sort', () => UserSort, { nullable: true, description: 'Sort order; default by login name.' }) sort: UserSort | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.users.list(requireStaff(ctx), filter ?? {}, sort, toPage(paging, ctx.config.limits));
  }

  @Authorized(Permission.USER_READ)
  @Query(() => User, { description: 'One user by id.' })
  user(@Arg('id', () => ID, { description: 'User id.' }) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.users.getInReach(requireStaff(ctx), parseId('id', id));
  }

  @Authorized(Permission.USER_MANAGE)
  @Mutation(() => UserPayload, { description: 'Create a staff user (新建用户); they must change the password at first login.' })
  async createUser(@Arg('input', () => CreateUserInput, { description: 'The new user.' }) input: CreateUserInput, @Ctx() ctx: RequestContext) {
    return { user: await ctx.services.users.create(input) };
  }

  @Authorized(Permission.USER_MANAGE)
  @Mutation(() => UserPayload, { description: "Change a user's name, role, unit or enabled state (修改用户)." })
  async updateUser(@Arg('input', () => UpdateUserInput, { description: 'The changes.' }) input: UpdateUserInput, @Ctx() ctx: RequestContext) {
    return { user: await ctx.services.users.update(input, requireStaff(ctx)) };
  }

  @Authorized(Permission.USER_MANAGE)
  @Mutation(() => UserPayload, { description: "Set a temporary password and end the user's sessions (重置密码)." })
  async resetUserPassword(
    @Arg('input', () => ResetPasswordInput, { description: 'User and temporary password.' }) input: ResetPasswordInput,
    @Ctx() ctx: RequestContext,
  ) {
    return { user: await ctx.services.users.resetPassword(parseId('id', input.id), input.newPassword) };
  }

  @FieldResolver(() => Unit, { description: "The user's unit (所属单位)." })
  unit(@Root() user: User, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(user.unitId);
  }

  @FieldResolver(() => Leader, { nullable: true, description: 'For LEADER users: the leader they are.' })
  leader(@Root() user: User, @Ctx() ctx: RequestContext) {
    return user.leaderId ? ctx.loaders.leader.load(user.leaderId) : null;
  }

  @FieldResolver(() => [Capability], {
    description:
      "What the user may do in the console (权限项), from the user's role: the menus, lists and forms it shows. The server still checks every request.",
  })
  capabilities(@Root() user: User): Capability[] {
    return capabilitiesOf(user.role);
  }
}
