/** The application's services, built once at start-up and shared by every request. */
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config/config';
import { LoginThrottle } from './auth/throttle';
import { AuthService } from './modules/user/auth.service';
import { UserService } from './modules/user/user.service';
import { UnitService } from './modules/unit/unit.service';
import { LeaderService } from './modules/leader/leader.service';
import { CategoryService } from './modules/category/category.service';

export function createServices(ds: DataSource, config: AppConfig, redis: Redis | null) {
  const auth = new AuthService(ds, config, new LoginThrottle(config, redis));
  return {
    auth,
    users: new UserService(ds, config, auth),
    units: new UnitService(ds),
    leaders: new LeaderService(ds),
    categories: new CategoryService(ds),
  };
}

export type Services = ReturnType<typeof createServices>;
