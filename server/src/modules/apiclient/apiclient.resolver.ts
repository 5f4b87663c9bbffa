import { Arg, Args, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, Max, Min } from 'class-validator';
import { Permission } from '../../auth/permissions';
import { IsSingleLine } from '../../common/text';
import { Connection, PageArgs, toPage } from '../../graphql/connection';
import type { RequestContext } from '../../graphql/context';
import { ApiClient, ApiScope } from './apiclient.entity';

@InputType({ description: 'Input of `createApiClient` (新增第三方接入).' })
export class CreateApiClientInput {
  @Field({ description: 'Name.' })
  @Length(2, 100)
  @IsSingleLine()
  name!: string;

  @Field({ description: 'Who runs it (unit and contact).' })
  @Length(2, 200)
  @IsSingleLine()
  owner!: string;

  @Field(() => [ApiScope], { description: 'Scopes granted.' })
  @ArrayMaxSize(3)
  scopes!: ApiScope[];

  @Field(() => [String], {
    nullable: true,
    description:
      "Browser origins allowed (CORS), e.g. https://www.changsha.gov.cn (case and a trailing slash do not matter); none: a server-only key, refused from other sites' pages.",
  })
  @IsOptional()
  @ArrayMaxSize(20)
  allowedOrigins?: string[];

  @Field(() => Int, { nullable: true, description: 'Requests per minute (default 600).' })
  @IsOptional()
  @Min(1)
  @Max(100_000)
  rateLimitPerMinute?: number;

  @Field({ nullable: true, description: "May pass end users' IP addresses in `x-end-user-ip` (server-only keys; default false)." })
  @IsOptional()
  mayPassEndUserIp?: boolean;

  @Field({
    nullable: true,
    description: 'A sandbox key (default false): submissions answered by a simulated unit, never seen by staff or counted. Cannot be changed later.',
  })
  @IsOptional()
  sandbox?: boolean;
}

@InputType({ description: 'Input of `updateApiClient`; omitted fields stay as they are. `isActive: false` stops the key at once.' })
export class UpdateApiClientInput {
  @Field(() => ID, { description: 'The client.' })
  id!: string;

  @Field({ nullable: true, description: 'Name.' })
  @IsOptional()
  @Length(2, 100)
  @IsSingleLine()
  name?: string;

  @Field({ nullable: true, description: 'Owner.' })
  @IsOptional()
  @Length(2, 200)
  @IsSingleLine()
  owner?: string;

  @Field(() => [ApiScope], { nullable: true, description: 'Scopes.' })
  @IsOptional()
  @ArrayMaxSize(3)
  scopes?: ApiScope[];

  @Field(() => [String], { nullable: true, description: 'Allowed origins.' })
  @IsOptional()
  @ArrayMaxSize(20)
  allowedOrigins?: string[];

  @Field(() => Int, { nullable: true, description: 'Requests per minute.' })
  @IsOptional()
  @Min(1)
  @Max(100_000)
  rateLimitPerMinute?: number;

  @Field({ nullable: true, description: 'Enable or disable.' })
  @IsOptional()
  isActive?: boolean;

  @Field({ nullable: true, description: "May pass end users' IP addresses in `x-end-user-ip` (server-only keys)." })
  @IsOptional()
  mayPassEndUserIp?: boolean;
}

@ObjectType({ description: 'A client with its key: the key is shown only here, once (请妥善保存).' })
export class ApiClientWithKey {
  @Field(() => ApiClient, { description: 'The client.' })
  client!: ApiClient;

  @Field({ description: 'The API key, to send as `x-api-key`; it cannot be shown again.' })
  key!: string;
}

@ObjectType({ description: 'Payload of `updateApiClient`.' })
export class ApiClientPayload {
  @Field(() => ApiClient, { description: 'The client as changed.' })
  client!: ApiClient;
}

export const ApiClientConnection = Connection(ApiClient, 'ApiClient', 'A page of API clients (第三方接入).');

@Resolver(() => ApiClient)
export class ApiClientResolver {
  @Authorized(Permission.API_CLIENT_MANAGE)
  @Query(() => ApiClientConnection, { description: 'API clients (第三方接入列表).' })
  apiClients(@Args(() => PageArgs) paging: PageArgs, @Ctx() ctx: RequestContext) {
    return ctx.services.apiClients.list(toPage(paging, ctx.config.limits));
  }

  @Authorized(Permission.API_CLIENT_MANAGE)
  @Mutation(() => ApiClientWithKey, { description: 'Register a third-party frontend and issue its key (shown once).' })
  createApiClient(@Arg('input', () => CreateApiClientInput, { description: 'The client.' }) input: CreateApiClientInput, @Ctx() ctx: RequestContext) {
    return ctx.services.apiClients.create(input);
  }

  @Authorized(Permission.API_CLIENT_MANAGE)
  @Mutation(() => ApiClientPayload, { description: 'Change scopes, origins, rate limit, or disable a client (its key stops working at once).' })
  async updateApiClient(@Arg('input', () => UpdateApiClientInput, { description: 'The changes.' }) input: UpdateApiClientInput, @Ctx() ctx: RequestContext) {
    return { client: await ctx.services.apiClients.update(input.id, input) };
  }

  @Authorized(Permission.API_CLIENT_MANAGE)
  @Mutation(() => ApiClientWithKey, { description: 'Issue a new key; the old key stops working at once (更换密钥).' })
  rotateApiClientKey(@Arg('id', () => ID, { description: 'The client.' }) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.apiClients.rotateKey(id);
  }
}
