/**
 * The application's services, built once at start-up and shared by every request: the event bus and every module's
 * services, built from the list of modules (server/src/modules/index.ts; docs/domain.md, "Adding a module").
 */
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config/config';
import { EventBus } from './events/bus';
import { buildModuleServices } from './modules';

export function createServices(ds: DataSource, config: AppConfig, redis: Redis | null, bus?: EventBus) {
  if (!bus) bus = new EventBus(redis, config.redisKeyPrefix);
  return { bus, ...buildModuleServices({ ds, config, redis, bus }) };
}

export type Services = ReturnType<typeof createServices>;
