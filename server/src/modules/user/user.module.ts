/** Staff accounts, sessions and login (docs/domain.md, "Adding a module"). */
import { byIdLoader } from '../../graphql/loaders';
import { LoginThrottle } from '../../auth/throttle';
import { defineModule, type ModuleKernel } from '../module';
import { AuthService } from './auth.service';
import { User, UserSession } from './user.entity';
import { AuthResolver, UserResolver } from './user.resolver';
import { UserService } from './user.service';

export const userModule = defineModule({
  name: 'user',
  entities: [User, UserSession],
  resolvers: [AuthResolver, UserResolver],
  loaders: (ds) => ({ user: byIdLoader(ds, User) }),
  services: ({ ds, config, redis }: ModuleKernel) => {
    const auth = new AuthService(ds, config, new LoginThrottle(config, redis));
    return { auth, users: new UserService(ds, config, auth) };
  },
});
