import { Field, ID, Int, ObjectType } from 'type-graphql';
import { registerLabelledEnum } from '../../common/labels';
import LABELS from './apiclient.labels.data.json';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn } from '../../db/columns';
import { Stamped, entryStamps } from '../../db/stamps';

/** What a third-party frontend may do with its key (domain.md §12). */
export enum ApiScope {
  PUBLIC_READ = 'public:read',
  MESSAGES_SUBMIT = 'messages:submit',
  STATS_READ = 'stats:read',
}
registerLabelledEnum(ApiScope, 'ApiScope', LABELS);

/** 第三方接入: a city's public site or app that calls the public API with a key (shown once, stored hashed). */
@ObjectType({ description: 'A third-party frontend allowed to call the public API with a key (第三方接入).' })
@Entity('api_client')
@Index('uq_api_client_prefix', ['keyPrefix'], { unique: true })
export class ApiClient extends Stamped(entryStamps('client')) {
  @Field(() => ID, { description: 'Client id.' })
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: 'Name, e.g. 长沙市人民政府门户网站 (名称).' })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Field({ description: 'Who runs it and answers for it (负责单位/联系人).' })
  @Column({ type: 'varchar', length: 200 })
  owner!: string;

  @Field({ description: 'First characters of the key, to recognise it (密钥前缀); the key itself is never shown again.' })
  @Column({ type: 'varchar', length: 16 })
  keyPrefix!: string;

  @Column({ type: 'varchar', length: 64 })
  keyHash!: string;

  @Field(() => [ApiScope], { description: 'Scopes granted.' })
  @JsonColumn()
  scopes!: ApiScope[];

  @Field(() => [String], {
    description:
      "Browser origins allowed to call with this key (CORS), e.g. https://www.changsha.gov.cn; none: a server-only key, refused from any other site's page.",
  })
  @JsonColumn()
  allowedOrigins!: string[];

  @Field({
    description:
      "May pass the end user's IP address in the `x-end-user-ip` header (a trusted server-side integration: citizen limits then count per end user, and the message keeps that address). Only for server-only keys (no allowed origins) (可代传访问者IP).",
  })
  @Column({ type: 'boolean', default: false })
  mayPassEndUserIp!: boolean;

  @Field({
    description:
      'A sandbox key (沙箱密钥): its submissions are answered within seconds by a simulated unit and never reach staff, lists, exports or statistics; its look-ups, ratings and redos reach only its own sandbox messages. Set when the client is created.',
  })
  @Column({ type: 'boolean', default: false })
  sandbox!: boolean;

  @Field(() => Int, { description: 'Requests per minute allowed for this key.' })
  @Column({ type: 'integer', default: 600 })
  rateLimitPerMinute!: number;

  @Field({ description: 'False when disabled: the key stops working at once (停用).' })
  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the key was last used (最近使用).' })
  @DateTimeColumn({ nullable: true })
  lastUsedAt!: Date | null;
}
